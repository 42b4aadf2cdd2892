"""Who "he" is in a career sentence that names nobody: "After winning X in 2015, he raced in Y in
2016", "His experience includes the Z".

The frame builder hands a sentence the last driver only when it opens "He ..." or "The Dutchman
...". A driver's biography also says "..., he raced in" and "His experience includes": there the
pronoun is the driver the sentence before opened on, in the same paragraph. Asked only by
competes_in, only when the sentence names no driver or person of its own before the series (so
"his" cannot be someone else it names), and only when that sentence before opens on a driver."""

from __future__ import annotations

import re

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.state import Mention

PRONOUN = re.compile(r"(?:,\s+|\band\s+)(?:he|she)\b")  # "..., he raced in"
OPENING = re.compile(r"\W*(?:He|She|His|Her)\b")  # "His experience includes"
OPENS_ON = 3  # the sentence before opens on its driver: at most this many words before the name


def pronoun_holder(ctx: Sentence, cue: int) -> Mention | None:
    """A stand-in for the driver a pronoun before `cue` speaks of, spanning the pronoun (so what the
    sentence says before it, a scholarship's quoted name, is not read as his); None if unsure."""
    state, text = ctx.state, ctx.state.text
    m = OPENING.match(text, ctx.s) or PRONOUN.search(text, ctx.s, cue)
    if m is None or ctx.quote_of(m.start()) >= 0:
        return None
    # "After meeting X, he raced": a name in the clause before the main one is not its subject;
    # a name between the pronoun and the series may be whom it speaks of
    lo = ctx.s if m.start() == ctx.s else m.start()
    if any(x.type in ("driver", "person") and lo <= x.start < cue for x in ctx.ms):
        return None
    if ctx.s < 2 or "\n\n" in text[max(0, ctx.s - 3):ctx.s]:
        return None  # a paragraph's first sentence: the driver before belongs to another paragraph
    ps, pe = state.sentence_of(ctx.s - 2)
    if pe > ctx.s or "\n\n" in text[ps:pe]:
        return None
    first = next((x for x in state.in_span(ps, pe) if x.type in ("driver", "person", "team")), None)
    if first is None or first.type != "driver" or len(text[ps:first.start].split()) > OPENS_ON:
        return None
    word = re.search(r"\w+$", m.group(0))
    start = m.end() - (len(word.group(0)) if word else 0)
    return Mention(start, m.end(), text[start:m.end()], first.type, first.name, "pronoun")
