"""A name the release has already given an entity means that entity wherever it appears again
("team RMR" ... "for RMR in the Hyundai"): every later bare occurrence becomes a mention."""

from __future__ import annotations

import re

from racekb.extract.state import State

MIN_LENGTH = 3


def repeat_mentions(state: State) -> None:
    forms: dict[str, tuple[str, str]] = {}
    for m in state.mentions + state.nested:
        if len(m.text) >= MIN_LENGTH and m.text[:1].isupper() or m.text.startswith("No."):
            forms.setdefault(m.text, (m.type, m.name))
    if not forms:
        return
    pattern = re.compile(r"(?<![\w.\-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                         + r")(?![\w\-]|\.\w)")
    for m in pattern.finditer(state.text):
        etype, name = forms[m.group(1)]
        state.add(m.start(), m.end(), etype, name, "repeat")
