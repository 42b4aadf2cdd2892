"""The facts rules' word lists (extract/data/facts_cues.yaml), read once per process and turned into
case-blind patterns: the vocabulary is data, the rules only say where to look for it."""

from __future__ import annotations

import re
from functools import cache

import yaml

from racekb.extract.cues import CaseBlind
from racekb.extract.lexicon import _LOADER, DATA


@cache
def _lists() -> dict[str, tuple[str, ...]]:
    raw = yaml.load((DATA / "facts_cues.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
    return {key: tuple(str(w).casefold() for w in value) for key, value in raw.items()}


def words(key: str) -> tuple[str, ...]:
    """One list, lower case, as written."""
    return _lists()[key]


def alternation(key: str) -> str:
    """Regex source matching any phrase of a list (longest first, so "top ten" wins over "top")."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words(key), key=len, reverse=True)) + ")"


@cache
def phrase_pattern(key: str, before: str = r"(?<![\w-])", after: str = r"(?![\w-])") -> CaseBlind:
    """A case-blind pattern finding any phrase of a list as whole words; texts holding none of the
    phrases are not scanned (for a short list: a long one's grouped pattern finds its phrases
    sooner than the text is looked through once for each of them)."""
    phrases = tuple(sorted(set(words(key))))
    return CaseBlind(before + grouped(key) + after, needs=phrases if len(phrases) <= MOST_NEEDS else ())


MOST_NEEDS = 40  # not_a_win (79 phrases): 9.3 us a frame with needs, 5.1 without; intent (32): 5.5 and 4.7


def grouped(key: str) -> str:
    """`alternation(key)` grouped by first letter (cues.one_of): the same matches, with one test per
    letter instead of one per phrase at each place a pattern tries (a search anchored at the end
    of a window tries every character). The plain alternation when a phrase is not plain words."""
    from racekb.extract.cues import one_of

    try:
        return one_of(sorted(words(key), key=len, reverse=True))
    except ValueError:
        return alternation(key)
