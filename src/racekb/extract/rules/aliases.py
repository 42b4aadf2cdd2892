"""Short forms within one release: "Blomqvist" -> Tom Blomqvist, "Matt" -> Matt Kenseth,
"No. 31" -> No. 31 Whelen Cadillac V-Series.R, "Action Express" -> Action Express Racing,
"RFR" -> Roush Fenway Racing, and a lone surname listed beside drivers ("... and Bayne")."""

from __future__ import annotations

import re
from functools import lru_cache

from racekb.extract.lexicon import (
    by_norm,
    common_word,
    country_codes,
    given_names,
    models,
    norm,
    ordered_phrases,
    word_list,
)
from racekb.extract.rules.people import find_lone_surnames, is_name_text, is_name_word
from racekb.extract.rules.screen import headline_lines, in_spans, placeish_word
from racekb.extract.state import State
from racekb.extract.tokens import SUFFIXES

LISTED = re.compile(r"^(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+)$")
JUNIOR_AFTER = re.compile(r" Jr\.?| Sr\.?")
PERSON_TYPES = ("driver", "person")


_SUFFIX_WORDS = frozenset(s.rstrip(".") for s in SUFFIXES)


def _parts(name: str) -> list[str]:
    return [w for w in name.split() if w.rstrip(".") not in _SUFFIX_WORDS]


def _first_seen(state: State) -> dict[tuple[str, str], int]:
    seen: dict[tuple[str, str], int] = {}
    for m in sorted(state.mentions, key=lambda m: m.start):
        seen.setdefault((m.type, m.name), m.start)
    return seen


def _merge_cars(state: State) -> None:
    """One car, one name within a release: "No. 42" and every "No. 42 <sponsor> <make>" go to
    the first full name the release gives that number; a model code written with two fronts
    ("Acme Engines FR9", "Ford FR9") goes to the one that starts with a maker."""
    cars = [m for m in state.mentions if m.type == "car"]
    if len(cars) < 2:
        return  # one car or none: nothing to join
    numbered: dict[str, str] = {}
    for m in sorted(cars, key=lambda m: m.start):
        if m.type == "car" and m.name.startswith("No. ") and len(m.name.split()) > 2:
            numbered.setdefault(m.name.split()[1], m.name)
    by_code: dict[str, set[str]] = {}
    for m in cars:
        if not m.name.startswith("No. ") and " " in m.name and any(c.isdigit() for c in m.name.split()[-1]):
            by_code.setdefault(m.name.split()[-1], set()).add(m.name)
    made = {code: sorted(n for n in names if n.split()[0] in models()) for code, names in by_code.items()}
    for m in cars:
        bits = m.name.split()
        if m.name.startswith("No. ") and len(bits) >= 2 and bits[1] in numbered:
            m.name = numbered[bits[1]]
        elif not m.name.startswith("No. "):
            for full in numbered.values():
                if full.endswith(" " + m.name):
                    m.name = full
                    break
            else:
                makers = made.get(bits[-1], [])
                if len(makers) == 1 and m.name.split()[0] not in models():
                    m.name = makers[0]


@lru_cache(maxsize=1 << 12)
def _series_key(name: str) -> str:
    """A series name with its spelling choices undone: a country code spelt out ("NZ"), the
    plural "Championships", "Series Championship" (the title of a series), a trailing "series"."""
    words = name.split()
    codes = country_codes()
    words = [codes.get(w, w) if w.isupper() and len(w) <= 3 else w for w in words]
    if words and words[-1] == "Championships":
        words[-1] = "Championship"
    if len(words) > 2 and words[-1] == "Championship" and words[-2] in ("Series", "Cup"):
        words = words[:-1]
    if len(words) > 2 and words[-1] in ("series", "Series"):
        words = words[:-1]  # "Acme Spec Series" and "the Acme Spec series" are "Acme Spec"
    return " ".join(words).casefold()


def _form_rank(name: str, seen: int) -> tuple:
    """Which of a series' spellings names it: the gazetteer's, then one with no country code
    and no plural or title ending ("X Series", not "X Series Championship"), then the first."""
    words = name.split()
    return (by_norm("championship").get(norm(name)) is None,
            any(w in country_codes() for w in words if w.isupper() and len(w) <= 3),
            words[-1] in ("Championships", "series") or name.endswith(("Series Championship", "Cup Championship")),
            seen)


