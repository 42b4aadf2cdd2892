"""Drivers named together: "A and B", "A, B and C", "A will team up with B", "A and co-driver B",
"A and American B":
a result or a car of the lead driver is the whole group's."""

from __future__ import annotations

import re

from racekb.extract.state import Mention

GROUP_JOIN = re.compile(r"^(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+|\s+(?:will\s+)?(?:team(?:s|ed)? up with|join(?:s|ed)?|"
                        r"alongside|partner(?:s|ed)? with|share(?:s)? the car with|and teammate|and team-mate|"
                        r"and co-driver|and co-drivers|and codriver)\s+)$")


NATIONALITY_AFTER_AND = re.compile(r"^\s+(?:and|&)\s+([A-Z][a-z]+)\s+$")  # "A and American B"


def _joined(gap: str) -> bool:
    if GROUP_JOIN.match(gap):
        return True
    m = NATIONALITY_AFTER_AND.match(gap)
    if m is None:
        return False
    from racekb.extract.lexicon import word_list

    return m.group(1).casefold() in word_list("epithet_nouns")


def group(text: str, ms: list[Mention], lead: Mention, limit: int) -> list[Mention]:
    """The lead driver and those joined to it by "and", commas or "will team up with"."""
    if lead.end <= lead.start:  # "They ...": the drivers the sentence before opened on, standing at its start
        crew = [m for m in ms if m.type == "driver" and m.start == lead.start and m.end <= m.start]
        return crew if lead in crew else [lead]
    drivers = sorted((m for m in ms if m.type == "driver" and m.end <= limit and m.end > m.start),
                     key=lambda m: m.start)
    if lead not in drivers:
        return [lead]
    i = j = drivers.index(lead)
    while i > 0 and _joined(text[drivers[i - 1].end:drivers[i].start]):
        i -= 1
    while j + 1 < len(drivers) and _joined(text[drivers[j].end:drivers[j + 1].start]):
        j += 1
    return drivers[i:j + 1]
