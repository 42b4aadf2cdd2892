"""When a fact holds: the year a sentence gives the fact's own words, else the release's year.

A year written straight before another title or race ("his 2021 DPi title") belongs to that one;
of the years left, those after the cue come first. A career total ("his 12 career wins", "a
seven-time champion", "has won it five times") has no single year."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind
from racekb.extract.rules.years import years_in
from racekb.extract.state import Mention

# "seven-time champion", "three-time winner", "12 career wins", "five times", "his nine titles"
COUNTED = CaseBlind(r"\b(?:\w+-time|\d+-time)\s|\bcareer\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|"
                    r"twelve|\d+)\s+(?:times|titles|championships|crowns|victories|wins)\b|\ball-time\b|\btally\b",
                    needs=("time", "career", "titles", "championships", "crowns", "victories", "wins", "tally"))


def year_for(sentence: str, s_start: int, anchor: int, base_year: int, owners: list[Mention],
             after_only: bool = False) -> list[int]:
    """The years of a sentence that belong to the mention at `anchor` (absolute offset)."""
    found = years_in(sentence, base_year)
    if not found:
        return [base_year]
    rel_anchor = anchor - s_start
    own = [y for off, y in found if 0 <= rel_anchor - off <= 12]
    if own:
        return own[:1]
    taken = {off for off, _ in found for m in owners
             if m.start - s_start != rel_anchor and 0 <= (m.start - s_start) - off <= 12}
    free = [(off, y) for off, y in found if off not in taken]
    closest = [y for _, y in sorted(free, key=lambda fy: abs(fy[0] - rel_anchor))]
    if after_only:
        later = [y for off, y in free if off > rel_anchor]
        return later or closest[:1] or [base_year]
    return closest[:1] or [base_year]


def counted(text: str) -> bool:
    """True when the words count results over a career rather than state one ("became a
    two-time winner" counts, but states this win too)."""
    m = COUNTED.search(text)
    return m is not None and not BECAME.search(text[max(0, m.start() - 20):m.start()])


BECAME = re.compile(r"\b(?:became|becomes|become|becoming|is now|now a|now an)\s+(?:a\s+|an\s+|the\s+)?$",
                    re.IGNORECASE)
YEAR_WORD = re.compile(r"(?:19|20)\d\d")
