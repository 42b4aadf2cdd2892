"""Series, cups and titles by their shape: "<Capitalised words> Championship|Series|Cup|...",
and "<class> title" ("his 2021 DPi title")."""

from __future__ import annotations

import re

from racekb.extract.lexicon import by_norm, norm, word_list
from racekb.extract.state import State
from racekb.extract.tokens import YEAR, Token, joined_by_space, tokenize

KEYWORDS = {"Championship", "Championships", "Series", "Cup", "Trophy", "Challenge", "Tour", "Masters"}
LOWER_KEYWORDS = {"series"}
CONNECTORS = {"of", "and", "on", "&", "de"}
TITLE = re.compile(r"(?<![\w-])((?:[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*)(?:\s+[A-Z][a-z]+)?)\s+(titles?)\b")


def canonical(surface: str) -> str:
    """The gazetteer's name for a series when it knows the surface form, else the form itself."""
    entry = by_norm("championship").get(norm(surface))
    return entry.name if entry else surface


def _runs(tokens: list[Token], text: str) -> list[list[Token]]:
    """Maximal runs of capitalised words (and inner connectors) joined by single spaces."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for tok in tokens:
        ok = tok.is_cap or tok.has_digit or tok.text in CONNECTORS or tok.text in LOWER_KEYWORDS
        if ok and current and joined_by_space(text, current[-1], tok) and "’" not in current[-1].text[-2:]:
            current.append(tok)
        else:
            if current:
                runs.append(current)
            current = [tok] if ok else []
    if current:
        runs.append(current)
    return runs


def _trim_front(run: list[Token]) -> list[Token]:
    stops = word_list("stop_starts")
    while run and (run[0].text.casefold() in stops or YEAR.match(run[0].text) or run[0].text in CONNECTORS
                   or run[0].text.endswith(("’s", "'s")) or run[0].text.casefold() in {"inaugural", "first"}):
        run = run[1:]
    return run


def find_championships(state: State) -> None:
    tokens = tokenize(state.text)
    for run in _runs(tokens, state.text):
        # cut the run after each keyword; the longest stretch ending on a keyword wins
        last = None
        for i, tok in enumerate(run):
            if tok.text in KEYWORDS or (tok.text in LOWER_KEYWORDS and i >= 2):
                last = i
        if last is None:
            continue
        span = _trim_front(run[: last + 1])
        while span and span[-1].text in CONNECTORS:
            span = span[:-1]
        caps = [t for t in span if t.is_cap or t.has_digit]
        if len(caps) < 2:
            continue
        if span[-1].text in LOWER_KEYWORDS and len(caps) < 2:
            continue
        start, end = span[0].start, span[-1].end
        surface = state.text[start:end]
        state.add(start, end, "championship", canonical(surface), "championship-shape")
    for m in TITLE.finditer(state.text):
        head = m.group(1)
        if head.casefold() in word_list("stop_starts") or YEAR.match(head):
            continue
        plural = m.group(2).endswith("s")
        name = f"{head} Championship" + ("s" if plural else "")
        state.add(m.start(), m.end(), "championship", canonical(name), "class-title")
