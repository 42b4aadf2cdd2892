"""Word tokens with their offsets, and the capitalised runs most rules start from."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word: letters or digits, with inner apostrophes, hyphens and dots ("O'Ward", "V-Series.R").
WORD = re.compile(r"[^\W_](?:[\w’'\-]|\.(?=[^\W_]))*")
SUFFIXES = ("Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV")
PARTICLES = {"de", "da", "di", "do", "dos", "du", "van", "von", "der", "den", "la", "le", "del", "y", "ter", "zu"}
YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def has_digit(self) -> bool:
        return any(c.isdigit() for c in self.text)

    @property
    def bare(self) -> str:
        """The word without a possessive ending."""
        for ending in ("’s", "'s", "’", "'"):
            if self.text.endswith(ending) and len(self.text) > len(ending) + 1:
                return self.text[: -len(ending)]
        return self.text


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text, start, end)]


def gap(text: str, a: Token, b: Token) -> str:
    return text[a.end:b.start]


def joined_by_space(text: str, a: Token, b: Token) -> bool:
    """True when b follows a with only a space between (no comma, dash or sentence break)."""
    return gap(text, a, b) == " "


def strip_possessive(text: str, start: int, end: int) -> int:
    """The end offset of a name without its possessive ending."""
    for ending in ("’s", "'s", "’", "'"):
        if text[start:end].endswith(ending):
            return end - len(ending)
    return end
