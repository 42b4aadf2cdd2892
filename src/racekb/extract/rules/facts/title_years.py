"""won_title from a count of titles: "Vettel, who won four consecutive championships with Red Bull
between 2010 and 2013", "won three titles, in 2015, 2017 and 2019", "won three New Zealand titles".

A career count states no one title, unless the text names the years: then each named year is a
title. A range ("between 2010 and 2013", "from 2010 to 2013", "(2010-13)") is read year by year
only when the count says as many ("four" titles for four years); a list only when it holds as
many years as the count. The title is the series the sentence names, else the release's one
series. With no years, a count of "New Zealand titles" in a release naming one "... New Zealand
... Championship" is that series' titles, with no year (a count states none); "three karting
titles" is no series of it."""

from __future__ import annotations

import re
from collections.abc import Callable

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact, as_mention
from racekb.extract.rules.facts.groups import group
from racekb.extract.rules.facts.result import not_a_win
from racekb.extract.rules.facts.subjects import subject
from racekb.extract.state import Mention

NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
COUNTED_TITLES = re.compile(
    r"\b(?:won|wins|winning|claimed|clinched|took|secured|captured|collected|sealed)\s+(?:his\s+|her\s+|their\s+)?"
    r"(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d)\s+(?:consecutive\s+|straight\s+|successive\s+|"
    r"back-to-back\s+)?(?P<of>(?:[\w’'-]+\s+){0,2}?)(?:championships|titles|crowns)\b", re.IGNORECASE)
YEAR = r"((?:19|20)\d\d)"
RANGE = re.compile(r"^(?:\s+[\w-]+){0,4}?,?\s+(?:between\s+" + YEAR + r"\s+and\s+" + YEAR + r"|from\s+" + YEAR +
                   r"\s+(?:to|until|through)\s+" + YEAR + r"|\(\s*" + YEAR + r"\s*[-–]\s*((?:19|20)?\d\d)\s*\))")
LISTED = re.compile(r"^(?:\s+[\w-]+){0,4}?,?\s+in\s+((?:(?:19|20)\d\d(?:,\s*|\s+and\s+|,\s+and\s+)?){2,})")
FOUR = re.compile(r"(?:19|20)\d\d")


def years_named(after: str, n: int) -> list[int]:
    """The years the words after a count of `n` titles name, when they name exactly `n`."""
    m = RANGE.match(after)
    if m:
        got = [g for g in m.groups() if g]
        a, b = int(got[0]), int(got[1]) if len(got[1]) == 4 else int(got[0][:2] + got[1])
        return list(range(a, b + 1)) if b - a + 1 == n else []
    m = LISTED.match(after)
    if m:
        years = [int(y) for y in FOUR.findall(m.group(1))]
        return years if len(years) == n else []
    return []


def find(ctx: Sentence, series_of: Callable) -> None:
    """`series_of(state)`: the release's one series, or None (champion_epithet.the_series)."""
    if "itle" not in ctx.text and "hampionship" not in ctx.text and "rown" not in ctx.text:
        return
    text = ctx.state.text
    for m in COUNTED_TITLES.finditer(ctx.text):
        word = m.group("n")
        n = int(word) if word.isdigit() else NUMBERS[word.casefold()]
        at = ctx.s + m.end()
        years: list[int | None] = list(years_named(text[at:min(ctx.e, at + 90)], n))
        title = None
        if not years:
            title = _of_the_series(m.group("of"), ctx)
            if title is None:
                continue
            years = [None]  # "have won three New Zealand titles": that series, no one year
        pos = ctx.s + m.start()
        # "..., and Mark Delano won two crowns": the name straight before the verb, else the clause's subject
        subj = next((d for d in ctx.drivers if 0 <= pos - d.end <= 2 and d.end > d.start), None) \
            or subject(ctx.ms, pos, ("driver",), text)
        if subj is None or not ctx.may_hold(subj, pos) or ctx.objectish(subj):
            continue
        if subj.end <= pos and not_a_win(text[max(subj.end, ctx.s):pos]):
            continue  # "finished second to X, who won three titles ...": not the holder's
        title = title or _title(ctx, pos, at + 90, series_of)
        if title is None:
            continue
        for y in years:
            for who in group(text, ctx.ms, subj, pos):  # "Only A and B have won three titles"
                add_fact(ctx.state, who, "won_title", title, y, ctx.text, "title-win: counted")


def _of_the_series(words: str, ctx: Sentence) -> Mention | None:
    """The one series of the release whose name holds the words before "titles" ("three New Zealand
    titles" in a release on the New Zealand Superstock Championship; not "three karting titles"),
    when the sentence names no series itself."""
    if not words.strip() or ctx.champs:
        return None
    wanted = [w.casefold() for w in words.split()]
    names = {m.name for m in ctx.state.mentions
             if m.type == "championship" and all(w in m.name.casefold().split() for w in wanted)}
    return as_mention(("championship", names.pop())) if len(names) == 1 else None


def _title(ctx: Sentence, lo: int, hi: int, series_of: Callable) -> Mention | None:
    named = [c for c in ctx.champs if lo <= c.start < hi]
    if named:
        return named[0]
    if ctx.champs:
        return None  # the sentence names another series: which one the count is of is not said
    series = series_of(ctx.state)
    return as_mention(series) if series is not None else None
