"""Facts across the sentences of one release, each through a clear link: a win with no race named
is the release's one race; a driver's car and team give the team's car."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind
from racekb.extract.rules.facts import venue_wins
from racekb.extract.rules.facts.emit import add_fact, add_inferred
from racekb.extract.rules.facts.pole import headline_race
from racekb.extract.rules.facts.result import not_a_win
from racekb.extract.rules.facts.subjects import subject
from racekb.extract.rules.facts.when import counted
from racekb.extract.state import State

THE_RACE_WIN = CaseBlind(r"\b(?:won|wins|winning|win)\s+(?:the\s+)?(?:race|rally|event|round)\b|victory lane|"
                         r"(?:his|her|their|[’']s?|after|the)\s+(?:\w+\s+)?(?:victory|triumph|win)\b|"
                         r"(?:took|takes|take)\s+the\s+(?:checkered|chequered)\s+flag",
                         needs=("won", "win", "victory", "triumph", "flag"))
BEATEN_BEFORE = re.compile(r"\b(?:over|against|beat|ahead of)\s+$")
YEARS_RIGHT_AFTER = re.compile(r"\s+in\s+((?:19|20)\d\d(?:(?:,\s*|\s+and\s+|,\s+and\s+)(?:19|20)\d\d)*)\b")


def race_of_release(state: State, sentences: list[tuple[int, int]], ctx_of) -> None:
    """A win with no race named ("Stewart found victory lane", "Neuville won the rally") is a
    win of the race the release last named before it (or the headline's race)."""
    events = sorted((m for m in state.mentions if m.type == "event"), key=lambda m: m.start)
    headline = headline_race(state)
    first_end = min((m.end for m in events), default=None)  # no race is named before this offset
    for s, e in sentences:
        if not headline and (first_end is None or s < first_end):
            continue  # no race named yet: nothing for a win to be of (the cue is not looked for)
        ms = state.in_span(s, e)  # before the cue: a look-up in the sorted mentions costs less
        if not ms or any(m.type in ("event", "track") for m in ms):
            continue
        sent = state.text[s:e]
        cue = THE_RACE_WIN.search(sent)
        if not cue:
            continue
        before = headline or [m for m in events if m.end <= s]
        if not before:
            continue
        pos = s + cue.start()
        subj = subject(ms, pos, ("driver",), state.text)
        if subj is None or BEATEN_BEFORE.search(state.text[max(s, subj.start - 15):subj.start]):
            continue
        ctx = ctx_of(s, e, ms)
        if not ctx.may_hold(subj, pos) or ctx.objectish(subj):
            continue
        lo = min(subj.end, pos)
        frame = state.text[lo:pos + 30]
        if not_a_win(frame) or counted(sent):
            continue
        listed = YEARS_RIGHT_AFTER.match(state.text, s + cue.end())
        if listed:  # "Tully won the event in 2022 and 2023": those years' wins, not this one
            for y in re.findall(r"(?:19|20)\d\d", listed.group(1)):
                add_fact(state, subj, "won_race", before[-1], int(y), sent, "inferred: the release's one race")
            continue
        # the year the release was issued: a year in such a sentence dates something else
        # ("Matt won the 300th victory we have had since we started in 1988")
        add_fact(state, subj, "won_race", before[-1], state.date.year, sent, "inferred: the release's one race")
    venue_wins.wins_at_venue(state, sentences, ctx_of)  # a meeting report naming no race: its venue's


def infer_release_facts(state: State) -> None:
    """Close the loop across sentences: a driver's car and team give the team's car; a team's
    one car is driven by its one driver."""
    facts = list(state.facts)
    drives = [f for f in facts if f.predicate == "drives"]
    drives_for = [f for f in facts if f.predicate == "drives_for"]
    # sorted, so facts come out in the same order in every process (set order follows the hash seed)
    cars = sorted({(m.type, m.name) for m in state.mentions if m.type == "car"})
    teams = sorted({(m.type, m.name) for m in state.mentions if m.type == "team"})
    teams_of: dict = {}
    for f in drives_for:
        teams_of.setdefault((f.subject, f.year), set()).add(f.object)
    for d in drives:
        their_teams = teams_of.get((d.subject, d.year), set())
        if any(t[1] in d.evidence for t in teams if t not in their_teams):
            continue  # "Fox Racing will lend its No. 70 to X": the car's sentence names another team
        if len(their_teams) == 1:
            add_inferred(state, next(iter(their_teams)), "fields", d.object, d.year, d.evidence,
                         "inferred: driver's car and team")
    cars_of = _car_teams(state, drives)
    drivers_of: dict = {}
    inferred = False
    for f in drives_for:
        drivers_of.setdefault(f.object, set()).add(f.subject)
    for team in teams:
        team_cars = cars_of.get(team, set()) or (set(cars) if len(cars) == 1 and len(teams) == 1 else set())
        team_drivers = drivers_of.get(team, set())
        if len(team_cars) == 1 and len(team_drivers) == 1:
            car = next(iter(team_cars))
            driver = next(iter(team_drivers))
            if any(f.predicate == "fields" and f.object == car and f.subject != team for f in state.facts):
                continue  # the car is another team's ("the No. 15 Brandt Motorsport Toyota")
            src = next(f for f in drives_for if f.object == team and f.subject == driver)
            if not any(f.predicate == "drives" and f.subject == driver for f in state.facts):
                add_inferred(state, driver, "drives", car, src.year, src.evidence, "inferred: team's one car")
            add_inferred(state, team, "fields", car, src.year, src.evidence, "inferred: team's one car")
            inferred = True
    if inferred:  # the team's one car, now known, is the team of its other drivers too
        _car_teams(state, drives)


def _car_teams(state: State, drives: list) -> dict:
    """A car's one team is the team of each of its drivers; returns each team's cars."""
    fielders_of: dict = {}
    cars_of: dict = {}
    for f in state.facts:
        if f.predicate == "fields":
            fielders_of.setdefault(f.object, set()).add(f.subject)
            cars_of.setdefault(f.subject, set()).add(f.object)
    for d in drives:
        fielders = fielders_of.get(d.object, set())
        if len(fielders) == 1:
            add_inferred(state, d.subject, "drives_for", next(iter(fielders)), d.year, d.evidence,
                         "inferred: the car's team")
    return cars_of
