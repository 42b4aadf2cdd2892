"""Quotations and their speakers. Text inside quotation marks is what someone said: a fact whose
cue stands in a quote needs its holder in the same quote, and the speaker ("said X", "X said:")
is never a quote's subject."""

from __future__ import annotations

import re

from racekb.extract.rules.facts.vocab import alternation, words
from racekb.extract.state import Mention, State

_OPEN = "“"
_CLOSE = "”"
_MARKS = re.compile('[“”"]|\n\n')


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every quotation: curly quotes pair up, straight ones toggle; a paragraph
    break ends an unclosed one (a quote running on over paragraphs reopens each)."""
    spans: list[tuple[int, int]] = []
    start = -1
    straight = False
    for m in _MARKS.finditer(text):  # only the marks and paragraph breaks, not every character
        i, c = m.start(), m.group()
        if c == _OPEN and start < 0:
            start, straight = i, False
        elif c == _CLOSE and start >= 0 and not straight:
            spans.append((start, i + 1))
            start = -1
        elif c == '"':
            if start < 0:
                start, straight = i, True
            else:
                spans.append((start, i + 1))
                start = -1
        elif c == "\n\n" and start >= 0:
            spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(text)))
    return spans


def _speech_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    verbs = alternation("speech_verbs")
    before = re.compile(r"\b" + verbs + r"[,:]?\s+(?:\w+\s+){0,3}$", re.IGNORECASE)  # "said team owner X"
    after = re.compile(r"^(?:[’']s?)?(?:,[^,.;“”\"]{0,60},)?\s*(?:\(\w[^)]{0,30}\)\s*)?(?:" + verbs + r"\b|:\s*[“\"])",
                       re.IGNORECASE)  # "X said", "X, the team owner, said", "X: “..."
    return before, after


_PATTERNS: tuple[re.Pattern[str], re.Pattern[str]] | None = None
_VERBS: re.Pattern[str] | None = None


def _verbs() -> re.Pattern[str]:
    """Any verb of speech as a plain substring of lower-cased text (a quick first look)."""
    global _VERBS
    if _VERBS is None:
        _VERBS = re.compile("|".join(re.escape(v) for v in words("speech_verbs")))
    return _VERBS



def speakers(state: State, mentions: list[Mention]) -> set[int]:
    """ids of the mentions that introduce speech ("said X", "X said", "X: “")."""
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = _speech_patterns()
    before, after = _PATTERNS
    text = state.text
    out: set[int] = set()
    verbs = _verbs()
    # an ASCII text lower-cased keeps its offsets, and the verbs are plain words: where each verb
    # stands in the lower-cased text is found once per release, and a name then asks only whether
    # one stands wholly inside its window (what searching the window would tell, for every name)
    low = text.lower() if text.isascii() else None
    found = _verb_spans(low) if low is not None else None
    for m in mentions:
        if m.end <= m.start:
            continue
        a, b = max(0, m.start - 40), m.end + 80
        if text.find(":", a, b) < 0 and not (_holds_verb(found, a, b) if found is not None
                                             else verbs.search(text[a:b].lower()) is not None):
            continue  # most names have no verb of speech near: skip the patterns
        if before.search(text[max(0, m.start - 40):m.start]) or after.match(text[m.end:m.end + 80]):
            out.add(id(m))
    return out


def _verb_spans(low: str) -> tuple[list[int], list[int]]:
    """(starts, ends) of every place a verb of speech stands in `low`, sorted by start, each start
    kept once with its shortest verb (a window holds a verb starting there iff it holds that one)."""
    shortest: dict[int, int] = {}
    for verb in words("speech_verbs"):
        n = len(verb)
        i = low.find(verb)
        while i >= 0:
            if shortest.get(i, 1 << 60) > i + n:
                shortest[i] = i + n
            i = low.find(verb, i + 1)
    starts = sorted(shortest)
    return starts, [shortest[i] for i in starts]


def _holds_verb(found: tuple[list[int], list[int]], a: int, b: int) -> bool:
    """Whether a verb of speech stands wholly inside [a, b) (as `search(low, a, b)` would find)."""
    import bisect

    starts, ends = found
    i = bisect.bisect_left(starts, a)
    while i < len(starts) and starts[i] < b:
        if ends[i] <= b:
            return True
        i += 1
    return False


def inside(spans: list[tuple[int, int]], pos: int) -> int:
    """The index of the quotation holding `pos`, or -1."""
    import bisect

    i = bisect.bisect_right(spans, (pos, 1 << 60)) - 1
    return i if i >= 0 and spans[i][0] <= pos < spans[i][1] else -1
