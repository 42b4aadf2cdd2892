"""Facts between the entities of a release, each kept with the sentence that states it.

One module per predicate (won_race, won_title, pole, drives, drives_for, fields, competes_in,
replaces), each reading one `Sentence` frame (context.py) with shared helpers: who holds a cue
(subjects.py), who is named together (groups.py), which year (when.py), what result a win cue
states (result.py), quotes and their speakers (quotes.py). Across sentences, only clear links:
a sentence opening "He" or "The Dutchman" is about the last driver named; a car's result
reaches the drivers and team the release gives it (lineup.py); a win with no race named is the
release's race (release.py).

`find_facts(state)` is the rule the ruler calls."""

from __future__ import annotations

import re

from racekb.extract.rules.facts import (
    champion_epithet,
    competes_in,
    drives,
    drives_for,
    fields,
    lineup,
    mates_series,
    pole,
    quotes,
    release,
    replaces,
    series_of_release,
    standings,
    team_season,
    teammates,
    won_race,
    won_title,
)
from racekb.extract.rules.facts.context import Release, Sentence
from racekb.extract.rules.facts.groups import group
from racekb.extract.rules.facts.subjects import (
    DRIVING_OPENING,
    epithet,
    in_object_position,
)
from racekb.extract.state import Mention, State

# in this order: a title found in a sentence keeps competes_in off the same series there
PREDICATES = (won_title.find, champion_epithet.find, won_race.find, pole.find, drives.find, drives_for.find, fields.find,
              lineup.entry_line, replaces.find, competes_in.find, team_season.find, standings.find)
LONGEST_SENTENCE = 1500
NAME_OPENING = re.compile(r"[A-Z][\w’'-]+\s+(?:is|was|has|had|will|joined|joins|won|finished|took|started)\b")


def find_facts(state: State) -> None:
    fields.team_in_car_name(state)
    rel = Release(quotes=quotes.quoted_spans(state.text))
    rel.speakers = quotes.speakers(state, [m for m in state.mentions if m.type == "driver"])
    previous: Mention | None = None
    pair: list[Mention] = []  # the drivers the last sentence opened on together ("A and B ...")
    sentences = merged_sentences(state)  # facts add no mentions: the same pieces serve both passes
    frames: list[Sentence] = []
    last_end = 0
    for s, e in sentences:
        if previous is not None and "\n\n" in state.text[last_end:s] and NAME_OPENING.match(state.text, s) is not None \
                and not state.in_span(s, s + 40):
            # a paragraph that opens on a name the rules did not recognise ("Loh is ...") is about
            # someone else: its "He" is not the last paragraph's driver
            previous = None
            pair = []
        last_end = e
        ctx = _frame(state, rel, s, e, previous, pair)
        if ctx is not None:
            frames.append(ctx)
            if ctx.drivers or ctx.teams or ctx.cars:  # else no one here to hold any fact
                for find in PREDICATES:
                    find(ctx)
            elif ctx.champs:  # "..., he raced in X": a career sentence's pronoun (pronoun_holder.py)
                competes_in.find(ctx)
        drivers = [m for m in (ctx.ms if ctx is not None else ()) if m.type == "driver" and m.end > m.start
                   and id(m) not in rel.speakers]
        if drivers:
            previous = drivers[0]
            pair = _opening_group(state, ctx) if ctx is not None else []
    release.race_of_release(state, sentences, lambda s, e, ms: Sentence(state, rel, s, e, ms))
    replaces.seat_of_replaced(state)
    release.infer_release_facts(state)
    lineup.spread_car_results(state)
    series_of_release.find(state, frames)
    team_season.spread(state)
    teammates.find(state, frames)
    mates_series.find(state, frames)


THEY_OPENING = re.compile(r"\W*They\s+(?:will|have|had|are|were|also|both|then|now|each|[a-z]+ed|[a-z]+s)\b")


def _opening_group(state: State, ctx: Sentence) -> list[Mention]:
    """The drivers a sentence opens on together ("A and B have been chosen ..."): whom its next
    sentence's "They" means. Empty when the sentence opens on anything else."""
    if not ctx.ms or ctx.ms[0].type != "driver" or ctx.ms[0].end <= ctx.ms[0].start \
            or state.text[ctx.s:ctx.ms[0].start].strip():
        return []
    crew = group(state.text, ctx.ms, ctx.ms[0], ctx.e)
    return crew if len(crew) > 1 and crew[0] is ctx.ms[0] else []


def _frame(state: State, rel: Release, s: int, e: int, previous: Mention | None,
           pair: list[Mention] | None = None) -> Sentence | None:
    """The sentence's frame, with the driver the last sentence was about standing at its start when
    it opens "He ..." or "The Dutchman ..." (the drivers it opened on together, when it opens
    "They ..."); None when it names nothing (so states no fact)."""
    ms = state.in_span(s, e)
    if pair and THEY_OPENING.match(state.text, s):
        return Sentence(state, rel, s, e, [Mention(s, s, "", d.type, d.name, "epithet") for d in pair] + ms)
    if not ms and previous is None:
        return None
    sent = state.text[s:e]
    first_driver = next((m for m in ms if m.type == "driver"), None)
    # whether the first driver is an object is asked only of a sentence opening "Driving ..."
    if previous is not None and (epithet(sent, first_driver is not None) or (
            DRIVING_OPENING.match(sent) and first_driver is not None and in_object_position(state.text, first_driver))):
        ms = [Mention(s, s, "", previous.type, previous.name, "epithet")] + ms
    elif not ms:
        return None
    return Sentence(state, rel, s, e, ms)


def merged_sentences(state: State) -> list[tuple[int, int]]:
    """Sentences, joined where a mention runs across a break ("No. 60 Ford. Drive One. Mustang")."""
    inside = _starts_inside(state)
    out: list[tuple[int, int]] = []
    for s, e in state.sentences:
        if out and s in inside:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return [piece for span in out for piece in _pieces(state, *span)]


def _starts_inside(state: State) -> set[int]:
    """The sentence starts that stand strictly inside a mention (what `s in
    state.claimed_positions()` tells, without listing every offset of every mention)."""
    import bisect

    starts = sorted(s for s, _ in state.sentences)
    out: set[int] = set()
    for m in state.mentions:
        i = bisect.bisect_right(starts, m.start)
        while i < len(starts) and starts[i] < m.end:
            out.add(starts[i])
            i += 1
    return out


def _pieces(state: State, s: int, e: int) -> list[tuple[int, int]]:
    """A "sentence" longer than any real one (a list, a table pasted as text) is read in pieces cut
    at spaces outside mentions, so one run-on stretch cannot make the facts rule quadratic."""
    out = []
    while e - s > LONGEST_SENTENCE:
        cut = state.text.rfind(" ", s + LONGEST_SENTENCE // 2, s + LONGEST_SENTENCE)
        while cut > s and state.claimed(cut, cut + 1):
            cut = state.text.rfind(" ", s, cut)
        if cut <= s:
            break
        out.append((s, cut))
        s = cut + 1
    out.append((s, e))
    return out
