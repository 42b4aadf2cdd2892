"""CaseBlind's fast path finds exactly what re.IGNORECASE finds, at the same offsets."""

from __future__ import annotations

import random
import re

import pytest

from racekb.extract.caseblind import CaseBlind
from racekb.extract.rules import facts, roles, years

PATTERNS = [facts.TITLE_WIN, facts.RACE_WIN, facts.DRIVE, facts.FOR_TEAM, facts.REPLACE, facts.POLE,
            facts.COMPETE, facts.THE_RACE_WIN, roles.STRONG_DRIVER, roles.RACING,
            *(pattern for pattern, _ in years._RELATIVE), roles._role_patterns()[1]]
# ASCII, the caseless punctuation of the fast path, and letters whose case rules are not ASCII's
# ("İ" lower-cases to two characters, "K" (Kelvin) and "ſ" match "k" and "s" case-blind)
PIECES = ["won", "WON", "Won", "pole", "Pole-sitter", "hyperpole", "replacing", "in place of", "drove", "his",
          "next season", "THIS YEAR", "a year ago", "vice-champion", "champion", "title", "’s", "'s", "“", "”",
          "–", " ", " ", ", ", ". ", "-", "x", "2023", "CEO", "Team Manager", "(crew chief)", "]", " is ", "İ", "ı", "K", "ſ", "é", "ß", "Ω", "ﬁ", "\n"]


def _spans(pattern: re.Pattern[str] | CaseBlind, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("seed", range(20))
def test_fast_path_matches_ignorecase(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        for cue in PATTERNS:
            blind = re.compile(cue.pattern, re.IGNORECASE)
            assert _spans(cue, text) == _spans(blind, text), (cue.pattern, text)
            found, expected = cue.search(text), blind.search(text)
            assert (found and found.span()) == (expected and expected.span())
            found, expected = cue.match(text), blind.match(text)
            assert (found and found.span()) == (expected and expected.span())


def test_pattern_must_be_lower_case() -> None:
    with pytest.raises(ValueError):
        CaseBlind(r"\bWon\b")
    with pytest.raises(ValueError):
        CaseBlind(r"\W+won")  # lower-casing \W would make it \w
