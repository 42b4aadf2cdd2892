"""Names the gazetteer knows: series, classes, makers, events and tracks (extract/data/*.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache

from racekb.extract.lexicon import Entry, gazetteer, given_names
from racekb.extract.state import State


@lru_cache(maxsize=None)
def _patterns() -> tuple[tuple[re.Pattern[str], dict[str, Entry]], ...]:
    """Two alternations, longest form first: one-word forms match in their written case
    ("Ford", "WEC"), longer ones in any case ("world of outlaw late model series")."""
    exact: dict[str, Entry] = {}
    loose: dict[str, Entry] = {}
    for entry in gazetteer():
        for form in (entry.name, *entry.aliases):
            if " " in form:
                loose.setdefault(form.casefold(), entry)
            else:
                exact.setdefault(form, entry)
    out = []
    for table, flags in ((exact, 0), (loose, re.IGNORECASE)):
        forms = sorted(table, key=len, reverse=True)
        body = "|".join(re.escape(f) for f in forms)
        out.append((re.compile(rf"(?<![\w.\-])(?:{body})(?![\w\-]|\.\w)", flags), table))
    return tuple(out)


def lookup(form: str) -> Entry | None:
    for _, table in _patterns():
        entry = table.get(form) or table.get(form.casefold())
        if entry:
            return entry
    return None


@lru_cache(maxsize=None)
def _by_first_word() -> tuple[dict[str, list[tuple[str, Entry]]], dict[str, list[tuple[str, Entry]]]]:
    """Gazetteer forms by their first word, longest first: one-word forms in written case, longer
    ones case-blind. Each word of a release is looked up once instead of running a regex of
    every form over the text."""
    exact: dict[str, list[tuple[str, Entry]]] = {}
    loose: dict[str, list[tuple[str, Entry]]] = {}
    for pattern, table in _patterns():
        for form, entry in table.items():
            if " " in form:
                loose.setdefault(form.split(" ", 1)[0].casefold(), []).append((form.casefold(), entry))
            else:
                exact.setdefault(form, []).append((form, entry))
    for index in (exact, loose):
        for forms in index.values():
            forms.sort(key=lambda fe: -len(fe[0]))
    return exact, loose


# word -> the gazetteer forms it can start (see _forms_of), shared by every release a process reads
_FORMS_OF: dict = {}
_NO_FORMS = ((), ())
_MAX_WORDS = 1 << 17  # forgotten all at once past this many words (a process's memory stays bounded)


def _forms_of(word: str, bare: str) -> tuple[list | tuple, list | tuple]:
    """The forms a word (a token's text, `bare` its form without a possessive ending) can start:
    (one-word forms in written case, longer forms case-blind), or _NO_FORMS. Remembered per word,
    since most words of every release start none and the three look-ups cost more than one."""
    exact, loose = _by_first_word()
    forms = exact.get(word, ())
    if bare != word:
        forms = [*forms, *exact.get(bare, ())]
    loose_forms = loose.get(word.casefold(), ())
    value = (forms, loose_forms) if forms or loose_forms else _NO_FORMS
    if len(_FORMS_OF) >= _MAX_WORDS:
        _FORMS_OF.clear()
    _FORMS_OF[word] = value
    return value


_BOUNDARY_AFTER = re.compile(r"(?![\w\-]|\.\w)")
_NAME_AFTER = re.compile(r" [A-Z][a-z]+\b")  # "Riley" then " Herbst"
_CLASS_AFTER = re.compile(r"\s*(?:\([^)]{1,20}\)\s*)?(?:class|category)\b")  # "Formula One (Superbike) class"


def match_gazetteer(state: State) -> None:
    text = state.text
    folded = text.casefold()
    if len(folded) != len(text):  # a rare letter whose case-fold is longer: keep offsets simple
        folded = None
    found = []
    known = _FORMS_OF
    for tok in state.tokens:
        # most words start no gazetteer form: one look-up settles them before anything else
        word = tok.text
        forms_of = known.get(word)
        if forms_of is None:
            forms_of = _forms_of(word, tok.bare)
        if forms_of is _NO_FORMS:
            continue
        forms, loose_forms = forms_of
        if folded is None:
            loose_forms = ()
            if not forms:
                continue
        start = tok.start
        if start and (text[start - 1] in ".-" or text[start - 1].isalnum()):
            continue
        ends = [(start + len(form), entry) for form, entry in forms]
        ends += [(start + len(form), entry) for form, entry in loose_forms if folded.startswith(form, start)]
        found += [(start, end, entry) for end, entry in ends if _BOUNDARY_AFTER.match(text, end)]
    names = given_names()
    for start, end, entry in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        word = state.text[start:end]
        if word in names and _NAME_AFTER.match(state.text, end, end + 30) and \
                not lookup(state.text[end + 1:].split(" ", 1)[0].strip(".,;:")):
            continue  # "Riley Herbst": a man, not the chassis maker
        before = state.text[max(0, start - 20):start].split()
        if " " not in word and before and before[-1] in names and state.text[start - 1:start] == " ":
            continue  # "Bruce McLaren": a man's surname
        if entry.type == "championship" and _CLASS_AFTER.match(state.text, end, end + 30):
            continue  # a class of another series that borrows a series' name
        state.add(start, end, entry.type, entry.name, "gazetteer")
