"""Cars: numbered entries ("No. 31 Whelen Cadillac V-Series.R", "No. 60 entry", "car No. 43")
and makes followed by a model ("Chevrolet Corvette Z06 GT3.R", "Porsche 997 GT3-R")."""

from __future__ import annotations

import re
from functools import lru_cache

from racekb.extract.cues import Keyed
from racekb.extract.lexicon import (
    all_model_words,
    by_norm,
    common_word,
    given_names,
    models,
    norm,
    suppliers,
    word_list,
    word_lists,
)
from racekb.extract.state import Mention, State
from racekb.extract.tokens import Token

NUMBER = Keyed(r"(?<![\w#])(?:No\.|No|#)\s?(\d{1,3})\b(?!\s?(?:%|percent))", needs=("No", "#"))
STOP_TYPES = {"team", "championship", "event", "track"}


def _model_tokens(state: State, after: int, limit: int = 6, through_teams: bool = False) -> list[Token]:
    """Capitalised or alphanumeric words straight after `after`, as far as a car name goes.

    A sponsor line may hold full stops ("Ford. Drive One. Mustang"); such a stretch is kept
    only when it ends on a known model name.
    """
    text = state.text
    stops = word_lists("stop_starts", "lower_breaks")
    not_car = word_list("not_in_model")
    toks = state.tokens_between(after, min(len(text), after + 120))
    out: list[Token] = []
    prev_end = after
    tentative: list[Token] = []
    for tok in toks:
        between = text[prev_end:tok.start]
        if tok.bare.casefold() in not_car and tok.is_cap and between == " ":
            return []  # "Honda Performance Development GT3 Academy": a programme, not a car
        if tok.text.casefold() in stops or not (tok.is_cap or tok.has_digit or tok.text in all_model_words()) \
                or tok.bare.casefold() in not_car:
            break
        stop = STOP_TYPES - {"team"} if through_teams else STOP_TYPES
        # "Yaris WRC": a series' letters after a model name are part of the car's name
        model_suffix = tok.text.isupper() and (out or tentative) and (out + tentative)[-1].text in all_model_words()
        if not model_suffix and any(m.type in stop or (m.type == "class" and " " in m.name)
                                    for m in state.overlapping(tok.start, tok.end)):
            break
        if between in (" ", "/"):
            (tentative if tentative else out).append(tok)
        elif between == ". " and (out or tentative):
            tentative.append(tok)
        else:
            break
        prev_end = tok.end
        if len(out) + len(tentative) >= limit:
            break
    if tentative and tentative[-1].text in all_model_words():
        out.extend(tentative)
    if out and out[-1].bare != out[-1].text:  # "Ford FR9's engines": the name ends before "'s"
        last = out[-1]
        out[-1] = Token(last.start, last.start + len(last.bare), last.bare)
    if out and re.search(r"\ds$", out[-1].text):  # "two Acura ARX-06s": the model, not a plural
        last = out[-1]
        out[-1] = Token(last.start, last.end - 1, last.text[:-1])
    return out


def _absorb(state: State, start: int, end: int) -> None:
    """A car name swallows the maker, sponsor and class mentions inside it."""
    state.drop(lambda m: not (m.type in ("manufacturer", "class") or (m.type == "championship" and m.text.isupper())),
               start, end)


def _nest_teams(state: State, start: int, end: int) -> None:
    """Teams inside a car's name stay entities of the release, nested in the car's mention; a
    sponsor-and-team name with two makes ("Arrow McLaren Chevrolet") gives its team too."""
    inside = state.in_span(start, end)
    teams = [m for m in inside if m.type == "team"]
    makes = [m for m in inside if m.type == "manufacturer" and m.name not in suppliers()]
    if not teams and len(makes) >= 2:
        first = makes[0]
        lead = state.tokens_between(start, first.start)
        if lead and all(t.is_cap for t in lead) and not any(t.has_digit for t in lead):
            teams = [Mention(lead[0].start, first.end, state.text[lead[0].start:first.end], "team",
                             state.text[lead[0].start:first.end], "team-in-car-name")]
    for team in teams:
        state.nested.append(team)
    state.drop(lambda m: not any(m is t for t in teams), start, end)


# "Kyle Doe (779P)": the number a speedway or short-track car races, with its club or region
# letter, in brackets straight after the driver's name (a lower-case s, m, h or g is a unit: "(9s)")
CLUB_NUMBER = re.compile(r"\((\d{1,3}(?:[A-Z]|[a-fi-ln-rt-z]))\)")
CAP_WORD_BEFORE = re.compile(r"(?<![\w’'-])[A-Z][a-z’'-]+ \Z")


# "is driving the 7v", "drove 44P": such a number straight after a driving verb
# (the number is found first and the verb looked for before it: a pattern opening on the verb's
# word boundary would be tried at every character of every release)
NUMBER_WITH_LETTER = re.compile(r"\d{1,3}(?:[A-Z]|[a-fi-ln-rt-z])(?![\w.,]\d|[\w-])")
DRIVING_BEFORE = re.compile(r"\b(?:driving|drives|drove|drive|driven|piloting|pilots|piloted)\s+(?:the\s+)?\Z")


