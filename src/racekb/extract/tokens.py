"""Word tokens with their offsets, and the capitalised runs most rules start from."""

from __future__ import annotations

import re
from typing import Callable, Container

# A word: letters or digits, with inner apostrophes, hyphens and dots ("O'Ward", "V-Series.R").
WORD = re.compile(r"[^\W_](?:[\w’'\-]|\.(?=[^\W_]))*")
SUFFIXES = ("Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV")

YEAR = re.compile(r"^(?:19|20)\d\d$")


_FIND_DIGIT = re.compile(r"\d").search
_POSSESSIVES = ("’s", "'s", "’", "'")


def word_shape(text: str) -> tuple[bool, bool, str]:
    """A word's (is_cap, has_digit, bare): whether it starts with a capital, whether it holds a
    digit, and the word without a possessive ending ("Penske’s" -> "Penske")."""
    is_cap = text[:1].isupper()
    # letters are never digits: most words are settled without the regex
    has_digit = not text.isalpha() and _FIND_DIGIT(text) is not None
    bare = text
    if text.endswith(_POSSESSIVES):  # one test for most words, which end otherwise
        for ending in _POSSESSIVES:  # the word without a possessive ending
            if text.endswith(ending) and len(text) > len(ending) + 1:
                bare = text[: -len(ending)]
                break
    return is_cap, has_digit, bare


class Token:
    """A word and where it stands; its shape is worked out once, as rules ask for it often."""

    __slots__ = ("start", "end", "text", "is_cap", "has_digit", "bare")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.is_cap, self.has_digit, self.bare = word_shape(text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.start, self.end) == (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))


# word -> word_shape(word), shared by every release a process tokenises: a release's words are
# mostly words seen before, and a look-up is cheaper than working the shape out again
_SHAPES: dict[str, tuple[bool, bool, str]] = {}
_MAX_SHAPES = 1 << 17  # forgotten all at once past this many words (a process's memory stays bounded)


def _shape_of(word: str) -> tuple[bool, bool, str]:
    """word_shape(word), remembered in _SHAPES."""
    if len(_SHAPES) >= _MAX_SHAPES:
        _SHAPES.clear()
    shape = _SHAPES[word] = word_shape(word)
    return shape


INITIALS = re.compile(r"^[A-Z](?:\.[A-Z])+$")
# WORD, with initials ("A.J.") keeping their last full stop as "Jr." does: tried first, it matches
# where WORD would match initials (INITIALS) with a full stop straight after that starts no word,
# so the regex settles what a test of each word after the match did (tests/test_tokens.py)
WORD_OR_INITIALS = re.compile(r"[A-Z](?:\.[A-Z])+\.(?![^\W_])|" + WORD.pattern)


def tokenize(text: str) -> list[Token]:
    """The words of text as Tokens, in order.

    Tokens are made here without calling Token.__init__ (a Python call per word was most of
    this function's time): each gets the same attributes, its shape from the shared _SHAPES
    table. tests/test_tokens.py checks every token against Token(start, end, text)."""
    out = []
    append = out.append
    new = object.__new__
    get = _SHAPES.get
    for m in WORD_OR_INITIALS.finditer(text):
        word = m.group()
        shape = get(word)
        if shape is None:
            shape = _shape_of(word)
        tok = new(Token)
        tok.start, tok.end = m.span()
        tok.text = word
        tok.is_cap, tok.has_digit, tok.bare = shape
        append(tok)
    return out


def _tokenize_plain(text: str) -> list[Token]:
    """tokenize the plain way (WORD, then a look at what follows each word): what the tests hold
    tokenize to."""
    out = []
    for m in WORD.finditer(text):
        begin, stop = m.span()
        if text[stop:stop + 1] == "." and INITIALS.match(m.group()):
            stop += 1
        out.append(Token(begin, stop, text[begin:stop]))
    return out


def gap(text: str, a: Token, b: Token) -> str:
    return text[a.end:b.start]


