"""The series a race report is about: those named in its opening paragraph. A driver the report
gives a result in that race meeting ("finished fifth", "qualified on pole", "retired on lap 9")
competes in that series that year, when the sentence names no other series and no other year.
A team whose driver races there in a car it enters does too."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind
from racekb.extract.rules.facts.competes_in import CIRCUIT_AFTER, COUNT_BEFORE, PRACTICE_OUTING
from racekb.extract.rules.facts.context import Sentence, class_short_forms
from racekb.extract.rules.facts.emit import add_inferred, add_inferred_season
from racekb.extract.rules.facts.groups import group
from racekb.extract.rules.facts.round_report import field_of, is_round_report
from racekb.extract.rules.facts.vocab import phrase_pattern
from racekb.extract.rules.years import years_in
from racekb.extract.state import State

TAKES_PART = CaseBlind(r"\b(?:finished|finishing|finishes|won|wins|winning|qualified|qualifying|started|starting|"
                       r"starts|led|leads|leading|placed|crashed|retired|spun|overtook|passed|podium|pole|"
                       r"lap|laps|race\s+(?:one|two|three|1|2|3)|heat|heats|grid|classified|overall|runner-up|class champions?|champions? (?:in|of) the \w+ class|"
                       r"points? (?:ahead|behind|clear)|top[- ](?:\d+|three|five|ten)|"
                       r"(?:was|were|came|ended up|ended|took|in)\s+(?:second|third|fourth|fifth|sixth|seventh|eighth|"
                       r"ninth|tenth|\d{1,2}(?:st|nd|rd|th))(?:\s+place)?)\b",
                       needs=("finish", "won", "win", "qualif", "start", "led", "lead", "plac", "crash", "retired", "spun",
                              "overtook", "passed", "podium", "pole", "lap", "race", "heat", "grid", "classified",
                              "overall", "runner-up", "champion", "point", "top", "was", "were", "came", "ended",
                              "took", "in"))
PLANNED = re.compile(r"\b(?:will|to)\s+(?:\w+\s+)?(?:drive|run|take part|get|make)\b")
MOST_SERIES = 1
OPENING_PARAGRAPHS = 4
ACRONYM_GAP = re.compile(r"\s*\(\s*")
SUBJECT_WORDS = 8
# "X and co-driver Y won": a co-driver (navigator) scores in the co-drivers' standings, which the
# report does not name; the series it names is the drivers'
CO_DRIVER_BEFORE = re.compile(r"\bco-?drivers?\s+$", re.IGNORECASE)


def series_of(state: State) -> list[tuple[str, str]]:
    """The championships named in the first paragraph that names any (among the opening ones: a
    feature may open on a scene before it says which series it is about), when there is just one."""
    from racekb.extract.rules.facts.competes_in import raced_in

    classes = class_short_forms(state)  # "the Formula Two (F2) class": a class, not the series "F2" names
    start = 0
    for _ in range(OPENING_PARAGRAPHS):
        end = state.text.find("\n\n", start)
        end = len(state.text) if end < 0 else end
        names: list[tuple[str, str]] = []
        last_end = -1
        for m in state.in_span(start, end):
            if m.type != "championship" or m.text.casefold() in classes or \
                    COUNT_BEFORE.search(state.text[max(start, m.start - 20):m.start]):
                continue  # "boasting two X Championships": titles counted, not the report's series
            if CIRCUIT_AFTER.match(state.text[m.end:m.end + 60]):
                continue  # "at the Formula One Yas Marina Circuit": a circuit's name, not a series
            if last_end >= 0 and ACRONYM_GAP.fullmatch(state.text[last_end:m.start]):
                continue  # "the World Rally Championship (WRC)": one series, its short form in brackets
            last_end = m.end
            if (m.type, m.name) not in names:
                names.append((m.type, m.name))
        names = [n for n in names if raced_in(n[1])]
        if names:
            return names if len(names) <= MOST_SERIES else []
        if end >= len(state.text):
            break
        start = end + 2
    return []


def find(state: State, frames: list[Sentence]) -> None:
    series = series_of(state)
    if not series:
        return
    year = state.date.year
    racers: dict[tuple[str, str], str] = {}
    round_report = is_round_report(state, series)
    for ctx in frames:
        sent = ctx.text
        if round_report:
            for d in field_of(ctx, series):
                racers.setdefault((d.type, d.name), sent)
        if not ctx.drivers:
            continue  # no one to race (tested first: the patterns below scan the whole sentence)
        if not TAKES_PART.search(sent) or phrase_pattern("intent").search(sent):
            continue
        if PLANNED.search(sent) and PRACTICE_OUTING.search(sent):
            continue  # "X will drive in the first practice session": a practice run to come, no race
        if any((c.type, c.name) not in series for c in ctx.champs):
            continue  # another series named: the result may be there
        if any(y != year for _, y in years_in(sent, ctx.base)):
            continue  # another season
        # the clause's holder and those named with it, not the rivals it passed or finished behind
        lead = ctx.drivers[0] if ctx.drivers else None  # "He was passed by X": the epithet's driver, not X
        if lead is None or ctx.objectish(lead) or ctx.quote_of(lead.start) >= 0 or \
                not ctx.may_hold(lead, lead.start, role_free=True):
            continue
        if len(ctx.state.text[ctx.s:lead.start].split()) > SUBJECT_WORDS:
            continue  # named deep in the sentence: more likely a rival passed than the one racing
        for d in group(ctx.state.text, ctx.ms, lead, ctx.e) + _rivals(ctx, lead):
            if d is not lead and CO_DRIVER_BEFORE.search(ctx.state.text[max(0, d.start - 12):d.start]):
                continue
            racers.setdefault((d.type, d.name), sent)
    for d, line in _standings(state):
        racers.setdefault((d.type, d.name), line)
    teams: dict[tuple[str, str], str] = {}
    if any(_division(state.text, name) for _, name in series):
        series_teams: list[tuple[str, str]] = []  # a division's standings are the drivers'; teams enter the series
    else:
        series_teams = series
    # a team is an entrant: it races in the series when the release shows it entering a car there,
    # not merely when a driver of it does (a make in a results line, a driver's team in a quote)
    entrants = {f.subject for f in state.facts if f.predicate == "fields" and f.year == year}
    for f in state.facts:
        if f.predicate == "drives_for" and f.subject in racers and f.year == year and f.object in entrants:
            teams.setdefault(f.object, f.evidence)
    for who, evidence in sorted(racers.items()):
        for s in series:  # a result in the release's race: this season, whatever others he raced
            add_inferred_season(state, who, "competes_in", s, year, evidence, "release-series")
    for who, evidence in sorted(teams.items()):
        for s in series_teams:
            add_inferred(state, who, "competes_in", s, year, evidence, "release-series")


RIVAL_BEFORE = re.compile(r"\b(?:ahead of|behind|beat|beating|pipped|edged|edging|"
                          r"held off|holding off|clear of|in front of)\s+(?:(?:the|local|fellow|compatriot|"
                          r"title|championship|rookie|hero|leader|rival|[A-Z][a-z]+n|[A-Z][a-z]+ese|[A-Z][a-z]+ish)\s+){0,3}$")
LIST_BEFORE = re.compile(r"^(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:the|local|fellow|compatriot|title|championship|rookie|hero|"
                         r"leader|rival|[A-Z][a-z]+n|[A-Z][a-z]+ese|[A-Z][a-z]+ish)\s+){0,3}$")


def _rivals(ctx: Sentence, lead) -> list:
    """"X was sixth ahead of Y, Z and W": in a race report, the rivals a result names raced in the
    same race (the ones passed or finished behind, and those listed with them)."""
    text = ctx.state.text
    out = []
    prev = None
    for d in ctx.drivers:
        if d.end <= d.start or d is lead or d.start < lead.end:
            prev = d if d.end > d.start else prev
            continue
        before = text[max(ctx.s, d.start - 40):d.start]
        listed = prev is not None and prev in out and LIST_BEFORE.match(text[prev.end:d.start])
        if (RIVAL_BEFORE.search(before) or listed) and ctx.quote_of(d.start) < 0 and \
                ctx.may_hold(d, d.start, role_free=True):
            out.append(d)
        prev = d
    return out


# "3. Jane Doe (Finland), Toyota, 256 points": a line of a points table
STANDING_LINE = re.compile(r"(?m)^\d{1,3}[.)]?\s+([^\n,]{3,60}?)(?:\s*\([^)\n]{1,30}\))?(?:,\s*[^\n,]{1,40}){0,2},?\s+"
                           r"\d{1,4}(?:\s*(?:points|pts))?\s*$")
POINTS = re.compile(r"\b(?:points|pts)\b")
SHORTEST_TABLE = 3


def _standings(state: State) -> list:
    """The drivers of a championship points table ("1. Jane Doe (Finland), Toyota, 293 points",
    line after line): a standings table lists the series' competitors. A table of race times is
    not one (a one-off entry finishes a rally without scoring in the series)."""
    text = state.text
    if not POINTS.search(text):
        return []
    out = []
    run: list = []
    for m in list(STANDING_LINE.finditer(text)) + [None]:
        if m is not None and run and text[run[-1].end():m.start()].strip() == "":
            run.append(m)
            continue
        if len(run) >= SHORTEST_TABLE and any(POINTS.search(r.group(0)) for r in run):
            for r in run:
                d = next((x for x in state.in_span(r.start(1), r.end(1)) if x.type == "driver"
                          and x.start == r.start(1)), None)
                if d is not None:
                    out.append((d, r.group(0)))
        run = [m] if m is not None else []
    return out


DIVISION_AFTER = r"\s+(?:Division|division|class|Class|category|Category)\b"


def _division(text: str, name: str) -> bool:
    """"The ELITE 2 Division opened ...": the report's series is a division (a class) of a wider
    series, whose drivers' standings it is; the teams enter the wider series, unnamed here."""
    return re.search(re.escape(name) + DIVISION_AFTER, text) is not None
