"""won_title: a driver (or team) won a championship or title.

The holder is the grammatical one: "X wrapped up the Y Championship", "Y champion X", "X is the
2023 Y champion". Not a title: "third in the standings", "vice-champion", "bid for the title",
"in with a chance of the title", a class title, "Formula E world champion" said of someone's
manager. A career count ("seven-time Y champion") keeps no year."""

from __future__ import annotations

import re

from racekb.extract.cues import CaseBlind, Keyed, one_of
from racekb.extract.rules.facts import title_years
from racekb.extract.rules.facts.champion_epithet import the_series
from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_fact
from racekb.extract.rules.facts.groups import group
from racekb.extract.rules.facts.result import FUTURE_WIN, not_a_win
from racekb.extract.rules.facts.subjects import nearest_before, subject
from racekb.extract.rules.facts.when import counted
from racekb.extract.state import Mention

TITLE_WIN = CaseBlind(r"\b(?:" + one_of(["won", "wins", "win", "winning", "wrapped up", "earned", "earning", "earns", "clinched", "clinching", "secured", "securing", "captured", "capturing", "claimed", "claiming", "scored", "collected", "took", "takes", "sealed", "defend", "defended", "crown", "crowned"])
                      + r"|(?<!vice-)champion|title)\b",
                      needs=("won", "win", "wrapped up", "earn", "clinch", "secur", "captur", "claim", "scored",
                             "collected", "took", "takes", "sealed", "defend", "crown", "champion", "title"))
NOT_A_WIN = CaseBlind(r"\b(?:vice-champion|runner-up|runners-up|missed|lost|narrowly|fell short|second in)\b",
                      needs=("vice-champion", "runner", "missed", "lost", "narrowly", "fell short", "second in"))
TITLE_WORDS = CaseBlind(r"\b(?:championships?|title|titles|crown|champion)\b", needs=("champion", "title", "crown"))
# "former X Scholarship winners A, B and C": an award's winners named straight after it
AWARD_END = re.compile(r"\b(?:Scholarship|Award|Prize)$")
WINNERS_AFTER = re.compile(r"^\s+(?:winner|winners|recipient|recipients)\s+")
# "earned the 2021 X Scholarship": the award is what the verb won ("won the race in X Scholarship colours" is not)
AWARD_WON_BEFORE = re.compile(r"\b(?:won|wins|winning|earned|earns|earning|received|receives|awarded|claimed|secured)\s+"
                              r"(?:the\s+|his\s+|her\s+|their\s+|a\s+|an\s+)?(?:(?:19|20)\d\d\s+)?$", re.IGNORECASE)
FORMER_BEFORE = re.compile(r"\b(?:former|past|previous)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
THE_TITLE = Keyed(r"\b(?:the|his|her|their|first|second|third)\s+(?:\w+\s+)?(?:title|championship|crown)\b",
                  needs=("title", "championship", "crown"))
HOLDER_AFTER = re.compile(r"^\s+(?:world\s+)?(?:champion|champions|title-holder)\s+", re.IGNORECASE)
SPACE_AFTER = re.compile(r"^\s+")
# "won at X, the final round of the Y Championship", "won round five of the Y Championship": Y names
# the series of the race won, not a title (a number, in figures or words, may follow the round)
PART_OF_BEFORE = re.compile(r"\b(?:round|rounds|race|races|event|events|leg|legs|meeting|weekend|stop|date|heat|"
                            r"finale|opener|part)\s+(?:[\w-]+\s+)?(?:of|in)\s+(?:the\s+|this\s+year['’]s\s+)?"
                            r"(?:(?:19|20)\d\d\s+)?$", re.IGNORECASE)
# a lesser title within the series: rookie, junior, class, amateur cups ("Y Series rookie title",
# "Y Championship Pro-Am crown", "Y Cup Rookie of the Year"); the series' own title is not stated
SUB_TITLE = r"(?:rookie|rookies|junior|juniors|class|category|division|pro-am|am|amateur|amateurs|silver|bronze|masters|" \
            r"gentlemen|gentleman|independents?|privateers?|trophy|sportsman|newcomer|u\d\d|under-\d\d)"
SUB_TITLE_AFTER = re.compile(r"\s+(?:['’]?s\s+)?" + SUB_TITLE + r"(?:\s+" + SUB_TITLE + r")?(?:['’]s?)?\s+(?:of\s+the\s+year|title|titles|crown|"
                             r"championship|champion|champions|award|honou?rs|classification|standings|cup|trophy)\b",
                             re.IGNORECASE)
SUB_TITLE_BEFORE = re.compile(r"\b" + SUB_TITLE + r"(?:['’]s?)?\s+(?:of\s+the\s+year\s+)?(?:title|crown|championship|award|"
                              r"honou?rs|classification)\s+(?:in|of|at)\s+(?:the\s+)?(?:(?:19|20)\d\d\s+)?$", re.IGNORECASE)
CHAMPION_END = re.compile(r"Champion$")
ASIDE_END = re.compile(r"^(?:\s+champions?)?\s*[)\]]?\s*[—–,]\s*$", re.IGNORECASE)
CHAMPION_AFTER = re.compile(r"^\s+champions?\b", re.IGNORECASE)
LISTED_YEARS = re.compile(r"^\s+in\s+((?:(?:19|20)\d\d(?:,\s*|\s+and\s+|,\s+and\s+)?)+)")
FOUR_DIGIT_YEAR = re.compile(r"(?:19|20)\d\d")
DRIVERS = ("driver",)
OWN_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d)\s+$")  # a year written straight before the title is its own
# a title to be defended: its season is the next, the title held was won the season before
FUTURE_DEFEND = re.compile(r"\b(?:will|to|would|shall|set\s+to|aims?\s+to|bid\s+to)\s+(?:\w+\s+)?defend\b", re.IGNORECASE)
REIGNING = re.compile(r"\b(?:reigning|defending)\s+(?:\w+\s+)?champions?\b", re.IGNORECASE)
EARNED_AFTER = re.compile(r"^\s+(?:earned|won|clinched|took|claimed|captured|sealed|secured)\s+the\s+"
                          r"(?:crown|title|championship)\b")


