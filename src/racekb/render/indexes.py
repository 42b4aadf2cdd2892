"""How each type index is sorted and grouped: people by surname letter, championships by the body
that runs them, everything else A–Z by name. A reader scanning for "Blomqvist" looks under B."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from racekb.model.graph import Entity

SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Sanctioning bodies and series families, in the order a name is searched for them.
BODIES = ("IMSA", "NASCAR", "INDYCAR", "FIA", "SRO", "ARCA", "FIM", "SCCA", "DTM", "Super GT", "Super Formula")
PERSON_TYPES = ("driver", "person")


@dataclass
class Group:
    label: str
    anchor: str
    entities: list[Entity]


def fold(text: str) -> str:
    """Lowercase ASCII for sorting ("Pérez" sorts with "Perez")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def natural(text: str) -> tuple:
    """A sort key that orders numbers by value: "No. 8" before "No. 31"."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", fold(text)))


def surname(name: str) -> str:
    words = [w for w in name.split() if w.rstrip(".").casefold() not in SUFFIXES]
    return words[-1] if words else name


def _letter(text: str) -> str:
    folded = fold(text).lstrip("\"'“‘(")
    return folded[:1].upper() if folded[:1].isalpha() else "#"


def body_of(name: str) -> str:
    """The series family a championship belongs to, found in its name ("IMSA …", "… NASCAR …")."""
    for body in BODIES:
        if re.search(r"(?<!\w)" + re.escape(body) + r"(?!\w)", name, re.IGNORECASE):
            return body
    return "Other series"


def group(etype: str, entities: list[Entity]) -> list[Group]:
    """The entities of one type, sorted and grouped for their index page."""
    groups: dict[str, list[Entity]] = defaultdict(list)
    if etype in PERSON_TYPES:
        key = lambda e: (fold(surname(e.name)), fold(e.name))  # noqa: E731
        for e in sorted(entities, key=key):
            groups[_letter(surname(e.name))].append(e)
    elif etype == "championship":
        for e in sorted(entities, key=lambda e: fold(e.name)):
            groups[body_of(e.name)].append(e)
    elif etype == "car":
        for e in sorted(entities, key=lambda e: natural(e.name)):
            groups["By number" if re.match(r"(?i)no\.?\s*\d", e.name) else _letter(e.name)].append(e)
    else:
        for e in sorted(entities, key=lambda e: natural(e.name)):
            groups[_letter(e.name)].append(e)
    labels = sorted(groups, key=lambda g: (g != "By number", g in ("#", "Other series"), g.casefold()))
    return [Group(label, "group-" + (re.sub(r"[^a-z0-9]+", "-", fold(label)).strip("-") or "other"), groups[label])
            for label in labels]
