"""Teams by their shape: "X Racing", "X Motorsports", "Team X", "team RMR", and
"<Organisation>'s <Driver Name>" ("Roush Fenway's Carl Edwards")."""

from __future__ import annotations

import re
from functools import lru_cache

from racekb.extract.cues import Keyed, capital_words
from racekb.extract.lexicon import (
    common_word,
    given_names,
    is_place,
    ordered_phrases,
    raw_list,
    word_list,
)
from racekb.extract.rules.gazetteer import lookup
from racekb.extract.rules.screen import headline_lines, in_spans
from racekb.extract.state import Mention, State
from racekb.extract.tokens import YEAR, Token, capitalised_runs


def _owner_head(lazy: bool = False) -> str:
    """One to three capitalised words before the last word of an owner's name ("Roush Fenway ")."""
    return capital_words(r"[\w\-]+", " ", 1, 3, not_after=r"[\w’']", lazy=lazy)


CAR_OWNER = Keyed(rf"({_owner_head()}[A-Z][\w\-]+)[’']s? (?:No\.|#)\s?\d", needs=(" No.", " #"))
ACRONYM_TEAM = Keyed(r"\bteam\s+([A-Z][A-Z0-9&]{1,5})\b", needs=("team",))
POSSESSIVE = Keyed(rf"({_owner_head(lazy=True)}[A-Z][\w\-]+)[’']s ([A-Z][a-z]+ [A-Z][\w\-’']+)",
                   needs=("’s ", "'s "))


def _cap_runs(tokens: list[Token], text: str, words: tuple | None = None) -> list[list[Token]]:
    """Capitalised runs, with "&" and the "of" of "Heart of Racing Team"; `words`:
    State.run_words, when the caller has them."""
    def also(i: int, tok: Token, run: list[Token]) -> bool:
        return tok.text == "&" or (tok.text == "of" and len(run) == 1 and i + 1 < len(tokens)
                                   and tokens[i + 1].text in ("Racing", "Motorsport", "Motorsports", "Speed"))
    return capitalised_runs(tokens, text, also, connectors=("&", "of"), words=words)


def _clean_front(run: list[Token]) -> list[Token]:
    stops = word_list("stop_starts")
    for i in range(len(run) - 1, -1, -1):
        if re.search(r"-[a-z]", run[i].text) or (i == 0 and run[i].text.isdigit()):  # "North Carolina-based ...", "#7 ..."
            run = run[i + 1:]
            break
    names = given_names()
    for i in range(1, len(run) - 1):
        # an owner's name starts the team's ("PNC Bank Chip Ganassi Racing" -> "Chip Ganassi Racing")
        if run[i].text in names and run[i + 1].is_cap and run[i - 1].text not in names:
            if not lookup(run[0].text):  # "Ford Chip Ganassi Racing" keeps its maker
                run = run[i:]
            break
    while run and (run[0].text.casefold() in stops or YEAR.match(run[0].text) or "-based" in run[0].text
                   or run[0].text.endswith(("’s", "'s"))):
        run = run[1:]
    inner = [i for i, t in enumerate(run) if i > 0 and t.text.casefold() in stops and t.text != "&"]
    if inner:
        run = run[inner[-1] + 1:]  # "... About Acme Racing": a name starts after a word that opens a phrase
    return run


@lru_cache(maxsize=None)
def _suffixes_by_first() -> dict[str, list[list[str]]]:
    """Team suffixes (case-folded word lists) by their first word, longest first: a look-up, not a scan."""
    by_first: dict[str, list[list[str]]] = {}
    for phrase in ordered_phrases("team_suffixes"):
        words_of = phrase.casefold().split()
        by_first.setdefault(words_of[0], []).append(words_of)
    return by_first


# the words before a team suffix that can hold its name: a name keeps at most six words, and the
# words that cut it short ("-based", a phrase opener) stand close by. Reading no further back keeps a
# run of a thousand capitalised words linear ("Racing Racing ...": each suffix read its whole run).
HEAD_WINDOW = 12
SPOKEN_TO = re.compile(r"\b(?:told|tells|telling|speaking to|spoke to|talking to|talked to|interview with|according to)\s+$")
SERIES_AFTER = re.compile(r"\s+(?:\([A-Z0-9]{1,6}\)\s+)?(?:series|championship)\b")  # "the Acme Enterprises (AE) series"


def _series_heads(state: State) -> set[str]:
    """What the release's series names hold before their keyword ("ARCA Racing" of "ARCA Racing
    series"): that stretch alone names the series, not a team."""
    out = set()
    for m in state.mentions:
        if m.type == "championship" and " " in m.text:
            out.add(m.text.rsplit(" ", 1)[0])
    return out


def _generic_head(head: list[Token]) -> bool:
    """True when the words before "Racing" only name a kind of racing or a region ("Drag",
    "New Zealand Motor", "NZ Road"): the sport, not a team."""
    generic = word_list("generic_team_heads")
    regional = word_list("region_words") | word_list("regional_adjectives")
    words = [t.bare.casefold() for t in head]
    if is_place(" ".join(t.bare for t in head), codes_too=False):
        return True  # "New Zealand Racing"; "MP Motorsport" is a team
    return all(w in generic or is_place(t.bare) for w, t in zip(words, head)) and \
        any(w in generic and w not in regional for w in words)  # "International Motorsport" may be a team


