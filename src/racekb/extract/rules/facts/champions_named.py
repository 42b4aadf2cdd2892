"""won_title from a roll of champions: "the champion in the Superbike class is X", "other class
champions declared this week were A (Sidecars); B and C (Supersport 150)".

The names after the verb hold the title; the roll names no series, so the title is the one the
phrase names, else the release's one series (as for the champion epithet). A class champion
holds the series' title of that class, as the keys count it. "Former", "vice" or "rookie"
champions hold no title of this season; a singular "champion ... is" names one holder only."""

from __future__ import annotations

import re

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact, as_mention
from racekb.extract.state import Mention

ROLL = re.compile(r"\b(?P<who>champions?)\b(?:\s+(?:in|of|for)\s+(?:the\s+|each\s+)?(?:[\w-]+\s+){0,4}?"
                  r"(?:class|classes|category|categories|division|divisions|championships?|series))?"
                  r"(?:\s+(?:declared|crowned|named|confirmed|decided)(?:\s+[\w-]+){0,3}?)?\s+(?:is|are|was|were)\s+",
                  re.IGNORECASE)
NOT_THIS_TITLE = re.compile(r"\b(?:former|previous|past|vice|rookie|junior|future|potential|would-be|possible|"
                            r"\w+-time|first|only|youngest|oldest)[\s-]+(?:\w+\s+){0,2}$", re.IGNORECASE)
# "Canterbury's Alastair X": a home town's possessive before the name
PLACE_BEFORE = re.compile(r"^(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?[’']s\s+)?$")
LIST_JOIN = re.compile(r"^\s*(?:\([^()]{0,60}\))?\s*(?:[;,]\s*(?:and\s+)?|and\s+)"
                       r"(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?[’']s\s+)?$")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def find(ctx: Sentence, series_of: object) -> None:
    """`series_of(state)`: the release's one series, or None (champion_epithet.the_series)."""
    text, s = ctx.state.text, ctx.s
    for m in ROLL.finditer(ctx.text):
        at = s + m.end()
        if NOT_THIS_TITLE.search(text[max(s, s + m.start() - 30):s + m.start()]):
            continue
        first = next((d for d in ctx.drivers if at <= d.start <= at + 30 and d.end > d.start
                      and PLACE_BEFORE.match(text[at:d.start])), None)
        if first is None or not ctx.may_hold(first, first.start):
            continue
        holders = [first]
        if m.group("who").casefold() == "champions":
            later = [d for d in ctx.drivers if d.start > first.end and d.end > d.start]
            for d in later:
                if not LIST_JOIN.match(text[holders[-1].end:d.start]):
                    break
                holders.append(d)
        title = _title(ctx, s + m.start(), at, series_of)
        if title is None:
            continue
        written = YEAR.search(m.group(0))
        year = int(written.group(0)) if written else ctx.year(at)
        for d in holders:
            add_fact(ctx.state, d, "won_title", title, year, ctx.text, "title-win: roll of champions")


def _title(ctx: Sentence, lo: int, hi: int, series_of: object) -> Mention | None:
    named = [c for c in ctx.champs if lo <= c.start < hi]
    if named:
        return named[0]
    series = series_of(ctx.state)  # type: ignore[operator]
    return as_mention(series) if series is not None else None
