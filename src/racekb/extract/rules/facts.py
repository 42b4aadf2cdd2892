"""Facts between the entities of one sentence, each kept with that sentence as its evidence.

Each predicate has a cue (a verb or phrase) and the two types it joins; the subject is the
nearest fitting mention before the cue, the object the fitting mention the cue governs.
Years come from the sentence ("his 2021 DPi title", "in 2023 and ’22", "next season"),
else from the release date. A few release-level inferences close the loop: a driver's car
and team give the team's car."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind, Keyed, one_of
from racekb.extract.lexicon import word_list
from racekb.extract.state import LocalFact, Mention, State
from racekb.extract.rules.years import years_in

# the long alternations are written with one_of (grouped by first letter: the same matches, faster)
TITLE_WIN = CaseBlind(r"\b(?:" + one_of("won|wins|win|winning|wrapped up|earned|earning|earns|clinched|clinching|"
                                        "secured|securing|captured|capturing|claimed|claiming|scored|collected|took|"
                                        "takes|sealed|defend|defended|crown|crowned".split("|"))
                      + r"|(?<!vice-)champion|title)\b")
NOT_A_WIN = CaseBlind(r"\b(?:vice-champion|runner-up|runners-up|missed|lost|narrowly|fell short|second in)\b",
                      needs=("vice-champion", "runner", "missed", "lost", "narrowly", "fell short", "second in"))
RACE_WIN = CaseBlind(r"\b" + one_of("won|wins|win|winning|winner|winners|victory|victories|triumph|triumphed|"
                                     "checkered flag|chequered flag|victory lane".split("|")) + r"\b",
                     needs=("won", "win", "victor", "triumph", "flag"))
DRIVE = CaseBlind(r"\b" + one_of("drive|drives|drove|driving|driven|co-drive|co-drives|co-drove|co-driving|"
                                  "co-driven|pilot|pilots|piloted|behind the wheel of|in the|his|her|their|brought|brings|"
                                  "steered|guided|nursed|nursing|wheeled|put|puts|aboard|shared|share|shares|start|starts|"
                                  "started|qualified|qualifies|raced|races|racing|driver of|drivers of|bringing".split("|"))
                  + r"\b")
FOR_TEAM = CaseBlind(r"\b" + one_of("for|with|join|joins|joining|joined|signed|signs|and the entire|of|at|from|"
                                     "teammate|teammates".split("|")) + r"\b|[’']s?\s*$")
REPLACE = CaseBlind(r"\b(?:replace|replaces|replacing|replaced|in place of|succeed|succeeds|"
                    r"succeeding|takes over from|takes? the seat of|took the seat of|stepping in for|steps in for|"
                    r"stood in for|standing in for|stands in for|fills in for|filling in for|deputising for|"
                    r"deputizing for|substituting for)\b",
                    needs=("replac", "place of", "succeed", "over from", "seat of", " in for", "deputi", "substitut"))
POLE = CaseBlind(r"(?:\b|hyper)pole(?: position| award| winner|-sitter| sitter)?\b|\bpolesitter\b", needs=("pole",))
SIGNS = re.compile(r"^\s+(?:has\s+|have\s+)?(?:signed|re-signed|confirmed|announced|named|hired|retained|added|"
                   r"recruited|promoted)\s+(?:(?:\w+\s+){0,2}?|(?:\w+\s+){0,3}?that\s+)$")
COMPETE = CaseBlind(r"\b(?:" + one_of("compete|competes|competed|competing|race|races|raced|racing|run|runs|"
                                       "in the".split("|"))
                    + r"|full[- ]time|season|driver|points|standings|lead)\b")
TITLE_WORDS = CaseBlind(r"\b(?:championships?|title|titles|crown|champion)\b", needs=("champion", "title", "crown"))

# the shapes the facts rule tests around a mention, compiled once
SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?(?:\d{4}\s+)?$")  # "the first one-two since the 2021 ..."
WIN_AT_BEFORE = re.compile(r"\b(?:victory|win|won|triumph|winning)\s+at\s+$")
HOLDER_AFTER = re.compile(r"^\s+(?:champion|champions|title-holder)\s+", re.IGNORECASE)
SPACE_AFTER = re.compile(r"^\s+")
CHAMPION_END = re.compile(r"Champion$")
CHAMPION_AFTER = re.compile(r"^\s+champions?\b", re.IGNORECASE)
LISTED_YEARS = re.compile(r"^\s+in\s+((?:(?:19|20)\d\d(?:,\s*|\s+and\s+|,\s+and\s+)?)+)")
FOUR_DIGIT_YEAR = re.compile(r"(?:19|20)\d\d")
THE_TITLE = Keyed(r"\b(?:the|his|her|their|first|second|third)\s+(?:\w+\s+)?(?:title|championship|crown)\b",
                  needs=("title", "championship", "crown"))
RACE_CHAMPION_AFTER = re.compile(r"^\s+(?:champion|winner)\s+", re.IGNORECASE)
DRIVERS_NAMED_AFTER = re.compile(r"^\s+(?:(?:driven|shared|piloted|raced) by|of)\s+[A-Z]")
POSSESSIVE_BEFORE = re.compile(r"[’']s\s*$")
POSSESSIVE_GAP = re.compile(r"[’']s?\s*")
CREW_AFTER = re.compile(r"^\s+(?:of|shared by|driven by|piloted by|raced by)\s+")
SECOND_BEHIND = Keyed(r"\b(?:second|runner-up)\s+(?:behind|to)\s+", needs=("second", "runner-up"))
TEAM_DRIVER_AFTER = re.compile(r"^(?:[’']s)?\s+(?:driver|drivers|rookie|racer|rider|riders)\s+")
THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
THE_TEAM_DRIVER_AFTER = re.compile(r"^(?:[’']s)?\s+(?:driver|drivers)\b")
POSSESSIVE_AFTER = re.compile(r"^[’']s?\s")
LIST_GAP = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)")
DRIVER_OF_GAP = re.compile(r",?\s+(?:of|for|with|at)\s+")
TEAMS_CAR_GAP = re.compile(r"[’']s?\s+")
FIELDS_BETWEEN = re.compile(r"\b(?:fields?|fielded|entered|runs|for|in the|with the)\b")
FIELDS_AFTER = re.compile(r"^\W*(?:that|which|who)?\s*(?:fields|fielded|runs|ran|enters|entered)\b")
CAREER = re.compile(r"\b(?:has|have|had)\s+(?:also\s+)?(?:competed|raced|driven|run)\b")  # "has also competed in"
BEATEN_BEFORE = re.compile(r"\b(?:over|against|beat|ahead of)\s+$")

DRIVERS = ("driver",)
RACERS = ("driver", "car", "team")


def _year_for(sentence: str, s_start: int, anchor: int, base_year: int, owners: list[Mention],
              after_only: bool = False) -> list[int]:
    """The years of a sentence that belong to the mention at `anchor`.

    A year written straight before another title or race ("his 2021 DPi title") belongs to
    that one; of the years left, those after the cue come first.
    """
    found = years_in(sentence, base_year)
    if not found:
        return [base_year]
    rel_anchor = anchor - s_start
    own = [y for off, y in found if 0 <= rel_anchor - off <= 12]
    if own:
        return own[:1]
    taken = {off for off, _ in found for m in owners
             if m.start - s_start != rel_anchor and 0 <= (m.start - s_start) - off <= 12}
    free = [(off, y) for off, y in found if off not in taken]
    if after_only:
        later = [y for off, y in free if off > rel_anchor]
        closest = sorted(free, key=lambda fy: abs(fy[0] - rel_anchor))
        return later or [y for _, y in closest][:1] or [base_year]
    closest = sorted(free, key=lambda fy: abs(fy[0] - rel_anchor))
    return [y for _, y in closest][:1] or [base_year]


def _fact(state: State, subj: Mention, pred: str, obj: Mention, year: int | None, sent: str, rule: str) -> None:
    key = ((subj.type, subj.name), pred, (obj.type, obj.name), year)
    if subj.name == obj.name and subj.type == obj.type:
        return
    if key in state._fact_keys:
        return
    state._fact_keys.add(key)
    state._fact_pairs.add(key[:3])
    state.facts.append(LocalFact((subj.type, subj.name), pred, (obj.type, obj.name), year, sent.strip(), rule))


def _nearest_before(ms: list[Mention], pos: int, types: tuple[str, ...]) -> Mention | None:
    before = [m for m in ms if m.type in types and m.end <= pos]
    return before[-1] if before else None


def _subject(ms: list[Mention], pos: int, types: tuple[str, ...], text: str = "") -> Mention | None:
    """The clause's subject for a cue at `pos`: the first fitting mention of the sentence, unless
    a relative clause ("Sims, who will ...") hands the cue to a later one; else the nearest."""
    before = [m for m in ms if m.type in types and m.end <= pos]
    if not before:
        return next((m for m in ms if m.type in types), None)
    if text:
        for m in reversed(before):
            if RELATIVE_CLAUSE.match(text[m.end:m.end + 8]):
                return m
        first = before[0]
        if not REPLACE.search(text[first.end:pos]):
            return first
    return before[-1]


RELATIVE_CLAUSE = re.compile(r"^,?\s*(?:who|which)\b")  # "Sims, who will ..."


OBJECT_POSITION = re.compile(r"\b(?:passed|passing|behind|ahead of|over|beat|beating|from|to|with|and teammate|"
                             r"son of|daughter of|father of|mother of|brother of|sister of|nephew of|niece of|"
                             r"grandson of|wife of|husband of|Champion|champion|"
                             r"replace|replaces|replacing|replaced|succeed|succeeds|succeeding)\s+$")


def _driver_of(ms: list[Mention], pos: int, text: str) -> Mention | None:
    """Who drives the car at `pos`: the nearest driver before it who is not the object of
    another verb ("passed X", "ahead of Y"); a relative clause ("Sims, who ...") wins."""
    before = [m for m in ms if m.type == "driver" and m.end <= pos]
    for m in reversed(before):
        if RELATIVE_CLAUSE.match(text[m.end:m.end + 8]):
            return m
    for m in reversed(before):
        if not OBJECT_POSITION.search(text[max(0, m.start - 16):m.start]) and \
                not REPLACE.search(text[m.end:pos]):
            return m
    return before[0] if before else next((m for m in ms if m.type == "driver"), None)


GROUP_JOIN = re.compile(r"^(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+|\s+(?:will\s+)?(?:team(?:s|ed)? up with|join(?:s|ed)?|"
                        r"alongside|partner(?:s|ed)? with|share(?:s)? the car with|and teammate|and team-mate|"
                        r"and co-driver|and co-drivers|and codriver)\s+)$")


def _group(text: str, ms: list[Mention], lead: Mention, limit: int) -> list[Mention]:
    """The lead driver and those joined to it by "and", commas or "will team up with"."""
    drivers = sorted((m for m in ms if m.type == "driver" and m.end <= limit and m.end > m.start),
                     key=lambda m: m.start)
    if lead not in drivers:
        return [lead]
    i = j = drivers.index(lead)
    while i > 0 and GROUP_JOIN.match(text[drivers[i - 1].end:drivers[i].start]):
        i -= 1
    while j + 1 < len(drivers) and GROUP_JOIN.match(text[drivers[j].end:drivers[j + 1].start]):
        j += 1
    return drivers[i:j + 1]


PRONOUN_OPENING = re.compile(r"^\W*(?:He|She)\b")
THE_OPENING = re.compile(r"^\W*The\s+([^,.;:]{1,60})")
THE_ANYWHERE = re.compile(r"\b[Tt]he\s+([^,.;:]{1,60})")
DRIVING_OPENING = re.compile(r"^\W*(?:Driving|Piloting|Behind the wheel of|At the wheel of)\b")


def _epithet(sentence: str, names_a_driver: bool) -> bool:
    """True when a sentence speaks of the driver the last one was about: it opens with "He" or
    "The Dutchman", or names no driver but says "the 38-year-old" or opens "Driving the ..."."""
    if PRONOUN_OPENING.match(sentence):
        return True
    nouns = word_list("epithet_nouns")
    pattern = THE_OPENING if names_a_driver else THE_ANYWHERE
    for m in pattern.finditer(sentence):
        for word in m.group(1).split()[:4]:
            w = word.casefold()
            parts = w.split("-")
            if any("-".join(parts[i:]) in nouns for i in range(len(parts))):  # "Dutchman", "29-year-old"
                return True
    return not names_a_driver and bool(DRIVING_OPENING.match(sentence))


def sentence_facts(state: State, s: int, e: int, previous: Mention | None = None) -> list[Mention]:
    """The facts of the sentence [s, e); returns the mentions standing in it (the caller's next
    `previous` is read from them)."""
    text = state.text
    sent = text[s:e]
    found = ms = state.in_span(s, e)
    if not ms and previous is None:
        return found  # every fact joins mentions of the sentence: with none, and no epithet, none
    opening = DRIVING_OPENING.match(sent)
    first_driver = next((m for m in ms if m.type == "driver"), None)
    objectish = first_driver is not None and OBJECT_POSITION.search(text[max(0, first_driver.start - 16):first_driver.start])
    if previous is not None and (_epithet(sent, any(m.type == "driver" for m in ms)) or (opening and objectish)):
        # the sentence's subject is the driver the last one was about, standing at its start
        ms = [Mention(s, s, "", previous.type, previous.name, "epithet")] + ms
    elif not ms:
        return found  # as above: no mention, so no fact
    base = state.date.year
    owners = [m for m in ms if m.type in ("championship", "event", "track")]
    drivers = [m for m in ms if m.type == "driver"]
    teams = [m for m in ms if m.type == "team"]
    cars = [m for m in ms if m.type == "car"]
    champs = [m for m in ms if m.type == "championship"]
    events = [m for m in ms if m.type in ("event",)] or [m for m in ms if m.type == "track"]
    # "the first one-two since the 2021 Italian Grand Prix": a reference, not a win
    events = [m for m in events if not SINCE_BEFORE.search(text[max(s, m.start - 20):m.start])]
    events += [m for m in ms if m.type == "track" and m not in events
               and WIN_AT_BEFORE.search(text[max(s, m.start - 20):m.start])]

    def sentence_year() -> int:
        """The year of the sentence as a whole, worked out only when a fact needs it (most
        sentences give none, and finding the years of a sentence is not free)."""
        return _year_for(sent, s, s + len(sent), base, owners)[0]

    # won_title: a title win cue and a championship
    for c in champs:
        window = text[max(s, c.start - 70):c.end + 25]
        if TITLE_WIN.search(window) and (TITLE_WORDS.search(c.text) or TITLE_WORDS.search(window)) \
                and not NOT_A_WIN.search(window):
            holder = HOLDER_AFTER.match(text[c.end:c.end + 20]) \
                or (CHAMPION_END.search(c.text) and SPACE_AFTER.match(text[c.end:c.end + 2]))
            subj = next((d for d in drivers if d.start == c.end + holder.end()), None) if holder else None
            if subj is None and CHAMPION_AFTER.match(text[c.end:c.end + 12]):
                # "Preining, ... Carrera Cup champion in 2018"; a driver before a team ("X of Prema is ... champion")
                subj = _nearest_before(ms, c.start, ("driver",)) or _nearest_before(ms, c.start, ("team",))
            if subj is None:
                who = DRIVERS if any(d.end <= c.start for d in drivers) else ("team",)
                subj = _subject(ms, c.start, who, text)
                if subj is not None and subj.start > c.start:
                    subj = None  # "Drivers who have won ... titles are joining Cadillac Racing": no holder named
            if subj:
                crew = _group(text, ms, subj, c.start) if subj.type == "driver" else [subj]
                listed = LISTED_YEARS.match(text[c.end:c.end + 80])
                years = [int(y) for y in FOUR_DIGIT_YEAR.findall(listed.group(1))] if listed else \
                    _year_for(sent, s, c.start, base, owners)
                for y in years:
                    for who in crew:
                        _fact(state, who, "won_title", c, y, sent, "title-win")
    # "earned the title": the release's one championship
    cue = None if champs else THE_TITLE.search(sent)
    if cue and TITLE_WIN.search(sent):
        only = {m.name: m for m in state.mentions if m.type == "championship"}
        if len(only) == 1:
            subj = _subject(ms, s + cue.start(), ("driver",), text)
            if subj:
                for y in _year_for(sent, s, s + cue.end(), base, owners, after_only=True)[:1]:
                    _fact(state, subj, "won_title", next(iter(only.values())), y, sent, "title-win: the release's series")
    # won_race: a race win cue and an event (or a track when no event is named)
    race_cues = list(RACE_WIN.finditer(sent)) if events else []  # the same for every race of the sentence
    for ev in events:
        cue = race_cues
        champion = RACE_CHAMPION_AFTER.match(text[ev.end:ev.end + 12])
        if not cue and not champion:
            continue
        if champion:  # "2010 Le Mans Champion Romain Dumas"
            subj = next((d for d in drivers if d.start >= ev.end + champion.end() - 1), None)
        else:
            near = min(cue, key=lambda m: abs((s + m.start()) - ev.start))
            cue_pos = s + near.start()
            pos = min(cue_pos, ev.start)
            adjacent = next((d for d in drivers if 0 <= cue_pos - d.end <= 3), None)  # "Kenseth winning ..."
            if adjacent is not None:
                subj = adjacent
            elif any(d.end <= pos for d in drivers):
                subj = _subject(ms, pos, DRIVERS, text)
            elif any(m.end <= pos for m in cars + teams):
                subj = _subject(ms, pos, ("car", "team"), text)
            else:
                subj = _subject(ms, pos, DRIVERS, text)
        if subj:
            # years after another driver's name belong to that driver ("since Castroneves in 2001")
            stop = next((d.start for d in drivers if d.start > ev.end and d.name != subj.name), e)
            clause = text[s:stop]
            crew = _group(text, ms, subj, e) if subj.type == "driver" else [subj]
            for y in _year_for(clause, s, ev.start, base, owners, after_only=True)[:3]:
                for who in crew:  # "Carlos Sainz and co-driver Lucas Cruz won"
                    _fact(state, who, "won_race", ev, y, sent, "race-win")
    # pole
    pole = POLE.search(sent)
    if pole:
        targets = events or _headline_race(state) or [m for m in state.mentions if m.type == "event" and m.end <= s][-1:]
        for ev in targets:
            subj = _subject(ms, max(ev.start, s + pole.start()) if ev.start < s else ev.start, ("driver",), text) \
                or _subject(ms, ev.start, ("car",), text)
            if subj:
                _fact(state, subj, "pole", ev, _year_for(sent, s, s + pole.start(), base, owners)[0], sent, "pole")
    # drives: a driver and a car joined by a driving cue (or "his No. 17")
    for car in cars:
        if DRIVERS_NAMED_AFTER.match(text[car.end:car.end + 16]):
            continue  # its drivers are named after it ("the No. 12 of Montecalvo and Telitz")
        between_cue = DRIVE.search(text[max(s, car.start - 45):car.start]) or POSSESSIVE_BEFORE.search(
            text[max(s, car.start - 3):car.start])
        if not between_cue:
            continue
        owner = [d for d in drivers if d.end <= car.start and POSSESSIVE_GAP.fullmatch(text[d.end:car.start])]
        subj = owner[0] if owner else _driver_of(ms, car.start, text)
        if subj:
            year = _year_for(sent, s, car.start, base, owners)[0]
            for d in _group(text, ms, subj, car.start):
                _fact(state, d, "drives", car, year, sent, "drive-cue")

    # "the No. 51 Ferrari 499P of A, B and C", "shared by", "driven by"
    for car in cars:
        m = CREW_AFTER.match(text[car.end:car.end + 20])
        if m:
            lead = next((d for d in drivers if d.start == car.end + m.end()), None)
            if lead:
                crew = _group(text, ms, lead, e)
                for d in crew:
                    _fact(state, d, "drives", car, _year_for(sent, s, car.start, base, owners)[0], sent, "car-of-drivers")
                for f in list(state.facts):
                    if f.predicate == "won_race" and f.subject[0] in ("car", "team") and f.evidence == sent.strip():
                        for d in crew:
                            _fact(state, d, "won_race", Mention(0, 0, "", f.object[0], f.object[1], ""), f.year, sent,
                                  "race-win: the car's drivers")
    # "finished second behind X": X won the race of the sentence
    for m in SECOND_BEHIND.finditer(sent):
        winner = next((d for d in drivers if d.start == s + m.end()), None)
        if winner and events:
            _fact(state, winner, "won_race", events[0], _year_for(sent, s, events[0].start, base, owners)[0], sent,
                  "race-win: finished behind")
    # "Triple Eight Race Engineering has signed Will Brown"
    for team in teams:
        for d in drivers:
            if d.start > team.end and SIGNS.match(text[team.end:d.start]):
                _fact(state, d, "drives_for", team, _year_for(sent, s, d.start, base, owners)[0], sent, "team-signs")
    # "Williams Racing driver Alex Albon"
    for team in teams:
        m = TEAM_DRIVER_AFTER.match(text[team.end:team.end + 16])
        if m:
            named = next((d for d in drivers if d.start == team.end + m.end()), None)
            if named:
                for d in _group(text, ms, named, e):
                    _fact(state, d, "drives_for", team, _year_for(sent, s, team.start, base, owners)[0], sent,
                          "the team's driver")
    # "The Avalanche Andretti driver sealed ...": the subject drives for that team
    for team in teams:
        if THE_BEFORE.search(text[max(s, team.start - 4):team.start]) and \
                THE_TEAM_DRIVER_AFTER.match(text[team.end:team.end + 12]):
            subj = _subject(ms, team.start, DRIVERS, text)
            if subj:
                _fact(state, subj, "drives_for", team, _year_for(sent, s, team.start, base, owners)[0], sent,
                      "the team's driver")
    # drives_for: a driver and a team
    for team in teams:
        cue = FOR_TEAM.search(text[max(s, team.start - 30):team.start]) or POSSESSIVE_AFTER.match(
            text[team.end:team.end + 3])
        if not cue and not (len(teams) == 1 and len({d.name for d in drivers}) >= 1):
            continue
        if POSSESSIVE_AFTER.match(text[team.end:team.end + 3]):
            after = [d for d in drivers if d.start > team.end and d.start - team.end < 60]
            listed = after[:1] + [d for d in after[1:] if LIST_GAP.fullmatch(text[after[0].end:d.start])]
            for d in listed:
                _fact(state, d, "drives_for", team, sentence_year(), sent, "team-possessive")
            continue
        beside = next((d for d in drivers if DRIVER_OF_GAP.fullmatch(text[d.end:team.start])), None)
        subj = beside or _subject(ms, team.start, DRIVERS, text)
        if subj:
            _fact(state, subj, "drives_for", team, _year_for(sent, s, team.start, base, owners)[0], sent, "team-cue")
            nested = [t for t in state.nested if t.type == "team" and s <= t.start < e]
            if len(teams) == 1 and not nested:
                for d in drivers:
                    if d.end > d.start and not OBJECT_POSITION.search(text[max(0, d.start - 16):d.start]):
                        _fact(state, d, "drives_for", team, sentence_year(), sent, "one-team-sentence")
    # fields: a team and a car in one sentence ("Whelen Engineering Racing's No. 31 Cadillac")
    for team in teams:
        for car in cars:
            if TEAMS_CAR_GAP.fullmatch(text[team.end:car.start] if car.start > team.end else "x"):
                _fact(state, team, "fields", car, None, sent, "team's car")
            between = text[min(team.end, car.end):max(team.start, car.start)]
            if len(between) < 40 and (not drivers or FIELDS_BETWEEN.search(between)):
                _fact(state, team, "fields", car, None, sent, "team-car")
        if not cars and FIELDS_AFTER.match(text[team.end:team.end + 20]):
            main = _main_car(state)
            if main:
                _fact(state, team, "fields", main, None, sent, "fields-the-release's-car")
    # replaces
    for m in REPLACE.finditer(sent):
        pos = s + m.start()
        subj = _nearest_before(ms, pos, DRIVERS)
        obj = next((d for d in drivers if d.start > pos), None)
        if subj and obj:
            _fact(state, subj, "replaces", obj, _year_for(sent, s, pos, base, owners)[0], sent, "replace-cue")
    # competes_in: a driver or team with a series, not already a title
    for c in champs:
        if any(f.predicate == "won_title" and f.object == (c.type, c.name) and f.evidence == sent.strip()
               for f in state.facts):
            continue
        if not COMPETE.search(sent) and not drivers:
            continue
        who = DRIVERS if any(d.end <= c.start for d in drivers) else ("driver", "team")
        subj = _subject(ms, c.start, who, text)
        if subj and OBJECT_POSITION.search(text[max(0, subj.start - 16):subj.start]):
            subj = None
        if subj:
            career = CAREER.search(sent) \
                and not years_in(sent, base)
            year = None if career else _year_for(sent, s, c.start, base, owners)[0]  # "has also competed in": when is not said
            _fact(state, subj, "competes_in", c, year, sent, "series-cue")
    return found


def _main_car(state: State) -> Mention | None:
    """The release's one numbered car with a make, when there is exactly one."""
    numbered = {m.name: m for m in state.mentions if m.type == "car" and m.name.startswith("No. ")
                and len(m.name.split()) > 2}
    return next(iter(numbered.values())) if len(numbered) == 1 else None


