"""Who "he" is in a career sentence that names nobody: "After winning X in 2015, he raced in Y in
2016", "His experience includes the Z".

The frame builder hands a sentence the last driver only when it opens "He ..." or "The Dutchman
...". A driver's biography also says "..., he raced in" and "His experience includes": there the
pronoun is the driver the sentence before opened on, in the same paragraph. Asked only by
competes_in, only for a series after the pronoun with no driver or person named between (so "his"
cannot be someone else the sentence names), and only when that sentence before opens on a driver.
Worked out once per sentence: a run-on list of series asks for each series."""

from __future__ import annotations

import re

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.state import Mention

PRONOUN = re.compile(r"(?:,\s+|\band\s+)(he|she)\b")  # "..., he raced in"
OPENING = re.compile(r"\W*(He|She|His|Her)\b")  # "His experience includes"
OPENS_ON = 3  # the sentence before opens on its driver: at most this many words before the name


def pronoun_holder(ctx: Sentence) -> Mention | None:
    """A stand-in for the driver the sentence's pronoun speaks of, spanning the pronoun (so what the
    sentence says before it, a scholarship's quoted name, is not read as his); None if unsure."""
    state, text = ctx.state, ctx.state.text
    m = OPENING.match(text, ctx.s, ctx.e) or PRONOUN.search(text, ctx.s, ctx.e)
    if m is None or ctx.quote_of(m.start()) >= 0:
        return None
    if ctx.s < 2 or "\n\n" in text[max(0, ctx.s - 3):ctx.s]:
        return None  # a paragraph's first sentence: the driver before belongs to another paragraph
    ps, pe = state.sentence_of(ctx.s - 2)
    if pe > ctx.s or "\n\n" in text[ps:pe]:
        return None
    first = next((x for x in state.in_span(ps, pe) if x.type in ("driver", "person", "team")), None)
    if first is None or first.type != "driver" or len(text[ps:first.start].split()) > OPENS_ON:
        return None
    return Mention(m.start(1), m.end(1), m.group(1), first.type, first.name, "pronoun")


def holds(ctx: Sentence, holder: Mention | None, cue: int) -> Mention | None:
    """The holder for a series at `cue`: after the pronoun, with no driver or person named between
    ("After meeting X, he raced": a name in the clause before the main one is not its subject)."""
    if holder is None or holder.end > cue:
        return None
    if any(x.type in ("driver", "person") and holder.start <= x.start < cue for x in ctx.ms):
        return None
    return holder
