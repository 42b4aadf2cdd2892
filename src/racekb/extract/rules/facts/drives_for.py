"""drives_for: a driver races for a team.

Stated only with a driving cue in the sentence ("drives for", "joins", "signed", "teammate",
"the team's driver", "X's No. 5"): a sentence that names one team and several people does not
make every one of them its driver, and a team owner or manager ("team owner X") drives for no
one. A past team keeps its year ("drove for X in 2016")."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind, case_blind, one_of
from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.rules.facts.groups import group
from racekb.extract.rules.facts.subjects import CLAUSE_BREAK, subject
from racekb.extract.rules.facts.team_cues import (
    FORMER_BEFORE,
    PARTNER_BEFORE,
    REPLACED_BEFORE,
    SIGNS,
    joined_by,
    part_of_team,
    replacer,
    signs_former,
    team_epithet_signs,
    win_by,
)
from racekb.extract.rules.facts.vocab import alternation
from racekb.extract.rules.facts.when import year_for
from racekb.extract.rules.years import years_in
from racekb.extract.state import Mention

FOR_TEAM = CaseBlind(r"\b" + one_of(["for", "with", "join", "joins", "joining", "joined", "signed", "signs", "and the entire", "of", "at", "from", "teammate", "teammates"]) + r"\b|[’']s?\s*$")
STRONG_FOR = case_blind(r"\b(?:drive|drives|drove|driving|race|races|raced|racing|ride|rides|rode|riding|compete|"
                        r"competes|competed|competing|contest|contests|contested|contesting|join|joins|joining|joined|signed|signs|re-signed|"
                        r"debut|return|returns|returning|stays?|remains?|moves?|moved|switch(?:es|ed)?|"
                        r"season|seasons|campaign|contract|deal|seat|seats|driver|drivers|rider|riders|rookie|"
                        r"teammate|teammates|team-mate|team-mates|team\s+mates?|line-up|lineup|won|win|wins|winning|victory|"
                        r"victories|title|titles|lead|led|podium|points|finished)\b"
                        r"(?:\s+\w+){0,4}?\s+(?:for|with|at|to)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}$|\b(?:join|joins|joining|joined|"
                        r"signed\s+(?:with|by)|signs\s+(?:with|for)|teammates?\s+at|team-mates?\s+at|team\s+mates?\s+at)\s+(?:the\s+)?$")
FUTURE_SIGNS = re.compile(r"^\s+(?:will|is to|are to|is set to|are set to)\s+(?:promote|sign|hire|retain|field)\s+"
                          r"(?:[\w-]+\s+){0,2}?$")
TO_ROLE_AFTER = re.compile(r"\s+(?:to|as)\s+(?:the\s+)?(?:role\s+of\s+)?(?:[\w-]+\s+)?" + alternation("nondriver_roles"),
                           re.IGNORECASE)
# "Gasly struggled in the Red Bull before ...": the team's car, where no noun follows the team
IN_THE_TEAM_BEFORE = re.compile(r"\b(?:struggled|struggling|struggles|impressed|starred|shone|crashed|spun|"
                                r"was|has been|had been|is)\s+(?:\w+\s+)?in\s+the\s+$")
TEAM_AS_CAR_AFTER = re.compile(r"^(?:[,.;:]|\s+(?:before|after|at|in|for|during|since|until|when|while|but|this|last|"
                               r"so|all|throughout)\b)")
FIELDS_FOR = re.compile(r"^\s+(?:will\s+|also\s+|has\s+|have\s+)?(?:fields?|fielded|fielding|enters?|entered|entering|"
                        r"runs?|ran|running|prepares?|prepared)\s+(?:(?:a|an|the|its|their|two|three|four|one|second|"
                        r"third|pair\s+of|trio\s+of)\s+)?(?:[\w-]+\s+){0,3}?(?:cars?|entries|entry|machines?|bikes?)\s+"
                        r"for\s+(?:(?:[A-Z][a-z]+|\d+-year-old|rookie|newcomer|teenager|veteran)\s+)?$")
TEAM_CALLS = re.compile(r"^\s+(?:had\s+|has\s+|have\s+|would\s+have\s+|chose\s+to\s+|decided\s+to\s+)?"
                        r"(?:pitted|pit|pits|called\s+in|kept\s+out|ordered|instructed)\s+"
                        r"(?:either\s+|both\s+)?$")
OR_GAP = re.compile(r"^\s+or\s+$")


def _or_mate(ctx: Sentence, d: Mention) -> list[Mention]:
    """"either X or Y": the other driver of the choice."""
    return [m for m in ctx.drivers if m.start > d.end and OR_GAP.match(ctx.state.text[d.end:m.start])][:1]


# "a Ferrari" may name a make run by any team; "the Red Bull", "his Haas", "at the wheel of a Haas" the team's own
TEAM_CAR_BEFORE = re.compile(r"\b(?:(?:drove|drives|drive|driving|raced|races|race|racing|piloted|pilots|tested|tests|test|"
                             r"testing)\s+(?:the|his|her)|(?:behind|at)\s+the\s+wheel\s+of\s+(?:the|a|an|his|her))\s+$")
TEAM_DRIVER_AFTER = re.compile(r"^(?:[’']s)?\s+(?:driver|drivers|rookie|racer|rider|riders|team-mate|teammate|team mate|"
                               r"(?:duo|pair|trio|pairing) of)\s+")
ASIDE_DRIVER_AFTER = re.compile(r"\s+(driver|rookie|rider|team-?mate|teammate)\s+[—–]\s[^—–()]{2,120}?(?:\([^()]{0,60}\)[^—–()]{0,40})?"
                                r"\s[—–]\s+")
AND_ONLY = re.compile(r"\s+(?:and|&)\s+")
RESULT_LINE_GAP = re.compile(r"\s*\([^()]{2,30}\),\s*")
RESULT_LINE_AFTER = re.compile(r"^,\s*[+\d]")
THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
THE_TEAM_DRIVER_AFTER = re.compile(r"^(?:[’']s)?\s+(?:driver|drivers|rookie|rider)\b")
POSSESSIVE_AFTER = re.compile(r"^[’']s?\s")
POSSESSIVE_DRIVER = re.compile(r"^[’']s?\s+(?:(?:\w+\s+){0,2}(?:driver|drivers|rookie|rider|riders|racer|"
                               r"teammate|teammates|pilot|star|youngster|signing)\s+)")
DRIVER_OF_GAP = re.compile(r",?\s+(?:of|for|with|at)\s+")
DRIVER_GAP = re.compile(r"^\s*(?:,\s*)?(?:the\s+)?(?:\w+\s+){0,2}(?:driver|rider|rookie|racer)\s+(?:of|for|with|at)\s+$",
                        re.IGNORECASE)
DRIVERS = ("driver",)
STAFF_BEFORE = case_blind(r"\b" + alternation("staff_roles") + r"\s+(?:for|of|at|with)\s+(?:the\s+)?$|\b"
                          + alternation("nondriver_roles") + r"s?\s+(?:for|of|at|with)\s+(?:the\s+)?$")
TEAMMATES = re.compile(r"team[- ]?mates?", re.IGNORECASE)
WITH_TEAMMATES = re.compile(r"\b(?:with|and|alongside|as|past|passed|beat|beating|his|her)\s+(?:his\s+|her\s+|the\s+)?(?:own\s+)?$",
                            re.IGNORECASE)
AHEAD_OF = re.compile(r"\b(?:ahead of|behind)\s+(?:the\s+)?$")
AND_TEAM_GAP = re.compile(r"\s+and\s+(?:the\s+entire\s+|team\s+|his\s+|her\s+|their\s+)", re.IGNORECASE)
PAREN_GAP = re.compile(r"\s*\(\s*")
HIS_BEFORE = re.compile(r"\b(?:his|her|their)\s+$")
ENTRY_AFTER = re.compile(r"^\s+(?:entry|entries|car|machine|bike|machinery|ride|seat|contract|deal)\b")


def _driving(ctx: Sentence) -> bool:
    return ctx.driving()


def find(ctx: Sentence) -> None:
    # a maker stands for its works team where the words make it an entrant: "Toyota's X",
    # "McLaren drivers X and Y", "the Mercedes duo of X and Y", "X (France), Toyota, +1:03"
    entrants = ctx.teams + [m for m in ctx.ms if m.type == "manufacturer"]
    if not ctx.teams and ctx.drivers:
        team_epithet_signs(ctx)
    if not entrants or not ctx.drivers:
        return
    state, text, s, e = ctx.state, ctx.state.text, ctx.s, ctx.e
    sent = ctx.text

    def emit(d: Mention, team: Mention, year: int | None, rule: str, named_with: bool = False) -> None:
        """`named_with`: the words name the driver with his team ("X of Team Y", "Team Y's X"), which
        holds wherever the name stands in the sentence (even as another verb's object)."""
        if STAFF_BEFORE.search(text[max(s, team.start - 40):team.start]):
            return  # "a lead instructor for the X Racing School", "principal of X Racing"
        if OTHER_TEAM_AFTER.match(text[team.end:team.end + 24]):
            return  # "for the X junior team Y": the team is Y, X only its owner
        if FORMER_BEFORE.search(text[max(s, team.start - 14):team.start]) or FORMER_NAME.match(team.text):
            # "former Crest Racing driver X": a past team, and when is not said
            year = None
        if year == ctx.base and PAST_ADVERB.search(text, max(s, team.start - 40), team.start):
            year = None  # "He previously drove for Y Racing": a past team, not this season's
        if ctx.may_hold(d, team.start, role_free=True) and (named_with or not ctx.objectish(d)):
            years = [None] if year is None else _span_years(text[team.end:min(e, team.end + 60)], year, ctx.base,
                                                            PERFECT.search(text[s:team.start]) is not None)
            for y in years:
                add_fact(state, d, "drives_for", team, y, sent, rule)

    # "Triple Eight Race Engineering has signed Will Brown"
    for team in ctx.teams:
        for d in ctx.drivers:
            if d.start > team.end and SIGNS.match(text[team.end:d.start]):
                for mate in group(text, ctx.ms, d, e):  # "has signed A and B"
                    emit(mate, team, ctx.year(d.start), "team-signs")
            elif d.start > team.end and signs_former(ctx, team, d):
                emit(d, team, ctx.year(d.start), "team-signs")
    # "Red Bull will promote X to their senior team ... in 2026": a signing to come, with its year written
    for team in ctx.teams:
        for d in ctx.drivers:
            if d.start > team.end and FUTURE_SIGNS.match(text[team.end:d.start]) and years_in(sent, ctx.base) \
                    and not TO_ROLE_AFTER.match(text[d.end:d.end + 40]):
                emit(d, team, ctx.year(d.start), "team-signs")
    # "X Racing will field two cars for A and B", "runs a Ligier for A": the team's entries' drivers
    for team in ctx.teams:
        for d in ctx.drivers:
            if d.start > team.end and FIELDS_FOR.match(text[team.end:d.start]):
                for mate in group(text, ctx.ms, d, e):
                    emit(mate, team, ctx.year(team.start), "fields a car for", named_with=True)
                break
    # "if Mercedes had pitted either Hamilton or Bottas": a team's call on its own drivers
    for team in ctx.teams:
        for d in ctx.drivers:
            if d.start > team.end and TEAM_CALLS.match(text[team.end:d.start]):
                for mate in group(text, ctx.ms, d, e) + _or_mate(ctx, d):
                    emit(mate, team, ctx.year(team.start), "team calls its driver", named_with=True)
    # "X drove the Red Bull in first practice", "X will be behind the wheel of a Haas": the team's car
    for team in ctx.teams:
        if TEAM_CAR_BEFORE.search(text[max(s, team.start - 30):team.start]) or \
                (IN_THE_TEAM_BEFORE.search(text[max(s, team.start - 40):team.start])
                 and TEAM_AS_CAR_AFTER.match(text[team.end:team.end + 12])):
            subj = subject(ctx.ms, team.start, DRIVERS, text)
            if subj is not None and subj.start < team.start and \
                    not any(t.start > subj.end and t.end <= team.start for t in ctx.teams) and \
                    not CLAUSE_BREAK.search(text[subj.end:team.start]):
                emit(subj, team, ctx.year(team.start), "drove the team's car")
    # "Williams Racing driver Alex Albon", "Prema's rookie X", "the Mercedes duo of X and Y"
    for team in entrants:
        m = TEAM_DRIVER_AFTER.match(text[team.end:team.end + 16]) or POSSESSIVE_DRIVER.match(text[team.end:team.end + 40])
        named = next((d for d in ctx.drivers if d.start == team.end + m.end()), None) if m else None
        aside = None if named else ASIDE_DRIVER_AFTER.match(text, team.end, min(e, team.end + 160))
        if aside:
            # "Team Y teammate - and 2010 winner - Z": the years of the aside are not the team's
            m = None
            named = next((d for d in ctx.drivers if d.start == aside.end()), None)
        if named:
            year = ctx.year(team.start) if m else ctx.year(team.start, clause_end=team.end)
            for d in group(text, ctx.ms, named, e):
                emit(d, team, year, "the team's driver", named_with=True)
            cue = m.group() if m else aside.group(1) if aside else ""
            if TEAMMATES.search(cue):  # "X ... with Team Y team-mates A and B": X is of Y too
                subj = subject(ctx.ms, team.start, DRIVERS, text)
                if subj is not None and subj.start < team.start and \
                        (WITH_TEAMMATES.search(text[max(s, team.start - 12):team.start]) or
                         (AHEAD_OF.search(text[max(s, team.start - 12):team.start]) and not cue.rstrip().endswith("s"))):
                    # "ahead of Y Racing teammate Z": one team-mate, so the subject's; "ahead of Y
                    # Racing team-mates A and B" names two team-mates of each other
                    emit(subj, team, year, "the team's driver: teammates")
    # "X (Team Y) finished sixth": the team in brackets straight after the driver
    for team in entrants:
        listed = next((d for d in ctx.drivers if d.end <= team.start and RESULT_LINE_GAP.fullmatch(text[d.end:team.start])),
                      None)
        if listed is not None and RESULT_LINE_AFTER.match(text[team.end:team.end + 4]):
            emit(listed, team, ctx.base, "results line", named_with=True)  # "X (France), Toyota, +1min 03"
        if team.type != "team":
            continue
        bracketed = next((d for d in ctx.drivers if PAREN_GAP.fullmatch(text[d.end:team.start]) and d.end <= team.start),
                         None)
        if bracketed is not None and BRACKET_CLOSE.match(text, team.end) and not _brackets_hold_makes(ctx):
            emit(bracketed, team, ctx.base, "team-in-brackets", named_with=True)
    # "putting his Legacy Autosport entry in the top three": the subject's team
    for team in ctx.teams:
        if HIS_BEFORE.search(text[max(s, team.start - 6):team.start]) and ENTRY_AFTER.match(text[team.end:team.end + 12]):
            subj = subject(ctx.ms, team.start, DRIVERS, text)
            if subj is not None and subj.start < team.start:
                emit(subj, team, ctx.year(team.start), "his team's entry")
    # "X will continue with his current team Y next season": his team now, and next season too
    for team in ctx.teams:
        if HIS_TEAM_BEFORE.search(text[max(s, team.start - 30):team.start]):
            subj = subject(ctx.ms, team.start, DRIVERS, text)
            if subj is None or subj.start > team.start or \
                    any(t.start > subj.end and t.end <= team.start for t in ctx.teams):
                continue
            emit(subj, team, ctx.base, "his current team")
            if STAYS.search(text[subj.end:team.start]) and NEXT_SEASON.search(sent):
                emit(subj, team, ctx.base + 1, "his current team")
    # "X and the entire Y family", "X and team Y": the driver with his team
    for team in ctx.teams:
        with_team = next((d for d in ctx.drivers if d.end <= team.start and AND_TEAM_GAP.fullmatch(text[d.end:team.start])),
                         None)
        if with_team is not None:
            emit(with_team, team, ctx.year(team.start), "driver and his team")
    # "The Avalanche Andretti driver sealed ...": the subject drives for that team
    for team in ctx.teams:
        if THE_BEFORE.search(text[max(s, team.start - 4):team.start]) and \
                THE_TEAM_DRIVER_AFTER.match(text[team.end:team.end + 12]):
            subj = subject(ctx.ms, team.start, DRIVERS, text)
            if subj is not None and subj.start < team.start:
                emit(subj, team, ctx.year(team.start), "the team's driver")
    # "Roush Fenway's Carl Edwards" (and "... and Greg Biffle"): the team's own driver
    for team in entrants:
        # "Roush Fenway's Carl Edwards" (and "... and Greg Biffle")
        poss = POSSESSIVE_AFTER.match(text[team.end:team.end + 3])
        if poss and (_driving(ctx) or RESULT.search(sent)):
            lead = next((d for d in ctx.drivers if d.start == team.end + poss.end()), None)
            if lead is not None:
                # "Roush Fenway's A and B"; in a list ("X's A, Y's B, C of Z") each has his own team.
                # The possessive says who he drives for now: the release's year.
                crew = [lead]
                later = [d for d in ctx.drivers if d.start > lead.end]
                if later and AND_ONLY.fullmatch(text[lead.end:later[0].start]) and \
                        not DRIVER_OF_GAP.match(text[later[0].end:later[0].end + 8]):
                    crew.append(later[0])
                # the possessive names his team now, or in the season the sentence looks ahead to
                # before it ("on the grid next year - Ferrari's X"); a year after it ("X's Y, who
                # joins Z in 2022") belongs to another clause
                year = ctx.base + 1 if NEXT_SEASON.search(text[s:team.start]) else ctx.base
                for d in crew:
                    emit(d, team, year, "team-possessive", named_with=True)
    joined_by(ctx, emit)
    part_of_team(ctx, emit)
    win_by(ctx, emit)
    _result_with_team(ctx, emit)
    _car_for_team(ctx, emit)
    _season_bounds(ctx, emit)
    # "X, driver of Team Y", "X drives for Y", "X joins Y", "X's teammate at Y"
    if not ctx.teams or not (_driving(ctx) or RACING.search(sent)):
        return
    for team in ctx.teams:
        if POSSESSIVE_AFTER.match(text[team.end:team.end + 3]):
            continue
        # "for the X junior team Y": the cue reaches Y across its parent team
        parent = next((t for t in ctx.teams if t.end <= team.start and JUNIOR_GAP.fullmatch(text[t.end:team.start])),
                      None)
        cue_at = parent.start if parent is not None else team.start
        before = text[max(s, cue_at - 60):cue_at]
        beside = next((d for d in ctx.drivers if d.end <= team.start and
                       (DRIVER_GAP.match(text[d.end:team.start]) or
                        (DRIVER_OF_GAP.fullmatch(text[d.end:team.start]) and not _namesake(d, team)))), None)
        if beside is not None and ALONGSIDE_BEFORE.search(text[max(s, beside.start - 12):beside.start]):
            continue  # "the seat alongside X at Team Y": Y's other seat is the news; when X is there is not said
        if beside is not None and PARTNER_BEFORE.search(text[max(s, beside.start - 24):beside.start]):
            # "X will partner Y at Team Z": both are Z's
            lead = subject(ctx.ms, beside.start, DRIVERS, text)
            if lead is not None and lead.start < beside.start and not ctx.objectish(lead):
                emit(lead, team, ctx.year(team.start), "partners at the team")
        if beside is not None:
            taker = replacer(ctx, beside)
            if taker is beside and REPLACED_BEFORE.search(text[max(s, beside.start - 40):beside.start]):
                continue  # "... replaces Y at Team Z": Z was Y's before; when is not said
            emit(taker, team, ctx.year(team.start), "team-cue", named_with=taker is beside)
            continue
        if not STRONG_FOR.search(before) or RIVAL_AFTER.match(text[team.end:team.end + 12]):
            continue  # "joins Y Racing rival Z": Y is Z's team
        subj = ctx.first_person_speaker(team.start) or subject(ctx.ms, team.start, DRIVERS, text)
        if subj is None or (subj.start > team.start and subj is not ctx.first_person_speaker(team.start)):
            continue
        subj = replacer(ctx, subj)
        # the cue must belong to the subject's clause: no other team or driver-object between
        # (a closed relative clause "X, who drove for Y in 2023, joins Z" is set aside)
        between = text[subj.end:team.start] if subj.start < team.start else ""
        aside = CLOSED_RELATIVE.match(between)
        clause_from = subj.end + (aside.end() if aside else 0)
        if any(t.start > clause_from and t.end <= cue_at and not LEFT_BEFORE.search(text[max(s, t.start - 12):t.start])
               for t in ctx.teams) or ";" in between:
            continue  # (a team he "left" on the way, "left Y to join Z", is no other clause's)
        if any(d.start > clause_from and d.end <= cue_at and d.name != subj.name
               and NEW_CLAUSE_BEFORE.search(text, max(s, d.start - 14), d.start) for d in ctx.drivers):
            continue  # "X was third, as Z won for Y Racing": the cue is in Z's own clause
        # the aside's years are its own: "who drove for Y in 2023" does not date the move to Z
        year = ctx.year(team.start) if aside is None else \
            year_for(text[clause_from:e], clause_from, team.start, ctx.base, ctx.owners)[0]
        for d in group(text, ctx.ms, subj, min(team.start, cue_at)):  # "A and B will drive for Z"
            emit(d, team, year, "team-cue")
        # "X spoke of Y, who has been his team mate at Z": "his" is the clause's first driver, X
        lead = ctx.drivers[0]
        if lead is not subj and lead.start < subj.start and HIS_MATE_AT.search(before) and \
                RELATIVE_AFTER.match(text[subj.end:subj.end + 8]):
            emit(lead, team, ctx.year(team.start), "team-cue: his team-mate")


# "with Red Bull between 2010 and 2013": each season of the span; "at Mercedes since 2017": the
# first season and the release's (the seasons between are implied, not stated)
SPAN_AFTER = re.compile(r"^,?\s+(?:between|from)\s+((?:19|20)\d\d)\s+(?:and|to|until|till|through)\s+((?:19|20)\d\d)\b")
SINCE_AFTER = re.compile(r"^,?\s+since\s+(?:the\s+(?:start|beginning)\s+of\s+)?(?:the\s+)?((?:19|20)\d\d)\b"
                         r"(?!\s+\w+\s+(?:race|grand prix|season finale))", re.IGNORECASE)
LONGEST_SPAN = 12
PERFECT = re.compile(r"\b(?:has|have|had)\s+(?:\w+\s+){0,2}?(?:been|driven|raced|ridden|competed|stayed|remained)\b")


def _span_years(after: str, year: int, base: int, lasting: bool) -> list[int]:
    """The seasons a span straight after the team gives ("between 2010 and 2013", "since 2017"
    after a perfect tense, `lasting`: "has been his team mate at X since 2017", not "his first win
    for X since 2019"), else the one year found."""
    m = SPAN_AFTER.match(after)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a < b <= base and b - a <= LONGEST_SPAN:
            return list(range(a, b + 1))
    m = SINCE_AFTER.match(after) if lasting else None
    if m and int(m.group(1)) < base:
        return [int(m.group(1)), base]
    return [year]


FORMER_NAME = re.compile(r"(?:Former|Ex)[\s-]")
LEFT_BEFORE = re.compile(r"\b(?:left|leaves|leaving|quit|quits|departs|departed|departing)\s+(?:the\s+)?$")
CLOSED_RELATIVE = re.compile(r",\s*(?:who|which)\b[^,;()]{3,80},\s")
JUNIOR_GAP = re.compile(r"\s+(?:junior|sister|satellite|feeder|second|b)\s+(?:team|squad|outfit)\s+", re.IGNORECASE)
HIS_MATE_AT = re.compile(r"\b(?:his|her)\s+(?:team-?mate|team\s+mate)\s+(?:at|with)\s+(?:the\s+)?$", re.IGNORECASE)
RELATIVE_AFTER = re.compile(r"^,\s*who\b")
HIS_TEAM_BEFORE = re.compile(r"\b(?:his|her)\s+(?:current|present)\s+(?:team|squad|outfit)\s+$")
STAYS = re.compile(r"\b(?:continue|continues|stay|stays|remain|remains|carry on|carries on)\b")
ALONGSIDE_BEFORE = re.compile(r"\balongside\s+$", re.IGNORECASE)
NEXT_SEASON = re.compile(r"\bnext (?:season|year|campaign)\b", re.IGNORECASE)
# the bracket closes after the team, or after its make: "X (Crest Racing, Ford)", "(Y Racing/Honda)"
BRACKET_CLOSE = re.compile(r"\s*(?:[,/]\s*[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s*)?\)")
BRACKET_AFTER = re.compile(r"\s*\(([^()]{2,40})\)")


def _brackets_hold_makes(ctx: Sentence) -> bool:
    """"X (Van Diemen) won from Y (Spectrum), with Z (Medina Sport) third": when a bracket after
    another driver holds a name that is no team, the brackets give each car's make, not its team."""
    text = ctx.state.text
    teams = {t.start for t in ctx.teams}
    for d in ctx.drivers:
        m = BRACKET_AFTER.match(text, d.end)
        if m is None or m.end() > ctx.e:
            continue
        inner = m.group(1).strip()
        a = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        if inner[:1].isupper() and a not in teams and not _place(inner):
            return True
    return False


def _place(name: str) -> bool:
    """A country or town in brackets ("X (France)", "(Springfield, Ohio)") says where he is from."""
    from racekb.extract.lexicon import is_place
    first = name.split(",")[0].strip()
    return is_place(name) or is_place(first)


# "X started 2025 with Team Y", "X left Team Y at the end of 2018": the team of that season
STARTED_WITH = re.compile(r"^\s+(?:started|began|opened)\s+(?:the\s+)?((?:19|20)\d\d)(?:\s+season)?\s+(?:with|at|for)\s+(?:the\s+)?$")
LEFT = re.compile(r"^\s+(?:\w+\s+)?(?:left|quit|departed)\s+(?:the\s+)?$")
LEFT_WHEN = re.compile(r"^\s+(?:at\s+the\s+end\s+of|after|in)\s+(?:the\s+)?((?:19|20)\d\d)\b")


def _season_bounds(ctx: Sentence, emit) -> None:
    """A season's first or last days with a team, with the year written: the driver's team that year."""
    text = ctx.state.text
    for team in ctx.teams:
        d = next((d for d in reversed(ctx.drivers) if d.end <= team.start), None)
        if d is None or d.end <= d.start:
            continue
        gap = text[d.end:team.start]
        m = STARTED_WITH.match(gap)
        if m:
            emit(d, team, int(m.group(1)), "season with the team")
            continue
        when = LEFT_WHEN.match(text[team.end:team.end + 30])
        if LEFT.match(gap) and when:
            emit(d, team, int(when.group(1)), "left the team")


RACING = case_blind(r"\b(?:champion|champions|rival|rivals|leader|standings|title|race|races|won|win|victory|finished|"
                    r"retired|qualified|pole|podium|lap|laps|stalled|crashed)\b")
# "drove the No. 21 Ford for the Wood Brothers", "brought the No. 9 home in fourth for Team Y"
CAR_FOR = re.compile(r"^\s+(?:[a-z][\w-]*\s+){0,4}?for\s+(?:the\s+)?(?:[a-z]\w+\s+)?$")


def _namesake(d: Mention, team: Mention) -> bool:
    """"Will Smith of Smith Racing": a person sharing the team's name is likelier its owner."""
    last = d.name.split()[-1]
    return len(last) > 3 and last in team.name


def _car_for_team(ctx: Sentence, emit) -> None:
    """"X drove the No. 21 Ford for the Wood Brothers team": the car's driver drives for the team."""
    text = ctx.state.text
    drove = {f.object: f.subject for f in ctx.facts_here() if f.predicate == "drives"}
    for car in ctx.cars:
        who = drove.get((car.type, car.name))
        if who is None:
            continue
        for team in ctx.teams:
            if team.start > car.end and CAR_FOR.match(text[car.end:team.start]):
                d = next((m for m in ctx.drivers if (m.type, m.name) == who), None)
                if d is not None:
                    emit(d, team, ctx.year(team.start, clause_end=min(ctx.e, team.end + 20)), "car for the team")


DRIVING_NEAR = re.compile(r"\b(?:driver|drivers|rider|rookie|racer|drives|drove|races|raced|rides|rode|competes|"
                          r"competed|joins|joined|signed)\b", re.IGNORECASE)


def _driving_near(text: str, d: Mention) -> bool:
    return DRIVING_NEAR.search(text[max(0, d.start - 40):d.end + 40]) is not None


RESULT = case_blind(r"\b(?:won|win|wins|winning|victory|triumph|finish|finished|finishing|passed|podium|pole|qualified|led|"
                    r"title|crown|clinched|sealed)\b")
OTHER_TEAM_AFTER = re.compile(r"^\s+(?:junior|sister|satellite|customer|feeder|b|second)\s+(?:team|squad|outfit)\b",
                              re.IGNORECASE)
RIVAL_AFTER = re.compile(r"^(?:[’']s)?\s+(?:rival|rivals|opponent|opponents|nemesis)\b", re.IGNORECASE)
RIVAL_BEFORE = re.compile(r"\b(?:ahead of|behind|beat|beating|over|against)\s+(?:the\s+)?$", re.IGNORECASE)
PAST_ADVERB = re.compile(r"\b(?:previously|formerly|once|earlier\s+in\s+(?:his|her)\s+career)\s+(?:\w+\s+){0,3}$",
                         re.IGNORECASE)
NEW_CLAUSE_BEFORE = re.compile(r"(?:,\s*|;\s*|\b)(?:as|while|whereas|but|when|after|before|whilst)\s+$", re.IGNORECASE)
TEAM_OWN_CLAUSE = re.compile(r",?\s+(?:the\s+(?:[\w-]+\s+){0,2}?(?:team|squad|outfit|operation)\s+)?(?:that|which|whose)\b",
                             re.IGNORECASE)
OTHERS_TEAM_GAP = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?|\s*\(\s*|[’']s\s+")  # "Z of Y Racing", "Z (Y Racing)"
TEAMMATE_BEFORE = re.compile(r"\b(?:teammate|team-mate)\s+$", re.IGNORECASE)


def _result_with_team(ctx: Sentence, emit) -> None:
    """A race result told with one team ("X's win gave Y Racing its 300th victory", "X passed
    teammate Z to win and give Y Racing three cars in the top five"): the result's holder, and a
    "teammate" of his, drive for that team."""
    if len({t.name for t in ctx.teams}) != 1 or len({d.name for d in ctx.drivers}) > 2:
        return
    text = ctx.state.text
    cue = RESULT.search(ctx.text)  # first: a look through all the release's nested mentions costs more
    if not cue:
        return
    if any(t.type == "team" and ctx.s <= t.start < ctx.e for t in ctx.state.nested):
        return
    team = ctx.teams[0]
    lead = ctx.drivers[0]
    if lead.start > ctx.s + cue.start() or ctx.objectish(lead) or ctx.quote_of(ctx.s + cue.start()) >= 0:
        return
    if TEAM_OWN_CLAUSE.match(text, team.end) and ctx.s + cue.start() > team.end:
        return  # "drove for Y Racing, the team that won the 2022 teams' title": the result is the team's
    if any(d.name != lead.name and lead.end <= d.start < max(ctx.s + cue.start(), team.start)
           and not TEAMMATE_BEFORE.search(text[max(0, d.start - 12):d.start]) for d in ctx.drivers):
        return  # "..., fielding the No. 16 for Z, who won the 1991 race", "X was third, as Z won for Y Racing": Z's
    if CLAUSE_BREAK.search(text[lead.end:team.start] if team.start > lead.end else ""):
        return  # "X qualified seventh, while Y ... for Team Z"; "the Z junior team": another team
    if RIVAL_BEFORE.search(text[max(ctx.s, team.start - 16):team.start]):
        return  # "X finished ahead of the Y Racing founder": Y is the other side
    if any(d.name != lead.name and lead.end <= d.start and OTHERS_TEAM_GAP.fullmatch(text, d.end, team.start)
           for d in ctx.drivers):
        return  # "X was third, behind champion Z of Y Racing": the team is Z's
    year = ctx.year(team.start)
    for d in group(text, ctx.ms, lead, ctx.s + cue.start()):  # "A and B won for Y Racing"
        emit(d, team, year, "result-with-team")
    for d in ctx.drivers[1:]:
        if TEAMMATE_BEFORE.search(text[max(0, d.start - 12):d.start]):
            add_fact(ctx.state, d, "drives_for", team, year, ctx.text, "result-with-team: teammate")
