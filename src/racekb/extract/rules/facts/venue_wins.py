"""won_race at the meeting's venue: a report of one meeting at one circuit ("an all-action ending
at X Speedway on Saturday night") that names no race credits each race, heat or final won that
night to the venue: "Humphries took the first heat", "A (7R) and B won the other races", "wins
were shared between A, B and C".

Only when the release names no race at all (no event, no race in the headline) and one circuit
only: a report naming a race gives its wins to that race (release.race_of_release), and a heat
win there is no win of the race. The year is the release's: such a report tells of its own
meeting. In such a report (one that tells of a race won) a pole in a sentence naming no circuit
is the meeting's pole too (pole.at_venue); a preview or a test day names no result, and no pole."""

from __future__ import annotations

import re
from collections.abc import Callable

from racekb.extract.cues import CaseBlind
from racekb.extract.rules.facts import pole
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.rules.facts.result import not_a_win
from racekb.extract.rules.facts.subjects import subject
from racekb.extract.rules.facts.when import counted
from racekb.extract.state import Mention, State

# the words a race, heat or final was won in; "took the final corner" is no race taken
MEETING_WIN = CaseBlind(
    r"\b(?:won|win|wins|winning|took|takes|taking|take|scored|scoring|claimed|claiming|collected|grabbed)\s+"
    r"(?:out\s+)?(?:the\s+|a\s+|his\s+|her\s+|their\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:race|races|heat|heats|final|feature|win|wins|victory|victories)\b"
    r"(?!\s+(?:lead|corner|lap|laps|bend|turn|start|position|spot|place|stage|day|flag|podium|step|points?|"
    r"record|fastest|to\b|off\b|seriously))|"
    r"\b(?:for|to)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:victory|win)\b|"
    r"\bwins\s+were\s+shared\b|\bclean\s+sweep\b|\bheat\s+apiece\b",
    needs=("won", "win", "took", "tak", "victor", "sweep", "apiece"))
# words inside a match that make it something else than a race won: "took the lead of the race"
NOT_TAKEN = re.compile(r"\b(?:lead|corner|pole|start|advantage|care|place|points?|chance|part|fight|battle)\b", re.IGNORECASE)
# the words after a win cue that make it a season's or series' wins, not the meeting's
SEASON_AFTER = re.compile(r"\s+(?:(?:so\s+far\s+)?(?:this|last|that|the\s+whole|the\s+previous|in\s+the|in\s+his|in\s+her|"
                          r"in\s+their)\s+(?:season|year|campaign|championship)|so\s+far|in\s+(?:19|20)\d\d)\b", re.IGNORECASE)
IN_SERIES_GAP = re.compile(r"\s+(?:in|of|during|across|throughout)\s+(?:the\s+)?(?:(?:19|20)\d\d\s+)?")
BEATEN_BEFORE = re.compile(r"\b(?:over|against|beat|ahead of|from|by)\s+$")
# "Scott Joblin (52P), Rees and Quinn Ryan (46B)": drivers listed with their car numbers
LISTED = re.compile(r"^\s*(?:\([^()]{0,20}\))?\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)$")


def the_venue(state: State) -> Mention | None:
    """The one circuit of a release that names no race: its meeting's venue."""
    if state.headline_race:
        return None
    venue = None
    for m in state.mentions:
        if m.type == "event":
            return None
        if m.type == "track":
            if venue is not None and venue.name != m.name:
                return None
            venue = venue or m
    return venue


def _listed(ms: list[Mention], lead: Mention, text: str) -> list[Mention]:
    drivers = [m for m in ms if m.type == "driver" and m.end > m.start]
    if lead not in drivers:
        return [lead]
    i = j = drivers.index(lead)
    while i > 0 and LISTED.match(text[drivers[i - 1].end:drivers[i].start]):
        i -= 1
    while j + 1 < len(drivers) and LISTED.match(text[drivers[j].end:drivers[j + 1].start]):
        j += 1
    return drivers[i:j + 1]


def wins_at_venue(state: State, sentences: list[tuple[int, int]], ctx_of: Callable) -> None:
    venue = the_venue(state)
    if venue is None:
        return
    text = state.text
    won = False
    for s, e in sentences:
        sent = text[s:e]
        found = next((m for m in MEETING_WIN.finditer(sent) if not NOT_TAKEN.search(m.group(0))), None)
        if found is None:
            continue
        ms = state.in_span(s, e)
        if not any(m.type == "driver" for m in ms) or any(m.type == "track" for m in ms):
            continue  # a sentence naming the circuit is read by won_race itself
        pos, cue_end = s + found.start(), s + found.end()
        if SEASON_AFTER.match(text, cue_end) or any(
                m.type == "championship" and m.start >= cue_end and IN_SERIES_GAP.fullmatch(text, cue_end, m.start) for m in ms):
            continue  # "went on to win three races in the X Series", "won twice this season": a season's wins
        subj = subject(ms, pos, ("driver",), text)
        if subj is None or subj.end <= subj.start or BEATEN_BEFORE.search(text[max(s, subj.start - 15):subj.start]):
            continue
        ctx = ctx_of(s, e, ms)
        if not ctx.may_hold(subj, pos) or ctx.objectish(subj):
            continue
        lo = min(subj.end, pos)
        if not_a_win(text[lo:cue_end + 30]) or counted(sent):
            continue
        for who in _listed(ms, subj, text):
            add_fact(state, who, "won_race", venue, state.date.year, sent, "inferred: a win at the meeting's venue")
        won = True
    if not won:
        return  # no result reported: not a meeting report (a preview, a test day)
    for s, e in sentences:
        if "ole" in text[s:e] or "ualifi" in text[s:e]:
            ms = state.in_span(s, e)
            if not any(m.type in ("event", "track") for m in ms):
                pole.at_venue(ctx_of(s, e, ms), venue)
