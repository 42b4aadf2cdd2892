"""A standings sentence names two competitors of a series: "Red Bull have a 37-point lead over
Mercedes in the Constructors' Championship", "In the Drivers' Championship, X is 12 points ahead of
rival Y".

The one leading and the one led both score in that series that season. Read only when the
sentence names one series, close to the standings words, and the series is not a title it says
someone won; the holder is the sentence's first driver or team, the other the name straight after
"over", "ahead of", "behind" or "clear of" (with "rival", "nearest challenger" and the like between)."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind
from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.state import Mention

STANDING = CaseBlind(r"\b(?:\d+|[a-z]+)[- ]points?\s+(?:lead|ahead|behind|clear|gap|advantage|deficit)\b|"
                     r"\blead\s+over\b", needs=("point", "lead"))
RIVAL_AFTER = re.compile(r"\s*(?:over|ahead\s+of|behind|clear\s+of|to)\s+(?:(?:his|her|their|its|the|nearest|closest|"
                         r"title|championship|rival|rivals|challenger|leader|team-?mate|[A-Z][a-z]+['’]s)\s+){0,4}$")
NEAR = 90  # the series stands this close to the standings words


def find(ctx: Sentence) -> None:
    if len(ctx.champs) != 1 or not (ctx.drivers or ctx.teams):
        return
    c = ctx.champs[0]
    cue = STANDING.search(ctx.text)
    if cue is None or abs(ctx.s + cue.start() - c.start) > NEAR:
        return
    if any(f.predicate == "won_title" and f.object == (c.type, c.name) for f in ctx.facts_here()):
        return
    holders = [m for m in ctx.ms if m.type in ("driver", "team") and m.end > m.start]
    if not holders:
        return
    lead = holders[0]
    if ctx.quote_of(lead.start) >= 0 or ctx.objectish(lead) or lead.start > ctx.s + cue.start():
        return
    year = ctx.year(c.start)
    add_fact(ctx.state, lead, "competes_in", c, year, ctx.text, "standings")
    rival = _rival(ctx, holders[1:], ctx.s + cue.start())
    if rival is not None:
        add_fact(ctx.state, rival, "competes_in", c, year, ctx.text, "standings: rival")


def _rival(ctx: Sentence, others: list[Mention], cue: int) -> Mention | None:
    """The name the leader is ahead of or behind: the first after the standings words that follows
    "over", "ahead of", "behind" (and at most a few words such as "rival" or "Taupo's")."""
    text = ctx.state.text
    for m in others:
        if m.start < cue or ctx.quote_of(m.start) >= 0:
            continue
        if RIVAL_AFTER.search(text, max(cue, m.start - 50), m.start) and ctx.may_hold(m, m.start, role_free=True):
            return m
        return None  # the first name after the standings words is the one meant, or none is
    return None
