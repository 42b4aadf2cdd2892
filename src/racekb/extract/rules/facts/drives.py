"""drives: a driver drives a car. "X drives the No. 5", "X's No. 5", "the No. 51 Ferrari 499P of
A, B and C", "the No. 12 driven by X and Y"."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind, one_of
from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.rules.facts.groups import group
from racekb.extract.rules.facts.subjects import driver_of

DRIVE = CaseBlind(r"\b" + one_of(["drive", "drives", "drove", "driving", "driven", "co-drive", "co-drives", "co-drove", "co-driving", "co-driven", "pilot", "pilots", "piloted", "behind the wheel of", "at the wheel of", "the wheel of", "in the", "campaign", "campaigns", "campaigned", "campaigning", "his", "her", "their", "brought", "brings", "steered", "guided", "nursed", "nursing", "wheeled", "put", "puts", "aboard", "shared", "share", "shares", "start", "starts", "started", "qualified", "qualifies", "race", "raced", "races", "racing", "takes over", "took over", "take over", "taking over", "driver of", "drivers of", "bringing", "guiding", "steering", "rode", "rides", "ride", "riding", "wheeling", "piloting"])
                  + r"\b")
DRIVERS_NAMED_AFTER = re.compile(r"^\s+(?:(?:driven|shared|piloted|raced) by|of)\s+[A-Z]")
POSSESSIVE_BEFORE = re.compile(r"[’']s\s*$")
POSSESSIVE_GAP = re.compile(r"[’']s?\s*")
# "the No. 12 of X", "a pair of Tatuus USF-17s for Frenchman X and American Y" (a plural car name)
CREW_AFTER = re.compile(r"^s?(?:\s+(?:car|machine|bike|entry))?(?:\s+|,\s*(?:which|that)\s+(?:will\s+be|is|was|is\s+being|has\s+been)\s+)"
                        r"(?:of|for|shared by|driven by|piloted by|raced by|ridden by)\s+(?:[A-Z]\w+\s+)??")
NATIONALITY = re.compile(r"([A-Z][a-z]+)\s+")
WEAK = re.compile(r"in the|start|starts|started|put|puts")
NUMBERED = re.compile(r"(?:No\.?\s*|#)\d")
BRACKETED = re.compile(r"\s*\(\s*")


def _maker_model(name: str) -> bool:
    """True when a car's name holds a maker the gazetteer knows ("M-Sport Ford Fiesta WRC")."""
    from racekb.extract.lexicon import models

    makers = models()
    return any(word in makers for word in name.replace("-", " ").split())


def _nationality(word: str) -> bool:
    """"Frenchman", "American": a word naming who the next driver is, not a name."""
    from racekb.extract.lexicon import word_list

    return word.casefold() in word_list("epithet_nouns")


# "Team X will field the No. 19 Ligier in 2025. The car will be driven by Y": the car the last
# sentence named
THE_CAR_DRIVEN_BY = re.compile(r"\W*(?:The|This|That|Its|Their)\s+(?:car|entry|machine|bike)\s+(?:will\s+be|is|was|has\s+been)"
                               r"\s+(?:driven|shared|piloted|raced|ridden)\s+by\s+(?:[\w-]+\s+){0,2}?")
LAST_CAR_REACH = 300


