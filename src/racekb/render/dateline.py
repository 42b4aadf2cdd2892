"""A press release's opening dateline ("DETROIT (Oct. 19, 2023) –"), found so it can be left out.

A feed's summary or a page's description is read on its own, where the city and date repeat what
the entry already says (its date) or say nothing at all. The forms are the wire services' and
the newsrooms' conventions, not any one sender's: a place, then a date or a wire in brackets, or
a date then a wire's name between slashes, or an all-capitals place and a dash. Anything else
is left as it is: dropping a real first sentence would cost more than keeping a city.
"""

from __future__ import annotations

import re

_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?")
_DATE = rf"{_MONTH}\s+\d{{1,2}}(?:,?\s*\d{{4}})?"
_DASH = r"[–—-]{1,2}"
# a place: capitalised words with commas, dots and apostrophes ("Mooresville, NC", "DAYTONA BEACH, Fla.")
_PLACE = r"[A-Z][A-Za-z.'’&]*(?:[ ,]+[A-Za-z.'’&]+){0,6}"
_WIRE = r"[A-Z][A-Za-z0-9 .&/-]{0,25}(?:WIRE|[Ww]ire)"  # (BUSINESS WIRE), (PRNewswire)

_FORMS = [
    # DETROIT (Oct. 19, 2023) –   |   Huntington Beach, CA – (August 13, 2012)   |   INDIANAPOLIS–(BUSINESS WIRE)–
    re.compile(rf"{_PLACE}\s*,?\s*(?:{_DASH})?\s*\((?:{_DATE}|{_WIRE})\)\s*(?:{_DASH}\s*)?"),
    # JUPITER, FL, March 25, 2024 /24-7PressRelease/ --   |   Greensboro, United States - February 17, 2025 / Impex /
    re.compile(rf"{_PLACE}\s*,?\s*(?:{_DASH})?\s*{_DATE}\s*(?:/[^/\n]{{1,60}}/\s*)?(?:{_DASH}\s*)?(?=\S|$)"),
    # MIAMI, Fla. –   (the place in capitals, as wire datelines write it)
    re.compile(rf"[A-Z]{{3,}}(?:[ .'’-]+[A-Z]{{2,}})*\.?(?:,\s*[A-Z][A-Za-z.]{{1,15}})?\s*{_DASH}\s+"),
]
_ENDS_CLAUSE = re.compile(rf"(?:\)|/|{_DASH})\s*$")


def strip_dateline(text: str) -> str:
    """`text` without a leading dateline (the whole text when it has none)."""
    stripped = text.lstrip()
    for n, form in enumerate(_FORMS):
        match = form.match(stripped)
        if match is None:
            continue
        head = match.group()
        # the bare-date form must end as a dateline does (a bracket, a slash, a dash) or end the text
        if n == 1 and not (_ENDS_CLAUSE.search(head) or match.end() == len(stripped)):
            continue
        return stripped[match.end():].lstrip(" –—-")
    return stripped
