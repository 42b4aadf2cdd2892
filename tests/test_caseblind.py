"""CaseBlind's fast path finds exactly what re.IGNORECASE finds, at the same offsets."""

from __future__ import annotations

import random
import re

import pytest

from racekb.extract.caseblind import CaseBlind
from racekb.extract.rules import facts, roles, years

PATTERNS = [facts.TITLE_WIN, facts.NOT_A_WIN, facts.RACE_WIN, facts.DRIVE, facts.FOR_TEAM, facts.REPLACE, facts.POLE,
            facts.COMPETE, facts.TITLE_WORDS, facts.THE_RACE_WIN, roles.STRONG_DRIVER, roles.RACING,
            *(pattern for pattern, _ in years.RELATIVE), roles._role_patterns()[1]]
# ASCII, the caseless punctuation of the fast path, and letters whose case rules are not ASCII's
# ("İ" lower-cases to two characters, "K" (Kelvin) and "ſ" match "k" and "s" case-blind)
PIECES = ["won", "WON", "Won", "pole", "Pole-sitter", "hyperpole", "replacing", "in place of", "drove", "his",
          "next season", "THIS YEAR", "a year ago", "vice-champion", "champion", "title", "’s", "'s", "“", "”",
          "–", " ", " ", ", ", ". ", "-", "x", "2023", "CEO", "Team Manager", "(crew chief)", "]", " is ",
          "Runner-up", "stepping in for", "Takes over from", "victory lane", "took the Checkered flag",
          "the current Year", "Titles", "Championship", "fell short", "Deputising for", "triumph", "Polesitter", "İ", "ı", "K", "ſ", "é", "ß", "Ω", "ﬁ", "\n"]


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


@pytest.mark.parametrize("cue", [c for c in PATTERNS if isinstance(c, CaseBlind) and c.needs], ids=lambda c: c.needs[0])
def test_every_match_holds_a_needed_word(cue: CaseBlind) -> None:
    rng = random.Random(1)
    blind = re.compile(cue.pattern, re.IGNORECASE)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        for m in blind.finditer(text):
            assert any(need in m.group().lower() for need in cue.needs) or not m.group().isascii(), (cue.pattern, m)


def test_pattern_must_be_lower_case() -> None:
    with pytest.raises(ValueError):
        CaseBlind(r"\bWon\b")
    with pytest.raises(ValueError):
        CaseBlind(r"\W+won")  # lower-casing \W would make it \w
