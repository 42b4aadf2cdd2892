"""When a fact holds: the year a sentence gives the fact's own words, else the release's year.

A year written straight before another title or race ("his 2021 DPi title") belongs to that one;
of the years left, those after the cue come first. A career total ("his 12 career wins", "a
seven-time champion", "has won it five times") has no single year."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind
from racekb.extract.rules.years import years_in
from racekb.extract.state import Mention

# "seven-time champion", "three-time winner", "12 career wins", "five times", "his nine titles"
COUNTED = CaseBlind(r"\b(?:\w+-time|\d+-time)\s|\bcareer\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|"
                    r"twelve|\d+)\s+(?:times|titles|championships|crowns|victories|wins)\b|\ball-time\b|\btally\b",
                    needs=("time", "career", "titles", "championships", "crowns", "victories", "wins", "tally"))


def year_for(sentence: str, s_start: int, anchor: int, base_year: int, owners: list[Mention],
             after_only: bool = False) -> list[int]:
    """The years of a sentence that belong to the mention at `anchor` (absolute offset)."""
    found = years_in(sentence, base_year)
    if not found:
        return [base_year]
    rel_anchor = anchor - s_start
    own = [y for off, y in found if 0 <= rel_anchor - off <= 12]
    if own:
        return own[:1]
    for off, y in found:  # "won the 2024 X title with Team": the title's year is the team's too
        m = next((m for m in owners if 0 <= (m.start - s_start) - off <= 12), None)
        if m is not None and m.end - s_start <= rel_anchor and WON_WITH.fullmatch(sentence[m.end - s_start:rel_anchor]):
            return [y]
    found = [(off, y) for off, y in found if not _in_other_clause(sentence, off, rel_anchor)
             and not _owned_by_noun(sentence, off, rel_anchor)
             and not EARLIER_ONE_BEFORE.search(sentence, max(0, off - 60), off)]
    if not found:
        return [base_year]
    taken = {off for off, _ in found for m in owners
             if m.start - s_start != rel_anchor and 0 <= (m.start - s_start) - off <= 12
             and not (off > rel_anchor and SEASON_TO_COME.search(sentence[max(0, rel_anchor):off]))}
    free = [(off, y) for off, y in found if off not in taken]
    closest = [y for _, y in sorted(free, key=lambda fy: abs(fy[0] - rel_anchor))]
    if after_only:
        later = [y for off, y in free if off > rel_anchor]
        return later or closest[:1] or [base_year]
    return closest[:1] or [base_year]


# ", where she finished third in 2024,": a relative clause whose year is its own and its antecedent's
RELATIVE = re.compile(r",\s+(?:the\s+(?:[\w-]+\s+){0,2}?(?:team|squad|outfit)\s+(?:that|which)|where|who|whom|whose|which|"
                      r"when)\s[^,;]*")
# a clause setting a scene ("where she was third in 2024") dates its antecedent too; one
# telling the antecedent's own deed ("the team that won the 2022 title") dates nothing else
CLAUSE_OF_DRIVER = re.compile(r",\s+(?:where|when|in\s+which)\b|,\s+(?:which|that|whom)\s+(?:he|she|they|I|we|[A-Z])")
ANTECEDENT_GAP = re.compile(r"[^,;]{0,50}")


# "their second victory in the event after 2022": the year of an earlier one, not this one's
EARLIER_ONE_BEFORE = re.compile(r"\b(?:second|third|fourth|fifth|another|\d+(?:st|nd|rd|th))\s+(?:[\w-]+\s+){0,5}?"
                                r"(?:after|following)\s+(?:(?:19|20)\d\d(?:,\s*|\s+and\s+))*$", re.IGNORECASE)
# "Last year's winner, Dana Cross, returns": a year in the possessive dates the noun after it
POSSESSIVE_YEAR = re.compile(r"(?:(?:last|this|next)\s+(?:year|season)|(?:19|20)\d\d)[’']s\s+(?:[\w-]+\s+){0,2}?"
                             r"(?:winner|winners|champion|champions|race|edition|event|runner-up|title|pole-sitter|victor|"
                             r"rookie|scholarship|award)\b", re.IGNORECASE)
APPOSITION = re.compile(r",?\s+(?:[A-Z][\w’'.-]*\s*){1,4}")  # the noun's owner named after it: ", Dana Cross"


def _owned_by_noun(sentence: str, off: int, rel_anchor: int) -> bool:
    """Whether the year at `off` is a possessive that dates the noun after it ("last year's
    winner"), and the anchor is beyond that noun and its apposition."""
    m = POSSESSIVE_YEAR.match(sentence, off)
    if m is None:
        return False
    owner = APPOSITION.match(sentence, m.end())
    return not off <= rel_anchor <= (owner.end() if owner else m.end())


def _in_other_clause(sentence: str, off: int, rel_anchor: int) -> bool:
    """Whether the year at `off` stands in a relative clause that neither holds the anchor nor
    follows it straight ("the X Series, where she was third in 2024" dates the series, not the
    "will pilot the No. 21" of the same sentence)."""
    if "," not in sentence:
        return False
    for m in RELATIVE.finditer(sentence):
        if m.start() <= rel_anchor < m.end() and off >= m.end() and sentence[m.end():m.end() + 1] == ",":
            return True  # "X, who drives for Y, was chasing a win after victories in 2016": the aside keeps no year
        if m.start() <= off < m.end():
            if m.start() <= rel_anchor < m.end():
                return False
            return not (rel_anchor < m.start() and ANTECEDENT_GAP.fullmatch(sentence, rel_anchor, m.start())
                        and CLAUSE_OF_DRIVER.match(sentence, m.start()))
    return False


# "... title with Team": the words from a won title to the team it was won with
WON_WITH = re.compile(r"(?:\s+[A-Z][\w-]*){0,4}\s+(?:title|crown|championship|cup)\s+with\s+(?:the\s+)?")
# "will drive for Y in the 2026 X Championship": a season to come named by its series' year is the
# season of the whole clause, not a year the series keeps to itself ("his 2021 X title")
SEASON_TO_COME = re.compile(r"\b(?:will|to)\s+(?:[\w-]+\s+){1,8}?(?:in|for)\s+(?:the\s+)?$")


def counted(text: str) -> bool:
    """True when the words count results over a career rather than state one ("became a
    two-time winner" counts, but states this win too)."""
    m = COUNTED.search(text)
    return m is not None and not BECAME.search(text[max(0, m.start() - 20):m.start()])


BECAME = re.compile(r"\b(?:became|becomes|become|becoming|is now|now a|now an)\s+(?:a\s+|an\s+|the\s+)?$",
                    re.IGNORECASE)
YEAR_WORD = re.compile(r"(?:19|20)\d\d")
