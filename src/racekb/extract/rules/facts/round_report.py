"""A report on a round of a series: everyone it shows racing there races in that series.

When the opening of a release calls its meeting a round of the series ("the opening round of the
2020 X Championship", "three of the five rounds of the X had been run"), the drivers it names are
that meeting's field: each competes in the series that year, whether the sentence gives a place
("came in sixth"), a move ("took the lead") or just the standings ("60 points clear of Y"). A
report that only names a series in passing ("his maiden X podium") is not one; there the
sentence-by-sentence rule of series_of_release still asks for a result.

Left out even in such a report: a name in a quotation (a speaker's hero or rival), a name in a
sentence that names another series (his results may be there), a name given another role
("team owner X"), and a name a past year or a former standing is pinned to ("the 2015 winner
X", "former champion X"): a past champion visiting the meeting need not be racing in it."""

from __future__ import annotations

import re

from racekb.extract.rules.facts.competes_in import PRACTICE_OUTING
from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.years import years_in
from racekb.extract.state import Mention, State

# the meeting is one of the series' rounds: "opening round of", "rounds of the", "season opener"
ROUND = re.compile(r"\b(?:round|rounds|opener|finale|leg|legs|double-header)\b", re.IGNORECASE)
# "at the recent X Championships": a plural names the meeting where its titles are decided
MEETING = re.compile(r"\b(?:Championships|Champs|Nationals)$")
AT_THE = re.compile(r"\b(?:at|in|to)\s+the\s+(?:[\w-]+\s+){0,2}$")
OPENING_CHARS = 2000
# "former champion X", "the late X", "his father X": named for who they were, not racing here
NOT_RACING_BEFORE = re.compile(r"\b(?:former|retired|late|ex|legendary|father|mother|uncle|aunt|grandfather|"
                               r"grandmother|son|daughter|brother|sister|idol|hero|like|whose|fan|fans|legend|commentator|"
                               r"spectator|steward|ambassador|guest of)\W+"
                               r"(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
# "X and co-driver Y": a co-driver scores in the co-drivers' standings, which the report does not name
CO_DRIVER_BEFORE = re.compile(r"\b(?:co-?drivers?|navigators?)\s+$", re.IGNORECASE)
PINNED_YEAR = 25
TABLE_LINE = re.compile(r"(?m)^\s*\d{1,3}[.)]\s")  # "2. Jane Doe (Latvia), Toyota, +21.4secs"
COMING_BEFORE = re.compile(r"\b(?:next|upcoming|following|coming)\s+$", re.IGNORECASE)  # a round still to come
GENERIC_END = re.compile(r"\s+(?:championship|championships|series|division)$", re.IGNORECASE)
CLOSE = re.compile(r"(?:\s*\d+(?:cc)?)?\s*\)")  # "defending 2019 champion X": a year this close before the name is his own


def is_round_report(state: State, series: list[tuple[str, str]]) -> bool:
    """True when a sentence of the release's opening names its series together with a round word."""
    seen: set[tuple[int, int]] = set()
    for m in state.in_span(0, min(len(state.text), OPENING_CHARS)):
        if (m.type, m.name) not in series:
            continue
        s, e = state.sentence_of(m.start)
        if MEETING.search(m.text) is not None and AT_THE.search(state.text, max(s, m.start - 30), m.start):
            return True
        if (s, e) in seen:
            continue
        seen.add((s, e))
        e = min(e, OPENING_CHARS)  # a sentence that never ends is read no further than the opening
        if any(not COMING_BEFORE.search(state.text, max(s, r.start() - 12), r.start())
               for r in ROUND.finditer(state.text, s, e)):
            return True
    # "will start second in the X Round 5": a race the release names as one of the series' rounds
    names = {GENERIC_END.sub("", m.text) for m in state.mentions if (m.type, m.name) in series}
    return any(f"{n} Round " in state.text for n in names)


def field_of(ctx: Sentence, series: list[tuple[str, str]]) -> list[Mention]:
    """The drivers a sentence of a round report names as racing at the meeting."""
    text, base = ctx.state.text, ctx.base
    if TABLE_LINE.search(text, max(0, ctx.s - 6), ctx.s + 6) or PRACTICE_OUTING.search(ctx.text):
        return []  # a table's line (series_of_release reads points tables); a practice run, no race
    others = [c for c in ctx.champs if (c.type, c.name) not in series]
    if any(not _bracketed(text, c) for c in others):
        return []  # another series named: the results may be there
    out = []
    for d in ctx.drivers:
        if d.end <= d.start or ctx.quote_of(d.start) >= 0 or not ctx.may_hold(d, d.start, role_free=True):
            continue
        if any(0 <= c.start - d.end <= 3 for c in others):
            continue  # "X (Gixxer Cup 150)": the class or cup he is listed in
        before = text[max(ctx.s, d.start - PINNED_YEAR):d.start]
        after = text[d.end:min(ctx.e, d.end + PINNED_YEAR)]  # "the record set by X in 2010"
        if NOT_RACING_BEFORE.search(before) or CO_DRIVER_BEFORE.search(before) or \
                any(y != base for _, y in years_in(before, base) + years_in(after, base)):
            continue
        out.append(d)
    return out


def _bracketed(text: str, m: Mention) -> bool:
    """"Nelson's X (Gixxer Cup 150)": a cup in brackets after a name is that rider's class in a
    list of class results, not another series the sentence reports on."""
    return text[max(0, m.start - 2):m.start].strip() == "(" and CLOSE.match(text, m.end) is not None
