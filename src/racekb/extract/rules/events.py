"""Races by their shape: "<Name> 500" ("Coke Zero 400", "Alliance Truck Parts 250"),
"<Name> Grand Prix", "Grand Prix of <Place>", "<Name> Hill Climb", "<N> Hours of <Place>"."""

from __future__ import annotations

import re

from racekb.extract.cues import Keyed, capital_words
from racekb.extract.lexicon import by_norm, is_place, norm, word_list, word_lists
from racekb.extract.state import Mention, State

CAP_REST = r"[\w\-&]*"  # a capitalised word after its capital
CAP = "[A-Z]" + CAP_REST
DISTANCE_WORDS = ("100", "125", "150", "200", "225", "250", "300", "350", "400", "500", "600", "1000")
DISTANCES = "(?:" + "|".join(DISTANCE_WORDS) + ")"


def words(least: int, most: int) -> str:
    """`least` to `most` capitalised words, each followed by a space, not run on from a word."""
    return capital_words(CAP_REST, " ", least, most, not_after=r"[\w’']")


# Each shape with the words it cannot match without (see cues.Keyed): a text holding none of them
# is not scanned (most releases name no Grand Prix, E-Prix or Hill Climb, and scanning is most of
# this rule's time).
SHAPES = (
    Keyed(rf"(?<![\w’'])(?:{CAP} ){{0,3}}Grand Prix of (?:{CAP} ?){{1,3}}", needs=("Grand Prix of ",)),
    Keyed(rf"({words(1, 4)}){DISTANCES}(?![\w’']|\.\d)", needs=DISTANCE_WORDS),
    Keyed(rf"{words(1, 4)}Grand Prix\b", needs=("Grand Prix",)),
    Keyed(rf"\bGrand Prix of (?:{CAP} ?){{1,3}}", needs=("Grand Prix of ",)),
    Keyed(rf"{words(1, 4)}Hill ?Climb\b", needs=("Climb",)),
    Keyed(rf"(?<![\w’'])(?:(?:{CAP}|\d[\w\-]*) ){{1,4}}Classic\b", needs=("Classic",)),
    Keyed(rf"{words(1, 3)}Race\b(?! (?:Engineering|Team|Director|Control|Week|Day))", needs=("Race",)),
    Keyed(rf"\b(?:\d{{1,2}}|Six|Eight|Ten|Twelve|Twenty-Four) Hours of (?:{CAP} ?){{1,3}}", needs=(" Hours of ",)),
    Keyed(rf"{words(1, 3)}(?:E-Prix|ePrix|E-prix)\b", needs=("E-Prix", "ePrix", "E-prix")),
    Keyed(rf"{words(1, 3)}Rally\b(?! (?:Championship|Team|Cup|Series|[Cc]hampion|[Tt]itle|[Cc]rown|[Ss]tandings|[Ll]eader))",
          needs=("Rally",)),
    # "the Formula Ford Festival": a race meeting
    Keyed(rf"{words(1, 3)}Festival\b(?! (?:Championship|Series|Cup))", needs=("Festival",)),
    Keyed(rf"\bRally (?!(?:Champion|Championship|Team|Cup|Series)\b)(?:{CAP})(?: {CAP})?", needs=("Rally ",)),
)
ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
COUNT_WORD = re.compile(r"[\w]+-[Tt]ime")  # "Two-time Bayou 500 winner": a count, not the race's name
PLACE_AFTER = re.compile(rf" ({CAP}(?: {CAP})?)")  # "Safari Rally Kenya": the rally's country goes with it
CAR_NUMBER_BEFORE = re.compile(r"No\.?$")


def find_headline_race(state: State) -> None:
    """The race a headline names, kept as the release's race when the text itself only says
    "the race" or "pole position"."""
    if not state.title:
        return
    head = State(text=state.title, date=state.date)
    find_events(head)
    for m in head.mentions:
        m = _shortest_race_name(m)
        if m.name.endswith(" Race") and all(w.casefold() in word_list("meeting_part_words") for w in m.name.split()[:-1]):
            continue  # "Takes Main Race", "Wins Sprint Race": a part of the meeting, not its name
        m = _as_in_text(state, m)
        if not any(o.type == "event" and o.name == m.name for o in state.mentions + state.nested):
            state.nested.append(Mention(0, 0, m.text, "event", m.name, "headline"))
        state.headline_race = m.name
        return


def _as_in_text(state: State, m: Mention) -> Mention:
    """The headline's race under the longer name the text gives it: a headline cut to "Ford Festival"
    is the text's "Formula Ford Festival" (the one event of the text ending in those words)."""
    tail = " " + norm(m.name)
    longer = {o.name for o in state.mentions if o.type == "event" and (" " + norm(o.name)).endswith(tail)}
    if len(longer) == 1:
        name = next(iter(longer))
        return Mention(m.start, m.end, m.text, "event", name, m.rule)
    return m


def _shortest_race_name(m: Mention) -> Mention:
    """A headline is in title case, so "FR9 Claims Second-Consecutive Daytona 500" is read as
    "Daytona 500": the longest ending the gazetteer knows, else one word before the race word."""
    words = m.text.split()
    for i in range(len(words)):
        entry = by_norm("event").get(norm(" ".join(words[i:])))
        if entry:
            return Mention(m.start, m.end, " ".join(words[i:]), "event", entry.name, m.rule)
    tail = 3 if m.text.endswith("Grand Prix") or m.text.endswith("Hill Climb") else 2
    if len(words) > tail and not re.search(r"\bof\b", m.text):
        short = " ".join(words[-tail:])
        return Mention(m.start, m.end, short, "event", short, m.rule)
    return m


def _with_country(text: str, end: int) -> int:
    """"Safari Rally Kenya", "Acropolis Rally Greece": a country named straight after "<Name> Rally" is
    part of the rally's name (one or two words, the longer when both name a place)."""
    m = PLACE_AFTER.match(text, end)
    if m is None:
        return end
    words = m.group(1).split(" ")
    for n in (2, 1):
        if len(words) >= n and is_place(" ".join(words[:n]), codes_too=False):
            return end + 1 + len(" ".join(words[:n]))
    return end


def find_events(state: State) -> None:
    text = state.text
    stops = word_lists("stop_starts", "leading_noise")
    for shape in SHAPES:
        for m in shape.finditer(text):
            start, end = m.start(), m.end()
            words = text[start:end].split(" ")
            while words and (words[0].casefold() in stops or ORDINAL.fullmatch(words[0]) or COUNT_WORD.fullmatch(words[0])):
                start += len(words[0]) + 1
                words = words[1:]
            if len(words) < 2 or CAR_NUMBER_BEFORE.search(text[max(0, start - 4):start]):
                continue
            surface = text[start:end].strip()
            end = start + len(surface)
            if surface.endswith("Rally"):
                end = _with_country(text, end)
                surface = text[start:end]
            entry = by_norm("event").get(norm(surface))
            state.add(start, end, "event", entry.name if entry else surface, "event-shape")
