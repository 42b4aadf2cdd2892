"""A name the release has already given an entity means that entity wherever it appears again
("team RMR" ... "for RMR in the Hyundai"): every later bare occurrence becomes a mention."""

from __future__ import annotations

import re

from racekb.extract.state import State

MIN_LENGTH = 3
_BOUNDARY_AFTER = re.compile(r"(?![\w\-]|\.\w)")


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
        by_first.setdefault(re.match(r"[\w\-]*", form).group(), []).append(form)
    text = state.text
    resume = 0
    for tok in state.tokens:
        if tok.start < resume or (tok.start and text[tok.start - 1] in ".-" or tok.start and text[tok.start - 1].isalnum()):
            continue
        for form in by_first.get(re.match(r"[\w\-]*", text[tok.start:tok.start + 40]).group(), ()):
            end = tok.start + len(form)
            if text.startswith(form, tok.start) and _BOUNDARY_AFTER.match(text, end):
                etype, name = forms[form]
                state.add(tok.start, end, etype, name, "repeat")
                resume = end
                break
