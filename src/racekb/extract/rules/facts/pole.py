"""pole: a driver (or car) started a race from pole position.

"X took pole for the Y 500", "pole-sitter X"; the race is the one the sentence names, else the
headline's, else the last one named before. "Started from pole and finished third" is still a
pole; "second on the grid" or "missed pole" is not. "Qualified fastest" is pole (not "fastest of the
rookies"); in a meeting report that names no race the pole is the venue's (venue_wins)."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind
from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.rules.facts.subjects import subject
from racekb.extract.rules.facts.vocab import phrase_pattern
from racekb.extract.state import Mention, State

POLE = CaseBlind(r"(?:\b|hyper)pole(?: position| award| winner|-sitter| sitter)?\b|\bpolesitter\b|"
                 r"\bqualified\s+(?:\w+\s+)?fastest\b(?!\s+(?:of|among|amongst|in\s+(?:the\s+|his\s+|her\s+)?(?:class|category|division)))|\bfastest\s+(?:in\s+)?qualifier\b|\btop\s+qualifier\b",
                 needs=("pole", "fastest", "qualifier"))
NOT_POLE = CaseBlind(r"\b(?:missed|miss|lost|denied|narrowly|second|outside|front row|behind|bid for|chance)\b",
                     needs=("miss", "lost", "denied", "narrowly", "second", "outside", "front row", "behind",
                            "bid for", "chance"))


# after the pole cue, a race named in capitals ("for the second Semi Final", "in Heat 2")
OTHER_RACE_AFTER = re.compile(r"\s+(?:position\s+)?(?:for|in)\s+(?:the\s+)?(?:(?:first|second|third|fourth|opening|final|"
                              r"[a-z]+)\s+)?[A-Z][\w-]*")


def headline_race(state: State) -> list[Mention]:
    if not state.headline_race:
        return []
    named = [m for m in state.mentions + state.nested if m.type == "event" and m.name == state.headline_race]
    return named[:1]


def find(ctx: Sentence) -> None:
    sent = ctx.text
    pole = POLE.search(sent)
    if not pole:
        return
    state, text, s = ctx.state, ctx.state.text, ctx.s
    pole_pos = s + pole.start()
    races = [ev for ev in ctx.events if not _venue(ev.name)]  # "pole at the X Circuit": where, not which race
    if not races and OTHER_RACE_AFTER.match(text, s + pole.end()):
        return  # "pole for the second Semi Final": a race the rules do not know, not the headline's
    targets = races or headline_race(state) or \
        [m for m in state.mentions if m.type == "event" and m.end <= s][-1:]
    _hold(ctx, pole_pos, targets)


def at_venue(ctx: Sentence, venue: Mention) -> None:
    """In a report of one meeting at one circuit that names no race (venue_wins), a pole in a
    sentence naming no circuit is the pole of that meeting, at its venue."""
    pole = POLE.search(ctx.text)
    if pole is not None and not OTHER_RACE_AFTER.match(ctx.state.text, ctx.s + pole.end()):
        _hold(ctx, ctx.s + pole.start(), [venue])


def _hold(ctx: Sentence, pole_pos: int, targets: list[Mention]) -> None:
    state, text, s, sent = ctx.state, ctx.state.text, ctx.s, ctx.text
    for ev in targets:
        subj = subject(ctx.ms, max(ev.start, pole_pos) if ev.start < s else ev.start, ("driver",), text)
        if subj is None:  # a car holds the pole only as the sentence's own subject ("The No. 7 took pole")
            car = subject(ctx.ms, ev.start, ("car",), text)
            subj = car if car is not None and len(text[s:car.start].split()) <= 2 else None
        if subj is None or not ctx.may_hold(subj, pole_pos) or ctx.objectish(subj):
            continue
        lo = min(subj.end if subj.end > subj.start else s, pole_pos)
        if NOT_POLE.search(text[lo:pole_pos + 20]):
            continue
        add_fact(state, subj, "pole", ev, ctx.year(pole_pos), sent, "pole")


def _venue(name: str) -> bool:
    """A name ending in a circuit word is the venue, not a race held there."""
    last = phrase_pattern("venue_words", after=r"$").search(name)
    return last is not None
