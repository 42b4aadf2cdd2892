"""The cue helpers: CaseBlind's fast path finds exactly what re.IGNORECASE finds, at the same offsets;
Keyed patterns find what their pattern finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from racekb.extract.cues import CaseBlind, Keyed, capital_words, word_start
from racekb.extract.rules import roles, years
from racekb.extract.rules.facts import (
    competes_in,
    drives,
    drives_for,
    pole,
    release,
    won_race,
    won_title,
)
from racekb.extract.rules.facts.subjects import REPLACE

PATTERNS = [won_title.TITLE_WIN, won_title.NOT_A_WIN, won_race.RACE_WIN, drives.DRIVE, drives_for.FOR_TEAM, REPLACE, pole.POLE,
            competes_in.COMPETE, won_title.TITLE_WORDS, release.THE_RACE_WIN, roles.STRONG_DRIVER, roles.RACING,
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


def _keyed_patterns() -> list[Keyed]:
    from racekb.extract.rules import cars, championships, events, orgs, teams, tracks

    return [*events.SHAPES, *tracks.SHAPES, orgs.ROLE_OF, orgs.ROLE_AFTER, championships.TITLE,
            championships.COUNTED, championships.CHAMPION_OF, won_title.THE_TITLE, won_race.SECOND_BEHIND,
            teams.CAR_OWNER, teams.ACRONYM_TEAM, teams.POSSESSIVE, cars.NUMBER]


KEYED_PIECES = ["Grand Prix", "Grand Prix of ", "Hill Climb", "HillClimb", "Classic", "Race", "Rally", "Rally ",
                " Hours of ", "24", "E-Prix", "ePrix", "Speedway", "Raceway", "Motorsports Park", "Circuit",
                "Circuit of The ", "Autódromo ", "Ring", "CEO", "CEO and founder", " of ", "President", "boss",
                "owner", "title", "titles", "first", "second", "runner-up", " behind ", "Champion", "win",
                "victory", "crown", "championship", "the", " ", " ", "Lucas Oil", "Daytona", "500", "1000", "Ford",
                "World", "Sprint", "’s", ", ", ". ", "-", "İ", "the Canadian", "No.", "No. 7", "#12", "Roush Fenway",
                "’s ", "'s ", "Carl Edwards", "team RFR", "team", "Team"]


@pytest.mark.parametrize("seed", range(5))
def test_keyed_needs_hold(seed: int) -> None:
    """Every match of a keyed pattern holds one of its needed words, so skipping texts without
    any changes nothing: on random text, and on the test releases."""
    rng = random.Random(seed)
    texts = ["".join(rng.choice(KEYED_PIECES) for _ in range(rng.randint(1, 25))) for _ in range(2000)]
    if seed == 0:
        texts += [p.read_text(encoding="utf-8") for p in (Path(__file__).parents[1] / "releases").glob("*.txt")]
    for keyed in _keyed_patterns():
        raw = re.compile(keyed.pattern)
        for text in texts:
            found = [m.span() for m in raw.finditer(text)]
            assert [m.span() for m in keyed.finditer(text)] == found
            for start, end in found:
                assert any(need in text[start:end] for need in keyed.needs), (keyed.pattern, text[start:end])


@pytest.mark.parametrize("rest, sep, least, most, not_after, lazy", [
    (r"[\w\-&]*", " ", 1, 4, r"[\w’']", False), (r"[\w\-]+", " ", 1, 3, r"[\w’']", True),
    (r"[\w\-]*", r"\s", 1, 4, r"[\w-]", False), (r"[\w\-'’]*", " ", 2, 2, r"[\w’']", False)])
def test_capital_words_is_the_look_behind_form(rest: str, sep: str, least: int, most: int, not_after: str,
                                               lazy: bool) -> None:
    lazy_mark = "?" if lazy else ""
    tail = r"(?:Race|Champion|\d+)\b"
    fast = re.compile("(" + capital_words(rest, sep, least, most, not_after, lazy) + ")" + tail)
    plain = re.compile(f"((?<!{not_after})(?:[A-Z]{rest}{sep}){{{least},{most}}}{lazy_mark})" + tail)
    pieces = ["Ford ", "Coke Zero ", "x", "’", "'", "-", "A", "Race", "Champion", "400", " ", "\n", "World Rally ",
              "O'Neil ", "é", "É", "_", "&", "Bank-of ", "."]
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        assert [m.span(1) for m in fast.finditer(text)] == [m.span(1) for m in plain.finditer(text)], text


@pytest.mark.parametrize("first, not_after", [("[A-Z]", r"\w"), ("[Tt]", r"\w"), ("[A-Z]", r"[\w-]")])
def test_word_start_is_a_boundary(first: str, not_after: str) -> None:
    fast = re.compile(word_start(first, not_after) + r"\w*")
    plain = re.compile(rf"(?<!{not_after}){first}\w*")
    pieces = ["The", "the", "Tom", "xT", "_T", "9T", " ", "’", "-", "é", "É", "\n", "Other", "at"]
    rng = random.Random(4)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text


ONE_OF_WORDS = ["won", "wins", "win", "winning", "wrapped up", "title", "titles", "took", "co-drive", "co-driven",
                "in the", "in", "drive", "driver of", "drives", "a", "at", "and the entire"]


@pytest.mark.parametrize("seed", range(10))
def test_one_of_matches_the_plain_alternation(seed: int) -> None:
    """Grouping the words by first letter changes nothing a search, a match or finditer finds."""
    from racekb.extract.cues import one_of

    rng = random.Random(seed)
    for _ in range(200):
        words = rng.sample(ONE_OF_WORDS, rng.randint(1, len(ONE_OF_WORDS)))
        text = " ".join(rng.choice(ONE_OF_WORDS + ["x", ",", "Won", "twin", "drivers"]) for _ in range(rng.randint(0, 20)))
        for around in (r"{}", r"\b{}\b", r"\b{}\b[^.]{{0,10}}?\b(?:in|at)\s+(\w+)"):
            plain = re.compile(around.format("(?:" + "|".join(map(re.escape, words)) + ")"))
            grouped = re.compile(around.format(one_of(words)))
            assert [m.span() + m.groups() for m in grouped.finditer(text)] == \
                [m.span() + m.groups() for m in plain.finditer(text)], (words, text)


def test_one_of_refuses_regex_syntax() -> None:
    from racekb.extract.cues import one_of

    with pytest.raises(ValueError):
        one_of(["won", "(?<!vice-)champion"])
