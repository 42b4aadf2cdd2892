"""Series, cups and titles by their shape: "<Capitalised words> Championship|Series|Cup|...",
and "<class> title" ("his 2021 DPi title")."""

from __future__ import annotations

import re
from functools import lru_cache

from racekb.extract.cues import Keyed, capital_words, word_start
from racekb.extract.lexicon import (
    by_norm,
    common_word,
    given_names,
    is_place,
    norm,
    raw_list,
    word_list,
    word_lists,
)
from racekb.extract.rules.gazetteer import lookup
from racekb.extract.state import State
from racekb.extract.tokens import YEAR, Token, capitalised_runs

LOWER_KEYWORDS = {"series", "championship"}
CONNECTORS = {"of", "and", "on", "&", "de"}
CLASS_START = word_start("[A-Z]", not_after=r"[\w-]")  # a class's name starts a word ("DPi", "GT3")
TITLE = Keyed(rf"((?:{CLASS_START}[A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*)(?:\s+[A-Z][a-z]+)?)\s+(titles?)\b",
              needs=("title",))


def canonical(surface: str) -> str:
    """The gazetteer's name for a series when it knows the surface form, else the form itself."""
    entry = by_norm("championship").get(norm(surface))
    if entry is None and surface.endswith(" series"):  # "the GT World Challenge series"
        entry = by_norm("championship").get(norm(surface[: -len(" series")]))
    if entry is None:
        entry = _misspelt(norm(surface))
    return entry.name if entry else surface


@lru_cache(maxsize=1 << 12)
def _misspelt(key: str):
    """The gazetteer's series a long name misspells by one letter ("Word Rally Championship"):
    a typo in a release is no new series. Names of three words or more only, one word of four
    letters or more misspelt ("Formula 3" and "Formula E", "GT3" and "GT4" are other series)."""
    from rapidfuzz.distance import (
        Levenshtein,  # loaded on the first unknown series name
    )

    words = key.split()
    if len(words) < 3:
        return None
    hits = set()
    for form, entry in by_norm("championship").items():
        other = form.split()
        if len(other) != len(words):
            continue
        differ = [(a, b) for a, b in zip(words, other) if a != b]
        if len(differ) == 1 and min(len(differ[0][0]), len(differ[0][1])) >= 4 and \
                not any(c.isdigit() for c in differ[0][0] + differ[0][1]) and \
                Levenshtein.distance(differ[0][0], differ[0][1], score_cutoff=1) <= 1:
            hits.add(entry)
    return next(iter(hits)) if len(hits) == 1 else None


IN_SERIES_NAME = CONNECTORS | LOWER_KEYWORDS


def _runs(tokens: list[Token], text: str, words: tuple | None = None) -> list[list[Token]]:
    """Capitalised runs, with the connectors a series name holds ("World of Outlaws"); `words`:
    State.run_words, when the caller has them."""
    return capitalised_runs(tokens, text, lambda i, tok, run: tok.text in IN_SERIES_NAME,
                            possessive_ends=("’", "'", "’s", "'s"), connectors=IN_SERIES_NAME, words=words)


def _known(run: list[Token]) -> bool:
    """True when the words after a maker still name a known series ("Ford Nationwide Series")."""
    return any(norm(" ".join(t.text for t in run[i:])) in by_norm("championship") for i in range(len(run)))


def _leading_other(word: str) -> bool:
    """A maker, track or event in front of a series name is not part of it ("Ford Nationwide Series")."""
    entry = lookup(word)
    return entry is not None and entry.type in ("manufacturer", "track", "event")


SEASON = re.compile(r"(?:19|20)\d\d[-–/](?:\d\d){1,2}")  # "2024-25"


def _number_word(tok: Token) -> bool:
    """A year, a count or an ordinal in front of a series ("2023", "13", "5th"), not a name that
    holds a digit ("F4 U.S. Championship", "P1 AquaX")."""
    return tok.has_digit and (tok.text.isdigit() or YEAR.match(tok.text) is not None or SEASON.fullmatch(tok.text) is not None
                              or tok.text[:1].isdigit() and tok.text.lstrip("0123456789").casefold() in ("st", "nd", "rd", "th", "cc"))


def _split_listed(run: list[Token], keywords: frozenset[str]) -> list[list[Token]]:
    """ "X Championship and Y Series": two names joined by "and" or "&" after a keyword."""
    out: list[list[Token]] = [[]]
    for i, tok in enumerate(run):
        if tok.text in ("and", "&") and i > 0 and run[i - 1].text in keywords:
            out.append([])
        else:
            out[-1].append(tok)
    return [part for part in out if part]


