"""The mention finder of the release linker: the same matches as a regex alternation of the forms
(longest first, between word boundaries), which it replaced for speed."""

from __future__ import annotations

import random
import re

import pytest

from racekb.render.linker import find_mentions, find_word, render_linked


def by_regex(text: str, forms: list[str]) -> list[tuple[int, int]]:
    ordered = sorted({f for f in forms if f.strip()}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(f) for f in ordered) + r")(?![\w])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("text, forms, expected", [
    ("Tom Blomqvist and Blomqvist", ["Blomqvist", "Tom Blomqvist"], [(0, 13), (18, 27)]),
    ("the No. 31 car, No. 311", ["No. 31"], [(4, 10)]),
    ("Derani's win", ["Derani"], [(0, 6)]),
    ("MotoGP_2024 MotoGP", ["MotoGP"], [(12, 18)]),
    ("Pérez and Péreza", ["Pérez"], [(0, 5)]),
    ("", ["x"], []),
])
def test_whole_words_longest_first(text: str, forms: list[str], expected: list[tuple[int, int]]) -> None:
    assert find_mentions(text, forms) == expected == by_regex(text, forms)


def test_same_as_the_regex_on_random_text() -> None:
    rng = random.Random(7)
    pieces = ["a", "b", "ab", " ", "_", "é", "1", ".", "-", "No. 3", "Ä"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        forms = [f for f in {"".join(rng.choice(pieces) for _ in range(rng.randint(1, 3))) for _ in range(3)}
                 if f.strip()]
        if forms:
            assert find_mentions(text, forms) == by_regex(text, forms), (text, forms)


def test_links_land_outside_markup_and_stay_escaped() -> None:
    html = render_linked("Tom <b> Blomqvist won. [Blomqvist](https://x.test)", {"Blomqvist": "driver/tb"},
                         lambda eid: f"../{eid}/", {"driver/tb": "Tom Blomqvist (driver)"})
    assert html.count('class="mention"') == 1
    assert "&lt;b&gt;" in html


def test_find_word_is_the_first_whole_word_match() -> None:
    """find_word (the sentence quoted under "Mentioned in") finds what `(?<!\\w)form(?!\\w)` does,
    also across the NULs that join a release's sentences and for forms that are not words."""
    rng = random.Random(13)
    pieces = ["a", "b", "ab", " ", "_", "é", "1", ".", "-", "No. 3", "Ä", "\0", "٣"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        form = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 3)))
        match = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)").search(text)
        assert find_word(text, form) == (match.start() if match else -1), (text, form)
