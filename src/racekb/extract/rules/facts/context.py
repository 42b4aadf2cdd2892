"""One sentence under the facts rules: its mentions by type, its years, its quotes and speakers.

Built once per sentence and handed to every predicate module, so each asks the same questions
(who may hold a fact here, which year belongs to this cue) the same way."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from racekb.extract.rules.facts import quotes
from racekb.extract.rules.facts.subjects import has_other_role, in_object_position
from racekb.extract.rules.facts.when import year_for
from racekb.extract.state import Mention, State

FIRST_PERSON = re.compile(r"\b(?:I|I’m|I'm|I’ve|I've|my|me)\b")
RELATIVE_AFTER = re.compile(r",\s+(?:which|whose)\s")
SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?(?:\d{4}\s+)?$")  # "the first one-two since the 2021 ..."
NAME_RUN_BEFORE = re.compile(r"(?:[A-Z][\w-]*\s+){2,}$")  # two or more capitalised words, not a possessive
WIN_AT_BEFORE = re.compile(r"\b(?:victory|win|won|triumph|winning)\s+at\s+$")
CLASS_SHORT_FORM = re.compile(r"\(\s*([A-Z][\w-]{0,9})\s*\)\s+(?:class|category|division|cup class)\b")
CLASS_AFTER = re.compile(r"\s*\(\s*[A-Z][\w-]{0,9}\s*\)\s+(?:class|category|division)\b")
# (a weak reference to the state, its short forms): read once per release; weak, so the last
# release's state is freed with its release and not kept alive here until the next one
_CLASSES: list = [None, frozenset()]


def class_short_forms(state: State) -> frozenset[str]:
    """Short forms a release defines as a class ("the 600cc Formula Two (F2) class"): later, "the F2
    race" is that class's race, not the series the short form usually names."""
    if _CLASSES[0] is None or _CLASSES[0]() is not state:
        found = CLASS_SHORT_FORM.findall(state.text) if "(" in state.text else []
        _CLASSES[0], _CLASSES[1] = weakref.ref(state), frozenset(f.casefold() for f in found)
    return _CLASSES[1]  # type: ignore[no-any-return]


@dataclass
class Release:
    """What the facts rules work out once per release."""

    quotes: list[tuple[int, int]]
    speakers: set[int] = field(default_factory=set)