def find_teams(state: State) -> None:
    text = state.text
    tokens = state.tokens
    by_first = _suffixes_by_first()
    prefixes = raw_list("team_prefixes")
    places = word_list("place_words")
    not_team_after = word_list("not_team_after")
    series_heads = _series_heads(state)
    headlines = headline_lines(state)
    for run in _cap_runs(tokens, text, state.run_words()):
        if len(run) < 2:
            continue  # a lone word has no head before a suffix, nor a name after a prefix
        words = [t.bare.casefold() for t in run]  # "JDC-Miller MotorSports", "Paul Miller Racing's" too
        for i in reversed(range(len(run))):  # the suffix furthest right gives the longest name
            for suffix in by_first.get(words[i], ()):
                n = len(suffix)
                if words[i:i + n] != suffix:
                    continue
                end_i = i + n
                if end_i < len(run) and run[end_i].text.casefold() in places:
                    continue  # "Canadian Tire Motorsports Park" is a track
                if end_i < len(run) and run[end_i].bare.casefold() in not_team_after:
                    continue  # "X Racing School", "X Racing Fuels": another kind of organisation
                if suffix[0] in word_list("ambiguous_team_words") and len(suffix) == 1 and end_i < len(run) and not lookup(run[end_i].text):
                    continue  # "Team Penske", "Honda Performance Development": not where a team name ends
                if end_i < len(run) and run[-1].bare.casefold() in word_list("eponym_heads"):
                    continue  # "the Acme Motorsports Spec Kart Shootout": a longer name that is no team's
                head = _clean_front(run[max(0, i - HEAD_WINDOW):i])[-6:]
                if not head or _generic_head(head) or (headlines and in_spans(headlines, head[0].start)):
                    continue  # "Drag Racing", "New Zealand Motor Racing"; a sub-headline's title case
                if suffix[0] in word_list("ambiguous_team_words") and SPOKEN_TO.search(text, max(0, head[0].start - 20), head[0].start):
                    continue  # "told Acme Sport that": a broadcaster or paper, not a team
                if suffix[0] in word_list("ambiguous_team_words") and any(t.has_digit for t in head):
                    continue  # "BMW 330i M Sport" is a car's trim, not a team
                end = run[end_i - 1].start + len(run[end_i - 1].bare)
                if SERIES_AFTER.match(text, end, end + 24) or text[head[0].start:end] in series_heads:
                    continue  # "the ARCA Racing series", and "ARCA Racing" alone in that release
                state.add(head[0].start, end, "team", text[head[0].start:end], "team-suffix")
        for i, word in enumerate(t.text for t in run[:-1]):
            if word in prefixes:
                eponyms = word_list("eponym_heads")
                tail = run[i + 1:i + 4]
                if tail[0].text.casefold() in word_list("person_roles") or tail[0].text.casefold() in word_list("team_role_words"):
                    continue  # "Team Principal Toto Wolff", "Team Manager ..."
                if any(t.bare.casefold() in eponyms or t.bare.casefold() in not_team_after for t in run[i + 1:i + 4]):
                    continue  # "Team USA Scholarship": a scholarship, not a team
                cut = next((j for j, t in enumerate(tail) if t.has_digit or (j > 0 and lookup(t.text))), len(tail))
                tail = tail[:cut]
                if tail and not (headlines and in_spans(headlines, run[i].start)):
                    first = run[i - 1] if i > 0 and run[i - 1].text.isupper() and len(run[i - 1].text) > 1 else run[i]
                    end = tail[-1].start + len(tail[-1].bare)  # "Team USA’s supporters": the name ends before "’s"
                    name = text[first.start:end]  # "DJR Team Penske" keeps its letters
                    if state.add(first.start, end, "team", name, "team-prefix"):
                        # "Team Penske" is written "Penske" too: keep the short form as an alias
                        state.nested.append(Mention(tail[0].start, end, text[tail[0].start:end],
                                                    "team", name, "team-prefix"))
    for m in ACRONYM_TEAM.finditer(text):
        state.add(m.start(1), m.end(1), "team", m.group(1), "team-acronym")
    for m in CAR_OWNER.finditer(text):
        owner = m.group(1)
        if owner.split()[0] not in given_names() and owner.split()[0].casefold() not in word_list("stop_starts"):
            state.add(m.start(1), m.end(1), "team", owner, "team-owns-car")
    for m in POSSESSIVE.finditer(text):
        owner, person = m.group(1), m.group(2)
        first = owner.split()[0]
        if (first.casefold() in word_list("stop_starts") or first in given_names()
                or person.split()[0] not in given_names() or common_word(owner.split()[-1]) or is_place(owner)):
            continue  # "Acme Training’s Jane Doe", "New Zealand’s Jane Doe": no team's name
        state.add(m.start(1), m.end(1), "team", owner, "team-possessive")
