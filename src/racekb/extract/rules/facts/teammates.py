"""Teammates: "X ... his team-mate Y", "X ..., while team-mate Y sits third". A teammate drives for
the same team in the same season, so when the release gives X (the driver named last before Y)
one team for the sentence's year, Y drives for it too. A former team-mate ("his ex-team-mate", "former team-mate") says nothing of
now, a future one ("will become Y's team-mate") is no team yet, and a team named in the same
breath ("team-mate at Z") is left to the drives_for rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_inferred
from racekb.extract.state import Mention, State

# the words straight before the teammate's name
MATE_BEFORE = re.compile(r"(?:^|[\s,(—–-])(?:(?:his|her|their)\s+)?(?:team-?mates?|team\s+mates?)\s+(?:and\s+\w+\s+)?$",
                         re.IGNORECASE)
NOT_NOW = re.compile(r"\b(?:former|ex|old|one-time|erstwhile|previous|past|future|new|will|would|could)\b[\s-]*"
                     r"(?:[\w-]+\s+){0,3}$", re.IGNORECASE)


OTHER_TIME = re.compile(r"\b(?:years?|seasons?)\s+(?:after|before|earlier|later|ago)\b|\blast\s+(?:year|season)\b|"
                        r"\b(?:19|20)\d\d\b", re.IGNORECASE)


def find(state: State, frames: list[Sentence]) -> None:
    teams_of: dict[tuple[tuple[str, str], int | None], set[tuple[str, str]]] = {}
    for f in state.facts:
        if f.predicate == "drives_for":
            teams_of.setdefault((f.subject, f.year), set()).add(f.object)
    if not teams_of:
        return
    text = state.text
    for ctx in frames:
        if len(ctx.drivers) >= 2 and "join" in ctx.text:
            _joins_driver(state, ctx, teams_of)
        pairs = list(mate_pairs(ctx))
        year = ctx.sentence_year() if pairs else 0
        for lead, d in pairs:
            teams = teams_of.get(((lead.type, lead.name), year), set())
            if len(teams) == 1 and " at " not in text[d.end:d.end + 4]:  # "team-mate Y at Z": another team
                add_inferred(state, (d.type, d.name), "drives_for", next(iter(teams)), year, ctx.text, "teammate")


def mate_pairs(ctx: Sentence) -> Iterator[tuple[Mention, Mention]]:
    """(driver, his team-mate now) for each "team-mate Y" of the sentence. Whose team-mate: the
    driver named last before ("X won for A, a year after Y's team-mate Z ...": Z is Y's, not X's);
    in an opening participle phrase ("Competing alongside teammate Z, X delivered"), the main
    clause's subject. Not a former or future team-mate, not across another season, not in a quote."""
    if len(ctx.drivers) < 2 or "mate" not in ctx.text:
        return
    text = ctx.state.text
    for i, d in enumerate(ctx.drivers):
        if d.end <= d.start:
            continue
        lead = ctx.drivers[i - 1] if i else _main_subject(ctx, d)
        if lead is None or d.name == lead.name or OTHER_TIME.search(text[lead.end:d.start]):
            continue
        before = text[max(ctx.s, d.start - 30):d.start]
        m = MATE_BEFORE.search(before)
        if m is None or NOT_NOW.search(before[:m.start() + 1]) or ctx.quote_of(d.start) >= 0 \
                or ctx.quote_of(lead.start) >= 0 or not ctx.may_hold(d, d.start, role_free=True):
            continue
        if "will" not in text[ctx.s:d.start].split():  # "will be team-mate to Y": another season
            yield lead, d


# "Castro, who joins French driver Alan Isambard": Isambard is already the team's driver
JOINS_DRIVER = re.compile(r",\s*who\s+(?:joins|will join|is joining|has joined)\s+(?:[\w-]+\s+){0,3}?$")


def _joins_driver(state: State, ctx: Sentence, teams_of: dict) -> None:
    """A driver who "joins" another joins that driver's team: the other drives for it too, in the
    year the first one has the team."""
    text = state.text
    for lead, d in zip(ctx.drivers, ctx.drivers[1:]):
        if lead.end <= lead.start or not JOINS_DRIVER.fullmatch(text[lead.end:d.start]):
            continue
        year = ctx.year(lead.start)
        teams = teams_of.get(((lead.type, lead.name), year), set())
        if len(teams) == 1 and ctx.quote_of(d.start) < 0 and ctx.may_hold(d, d.start, role_free=True):
            add_inferred(state, (d.type, d.name), "drives_for", next(iter(teams)), year, ctx.text, "joins a driver")


PARTICIPLE_OPENING = re.compile(r"\W*[A-Z][a-z]+ing\b")
SUBJECT_AFTER_COMMA = re.compile(r"[^,;]*,\s*$")


def _main_subject(ctx: Sentence, d: Mention) -> Mention | None:
    """The subject after a sentence's opening participle phrase that names `d`, or None."""
    if not PARTICIPLE_OPENING.match(ctx.state.text, ctx.s):
        return None
    later = next((m for m in ctx.drivers if m.start > d.end), None)
    if later is None or not SUBJECT_AFTER_COMMA.fullmatch(ctx.state.text[d.end:later.start]):
        return None
    return later
