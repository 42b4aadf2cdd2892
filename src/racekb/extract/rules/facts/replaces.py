"""replaces: a driver takes another's seat. "X will replace Y", "X, who steps in for Y", and the
passive "Y will be replaced by X". A seat move announced for later ("will replace", "next
season") is dated the next year when the release comes in the second half of its year and the
sentence gives no year of its own."""

from __future__ import annotations

import re

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.rules.facts.subjects import REPLACE, nearest_before
from racekb.extract.rules.years import years_in

PASSIVE = re.compile(r"\b(?:be|been|is|was|are|were|being)\s+$")
BY = re.compile(r"\bby\s+(?:[\w’'-]+\s+){0,3}?$")
FUTURE = re.compile(r"\b(?:will|is to|are to|set to|to replace|to succeed)\b")


# "X takes over the No. 12 Ford from Y", "X took over Y's seat"
TAKES_OVER = re.compile(r"^\s+(?:takes|took|will\s+take|is\s+taking|has\s+taken)\s+over\s+(?:the\s+|his\s+|her\s+)?"
                        r"(?:[^,;]{0,60}?\b(?:seat|car|ride|entry|drive|machine|bike)|No\.\s*\d+[^,;]{0,50}?|#\d+[^,;]{0,50}?)"
                        r"\s+from\s+(?:the\s+(?:injured|departing|outgoing|retiring|sidelined)\s+)?$")


def find(ctx: Sentence) -> None:
    if len(ctx.drivers) < 2:
        return
    text = ctx.state.text
    for a, b in zip(ctx.drivers, ctx.drivers[1:]):
        if a.end > a.start and TAKES_OVER.match(text[a.end:b.start]) and ctx.may_hold(a, a.end, role_free=True):
            add_fact(ctx.state, a, "replaces", b, _year(ctx, a.end), ctx.text, "takes over from")
    for m in REPLACE.finditer(ctx.text):
        pos = ctx.s + m.start()
        before = nearest_before(ctx.ms, pos, ("driver",))
        after = next((d for d in ctx.drivers if d.start > pos), None)
        if before is None or after is None:
            continue
        if PASSIVE.search(text[max(ctx.s, pos - 8):pos]):
            if not BY.search(text[pos:after.start]):
                continue
            subj, obj = after, before  # "Y will be replaced by X"
        else:
            subj, obj = before, after
        if not ctx.may_hold(subj, pos, role_free=True):
            continue
        add_fact(ctx.state, subj, "replaces", obj, _year(ctx, pos), ctx.text, "replace-cue")


THIS_MEETING = re.compile(r"\b(?:this|next)\s+(?:weekend|week|month|sunday|saturday|friday|race|round|event)\b|"
                          r"\b(?:this|next)\s+weekend['’]s\b|\bfor\s+the\s+(?:rest|remainder)\s+of\s+the\s+(?:season|year)\b",
                          re.IGNORECASE)


def _year(ctx: Sentence, pos: int) -> int:
    """The sentence's year for the seat move; one announced for later, with no year written, in
    the second half of the release's year is next season's."""
    year = ctx.year(pos)
    if not years_in(ctx.text, ctx.base) and FUTURE.search(ctx.text) and ctx.state.date.month >= 7 \
            and not THIS_MEETING.search(ctx.text):
        year = ctx.base + 1  # (not "at this weekend's round": a stand-in now, this season)
    return year


def seat_of_replaced(state) -> None:
    """"X will drive for Team Z next season, replacing Y": a seat taken for next season is Y's
    this season, so Y drives for Z in the release's year (only when the same sentence gives X
    the team for the next season)."""
    from racekb.extract.rules.facts.emit import add_inferred

    nxt = state.date.year + 1
    joins = {(f.subject, f.evidence): f.object for f in state.facts
             if f.predicate == "drives_for" and f.year == nxt}
    for f in list(state.facts):
        if f.predicate != "replaces" or f.year != nxt:
            continue
        team = joins.get((f.subject, f.evidence))
        if team is not None:
            add_inferred(state, f.object, "drives_for", team, state.date.year, f.evidence, "the replaced driver's seat")
