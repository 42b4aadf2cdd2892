"""Teams named by what the sentence does with them, once people are known: "won the title
with Trident", "stepping up with Invicta", "confirmed at Sauber for 2025", "titles with
Triple Eight". Only a capitalised name no earlier rule claimed qualifies."""

from __future__ import annotations

import re

from racekb.extract.lexicon import word_list
from racekb.extract.state import State

VERB = (r"(?:won|wins|title|titles|championship|crown|season|seasons|stepping up|steps up|stepped up|joins|"
        r"joined|joining|signed|signs|re-signed|drives|drove|driving|raced|races|racing|competes|competed|"
        r"contract|deal|stays|stayed|remains|remained|debut|seat|returns|returned|moves|moved|graduates|"
        r"confirmed|switches|switched|victory|victories|wins)")
NAME = r"((?:[A-Z][\w\-&]*)(?:\s[A-Z][\w\-&]*){0,3})"
# "at" and "to" name places as often as teams: only after a verb of staying or moving
CUE = re.compile(rf"\b{VERB}\b[^.;:]{{0,50}}?\b(?:with|for)\s+{NAME}|"
                 rf"\b(?:confirmed|stays|stay|remains|remain|returns|return|moves|moved|switches)\s+(?:at|to)\s+{NAME}")


def find_late_team_cues(state: State) -> None:
    text = state.text
    not_names = word_list("not_name_words")
    for m in CUE.finditer(text):
        group = 1 if m.group(1) else 2
        start, end = m.start(group), m.end(group)
        surface = m.group(group)
        if state.claimed(start, end) or any(w.casefold() in not_names for w in surface.split()):
            continue
        if re.match(r"^\s+(?:[A-Z][a-z]+\s+)?(?:Series|Championship|Cup|Grand Prix|Speedway|Raceway|Rally)\b",
                    text[end:end + 30]) or re.match(r"^,\s*(?:[A-Z][a-z]{0,3}\.|[A-Z]{2}\b)", text[end:end + 8]):
            continue
        state.add(start, end, "team", surface, "team-cue: with X")