def find(ctx: Sentence) -> None:
    state, text, s = ctx.state, ctx.state.text, ctx.s
    sent = ctx.text
    for c in ctx.champs:
        window = text[max(s, c.start - 70):c.end + 25]
        # "the Y championship was 2007 when X earned the crown": the holder named after the title
        late = next((d for d in ctx.drivers if c.end < d.start < c.end + 40 and
                     EARNED_AFTER.match(text[d.end:d.end + 40])), None)
        award = WINNERS_AFTER.match(text[c.end:c.end + 14]) if AWARD_END.search(c.text) else None
        award_won = AWARD_END.search(c.text) is not None and AWARD_WON_BEFORE.search(text[max(s, c.start - 40):c.start])
        if late is None and award is None and not award_won and \
                not (TITLE_WIN.search(window) and (TITLE_WORDS.search(c.text) or TITLE_WORDS.search(window))):
            continue
        if NOT_A_WIN.search(window) or PART_OF_BEFORE.search(text[max(s, c.start - 45):c.start]):
            continue
        if SUB_TITLE_AFTER.match(text, c.end) or SUB_TITLE_BEFORE.search(text[max(s, c.start - 40):c.start]):
            continue  # "the Y Series rookie title", "the rookie title in the Y Series": not Y's title
        holder = award or HOLDER_AFTER.match(text[c.end:c.end + 20]) \
            or (CHAMPION_END.search(c.text) and SPACE_AFTER.match(text[c.end:c.end + 2]))
        subj = next((d for d in ctx.drivers if d.start == c.end + holder.end()), None) if holder else None
        if subj is None:
            # "teammate — and 2021 Y Champion — X", "(the Y champion), X": an aside naming the one after it
            subj = next((d for d in ctx.drivers if c.end < d.start < c.end + 20
                         and ASIDE_END.match(text[c.end:d.start])
                         and (CHAMPION_END.search(c.text) or CHAMPION_AFTER.match(text[c.end:d.start]))), None)
        if subj is None and CHAMPION_AFTER.match(text[c.end:c.end + 12]):
            # "Preining, ... Carrera Cup champion in 2018"; a driver before a team ("X of Prema is ... champion")
            subj = nearest_before(ctx.ms, c.start, DRIVERS) or nearest_before(ctx.ms, c.start, ("team",))
        if subj is None:
            who = DRIVERS if any(d.end <= c.start for d in ctx.drivers) else ("team",)
            subj = subject(ctx.ms, c.start, who, text)
            if subj is not None and subj.start > c.start:
                subj = None  # "Drivers who have won ... titles are joining Cadillac Racing": no holder named
        if late is not None:
            subj = late
        if subj is None or not ctx.may_hold(subj, c.start) or (not holder and ctx.objectish(subj)):
            continue
        # the result frame: the words from the holder to the title (and a little after) say what was won
        lo, hi = sorted((subj.end, c.start))
        if hi == c.start:
            lo = _last_step(ctx, lo, hi)
        frame = text[lo:hi] + text[c.end:c.end + 25]
        if award is not None:  # "X Scholarship winners A": the award's own name ("Scholarship") says no result
            frame = text[c.end:hi] + text[hi:hi + 25]
        if not_a_win(frame) or _managed_by(text, subj, c) or FUTURE_WIN.search(frame):
            continue  # a place, a manager's title, a title still to be won ("will be crowned ... if")
        if subj.end <= c.start and not holder and award is None and late is None and \
                not TITLE_WIN.search(frame + " " + c.text):
            continue  # "..., in which he won the 2021 title, X will move to the Y Championship": no win of Y said
        crew = group(text, ctx.ms, subj, ctx.e if award is not None else c.start) if subj.type == "driver" else [subj]
        listed = LISTED_YEARS.match(text[c.end:c.end + 80])
        years: list[int | None]
        if listed:
            years = [int(y) for y in FOUR_DIGIT_YEAR.findall(listed.group(1))]  # type: ignore[misc]
        elif award is not None and FORMER_BEFORE.search(text[max(s, c.start - 30):c.start]):
            years = [None]  # "former X Scholarship winners A and B": when each won it is not said
        elif OWN_YEAR_BEFORE.search(text, max(s, c.start - 10), c.start):
            years = [int(OWN_YEAR_BEFORE.search(text, max(s, c.start - 10), c.start).group(1))]  # "the 1978 X championship"
        elif counted(text[max(s, min(subj.start, c.start) - 20):c.end + 15]):
            years = [None]  # "seven-time champion", "his three titles": a career, no one year
        elif REIGNING.search(text[lo:c.start]) and not FOUR_DIGIT_YEAR.search(text[s:c.end + 25]):
            years = [ctx.base - 1]  # "X is the reigning champion of the Y": last season's title, the year unsaid
        else:
            years = list(ctx.years(c.start))
            defend = FUTURE_DEFEND.search(sent)
            if defend is not None and not FOUR_DIGIT_YEAR.search(sent, 0, defend.start()):
                years = [y - 1 if y is not None else None for y in years]  # "will defend his title in 2025": the title won in 2024
        crew += _co_drivers(ctx, subj, crew)
        for y in years:
            for holder_m in crew:
                add_fact(state, holder_m, "won_title", c, y, sent, "title-win")
    _the_title(ctx)
    title_years.find(ctx, the_series)  # "won four consecutive championships between 2010 and 2013"