# The lower-case words some rule lets into a capitalised run: series names ("World of Outlaws",
# "Gold Cup series", "the X championship") and team names ("Heart of Racing Team", "Ford & Co"). A release's run words
# are listed once with these in (State.run_words), so every rule that splits runs reads only them.
RUN_JOINERS = frozenset({"&", "of", "and", "on", "de", "series", "championship"})


def run_words(tokens: list[Token], joiners: frozenset[str] = RUN_JOINERS) -> list[int]:
    """The indices of the words a capitalised run can hold: capitalised, with a digit, or one of
    `joiners`. Every other word only ends a run, so the split can skip over them."""
    return [i for i, tok in enumerate(tokens) if tok.is_cap or tok.has_digit or tok.text in joiners]


def capitalised_runs(tokens: list[Token], text: str, also: Callable[[int, Token, list[Token]], bool] | None = None,
                     possessive_ends: tuple[str, ...] = ("’s", "'s"),
                     connectors: Container[str] | None = None,
                     words: tuple[frozenset[str], list[int]] | None = None) -> list[list[Token]]:
    """Maximal runs of capitalised words or numbers joined by single spaces, the raw material of
    team, series and company names. `also(i, token, run_so_far)` admits other words (connectors
    such as "of" or "&"); a word ending in one of `possessive_ends` closes its run. `connectors`,
    when given, holds every word `also` can admit: it is asked about no other word (most words
    of a text are lower-case, and a call for each is most of this loop's time).

    `words`: (joiners, run_words(tokens, joiners)), shared by the rules of one release; when every
    word `also` can admit is among the joiners, only those words are read (the same runs: a word
    left out cannot join a run, so it only closes one, as a gap in the indices does)."""
    if words is not None and (also is None or (connectors is not None and set(connectors) <= words[0])):
        return _runs_of_words(tokens, text, also, possessive_ends, connectors, words[1])
    runs: list[list[Token]] = []
    current: list[Token] = []
    prev = None  # the word before `tok`: while a run is open, the run's last word
    for i, tok in enumerate(tokens):
        ok = tok.is_cap or tok.has_digit or (also is not None and (connectors is None or tok.text in connectors)
                                             and also(i, tok, current))
        if ok and current and text[prev.end:tok.start] == " " and not prev.text.endswith(possessive_ends):
            current.append(tok)  # joined_by_space, inlined: this loop runs over every word, three times
        elif current:
            runs.append(current)
            current = [tok] if ok else []
        elif ok:
            current = [tok]  # (an empty `current` is kept, not replaced: no list per lower-case word)
        prev = tok
    if current:
        runs.append(current)
    return runs


def _runs_of_words(tokens: list[Token], text: str, also: Callable[[int, Token, list[Token]], bool] | None,
                   possessive_ends: tuple[str, ...], connectors: Container[str] | None,
                   indices: list[int]) -> list[list[Token]]:
    """capitalised_runs read over the indices of run_words alone: a skipped index is a word that
    cannot join a run, so it closes the open one (tests/test_tokens.py checks both ways agree)."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    prev = None  # while a run is open, its last word (the word before `tok`)
    last = -2
    for i in indices:
        tok = tokens[i]
        if current and i != last + 1:
            runs.append(current)  # a word between closed it
            current = []
        last = i
        ok = tok.is_cap or tok.has_digit or (also is not None and (connectors is None or tok.text in connectors)
                                             and also(i, tok, current))
        if ok and current and text[prev.end:tok.start] == " " and not prev.text.endswith(possessive_ends):
            current.append(tok)
        elif current:
            runs.append(current)
            current = [tok] if ok else []
        elif ok:
            current = [tok]
        prev = tok
    if current:
        runs.append(current)
    return runs


def joined_by_space(text: str, a: Token, b: Token) -> bool:
    """True when b follows a with only a space between (no comma, dash or sentence break)."""
    return gap(text, a, b) == " "
