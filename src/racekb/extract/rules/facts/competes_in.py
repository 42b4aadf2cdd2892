"""competes_in: a driver or team races in a series.

The series must be what the holder's own verb governs ("X races in the Y", "X will contest the
Y", "X's Y debut", "Y driver X", "X leads the Y standings"): a series merely named in the same
sentence as a driver (its sponsor, its history, someone's manager) is not one he races in. A
series already won in the sentence is a title, not also a competes_in.

A series listed with one the holder races in is his too ("in select X and Y events"); a year
written straight after a series is that series' own ("USF2000 in 2017", series_years.py); a career
sentence naming nobody speaks of the driver the sentence before opened on (pronoun_holder.py).
Across sentences and releases' shapes, see round_report.py (a round's field), team_season.py (a
team preparing for a season), standings.py and mates_series.py."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind, case_blind
from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.rules.facts.pronoun_holder import holds, pronoun_holder
from racekb.extract.rules.facts.series_years import years_after
from racekb.extract.rules.facts.subjects import subject
from racekb.extract.rules.facts.vocab import phrase_pattern
from racekb.extract.rules.years import years_in
from racekb.extract.state import Mention

COMPETE = CaseBlind(r"\b(?:compete|competes|competed|competing|race|races|raced|racing|ride|rides|rode|riding|"
                    r"drive|drives|drove|driving|run|runs|ran|running|contest|contests|contested|contesting|"
                    r"campaign|campaigns|campaigned|campaigning|enter|enters|entered|entering|debut|debuts|"
                    r"debuted|season|seasons|returns?|returned|returning|graduat\w+|moves?|moved|moving|"
                    r"step\w*\s+up|joins?|joined|joining|full[- ]time|part[- ]time|standings|points|leads?|led|"
                    r"leading|rookie|entry|start|starts|started|starting|round|rounds|leg|legs|event|events|outing|"
                    r"title fight|title race|title hunt|contender|regular|driver|drivers|rider|riders|racer|"
                    r"won|win|wins|winning|victory|victories|victory lane|podium|podiums|finish|finished|finishing|"
                    r"qualified|qualifying|scored|experience)\b",
                    needs=("compet", "rac", "rid", "rod", "driv", "drov", "run", "ran", "contest", "campaign",
                           "enter", "debut", "season", "return", "graduat", "mov", "step", "join", "time",
                           "standings", "points", "lead", "led", "rookie", "entry", "start", "round", "leg", "event",
                           "outing", "title", "contender", "regular", "won", "win", "victor", "podium", "finish",
                           "qualif", "scored", "experience"))
SERIES_DRIVER = re.compile(r"^\s+(?:\w+\s+)?(?:driver|drivers|rider|riders|racer|racers|rookie|regular|competitor|"
                           r"championship leader|points leader|leader|frontrunner|front-runner|rival|rivals|talent|"
                           r"star|prospect),?\s+$", re.IGNORECASE)
# "former F1 driver X", "ex-IndyCar racer Y": once raced there, not now
FORMER_BEFORE = re.compile(r"\b(?:former|ex|retired|one-time|onetime)[- ]\s*(?:\w+\s+)?$", re.IGNORECASE)
# "hand X a debut Formula 1 season in 2026": the season the driver is given
SEASON_GIVEN = re.compile(r"\s+(?:a|his|her)\s+(?:debut|first|maiden|rookie|full|second|third|fourth|fifth)"
                          r"(?:\s+full)?(?:[- ]time)?\s+$", re.IGNORECASE)
SEASON_AFTER = re.compile(r"\s+(?:season|campaign)\b", re.IGNORECASE)
BLOCK = case_blind(r"\b(?:said|says|sponsor\w*|partner\w*|supported by|presented by|owned by|managed by|"
                   r"chairman|founded|broadcast|hall of fame)\b|[;:“”\"]")
# "has also competed in", "has vast experience in": a career, not a season
CAREER = re.compile(r"\b(?:has|have|had)\s+(?:also\s+)?(?:competed|raced|driven|run)\b|\bexperience\s+(?:in|includes)\b")
# "the X Cup Presented by Y Tires": a series' own title sponsor, not a sponsor of the driver
TITLE_SPONSOR = re.compile(r"\bPresented by\b")
MAX_GAP = 160
OTHER_CLAUSE = re.compile(r",\s+(?:while|whereas|but|and|as)\s+(?:in|at)\b", re.IGNORECASE)
# "will continue in F2 next season": staying on in the series itself, not "continuing" anything else
CONTINUE_IN = re.compile(r"\b(?:continue|continues|remain|remains|stay|stays|staying)\s+in\s+(?:the\s+)?$", re.IGNORECASE)
# "the #22 car, which will be driven by X in the Y": the car's driver races in Y
DRIVEN_BY = re.compile(r"\b(?:driven|raced|ridden|piloted|campaigned)\s+by\s+$", re.IGNORECASE)
IN_THE = re.compile(r"\s+in\s+(?:the\s+)?")
CLAUSE_AFTER = re.compile(r"\s+(?:was|were|is|are|has|had|will|went)\b")  # "and the Y was won by Z": a new clause
LIST_JOIN = re.compile(r"\s*(?:,|and|&|,\s*and)\s+(?:the\s+)?")  # "the X, Y and the Z"
COUNT_BEFORE = case_blind(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2}|multiple|several|numerous)\s+$")
NOT_RACING_AFTER = re.compile(r"^\s+(?:\w+\s+)?(?:practice|test|testing|tests|simulator|demo|demonstration|"
                              r"academy|programme|program|scholarship)\b", re.IGNORECASE)
# "the Formula One Yas Marina Circuit": the series names a circuit the rules did not know as one
CIRCUIT_AFTER = re.compile(r"^\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:Circuit|Speedway|Raceway|Motorsport Park|Motor Speedway|"
                           r"Autodrome|Autodromo|Circuito|Ring)\b")
TEAM_COMPETES = re.compile(r"\b(?:compete|competes|competed|competing|race|races|raced|racing|run|runs|ran|running|"
                           r"enter|enters|entered|entering|field|fields|fielded|fielding|contest|contests|contested)\b",
                           re.IGNORECASE)

# "marking X Racing's best-ever Y Series result": the team's own result in the series
TEAM_POSSESSIVE = re.compile(r"^['’]s\s+(?:[\w-]+\s+){0,2}$")
TEAM_RESULT_AFTER = re.compile(r"\s*(?:result|results|finish|podium|podiums|win|wins|victory|victories|debut|season|"
                               r"campaign|entry|entries|pole)\b", re.IGNORECASE)


def find(ctx: Sentence) -> None:
    if not ctx.champs:
        return
    state, text, s = ctx.state, ctx.state.text, ctx.s
    sent = ctx.text
    pronoun = pronoun_holder(ctx) if not ctx.drivers else None  # "..., he raced in X": once a sentence
    if pronoun is None and not (ctx.drivers or ctx.teams):
        return
    won = {f.object for f in ctx.facts_here() if f.predicate == "won_title"}
    last: tuple[Mention, Mention] | None = None  # the last series given a holder here, and him
    for c in ctx.champs:
        if (c.type, c.name) in won or not raced_in(c.name) or COUNT_BEFORE.search(text[max(s, c.start - 20):c.start]):
            continue  # "boasting two X Championships": titles counted, not a series raced in
        if any(0 <= t.start - c.end <= 2 for t in ctx.ms if t.type == "track") or \
                NOT_RACING_AFTER.match(text[c.end:c.end + 30]) or CIRCUIT_AFTER.match(text[c.end:c.end + 60]):
            continue  # "the Formula One Yas Marina Circuit": a circuit's name; "F1 practice": not a race
        team = _team_possessive(ctx, c)
        if team is not None and ctx.may_hold(team, c.start):
            add_fact(state, team, "competes_in", c, ctx.year(c.start), sent, "team-result")
        subj = _series_driver(ctx, c)
        rule = "series-driver"
        if CLAUSE_AFTER.match(text, c.end) is not None and subj is None:
            continue  # "..., and the Y is run by his uncle": the series opens a clause of its own
        if subj is None and last is not None and LIST_JOIN.fullmatch(text, last[0].end, c.start):
            subj, rule = last[1], "series-list"  # "in select X and Y events": Y joins X's holder
        if subj is None:
            who = ("driver",) if any(d.end <= c.start for d in ctx.drivers) else ("driver", "team")
            speaker = ctx.first_person_speaker(c.start)
            subj = speaker or subject(ctx.ms, c.start, who, text) or holds(ctx, pronoun, c.start)
            rule = "series-cue"
            if subj is None or (subj.start > c.start and subj is not speaker):
                continue
            if speaker is not None:  # "“I raced in X four years ago,” said Y": the quote up to the series
                a = ctx.release.quotes[ctx.quote_of(c.start)][0]
                between = text[a:c.start]
            else:
                between = text[subj.end:c.start] if subj.end > subj.start else text[s:c.start]
            after = text[c.end:c.end + 20]
            if len(between) > MAX_GAP or BLOCK.search(TITLE_SPONSOR.sub("", between)) or \
                    phrase_pattern("intent").search(between):
                continue
            if OTHER_CLAUSE.search(between) and any(d.start > c.end and d.name != subj.name for d in ctx.drivers):
                continue  # "X was fifth at A, while in the Y Cup, Z won": Y is Z's, in a clause of its own
            if subj.type == "team" and not TEAM_COMPETES.search(between):
                continue  # "Red Bull will promote X and hand Y a debut season": the team's verb is not racing
            if not (COMPETE.search(between) or COMPETE.match(after.lstrip()) or CONTINUE_IN.search(between) or
                    (DRIVEN_BY.search(text, max(s, subj.start - 20), subj.start) and IN_THE.fullmatch(between))):
                continue
        given = rule == "series-driver" and SEASON_AFTER.match(text, c.end) is not None and subj.end <= c.start
        if not ctx.may_hold(subj, c.start, role_free=True) or (ctx.objectish(subj) and not given):
            continue  # "hand X a debut Y season": X is the object of the handing, and the season his
        if DEBUT.search(sent) and not given and _practice_outing(ctx, subj):
            continue  # "will make his F1 debut ... in the first practice session": a practice run, no race
        last = (c, subj)
        own = years_after(text, c.end, ctx.base)  # "USF2000 in 2017", "the X series from 2018-20"
        if own:
            for y in own:
                add_fact(state, subj, "competes_in", c, y, sent, rule + ": its own years")
            continue
        career = CAREER.search(sent) and not _years_outside_names(ctx)
        year = None if career else ctx.year(c.start)  # "has also competed in": when is not said
        if career:
            year = _most_recent(sent, c, ctx.base)  # "..., most recently last month in the Y race"
        add_fact(state, subj, "competes_in", c, year, sent, rule)


DEBUT = CaseBlind(r"\b(?:debuts?|step\w*\s+up|first taste|outing)\b", needs=("debut", "step", "first taste", "outing"))
PRACTICE_OUTING = CaseBlind(r"\b(?:(?:first|second|third|free|opening|friday)\s+practice(?:\s+session)?|fp[123])\b",
                            needs=("practice", "fp"))


def _practice_outing(ctx: Sentence, subj: Mention) -> bool:
    """True when the release gives this driver's outing as a practice session ("will drive in the
    first practice session", "FP1"): the "debut" it announces is no race entry in the series."""
    state = ctx.state
    surname = subj.name.split()[-1]  # a lone surname may have gone to a namesake (precision first)
    for m in PRACTICE_OUTING.finditer(state.text):
        s, e = state.sentence_of(m.start())
        if any(o.type == "driver" and o.name.split()[-1] == surname for o in state.in_span(s, e)):
            return True
    return False


