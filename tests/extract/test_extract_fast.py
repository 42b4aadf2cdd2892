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


TEXTS = [
    "Juan Pablo Montoya and Nyck de Vries joined Ricky Stenhouse Jr. at the race, said team manager Gary Nelson.",
    "de Vries, van der Garde and J.R. Hildebrand drove; Will Brown won. A.J. Allmendinger (crew chief) said so.",
    "Carlos Sainz and co-driver Lucas Cruz won for the 3rd time; Émile O'Ward-Smith’s car, Mc Laren, MacDonald II.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_name_runs_fast_path_matches_plain(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from racekb.extract.rules import people
    from racekb.extract.state import State

    def runs() -> list[list[tuple[int, int]]]:
        state = State(text=text, date=dt.date(2024, 1, 1))
        return [[(t.start, t.end) for t in run] for run in people.name_runs(state)]

    assert not people._lower_case_can_name()
    fast = runs()
    monkeypatch.setattr(people, "_lower_case_can_name", lambda: True)
    assert runs() == fast
    assert fast


def test_no_lower_case_word_is_a_name_word() -> None:
    from racekb.extract.rules.people import is_name_text

    for word in ["de", "van", "mcLaren", "o'Ward", "élan", "jr.", "ii", "2023", "x.", "ab", "’s", "_Jo"]:
        assert not is_name_text(word)


def test_mentions_and_facts_pickle_as_their_fields() -> None:
    """Mention and LocalFact pickle by their fields (__reduce__): the copy equals the original
    field by field, and a mention held twice comes back as one object."""
    import dataclasses
    import pickle

    from racekb.extract.state import LocalFact, Mention

    m = Mention(3, 9, "Penske", "team", "Team Penske", "gazetteer")
    f = LocalFact(("driver", "A B"), "drives_for", ("team", "Team Penske"), 2023, "A B drives for Penske.", "team-cue")
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps([m, m, f], protocol=protocol))
        assert back[0] is back[1] and type(back[0]) is Mention and type(back[2]) is LocalFact
        assert dataclasses.astuple(back[0]) == dataclasses.astuple(m)
        assert dataclasses.astuple(back[2]) == dataclasses.astuple(f)


CAP_TEXTS = ["Pipo Derani and Jack Aitken of Action Express Racing won; Derani’s 4WD GT3 at Le Mans.",
             "the 2023 season: Élan, Østberg, Þór, ßx and İstanbul with McLaren’s O'Ward, A.J. Allmendinger Jr.",
             "", "lower case only here", "אAB 4x4 and of the & de series"]


@pytest.mark.parametrize("text", CAP_TEXTS)
def test_cap_words_are_the_capitalised_words(text: str) -> None:
    """State.cap_words (taken from run_words) lists every capitalised word, and only those; the
    passes that read it once read every word and skipped the others."""
    import datetime as dt

    from racekb.extract.state import State

    state = State(text=text, date=dt.date(2023, 1, 1))
    assert state.cap_words() == [i for i, tok in enumerate(state.tokens) if tok.is_cap]


def test_name_words_are_capitalised() -> None:
    """find_listed_surnames asks is_name_text of capitalised words only: a name word always is one."""
    from racekb.extract.rules.people import NAME_WORD, is_name_text

    letters = [chr(c) for c in range(0x41, 0x17F) if chr(c).isalpha()] + ["Mc", "Mac", "O'", "O’"]
    for first in letters:
        for rest in ("", "a", "ab", ".", ".B", "B", ".B.", "’s"):
            word = first + rest
            if NAME_WORD.match(word) or is_name_text(word):
                assert word_shape(word)[0], word
