"""won_race: a driver (or car, or team) won a race.

"X won the Y 500", "X took the chequered flag at Y", "2010 Y Champion X", "finished second
behind X" (X won). The holder is the clause's subject, not the nearest name; the result frame
between the holder and the race must say a win, not a place, a class result or a penalty. A
count of wins over a career ("has won the Y five times") states no dated win."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind, Keyed, one_of
from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.rules.facts.groups import group
from racekb.extract.rules.facts.pole import headline_race
from racekb.extract.rules.facts.result import FUTURE_WIN, not_a_win
from racekb.extract.rules.facts.subjects import subject
from racekb.extract.rules.facts.vocab import phrase_pattern
from racekb.extract.rules.facts.when import counted
from racekb.extract.state import Mention

RACE_WIN = CaseBlind(r"\b" + one_of(["won", "wins", "win", "winning", "winner", "winners", "victory", "victories", "triumph", "triumphed", "checkered flag", "chequered flag", "victory lane"]) + r"\b",
                     needs=("won", "win", "victor", "triumph", "flag"))
RACE_CHAMPION_AFTER = re.compile(r"^\s+(?:champion|winner)\s+", re.IGNORECASE)
SECOND_BEHIND = Keyed(r"\b(?:second|runner-up)\s+(?:behind|to)\s+", needs=("second", "runner-up"))
DRIVERS = ("driver",)
# "the X Ring, at which they won both races": a clause about the race, its pronoun the holder
AT_WHICH = re.compile(r",?\s+(?:at which|where|in which)\s+(?:they|he|she)\s+(?:\w+\s+)?$")
# "victory in Saturday's Sprint at the X", "won his heat of the X": a race within the meeting
PART_BEFORE = re.compile(r"\b(?:sprint|heat|heats|qualifying|qualifier|pre-?final|consolation|superpole|stage|stages|"
                         r"warm-up|shootout|last[- ]chance)\b(?:\s+(?:race|races|event))?\s+(?:\w+\s+)?(?:at|of|in|during)\s+"
                         r"(?:the\s+|this\s+year['’]s\s+|\w+['’]s\s+)?(?:(?:19|20)\d\d\s+)?$", re.IGNORECASE)
# another result after the race's years, whose own years are no wins
OTHER_RESULT_AFTER = re.compile(r"\b(?:finished|finishing|finishes|placed|came|ended|was|were)\s+(?:\w+\s+){0,2}?"
                                r"(?:second|third|fourth|fifth|sixth|runner-up|[2-9](?:nd|rd|th)|[1-9]\d(?:st|nd|rd|th))\b|"
                                r"\brunner-up\b|\b(?:lost|missed|crashed|retired)\b", re.IGNORECASE)
AWARD_BETWEEN = re.compile(r"\b(?:award|awards|prize|bonus|trophy\s+for)\b", re.IGNORECASE)
WHO_BEFORE_CUE = re.compile(r",?\s+who\s+(?:then\s+|later\s+|eventually\s+)?(?:went\s+on\s+to\s+)?", re.IGNORECASE)
NEW_PART = re.compile(r"\band\b|[,;]")
WON_BY = re.compile(r"won\s+(?:[\w-]+\s+){0,3}?by\s+", re.IGNORECASE)  # a passive win: its holder follows "by"
TITLE_BETWEEN = CaseBlind(r"\b(?:title|titles|crown|championship)\b", needs=("title", "crown", "championship"))


def find(ctx: Sentence) -> None:
    if not ctx.drivers and not ctx.cars and not ctx.teams:
        return  # no one to hold a win
    state, text, s, e = ctx.state, ctx.state.text, ctx.s, ctx.e
    sent = ctx.text
    race_cues = list(RACE_WIN.finditer(sent)) if ctx.events else []
    # "X 200 winner" names a winner of its own (read below as the race's title): not a cue for others
    race_cues = [m for m in race_cues if not (m.group(0).casefold().startswith("winner")
                                              and any(0 <= s + m.start() - ev.end <= 1 for ev in ctx.events))]
    drivers, teams, cars = ctx.drivers, ctx.teams, ctx.cars
    for ev in ctx.events:
        champion = RACE_CHAMPION_AFTER.match(text[ev.end:ev.end + 12])
        if not race_cues and not champion:
            continue
        if champion:  # "2010 Le Mans Champion Romain Dumas"
            # the name straight after "winner" ("X Festival winner in 2013, won from Y": not Y)
            at = ev.end + champion.end()
            subj = next((d for d in drivers if at - 1 <= d.start <= at), None) or _aside_holder(ctx, ev)
            cue_pos = ev.end
        else:
            near = min(race_cues, key=lambda m: abs((s + m.start()) - ev.start))
            cue_pos = s + near.start()
            pos = min(cue_pos, ev.start)
            adjacent = next((d for d in drivers if 0 <= cue_pos - d.end <= 3), None)  # "Kenseth winning ..."
            by = WON_BY.match(text, cue_pos)
            if by is not None:  # "the X 200, which was won (last year) by Y": the name after "by" holds it
                named = next((d for d in drivers if d.start == by.end()), None)
                if named is not None:
                    adjacent = named
                elif text[by.end():by.end() + 1].isupper():
                    continue  # won by a name not known: no one else holds it ("won by 0.3s" is a margin)
            if adjacent is not None:
                subj = adjacent
            elif any(d.end <= pos for d in drivers):
                subj = subject(ctx.ms, pos, DRIVERS, text)
            elif any(m.end <= pos for m in cars + teams):
                subj = subject(ctx.ms, pos, ("car", "team"), text)
            else:
                subj = subject(ctx.ms, pos, DRIVERS, text)
                if subj is not None and subj.start > near.end() + s and by is None and \
                        NEW_PART.search(text, near.end() + s, subj.start):
                    subj = None  # "the X 200, with A (unknown) driving to victory and Y third": Y's is another part
        if subj is not None and not champion and cue_pos > ev.end:
            # "X was leading the Y 300 when ..., handing the lead to Z, who went on to win": another
            # driver between the race and a later cue holds it (Z, when the cue is Z's clause), not X
            between = [d for d in drivers if ev.end <= d.start and d.end <= cue_pos and d.name != subj.name]
            if between:
                last = between[-1]
                subj = last if WHO_BEFORE_CUE.fullmatch(text, last.end, cue_pos) else None
        if subj is None or not ctx.may_hold(subj, cue_pos) or (not champion and ctx.objectish(subj)):
            continue
        # the result frame: from the holder to the race (and the cue), nothing but a win
        lo = min(subj.end if subj.end > subj.start else s, cue_pos, ev.start)
        hi = max(cue_pos + 12, ev.start)
        frame = text[lo:hi]
        if cue_pos > ev.end and AT_WHICH.match(text, ev.end, cue_pos) and subj.end <= ev.start:
            frame = text[ev.start:hi]  # "... at the X Ring, at which they won": the clause's own words
        if cue_pos < ev.start and not champion and AWARD_BETWEEN.search(text[cue_pos:ev.start]):
            continue  # "won the Hard Charger Award in the X 100": a prize at the race, not the race
        if cue_pos < ev.start and not champion and PART_BEFORE.search(text[cue_pos:ev.start]):
            continue  # "won Saturday's Sprint at the X Grand Prix": a part of the meeting, not X itself
        if cue_pos < ev.start and not champion and TITLE_BETWEEN.search(text[cue_pos:ev.start]):
            continue  # "won the ninth title ... after a tense Rally X": the win is the title
        if subj.end > subj.start and LOST_AFTER.match(text, subj.end):
            continue  # "X was disqualified ...": the holder lost the result
        if not_a_win(frame) or phrase_pattern("nondriver_roles").search(frame) or FUTURE_WIN.search(frame):
            continue  # a place, a penalty, a class result; "a winning crew chief for X"
        if counted(text[max(s, lo - 25):min(e, hi + 40)]):
            continue  # "has won the Y five times", "his 12 career wins": no single race stated
        # years after another driver's name belong to that driver ("since Castroneves in 2001")
        stop = next((d.start for d in drivers if d.start > ev.end and d.name != subj.name), e)
        other = OTHER_RESULT_AFTER.search(text, ev.end, stop)
        if other is not None:  # "won it in 2008 and 2011 and finished second in 2015": not 2015
            stop = other.start()
        crew = group(text, ctx.ms, subj, e) if subj.type == "driver" else [subj]
        for y in ctx.years(ev.start, after_only=True, clause_end=stop)[:3]:
            for who in crew:  # "Carlos Sainz and co-driver Lucas Cruz won"
                add_fact(state, who, "won_race", ev, y, sent, "race-win")
    _second_behind(ctx)
    _named_winner(ctx)
    _champion_of(ctx)


# "Meyer, the first three-time champion of the Indianapolis 500": an aside owned by the name before it
CHAMPION_OF_BEFORE = re.compile(r",\s+(?:the\s+|a\s+|an\s+)?(?P<q>(?:[\w-]+\s+){0,3}?)(?:champion|winner)\s+of\s+(?:the\s+)?$",
                                re.IGNORECASE)
PAST_ONLY = re.compile(r"\b(?:former|previous|past|first|\w+-time|multiple|double|triple)\b", re.IGNORECASE)
YEAR_IN = re.compile(r"\b(?:19|20)\d\d\b")
NOT_OVERALL = re.compile(r"\b(?:class|category|stage|heat|division|cup|rookie|junior|vice)\b", re.IGNORECASE)


def _champion_of(ctx: Sentence) -> None:
    """"X, the 2019 winner of the Y 500" (that year); "X, a former / three-time winner of the Y 500"
    (no year: which ones is not said). A bare "X, the winner of the Y" says neither, so no fact."""
    if "of" not in ctx.text:
        return
    text = ctx.state.text
    for ev in ctx.events:
        if ev.type != "event":
            continue
        m = CHAMPION_OF_BEFORE.search(text, max(ctx.s, ev.start - 60), ev.start)
        if m is None or NOT_OVERALL.search(m.group("q")):
            continue
        holder = next((d for d in ctx.drivers if d.end == m.start() and d.end > d.start), None)
        if holder is None or not ctx.may_hold(holder, holder.start):
            continue
        written = YEAR_IN.search(m.group("q"))
        if written:
            year: int | None = int(written.group(0))
        elif PAST_ONLY.search(m.group("q")):
            year = None
        else:
            continue
        add_fact(ctx.state, holder, "won_race", ev, year, ctx.text, "race-win: champion of")


# "2010 X Festival winner (and 2021 Y Champion) — Lind": the aside names the one after it
ASIDE_AFTER = re.compile(r"^\s+winner\s*(?:\([^()]{0,60}\)\s*)?[—–,]\s*$")
# "Murray (Van Diemen), X Festival winner in 2013": the winner named before the aside
OWNER_BEFORE = re.compile(r"^\s*(?:\([^()]{0,40}\)\s*)?,\s*$")
WINNER_IN_AFTER = re.compile(r"^\s+winner\s+in\s+(?:19|20)\d\d\b")


def _aside_holder(ctx: Sentence, ev: Mention) -> Mention | None:
    """The winner an "<race> winner" aside belongs to: the name straight after the aside's close
    ("2010 X winner — Lind"), or the name it stands after ("Murray, X winner in 2013 and 2016")."""
    text = ctx.state.text
    after = next((d for d in ctx.drivers if ev.end < d.start <= ev.end + 80), None)
    if after is not None and ASIDE_AFTER.match(text[ev.end:after.start]):
        return after
    if not WINNER_IN_AFTER.match(text[ev.end:ev.end + 20]):
        return None
    before = [d for d in ctx.drivers if d.end <= ev.start]
    if before and OWNER_BEFORE.match(text[before[-1].end:ev.start]):
        return before[-1]
    return None


WINNER_BEFORE = re.compile(r"\b(?:race\s+|event\s+|rally\s+|overall\s+)?winner\s+$", re.IGNORECASE)
NOT_THIS_WIN = re.compile(r"\b(?:former|previous|past|double|triple|multiple|\w+-time|championship|title|class|category|"
                          r"original|provisional|initial|apparent|on-the-road|road|first-past-the-post|"
                          r"defending|reigning|returning|year['’]s|season['’]s|time|"
                          r"series|stage|heat|\d{4})\s+(?:race\s+|event\s+|rally\s+|overall\s+)?winner\s+$",
                          re.IGNORECASE)

# "winner X was disqualified / later excluded": the named winner lost the result
# (the holder's own verb, an aside between allowed: "X, who crossed the line first, was excluded")
LOST_AFTER = re.compile(r"\s*(?:,[^,.;]{0,60},\s*)?(?:was|were|has\s+been|have\s+been|had\s+been|is|got)\s+"
                        r"(?:later\s+|subsequently\s+|then\s+|since\s+|officially\s+)?"
                        r"(?:disqualif|excluded|stripped|demoted|penali[sz]ed|relegated)", re.IGNORECASE)

THE_WINNER_IN = re.compile(r",\s+the\s+(?:race\s+|event\s+|overall\s+)?winner\s+in\s+((?:19|20)\d\d)\b(?!\s*(?:and\b|,\s*(?:19|20)\d\d|[-–]))")


# "behind winner X in the Jeddah-based event": the race is one named just before
THE_RACE_AFTER = re.compile(r"^\s+(?:in|at|of)\s+the\s+(?:[\w-]+\s+)?(?:event|race|rally|round|meeting)\b")
REFERRED_WITHIN = 400  # characters back to the race named before the sentence


def _race_referred(ctx: Sentence, at: int) -> list[Mention]:
    """The race "the event" after a name refers to: the last race named in the sentences just before."""
    if not THE_RACE_AFTER.match(ctx.state.text[at:at + 60]):
        return []
    before = [m for m in ctx.state.mentions if m.type == "event" and m.end <= ctx.s]
    last = max(before, key=lambda m: m.end, default=None)
    return [last] if last is not None and ctx.s - last.end <= REFERRED_WITHIN else []


def _named_winner(ctx: Sentence) -> None:
    """"finished third behind winner X": X won the race the sentence (or else the release) is about."""
    if "inner" not in ctx.text:
        return
    text = ctx.state.text
    for d in ctx.drivers:
        if d.end <= d.start:
            continue
        before = text[max(ctx.s, d.start - 40):d.start]
        if not WINNER_BEFORE.search(before) or NOT_THIS_WIN.search(before) or not ctx.may_hold(d, d.start):
            continue
        if LOST_AFTER.match(text, d.end):  # "winner X was disqualified": the win was taken away
            continue
        if any(ev.type == "event" and 0 <= d.start - ev.end <= 12 and text[ev.end:d.start].strip() == "winner"
               for ev in ctx.events):
            continue  # "the 2021 X 500 winner Y": that race's title, read with its own year above
        named = [ev for ev in ctx.events if ev.type == "event"]
        targets = named or headline_race(ctx.state) or _race_referred(ctx, d.end)
        if len(targets) != 1 or counted(ctx.text):
            continue
        add_fact(ctx.state, d, "won_race", targets[0], ctx.base, ctx.text, "race-win: the named winner")
    for d in ctx.drivers:  # "Browne, the winner in 2019, finished second": the release's race, that year
        m = THE_WINNER_IN.match(text, d.end) if d.end > d.start else None
        if m is None or not ctx.may_hold(d, d.start):
            continue
        named = [ev for ev in ctx.events if ev.type == "event"]
        targets = named or headline_race(ctx.state)
        if len(targets) == 1:
            add_fact(ctx.state, d, "won_race", targets[0], int(m.group(1)), ctx.text, "race-win: the winner in")


def _second_behind(ctx: Sentence) -> None:
    """"finished second behind X": X won the race of the sentence."""
    if not ctx.events:
        return
    for m in SECOND_BEHIND.finditer(ctx.text):
        winner = next((d for d in ctx.drivers if d.start == ctx.s + m.end()), None)
        if winner and ctx.may_hold(winner, winner.start) and not counted(ctx.text):
            ev = ctx.events[0]
            add_fact(ctx.state, winner, "won_race", ev, ctx.year(ev.start), ctx.text, "race-win: finished behind")
