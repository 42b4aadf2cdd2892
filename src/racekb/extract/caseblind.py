"""Case-blind cue patterns ("won", "drove", "replacing"), searched faster on everyday text.

Python's re runs a pattern compiled with re.IGNORECASE several times slower than a case-sensitive
one: it folds the case of every character it tries. Most sentences hold only ASCII letters (and
punctuation that has no case, such as curly quotes and dashes). In such a text, lower-casing the
text keeps every offset, and a case-sensitive pattern written in lower case then finds exactly the
matches, at exactly the offsets, that the case-blind pattern finds in the original. Any other text
(accented or non-Latin letters, whose case rules differ) is searched with the case-blind pattern,
as before.

The match objects of the fast path belong to the lower-cased text: read their offsets, and not
their groups' text.
"""

from __future__ import annotations

import re
from typing import Iterator

# punctuation common in releases that has no case: text made of these and ASCII takes the fast path
_CASELESS_PUNCTUATION = "‘’“”–—…"
_PLAIN = re.compile(f"[\\x00-\\x7f{_CASELESS_PUNCTUATION}]*")


def _plain(text: str) -> bool:
    """True when lower-casing `text` changes only ASCII letters (so no offset moves and no
    letter matches case-blind in a way str.lower does not show)."""
    return text.isascii() or _PLAIN.fullmatch(text) is not None


class CaseBlind:
    """A pattern compiled with re.IGNORECASE, with the faster path above. The pattern must be
    written in lower case (escapes such as \\W or \\S are refused: lower-casing would change them).

    `needs`, when given, are lower-case strings of which every match holds at least one ("pole"
    for "pole position" and "hyperpole"): on the fast path a text holding none of them is not
    searched at all, which is most sentences for most cues.
    """

    __slots__ = ("pattern", "needs", "_blind", "_lower")

    def __init__(self, pattern: str, needs: tuple[str, ...] = ()) -> None:
        if pattern != pattern.lower() or any(need != need.lower() for need in needs):
            raise ValueError(f"a case-blind pattern is written in lower case: {pattern!r}")
        self.pattern = pattern
        self.needs = needs
        self._blind = re.compile(pattern, re.IGNORECASE)
        self._lower = re.compile(pattern)

    def _may_match(self, low: str) -> bool:
        """False when the lower-cased text holds none of the needed words (so nothing can match)."""
        return not self.needs or any(need in low for need in self.needs)

    def search(self, text: str) -> re.Match[str] | None:
        if not _plain(text):
            return self._blind.search(text)
        low = text.lower()
        return self._lower.search(low) if self._may_match(low) else None

    def match(self, text: str) -> re.Match[str] | None:
        if not _plain(text):
            return self._blind.match(text)
        low = text.lower()
        return self._lower.match(low) if self._may_match(low) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if not _plain(text):
            return self._blind.finditer(text)
        low = text.lower()
        return self._lower.finditer(low) if self._may_match(low) else iter(())


def case_blind(pattern: str) -> CaseBlind | re.Pattern[str]:
    """A case-blind pattern built from data (word lists): a CaseBlind when it is written in lower
    case, else a plain re.IGNORECASE pattern (correct, only slower)."""
    if pattern == pattern.lower():
        return CaseBlind(pattern)
    return re.compile(pattern, re.IGNORECASE)