def _trim_front(run: list[Token]) -> list[Token]:
    """Drop what only sits in front of a series name: "the", years, "13", "Ford", "Saturday's",
    and anything before a series the gazetteer knows ("Roush Yates FR9 Nationwide Series")."""
    stops = word_list("stop_starts")
    while run and (run[0].text.casefold() in stops or _number_word(run[0]) or run[0].text in CONNECTORS
                   or run[0].text.endswith(("’s", "'s", "’", "'")) or run[0].text.casefold() in word_list("leading_noise")
                   or (_leading_other(run[0].text) and _known(run[1:]))):
        run = run[1:]
    known = by_norm("championship")
    if norm(" ".join(t.text for t in run)) in known:
        return run
    for i in range(1, len(run) - 1):
        head = " ".join(t.text for t in run[:i])
        if len(run) - i == 2 and all(_own_qualifier(t.text) for t in run[:i]) and norm(" ".join(t.text for t in run[i:])) in known:
            return run  # "Coastal Truck Series", "Great Northern Truck Series": the series' own words, no sponsor
        if norm(" ".join(t.text for t in run[i:])) in known and norm(head) not in known and \
                not (head.isupper() and not any(t.has_digit for t in run[:i])) and \
                run[i - 1].text not in raw_list("org_suffixes"):  # "IMSA" and "Acme Tires" stay, "FR9" goes
            return run[i:]
    return run


def _own_qualifier(word: str) -> bool:
    """Whether one word before a known two-word series ("Truck Series") is the start of another
    series' name: a regional adjective or a plain English word ("Coastal", "Pacific", "Midwest"),
    not a place ("Daytona Truck Series race"), a maker or a sponsor's brand."""
    if word.casefold() in word_lists("region_words", "regional_adjectives"):
        return True
    return common_word(word) and not is_place(word) and word.casefold() not in word_list("stop_starts") \
        and word.casefold() not in word_list("leading_noise")


# "his first Lucas Oil Empire Super Sprints win": a capitalised name counted as a win or title
COUNTED = Keyed(r"\b(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th))(?:\s+career)?\s+"
                r"((?:[A-Z][\w\-]*\s+){2,6})(?:win|wins|victory|victories|title|titles|crown)\b",
                needs=("win", "victor", "title", "crown"))


def find_counted_series(state: State) -> None:
    for m in COUNTED.finditer(state.text):
        surface = m.group(1).strip()
        words = surface.split()
        if all(w.casefold() in word_list("not_name_words") for w in words) or is_place(surface) or \
                any(w[:1].isdigit() for w in words) or lookup(surface) is not None or \
                any(_kind(w) in ("event", "track") for w in words):
            continue
        start = m.start(1)
        state.add(start, start + len(surface), "championship", canonical(surface), "counted-series")


SERIES_WORDS = capital_words(r"[\w\-]*", r"\s", 1, 4, not_after=r"[\w-]")  # "World Rally "
CHAMPION_OF = Keyed(rf"({SERIES_WORDS})Champion\b", needs=("Champion",))


YEAR_BEFORE = re.compile(r"\b(?:19|20)\d\d\s$")


def find_series_champions(state: State) -> None:
    """ "1984 World Rally Champion": the champion of a series the gazetteer knows names that series;
    so does a dated title of two or more words the gazetteer does not know ("the 2021 Acme GT
    Champion"), unless a word of it is a race, track or place ("2010 Le Mans Champion")."""
    for m in CHAMPION_OF.finditer(state.text):
        words = m.group(1).split()
        for i in range(len(words)):
            entry = by_norm("championship").get(norm(" ".join(words[i:]) + " Championship"))
            if entry:
                start = m.start(1) + len(" ".join(words[:i])) + (1 if i else 0)
                state.add(start, m.end(), "championship", entry.name, "series-champion")
                break
        else:
            if len(words) >= 2 and YEAR_BEFORE.search(state.text, max(0, m.start(1) - 6), m.start(1)) \
                    and _plain_title(words):
                start = m.start(1)
                state.add(start, start + len(" ".join(words)), "championship", canonical(" ".join(words)),
                          "dated-champion")


# "this inaugural USF Juniors season", "the 2022 Acme GT standings": a name of two to four
# capitalised words between a year (or "inaugural") and a season's noun
# (each first character before its word-start test, which "\b" would make at every character)
SEASON_OF = Keyed(r"(?:i(?<!\wi)naugural|1(?<!\w1)9\d\d|2(?<!\w2)0\d\d) ((?:[A-Z][\w\-]*\s){2,4})(?:season|campaign|standings|points lead)\b",
                  needs=("season", "campaign", "standings", "points lead"))
