"""Split the text into sentences, so facts and role cues stay within one."""

from __future__ import annotations

import re

from racekb.extract.lexicon import word_list
from racekb.extract.state import State

_END = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|(?<=[0-9a-z])\.(?=[A-Z][a-z])")


def split_sentences(state: State) -> None:
    spans: list[tuple[int, int]] = []
    offset = 0
    abbreviations = word_list("abbreviations")
    for para in state.text.split("\n\n"):
        start = offset
        for match in _END.finditer(para):
            before = para[:match.start()].rsplit(None, 1)
            word = before[-1].casefold().strip("(\"“") if before else ""
            # "No. 31", "Jr. and", "Oct. 19" and single initials ("J. Smith") do not end a sentence
            if word in abbreviations or (len(word) == 1 and word.isalpha()):
                continue
            end = offset + match.end()
            spans.append((start, end))
            start = end
        spans.append((start, offset + len(para)))
        offset += len(para) + 2
    state.sentences = [(a, b) for a, b in spans if state.text[a:b].strip()]
