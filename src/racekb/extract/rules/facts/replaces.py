"""replaces: a driver takes another's seat. "X will replace Y", "X, who steps in for Y"."""

from __future__ import annotations

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.rules.facts.subjects import REPLACE, nearest_before


def find(ctx: Sentence) -> None:
    for m in REPLACE.finditer(ctx.text):
        pos = ctx.s + m.start()
        subj = nearest_before(ctx.ms, pos, ("driver",))
        obj = next((d for d in ctx.drivers if d.start > pos), None)
        if subj and obj and ctx.may_hold(subj, pos, role_free=True):
            add_fact(ctx.state, subj, "replaces", obj, ctx.year(pos), ctx.text, "replace-cue")
