"""Recording a fact once: the same (subject, predicate, object, year) from two rules is one fact."""

from __future__ import annotations

import re

from racekb.extract.state import LocalFact, Mention, State

# "raced for the X team throughout the 1970s": a sentence dated by a decade alone gives no year, and
# the release's own year (what a fact of a sentence without one gets) would be wrong
DECADE = re.compile(r"\b(?:19|20)\d0[’']?s\b")


def add_fact(state: State, subj: Mention, pred: str, obj: Mention, year: int | None, sent: str, rule: str) -> None:
    if subj.name == obj.name and subj.type == obj.type:
        return
    if year == state.date.year and "0s" in sent and DECADE.search(sent) and str(year) not in sent:
        return
    key = ((subj.type, subj.name), pred, (obj.type, obj.name), year)
    if key in state._fact_keys:
        return
    state._fact_keys.add(key)
    state._fact_pairs.add(key[:3])
    state.facts.append(LocalFact((subj.type, subj.name), pred, (obj.type, obj.name), year, sent.strip(), rule))


def add_inferred(state: State, subj: tuple[str, str], pred: str, obj: tuple[str, str], year: int | None,
                 evidence: str, rule: str) -> None:
    """A fact inferred across sentences: added only when no fact joins the pair yet."""
    if (subj, pred, obj) in state._fact_pairs or subj == obj:
        return
    state._fact_pairs.add((subj, pred, obj))
    state._fact_keys.add((subj, pred, obj, year))
    state.facts.append(LocalFact(subj, pred, obj, year, evidence, rule))


def add_inferred_season(state: State, subj: tuple[str, str], pred: str, obj: tuple[str, str], year: int,
                        evidence: str, rule: str) -> None:
    """An inferred fact of one season: added unless that very fact is known. A driver racing a series
    this season may hold a fact of another season with it too ("raced there in 2019" and the result
    this weekend), unlike a once-only fact whose second year would contradict the first."""
    if (subj, pred, obj, year) in state._fact_keys or subj == obj:
        return
    state._fact_pairs.add((subj, pred, obj))
    state._fact_keys.add((subj, pred, obj, year))
    state.facts.append(LocalFact(subj, pred, obj, year, evidence, rule))


def as_mention(key: tuple[str, str]) -> Mention:
    """A stand-in mention for an entity known by (type, name) only."""
    return Mention(0, 0, "", key[0], key[1], "")
