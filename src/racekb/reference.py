"""What makes an entity page read like a reference work: seasons, rosters, honours, timelines.

Every section is built from the graph's facts alone, as a small table whose cells are lists of
text and entities, so one template renders every kind of page and every claim stays a link.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Union

from racekb.graph import Entity, Fact, Graph

Item = Union[str, Entity]
Cell = list[Item]

OUTGOING = {"drives": "drives", "drives_for": "drives for", "fields": "fields", "won_race": "won",
            "won_title": "won the title", "competes_in": "competes in", "replaces": "replaces",
            "pole": "took pole at"}
INCOMING = {"drives": "driven by", "drives_for": "has driver", "fields": "fielded by",
            "won_race": "won by", "won_title": "title won by", "competes_in": "contested by",
            "replaces": "replaced by", "pole": "pole taken by"}


def phrase(fact: Fact, side: str) -> str:
    """The fact's verb as read from `side`'s page (subject or object)."""
    table = OUTGOING if fact.subject == side else INCOMING
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
        self._by: dict[str, list[Fact]] = defaultdict(list)
        for f in graph.facts:
            self._by[f.subject].append(f)
            if f.object != f.subject:
                self._by[f.object].append(f)
        self._memo: dict[tuple, list[Fact]] = {}
        self._by_year: dict[tuple[str, str], dict[int | None, list[Fact]]] = {}

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


@dataclass
class Section:
    """One table on an entity page: an id for its anchor, a heading, column names and rows."""

    id: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def _names(graph: Graph, ids: set[str] | list[str]) -> Cell:
    ents = sorted({graph.entities[i].id: graph.entities[i] for i in ids if i in graph.entities}.values(),
                  key=lambda e: e.name.casefold())
    return list(ents)


def _year_label(year: int | None) -> str:
    return str(year) if year else "undated"


def _by_year(pairs: list[tuple[int | None, str]]) -> dict[int | None, set[str]]:
    out: dict[int | None, set[str]] = defaultdict(set)
    for year, eid in pairs:
        out[year].add(eid)
    return out


def _sorted_years(years) -> list[int | None]:
    return sorted(years, key=lambda y: -(y or 0))


def _grid(section: Section, graph: Graph, columns: list[dict[int | None, set[str]]]) -> Section:
    years = set().union(*[set(c) for c in columns]) if columns else set()
    for year in _sorted_years(years):
        section.rows.append([[_year_label(year)]] + [_names(graph, c.get(year, set())) for c in columns])
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
        sec.rows.append([[_year_label(f.year)], [labels[f.predicate], graph.entities[f.object]]])
    return sec


def driver_sections(graph: Graph, idx: FactIndex, entity: Entity) -> list[Section]:
    eid = entity.id
    teams = _by_year([(f.year, f.object) for f in idx.out(eid, "drives_for")])
    cars = _by_year([(f.year, f.object) for f in idx.out(eid, "drives")])
    series = _by_year([(f.year, f.object) for f in idx.out(eid, "competes_in")])
    seasons = _grid(Section("seasons", "Teams and cars by season", ["Season", "Teams", "Cars", "Series"]),
                    graph, [teams, cars, series])
    mates = Section("teammates", "Teammates", ["Teammate", "Season", "Shared"])
    shared: dict[tuple[str, int | None], set[str]] = defaultdict(set)
    for f in idx.out(eid, "drives", "drives_for"):
        for g in idx.into_year(f.object, f.predicate, f.year):
            if g.subject != eid and graph.entities[g.subject].type == "driver":
                shared[(g.subject, f.year)].add(f.object)
    for (mate, year), via in sorted(shared.items(), key=lambda kv: (graph.entities[kv[0][0]].name.casefold(),
                                                                      -(kv[0][1] or 0))):
        mates.rows.append([[graph.entities[mate]], [_year_label(year)], _names(graph, via)])
    return [seasons, honours(graph, idx, entity), mates]


def team_sections(graph: Graph, idx: FactIndex, entity: Entity) -> list[Section]:
    eid = entity.id
    fielded = {f.object for f in idx.out(eid, "fields")}
    drivers = [(f.year, f.subject) for f in idx.into(eid, "drives_for")]
    for car in fielded:
        drivers += [(f.year, f.subject) for f in idx.into(car, "drives")]
    cars = [(f.year, f.object) for f in idx.out(eid, "fields") if f.year]
    cars += [(f.year, f.object) for car in fielded for f in idx.into(car, "drives") if f.year]
    roster = _grid(Section("roster", "Roster by season", ["Season", "Drivers", "Cars"]), graph,
                   [_by_year(drivers), _by_year(cars)])
    cars_sec = Section("cars", "Cars fielded", ["Car", "Seasons", "Drivers"])
    for car in sorted(fielded, key=lambda c: graph.entities[c].name.casefold()):
        years = sorted({f.year for f in idx.into(car, "drives", "fields") if f.year}, reverse=True)
        cars_sec.rows.append([[graph.entities[car]], [", ".join(map(str, years)) or "undated"],
                              _names(graph, {f.subject for f in idx.into(car, "drives")})])
    series = _grid(Section("series", "Series by season", ["Season", "Series"]), graph,
                   [_by_year([(f.year, f.object) for f in idx.out(eid, "competes_in")])])
    return [roster, cars_sec, honours(graph, idx, entity), series]


def championship_sections(graph: Graph, idx: FactIndex, entity: Entity) -> list[Section]:
    eid = entity.id
    holders = _grid(Section("champions", "Champions by year", ["Year", "Champions"]), graph,
                    [_by_year([(f.year, f.subject) for f in idx.into(eid, "won_title")])])
    entrants = _grid(Section("entrants", "Competitors by season", ["Season", "Competitors"]), graph,
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
    seasons = _grid(Section("seasons", "Team and drivers by season", ["Season", "Team", "Drivers"]), graph,
                    [teams, drivers])
    return [seasons, honours(graph, idx, entity)]


def event_sections(graph: Graph, idx: FactIndex, entity: Entity) -> list[Section]:
    eid = entity.id
    return [_grid(Section("winners", "Winners by year", ["Year", "Winners", "Pole"]), graph,
                  [_by_year([(f.year, f.subject) for f in idx.into(eid, "won_race")]),
                   _by_year([(f.year, f.subject) for f in idx.into(eid, "pole")])])]


BUILDERS = {"driver": driver_sections, "person": driver_sections, "team": team_sections,
            "manufacturer": team_sections, "championship": championship_sections, "car": car_sections,
            "event": event_sections}


def sections(graph: Graph, idx: FactIndex, entity: Entity) -> list[Section]:
    """The type's reference tables, leaving out the empty ones."""
    build = BUILDERS.get(entity.type)
    return [s for s in (build(graph, idx, entity) if build else []) if s.rows]


