"""The result frame of a win, pole or title: what the holder achieved, read from the words
between the holder and the race or title.

A win is only a win: "finished fourth", "runner-up", "on the podium", "third in the standings",
"stripped of the win", "a class victory", "bids to win" and "behind X" are other results (or
none), and no fact is stated for them."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind
from racekb.extract.rules.facts.vocab import alternation, phrase_pattern, words

ORDINAL_PLACE = re.compile(r"\b(?:[2-9]|[1-9]\d)(?:st|nd|rd|th)\b|\bP(?:[2-9]|[1-9]\d)\b")
COUNTED_THING = re.compile(r"^\s+(?:[\w-]+\s+){0,4}?(?:title|titles|championship|championships|crown|crowns|win|"
                           r"wins|victory|victories|triumph|career)\b", re.IGNORECASE)
# a result still to come: "will be crowned ... if", "could become the first rookie to win the X"
# ("would not have expected him to win" tells of a win that came: a negation is no future)
FUTURE_WIN = re.compile(r"\b(?:will|would|could|can|may|might)\s+(?:(?!not\b|never\b|have\b)[\w-]+\s+){0,6}?"
                        r"(?:crowned|clinch|win|take|secure|seal|claim|"
                        r"wrap\s+up)\b", re.IGNORECASE)
PLACE_AS_WIN = CaseBlind(r"\b(?:1st|first)\s+(?:place|overall)|\bp1\b", needs=("1st", "first", "p1"))


def _placing() -> CaseBlind:
    verbs = alternation("placing_verbs")
    places = alternation("placings")
    return CaseBlind(r"\b" + verbs + r"\s+(?:a\s+|an\s+|the\s+|his\s+|her\s+|their\s+|in\s+|up\s+)?(?:\w+[\s-]+){0,2}?"
                     r"(?:" + places + r"|(?:[2-9]|[1-9]\d)(?:st|nd|rd|th))\b",
                     needs=tuple(sorted(set(words("placing_verbs")))))  # every match opens on a placing verb


_PLACING: CaseBlind | None = None


def not_a_win(window: str) -> bool:
    """True when the words around a win cue state another result than a win (or none)."""
    global _PLACING
    if phrase_pattern("not_a_win").search(window):
        return True
    if _PLACING is None:
        _PLACING = _placing()
    for m in _PLACING.finditer(window):
        if not COUNTED_THING.match(window[m.end():m.end() + 40]):
            return True  # "finished fourth"; not "claimed his fourth title", which counts titles
    return False


def placed(window: str) -> bool:
    """True when the words give a finishing place other than first ("10th-place finish", "P4")."""
    return ORDINAL_PLACE.search(window) is not None and PLACE_AS_WIN.search(window) is None
