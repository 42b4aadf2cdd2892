"""Teams named by a bare name ("Red Bull", "Williams", "Racing Point"), found by the words a
sentence puts around a team: "his Red Bull team mate", "a contract with Williams", "joined from
Racing Point", "Williams’ Jane Doe". Run once people are known, so a person's name is never
taken for a team.

A maker's name ("Mercedes") is a team this way only in a release about a series in which
makers enter works teams (championships.yaml, `works_teams`): in a NASCAR release "his Ford
teammates" speaks of the maker."""

from __future__ import annotations

import re

from functools import lru_cache

from racekb.extract.lexicon import gazetteer, given_names, word_list, works_team_series
from racekb.extract.rules.screen import headline_lines, in_spans, not_a_team_name
from racekb.extract.state import State

NAME = r"[A-Z][\w\-]*(?:[ ][A-Z][\w\-]*){0,2}"
TEAM_NOUN = (r"team[ -]?mates?|teammates?|contract|seat|team|squad|boss|principal|outfit|garage|pit wall|"
             r"drivers?|line-?up|colours|colors|livery|duo|fleet|academy|junior|juniors|stable")
STAY_NOUN = r"contract|deal|stint|spell|talks|future|seat|drive|career|debut|team[ -]?mate|teammate|years|seasons|season"
MOVE_VERB = (r"joined from|moved from|moves from|switched from|switches from|arrives from|arrived from|left|leaves|"
             r"leaving|released by|dropped by|promoted to|promoted from|graduates to|graduated to|stays at|stayed at")
ROLE_AFTER = r"team principal|sporting director|technical director|team boss|boss|principal|chief"
PATTERNS = (
    # "his own Red Bull team mate", "a Mercedes seat", "the Williams squad", "the Doe fleet"
    re.compile(rf"\b(?:his|her|their|its|a|an|the|own)\s+(?P<a>{NAME})\s+(?P<noun>{TEAM_NOUN})\b(?![’'\-])"),
    # "a contract with Williams", "his stint with Force India and Racing Point", "team mate at Mercedes"
    re.compile(rf"\b(?:{STAY_NOUN})\s+(?:with|at|for)\s+(?P<a>{NAME})(?:,?\s+(?:and|&)\s+(?P<b>{NAME}))?"),
    # "having joined from Racing Point", "left McLaren"
    re.compile(rf"\b(?:{MOVE_VERB})\s+(?P<a>{NAME})(?:,?\s+(?:and|&)\s+(?P<b>{NAME}))?"),
    # "Williams’ Jane Doe", "Renault's Jane Doe": a team's possessive before a driver
    re.compile(rf"(?<![\w’'])(?P<a>{NAME})(?:[’']s|(?<=s)[’'])(?= (?P<given>[A-Z][a-z]+) [A-Z])"),
    # "Toyota team-mate Doe", "Ferrari sporting director Jane Doe"
    re.compile(rf"(?<![\w’'])(?P<a>{NAME})\s+(?:team[ -]?mates?|teammates?|{ROLE_AFTER})\s+[A-Z]"),
)
RULE = "team-context"
# nouns that, after a single word, may follow a hometown or a maker as well ("the Springfield
# driver", "his Suzuki team"): such a word needs one of the other nouns
LOOSE_NOUNS = frozenset({"team", "squad", "outfit", "driver", "drivers", "colours", "colors", "livery", "duo",
                         "academy", "junior", "juniors"})


@lru_cache(maxsize=None)
def _works_words() -> re.Pattern[str]:
    """Any name of a works-team series as a word ("F1" of "F1.com" too), a Grand Prix, or a
    constructors' title."""
    forms = {e.name for e in gazetteer() if e.type == "championship" and e.name in works_team_series()}
    forms |= {a for e in gazetteer() if e.type == "championship" and e.name in works_team_series() for a in e.aliases}
    body = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"\b(?:{body}|Grands? Prix|Constructors[’']?\s+(?:Championship|title|standings))\b")


def _maker_teams(state: State) -> bool:
    """True when the release speaks of a series in which makers enter works teams."""
    return _works_words().search(state.text) is not None


def find_team_contexts(state: State) -> None:
    text = state.text
    makers_are_teams: bool | None = None
    headlines = headline_lines(state)
    months = word_list("not_name_words")
    for pattern in PATTERNS:
        for m in pattern.finditer(text):
            for group in ("a", "b"):
                if group not in pattern.groupindex or not m.group(group):
                    continue
                start, end = m.start(group), m.end(group)
                surface = m.group(group)
                words = surface.split()
                noun = m.groupdict().get("noun")
                given = m.groupdict().get("given")
                if given is not None and given not in given_names():
                    continue  # "Acme's Grand Prix": only a person after the possessive
                if given is not None:
                    if makers_are_teams is None:
                        makers_are_teams = _maker_teams(state)
                    if not makers_are_teams:
                        continue  # "Springfield's Jane Doe": in most series a hometown as often as a team
                if noun and len(words) == 1 and noun.casefold() in LOOSE_NOUNS:
                    continue  # "the Springfield driver", "his Suzuki team"
                if words[-1].endswith(("-based", "-born")):
                    continue
                if words[0].casefold() in word_list("stop_starts") or words[0] in given_names() \
                        or (headlines and in_spans(headlines, start)):
                    continue
                inside = state.overlapping(start, end)
                if inside:
                    maker = [o for o in inside if o.type == "manufacturer" and o.start == start and o.end == end]
                    if not maker:
                        continue  # a person, series, event or car already stands there
                    if makers_are_teams is None:
                        makers_are_teams = _maker_teams(state)
                    if makers_are_teams:
                        _retype_maker(state, maker[0].text)
                    continue
                if all(w.casefold() in months for w in words) or not_a_team_name(state, start, end, owner_ok=given is not None):
                    continue
                if state.add(start, end, "team", surface, RULE):
                    _retype_plain_words(state, surface)


def _retype_maker(state: State, surface: str) -> None:
    """Every bare mention of a maker the release uses as a team is that team (in a works-team
    series, "Mercedes are 37 points behind" and "a Mercedes seat" are the same team)."""
    for m in state.mentions:
        if m.type == "manufacturer" and m.text == surface:
            m.type, m.name, m.rule = "team", surface, RULE



def _retype_plain_words(state: State, surface: str) -> None:
    """A name that the release uses as a team here and that reads like a person elsewhere ("Red
    Bull have a lead" like "Jane Doe has", "Doe's Red Bull team mate" like "Doe's Jane Roe") is
    the team throughout, unless it starts with a given name (then it may be a person too)."""
    if surface.split()[0] in given_names():
        return
    for m in state.mentions:
        if m.type == "driver" and m.name == surface:
            m.type, m.rule = "team", RULE