def _merge_series(state: State) -> None:
    """One series, one name within a release: "NZ Superbike Championships" and "New Zealand
    Superbike Championship", "X Series" and "X Series Championship", and a shorter form that
    begins or ends exactly one longer name of the release ("World of Outlaws" of "World of
    Outlaws Late Model Series") go to the name the release gives first (the longer, for the
    shorter form)."""
    series = [m for m in state.mentions + state.nested if m.type == "championship"]
    if len({m.name for m in series}) < 2:
        return  # one name or none: nothing to join
    forms: dict[str, list[str]] = {}
    for m in sorted(series, key=lambda m: m.start):
        if m.type == "championship":
            forms.setdefault(_series_key(m.name), [])
            if m.name not in forms[_series_key(m.name)]:
                forms[_series_key(m.name)].append(m.name)
    first = {key: min(names, key=lambda n: _form_rank(n, names.index(n))) for key, names in forms.items()}
    keys = sorted(first, key=len)
    target = dict(first)
    for key in keys:
        if len(key.split()) < 2:
            continue
        longer = [k for k in keys if len(k) > len(key) and (k.startswith(key + " ") or k.endswith(" " + key))]
        if len(longer) == 1:
            target[key] = target[longer[0]]
    for m in state.mentions + state.nested:
        if m.type == "championship":
            m.name = target[_series_key(m.name)]


def _in_fragment(state: State, pos: int) -> bool:
    """True when `pos` stands in a short line with no full stop at its end: a sub-headline or a
    caption, where a verb is capitalised and glued to the next name ("Powers Doe to Victory")."""
    text = state.text
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end != -1 else len(text)].strip()
    return len(line) < 90 and line[-1:] not in ".!?\"”"


def _merge_surname_runs(state: State) -> None:
    """ "Powers Doe" where the release names "Matt Doe": a common word glued to a known surname
    (a sub-headline's verb, "Alongside Doe") is that person, named by surname."""
    glued = [m for m in state.mentions if m.type in PERSON_TYPES and m.name.count(" ") == 1
             and m.name.split()[0] not in given_names() and common_word(m.name.split()[0]) and _in_fragment(state, m.start)]
    if not glued:
        return  # most releases: nothing glued
    people: dict[str, set[str]] = {}
    for m in state.mentions:
        if m.type in PERSON_TYPES and len(_parts(m.name)) >= 2:
            people.setdefault(_parts(m.name)[-1], set()).add(m.name)
    for m in glued:
        surname = m.name.split()[1]
        owners = people.get(surname, set()) - {m.name}
        if len(owners) == 1:
            owner = next(iter(owners))
            m.start = m.end - len(surname)
            m.text, m.name = state.text[m.start:m.end], owner
            m.type = next(o.type for o in state.mentions if o.name == owner)
            state._by_start = None  # a mention moved: the position index is rebuilt on its next use


def _merge_teams(state: State) -> None:
    """ "Red Bull Racing" in a release that also says "Oracle Red Bull Racing": one team, the
    longer name carrying the sponsor."""
    by_ending: dict[str, set[str]] = {}
    for name in {m.name for m in state.mentions if m.type == "team"}:
        words = name.split()
        for i in range(1, len(words) - 1):  # every ending of two words or more
            by_ending.setdefault(" ".join(words[i:]), set()).add(name)
    # "joined Pinewood in 2022" in a release about "Pinewood Racing": the head before a team suffix
    suffixes = {sf for sf in ordered_phrases("team_suffixes") if " " not in sf}
    by_head: dict[str, set[str]] = {}
    for name in {m.name for m in state.mentions if m.type == "team"}:
        head, _, last = name.rpartition(" ")
        if head and last in suffixes:
            by_head.setdefault(head, set()).add(name)
    for m in state.mentions:
        if m.type == "team":
            longer = by_ending.get(m.name, set()) or by_head.get(m.name, set())
            if len(longer) == 1:
                m.name = next(iter(longer))
    _merge_suffix_variants(state)


def _merge_suffix_variants(state: State) -> None:
    """ "DF1 Racing" and, once, "DF1 Motorsport" in one release: one team under two team
    suffixes, named as the release names it most. Only when the head is the same and no other
    team of the release has that head."""
    suffixes = {s for s in ordered_phrases("team_suffixes") if " " not in s}
    counts: dict[str, int] = {}
    for m in state.mentions:
        if m.type == "team":
            counts[m.name] = counts.get(m.name, 0) + 1
    by_head: dict[str, list[str]] = {}
    for name in counts:
        head, _, last = name.rpartition(" ")
        if head and last in suffixes:
            by_head.setdefault(head.casefold(), []).append(name)
    target = {}
    for names in by_head.values():
        if len(names) > 1:
            best = max(sorted(names), key=lambda n: counts[n])
            target.update({n: best for n in names})
    if target:
        for m in state.mentions:
            if m.type == "team" and m.name in target:
                m.name = target[m.name]


