"""People by the shape of their names: two to four capitalised words ("Juan Pablo Montoya",
"Ricky Stenhouse Jr.", "Nyck de Vries"), read as a name when the first word is a common given
name or the sentence says so ("said X", "X co-drove", "driver X"). Whether a person is a driver
is decided later, by the `roles` rule; here every name is typed "driver" until then."""

from __future__ import annotations

import re
from functools import lru_cache

from racekb.extract.cues import CaseBlind
from racekb.extract.lexicon import (
    common_word,
    given_names,
    is_place,
    raw_list,
    word_list,
)
from racekb.extract.rules.screen import (
    all_common,
    headline_lines,
    in_spans,
    not_a_person,
    trim_front,
)
from racekb.extract.state import State
from racekb.extract.tokens import SUFFIXES, Token

NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:[’'\-][A-ZÀ-ÖØ-Þa-zà-öø-ÿ][a-zà-öø-ÿ]+)*(?:[’'](?:s)?)?$|"
                       r"^(?:Mc|Mac|O[’'])[A-Z][a-z]+(?:[’'](?:s)?)?$|^[A-Z]\.$|^[A-Z]\.[A-Z]$|^[A-Z]{2}$|^[A-Z](?:\.[A-Z])+\.$")
CONTEXT = CaseBlind(r"(?:\bsaid|\bsays|\bdriver|\bdrivers|\bteammate|\bteammates|\bteam-mate|\bteam-mates|"
                     r"\bco-driver|\brookie|\brival|\bchampion|\bwinner|\bveteran|\brider|\briders|\bracer|\bracers|"
                     r"\bleader|\bcompetitor|\bchallenger|\brunner-up|\bnewcomer|\byoungster|\bteenager|\bace|\bhero|"
                     r"\binternational|\bpilot|\bfinalist|\bfinalists|"
                     r"\b(?:car|entry|crew|trio|machine) of|\b(?:shared|driven|ridden) by|\bahead of|\bbehind|"
                     r"\b(?:charge|challenge|pressure|attack|threat|pass|move) (?:from|on|by)|\bsigned|\bsigns|"
                     r"\bpartner|\bpartners|\bpartnered|\bpartnering)\s*,?\s*$")
AFTER = re.compile(r"^(?:,\s*who\b|,\s*\d{1,2},|\s*\(\d{1,3}[A-Z]?\)|"  # "Jane Doe, 18, from", "Jane Doe (33V)"
                   r"[’']s?\s+(?:car|teammate|team-mate|victory|win|title|lead)\b|\s+(?:said|says|will|won|wins|"
                   r"drove|drives|co-drove|finished|finishes|led|leads|took|takes|scored|earned|secured|sealed|"
                   r"claimed|captured|raced|started|qualified|crossed|passed|has|had|is|was|became|retained|"
                   r"clinched|beat|held|set|moved|returns|joins|joined|wrapped|completed|celebrated|added|"
                   r"remained|continued|dominated|topped|posted|edged|held off|charged|climbed|suffered|rolled|"
                   r"crashed|retired|spun|placed|battled|trailed|struggled|recovered|overtook|rode|rides)\b"
                   r"(?!\s+(?:were|are|went|came|have)\b))")  # "Acme Juniors wins were shared": a noun


SUFFIX_WORDS = {s.rstrip(".") for s in SUFFIXES}


def is_name_word(tok: Token) -> bool:
    return is_name_text(tok.text)


@lru_cache(maxsize=1 << 16)
def is_name_text(word: str) -> bool:
    """is_name_word for a word's text alone, remembered: the rules ask it of nearly every word of
    every release, and the same few thousand words come back again and again."""
    return bool(NAME_WORD.match(word)) and Token(0, len(word), word).bare.casefold() not in word_list("not_name_words") \
        and not AGE_WORD.search(word)


# "Twelve-year-old Olly Bright": an age opening a sentence is capitalised, but names no one
AGE_WORD = re.compile(r"-(?:[Yy]ear|[Yy]r)s?-[Oo]ld$|^[A-Z][a-z]+-[a-z]{3,}$")
# (and "Pole-sitter Alma Ruiz", "Ex-champion ...": a capitalised compound with a lower-case word after the
# hyphen is a role; names join capitals: "Solberg-Lie", "Jean-Eric")


