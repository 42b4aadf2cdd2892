"""Teams named without a team word, found by how the sentence uses them: "the Avalanche
Andretti driver", "Oscar Piastri of McLaren", "drives for Ferrari". A maker named this way is
the maker's team, so its mention is retyped."""

from __future__ import annotations

import re

from racekb.extract.cues import one_of, word_start
from racekb.extract.lexicon import given_names, word_list
from racekb.extract.rules.screen import not_a_team_name
from racekb.extract.state import State

CAP_RUN = r"(?:[A-Z][\w\-&]*)(?:\s[A-Z][\w\-&]*){0,3}"
# "said Aurora Ducello team manager Paolo Verri": a name before a team's staff is the team
X_TEAM_STAFF = re.compile(rf"(?<![\w’'])({CAP_RUN}) (?:team|squad|outfit) (?:manager|principal|boss|director|owner|co-owner|chief|"
                          r"coordinator|president)\b")
THE_X_DRIVER = re.compile(rf"{word_start('[Tt]')}he ({CAP_RUN})(?:[’']s)? (?:driver|drivers|squad|outfit|team|crew|entry|entries)\b")
PERSON_OF = re.compile(rf"({word_start('[A-Z]')}[a-z]+ [A-Z][\w\-’']+) (?:of|for) ({CAP_RUN})(?=[.,;:]|\s(?:won|was|finished|took|and|in|at|on)\b)"
                       r"(?!,\s*(?:[A-Z][a-z]{0,3}\.|[A-Z]{2}\b))")
# "Acme Global, a racing team under ...": a name set beside "a ... team" (not "a team owner")
NAME_A_TEAM = re.compile(rf"({CAP_RUN}), (?:a|an|the) (?:[a-z][\w\-]* ){{0,3}}(?:team|squad|outfit)\b(?![\-’']| (?:owner|owners|principal|manager|member|members|mate|boss|director|chief)\b)")
DRIVES_FOR = re.compile(rf"\b(?:{one_of(['drive', 'drives', 'drove', 'driving', 'races', 'raced', 'racing', 'driver', 'drivers'])} for ({CAP_RUN})\b|"
                        rf"(?:{one_of(['join', 'joins', 'joined', 'joining', 'signed with', 'signs with', 'moves to', 'move to', 'switches to', 're-signed with', 'stays with', 'remain with', 'remains with', 'returns to'])}) ({CAP_RUN})\b)")
# NAME_A_TEAM's ending alone, searched first: most releases have none, and the whole pattern, which
# opens on any capitalised run, is then not scanned at all (same matches either way)
NAME_A_TEAM_TAIL = re.compile(r", (?:a|an|the) (?:[a-z][\w\-]* ){0,3}(?:team|squad|outfit)\b")


def _claim_team(state: State, start: int, end: int, rule: str) -> None:
    surface = state.text[start:end]
    for m in state.mentions:
        if m.start == start and m.end == end and m.type == "manufacturer":
            m.type, m.rule = "team", rule
            return
    if not state.claimed(start, end) and surface.split()[0].casefold() not in ("the", "a", "his", "her"):
        state.add(start, end, "team", surface, rule)


def find_team_cues(state: State) -> None:
    for pattern, rule in ((THE_X_DRIVER, "team-cue: the X driver"), (PERSON_OF, "team-cue: driver of X"),
                          (DRIVES_FOR, "team-cue: drives for X"), (NAME_A_TEAM, "team-cue: X, a team"),
                          (X_TEAM_STAFF, "team-cue: X team manager")):
        if pattern is NAME_A_TEAM and NAME_A_TEAM_TAIL.search(state.text) is None:
            continue
        for m in pattern.finditer(state.text):
            group = 2 if pattern is PERSON_OF or (pattern is DRIVES_FOR and m.group(1) is None) else 1
            surface = m.group(group)
            if pattern is PERSON_OF and any(w.casefold() in word_list("not_name_words") for w in m.group(1).split()):
                continue
            if pattern is PERSON_OF and any(o.start < m.end(1) and m.start(1) < o.end and o.type not in ("driver", "person")
                                            for o in state.mentions):
                continue  # "the No. 7 Acme LMDh of Pieter Vos": a car's drivers, not a person's team
            maker = any(o.type == "manufacturer" and o.start == m.start(group) and o.end == m.end(group)
                        for o in state.mentions)
            if pattern is THE_X_DRIVER and not maker and len(surface.split()) < 2:
                continue  # "the Banyo squad": a place as often as a team
            if not maker and all(w.casefold() in word_list("not_name_words") for w in surface.split()):
                continue  # "the American squad"
            inside = [o for o in state.mentions if o.start < m.end(group) and m.start(group) < o.end]
            if any(o.type not in ("manufacturer",) for o in inside):
                continue
            if re.fullmatch(r"\d+|[A-Z][a-z]+day", surface) or (len(surface.split()) >= 2 and surface.split()[0] in given_names()):
                continue  # "joining Charles Leclerc": a person, not a team
            if not maker and not_a_team_name(state, m.start(group), m.end(group)):
                continue
            _claim_team(state, m.start(group), m.end(group), rule)