@dataclass
class Sentence:
    state: State
    release: Release
    s: int
    e: int
    ms: list[Mention]
    base: int = 0
    drivers: list[Mention] = field(default_factory=list)
    teams: list[Mention] = field(default_factory=list)
    cars: list[Mention] = field(default_factory=list)
    champs: list[Mention] = field(default_factory=list)
    events: list[Mention] = field(default_factory=list)
    owners: list[Mention] = field(default_factory=list)
    text: str = ""  # the sentence itself
    first_fact: int = 0  # state.facts before this sentence's
    _driving: bool | None = None

    def __post_init__(self) -> None:
        text, s, ms = self.state.text, self.s, self.ms
        self.text = text[s:self.e]
        self.first_fact = len(self.state.facts)
        self.base = self.state.date.year
        # one pass over the mentions, each list keeping the sentence's order
        owners: list[Mention] = []
        drivers: list[Mention] = []
        teams: list[Mention] = []
        cars: list[Mention] = []
        champs: list[Mention] = []
        events: list[Mention] = []
        tracks: list[Mention] = []
        for m in ms:
            kind = m.type
            if kind == "driver":
                drivers.append(m)
            elif kind == "team":
                teams.append(m)
            elif kind == "car":
                cars.append(m)
            elif kind == "championship":
                owners.append(m)
                champs.append(m)
            elif kind == "event":
                owners.append(m)
                events.append(m)
            elif kind == "track":
                owners.append(m)
                tracks.append(m)
        self.owners, self.drivers, self.teams, self.cars = owners, drivers, teams, cars
        if champs:
            classes = class_short_forms(self.state)
            champs = [m for m in champs if not self._fragment(m) and m.text.casefold() not in classes
                      and not CLASS_AFTER.match(text[m.end:m.end + 30])]
        self.champs = champs
        events = events or list(tracks)
        # "the first one-two since the 2021 Italian Grand Prix": a reference, not a win
        events = [m for m in events if not SINCE_BEFORE.search(text[max(s, m.start - 20):m.start])]
        events += [m for m in tracks if m not in events
                   and WIN_AT_BEFORE.search(text[max(s, m.start - 20):m.start])]
        self.events = events

    def _fragment(self, m: Mention) -> bool:
        """"the Formula Pro USA West Coast Formula 3 title": a known series' short form ending a longer
        name (capitalised words run into it, none of them a mention) is that other series, not the known one."""
        if m.text.casefold() == m.name.casefold():
            return False
        text = self.state.text
        before = NAME_RUN_BEFORE.search(text[max(self.s, m.start - 40):m.start])
        if before is None or m.start - len(before.group(0)) <= self.s:
            return False  # the sentence's first word is capitalised anyway
        lo = m.start - len(before.group(0))
        return not any(o.end > lo and o.start < m.start for o in self.ms if o is not m)

    def _end(self, anchor: int, clause_end: int | None) -> int:
        """Where the anchor's clause ends: a relative clause after it (", which last won in 1988")
        speaks of something else, and so do its years."""
        if clause_end is not None:
            return clause_end
        rel = RELATIVE_AFTER.search(self.state.text, max(anchor, self.s), self.e)
        return rel.start() if rel else self.e

    def year(self, anchor: int, after_only: bool = False, clause_end: int | None = None) -> int:
        end = self._end(anchor, clause_end)
        return year_for(self.state.text[self.s:end], self.s, anchor, self.base, self.owners, after_only)[0]

    def years(self, anchor: int, after_only: bool = False, clause_end: int | None = None) -> list[int]:
        end = self._end(anchor, clause_end)
        return year_for(self.state.text[self.s:end], self.s, anchor, self.base, self.owners, after_only)

    def sentence_year(self) -> int:
        return self.year(self.e)

    def quote_of(self, pos: int) -> int:
        return quotes.inside(self.release.quotes, pos)

    def first_person_speaker(self, cue: int) -> Mention | None:
        """The speaker of the sentence when the cue stands in a quote told in the first person
        singular ("I'm joining X," said Y): then Y is the quote's subject."""
        q = self.quote_of(cue)
        if q < 0:
            return None
        a, b = self.release.quotes[q]
        if not FIRST_PERSON.search(self.state.text[a:b]):
            return None
        return next((m for m in self.drivers if id(m) in self.release.speakers and self.quote_of(m.start) < 0), None)

    def may_hold(self, m: Mention, cue: int, role_free: bool = False) -> bool:
        """Whether `m` may hold a fact whose cue stands at `cue`: a cue in a quotation belongs to a
        name in the same quotation, or to the speaker of a first-person quote ("I won", said X);
        a cue outside quotes to a name outside them. For driving facts, no other role given."""
        if m.end > m.start:
            q_cue, q_m = self.quote_of(cue), self.quote_of(m.start)
            if q_cue >= 0 and q_m != q_cue and m is not self.first_person_speaker(cue):
                return False
            if q_cue < 0 and q_m >= 0:
                return False
        return not (role_free and m.end > m.start and has_other_role(self.state.text, m))

    def facts_here(self) -> list:
        """The facts found in this sentence so far."""
        return self.state.facts[self.first_fact:]

    def driving(self) -> bool:
        """Whether the sentence holds a driving cue ("drives", "joins", "rookie"), asked once."""
        if self._driving is None:
            from racekb.extract.rules.facts.vocab import phrase_pattern

            self._driving = phrase_pattern("driving_cues").search(self.text) is not None
        return self._driving

    def objectish(self, m: Mention) -> bool:
        return m.end > m.start and in_object_position(self.state.text, m)