def name_runs(state: State, claimed_words: list[bool] | None = None) -> list[list[Token]]:
    """Runs of name-shaped words joined by spaces, allowing particles and Jr./Sr. suffixes.
    `claimed_words`: state.claimed_words(), when the caller has it already."""
    text = state.text
    tokens = state.tokens
    runs: list[list[Token]] = []
    current: list[Token] = []
    if claimed_words is None:
        claimed_words = state.claimed_words()  # no mention is added while the runs are read
    particles = raw_list("name_particles")
    names = given_names()
    stops = word_list("stop_starts")

    def close() -> None:
        while current and current[-1].text in particles:
            current.pop()
        if current:
            runs.append(list(current))
        current.clear()

    # `suffix` and `ok` may be the very list `current` (truthy while it holds words): close()
    # empties it, so after a break they read as false and a lone suffix starts no run
    lower_ok = _lower_case_can_name()
    for tok, claimed in zip(tokens, claimed_words):
        word = tok.text
        if not tok.is_cap and not lower_ok:
            # no name word, suffix or given name starts in lower case: such a word (most of a
            # text) continues a name only as a particle ("de"), and never starts one
            if not current:
                continue  # no name open: such a word changes nothing (most words of a text)
            suffix = False
            ok = not claimed and (word in particles or ELIDED.match(word) is not None) and current
        else:
            suffix = word.rstrip(".") in SUFFIX_WORDS and current
            ok = not claimed and (is_name_text(word) or suffix or (word in particles and current)
                                  or (word in names and word.casefold() in stops))
        if ok and current and text[current[-1].end:tok.start] == " " and not current[-1].text.endswith(("’s", "'s", "’")):
            current.append(tok)
        else:
            if current:
                close()
            if ok and not suffix and word not in particles:
                current.append(tok)
    close()
    return runs


@lru_cache(maxsize=None)
def _lower_case_can_name() -> bool:
    """True when a word not starting with a capital could be read by name_runs as a suffix or a
    given name. With racekb's data it cannot (and NAME_WORD admits only words starting with a
    capital letter: tests/test_extract_fast.py checks both paths agree), but the data may change."""
    return any(not w[:1].isupper() for w in (*SUFFIX_WORDS, *given_names()))


def _opens_sentence(state: State, tok: Token) -> bool:
    return any(s == tok.start for s, _ in state.sentences) or not state.text[:tok.start].strip() or \
        state.text[:tok.start].rstrip()[-1:] in ".!?\"“"


def _span_end(state: State, run: list[Token]) -> int:
    last = run[-1]
    end = last.start + len(last.bare)
    if last.text.rstrip(".") in ("Jr", "Sr") and state.text[end:end + 1] == ".":
        end += 1
    return end


def _lone_words(state: State, claimed: list[bool]) -> dict[str, int]:
    """Capitalised words standing alone mid-sentence, with how often: a surname used alone after
    the full name ("Pipo Derani ... Derani wrapped up") shows the full name is a person's."""
    counts: dict[str, int] = {}
    tokens = state.tokens
    text = state.text
    for i in state.cap_words():
        if claimed[i]:
            continue
        tok = tokens[i]
        prev_cap = i > 0 and tokens[i - 1].is_cap and text[tokens[i - 1].end:tok.start] == " "
        next_cap = i + 1 < len(tokens) and tokens[i + 1].is_cap and text[tok.end:tokens[i + 1].start] == " "
        if not prev_cap and not next_cap:
            counts[tok.bare] = counts.get(tok.bare, 0) + 1
    return counts


def _surname_used_alone(state: State, run: list[Token], alone: dict[str, int]) -> bool:
    last = run[-1].bare
    return len(run) >= 2 and alone.get(last, 0) >= 1 and not last.isupper() and len(last) > 2 \
        and last.casefold() not in word_list("not_name_words")


RANK_BEFORE = re.compile(r"(?:^|\n)\s*\d{1,3}\.\s*$")  # "2. Jane Doe (France), Acme, +54.7secs"
NATION_AFTER = re.compile(r"\s*\(([A-Z][\w .]+)\)")


def _nation_after(after: str) -> bool:
    """ "Jane Doe (France)": a result line gives a competitor's country in brackets."""
    m = NATION_AFTER.match(after)
    return bool(m and is_place(m.group(1), codes_too=False))


COORDINATED = re.compile(r"^(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+)$")
OF_TEAM_AFTER = re.compile(r"^,? (?:of|for|with) ")
OWNER_BEFORE = re.compile(r"([A-Z][\w\-]*)[’']s\s+$")
KIN_BEFORE = re.compile(r"\b(?:sister|brother|cousin|twin|son|daughter),?\s+$")


def _drop_epithet(run: list[Token]) -> tuple[list[Token], bool]:
    """ "Frenchman Ivo Doe", "Northern Irishman Ivo Doe": a capitalised epithet in front (after at
    most one common word) is no part of the name, and says a person follows, whatever the given
    name (trim_front drops such words only before a given name it knows)."""
    for k in (1, 2):
        if len(run) - k >= 2 and run[k - 1].bare.casefold() in word_list("epithet_nouns") \
                and (k == 1 or common_word(run[0].bare)) and run[k].text not in SUFFIX_WORDS:
            return run[k:], True
    return run, False