def _merge_titles(state: State) -> None:
    names = {m.name for m in state.mentions if m.type == "championship"}
    for m in state.mentions:
        if m.type == "championship" and m.rule == "class-title":
            head = m.name.rsplit(" ", 1)[0]
            fuller = sorted(n for n in names if n != m.name and n.startswith(head + " ")
                            and " Driver" in n and n.endswith("Championship"))
            if not fuller:
                fuller = sorted(n for n in names if n != m.name and _letters_and_number(n) == head)
                fuller = fuller if len(fuller) == 1 else []
            if fuller:
                m.name = fuller[0]


def _letters_and_number(name: str) -> str:
    """ "Formula 2 600cc Supersport" -> "F2": the initials of the words before a name's first
    number, then the number; a class's title ("his F2 title") is written that way."""
    words = name.split()
    for i, w in enumerate(words):
        if w.isdigit():
            return "".join(x[0] for x in words[:i] if x[:1].isupper()) + w if i else ""
    return ""


def _initials(name: str) -> str:
    """ "Stewart-Haas Racing" -> "SHR": a hyphenated word gives a letter for each part."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


@lru_cache(maxsize=None)
def _suffix_phrases() -> tuple[frozenset[str], dict[str, list[list[str]]]]:
    """The one-word team and org suffixes, and every suffix (as words) by its last word, the
    longest first: a name's last word picks the few that can end it."""
    suffixes = frozenset(s for s in ordered_phrases("team_suffixes") + ordered_phrases("org_suffixes") if " " not in s)
    by_last: dict[str, list[list[str]]] = {}
    for phrase in sorted((p.split() for p in ordered_phrases("team_suffixes") + ordered_phrases("org_suffixes")),
                         key=len, reverse=True):
        by_last.setdefault(phrase[-1], []).append(phrase)
    return suffixes, by_last


def org_short_forms(state: State) -> None:
    """ "Action Express" for Action Express Racing, "RFR" for Roush Fenway Racing. Run before
    people are found, so a company's short name is never read as a person's."""
    text = state.text
    orgs = sorted({(m.type, m.name) for m in state.mentions if m.type in ("team", "manufacturer")})
    suffixes, by_last = _suffix_phrases()
    prefixes: dict[str, tuple[str, str]] = {}
    acronyms: dict[str, tuple[str, str]] = {}
    for key in orgs:
        words = key[1].split()
        for phrase in by_last.get(words[-1], ()) if words else ():
            if len(words) >= len(phrase) + 2 and words[-len(phrase):] == phrase:
                prefixes.setdefault(" ".join(words[:-len(phrase)]), key)  # "Triple Eight" of "... Race Engineering"
                break
        if len(words) >= 2:
            acronyms.setdefault(_initials(key[1]), key)
            if words[-1] not in suffixes:
                for letter in "RMT":  # Racing, Motorsports, Team
                    acronyms.setdefault(_initials(key[1]) + letter, key)
    for prefix, key in sorted(prefixes.items(), key=lambda kv: -len(kv[0])):
        first = prefix.split()[0]
        if first in given_names():
            continue  # "Richard Petty" of Richard Petty Motorsports is also a man
        for m in re.finditer(rf"(?<![\w]){re.escape(prefix)}(?![\w])", text):
            state.add(m.start(), m.end(), key[0], key[1], "org-short-form")
    for tok in state.tokens:
        bare = tok.bare
        if bare in acronyms and bare.isupper() and len(bare) >= 2 and not state.claimed(tok.start, tok.end):
            key = acronyms[bare]
            state.add(tok.start, tok.start + len(bare), key[0], key[1], "acronym")


def _in_longer_name(state: State, tokens: list, i: int) -> bool:
    """True when a word stands inside a longer capitalised name ("Roush" in "Roush Yates")."""
    text = state.text
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens):
            a, b = (tokens[j], tokens[i]) if j < i else (tokens[i], tokens[j])
            other = tokens[j]
            if text[a.end:b.start] == " " and other.is_cap and not state.claimed(other.start, other.end) \
                    and other.text.rstrip(".") not in ("Jr", "Sr") and other.text.casefold() not in word_list("stop_starts"):
                return True
    return False