def find_club_numbers(state: State) -> None:
    text = state.text
    for m in NUMBER_WITH_LETTER.finditer(text):
        start = m.start()
        if start and text[start - 1].isspace() and DRIVING_BEFORE.search(text, max(0, start - 60), start):
            state.add(start, m.end(), "car", m.group(), "car-number-bare")
    if "(" not in text:
        return
    for m in CLUB_NUMBER.finditer(text):
        if CAP_WORD_BEFORE.search(text, max(0, m.start() - 25), m.start()) is None:
            continue
        state.add(m.start(1), m.end(1), "car", m.group(1), "car-number-bare")


SESSION_BEFORE = re.compile(r"([A-Za-z]+)\s$")
NAME_GOES_ON = re.compile(r" ([A-Z][a-z]+)\b")


def _session_number(text: str, start: int) -> bool:
    """ "Race #2", "Heat No. 3": a race's place in a meeting, not a car's number."""
    before = SESSION_BEFORE.search(text, max(0, start - 16), start)
    return before is not None and before.group(1).casefold() in word_list("numbered_session_words")


def _in_longer_name(text: str, end: int) -> bool:
    """A model's name followed by a programme's or meeting's word ("Spec MX-5 Shootout", "GT3
    Academy"): the model names a longer thing, not a car."""
    after = NAME_GOES_ON.match(text, end, end + 24)
    return after is not None and after.group(1).casefold() in word_lists("not_in_model", "eponym_heads")


LIST_NUMBER_BEFORE = re.compile(r"(?:^|\s)(\d{1,2})[.)]\s[^.]{0,80}$")


def _next_list_number(text: str, start: int, last: Token) -> bool:
    """A results list run into one line ("1. Owen Price, No. 5 Acme Ford 2. Luis Ortega, ..."): a
    number ending a car's name that is the next line's place, one more than the place its own
    line opened on, belongs to that line."""
    if not last.text.isdigit() or text[last.end:last.end + 2] not in (". ", ") "):
        return False
    before = LIST_NUMBER_BEFORE.search(text, max(0, start - 80), start)
    return before is not None and int(before.group(1)) + 1 == int(last.text)


# "No. 1 qualifier Brock Dane", "the No. 2 seed": a rank, not a car's number
RANK_AFTER = re.compile(r"\s+(?:qualifier|qualifiers|seed|seeds|ranked|ranking|contender|priority|choice|pick|spot|"
                        r"position|target|fan|rival|threat)\b", re.IGNORECASE)


def find_cars(state: State) -> None:
    text = state.text
    for m in NUMBER.finditer(text):
        if state.claimed(m.start(), m.end()) or _session_number(text, m.start()) or RANK_AFTER.match(text, m.end()):
            continue
        model = _model_tokens(state, m.end(), limit=8, through_teams=True)
        if len(model) >= 2 and model[0].text in given_names() and not model[1].has_digit:
            model = []  # "#23 Jane Doe": the number a person races, not a model
        # a team standing last is the car's entrant, not part of its name ("#34 Inter Europol Competition car")
        while model and any(t.type == "team" for t in state.overlapping(model[-1].start, model[-1].end)):
            team = next(t for t in state.overlapping(model[-1].start, model[-1].end) if t.type == "team")
            model = [tok for tok in model if tok.end <= team.start]
        if model and _next_list_number(text, m.start(), model[-1]):
            model = model[:-1]
        end = model[-1].end if model else m.end()
        _nest_teams(state, m.end(), end)
        _absorb(state, m.start(), end)
        number = f"No. {m.group(1)}"
        name = f"{number} {text[model[0].start:end]}" if model else number
        start = m.start()
        state.add(start, end, "car", name, "car-number" if model else "car-number-bare")
    makes = models()
    for mention in sorted([mm for mm in state.mentions if mm.type == "manufacturer"], key=lambda x: x.start):
        if mention.text not in makes or mention.name in suppliers():
            continue
        model = _model_tokens(state, mention.end, limit=4)
        known = makes[mention.text]
        if not model:
            continue
        first = model[0].text
        known_words = " ".join(known).split()
        # a model word: has a digit ("963"), is a known model ("Mustang"), is mixed case
        # ("NextGen" is not: suppliers are skipped above), or is capitals before one of those ("GR Yaris")
        if not (model[0].has_digit or first in known_words
                or (first[:1].isupper() and any(c.isupper() for c in first[1:]) and len(model) > 1
                    and (model[1].has_digit or model[1].text in known_words))
                or (any(c.isupper() for c in first[1:]) and not first.isupper())):
            continue
        end = model[-1].end
        _absorb(state, mention.start, end)
        state.add(mention.start, end, "car", text[mention.start:end], "make-model")
    find_model_shapes(state)
    find_known_models(state)
    find_club_numbers(state)