WITH_CO_DRIVER = re.compile(r"\bwith\s+(?:his\s+|her\s+|their\s+)?co-?drivers?\s+$", re.IGNORECASE)


def _co_drivers(ctx: Sentence, subj: Mention, crew: list[Mention]) -> list[Mention]:
    """"X is the reigning champion ... with co-driver Y": a shared title is the co-driver's too."""
    if subj.type != "driver" or "driver" not in ctx.text:
        return []
    text = ctx.state.text
    return [d for d in ctx.drivers if d.start > subj.end and d not in crew and d.name != subj.name
            and WITH_CO_DRIVER.search(text[max(ctx.s, d.start - 30):d.start])]


# "finished runner-up in X, then took ... and secured the win in Y": a later step of the same holder
THEN_STEP = re.compile(r"(?:,\s*|\s+)(?:and\s+)?then\s+|,\s+before\s+|;\s+")


def _last_step(ctx: Sentence, lo: int, hi: int) -> int:
    """Where the holder's last step before the title opens: the words before "then" tell of an
    earlier result ("runner-up in X, then ... won Y"), unless a new name opens the step."""
    steps = list(THEN_STEP.finditer(ctx.state.text, lo, hi))
    if not steps:
        return lo
    at = steps[-1].end()
    named = any(at <= m.start < hi and m.type in ("driver", "team") for m in ctx.ms)
    return lo if named else at


MANAGED = re.compile(r"\b(?:managed|coached|mentored|advised|backed|guided|trained|owned)\s+by\b", re.IGNORECASE)


def _managed_by(text: str, subj: Mention, c: Mention) -> bool:
    """"X is managed by Y champion Z": the title is Z's, not X's."""
    return subj.end <= c.start and MANAGED.search(text[subj.end:c.start]) is not None


def _the_title(ctx: Sentence) -> None:
    """"earned the title": the release's one championship, when the sentence names none."""
    if ctx.champs:
        return
    sent = ctx.text
    cue = THE_TITLE.search(sent)
    if not (cue and TITLE_WIN.search(sent)):
        return
    state = ctx.state
    only = {m.name: m for m in state.mentions if m.type == "championship"}
    if len(only) != 1:
        return
    pos = ctx.s + cue.start()
    subj = subject(ctx.ms, pos, DRIVERS, state.text)
    if subj is None or not ctx.may_hold(subj, pos) or ctx.objectish(subj):
        return
    lo, hi = sorted((subj.end if subj.end > subj.start else ctx.s, pos))
    frame = state.text[lo:hi] + sent[cue.start():cue.end() + 25]
    if not_a_win(frame) or counted(frame):
        return
    y = ctx.years(ctx.s + cue.end(), after_only=True)[0]
    add_fact(state, subj, "won_title", next(iter(only.values())), y, sent, "title-win: the release's series")
