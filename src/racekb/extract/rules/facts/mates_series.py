"""A team-mate races in the same series: "Albon, who has struggled this season in comparison to his
team-mate Max Verstappen", "beating team-mate Liam Lawson in qualifying".

Team-mates share a car's team and so its series: when the release gives the driver named last
before "team-mate Y" exactly one series in the sentence's season, Y races in it that season too.
The same guards as for the team (teammates.py): not a former or future team-mate, not another
season named between the two, not a name in a quote."""

from __future__ import annotations

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_inferred_season
from racekb.extract.rules.facts.teammates import MATE_BEFORE, NOT_NOW, OTHER_TIME
from racekb.extract.state import State


def find(state: State, frames: list[Sentence]) -> None:
    series_of: dict[tuple[tuple[str, str], int], set[tuple[str, str]]] = {}
    for f in state.facts:
        if f.predicate == "competes_in" and f.subject[0] == "driver" and f.year is not None:
            series_of.setdefault((f.subject, f.year), set()).add(f.object)
    if not series_of:
        return
    text = state.text
    for ctx in frames:
        if len(ctx.drivers) < 2 or "mate" not in ctx.text:
            continue
        year = ctx.sentence_year()
        for i, d in enumerate(ctx.drivers):
            if i == 0 or d.end <= d.start:
                continue
            lead = ctx.drivers[i - 1]
            series = series_of.get(((lead.type, lead.name), year), set())
            if len(series) != 1 or d.name == lead.name or OTHER_TIME.search(text[lead.end:d.start]):
                continue
            before = text[max(ctx.s, d.start - 30):d.start]
            m = MATE_BEFORE.search(before)
            if m is None or NOT_NOW.search(before[:m.start() + 1]) or ctx.quote_of(d.start) >= 0 \
                    or ctx.quote_of(lead.start) >= 0 or not ctx.may_hold(d, d.start, role_free=True):
                continue
            if "will" in text[ctx.s:d.start].split():
                continue  # "will be team-mate to Y": another season
            add_inferred_season(state, (d.type, d.name), "competes_in", next(iter(series)), year, ctx.text,
                                "teammate's series")