def _merged_sentences(state: State) -> list[tuple[int, int]]:
    """Sentences, joined where a mention runs across a break ("No. 60 Ford. Drive One. Mustang")."""
    inside = state.claimed_positions()
    out: list[tuple[int, int]] = []
    for s, e in state.sentences:
        if out and s in inside:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return [piece for span in out for piece in _pieces(state, *span)]


LONGEST_SENTENCE = 1500


def _pieces(state: State, s: int, e: int) -> list[tuple[int, int]]:
    """A "sentence" longer than any real one (a list, a table pasted as text) is read in pieces cut
    at spaces outside mentions, so one run-on stretch cannot make the facts rule quadratic."""
    out = []
    while e - s > LONGEST_SENTENCE:
        cut = state.text.rfind(" ", s + LONGEST_SENTENCE // 2, s + LONGEST_SENTENCE)
        while cut > s and state.claimed(cut, cut + 1):
            cut = state.text.rfind(" ", s, cut)
        if cut <= s:
            break
        out.append((s, cut))
        s = cut + 1
    out.append((s, e))
    return out


THE_RACE_WIN = CaseBlind(r"\b(?:won|wins|winning|win)\s+(?:the\s+)?(?:race|rally|event|round)\b|victory lane|"
                         r"(?:his|her|their|[’']s?|after|the)\s+(?:\w+\s+)?(?:victory|triumph|win)\b|"
                         r"(?:took|takes|take)\s+the\s+(?:checkered|chequered)\s+flag",
                         needs=("won", "win", "victory", "triumph", "flag"))


def _headline_race(state: State) -> list[Mention]:
    if not state.headline_race:
        return []
    named = [m for m in state.mentions + state.nested if m.type == "event" and m.name == state.headline_race]
    return named[:1]


def race_of_release(state: State, sentences: list[tuple[int, int]] | None = None) -> None:
    """A win with no race named ("Stewart found victory lane", "Neuville won the rally") is a
    win of the race the release last named before it. `sentences`: _merged_sentences(state),
    when the caller has them already."""
    events = sorted((m for m in state.mentions if m.type == "event"), key=lambda m: m.start)
    headline = _headline_race(state)
    for s, e in _merged_sentences(state) if sentences is None else sentences:
        before = headline or [m for m in events if m.end <= s]
        if not before:
            continue
        ms = state.in_span(s, e)
        if not ms:
            continue  # the winner is a mention of the sentence: no mention, no winner
        if any(m.type in ("event", "track") for m in ms):
            continue
        sent = state.text[s:e]
        cue = THE_RACE_WIN.search(sent)
        if not cue:
            continue
        event = before[-1]
        subj = _subject(ms, s + cue.start(), DRIVERS, state.text)
        if subj and not BEATEN_BEFORE.search(state.text[max(s, subj.start - 15):subj.start]):
            # the year the release was issued: a year in such a sentence dates something else
            # ("Matt won the 300th victory we have had since we started in 1988")
            _fact(state, subj, "won_race", event, state.date.year, sent, "inferred: the release's one race")


def infer_release_facts(state: State) -> None:
    """Close the loop across sentences: a driver's car and team give the team's car; a team's
    one car is driven by its one driver."""
    facts = list(state.facts)
    drives = [f for f in facts if f.predicate == "drives"]
    drives_for = [f for f in facts if f.predicate == "drives_for"]
    # sorted, so facts come out in the same order in every process (set order follows the hash seed)
    cars = sorted({(m.type, m.name) for m in state.mentions if m.type == "car"})
    teams = sorted({(m.type, m.name) for m in state.mentions if m.type == "team"})
    teams_of: dict = {}
    for f in drives_for:
        teams_of.setdefault(f.subject, set()).add(f.object)
    for d in drives:
        their_teams = teams_of.get(d.subject, set())
        if len(their_teams) == 1:
            team = next(iter(their_teams))
            _add(state, team, "fields", d.object, None, d.evidence, "inferred: driver's car and team")
    fields = [f for f in state.facts if f.predicate == "fields"]
    fielders_of: dict = {}
    cars_of: dict = {}
    for f in fields:
        fielders_of.setdefault(f.object, set()).add(f.subject)
        cars_of.setdefault(f.subject, set()).add(f.object)
    for d in drives:
        fielders = fielders_of.get(d.object, set())
        if len(fielders) == 1:
            _add(state, d.subject, "drives_for", next(iter(fielders)), d.year, d.evidence, "inferred: the car's team")
    drivers_of: dict = {}
    for f in drives_for:
        drivers_of.setdefault(f.object, set()).add(f.subject)
    for team in teams:
        team_cars = cars_of.get(team, set()) or (set(cars) if len(cars) == 1 and len(teams) == 1 else set())
        team_drivers = drivers_of.get(team, set())
        if len(team_cars) == 1 and len(team_drivers) == 1:
            car = next(iter(team_cars))
            driver = next(iter(team_drivers))
            src = next(f for f in drives_for if f.object == team and f.subject == driver)
            if not any(f.predicate == "drives" and f.subject == driver for f in state.facts):
                _add(state, driver, "drives", car, src.year, src.evidence, "inferred: team's one car")
            _add(state, team, "fields", car, None, src.evidence, "inferred: team's one car")


def _add(state: State, subj: tuple[str, str], pred: str, obj: tuple[str, str], year: int | None,
         evidence: str, rule: str) -> None:
    if (subj, pred, obj) in state._fact_pairs:
        return
    state._fact_pairs.add((subj, pred, obj))
    state._fact_keys.add((subj, pred, obj, year))
    state.facts.append(LocalFact(subj, pred, obj, year, evidence, rule))


def find_facts(state: State) -> None:
    for team in state.nested:
        car = next((m for m in state.mentions if m.type == "car" and m.start <= team.start and team.end <= m.end), None)
        if team.type == "team" and car:
            s, e = state.sentence_of(car.start)
            _fact(state, team, "fields", car, None, state.text[s:e], "team-in-car-name")
    previous: Mention | None = None
    sentences = _merged_sentences(state)  # facts add no mentions: the same pieces serve both passes
    for s, e in sentences:
        drivers = [m for m in sentence_facts(state, s, e, previous) if m.type == "driver"]
        if drivers:
            previous = drivers[0]
    race_of_release(state, sentences)
    infer_release_facts(state)