def find_people(state: State) -> None:
    """Add the release's people. The rule name says what the evidence was (see README):
    name-cue (the sentence says so), name-role (a title or role in front), name-of-team (of, for
    or owned by a team), name-surname-reused (the surname stands alone later), name-given (only
    a common given name first: the weakest)."""
    text = state.text
    stops = word_list("stop_starts")
    waiting: list[tuple[int, int]] = []
    claimed = state.claimed_words()  # both passes read the words before any name is added
    alone = _lone_words(state, claimed)
    names = given_names()
    headlines = headline_lines(state)
    for run in name_runs(state, claimed):
        if len(run) < 2:
            continue  # most runs: one word, and the trimming below only shortens a run
        while run and run[0].bare.casefold() in stops and not (
                run[0].text in names and len(run) > 1 and not _opens_sentence(state, run[0])):
            run = run[1:]  # "Will Brown" mid-sentence is a man; "Will" opening a sentence is not
        run, epithet = _drop_epithet(run)
        run, titled = trim_front(run)
        while run and run[-1].bare.casefold() in stops:
            run = run[:-1]  # "... New York, N.Y. They will": a pronoun opening the next sentence
        if len(run) < 2 or (headlines and in_spans(headlines, run[0].start)):
            continue
        if len(run) == 2 and run[1].text.rstrip(".") in SUFFIX_WORDS:
            continue  # "Doe Jr": a surname with its suffix, joined to the full name by `aliases`
        run = run[:4]
        start, end = run[0].start, _span_end(state, run)
        before = text[max(0, start - 25):start]
        after = text[end:end + 30]
        context = CONTEXT.search(before)
        cued = bool(epithet or context or AFTER.match(after) or RANK_BEFORE.search(before) or _nation_after(after))
        if cued and context and POSITION_ONLY.search(context.group()) and not AFTER.match(after) \
                and not RANK_BEFORE.search(before) and all_common(run):
            cued = False  # "37 points behind Red Bull": a team stands behind as often as a driver
        if not_a_person(state, run, start, end, cued):
            continue
        of_team = OF_TEAM_AFTER.match(after) and any(
            m.type == "team" and 0 <= m.start - end <= 7 for m in state.mentions)
        owner = OWNER_BEFORE.search(before)
        owned = owner and (owner.group(1).casefold() in word_list("countries") or owner.group(1) not in names
                           or any(m.type == "team" and 0 < start - m.end <= 4 for m in state.mentions))  # "Spain's Nerea Marti", "Springfield's Jane Doe"
        of_team = bool(of_team or owned or KIN_BEFORE.search(before))
        body = BODY_BEFORE.search(before)
        if body and body.group(1).casefold() in word_list("body_heads"):
            titled = True  # "Committee Member of the Acme Motocross Club Jane Doe said": its official
        if owner and owner.group(1).casefold() in word_list("not_team_after"):
            titled = True  # "Acme Training’s Jane Doe", "Acme Magazine's Jane Doe": its staff, not a driver
        if titled:
            rule = "name-role"
        elif cued:
            rule = "name-cue"
        elif of_team:
            rule = "name-of-team"
        elif _surname_used_alone(state, run, alone):
            rule = "name-surname-reused"
        elif run[0].text in names:
            rule = "name-given"
        else:
            waiting.append((start, end))
            continue
        state.add(start, end, "person" if titled else "driver", text[start:end], rule)
    find_caps_headings(state)
    # a name listed beside a known one is a name too ("with Pipo Derani and Jack Aitken")
    changed = True
    while changed and waiting:
        changed = False
        for start, end in list(waiting):
            # only the names just before and after can be listed with it
            near = state.in_span(max(0, start - 60), min(len(text), end + 60))
            for m in near:
                if m.type == "driver" and (COORDINATED.match(text[end:m.start]) or COORDINATED.match(text[m.end:start])):
                    state.add(start, end, "driver", text[start:end], "name-listed")
                    waiting.remove((start, end))
                    changed = True
                    break


ELIDED = re.compile(r"^[dl][’'][A-Z][a-z]+$")  # "Nicola d’Acme": an elided particle glued to the surname
POSITION_ONLY = re.compile(r"(?:behind|ahead of)\s*,?\s*$", re.IGNORECASE)
BODY_BEFORE = re.compile(r"[A-Z][\w\-]* ([A-Z][a-z]+) $")  # "... Motocross Club " right before a name