ACRONYM = re.compile(r"[A-Z]{2,}\w*|[A-Z]+\d+\w*")


def find_season_names(state: State) -> None:
    """A season's series named by a word in capitals ("USF Juniors"), not by a team's suffix
    ("the 2022 Acme Racing season" is the team's): a team is named this way as often as a series
    when no acronym marks it as a series'."""
    suffixes = raw_list("team_suffixes")
    for m in SEASON_OF.finditer(state.text):
        words = m.group(1).split()
        if not any(ACRONYM.fullmatch(w) for w in words) or any(w in suffixes for w in words) \
                or not _plain_title(words) or words[0].casefold() in word_list("stop_starts"):
            continue
        surface = " ".join(words)
        state.add(m.start(1), m.start(1) + len(surface), "championship", canonical(surface), "season-name")


# "the Grand National Cross-country (GNCC) series": a name, its initials in brackets, a series noun
BRACKETED = Keyed(r"((?:[A-Z][\w\-]*\s){1,5})\(([A-Z][A-Z0-9]{1,5})\)\s+(?:[Ss]eries|[Cc]hampionship)\b", needs=(") series", ") Series", ") champ", ") Champ"))


def find_bracketed_series(state: State) -> None:
    """A series written out with its short form in brackets before "series" ("the Acme Kart
    Racing (AKR) series"): the written-out name is the series, the short form another name of it."""
    stops = word_list("stop_starts") | word_list("leading_noise")
    for m in BRACKETED.finditer(state.text):
        words = m.group(1).split()
        while words and (words[0].casefold() in stops or YEAR.match(words[0]) or re.search(r"-[a-z]+$", words[0])):
            words = words[1:]  # "the", "2021", "Acme-backed"
        surface = " ".join(words)
        if len(words) < 2 or is_place(surface) or all(w.casefold() in word_list("not_name_words") for w in words) \
                or _kind(surface) not in (None, "championship"):
            continue  # an event's head word may stand in a series' name here ("Grand National")
        start = m.end(1) - 1 - len(surface)
        state.add(start, start + len(surface), "championship", canonical(surface), "bracketed-series")
        state.add(m.start(2), m.end(2), "championship", canonical(surface), "bracketed-series")


LIST_NAME = r"((?:[A-Z][\w\-]*|\d{2,4})(?: (?:[A-Z][\w\-]*|\d{2,4})){0,3})"
LISTED_AFTER = re.compile(rf",\s+(?:and\s+)?(?:the\s+)?{LIST_NAME}(?=,|\s+and\b|\s+or\b|\.)")
LISTED_BEFORE = re.compile(rf"(?:^|[,;:]\s+|\bin\s+)(?:the\s+)?{LIST_NAME}(?:,\s+(?:and\s+)?|\s+and\s+)(?:the\s+)?$")
MARKED = re.compile(r"[A-Z]{2,}|[A-Za-z]*\d")


HOLDERS_TITLE = Keyed(r"\b([A-Z][a-z\-]+)[’'] (Championship|Cup|Trophy|Title)\b", needs=("’ ", "' "))


def find_holders_titles(state: State) -> None:
    """ "the Drivers' Championship", "the Constructors’ Championship": the title of one kind of
    entrant, a championship of its own in the answer keys' reading, named with a plain apostrophe."""
    holders = word_list("title_holders")
    for m in HOLDERS_TITLE.finditer(state.text):
        if m.group(1).casefold() in holders:
            state.add(m.start(), m.end(), "championship", f"{m.group(1)}' {m.group(2)}", "holders-title")


def find_listed_series(state: State) -> None:
    """A name listed next to a series ("the Acme Cup, KGT America and the Apex Series") is a
    series when a word of it is in capitals or holds a number (a series' letters or class, as
    "TC America" or "Pro 2000"): plain words in such a list name races and places as often."""
    text = state.text
    found = [(m.start, m.end) for m in state.mentions if m.type == "championship"]
    while found:  # a name taken here lets its own neighbours through: "A Cup, KGT 2000, KGT America"
        m_start, m_end = found.pop()
        spots = []
        after = LISTED_AFTER.match(text, m_end, min(len(text), m_end + 60))
        if after:
            spots.append((after.start(1), after.end(1)))
        before = LISTED_BEFORE.search(text, max(0, m_start - 60), m_start)
        if before:
            spots.append((before.start(1), before.end(1)))
        for start, end in spots:
            words = text[start:end].split()
            if not any(MARKED.match(w) for w in words) or words[0].casefold() in word_list("stop_starts") \
                    or not _plain_title(words) and not (len(words) > 1 and words[-1].isdigit()):
                continue
            if state.claimed(start, end) or (len(words) == 1 and not any(c.isdigit() for c in words[0])):
                continue  # one word in capitals: a maker or a body ("IMSA") as often as a series
            surface = " ".join(words)
            if state.add(start, start + len(surface), "championship", canonical(surface), "listed-series"):
                found.append((start, start + len(surface)))


