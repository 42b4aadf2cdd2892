"""Teams named by what the sentence does with them, once people are known: "won the title
with Trident", "stepping up with Invicta", "confirmed at Sauber for 2025", "titles with
Triple Eight". Only a capitalised name no earlier rule claimed qualifies."""

from __future__ import annotations

import re

from racekb.extract.cues import one_of
from racekb.extract.lexicon import common_word, given_names, word_list
from racekb.extract.rules.people import is_name_word
from racekb.extract.rules.screen import not_a_team_name
from racekb.extract.rules.team_contexts import find_team_contexts
from racekb.extract.state import State
from racekb.extract.tokens import Token

VERBS = ("won|wins|title|titles|championship|crown|season|seasons|stepping up|steps up|stepped up|joins|"
         "podium|finished|finishes|completed|scored|took|takes|claimed|led|"
         "joined|joining|signed|signs|re-signed|drives|drove|driving|raced|races|racing|competes|competed|"
         "contract|deal|stays|stayed|remains|remained|debut|seat|returns|returned|moves|moved|graduates|"
         "confirmed|switches|switched|victory|victories|wins").split("|")
VERB = one_of(VERBS)  # grouped by first letter: the same matches, tried faster at every word
NAME = r"(?:[A-Z][\w\-&]*)(?:\s(?:&\s)?[A-Z][\w\-&]*){0,3}"
# "at" and "to" name places as often as teams: only after a verb of staying or moving
CUE = re.compile(rf"\b{VERB}\b(?P<gap>[^.;:]{{0,50}}?)\b(?:with|for)\s+(?P<n1>{NAME})|"
                 rf"\b(?:confirmed|stays|stay|remains|remain|returns|return|moves|moved|switches)\s+(?:at|to)\s+(?P<n2>{NAME})|"
                 rf"\b(?:entered|run|prepared|fielded|operated)\s+by\s+(?P<n3>{NAME})")
TITLE_IN_GAP = re.compile(r"\b(?:Championship|Series|Cup|title|crown)\b")  # "won the 2023 X Championship with Trident"
NEAR = 16  # a one-word name needs its verb close by ("won the title with Trident", not "races, ... praise for Doe")


def find_late_team_cues(state: State) -> None:
    """The cues above, then the team words around a bare name (team_contexts)."""
    _find_cued(state)
    find_team_contexts(state)


def _plain_pair(words: list[str]) -> bool:
    """Common English words only, none a given name ("Red Bull", "Blue Falcon"): a brand's shape,
    not a person's (a person's name holds a rarer word or starts with a given name)."""
    return all(common_word(w) for w in words) and words[0] not in given_names()


def _find_cued(state: State) -> None:
    text = state.text
    not_names = word_list("not_name_words")
    for m in CUE.finditer(text):
        group = next(g for g in ("n1", "n2", "n3") if m.group(g))
        start, end = m.start(group), m.end(group)
        surface = m.group(group)
        # (mentions never overlap: the one standing on exactly this span, looked up by position)
        maker = next((o for o in state.in_span(start, end) if o.start == start and o.end == end and o.type == "manufacturer"),
                     None)
        if maker is not None and re.search(r"\b(?:finished|finishing|completed the podium|placed|drove|drives|raced|races)\b",
                                           text[max(0, start - 50):start]) and re.match(r"^[.,;]", text[end:end + 1]):
            maker.type, maker.rule = "team", "team-cue: finished for X"  # "completed the podium for Mercedes."
            continue
        if state.claimed(start, end) or any(w.casefold() in not_names for w in surface.split()):
            continue
        words = surface.split()
        if len(words) >= 2 and all(is_name_word(Token(0, len(w), w)) for w in words) and not surface.isupper() \
                and not any(w.isupper() for w in words) and not _plain_pair(words):
            continue  # "titles with Tomoki Nojiri": a person's name, not a team's
        if re.match(r"^\s+(?:[A-Z][a-z]+\s+)?(?:Series|Championship|Cup|Grand Prix|Speedway|Raceway|Rally)\b",
                    text[end:end + 30]) or re.match(r"^,\s*(?:[A-Z][a-z]{0,3}\.|[A-Z]{2}\b)", text[end:end + 8]):
            continue
        gap = m.group("gap") or ""
        if not_a_team_name(state, start, end) or (" " not in surface and len(gap) > NEAR and not TITLE_IN_GAP.search(gap)):
            continue
        state.add(start, end, "team", surface, "team-cue: with X")
