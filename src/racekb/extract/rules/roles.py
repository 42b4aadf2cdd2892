"""Driver or not: a named person is a driver unless the text gives them another role
("Gary Nelson, team manager for ...", "team co-owner Jack Roush", "[crew chief] Mike Beam",
"CEO Doug Yates") and no driving cue of their own."""

from __future__ import annotations

import re
from functools import lru_cache

from racekb.extract.cues import CaseBlind, case_blind, one_of
from racekb.extract.lexicon import ordered_phrases
from racekb.extract.state import State


@lru_cache(maxsize=None)
def _role_patterns() -> tuple[re.Pattern[str], CaseBlind | re.Pattern[str]]:
    roles = "|".join(re.escape(r) for r in ordered_phrases("person_roles"))
    # "Name, team manager for", "Name (team owner)" ...
    after = re.compile(rf"^\s*(?:,|\(|–|-)\s*(?:(?:the\s+|a\s+|its\s+|our\s+)?(?:[A-Z][\w\-]*\s+){{0,3}}(?:{roles})\b|"
                       rf"who\s+(?:leads|runs|heads|manages|directs|oversees|owns|co-owns)\b)", re.IGNORECASE)
    # "team co-owner Name", "[car owner] Name", "(crew chief) Name", "CEO Name"
    before = case_blind(rf"{_grouped(ordered_phrases('person_roles'), roles)}[\]\)]?\s*(?:is\s+|was\s+|,\s*)?$")
    return after, before


def _grouped(phrases: tuple[str, ...], plain: str) -> str:
    """The phrases' alternation grouped by first letter (one_of): `before` is tried at every
    character of its window, and then makes one test per letter instead of one per role, with the
    same matches. Only for lower-case plain words (a letter in two cases would be two groups that
    match at one place); else the plain alternation `plain`."""
    if any(p != p.lower() for p in phrases):
        return f"(?:{plain})"
    try:
        return one_of(phrases)
    except ValueError:  # a role with a character one_of does not take ("v.p.")
        return f"(?:{plain})"


STRONG_DRIVER = CaseBlind(r"\b(?:drove|co-drove|co-driving|driver|drivers|co-driver|co-drivers|behind the wheel|"
                          r"qualified|pole|raced|laps|podium|finished|teammate|teammates|team-mate|team-mates|"
                          r"rider|riders|front row|competitor|competitors|"
                          r"(?:competing|competes|competed|compete)\s+in)\b",
                          needs=("drove", "co-driv", "driver", "behind the wheel", "qualified", "pole", "raced", "laps",
                                 "podium", "finished", "teammate", "team-mate", "rider", "front row", "compet"))
# "X, Team Owner, Rider and two-time champion": a role list that gives driving too (an owner who races)
DRIVING_IN_ROLES = re.compile(r"^[^.;:]{0,40}?\b(?:rider|driver|racer|co-driver)\b", re.IGNORECASE)


QUOTE = re.compile(r"[“\"][^”\"]*[”\"]")
RACING = CaseBlind(r"\b(?:win|won|lead|led|rac|driv|drove|finish|podium|pole|champion|title|lap|qualif|start|"
                   r"victor|compet|crash|pass|co-driv|teammate|team-mate|rookie|season|car|entry|seat|stint)",
                   needs=("win", "won", "lead", "led", "rac", "driv", "drove", "finish", "podium", "pole", "champion",
                          "title", "lap", "qualif", "start", "victor", "compet", "crash", "pass", "teammate",
                          "team-mate", "rookie", "season", "car", "entry", "seat", "stint"))
SPEAKER = re.compile(r"\b(?:said|says|added|explained|noted|commented)\s*$")
SAID_AFTER = re.compile(r"^\s+(?:said|says|added)\b")
OWNS_TEAM_AFTER = re.compile(r"^[’']s\s+(?:team|squad|outfit|operation|organisation|organization)\b")
ENTRY_NAME_AFTER = re.compile(r"^\s+(?:[A-Z][\w\-]+\s+){0,3}(?:powered\s+)?[A-Z]")  # "the Jack Roush Ford"
THE_BEFORE = re.compile(r"\bthe\s+$")
# "I want to thank Jane Doe and John Roe", "thankful to my dad, Chris, Tim & Jane Doe": people thanked
THANKED = re.compile(r"\bthank(?:s|ful|ing)?\s+(?:you\s+)?(?:to\s+)?(?:(?:my|our|the)\s+[a-z]+,?\s+)?"
                     r"(?:[A-Z][\w’'\-]*,?\s+(?:and\s+|&\s+)?){0,8}$", re.IGNORECASE)
CONTACT_AFTER = re.compile(r"\s*(?:-|–|\(|,)\s*[\w.+\-]+@")  # "Jane Doe - j.doe@example.com"
OF_OWN_TEAM = re.compile(r" (?:of|from|owner of) ")
# "the team he co-owns with his brother Rick Doe": a partner in owning, not a driver
OWNS_WITH_BEFORE = re.compile(r"\b(?:co-owns|co-owned|owns|owned|runs|ran|founded|co-founded|manages)\s+(?:it\s+)?with\s+"
                              r"(?:his\s+|her\s+|their\s+)?(?:[a-z-]+\s+)?$", re.IGNORECASE)


