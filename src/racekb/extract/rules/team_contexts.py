"""Teams named by a bare name ("Red Bull", "Williams", "Racing Point"), found by the words a
sentence puts around a team: "his Red Bull team mate", "a contract with Williams", "joined from
Racing Point", "Williams’ Jane Doe". Run once people are known, so a person's name is never
taken for a team.

A maker's name ("Mercedes") is a team this way only in a release about a series in which
makers enter works teams (championships.yaml, `works_teams`): in a NASCAR release "his Ford
teammates" speaks of the maker."""

from __future__ import annotations

import re

from racekb.extract.lexicon import (
    given_names,
    norm,
    ordered_phrases,
    series_name_words,
    word_list,
    works_team_series,
)
from racekb.extract.rules.screen import headline_lines, in_spans, not_a_team_name
from racekb.extract.state import State

# The words around a team's name, read from the tokens (not by regexes over the whole text:
# this rule looks only at capitalised runs, a small share of a release's words).
DETERMINERS = frozenset({"his", "her", "their", "its", "a", "an", "the", "own"})
TEAM_NOUNS = frozenset({"team-mate", "team-mates", "teammate", "teammates", "contract", "seat", "team", "squad",
                        "boss", "principal", "outfit", "garage", "driver", "drivers", "line-up", "lineup", "colours",
                        "colors", "livery", "duo", "fleet", "academy", "junior", "juniors", "stable"})
# nouns that, after a single word, may follow a hometown or a maker as well ("the Springfield
# driver", "his Suzuki team"): such a word needs one of the other nouns
LOOSE_NOUNS = frozenset({"team", "squad", "outfit", "driver", "drivers", "colours", "colors", "livery", "duo",
                         "academy", "junior", "juniors"})
STAY_NOUNS = frozenset({"contract", "deal", "stint", "spell", "talks", "future", "seat", "drive", "career", "debut",
                        "team-mate", "teammate", "mate", "years", "seasons", "season"})
MOVE_VERBS = frozenset({("joined", "from"), ("moved", "from"), ("moves", "from"), ("switched", "from"),
                        ("switches", "from"), ("arrives", "from"), ("arrived", "from"), ("released", "by"),
                        ("dropped", "by"), ("promoted", "to"), ("promoted", "from"), ("graduates", "to"),
                        ("graduated", "to"), ("stays", "at"), ("stayed", "at")})
LEAVE_VERBS = frozenset({"left", "leaves", "leaving"})
# after the name, before a person's name: "Toyota team-mate Doe", "Acme sporting director Jane Doe"
MATE_OR_ROLE = frozenset({"team-mate", "team-mates", "teammate", "teammates", "boss", "principal", "chief"})
# after the name, before a given name: "Acme driver Jane Doe", "the Acme rider Jane Doe"
DRIVER_OF = frozenset({"driver", "rider"})
# a plural verb after a maker's name speaks of its team, in British usage ("Acme were quicker")
PLURAL_VERBS = frozenset({"were", "are", "have"})
# the common noun "team" before a name, after a word that is not a determiner: "American team
# Acme", "his current team Acme", "customer teams Acme and Apex" ("the team Doe drove for" is a clause)
APPOSITION = frozenset({"team", "teams"})
TWO_WORD_AFTER = frozenset({("team", "mate"), ("team", "mates"), ("team", "principal"), ("team", "boss"),
                            ("sporting", "director"), ("technical", "director"), ("pit", "wall")})
POSSESSIVE_ENDS = ("’s", "'s", "’", "'")
BEFORE_WORDS = DETERMINERS | {"with", "at", "for", "and", "&"} | LEAVE_VERBS | {b for _, b in MOVE_VERBS}
AFTER_WORDS = TEAM_NOUNS | MATE_OR_ROLE | DRIVER_OF | PLURAL_VERBS | {a for a, _ in TWO_WORD_AFTER} | {"next", "this"}
CUE_WORDS = frozenset(w for word in BEFORE_WORDS | AFTER_WORDS for w in (word, word.capitalize(), word.upper()))
# the first words a run is let through for: a noun after it, or a word before it other than a bare
# determiner (a determiner needs a noun after the run as well, which the first test covers)
AFTER_CUED = frozenset(w for word in AFTER_WORDS for w in (word, word.capitalize()))
BEFORE_CUED = frozenset({"with", "at", "for", "from", "by", "to", *LEAVE_VERBS, *APPOSITION})
RULE = "team-context"


def _runs(state: State, accepted: set[int]):
    """(first, last) token indices of runs of one to three capitalised words joined by spaces (a
    possessive ends its run), yielded only when a cue's first word stands beside one or it ends
    in a possessive: most runs of a release have neither, and cost two look-ups here. `accepted`
    (filled by the caller as it goes) lets "X and Y" through when X was taken."""
    tokens = state.tokens
    text = state.text
    n = len(tokens)
    after_words = AFTER_CUED
    before_words = BEFORE_CUED

    def wanted(first: int, last: int) -> bool:
        if tokens[last].text != tokens[last].bare or (last + 1 < n and tokens[last + 1].text in after_words):
            return True
        if first == 0:
            return False
        before = tokens[first - 1].text
        if before in ("and", "&"):
            return first - 2 in accepted
        return before in before_words

    first = last = -2
    for i in state.cap_words():
        tok = tokens[i]
        if i == last + 1 and i - first < 3 and text[tokens[last].end:tok.start] == " " \
                and tokens[last].text == tokens[last].bare:
            last = i
            continue
        if first >= 0 and wanted(first, last):
            yield first, last
        first = last = i
    if first >= 0 and wanted(first, last):
        yield first, last