# a line that holds only a name in capitals and an age: "JANE DOE, 21", "JANE DOE,* 21"
CAPS_HEADING = re.compile(r"^([A-Z][A-Z’'\-]+(?: [A-Z][A-Z’'\-]+){1,2})\*?,\*? ?\*?(\d{1,2})[ \t]*$", re.MULTILINE)


def find_caps_headings(state: State) -> None:
    """A list of people set out as headings, each a name in capitals and an age on a line of its
    own ("JANE DOE, 21"), as candidates and entry lists are: the age says a person (as "Jane Doe,
    21," does in a sentence), written in capitals only because it is a heading."""
    names = given_names()
    for m in CAPS_HEADING.finditer(state.text):
        words = [w.capitalize() for w in m.group(1).split()]
        surface = " ".join(words)
        if any(w.casefold() in word_list("not_name_words") or w.casefold() in word_list("stop_starts") for w in words) \
                or is_place(surface) or (words[0] not in names and all(common_word(w) for w in words)):
            continue
        if not state.claimed(m.start(1), m.end(1)):
            state.add(m.start(1), m.end(1), "driver", surface, "name-caps-heading")


LONE_BEFORE = CaseBlind(r"(?:\bteam ?mate|\bteammate|\bteam-mate|\brival|\bdriver|\brider|"
                         r"\bahead of|\bbeat|\bpassed|\bovertook)\s*,?\s*$")
# only what a driver does: "said", "was" and "has" are said of bosses, towns and companies too
LONE_AFTER = re.compile(r"(?:’s|'s)?\s+(?:won|wins|finished|qualified|drove|drives|led|leads|crashed|retired|"
                        r"overtook|started from|has signed|signed with|swept past|took pole|took the lead)\b")


# a driver's cue after a lone name ("Doe finished") or before it ("team mate Doe"), read from the
# words beside each capitalised word (a scan of the text for them cost ten times as much)
LONE_VERBS = frozenset({"won", "wins", "finished", "qualified", "drove", "drives", "led", "leads", "crashed",
                        "retired", "overtook"})
LONE_VERB_PAIRS = frozenset({("started", "from"), ("has", "signed"), ("signed", "with"), ("swept", "past"),
                             ("took", "pole")})
LONE_BEFORE_WORDS = frozenset({"teammate", "team-mate", "rival", "driver", "rider", "beat", "passed", "overtook"})
LONE_BEFORE_PAIRS = frozenset({("team", "mate"), ("ahead", "of")})
LONE_FIRSTS = frozenset({*LONE_VERBS, *(a for a, _ in LONE_VERB_PAIRS), *LONE_BEFORE_WORDS,
                         *(w.capitalize() for w in LONE_BEFORE_WORDS), "mate", "of"})


def find_lone_surnames(state: State) -> None:
    """A driver the release names only by surname ("Doe has signed", "team mate Doe"): a
    rare capitalised word (no common English word, no given name, no place) standing alone, with
    a driver's cue beside it. Run after people and short forms, so a surname of a full name
    stays that person's. Rule `name-lone-cue`."""
    text = state.text
    tokens = state.tokens
    names = given_names()
    stops = word_list("stop_starts")
    headlines = headline_lines(state)
    n = len(tokens)
    firsts = LONE_FIRSTS
    for i in state.cap_words():
        after = tokens[i + 1].text if i + 1 < n else ""
        before = tokens[i - 1].text if i > 0 else ""
        if after not in firsts and before not in firsts:
            continue  # most capitalised words: no cue word beside them (looked up as written)
        tok = tokens[i]
        cue = False
        if after in firsts and text[tok.end:tokens[i + 1].start] == " ":
            cue = after in LONE_VERBS or (i + 2 < n and (after, tokens[i + 2].text) in LONE_VERB_PAIRS)
        if not cue and before in firsts and text[tokens[i - 1].end:tok.start] in (" ", ", "):
            low = before.lower()
            cue = low in LONE_BEFORE_WORDS or (i > 1 and (tokens[i - 2].text.lower(), low) in LONE_BEFORE_PAIRS)
        if not cue:
            continue
        bare = tok.bare
        if len(bare) < 3 or bare.isupper() or "-" in bare or bare in names or state.claimed(tok.start, tok.end):
            continue
        prev_cap = i > 0 and tokens[i - 1].is_cap and text[tokens[i - 1].end:tok.start] == " "
        next_cap = i + 1 < len(tokens) and tokens[i + 1].is_cap and text[tok.end:tokens[i + 1].start] == " "
        if prev_cap or next_cap:
            continue
        if bare.casefold() in stops or not is_name_text(tok.text) or common_word(bare) or is_place(bare) \
                or (headlines and in_spans(headlines, tok.start)):
            continue
        state.add(tok.start, tok.start + len(bare), "driver", bare, "name-lone-cue")