SENTENCE_REACH = 600


def _speaker_only(state: State, mentions: list) -> bool:
    """True for a person the release only quotes ("..., said Al Speyer, who leads the program")
    with no word of racing outside the quotation: a spokesman, not a driver."""
    speaking = False
    for m in mentions:
        s, e = state.sentence_of(m.start)
        # no further than SENTENCE_REACH either side: a real sentence is shorter, and a run-on
        # "sentence" of a whole release must not be read once per name in it (quadratic)
        s, e = max(s, m.start - SENTENCE_REACH), min(e, m.end + SENTENCE_REACH)
        if SPEAKER.search(state.text[max(s, m.start - 12):m.start]) or \
                SAID_AFTER.match(state.text[m.end:m.end + 8]):
            speaking = True
        outside = QUOTE.sub(" ", state.text[s:e]).replace(m.text, " ")
        if RACING.search(outside):
            return False
    return speaking


def _thanked_or_contact(state: State, mentions: list) -> bool:
    """A person the release thanks or gives as a contact is a helper, sponsor or spokesman."""
    text = state.text
    if "hank" not in text and "@" not in text:
        return False  # most releases thank nobody: no search at all
    for m in mentions:
        s, _ = state.sentence_of(m.start)
        if THANKED.search(text, max(s, m.start - 80), m.start) or CONTACT_AFTER.match(text, m.end, m.end + 40):
            return True
    return False


def _of_own_team(state: State, mentions: list, name: str) -> bool:
    """ "Jane Doe of Doe Autosport": a person named with the team that bears their surname is
    its owner (an owner who also drives has a driving cue of their own, checked first)."""
    surname = name.split()[-1].rstrip(".")
    if surname in ("Jr", "Sr") and len(name.split()) > 2:
        surname = name.split()[-2]
    for m in mentions:
        if OF_OWN_TEAM.match(state.text, m.end, m.end + 10):  # rare: the teams are looked at only then
            if any(t.type == "team" and 0 < t.start - m.end <= 12 and surname in t.name.split()
                   for t in state.in_span(m.end, m.end + 80)):
                return True
    return False


LISTED_AFTER = re.compile(r"([A-Z][\w’'\-]*(?: [A-Z][\w’'\-]*){1,3})\s+and\s+$")


def _listed_after_role(state: State, mentions: list, before: CaseBlind | re.Pattern[str]) -> bool:
    """ "team principals Jane Doe and John Roe": the second name shares the role the first was
    given ("principals", "owners")."""
    text = state.text
    for m in mentions:
        if text[max(0, m.start - 5):m.start] != " and ":
            continue
        listed = LISTED_AFTER.search(text, max(0, m.start - 40), m.start)
        if listed and before.search(text[max(0, listed.start(1) - 30):listed.start(1)]):
            return True
    return False


def assign_roles(state: State) -> None:
    after, before = _role_patterns()
    text = state.text
    by_key: dict[tuple[str, str], list] = {}  # each driver's mentions, in the release's order
    for m in state.mentions:
        if m.type == "driver":
            by_key.setdefault((m.type, m.name), []).append(m)
    for key in sorted(by_key):
        mentions = by_key[key]
        role = None
        strong = False
        for m in mentions:
            head = text[max(0, m.start - 30):m.start]
            tail = text[m.end:m.end + 60]
            role_after = after.match(tail)
            if role_after or (role is None and (before.search(head) or OWNS_WITH_BEFORE.search(head))):  # (a role found stays the role)
                role = role or (head + m.text + tail).strip()
            if strong:
                continue  # found already: the tests below can only say so again
            s, e = state.sentence_of(m.start)
            if (STRONG_DRIVER.search(text[max(s, m.start - 40):min(e, m.end + 40)]) and not role_after) or \
                    (role_after and DRIVING_IN_ROLES.match(tail)):
                strong = True  # an owner whose own role list says he rides races too
        owns_team = any(OWNS_TEAM_AFTER.match(text[m.end:m.end + 18]) for m in mentions)
        owner_entry = owns_team or any(ENTRY_NAME_AFTER.match(text[m.end:m.end + 40])
                          and THE_BEFORE.search(text[max(0, m.start - 5):m.start])
                          and any(o.start > m.end and o.start - m.end < 3 and o.type in ("manufacturer", "car", "team")
                                  for o in state.mentions)
                          for m in mentions)
        quiet = not strong and (_speaker_only(state, mentions) or _thanked_or_contact(state, mentions)
                                or _of_own_team(state, mentions, key[1]) or _listed_after_role(state, mentions, before))
        if (role and not strong) or owner_entry or quiet:
            for m in mentions:
                m.type = "person"
            state.reasons[("person", key[1])] = (f"role: {role}" if role else "owner of an entry" if owner_entry
                                                 else "named with no word of racing")
        else:
            state.reasons[key] = "named as racing" if strong else "a named person with no other role"
