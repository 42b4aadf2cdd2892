"""What makes an entity page read like a reference work: seasons, rosters, honours, timelines.

Every section is built from the graph's facts alone, as a small table whose cells are lists of
text and entities, so one template renders every kind of page and every claim stays a link.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator, Union

from racekb.model.graph import Entity, Fact, Graph
from racekb.render.search_index import cut

Item = Union[str, Entity]
Cell = list[Item]

# How much of an entity's record one page shows. A series named in thousands of releases
# would otherwise make a page of megabytes that nobody scrolls (and that costs seconds to
# render): tables keep their first rows, cells their first names, the rest is counted. Every
# fact is still on the page of the release that states it, and in graph.json.
FACT_ROWS = 80         # distinct facts in "Facts and evidence", newest first
SECTION_ROWS = 40      # rows of a reference table (seasons, rosters, teammates, honours)
CELL_NAMES = 8         # entities in one table cell
TIMELINE_PER_YEAR = 12 # entries under one year of the timeline
RELATED_PER_TYPE = 40  # entities of one type under "Related", the most connected first
ALSO_SOURCES = 3       # further releases linked beside a fact stated in several

OUTGOING = {"drives": "drives", "drives_for": "drives for", "fields": "fields", "won_race": "won",
            "won_title": "won the title", "competes_in": "competes in", "replaces": "replaces",
            "pole": "took pole at"}
INCOMING = {"drives": "driven by", "drives_for": "has driver", "fields": "fielded by",
            "won_race": "won by", "won_title": "title won by", "competes_in": "contested by",
            "replaces": "replaced by", "pole": "pole taken by"}


# Verbs that depend on what the object is: a race is won, a track is where one is won
# ("won at Road America", never "won Road America"). Keyed by (predicate, the object's type).
OUTGOING_BY_OBJECT = {("won_race", "track"): "won at", ("won_race", "championship"): "won a race in",
                      ("pole", "championship"): "took a pole in"}
INCOMING_BY_OBJECT = {("won_race", "track"): "race won here by", ("won_race", "championship"): "race won by",
                      ("pole", "track"): "pole taken here by"}


def phrase(fact: Fact, side: str) -> str:
    """The fact's verb as read from `side`'s page (subject or object), fitted to the object's
    type (an id is `type/slug`, so no graph is needed to know it)."""
    outgoing = fact.subject == side
    fitted = (OUTGOING_BY_OBJECT if outgoing else INCOMING_BY_OBJECT).get(
        (fact.predicate, fact.object.partition("/")[0]))
    if fitted:
        return fitted
    table = OUTGOING if outgoing else INCOMING
    return table.get(fact.predicate, fact.predicate.replace("_", " "))


class FactIndex:
    """Facts by the entities they touch, so a page costs its own facts, not the whole graph's.

    `out`/`into` answers are memoised per (entity, direction, predicates): popular entities are
    asked the same question once per neighbour (a team's drivers, per driver), and rescanning
    all their facts each time made reference sections quadratic. Answers keep the order of
    `of(entity)`, exactly as the plain filter did, and callers must not mutate them.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._by_entity: dict[str, list[Fact]] | None = None  # made when first asked (see _by)
        self._memo: dict[tuple, list[Fact]] = {}
        self._by_year: dict[tuple[str, str], dict[int | None, list[Fact]]] = {}
        self._subjects: dict[tuple[str, str, int | None], list[str]] = {}
        self._rank: dict[str, int] | None = None
        self._release_rank: dict[str, int] | None = None

    @property
    def rank(self) -> dict[str, int]:
        """Entity id -> its place in the order of (casefolded name, id), the order every list of
        names on a page is in. Sorted once per graph: pages sorted the same few hundred
        neighbours by name again and again, casefolding each name every time."""
        if self._rank is None:
            ordered = sorted(self.graph.entities.values(), key=lambda e: (e.name.casefold(), e.id))
            self._rank = {e.id: n for n, e in enumerate(ordered)}
        return self._rank

    @property
    def release_rank(self) -> dict[str, int]:
        """Release id -> its place in the order of (date, id): the order a fact's sources are
        weighed in (the newest is its evidence), worked out once per graph, not per fact."""
        if self._release_rank is None:
            ordered = sorted(self.graph.releases, key=lambda r: (r.date, r.id))
            self._release_rank = {r.id: n for n, r in enumerate(ordered)}
        return self._release_rank

    @property
    def _by(self) -> dict[str, list[Fact]]:
        """Entity id -> its facts, in the graph's order. Made on first use: the build's own
        process, which forks the render workers, never asks (they each make their own)."""
        if self._by_entity is None:
            by: dict[str, list[Fact]] = defaultdict(list)
            for f in self.graph.facts:
                by[f.subject].append(f)
                if f.object != f.subject:
                    by[f.object].append(f)
            self._by_entity = by
        return self._by_entity

    def of(self, entity_id: str) -> list[Fact]:
        return self._by.get(entity_id, [])

    def out(self, entity_id: str, *predicates: str) -> list[Fact]:
        return self._side(entity_id, True, predicates)

    def into(self, entity_id: str, *predicates: str) -> list[Fact]:
        return self._side(entity_id, False, predicates)

    def _side(self, entity_id: str, outgoing: bool, predicates: tuple[str, ...]) -> list[Fact]:
        """The entity's facts of these predicates where it is the subject (or the object),
        remembered: popular entities are asked about once per neighbour."""
        key = (entity_id, outgoing, predicates)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = [f for f in self.of(entity_id) if f.predicate in predicates
                                       and (f.subject if outgoing else f.object) == entity_id]
        return found

    def into_year(self, entity_id: str, predicate: str, year: int | None) -> list[Fact]:
        """`into(entity_id, predicate)` restricted to one year, in the same order (teammates of a
        driver at a team with thousands of entries look at that season's entries only)."""
        key = (entity_id, predicate)
        years = self._by_year.get(key)
        if years is None:
            years = self._by_year[key] = defaultdict(list)
            for f in self.into(entity_id, predicate):
                years[f.year].append(f)
        return years.get(year, [])

    def subjects_in_year(self, entity_id: str, predicate: str, year: int | None) -> list[str]:
        """The distinct subjects of `into_year`, first seen first, remembered: a season's roster
        is asked for by each of its drivers, and a driver named in many releases is many facts."""
        key = (entity_id, predicate, year)
        found = self._subjects.get(key)
        if found is None:
            found = self._subjects[key] = list(dict.fromkeys(f.subject for f in self.into_year(*key)))
        return found


@dataclass
class Section:
    """One table on an entity page: an id for its anchor, a heading, column names and rows."""

    id: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    hidden: int = 0  # rows left out beyond SECTION_ROWS


def capped(items: list, limit: int, unit: str = "more") -> Cell:
    """The first `limit` items, then "and N more" when there were more."""
    if len(items) <= limit:
        return list(items)
    return [*items[:limit], f"and {len(items) - limit} {unit}"]


def _cap_rows(section: Section) -> Section:
    if len(section.rows) > SECTION_ROWS:
        section.hidden = len(section.rows) - SECTION_ROWS
        del section.rows[SECTION_ROWS:]
    return section


def _names(idx: FactIndex, ids: set[str] | list[str]) -> Cell:
    """The entities, by name, at most CELL_NAMES of them (then "and N more")."""
    entities, rank = idx.graph.entities, idx.rank
    found = [i for i in set(ids) if i in entities]
    if len(found) <= CELL_NAMES:
        return [entities[i] for i in sorted(found, key=rank.__getitem__)]
    # a busy season's cell names hundreds (a manufacturer's drivers): only the first few are
    # shown, and picking them costs less than sorting them all (ranks are unique, so the same ones)
    shown = heapq.nsmallest(CELL_NAMES, found, key=rank.__getitem__)
    return [*[entities[i] for i in shown], f"and {len(found) - CELL_NAMES} more"]


def _year_label(year: int | None) -> str:
    return str(year) if year else "undated"


def _by_year(pairs: list[tuple[int | None, str]]) -> dict[int | None, set[str]]:
    out: dict[int | None, set[str]] = defaultdict(set)
    for year, eid in pairs:
        out[year].add(eid)
    return out


def _sorted_years(years) -> list[int | None]:
    return sorted(years, key=lambda y: -(y or 0))


def _grid(section: Section, idx: FactIndex, columns: list[dict[int | None, set[str]]]) -> Section:
    years = set().union(*[set(c) for c in columns]) if columns else set()
    for year in _sorted_years(years):
        section.rows.append([[_year_label(year)], *[_names(idx, c.get(year, set())) for c in columns]])
    return section


def honours(graph: Graph, idx: FactIndex, entity: Entity) -> Section:
    """Titles, wins and poles by year, for any entity that earns them."""
    sec = Section("honours", "Titles and wins", ["Year", "Result"])
    labels = {"won_title": "Champion:", "won_race": "Won", "pole": "Pole at"}
    facts = sorted(idx.out(entity.id, "won_title", "won_race", "pole"),
                   key=lambda f: (-(f.year or 0), ["won_title", "won_race", "pole"].index(f.predicate),
                                  graph.entities[f.object].name))
    seen = set()
    for f in facts:
        key = (f.year, f.predicate, f.object)
        if key in seen:
            continue
        seen.add(key)
        label = "Won at" if f.predicate == "won_race" and graph.entities[f.object].type == "track" else labels[f.predicate]
        sec.rows.append([[_year_label(f.year)], [label, graph.entities[f.object]]])
    return sec


def driver_sections(graph: Graph, idx: FactIndex, entity: Entity) -> list[Section]:
    eid = entity.id
    teams = _by_year([(f.year, f.object) for f in idx.out(eid, "drives_for")])
    cars = _by_year([(f.year, f.object) for f in idx.out(eid, "drives")])
    series = _by_year([(f.year, f.object) for f in idx.out(eid, "competes_in")])
    seasons = _grid(Section("seasons", "Teams and cars by season", ["Season", "Teams", "Cars", "Series"]),
                    idx, [teams, cars, series])
    mates = Section("teammates", "Teammates", ["Teammate", "Seasons", "Shared"])
    shared: dict[str, dict[int | None, set[str]]] = defaultdict(lambda: defaultdict(set))
    entities = graph.entities
    # each (car or team, season) once: a pairing stated in many releases is many facts, and each
    # walked that season's whole roster again to add the same teammates
    # (dict.fromkeys, not a set: the first-seen order, so the dicts below fill as they did)
    for obj, predicate, year in dict.fromkeys((f.object, f.predicate, f.year) for f in idx.out(eid, "drives", "drives_for")):
        for mate in idx.subjects_in_year(obj, predicate, year):
            if mate != eid and entities[mate].type == "driver":
                shared[mate][year].add(obj)
    # the longest partnerships first: with more teammates than a table shows, those matter most
    rank = idx.rank
    # rows past the cap are never shown: only counted (a busy driver has hundreds of teammates,
    # and their cells were most of the cost of the section), and only the shown are picked in
    # order (keys are unique, so nsmallest gives sorted()'s first rows)
    ordered = heapq.nsmallest(SECTION_ROWS, shared.items(), key=lambda kv: (-len(kv[1]), rank[kv[0]]))
    mates.hidden = max(0, len(shared) - SECTION_ROWS)
    for mate, years in ordered:
        mates.rows.append([[graph.entities[mate]], [", ".join(_year_label(y) for y in _sorted_years(years))],
                           _names(idx, set().union(*years.values()))])
    return [seasons, honours(graph, idx, entity), mates]


def team_sections(graph: Graph, idx: FactIndex, entity: Entity) -> list[Section]:
    eid = entity.id
    fielded = {f.object for f in idx.out(eid, "fields")}
    drivers = [(f.year, f.subject) for f in idx.into(eid, "drives_for")]
    for car in fielded:
        drivers += [(f.year, f.subject) for f in idx.into(car, "drives")]
    cars: list[tuple[int | None, str]] = [(f.year, f.object) for f in idx.out(eid, "fields") if f.year]
    cars += [(f.year, f.object) for car in fielded for f in idx.into(car, "drives") if f.year]
    roster = _grid(Section("roster", "Roster by season", ["Season", "Drivers", "Cars"]), idx,
                   [_by_year(drivers), _by_year(cars)])
    cars_sec = Section("cars", "Cars fielded", ["Car", "Seasons", "Drivers"])
    listed = sorted(fielded, key=idx.rank.__getitem__)
    cars_sec.hidden = max(0, len(listed) - SECTION_ROWS)  # rows past the cap are never shown: not made
    for car in listed[:SECTION_ROWS]:
        years = sorted({f.year for f in idx.into(car, "drives", "fields") if f.year}, reverse=True)
        cars_sec.rows.append([[graph.entities[car]], [", ".join(map(str, years)) or "undated"],
                              _names(idx, {f.subject for f in idx.into(car, "drives")})])
    series = _grid(Section("series", "Series by season", ["Season", "Series"]), idx,
                   [_by_year([(f.year, f.object) for f in idx.out(eid, "competes_in")])])
    return [roster, cars_sec, honours(graph, idx, entity), series]


def championship_sections(graph: Graph, idx: FactIndex, entity: Entity) -> list[Section]:
    eid = entity.id
    holders = _grid(Section("champions", "Champions by year", ["Year", "Champions"]), idx,
                    [_by_year([(f.year, f.subject) for f in idx.into(eid, "won_title")])])
    entrants = _grid(Section("entrants", "Competitors by season", ["Season", "Competitors"]), idx,
                     [_by_year([(f.year, f.subject) for f in idx.into(eid, "competes_in")])])
    return [holders, entrants]


def car_sections(graph: Graph, idx: FactIndex, entity: Entity) -> list[Section]:
    eid = entity.id
    teams = _by_year([(f.year, f.subject) for f in idx.into(eid, "fields")])
    undated_teams = teams.pop(None, set())
    drivers = _by_year([(f.year, f.subject) for f in idx.into(eid, "drives")])
    for year in drivers:
        teams.setdefault(year, set()).update(undated_teams)
    if undated_teams and not drivers:
        teams[None] = undated_teams
    seasons = _grid(Section("seasons", "Team and drivers by season", ["Season", "Team", "Drivers"]), idx,
                    [teams, drivers])
    return [seasons, honours(graph, idx, entity)]


def event_sections(graph: Graph, idx: FactIndex, entity: Entity) -> list[Section]:
    eid = entity.id
    return [_grid(Section("winners", "Winners by year", ["Year", "Winners", "Pole"]), idx,
                  [_by_year([(f.year, f.subject) for f in idx.into(eid, "won_race")]),
                   _by_year([(f.year, f.subject) for f in idx.into(eid, "pole")])])]


BUILDERS = {"driver": driver_sections, "person": driver_sections, "team": team_sections,
            "manufacturer": team_sections, "championship": championship_sections, "car": car_sections,
            "event": event_sections, "track": event_sections}  # a track's winners read as an event's


def sections(graph: Graph, idx: FactIndex, entity: Entity) -> list[Section]:
    """The type's reference tables, leaving out the empty ones."""
    build = BUILDERS.get(entity.type)
    return [_cap_rows(s) for s in (build(graph, idx, entity) if build else []) if s.rows]


def timeline(graph: Graph, idx: FactIndex, entity: Entity) -> list[tuple[int, list[Cell]]]:
    """Dated facts, newest year first, each once, phrased from this entity's side."""
    years: dict[int, dict[tuple[str, str], Cell]] = defaultdict(dict)
    entities, rank = graph.entities, idx.rank
    for f in idx.of(entity.id):
        if not f.year:
            continue
        other_id = f.object if f.subject == entity.id else f.subject
        verb = phrase(f, entity.id)
        entries = years[f.year]
        if (verb, other_id) not in entries:  # a fact stated in many releases: its entry made once
            entries[(verb, other_id)] = [verb[0].upper() + verb[1:], entities[other_id]]
    out = []
    for y in sorted(years, reverse=True):
        # by verb, then (casefolded name, id): the order idx.rank holds, without casefolding again
        items = [years[y][k] for k in sorted(years[y], key=lambda k: (k[0], rank[k[1]]))]
        if len(items) > TIMELINE_PER_YEAR:
            items = [*items[:TIMELINE_PER_YEAR], [f"and {len(items) - TIMELINE_PER_YEAR} more"]]
        out.append((y, items))
    return out


def fact_groups(idx: FactIndex, entity: Entity) -> tuple[list[tuple], dict[tuple, list[Fact]]]:
    """The distinct facts touching the entity, as (year, phrase, other entity) keys in the rows'
    order (newest first), and each key's facts: what `fact_rows` shows, a page at a time."""
    groups: dict[tuple, list[Fact]] = {}
    for f in idx.of(entity.id):
        other = f.object if f.subject == entity.id else f.subject
        groups.setdefault((f.year, phrase(f, entity.id), other), []).append(f)
    rank = idx.rank
    return sorted(groups, key=lambda k: (-(k[0] or 0), k[1], rank[k[2]])), groups


def fact_rows(graph: Graph, idx: FactIndex, entity: Entity, start: int = 0, stop: int = FACT_ROWS,
              grouped: tuple[list[tuple], dict[tuple, list[Fact]]] | None = None) -> tuple[list[dict], int]:
    """The distinct facts touching the entity, newest first, those from `start` to `stop` (a
    page of them), and how many there are in all. A fact stated in several releases is one row:
    the newest release's sentence as evidence, and links to up to ALSO_SOURCES of the others.
    `grouped`: `fact_groups` of the entity, when the caller has it already."""
    # rows made for the shown ones only: a busy entity has thousands of groups
    keys, groups = grouped if grouped is not None else fact_groups(idx, entity)
    return [_fact_row(graph, idx, key, groups[key]) for key in keys[start:stop]], len(keys)


def _fact_row(graph: Graph, idx: FactIndex, key: tuple, facts: list[Fact]) -> dict:
    """One row of "Facts and evidence": the newest statement and up to ALSO_SOURCES others."""
    year, label, other_id = key
    newest = idx.release_rank
    facts.sort(key=lambda f: newest[f.release], reverse=True)
    first = facts[0]
    also = [graph.release(f.release) for f in facts[1:]]
    also = list({r.id: r for r in also if r.id != first.release}.values())
    return {"label": label, "other": graph.entities[other_id], "year": year, "fact": first,
            "release": graph.release(first.release), "also": also[:ALSO_SOURCES],
            "also_more": max(0, len(also) - ALSO_SOURCES), "count": 1 + len(also)}


def related(graph: Graph, idx: FactIndex, entity: Entity) -> dict[str, Cell]:
    """Entities joined to this one by any fact, by type: the RELATED_PER_TYPE most connected
    (by number of facts) listed by name, then "and N more"."""
    strength: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in idx.of(entity.id):
        other = f.object if f.subject == entity.id else f.subject
        strength[graph.entities[other].type][other] += 1
    out: dict[str, Cell] = {}
    rank = idx.rank
    for kind, counts in sorted(strength.items()):
        top = sorted(counts, key=lambda i: (-counts[i], rank[i]))[:RELATED_PER_TYPE]
        ents = sorted((graph.entities[i] for i in top), key=lambda e: rank[e.id])
        more = len(counts) - len(top)
        out[kind] = [*ents, f"and {more} more"] if more else [*ents]
    return out


def summary(graph: Graph, idx: FactIndex, entity: Entity) -> str:
    """One or two plain sentences for the top of the page, the meta description and previews."""
    return " ".join(summary_parts(graph, idx, entity))


def summary_opening(graph: Graph, idx: FactIndex, entity: Entity, limit: int) -> str:
    """`cut(summary(...), limit)`, for the search index: the parts after the ones that already
    pass `limit` cannot show, so they are not worked out (they walk a popular entity's facts)."""
    text = ""
    for part in summary_parts(graph, idx, entity):
        text = f"{text} {part}" if text else part
        if len(" ".join(text.split())) > limit:
            break
    return cut(text, limit)


def summary_parts(graph: Graph, idx: FactIndex, entity: Entity) -> Iterator[str]:
    """The sentences of `summary`, each worked out only when asked for."""
    n = len(entity.releases)
    article = "an" if entity.type[0] in "aeiou" else "a"
    yield f"{entity.name} is {article} {entity.type} named in {n} release{'s' if n != 1 else ''}."

    def listed(items: list[tuple[int, str]]) -> str:
        return ", ".join(f"{name} ({year})" if year else name for year, name in items[:3])

    titles = sorted({(f.year or 0, graph.entities[f.object].name) for f in idx.out(entity.id, "won_title")},
                    reverse=True)
    if titles:
        yield f"Titles: {listed(titles)}."
    # a win at a track reads "at Road America": the track is where the race was won, not what was won
    won = {(f.year or 0, graph.entities[f.object].name, graph.entities[f.object].type == "track")
           for f in idx.out(entity.id, "won_race")}
    wins = [(year, f"at {name}" if at_track else name) for year, name, at_track in sorted(won, reverse=True)]
    if wins:
        yield f"Wins: {listed(wins)}."
    teams = sorted({graph.entities[f.object].name for f in idx.out(entity.id, "drives_for")})
    if teams:
        yield f"Teams: {', '.join(teams[:3])}."
    champs = sorted({(f.year or 0, graph.entities[f.subject].name) for f in idx.into(entity.id, "won_title")},
                    reverse=True)
    if champs:
        yield f"Champions: {listed(champs)}."
    incoming = {"team": ("drives_for", "Drivers"), "car": ("drives", "Drivers"), "event": ("won_race", "Winners")}
    if entity.type in incoming:
        predicate, label = incoming[entity.type]
        people = sorted({(f.year or 0, graph.entities[f.subject].name) for f in idx.into(entity.id, predicate)},
                        reverse=True)
        names = list(dict.fromkeys(name for _, name in people))
        if names:
            yield f"{label}: {', '.join(names[:4])}{' and others' if len(names) > 4 else ''}."
    if entity.type == "team":
        cars = sorted({graph.entities[f.object].name for f in idx.out(entity.id, "fields")})
        if cars:
            yield f"Cars: {', '.join(cars[:3])}."
