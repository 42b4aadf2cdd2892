"""The seasons a career sentence gives one series: "raced in F2000 in 2016 and USF2000 in 2017",
"the X series from 2018-20", "moving to the Y in 2019-20".

A year written straight after a series (after "in", "from", "during", with at most "race weekends"
or "season" between) is that series' own, even when the sentence gives other series other years;
a span gives each of its seasons. Nothing here looks further than a few words after the series."""

from __future__ import annotations

import re

# "in 2017", "from 2018-20", "from 2018 to 2020", "in 2016 and 2018", "in 2019-20", "race weekends in 2017"
YEAR_AFTER = re.compile(r"\s*(?:(?:series|championship|season|seasons|campaign|races?|race weekends?|rounds?|events?)\s+)?"
                        r"(in|from|during|between)\s+(?:the\s+)?((?:19|20)\d\d)"
                        r"(?:\s*[-–]\s*(\d{4}|\d\d)|\s+(?:to|through|until)\s+((?:19|20)\d\d)|"
                        r"\s+and\s+((?:19|20)\d\d))?(?![\w-])")
LONGEST_SPAN = 10


def years_after(text: str, end: int, base_year: int) -> list[int]:
    """The seasons written straight after a series ending at `end`; [] when none is."""
    m = YEAR_AFTER.match(text, end)
    if m is None:
        return []
    first = int(m.group(2))
    if m.group(5) and m.group(1) != "between":  # "in 2016 and 2018": two seasons, not the span between
        return [y for y in (first, int(m.group(5))) if y <= base_year + 5]
    last_text = m.group(3) or m.group(4) or m.group(5)
    last = first
    if last_text:
        last = int(last_text) if len(last_text) == 4 else (first // 100) * 100 + int(last_text)
    if not first <= last <= first + LONGEST_SPAN or last > base_year + 5:
        return [first] if first <= base_year + 5 else []
    return list(range(first, last + 1))
