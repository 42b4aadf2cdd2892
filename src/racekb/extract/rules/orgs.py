"""Suppliers and companies that are not teams: "X Engines", "X Pistons", "CEO of X", "X CEO".
Claiming them early keeps "Roush Yates" from being read as a person."""

from __future__ import annotations

from functools import lru_cache

from racekb.extract.cues import Keyed, capital_words
from racekb.extract.lexicon import ordered_phrases, word_list
from racekb.extract.state import State
from racekb.extract.tokens import YEAR, capitalised_runs

ROLE_OF = Keyed(r"\b(?:CEO|President|president|Chairman|chairman|founder|owner|CEO and [a-z ]+) of "
                r"((?:[A-Z][\w\-]*\s?){1,4})",
                needs=("CEO", "President", "president", "Chairman", "chairman", "founder", "owner"))
COMPANY_WORDS = capital_words(r"[\w\-]*", r"\s", 1, 3, not_after=r"[\w’']")  # "Roush Yates "
ROLE_AFTER = Keyed(rf"({COMPANY_WORDS})(?:CEO|President|Chairman|boss)\b",
                   needs=("CEO", "President", "Chairman", "boss"))




def _add_org(state: State, start: int, end: int, rule: str) -> None:
    name = state.text[start:end].strip().rstrip("’'")
    end = start + len(name)
    if name and name.split()[0].casefold() not in word_list("stop_starts"):
        state.add(start, end, "manufacturer", name, rule)


@lru_cache(maxsize=None)
def _suffixes_by_first() -> dict[str, list[list[str]]]:
    """The org suffixes as word lists, by their first word, longest first: a word of a run is
    looked up once instead of being compared with every suffix."""
    out: dict[str, list[list[str]]] = {}
    for phrase in ordered_phrases("org_suffixes"):
        words = phrase.split()
        out.setdefault(words[0], []).append(words)
    return out


def find_organisations(state: State) -> None:
    text = state.text
    by_first = _suffixes_by_first()
    for run in capitalised_runs(state.tokens, text, possessive_ends=(), words=state.run_words()):
        words = [t.text for t in run]
        for i in range(1, len(run)):
            for suffix in by_first.get(words[i], ()):
                if words[i:i + len(suffix)] == suffix:
                    head = run[:i]
                    while head and (head[0].text.casefold() in word_list("stop_starts") or YEAR.match(head[0].text)
                                    or head[0].text.isdigit()):  # "No. 9 PNC Bank": the number is the car's
                        head = head[1:]
                    if head:
                        _add_org(state, head[0].start, run[i + len(suffix) - 1].end, "org-suffix")
    for pattern in (ROLE_OF, ROLE_AFTER):
        for m in pattern.finditer(text):
            _add_org(state, m.start(1), m.end(1), "org-role")