def _kind(text: str) -> str | None:
    """The gazetteer's type for a name, or None."""
    entry = lookup(text)
    return entry.type if entry is not None else None


def _plain_title(words: list[str]) -> bool:
    """Words that can name a series: no number alone ("Daytona 500"), no race, track or place,
    no event's head word ("Festival"), not plain words only."""
    heads = word_list("eponym_heads")
    surface = " ".join(words)
    return not (any(w.isdigit() or w.casefold() in heads for w in words) or is_place(surface)
                or all(w.casefold() in word_list("not_name_words") for w in words)
                or any(_kind(w) in ("event", "track") for w in words)
                or (_kind(surface) in ("event", "track")))


def find_class_titles(state: State) -> None:
    """ "his 2021 DPi title": a class's title names that class's championship."""
    for m in TITLE.finditer(state.text):
        head = m.group(1)
        if head.casefold() in word_list("stop_starts") or YEAR.match(head):
            continue
        plural = m.group(2).endswith("s")
        name = f"{head} Championship" + ("s" if plural else "")
        state.add(m.start(), m.end(), "championship", canonical(name), "class-title")


OWNED = re.compile(r"([A-Z][\w\-]*)[’'](?:s\b)? $")  # "Acme Women’s " before a name


def _add_series(state: State, run: list[Token], keywords: frozenset[str]) -> None:
    """The longest stretch of a run that ends on a series keyword, as a championship; a trophy
    named after a person ("the Jane Doe Trophy") is an event, and "North American series"
    (a region and "series") no name at all."""
    regions = word_list("region_words")
    last = None
    for i, tok in enumerate(run):
        if tok.text in keywords or (tok.text in LOWER_KEYWORDS and i >= 2):
            last = i
        elif last == i - 1 and tok.text.casefold() in regions:
            last = i  # "Porsche Carrera Cup Deutschland", "GT World Challenge Europe"
    if last is None:
        return
    span = _trim_front(run[: last + 1])
    while span and span[-1].text in CONNECTORS:
        span = span[:-1]
    caps = [t for t in span if t.is_cap or t.has_digit]
    if len(caps) < 2:
        return
    regional = word_lists("region_words", "regional_adjectives")  # one set, built once
    if span[-1].text in LOWER_KEYWORDS and all(t.text.casefold() in regional or is_place(t.text) for t in span[:-1]):
        return  # "the North American series"
    owner = OWNED.search(state.text, max(0, span[0].start - 40), span[0].start)
    if owner and owner.group(1).casefold() not in word_list("leading_noise") and \
            all(common_word(t.text) for t in span[:-1]) and lookup(" ".join(t.text for t in span)) is None:
        return  # "Acme Women’s Initiative Scholarship": the name starts before the possessive
    start, end = span[0].start, span[-1].end
    surface = state.text[start:end]
    if span[-1].text in LOWER_KEYWORDS and lookup(surface) is None:
        surface = state.text[start:span[-2].end]  # "the Acme Trofeo series" names "Acme Trofeo"
    if span[-1].text in ("Trophy", "Memorial") and len(span) == 3 and span[0].text in given_names():
        state.add(start, end, "event", surface, "event-eponym")  # "the Walter Smith Trophy" is a meeting
        return
    state.add(start, end, "championship", canonical(surface), "championship-shape")  # the text keeps "series"


def find_championships(state: State) -> None:
    tokens = state.tokens
    keywords = raw_list("series_keywords")
    for whole in _runs(tokens, state.text, state.run_words()):
        if len(whole) < 2:
            continue  # one word is no series name (two capitalised words are needed below)
        if not any(t.text in keywords or t.text in LOWER_KEYWORDS for t in whole):
            continue  # most runs name no series: no keyword, nothing to cut
        for run in _split_listed(whole, keywords):
            if len(run) >= 2:
                _add_series(state, run, keywords)
    find_class_titles(state)
    find_counted_series(state)
    find_series_champions(state)
    find_season_names(state)
    find_bracketed_series(state)
    find_holders_titles(state)
    find_listed_series(state)
