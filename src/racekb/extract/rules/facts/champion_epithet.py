"""won_title from an epithet: "four-time world champion X", "last year's champion X", "reigning
champion X", "2019 champion X". No series is named in the phrase, so the title is the release's
one series (the one championship the release names, else the one its opening paragraph names).
A count ("four-time") states no one title, so no fact; "last year's" and "reigning" give the
year before the release; a written year that year; a bare "champion" gives no fact."""

from __future__ import annotations

import re
import weakref

from racekb.extract.rules.facts import champions_named
from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact, as_mention
from racekb.extract.rules.facts.series_of_release import series_of
from racekb.extract.state import State

EPITHET = re.compile(r"\b(?:(?P<count>\w+-time)|(?P<last>last year[’']s|reigning|defending)|(?P<year>(?:19|20)\d\d))?\s*"
                     r"(?:[\w-]+\s+){0,3}?(?:world\s+)?champion\s+$", re.IGNORECASE)
WORD_OF = {"count": re.compile(r"\b\w+-time\b"), "last": re.compile(r"\b(?:last year[’']s|reigning|defending)\b", re.I),
           "year": re.compile(r"\b(?:19|20)\d\d\b")}
NOT_HOLDER = re.compile(r"\b(?:class|junior|rookie|vice|former\s+\w+)\s+(?:world\s+)?champion\s+$", re.IGNORECASE)


# (a weak reference to the state, its series): asked once per epithet sentence, read once per
# release; weak, so the last release's state is not kept alive here
_LAST: list = [None, None]


def the_series(state: State) -> tuple[str, str] | None:
    if _LAST[0] is not None and _LAST[0]() is state:
        return _LAST[1]
    _LAST[0], _LAST[1] = weakref.ref(state), _the_series(state)
    return _LAST[1]


def _the_series(state: State) -> tuple[str, str] | None:
    names = sorted({(m.type, m.name) for m in state.mentions if m.type == "championship"})
    if len(names) == 1:
        return names[0]
    lead = series_of(state)
    return lead[0] if len(lead) == 1 else None


def find(ctx: Sentence) -> None:
    if not ctx.drivers or "hampion" not in ctx.text:
        return
    champions_named.find(ctx, the_series)  # "the class champions declared were A, B and C"
    text = ctx.state.text
    series = None
    for d in ctx.drivers:
        if d.end <= d.start:
            continue
        before = text[max(ctx.s, d.start - 40):d.start]
        m = EPITHET.search(before)
        if not m or NOT_HOLDER.search(before):
            continue
        if any(c.end <= d.start and d.start - c.end < 12 for c in ctx.champs):
            continue  # "Y Series champion X": the championship rule reads it
        if not ctx.may_hold(d, d.start):
            continue
        series = series or the_series(ctx.state)
        if series is None:
            return
        year: int | None
        # the words before "champion" ("Raglan's defending 2019 champion"): the match may open
        # mid-word, so each kind is looked for anywhere in it; a written year beats "defending"
        phrase = m.group(0)
        kind = {k: WORD_OF[k].search(phrase) for k in WORD_OF}
        if kind["count"]:
            continue  # "four-time champion": a career, no one title to date (the release may date them elsewhere)
        if kind["year"]:
            year = int(kind["year"].group(0))
        elif kind["last"]:
            year = ctx.base - 1
        else:
            continue  # a bare "champion": which season is not said
        add_fact(ctx.state, d, "won_title", as_mention(series), year, ctx.text, "title-win: champion epithet")