# "his first NW200 victory", "the X30 Junior final": a code before a meeting's or class's words names that
EVENT_AFTER = re.compile(r"\s+(?:(?:Junior|Juniors|Senior|Seniors|Cadet|Cadets|Mini|Masters|Rookie|Rookies|Pro|Am)\s+)?"
                         r"(?:victory|victories|win|wins|race|races|round|rounds|title|titles|podium|meeting|event|"
                         r"final|finals|heat|heats|class|category|division|feature|standings)\b")
CODE = r"[A-Z]{1,4}(?:-[A-Z]{1,3})?-?\d{1,4}[A-Z]?"
# "the Acme RB19", "the competitive RB16B": one plain adjective may stand between
MODEL_SHAPE = re.compile(r"\b(?:the|a|an|his|her|their|its)\s+(?:[a-z]{3,}\s)?((?:[A-Z][\w\-]*\s){0,3}"
                         rf"(?:{CODE}|\d{{3}}[A-Z]?|[A-Z]{{3,10}} \d{{1,3}}))(?![\w\-])|"
                         # "Acme GR18 cars", "and Acme SR3.": a maker's word before a code, with "car" or ending a list
                         rf"\b((?:[A-Z][a-z][\w\-]*\s)(?:{CODE}))(?=\s+(?:cars?|chassis)\b|\.$|\.\s)")
# "GSX-R600", "RM-Z450": a model code may hold a second group of letters


_CODE = re.compile(r"([A-Za-z]+)\d+[A-Z]?")


def _names_another(state: State, code: str) -> bool:
    """A model-shaped code that the release uses for something else: the first word of a team's or
    series' name ("DF1" of "DF1 Racing", "P1" of "P1 AquaX Championship"), or a series' letters
    with a tier number ("WRC2")."""
    if " " in code:
        word = code.split()[0]
        return word.isupper() and common_word(word)  # "ELITE 2": a division, not a model
    for m in state.mentions + state.nested:
        if m.type in ("team", "championship") and (m.text.startswith(code + " ") or m.name.startswith(code + " ")):
            return True
    if by_norm("championship").get(norm(code)):
        return True  # "Formula Two (F2) class"
    letters = _CODE.fullmatch(code)
    return bool(letters and by_norm("championship").get(norm(letters.group(1))))


def find_model_shapes(state: State) -> None:
    """ "the Red Bull RB19", "a Porsche 963": a name ending in a model code is a car."""
    for m in MODEL_SHAPE.finditer(state.text):
        group = 1 if m.group(1) else 2
        start, end = m.start(group), m.end(group)
        if group == 2 and not (re.match(r"\s+(?:cars?|chassis)\b", state.text[end:end + 9])
                               or re.search(r"\band\s+$", state.text[max(0, start - 6):start])):
            continue  # a code ending a sentence counts only as the last of a list ("... and Acme SR3.")
        if EVENT_AFTER.match(state.text, end, end + 24):
            continue  # "his first NW200 victory": a meeting's name, not a car's
        inside = [o for o in state.mentions if o.start < end and start < o.end]
        if any(o.type not in ("manufacturer", "class") for o in inside):
            continue
        if _names_another(state, state.text[start:end]) or _in_longer_name(state.text, end):
            continue
        words = state.text[start:end].split()
        if len(words) == 1 and (words[0].isdigit() or any(o.type == "class" for o in inside)):
            continue  # "the 125 lap event", "an LMP2 entry": a number or a class, not a car
        _absorb(state, start, end)
        state.add(start, end, "car", state.text[start:end], "model-shape")


@lru_cache(maxsize=None)
def _known_model_pattern() -> re.Pattern[str] | None:
    """The known models with a number in their name, longest first, as one pattern (built once)."""
    forms = sorted({m for ms in models().values() for m in ms if any(c.isdigit() for c in m)}, key=len, reverse=True)
    if not forms:
        return None
    # grouped by first character, written before the look-behind: re then jumps from candidate
    # character to candidate character instead of testing the look-behind at every one (the same
    # matches: forms with different first characters cannot match at the same place, and each
    # group keeps the longest-first order)
    groups: dict[str, list[str]] = {}
    for form in forms:
        groups.setdefault(form[0], []).append(re.escape(form[1:]))
    first = "|".join(f"{re.escape(c)}(?<![\\w\\-]{re.escape(c)})(?:{'|'.join(rests)})" for c, rests in groups.items())
    return re.compile(f"(?:{first})(?![\\w\\-])")


def find_known_models(state: State) -> None:
    """A known model with a number in its name ("ODYSSEY 21", "GR010") is a car on its own."""
    pattern = _known_model_pattern()
    if pattern is None:
        return
    for m in pattern.finditer(state.text):
        if not _in_longer_name(state.text, m.end()):
            state.add(m.start(), m.end(), "car", m.group(), "known-model")