def _word(tokens: list, i: int) -> str:
    return tokens[i].text.lower() if 0 <= i < len(tokens) else ""


def _cue(state: State, first: int, last: int, accepted: set[int]) -> tuple[str, bool] | None:
    """(which cue, whether it is a possessive before a person) when the words around the run
    [first, last] use it as a team, else None."""
    tokens = state.tokens
    text = state.text
    last_tok = tokens[last]
    raw_before = tokens[first - 1].text if first > 0 else ""
    raw_after = tokens[last + 1].text if last + 1 < len(tokens) else ""
    if raw_before not in CUE_WORDS and raw_after not in CUE_WORDS and last_tok.text == last_tok.bare:
        return None  # most runs: no word of any cue beside them (looked up as written: no case-folding)
    before = raw_before.lower()
    after = raw_after.lower()
    before2 = _word(tokens, first - 2)
    after2 = _word(tokens, last + 2)
    near = text[tokens[last].end:tokens[last + 1].start] == " " if last + 1 < len(tokens) else False
    lone = first == last
    if last_tok.text.endswith(POSSESSIVE_ENDS) and last_tok.text != last_tok.bare:
        if last + 2 < len(tokens) and tokens[last + 1].text in given_names() and tokens[last + 2].is_cap:
            return "possessive", True  # "Williams’ Jane Doe"
        return None
    if before in DETERMINERS and near and (after in TEAM_NOUNS or (after, after2) in TWO_WORD_AFTER):
        noun = after if after in TEAM_NOUNS else after + " " + after2
        if lone and noun in LOOSE_NOUNS:
            return "loose", False  # "the Springfield driver", "his Suzuki team": a maker's team only
        return "noun", False
    if before in ("with", "at", "for") and before2 in STAY_NOUNS and not (before2 == "debut" and before == "at"):
        return "stay", False  # ("her debut at Palmetto": a debut is made at a venue, with or for a team)
    if before == "at" and near and after in ("next", "this") and after2 in ("year", "season"):
        return "loose", False  # "Doe will be at Ferrari next year": a maker's team ("at Springfield" is a place)
    if (before2, before) in MOVE_VERBS or before in LEAVE_VERBS:
        return "move", False
    if before in ("and", "&") and first - 2 in accepted:
        return "listed", False  # "with Force India and Racing Point"
    if raw_before in APPOSITION and text[tokens[first - 1].end:tokens[first].start] == " " and before2 and before2 not in DETERMINERS and before2.isalpha():
        return "apposition", False
    if near and raw_after in PLURAL_VERBS:
        return "loose", False  # a maker's name only (the caller checks)
    if near and raw_after in DRIVER_OF and last + 3 < len(tokens) and tokens[last + 2].is_cap \
            and tokens[last + 3].is_cap and _not_series(tokens, first, last):
        return "mate", False
    if near and (after in MATE_OR_ROLE or (after, after2) in TWO_WORD_AFTER):
        nxt = last + (2 if (after, after2) in TWO_WORD_AFTER else 1) + 1
        if nxt < len(tokens) and tokens[nxt].is_cap:
            return "mate", False
    return None


def _not_series(tokens: list, first: int, last: int) -> bool:
    """No word of the run (other than a team suffix's, "Racing") is a word of a known series'
    name: "Formula Acme driver Jane Doe" speaks of a series."""
    series = series_name_words()
    suffix_words = {norm(p) for p in ordered_phrases("team_suffixes") if " " not in p}
    return not any(norm(t.text) in series and norm(t.text) not in suffix_words for t in tokens[first:last + 1])


GRAND_PRIX = re.compile(r"\bGrands? Prix\b|\bConstructors[’']?\s+(?:Championship|title|standings)")


def _maker_teams(state: State) -> bool:
    """True when the release names a series in which makers enter works teams (as a series the
    gazetteer knows, not a word in passing: "ex-F1 drivers"), a Grand Prix or a constructors'
    title."""
    series = works_team_series()
    return GRAND_PRIX.search(state.text) is not None or any(
        m.type == "championship" and m.name in series and m.rule == "gazetteer" for m in state.mentions + state.nested)


def find_team_contexts(state: State) -> None:
    text = state.text
    tokens = state.tokens
    makers_are_teams: bool | None = None
    headlines = headline_lines(state)
    plain = word_list("not_name_words")
    stops = word_list("stop_starts")
    accepted: set[int] = set()  # the last token of each run taken as a team, for "X and Y"
    for first, last in _runs(state, accepted):
        found = _cue(state, first, last, accepted)
        if found is None:
            continue
        cue, possessive = found
        start = tokens[first].start
        end = tokens[last].start + len(tokens[last].bare)
        surface = text[start:end]
        words = surface.split()
        if words[-1].endswith(("-based", "-born")) or words[0].casefold() in stops or words[0] in given_names() \
                or (headlines and in_spans(headlines, start)):
            continue
        if possessive or state.claimed(start, end):
            if makers_are_teams is None:
                makers_are_teams = _maker_teams(state)
            if not makers_are_teams and possessive:
                continue  # "Springfield's Jane Doe": in most series a hometown as often as a team
        inside = state.overlapping(start, end)
        if cue == "loose" and not inside:
            continue  # a lone word before "team" or "driver" is a hometown as often as a team
        if inside:
            maker = [o for o in inside if o.type == "manufacturer" and o.start == start and o.end == end]
            if maker and makers_are_teams:
                _retype_maker(state, maker[0].text)
                accepted.add(last)
            continue  # else a person, series, event or car already stands there
        if all(w.casefold() in plain for w in words) or not_a_team_name(state, start, end, owner_ok=possessive):
            continue
        if state.add(start, end, "team", surface, RULE):
            accepted.add(last)
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
