"""Years in a sentence: "2023", "’22", "2006-07", and relative ones ("next season")
resolved against the release date."""

from __future__ import annotations

import re
from functools import lru_cache

from racekb.extract.cues import CaseBlind

YEAR = re.compile(r"(?<![\w$#.,])(?:(19|20)(\d\d)(?:\s?[-–]\s?(\d\d))?|[’'](\d\d))(?![\w%]|,\d)")
# relative years (case-blind), each with the words it cannot match without and its offset
RELATIVE = (
    (CaseBlind(r"\bnext (?:season|year|campaign)\b", needs=("next ",)), 1),
    (CaseBlind(r"\b(?:this|the current) (?:season|year|campaign)\b", needs=("this ", "current ")), 0),
    (CaseBlind(r"\b(?:last|previous) (?:season|year|campaign)\b", needs=("last ", "previous ")), -1),
    (CaseBlind(r"\b(?:a year ago)\b", needs=("a year ago",)), -1),
)
COUNT_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
YEARS_AGO = CaseBlind(r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|twenty-five|thirty|"
                      r"forty|fifty|sixty|seventy|[2-9]|[1-7]\d) years ago\b", needs=("years ago",))
# "thirty years ago this week": the larger counts a look back at history uses
MORE_COUNT_WORDS = {"eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30,
                    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
# "the first time since 2007": a reference point, not the fact's year
_REFERENCE_BEFORE = re.compile(r"\b(?:since|until|before|than|from)\s+(?:(?:early|late|mid)[- ])?(?:[A-Z][a-z]+\s+)?$")
_WHEN_AFTER = re.compile(r"^\d*,\s+when\b")


@lru_cache(maxsize=4096)
def years_in(text: str, base_year: int) -> tuple[tuple[int, int], ...]:
    """(offset, year) for every year written in `text`, explicit or relative. Cached: the facts
    rule asks again for the same sentence for each predicate."""
    out: list[tuple[int, int]] = []
    for m in YEAR.finditer(text):
        if _REFERENCE_BEFORE.search(text[max(0, m.start() - 20):m.start()]) and \
                not _WHEN_AFTER.match(text[m.end():m.end() + 10]):
            continue  # "the first time since 2007": a reference point, not the fact's year
        if m.group(4):
            two = int(m.group(4))
            century = (base_year // 100) * 100
            year = century + two if century + two <= base_year + 1 else century - 100 + two
            out.append((m.start(), year))
        else:
            year = int(m.group(1) + m.group(2))
            if not 1900 <= year <= base_year + 5:
                continue
            out.append((m.start(), year))
            if m.group(3):
                out.append((m.start(3), (year // 100) * 100 + int(m.group(3))))
    for pattern, delta in RELATIVE:
        for m in pattern.finditer(text):
            out.append((m.start(), base_year + delta))
    for m in YEARS_AGO.finditer(text):  # "four years ago": counted back from the release's year
        n = m.group(1).casefold()
        back = int(n) if n.isdigit() else MORE_COUNT_WORDS.get(n) or COUNT_WORDS.index(n) + 2
        out.append((m.start(), base_year - back))
    return tuple(sorted(out))
