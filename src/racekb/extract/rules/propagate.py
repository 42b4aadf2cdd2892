"""A name the release has already given an entity means that entity wherever it appears again
("team RMR" ... "for RMR in the Hyundai"): every later bare occurrence becomes a mention."""

from __future__ import annotations

import re

from racekb.extract.lexicon import word_list
from racekb.extract.state import State

MIN_LENGTH = 3
_BOUNDARY_AFTER = re.compile(r"(?![\w\-]|\.\w)")
_FIRST_WORD = re.compile(r"[\w\-]*")
FIRST_WORD_REACH = 40  # how far into the text a form's first word is looked for


_NEXT_WORD = re.compile(r" ([A-Za-z][\w\-]*)")


def _names_a_thing(text: str, end: int) -> bool:
    """A person's name followed by a thing's word ("Memorial", "Trophy", "Classic")."""
    nxt = _NEXT_WORD.match(text, end, end + 30)
    return nxt is not None and nxt.group(1).casefold() in word_list("eponym_heads")


def repeat_mentions(state: State) -> None:
    forms: dict[str, tuple[str, str]] = {}
    for m in state.mentions + state.nested:
        if len(m.text) >= MIN_LENGTH and m.text[:1].isupper() or m.text.startswith("No."):
            forms.setdefault(m.text, (m.type, m.name))
    if not forms:
        return
    # forms by their first word, longest first: each word of the text is looked up once
    by_first: dict[str, list[str]] = {}
    for form in sorted(forms, key=len, reverse=True):
        by_first.setdefault(_FIRST_WORD.match(form).group(), []).append(form)
    text = state.text
    first_word = _FIRST_WORD.match
    resume = 0
    tokens = state.tokens
    for i in state.cap_words():  # every form starts with a capital (see above): so must the word it starts at
        start = tokens[i].start
        if start < resume or (start and (text[start - 1] in ".-" or text[start - 1].isalnum())):
            continue
        candidates = by_first.get(first_word(text, start, start + FIRST_WORD_REACH).group())
        if not candidates:
            continue
        for form in candidates:
            end = start + len(form)
            if text.startswith(form, start) and _BOUNDARY_AFTER.match(text, end):
                etype, name = forms[form]
                if etype in ("driver", "person") and _names_a_thing(text, end):
                    break  # "the Tom Baxter Memorial": a race named after the person, not the person
                state.add(start, end, etype, name, "repeat")
                resume = end
                break