AWARD = case_blind(r"\b(?:scholarship|award|awards|prize|shootout|programme|program|initiative)\b")


MOST_RECENTLY = re.compile(r"\bmost recently\s+(?:(?P<now>last month|last week|earlier this year|this year|"
                           r"this season|this month)|(?P<last>last year|last season))\b([^.;]{0,60})", re.IGNORECASE)


def _most_recent(sent: str, c: Mention, base: int) -> int | None:
    """"has raced in the X and Y series, most recently last month in the X race": the career sentence
    dates the one series its "most recently" clause names again; the others keep no year."""
    m = MOST_RECENTLY.search(sent)
    if m is None:
        return None
    key = c.text.split()[-1].casefold()
    if len(key) < 3 or re.search(r"\b" + re.escape(key) + r"\b", m.group(3), re.IGNORECASE) is None:
        return None
    return base if m.group("now") else base - 1


def raced_in(name: str) -> bool:
    """False for a scholarship, an award or a programme: won, perhaps, but not a series one races in."""
    return AWARD.search(name) is None


def _years_outside_names(ctx: Sentence) -> bool:
    """Whether the sentence gives a year of its own: the "2000" of "Indy Pro 2000" is a name's."""
    return any(not any(m.start <= ctx.s + off < m.end for m in ctx.owners) for off, _ in years_in(ctx.text, ctx.base))


def _team_possessive(ctx: Sentence, c: Mention) -> Mention | None:
    """"marking X Racing's best-ever Y Series result": the team whose own result in the series it is."""
    text = ctx.state.text
    if TEAM_RESULT_AFTER.match(text, c.end) is None:
        return None
    for t in ctx.teams:
        if t.end <= c.start and c.start - t.end < 30 and TEAM_POSSESSIVE.match(text[t.end:c.start]):
            return t
    return None


def _series_driver(ctx: Sentence, c: Mention) -> Mention | None:
    """"IndyCar driver X", "the Y rookie X": the driver named straight after the series; "hand X a
    debut Y season": the driver named straight before the season he is given."""
    text = ctx.state.text
    if FORMER_BEFORE.search(text, max(ctx.s, c.start - 20), c.start):
        return None
    if SEASON_AFTER.match(text, c.end):
        gap = SEASON_GIVEN.search(text, max(ctx.s, c.start - 30), c.start)
        if gap is not None:
            d = next((d for d in ctx.drivers if d.end == gap.start() and d.end > d.start), None)
            if d is not None:
                return d
    for d in ctx.drivers:
        if d.start > c.end and d.start - c.end < 30 and SERIES_DRIVER.match(text[c.end:d.start]):
            return d
    return None