def find_short_forms(state: State) -> None:
    text = state.text
    order = _first_seen(state)
    people = sorted({(m.type, m.name) for m in state.mentions if m.type in PERSON_TYPES},
                    key=lambda k: order[k])
    by_surname: dict[str, list[tuple[str, str]]] = {}
    by_first: dict[str, list[tuple[str, str]]] = {}
    for key in people:
        parts = _parts(key[1])
        if len(parts) >= 2:
            by_surname.setdefault(parts[-1], []).append(key)
            by_first.setdefault(parts[0], []).append(key)
    stops = word_list("stop_starts")
    tokens = state.tokens
    for i in state.cap_words():  # a short form is capitalised: the other words are skipped
        tok = tokens[i]
        bare = tok.bare
        if bare not in by_surname and bare not in by_first:
            continue  # no person's surname or first name: nothing below would add it (most words)
        if state.claimed(tok.start, tok.end):
            continue
        end = tok.start + len(bare)
        junior = JUNIOR_AFTER.match(text, end, end + 4)
        if junior and text[end - 1:end] not in "’'" and not text[junior.end():junior.end() + 1].isalnum():
            end = junior.end()
        if bare.casefold() in stops or not is_name_word(tok) or _in_longer_name(state, tokens, i):
            continue
        keys = by_surname.get(bare)
        if keys:
            # a shared surname goes to the person the release named first (its subject);
            # "Stig Blomqvist" keeps his own mentions, written in full
            if len(keys) > 1 and not any(n.startswith(f"{bare!r}") for n in state.notes):
                state.notes.append(f"{bare!r} could be {' or '.join(k[1] for k in keys)}; "
                                   f"read as {keys[0][1]}, named first")
            state.add(tok.start, end, keys[0][0], keys[0][1], "surname")
            continue
        keys = by_first.get(bare)
        if keys and len(keys) == 1:  # a first name shared by two people stays unlinked
            state.add(tok.start, end, keys[0][0], keys[0][1], "first-name")


def find_listed_surnames(state: State) -> None:
    """A capitalised word listed beside named drivers is a driver named by surname alone."""
    text = state.text
    stops = word_list("stop_starts")
    # whether a word could be a surname does not change as names are added: sift the words once
    # (a name word starts with a capital: only capitalised words are asked)
    tokens = state.tokens
    headlines = headline_lines(state)
    heads = word_list("eponym_heads")  # (looked up once, not once a word)
    candidates = [(i, tok) for i, tok in ((i, tokens[i]) for i in state.cap_words())
                  if is_name_text(tok.text) and not tok.bare.isupper()  # "IV" or "GT" beside
                  and tok.bare.casefold() not in stops                  # a name: no surname
                  and tok.bare.casefold() not in heads  # "the Acme Shootout, Doe won"
                  and not (headlines and in_spans(headlines, tok.start))]
    changed = True
    while changed:
        changed = False
        for i, tok in candidates:
            if state.claimed(tok.start, tok.end):
                continue
            end = tok.start + len(tok.bare)
            near = [m for m in state.in_span(max(0, tok.start - 80), min(len(text), end + 80)) if m.type == "driver"]
            for m in near:
                if (LISTED.match(text[end:m.start]) or LISTED.match(text[m.end:tok.start])) \
                        and not _name_goes_on(state, tokens, i, stops) \
                        and not placeish_word(state, tok):  # "Quinn Ryan" is one name; "Raglan's Jane Doe", "Hartsdale, N.Y."
                    state.add(tok.start, end, "driver", tok.bare, "listed-with-drivers")
                    changed = True
                    break


def _name_goes_on(state: State, tokens: list, i: int, stops: frozenset[str]) -> bool:
    """True when the next word continues a name ("Quinn" of "Quinn Ryan"): a word listed beside
    drivers is a surname alone only when it stands alone."""
    if i + 1 >= len(tokens):
        return False
    tok, nxt = tokens[i], tokens[i + 1]
    return tok.text == tok.bare and state.text[tok.end:nxt.start] == " " and (is_name_word(nxt) or nxt.is_cap) \
        and nxt.bare.casefold() not in stops  # "Lee Park": a surname that is a common word goes on too


def resolve_short_forms(state: State) -> None:
    _merge_cars(state)
    _merge_series(state)
    _merge_surname_runs(state)
    _merge_teams(state)
    _merge_titles(state)
    find_short_forms(state)
    find_lone_surnames(state)
    find_listed_surnames(state)
