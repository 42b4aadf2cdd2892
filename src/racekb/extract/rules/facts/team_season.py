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
OPENING_WORDS = 12
TEAMS_TITLE = re.compile(r"\b(?:constructors?|manufacturers?|makes?|teams?)['’]?\s+(?:championship|title|cup|standings)\b",
                         re.IGNORECASE)  # a dateline may stand before the team: "CITY, State, March 25, 2024 -- X ..."


# "to its 2022 squad in the new X": the team's line-up of that season in the series
SQUAD = re.compile(r"\b(?:its|their)\s+((?:19|20)\d\d)\s+(?:squad|line-?up|roster|driver line-?up|team)\s+"
                   r"(?:in|for)\s+the\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
# "a partnership with X for the upcoming Y race": X enters Y's race (or season)
DRIVER_FOR = re.compile(r"\s+for\s+the\s+(?:upcoming\s+|((?:19|20)\d\d)\s+)$")
DRIVER_FOR_AFTER = re.compile(r"\s+(?:race|season|round|event|campaign)\b")


def find(ctx: Sentence) -> None:
    if ctx.champs and ctx.drivers:
        _driver_for(ctx)
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
        squad = SQUAD.search(text, max(first.end, c.start - 60), c.start)
        if squad is not None:  # "X adds Y to its 2022 squad in the Z": both race there
            year = int(squad.group(1))
            add_fact(ctx.state, first, "competes_in", c, year, ctx.text, "team-season: squad")
            for d in ctx.drivers:
                if first.end <= d.start < squad.start() and d.end > d.start and ctx.may_hold(d, c.start, role_free=True):
                    add_fact(ctx.state, d, "competes_in", c, year, ctx.text, "team-season: squad")
            break
        m = FOR_SEASON.search(text, max(first.end, c.start - 60), c.start)
        if m is None or m.end() != c.start:
            continue
        if any(d.type == "driver" and first.end <= d.start < c.start for d in ctx.ms):
            continue  # "X signed Y for the 2020 Z": the driver's season, the team's by `spread`
        add_fact(ctx.state, first, "competes_in", c, int(m.group(1)), ctx.text, "team-season")
        break


def _driver_for(ctx: Sentence) -> None:
    """"its partnership with X for the upcoming Y race": the driver a deal is made with for a race or
    season of a series enters it; the one named straight before "for the", nobody else."""
    text = ctx.state.text
    for c in ctx.champs:
        if ctx.quote_of(c.start) >= 0 or DRIVER_FOR_AFTER.match(text, c.end) is None:
            continue
        for d in ctx.drivers:
            if d.end <= d.start or not 0 < c.start - d.end < 30:
                continue
            m = DRIVER_FOR.fullmatch(text, d.end, c.start)
            if m is None or not ctx.may_hold(d, c.start, role_free=True):
                continue
            year = int(m.group(1)) if m.group(1) else ctx.year(c.start)
            add_fact(ctx.state, d, "competes_in", c, year, ctx.text, "driver-for-series")


def spread(state: State) -> None:
    """A team preparing for a season of a series (as `find` reads it) brings its drivers of that
    season in with it, when the release gives the team that one series that season (a team running
    two series may field a driver in either). A teams' or makers' standings are no driver's."""
    seasons: dict[tuple[tuple[str, str], int | None], set[tuple[str, str]]] = {}
    for f in state.facts:
        if f.predicate == "competes_in" and f.subject[0] == "team" and f.year is not None and \
                f.rule.startswith("team-season") and not TEAMS_TITLE.search(f.object[1]):
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