def timeline(graph: Graph, idx: FactIndex, entity: Entity) -> list[tuple[int, list[Cell]]]:
    """Dated facts, newest year first, each once, phrased from this entity's side."""
    years: dict[int, dict[tuple[str, str], Cell]] = defaultdict(dict)
    for f in idx.of(entity.id):
        if not f.year:
            continue
        other = graph.entities[f.object if f.subject == entity.id else f.subject]
        verb = phrase(f, entity.id)
        years[f.year].setdefault((verb, other.id), [verb[0].upper() + verb[1:], other])
    return [(y, [years[y][k] for k in sorted(years[y])]) for y in sorted(years, reverse=True)]


def fact_rows(graph: Graph, idx: FactIndex, entity: Entity) -> list[dict]:
    """Every fact touching the entity, with its evidence, newest first."""
    rows = []
    for f in idx.of(entity.id):
        other = graph.entities[f.object if f.subject == entity.id else f.subject]
        rows.append({"label": phrase(f, entity.id), "other": other, "year": f.year, "fact": f,
                     "release": graph.release(f.release)})
    rows.sort(key=lambda r: (-(r["year"] or 0), r["label"], r["other"].name.casefold()))
    return rows


def related(graph: Graph, idx: FactIndex, entity: Entity) -> dict[str, list[Entity]]:
    """Entities joined to this one by any fact, by type."""
    out: dict[str, set[str]] = defaultdict(set)
    for f in idx.of(entity.id):
        other = f.object if f.subject == entity.id else f.subject
        out[graph.entities[other].type].add(other)
    return {k: _names(graph, v) for k, v in sorted(out.items())}  # type: ignore[misc]


def summary(graph: Graph, idx: FactIndex, entity: Entity) -> str:
    """One or two plain sentences for the top of the page, the meta description and previews."""
    n = len(entity.releases)
    article = "an" if entity.type[0] in "aeiou" else "a"
    parts = [f"{entity.name} is {article} {entity.type} named in {n} release{'s' if n != 1 else ''}."]
    titles = sorted({(f.year or 0, graph.entities[f.object].name) for f in idx.out(entity.id, "won_title")},
                    reverse=True)
    wins = sorted({(f.year or 0, graph.entities[f.object].name) for f in idx.out(entity.id, "won_race")},
                  reverse=True)
    teams = sorted({graph.entities[f.object].name for f in idx.out(entity.id, "drives_for")})
    champs = sorted({(f.year or 0, graph.entities[f.subject].name) for f in idx.into(entity.id, "won_title")},
                    reverse=True)

    def listed(items: list[tuple[int, str]]) -> str:
        return ", ".join(f"{name} ({year})" if year else name for year, name in items[:3])

    if titles:
        parts.append(f"Titles: {listed(titles)}.")
    if wins:
        parts.append(f"Wins: {listed(wins)}.")
    if teams:
        parts.append(f"Teams: {', '.join(teams[:3])}.")
    if champs:
        parts.append(f"Champions: {listed(champs)}.")
    incoming = {"team": ("drives_for", "Drivers"), "car": ("drives", "Drivers"), "event": ("won_race", "Winners")}
    if entity.type in incoming:
        predicate, label = incoming[entity.type]
        people = sorted({(f.year or 0, graph.entities[f.subject].name) for f in idx.into(entity.id, predicate)},
                        reverse=True)
        names = list(dict.fromkeys(name for _, name in people))
        if names:
            parts.append(f"{label}: {', '.join(names[:4])}{' and others' if len(names) > 4 else ''}.")
    if entity.type == "team":
        cars = sorted({graph.entities[f.object].name for f in idx.out(entity.id, "fields")})
        if cars:
            parts.append(f"Cars: {', '.join(cars[:3])}.")
    return " ".join(parts)
