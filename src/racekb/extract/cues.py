"""Cue patterns ("won", "drove", "Grand Prix") searched without scanning text that cannot hold them.

Two helpers, both with the same search / match / finditer as a compiled pattern:

* `Keyed`: a pattern with the words it cannot match without. A text holding none of them is not
  scanned at all (re tries every position of the text for a pattern that starts with a
  look-behind or an alternation, and most cues are absent from most sentences).

* `CaseBlind`: a case-blind pattern. Python's re runs a pattern compiled with re.IGNORECASE several
  times slower than a case-sensitive one: it folds the case of every character it tries. Most
  sentences hold only ASCII letters (and punctuation that has no case, such as curly quotes and
  dashes). In such a text, lower-casing the text keeps every offset, and a case-sensitive pattern
  written in lower case then finds exactly the matches, at exactly the offsets, that the
  case-blind pattern finds in the original. Any other text (accented or non-Latin letters, whose
  case rules differ) is searched with the case-blind pattern, as before. The match objects of the
  fast path belong to the lower-cased text: read their offsets, and not their groups' text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# punctuation common in releases that has no case: text made of these and ASCII takes the fast path
_CASELESS_PUNCTUATION = "‘’“”–—…"
_PLAIN = re.compile(f"[\\x00-\\x7f{_CASELESS_PUNCTUATION}]*")


@lru_cache(maxsize=16)
def _lowered(text: str) -> str | None:
    """`text` lower-cased when lower-casing changes only ASCII letters (so no offset moves and no
    letter matches case-blind in a way str.lower does not show), else None. Remembered for a
    while: the facts rule asks several cues of the same sentence in a row."""
    if text.isascii() or _PLAIN.fullmatch(text) is not None:
        return text.lower()
    return None


def _fewest(needs: tuple[str, ...]) -> tuple[str, ...]:
    """The needs without those that hold another ("bids" holds "bid"): a text holding none of the
    rest holds none of them either, so the test answers the same with fewer scans of the text."""
    unique = tuple(dict.fromkeys(needs))
    # shortest first: a short need ("in", "won") stands in more texts, so a text that holds one
    # is told so after fewer scans (the answer does not depend on the order)
    return tuple(sorted((n for n in unique if not any(o != n and o in n for o in unique)), key=len))


class Keyed:
    """A case-sensitive pattern and `needs`, strings of which every match holds at least one
    ("Grand Prix" for "<Name> Grand Prix"): a text holding none of them is not scanned."""

    __slots__ = ("pattern", "needs", "_compiled")

    def __init__(self, pattern: str, needs: tuple[str, ...]) -> None:
        if not needs:
            raise ValueError("a keyed pattern needs at least one word")
        self.pattern = pattern
        self.needs = _fewest(needs)
        self._compiled = re.compile(pattern)

    def holds_needed(self, text: str) -> bool:
        for need in self.needs:  # a plain loop: cheaper than any() over a generator here
            if need in text:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        return self._compiled.search(text) if self.holds_needed(text) else None

    def match(self, text: str) -> re.Match[str] | None:
        return self._compiled.match(text) if self.holds_needed(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._compiled.finditer(text) if self.holds_needed(text) else iter(())


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
        self.needs = _fewest(needs)
        self._blind = re.compile(pattern, re.IGNORECASE)
        self._lower = re.compile(pattern)

    def _may_match(self, low: str) -> bool:
        """False when the lower-cased text holds none of the needed words (so nothing can match)."""
        if not self.needs:
            return True
        for need in self.needs:  # a plain loop: cheaper than any() over a generator here
            if need in low:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        low = _lowered(text)
        if low is None:
            return self._blind.search(text)
        return self._lower.search(low) if self._may_match(low) else None

    def match(self, text: str) -> re.Match[str] | None:
        low = _lowered(text)
        if low is None:
            return self._blind.match(text)
        return self._lower.match(low) if self._may_match(low) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        low = _lowered(text)
        if low is None:
            return self._blind.finditer(text)
        return self._lower.finditer(low) if self._may_match(low) else iter(())


def case_blind(pattern: str) -> CaseBlind | re.Pattern[str]:
    """A case-blind pattern built from data (word lists): a CaseBlind when it is written in lower
    case, else a plain re.IGNORECASE pattern (correct, only slower)."""
    if pattern == pattern.lower():
        return CaseBlind(pattern)
    return re.compile(pattern, re.IGNORECASE)


def capital_words(rest: str, sep: str, least: int, most: int, not_after: str, lazy: bool = False) -> str:
    """Regex source for `least` to `most` words, each a capital letter then `rest` then `sep`, the
    first not preceded by a character of the class `not_after`: what `(?<!{not_after})(?:[A-Z]{rest}{sep}){least,most}`
    says, and it matches exactly the same.

    It is written with the first capital before the look-behind: re can then jump from capital to
    capital when it scans a text, instead of trying the look-behind at every character (about
    twice as fast on a release).
    """
    lazy_mark = "?" if lazy else ""
    return (f"[A-Z](?<!{not_after}[A-Z]){rest}{sep}"
            f"(?:[A-Z]{rest}{sep}){{{least - 1},{most - 1}}}{lazy_mark}")


_PLAIN_WORD = re.compile(r"[\w\- ]+")


def one_of(words: list[str] | tuple[str, ...]) -> str:
    """Regex source for the alternation `(?:w1|w2|...)` of plain words (letters, digits, hyphens,
    spaces), written with the words grouped by their first letter ("w(?:on|ins)|t(?:ook|akes)"):
    re then tests one letter per group at each place instead of one per word, and a cue of
    fifty verbs is tried at every word start of a release.

    It matches exactly what the plain alternation matches, at the same places: words with
    different first letters cannot match at the same place, and within a group the words keep
    their order (which decides among words that both match)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        if not word or _PLAIN_WORD.fullmatch(word) is None:
            raise ValueError(f"one_of takes plain words: {word!r}")
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"


def word_start(first: str, not_after: str = r"\w") -> str:
    """Regex source for a character of the class `first` not preceded by one of `not_after`:
    what `(?<!{not_after}){first}` says (with the default, `\\b{first}` for word characters),
    with the look-behind after the character so that re can jump from candidate to candidate
    instead of testing the look-behind at every character."""
    return f"{first}(?<!{not_after}{first})"
