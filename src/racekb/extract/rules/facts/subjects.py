"""Who a cue is about: the clause's grammatical holder, not merely the nearest name.

The first fitting mention of a sentence is its subject unless a relative clause ("Sims, who
will ...") hands the cue to a later one; a name after "passed", "behind", "son of" is an object;
a person given a non-driving role ("team owner X", "X, the team principal") drives for no one."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind
from racekb.extract.lexicon import word_list
from racekb.extract.rules.facts.vocab import alternation, grouped, words
from racekb.extract.state import Mention

REPLACE = CaseBlind(r"\b(?:replace|replaces|replacing|replaced|in place of|succeed|succeeds|"
                    r"succeeding|takes over from|takes? the seat of|took the seat of|stepping in for|steps in for|"
                    r"stood in for|standing in for|stands in for|fills in for|filling in for|deputising for|"
                    r"deputizing for|substituting for)\b",
                    needs=("replac", "place of", "succeed", "over from", "seat of", " in for", "deputi", "substitut"))
KIN_AFTER = re.compile(r"^[’']s?\s+(?:\w+\s+)?(?:son|daughter|father|mother|brother|sister|wife|husband|nephew|niece|"
                       r"tally|record|teammate|team-mate|manager|boss|engineer|mechanic)\b")
CLAUSE_BREAK = re.compile(r"(?:,\s*(?:while|whereas|but|although|though)|;|\s+while)\s")
# "X took race two of the Y, and Z clinched the title": ", and" opens a second clause with its own
# subject when a verb phrase (lower-case words) stands before it; in a list ("A, B, and C won") only
# names do
COORDINATE = re.compile(r",\s*and\s")
LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
RELATIVE_CLAUSE = re.compile(r"^,?\s*(?:who|which)\b")  # "Sims, who will ..."
OBJECT_POSITION = re.compile(r"\b(?:passed|passing|behind|ahead of|over|beat|beating|from|to|with|and teammate|"
                             r"son of|daughter of|father of|mother of|brother of|sister of|nephew of|niece of|"
                             r"grandson of|wife of|husband of|Champion|champion|"
                             r"replace|replaces|replacing|replaced|succeed|succeeds|succeeding|alongside)\s+$")


def nearest_before(ms: list[Mention], pos: int, types: tuple[str, ...]) -> Mention | None:
    before = [m for m in ms if m.type in types and m.end <= pos]
    return before[-1] if before else None


def subject(ms: list[Mention], pos: int, types: tuple[str, ...], text: str = "") -> Mention | None:
    """The clause's subject for a cue at `pos`: the first fitting mention of the sentence, unless
    a relative clause ("Sims, who ...") hands the cue to a later one; else the nearest."""
    before = [m for m in ms if m.type in types and m.end <= pos]
    if text:  # "Michael Schumacher's son Mick": the father is not the clause's subject
        before = [m for m in before if m.end <= m.start or not KIN_AFTER.match(text[m.end:m.end + 24])]
    if not before:
        return next((m for m in ms if m.type in types and m.start >= pos), None)
    if text:
        for m in reversed(before):
            if RELATIVE_CLAUSE.match(text[m.end:m.end + 8]):
                return m
        # "X qualified P7, while Y rebounded to fifth in Z": the clause the cue stands in
        after_break = [m for m in before if _breaks(text[before[0].end:m.start])]
        first = after_break[-1] if after_break and _breaks(text[before[0].end:pos]) else before[0]
        if not REPLACE.search(text[first.end:pos]):
            return first
    return before[-1]


def _breaks(gap: str) -> bool:
    """Whether `gap`, the words after the sentence's first name, ends one clause and opens another."""
    if CLAUSE_BREAK.search(gap):
        return True
    joint = COORDINATE.search(gap)
    return joint is not None and LOWER_WORD.search(gap, 0, joint.start()) is not None


CONGRATULATIONS = CaseBlind(r"\b(?:congratulations|congrats|kudos|hats off)\s+to\s+$", needs=("congrat", "kudos", "hats off"))


def in_object_position(text: str, m: Mention) -> bool:
    """A name after "passed", "behind", "son of": an object, not the clause's holder ("congratulations
    to X ... for their win" still names the winner)."""
    if CONGRATULATIONS.search(text[max(0, m.start - 24):m.start]):
        return False
    return OBJECT_POSITION.search(text[max(0, m.start - 16):m.start]) is not None


