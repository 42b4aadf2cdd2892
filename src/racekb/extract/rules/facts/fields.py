"""fields: a team enters a car. "Whelen Engineering Racing's No. 31 Cadillac", "the No. 2 Team
Penske Chevrolet" (the team inside the car's name), "Team X fields the No. 5". The year is the
sentence's (else the release's): an entry is a season's."""

from __future__ import annotations

import re

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.state import Mention, State

TEAMS_CAR_GAP = re.compile(r"[’']s?\s+(?:(?:new|entry|entries|the)\s+)?|\s+in\s+the\s+")
FIELDS_GAP = re.compile(r"^\s*(?:,\s*(?:which|who|that)\s+)?(?:will\s+|also\s+|has\s+|have\s+|had\s+)?(?:also\s+)?(?:fields?|fielded|fielding|enters?|entered|"
                        r"entering|runs?|ran|running|races|raced|campaigns?|campaigned|campaigning|debuts?|debuted|brings|will\s+bring)"
                        r"\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:(?!(?:against|into|with|alongside|behind|past|ahead|from|to|"
                        r"in|on|at|of|over|beside)\b)\w+\s+){0,2}?$")  # "ran into the No. 5" is no entry
FIELDS_AFTER = re.compile(r"^\W*(?:that|which|who)?\s*(?:fields|fielded|runs|ran|enters|entered)\b")
WITH_THE = re.compile(r"\b(?:with|in)\s+(?:the|its|their)\s+$")
CAR_OF_TEAM = re.compile(r"^\s+(?:(?:cars?|machines?|entries)\s+)?(?:of|for|from|entered by|fielded by|run by|"
                         r"prepared by|operated by)\s+(?:the\s+)?$")


def find(ctx: Sentence) -> None:
    if not ctx.teams:
        return
    state, text = ctx.state, ctx.state.text
    sent = ctx.text
    for team in ctx.teams:
        for car in ctx.cars:
            if car.start > team.end and (TEAMS_CAR_GAP.fullmatch(text[team.end:car.start]) or
                                         FIELDS_GAP.match(text[team.end:car.start])):
                add_fact(state, team, "fields", car, ctx.year(car.start), sent, "team's car")
            elif car.start > team.end and car.start - team.end < 50 and WITH_THE.search(text[team.end:car.start]) and \
                    not any(team.end <= m.start < car.start for m in ctx.ms):
                add_fact(state, team, "fields", car, ctx.year(car.start), sent, "team with its car")
            elif team.start > car.end and CAR_OF_TEAM.match(text[car.end:team.start]):
                add_fact(state, team, "fields", car, ctx.year(car.start), sent, "car of the team")
        if not ctx.cars and FIELDS_AFTER.match(text[team.end:team.end + 20]):
            main = main_car(state)
            if main:
                add_fact(state, team, "fields", main, ctx.year(team.start), sent, "fields-the-release's-car")


def main_car(state: State) -> Mention | None:
    """The release's one numbered car with a make, when there is exactly one."""
    numbered = {m.name: m for m in state.mentions if m.type == "car" and m.name.startswith("No. ")
                and len(m.name.split()) > 2}
    return next(iter(numbered.values())) if len(numbered) == 1 else None


def team_in_car_name(state: State) -> None:
    """"No. 2 Shell Team Penske Chevrolet": the team named inside a car's name fields it."""
    for team in state.nested:
        if team.type != "team":
            continue
        car = next((m for m in state.mentions if m.type == "car" and m.start <= team.start and team.end <= m.end), None)
        if car:
            s, e = state.sentence_of(car.start)
            from racekb.extract.rules.facts.when import year_for

            year = year_for(state.text[s:e], s, car.start, state.date.year, [])[0]
            add_fact(state, team, "fields", car, year, state.text[s:e], "team-in-car-name")
