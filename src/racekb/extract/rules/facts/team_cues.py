"""drives_for cues told around a team rather than by a driving verb: a signing in the passive
("X was joined on the Y line-up by Z") or by the team's epithet ("The Austrians have signed X"),
a first-person "part of the X team", a team's win "by" its driver, the driver who takes a seat
another leaves ("X replaces Y at Z"), a signing of a past team's driver. Each function reads one
`Sentence` and hands its finds to the caller's `emit`, which applies the checks every drives_for
fact shares (staff roles, quotes, a former team's missing year)."""

from __future__ import annotations

import re
from collections.abc import Callable

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.rules.facts.subjects import CLAUSE_BREAK, RELATIVE_CLAUSE, REPLACE, subject
from racekb.extract.state import Mention

DRIVERS = ("driver",)
# drives_for's emit(driver, team, year, rule, named_with=False)
Emit = Callable[..., None]
SIGNS = re.compile(r"^\s+(?:today\s+)?(?:has\s+|have\s+)?(?:signed|re-signed|confirmed|announced|named|hired|retained|added|"
                   r"recruited|promoted)\s+(?:(?:\w+\s+){0,2}?|(?:\w+\s+){0,3}?that\s+|"
                   r"the\s+(?:addition|signing|arrival|return)\s+of\s+(?:[\w-]+\s+){0,2}?)$|"
                   r"^\s+(?:today\s+)?(?:has\s+|have\s+)?(?:bolstered|strengthened|expanded|completed)\s+(?:its|their)\s+"
                   r"(?:roster|line-?up|squad|driver line-?up|rider line-?up)\s+(?:by\s+|with\s+)"
                   r"(?:welcoming|signing|adding|recruiting|the\s+(?:addition|signing)\s+of)?\s*$")
FORMER_BEFORE = re.compile(r"\b(?:former|ex|one-time|erstwhile|previous)[\s-]+(?:the\s+)?$", re.IGNORECASE)


# "X was joined on the Team Y line-up by Z", "X is joined at Team Y by Z": both drive for Y
JOINED_BEFORE = re.compile(r"\b(?:was|is|will be|has been|have been|were|are)\s+joined\s+(?:on|in|at)\s+(?:the\s+)?$")
JOINED_AFTER = re.compile(r"^(?:[’']s?)?\s+(?:(?:driver\s+|rider\s+)?(?:line-?up|roster|squad|team|stable)\s+)?by\s+")
WORDS_BEFORE_NAME = re.compile(r"(?:[\w-]+\s+){0,2}")  # "by 19-year-old X", "by Frenchman X"


def joined_by(ctx: Sentence, emit: Emit) -> None:
    """A passive "joined on Y's line-up by Z": the sentence's subject and Z, both Y's drivers."""
    text = ctx.state.text
    for team in ctx.teams:
        if not JOINED_BEFORE.search(text[max(ctx.s, team.start - 30):team.start]):
            continue
        m = JOINED_AFTER.match(text[team.end:team.end + 50])
        if m is None:
            continue
        by = team.end + m.end()
        joiner = next((d for d in ctx.drivers if d.start >= by and WORDS_BEFORE_NAME.fullmatch(text[by:d.start])), None)
        subj = subject(ctx.ms, team.start, DRIVERS, text)
        year = ctx.year(team.start)
        if subj is not None and subj.start < team.start:
            emit(subj, team, year, "joined on the team by")
        if joiner is not None:
            emit(joiner, team, year, "joined on the team by", named_with=True)


# "X Racing has found another piece of the puzzle. The Austrians have signed Y": a sentence opening
# on the team by a common noun or a plural people-word signs for the team the last sentence named
TEAM_EPITHET_SIGNS = re.compile(r"\W*The\s+(?:team|squad|outfit|[A-Z][a-z]+(?:ians|ans|ers|ese|ards|ish|s))\s+"
                                r"(?:today\s+)?(?:has|have)\s+(?:today\s+)?(?:signed|re-signed|hired|recruited|"
                                r"confirmed|announced|named|added|retained)\s+")
LAST_TEAM_REACH = 400


def team_epithet_signs(ctx: Sentence) -> None:
    """"The Austrians have signed Y" names the team the sentence before was about."""
    m = TEAM_EPITHET_SIGNS.match(ctx.state.text, ctx.s)
    if m is None or ctx.drivers[0].start != m.end():
        return
    state = ctx.state
    before = state.in_span(max(0, ctx.s - LAST_TEAM_REACH), ctx.s)
    last = next((x for x in reversed(before) if x.type in ("team", "driver", "manufacturer")), None)
    if last is None or last.type != "team" or "\n\n" in state.text[last.end:ctx.s]:
        return
    d = ctx.drivers[0]
    if ctx.may_hold(d, d.start, role_free=True):
        add_fact(state, d, "drives_for", last, ctx.year(d.start), ctx.text, "team epithet signs")



