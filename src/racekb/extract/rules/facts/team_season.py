"""A team preparing for a season of a series races in it: "X has signed Y for the 2020 Z Series",
"X announced a new partnership with W for the 2026 Z Series season".

The team must open the sentence (it is the one doing the preparing, not a sponsor it is named
beside) and the series must follow "for the" with the season's year among at most three words
("for the highly anticipated 2024 Z"): a year says the season is a real one, not a programme's
aim. Then the drivers the release gives that team in that season race there too (`spread`)."""

from __future__ import annotations

import re

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact, add_inferred
from racekb.extract.state import State

FOR_SEASON = re.compile(r"\bfor\s+the\s+(?:[\w-]+\s+){0,3}?((?:19|20)\d\d)\s+(?:[\w-]+\s+){0,2}$")
OPENING_WORDS = 12  # a dateline may stand before the team: "CITY, State, March 25, 2024 -- X ..."


def find(ctx: Sentence) -> None:
    if not ctx.teams or not ctx.champs:
        return
    text = ctx.state.text
    first = ctx.ms[0]
    if first.type != "team" or first.end <= first.start or len(text[ctx.s:first.start].split()) > OPENING_WORDS:
        return
    if ctx.quote_of(first.start) >= 0:
        return
    for c in ctx.champs:
        if c.start < first.end or ctx.quote_of(c.start) >= 0:
            continue
        m = FOR_SEASON.search(text, max(first.end, c.start - 60), c.start)
        if m is None or m.end() != c.start:
            continue
        if any(d.type == "driver" and first.end <= d.start < c.start for d in ctx.ms):
            continue  # "X signed Y for the 2020 Z": the driver's season, the team's by `spread`
        add_fact(ctx.state, first, "competes_in", c, int(m.group(1)), ctx.text, "team-season")
        break


def spread(state: State) -> None:
    """A team racing a series in a season brings its drivers of that season in with it, when the
    release gives the team that one series that season (a team running two series may field a
    driver in either)."""
    seasons: dict[tuple[tuple[str, str], int | None], set[tuple[str, str]]] = {}
    for f in state.facts:
        if f.predicate == "competes_in" and f.subject[0] == "team" and f.year is not None:
            seasons.setdefault((f.subject, f.year), set()).add(f.object)
    if not seasons:
        return
    for f in list(state.facts):
        if f.predicate != "drives_for" or f.object[0] != "team":
            continue
        series = seasons.get((f.object, f.year))
        if series is None or len(series) != 1:
            continue
        add_inferred(state, f.subject, "competes_in", next(iter(series)), f.year, f.evidence, "team-season: its driver")
