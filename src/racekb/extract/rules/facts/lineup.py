"""The lineup frame of a release: each car with the drivers and the team the release gives it
(once, anywhere: a lineup paragraph, "the No. 31 Cadillac of X and Y", "X will drive the No. 5
for Team Z"), so a result the release gives the car ("The No. 31 won the race") reaches its
drivers and its team. Only links the release states: drives and fields facts of the release."""

from __future__ import annotations

import re

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact, add_inferred
from racekb.extract.state import State

RESULTS = ("won_race", "pole", "won_title")


def spread_car_results(state: State) -> None:
    drivers_of: dict[tuple[str, str], set[tuple[str, str]]] = {}
    teams_of: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for f in state.facts:
        if f.predicate == "drives" and f.object[0] == "car":
            drivers_of.setdefault(f.object, set()).add(f.subject)
        elif f.predicate == "fields" and f.object[0] == "car":
            teams_of.setdefault(f.object, set()).add(f.subject)
    for f in list(state.facts):
        if f.predicate == "won_race" and f.subject[0] == "team":
            # "Y Racing won the Z, as the No. 51 of A, B and C ...": the car's crew in that sentence
            for d in state.facts:
                if d.predicate == "drives" and d.evidence == f.evidence and d.rule == "car-of-drivers":
                    add_inferred(state, d.subject, "won_race", f.object, f.year, f.evidence, "lineup: the team's crew")
        if f.predicate not in RESULTS or f.subject[0] != "car":
            continue
        for driver in sorted(drivers_of.get(f.subject, ())):
            add_inferred(state, driver, f.predicate, f.object, f.year, f.evidence, "lineup: the car's drivers")
        teams = teams_of.get(f.subject, set())
        if len(teams) == 1 and f.predicate != "pole":
            add_inferred(state, next(iter(teams)), f.predicate, f.object, f.year, f.evidence, "lineup: the car's team")


# what may stand between the names of an entry line: dashes, colons, brackets, commas, "and"
ENTRY_GLUE = re.compile(r"[\s\u2013\u2014:;,()/&|*.-]*(?:\b(?:and|with)\b[\s\u2013\u2014:;,()/&|*.-]*)*")


def entry_line(ctx: Sentence) -> None:
    """A lineup line that is nothing but one car, its drivers and at most one team ("No. 19 Ford
    Mustang - Kim Ostra - Harbor Autosport", "Crest Racing (No. 5 Chevrolet): A, B"): the drivers
    drive the car, the team fields it and they drive for the team."""
    if not ctx.cars or not ctx.drivers or len({c.name for c in ctx.cars}) != 1 or len({t.name for t in ctx.teams}) > 1:
        return
    text = ctx.state.text
    pos = ctx.s
    for m in sorted(ctx.ms, key=lambda m: m.start):
        if m.end <= m.start:
            return  # a sentence about the last one's driver is prose, not a line
        if m.type not in ("car", "driver", "team") or not ENTRY_GLUE.fullmatch(text[pos:m.start]):
            return
        pos = m.end
    if not ENTRY_GLUE.fullmatch(text[pos:ctx.e]):
        return
    car = ctx.cars[0]
    year = ctx.year(car.start)
    for d in ctx.drivers:
        if ctx.may_hold(d, car.start, role_free=True):
            add_fact(ctx.state, d, "drives", car, year, ctx.text, "lineup line")
            if ctx.teams:
                add_fact(ctx.state, d, "drives_for", ctx.teams[0], year, ctx.text, "lineup line")
    if ctx.teams:
        add_fact(ctx.state, ctx.teams[0], "fields", car, year, ctx.text, "lineup line")