# '"I'm excited to be part of the X Racing team," says Y': the speaker (or the clause's subject)
PART_OF_BEFORE = re.compile(r"\b(?:(?:part|member)\s+of|completes|completed|completing|complete|rounds\s+out|"
                            r"rounded\s+out|rounding\s+out)\s+(?:the\s+)?$", re.IGNORECASE)
TEAM_NOUN_AFTER = re.compile(r"^\s+(?:team|squad|outfit|line-?up|roster|driver line-?up|rider line-?up)\b")


def part_of_team(ctx: Sentence, emit: Emit) -> None:
    text = ctx.state.text
    for team in ctx.teams:
        if not (PART_OF_BEFORE.search(text[max(ctx.s, team.start - 16):team.start])
                and TEAM_NOUN_AFTER.match(text[team.end:team.end + 20])):
            continue
        subj = ctx.first_person_speaker(team.start)
        if subj is None and ctx.quote_of(team.start) < 0:
            subj = subject(ctx.ms, team.start, DRIVERS, text)
            if subj is not None and (subj.start > team.start or
                                     any(t.start > subj.end and t.end <= team.start for t in ctx.teams)):
                subj = None
        if subj is not None:
            emit(subj, team, ctx.year(team.start), "part of the team")


# "X Racing finished on a high note with an impressive victory by Y": the team's one result, by Y
WIN_BY_BEFORE = re.compile(r"\b(?:victory|win|triumph|podium|pole|one-two|success)\s+(?:by|from)\s+$", re.IGNORECASE)
# the team is the one the win went to: "X Racing finished on a high note with a victory by Y", not
# "X Racing's run ended with a win by Y"
TEAM_GAINS = re.compile(r"^\s+(?:\w+\s+){0,2}?(?:finished|closed|capped|celebrated|sealed|secured|claimed|took|scored|"
                        r"earned|collected|rounded\s+off|wrapped\s+up)\b[^;]*?\bwith\s+(?:a|an|its|their|the)\s+")


def win_by(ctx: Sentence, emit: Emit) -> None:
    if len({t.name for t in ctx.teams}) != 1:
        return
    text = ctx.state.text
    team = ctx.teams[0]
    for d in ctx.drivers:
        if d.start > team.end and WIN_BY_BEFORE.search(text[max(team.end, d.start - 24):d.start]) and \
                TEAM_GAINS.match(text[team.end:d.start]) and \
                not any(team.end <= o.start < d.start for o in ctx.ms if o.type in ("driver", "team", "manufacturer")) \
                and not CLAUSE_BREAK.search(text[team.end:d.start]):
            emit(d, team, ctx.year(team.start), "the team's win by", named_with=True)


PARTNER_BEFORE = re.compile(r"\b(?:partner|partners|partnering|partnered|team up with|teams up with|teaming up with|"
                            r"teamed up with)\s+(?:[A-Z][a-z]+\s+)?$")
REPLACED_BEFORE = re.compile(r"\b(?:replace|replaces|replacing|replaced|in place of|succeeds?|succeeding|over from|"
                             r"seat of|in for)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
PASSIVE_BEFORE = re.compile(r"\b(?:be|been|is|was|are|were|being)\s+$")


def replacer(ctx: Sentence, subj: Mention) -> Mention:
    """"X replaces Y at Team Z": the team is X's now, not Y's (who held the seat before); in the
    passive "Y will be replaced by X at Z" the subject the clause rules give, X, stands."""
    first = ctx.drivers[0]
    if subj is first or first.start >= subj.start:
        return subj
    text = ctx.state.text
    cue = REPLACE.search(text[first.end:subj.start])
    if cue is None:
        return subj
    at = first.end + cue.start()
    if PASSIVE_BEFORE.search(text[max(ctx.s, at - 8):at]) or ctx.objectish(first):
        return subj
    if RELATIVE_CLAUSE.match(text[subj.end:subj.end + 8]):
        return subj  # "X replaces Y, who moves to Z": the relative clause is Y's own, and so is Z
    return first


PAST_TEAM_DRIVER = re.compile(r"\s+(?:driver|rider|racer)\s+")


def signs_former(ctx: Sentence, team: Mention, d: Mention) -> bool:
    """"X Racing has signed former Y Racing driver Z": the signing skips the past team's apposition."""
    text = ctx.state.text
    past = next((t for t in ctx.teams if team.end < t.start and t.end < d.start), None)
    return past is not None and FORMER_BEFORE.search(text[max(ctx.s, past.start - 14):past.start]) is not None \
        and SIGNS.match(text[team.end:past.start]) is not None and PAST_TEAM_DRIVER.fullmatch(text[past.end:d.start]) is not None