def driver_of(ms: list[Mention], pos: int, text: str) -> Mention | None:
    """Who drives the car at `pos`: the nearest driver before it who is not the object of
    another verb ("passed X", "ahead of Y"); a relative clause ("Sims, who ...") wins."""
    before = [m for m in ms if m.type == "driver" and m.end <= pos]
    for m in reversed(before):
        if RELATIVE_CLAUSE.match(text[m.end:m.end + 8]):
            return m
    for m in reversed(before):
        if not in_object_position(text, m) and not REPLACE.search(text[m.end:pos]):
            return m
    if before:
        return before[0]
    first = next((m for m in ms if m.type == "driver"), None)
    if first is not None and first.start > pos and \
            any(c.type == "car" and c.start > pos and first.end <= c.start <= first.end + 40 for c in ms):
        return None  # "... driving the No. 5 to victory and Sam Doe bringing the No. 17 home": Doe's is the No. 17
    return first


_ROLE: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _role_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    roles = alternation("nondriver_roles")
    before = re.compile(r"\b" + grouped("nondriver_roles") + r"s?\s*(?:and\s+\w+\s+)?,?\s*(?:[A-Z][\w’'.]*\s+){0,1}$", re.IGNORECASE)
    after = re.compile(r"^(?:[’']s)?\s*(?:\([^)]{0,40}\)\s*)?,\s*(?:\w+\s+){0,4}?" + roles + r"\b", re.IGNORECASE)
    return before, after


def has_other_role(text: str, m: Mention) -> bool:
    """True when the text names the person in a role other than driving: "team owner X",
    "X, the team principal", "X (CEO)"."""
    global _ROLE
    if _ROLE is None:
        _ROLE = _role_patterns()
    before, after = _ROLE
    window = text[max(0, m.start - 30):m.start]
    if before.search(window) and not PARTNER_VERB.search(window):
        return True
    return bool(after.match(text[m.end:m.end + 60]))


# "X will partner Y": the verb, not the role ("sponsor partner Y")
PARTNER_VERB = re.compile(r"\b(?:will|to|would|shall)\s+partner\s+(?:[A-Z][\w’'.]*\s+)?$")


PRONOUN_OPENING = re.compile(r"^\W*(?:He|She)\b")
THE_OPENING = re.compile(r"^\W*The\s+([^,.;:]{1,60})")
THE_ANYWHERE = re.compile(r"\b[Tt]he\s+([^,.;:]{1,60})")
# epithets written in lower case as words: capitalised after "the", they name an award or a title
COMMON_EPITHETS = frozenset({"driver", "champion", "youngster", "veteran", "rookie", "racer", "pilot", "winner",
                             "title-holder", "teenager"})
NAMED_AFTER = re.compile(r"\s*,\s+[A-Z][\w’'-]+\s+[A-Z]")  # an apposition naming the epithet's person
DRIVING_OPENING = re.compile(r"^\W*(?:Driving|Piloting|Behind the wheel of|At the wheel of)\b")


def epithet(sentence: str, names_a_driver: bool) -> bool:
    """True when a sentence speaks of the driver the last one was about: it opens with "He" or
    "The Dutchman", or names no driver but says "the 38-year-old" or opens "Driving the ..."."""
    if PRONOUN_OPENING.match(sentence):
        return True
    nouns = word_list("epithet_nouns")
    pattern = THE_OPENING if names_a_driver else THE_ANYWHERE
    heads = words("adjective_heads")
    for m in pattern.finditer(sentence):
        phrase = m.group(1).split()
        for k, word in enumerate(phrase[:4]):
            w = word.casefold()
            if "-" not in w:  # most words: the one look-up the loop below makes for them
                found = w in nouns
            else:
                parts = w.split("-")
                found = any("-".join(parts[i:]) in nouns for i in range(len(parts)))
            if found and word[:1].isupper() and w in COMMON_EPITHETS:
                continue  # "the Rookie of the Race award", "the Driver of the Day": a prize's name
            if found and k == len(phrase) - 1 and NAMED_AFTER.match(sentence, m.end()):
                break  # "The team's 2024 driver, Mats Fjell, leaves": the epithet's own name follows
            if found:  # "Dutchman", "29-year-old"
                after = phrase[k + 1] if k + 1 < len(phrase) else ""
                if after[:1].isupper() or after.casefold().strip("’'s") in heads:
                    continue  # "the Austrian double-header", "the Dutch Grand Prix": an adjective, not a person
                return True
    return not names_a_driver and bool(DRIVING_OPENING.match(sentence))
