"""tokenize's fast construction gives exactly the tokens Token(start, end, text) gives."""

from __future__ import annotations

import random

import pytest

from racekb.extract import tokens
from racekb.extract.tokens import Token, tokenize

PIECES = ["A.J", "J.", ".x", "Penske", "Penske’s", "Penske's", "Rahal’", "No.", "31", "GT3.R", "V-Series.R", "A.J.", "Jr.", "O'Ward",
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
        assert [_fields(t) for t in tokenize(text)] == [_fields(t) for t in tokens._tokenize_plain(text)], text


def test_shape_table_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "_MAX_SHAPES", 5)
    tokens._SHAPES.clear()
    words = [f"W{i}" for i in range(20)]
    assert [t.text for t in tokenize(" ".join(words))] == words
    assert len(tokens._SHAPES) <= 5


RUN_PIECES = ["A.J", "J.", ".x", "Penske", "Penske’s", "Rahal’", "No.", "31", "of", "and", "on", "de", "series", "championship", "&", "Heart", "Racing",
              "racing", "the", "World", "Outlaws", "x", ", ", " ", " ", " ", "  ", ".", "\n\n", "Speed", "Series"]


def _run_callers() -> list:
    """The ways the rules split runs (teams, series, organisations), and a connector list that
    reaches past RUN_JOINERS (which must fall back to the plain way)."""
    from racekb.extract.rules.championships import IN_SERIES_NAME

    def team_also(tokens):
        return lambda i, tok, run: tok.text == "&" or (tok.text == "of" and len(run) == 1 and i + 1 < len(tokens)
                                                        and tokens[i + 1].text in ("Racing", "Speed"))
    return [
        lambda toks: dict(also=team_also(toks), connectors=("&", "of")),
        lambda toks: dict(also=lambda i, tok, run: tok.text in IN_SERIES_NAME, connectors=IN_SERIES_NAME,
                          possessive_ends=("’", "'", "’s", "'s")),
        lambda toks: dict(possessive_ends=()),
        lambda toks: dict(also=lambda i, tok, run: tok.text in ("racing", "of"), connectors=("racing", "of")),
        lambda toks: dict(also=lambda i, tok, run: not tok.text.isdigit()),
    ]


@pytest.mark.parametrize("seed", range(10))
def test_runs_over_run_words_match_plain_runs(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        text = "".join(rng.choice(RUN_PIECES) + rng.choice(["", " ", " ", ", "]) for _ in range(rng.randint(0, 40)))
        toks = tokenize(text)
        words = (tokens.RUN_JOINERS, tokens.run_words(toks))
        for caller in _run_callers():
            plain = tokens.capitalised_runs(toks, text, **caller(toks))
            fast = tokens.capitalised_runs(toks, text, words=words, **caller(toks))
            assert [[t.start for t in run] for run in fast] == [[t.start for t in run] for run in plain], text
