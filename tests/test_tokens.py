"""tokenize's fast construction gives exactly the tokens Token(start, end, text) gives."""

from __future__ import annotations

import random

import pytest

from racekb.extract import tokens
from racekb.extract.tokens import Token, tokenize

PIECES = ["Penske", "Penske’s", "Penske's", "Rahal’", "No.", "31", "GT3.R", "V-Series.R", "A.J.", "Jr.", "O'Ward",
          "s’", "'s", "x", "I", "2023", "de", "McLaren", "é", "Élan", "ﬁ", "İ", "ß", "_", "-", ".", ",", " ", " ",
          "\n\n", "’", "'", "DPi", "e-Prix", "4x4", "Z06", "racing"]


def _fields(tok: Token) -> tuple:
    return tok.start, tok.end, tok.text, tok.is_cap, tok.has_digit, tok.bare


@pytest.mark.parametrize("seed", range(10))
def test_fast_tokens_match_plain_tokens(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        for tok in tokenize(text):
            assert type(tok) is Token
            assert _fields(tok) == _fields(Token(tok.start, tok.end, text[tok.start:tok.end])), text


def test_shape_table_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "_MAX_SHAPES", 5)
    tokens._SHAPES.clear()
    words = [f"W{i}" for i in range(20)]
    assert [t.text for t in tokenize(" ".join(words))] == words
    assert len(tokens._SHAPES) <= 5
