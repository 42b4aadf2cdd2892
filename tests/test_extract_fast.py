"""The extractor's remembered look-ups give what the plain look-ups give."""

from __future__ import annotations

import pytest

from racekb.extract.rules import gazetteer
from racekb.extract.tokens import word_shape

WORDS = ["Ford", "Ford’s", "Ford's", "ford", "FORD", "WEC", "World", "world", "Daytona", "Daytona’s", "the", "Le",
         "le", "No.", "Porsche", "x", "Élan", "İstanbul", "ß", "Grand", "GRAND"]


def _plain(word: str) -> tuple[list, tuple]:
    exact, loose = gazetteer._by_first_word()
    bare = word_shape(word)[2]
    forms = list(exact.get(word, ()))
    if bare != word:
        forms += exact.get(bare, ())
    return forms, tuple(loose.get(word.casefold(), ()))


@pytest.mark.parametrize("word", WORDS)
def test_forms_of_matches_plain_lookup(word: str) -> None:
    gazetteer._FORMS_OF.clear()
    for _ in range(2):  # worked out, then remembered
        forms, loose = gazetteer._FORMS_OF.get(word) or gazetteer._forms_of(word, word_shape(word)[2])
        assert (list(forms), tuple(loose)) == _plain(word)


def test_some_words_start_forms() -> None:
    assert any(_plain(w) != ([], ()) for w in WORDS)


def test_forms_table_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gazetteer, "_MAX_WORDS", 3)
    gazetteer._FORMS_OF.clear()
    for word in WORDS:
        gazetteer._forms_of(word, word_shape(word)[2])
    assert len(gazetteer._FORMS_OF) <= 3
