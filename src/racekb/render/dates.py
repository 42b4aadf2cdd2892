"""Dates as a reader writes them: "19 October 2023", not "2023-10-19".

Why its own module: the templates and their Python twins (macro_twins) all
show release dates, and must show them the same way. The ISO form stays in `<time datetime>`
for machines; only the words a person reads change. English month names, day first (the
house style of the releases' own datelines is irrelevant: one form everywhere).
"""

from __future__ import annotations

from functools import lru_cache

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@lru_cache(maxsize=4096)
def long_date(iso: str) -> str:
    """ "2023-10-19" -> "19 October 2023"; "2023-10" -> "October 2023"; "2023" stays. Anything
    that is not such a date is returned as it is (a hand-edited record may hold text), so a page
    never fails over a date. Cached: a site repeats the same few thousand dates on every page."""
    if not isinstance(iso, str):
        return str(iso)
    parts = iso.split("-")
    if not (1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4):
        return iso
    if len(parts) >= 2:
        month = int(parts[1])
        if not 1 <= month <= 12:
            return iso
        if len(parts) == 3:
            day = int(parts[2])
            if not 1 <= day <= 31:
                return iso
            return f"{day} {MONTHS[month - 1]} {parts[0]}"
        return f"{MONTHS[month - 1]} {parts[0]}"
    return iso