def _the_car(ctx: Sentence) -> None:
    m = THE_CAR_DRIVEN_BY.match(ctx.state.text, ctx.s)
    if m is None:
        return
    lead = next((d for d in ctx.drivers if d.start >= m.start() and d.end > d.start
                 and re.fullmatch(r"(?:[\w-]+\s+){0,2}", ctx.state.text[m.end():d.start])), None)
    if lead is None:
        return
    state = ctx.state
    near = state.in_span(max(0, ctx.s - LAST_CAR_REACH), ctx.s)
    last = next((c for c in reversed(near) if c.type == "car"), None)
    if last is None or "\n\n" in state.text[last.end:ctx.s] or \
            any(m.start >= last.end and m.type in ("car", "driver") for m in near):
        return  # the car must be the last thing the text spoke of
    ps = state.sentence_of(last.start)[0]
    if len({c.name for c in near if c.type == "car" and c.start >= ps}) != 1:
        return
    # the year the car's own sentence gives it ("will field the No. 19 in 2025"), unless this one says
    from racekb.extract.rules.facts.when import year_for
    from racekb.extract.rules.years import years_in

    year = ctx.year(lead.start) if years_in(ctx.text, ctx.base) else \
        year_for(state.text[ps:ctx.s], ps, last.start, ctx.base, [])[0]
    for d in group(state.text, ctx.ms, lead, ctx.e):
        if ctx.may_hold(d, d.start, role_free=True):
            add_fact(state, d, "drives", last, year, ctx.text, "the car named before")


SPAN_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?for\s+(?:the\s+(?:past|last)\s+)?(?:\w+|\d+)\s+(?:seasons|years|campaigns)\b",
                        re.IGNORECASE)


def find(ctx: Sentence) -> None:
    if ctx.drivers and not ctx.cars:
        _the_car(ctx)
    if not ctx.cars or not ctx.drivers:
        return
    state, text, s, e = ctx.state, ctx.state.text, ctx.s, ctx.e
    sent = ctx.text
    for car in ctx.cars:
        if DRIVERS_NAMED_AFTER.match(text[car.end:car.end + 16]):
            continue  # its drivers are named after it ("the No. 12 of Montecalvo and Telitz")
        cue = DRIVE.search(text[max(s, car.start - 45):car.start]) or POSSESSIVE_BEFORE.search(
            text[max(s, car.start - 3):car.start])
        if not cue:
            continue
        if WEAK.fullmatch(text[max(s, car.start - 45):car.start][cue.start():cue.end()].lower()) and \
                not NUMBERED.match(car.text) and not _maker_model(car.text):
            continue  # "will start second in the X Round 5": "in the" alone makes no car of a name
        owner = [d for d in ctx.drivers if d.end <= car.start and POSSESSIVE_GAP.fullmatch(text[d.end:car.start])]
        subj = owner[0] if owner else driver_of(ctx.ms, car.start, text)
        if subj is None or not ctx.may_hold(subj, car.start, role_free=True):
            continue
        if SPAN_AFTER.match(text, car.end) and not re.search(r"(?:19|20)\d\d", sent):
            continue  # "drove the No. 31 for nine seasons": a career's car, in no one year said
        year = ctx.year(car.start)
        for d in group(text, ctx.ms, subj, car.start):
            add_fact(state, d, "drives", car, year, sent, "drive-cue")
    # "X (Yamaha R6) won the round": the machine in brackets straight after the rider
    for car in ctx.cars:
        rider = next((d for d in ctx.drivers if d.end <= car.start and BRACKETED.fullmatch(text[d.end:car.start])), None)
        if rider is not None and text[car.end:car.end + 1] == ")" and ctx.may_hold(rider, car.start, role_free=True):
            add_fact(state, rider, "drives", car, ctx.year(car.start), sent, "car-in-brackets")
    # "the No. 51 Ferrari 499P of A, B and C", "shared by", "driven by", "a pair of X for A and B"
    for car in ctx.cars:
        m = CREW_AFTER.match(text[car.end:car.end + 40])
        if not m:
            continue
        at = car.end + m.end()
        lead = next((d for d in ctx.drivers if d.start == at), None)
        nat = NATIONALITY.match(text, at)
        if lead is None and nat is not None and _nationality(nat.group(1)):
            lead = next((d for d in ctx.drivers if d.start == nat.end()), None)
        if lead is None or not ctx.may_hold(lead, car.start, role_free=True):
            continue
        for d in group(text, ctx.ms, lead, e):
            add_fact(state, d, "drives", car, ctx.year(car.start), sent, "car-of-drivers")
