"""The lineup frame of a release: each car with the drivers and the team the release gives it
(once, anywhere: a lineup paragraph, "the No. 31 Cadillac of X and Y", "X will drive the No. 5
for Team Z"), so a result the release gives the car ("The No. 31 won the race") reaches its
drivers and its team. Only links the release states: drives and fields facts of the release."""

from __future__ import annotations

from racekb.extract.rules.facts.emit import add_inferred
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
