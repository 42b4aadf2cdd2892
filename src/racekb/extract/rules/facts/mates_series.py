"""A team-mate races in the same series: "Albon, who has struggled this season in comparison to his
team-mate Max Verstappen", "beating team-mate Liam Lawson in qualifying".

Team-mates share a car's team and so its series: when the release gives the driver named last
before "team-mate Y" exactly one series in the sentence's season, Y races in it that season too.
Which pairs are team-mates now is teammates.mate_pairs, the same as for the team."""

from __future__ import annotations

from racekb.extract.rules.facts.context import Sentence
from racekb.extract.rules.facts.emit import add_inferred_season
from racekb.extract.rules.facts.teammates import mate_pairs
from racekb.extract.state import State


def find(state: State, frames: list[Sentence]) -> None:
    series_of: dict[tuple[tuple[str, str], int], set[tuple[str, str]]] = {}
    for f in state.facts:
        if f.predicate == "competes_in" and f.subject[0] == "driver" and f.year is not None:
            series_of.setdefault((f.subject, f.year), set()).add(f.object)
    if not series_of:
        return
    for ctx in frames:
        pairs = list(mate_pairs(ctx))
        year = ctx.sentence_year() if pairs else 0
        for lead, d in pairs:
            series = series_of.get(((lead.type, lead.name), year), set())
            if len(series) == 1:
                add_inferred_season(state, (d.type, d.name), "competes_in", next(iter(series)), year, ctx.text,
                                    "teammate's series")
