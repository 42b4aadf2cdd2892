"""The knowledge graph: releases, entities and facts, and its graph.json form (see DESIGN.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from racekb import GENERATOR

PLURAL = {"driver": "drivers", "team": "teams", "car": "cars", "championship": "championships",
          "person": "people", "manufacturer": "manufacturers", "event": "events", "track": "tracks",
          "class": "classes"}
TYPE_ORDER = tuple(PLURAL)
PREDICATES = ("drives", "drives_for", "fields", "won_race", "won_title", "competes_in", "replaces",
              "pole")


@dataclass
class Entity:
    id: str
    type: str
    name: str
    slug: str
    aliases: list[str] = field(default_factory=list)
    releases: list[str] = field(default_factory=list)
    bio: str = ""
    # for an entity held back for want of evidence (Graph.held): the cues that found it
    evidence: tuple[str, ...] = field(default=(), compare=False)
    # a numbered entry's model (name, url) and a model's numbered entries: shown on their pages
    model: tuple[str, str] | None = None
    entries: list[tuple[str, str]] = field(default_factory=list)
    # the ids of entities merged into this one (a curated same_as, a spelling or short form):
    # the addresses they had or would have had on their own
    former_ids: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{PLURAL[self.type]}/{self.slug}/"

    def to_json(self) -> dict:
        out = {"id": self.id, "type": self.type, "name": self.name, "aliases": self.aliases,
               "url": self.url, "releases": self.releases}
        if self.former_ids:
            out["former_ids"] = self.former_ids
        return out


@dataclass
class Fact:
    subject: str
    predicate: str
    object: str
    year: int | None
    release: str
    evidence: str

    def to_json(self) -> dict:
        return {"subject": self.subject, "predicate": self.predicate, "object": self.object, "year": self.year,
                "release": self.release, "evidence": self.evidence}


@dataclass
class Release:
    id: str
    title: str
    date: str
    source: str
    city: str
    body: str
    # surface form as written -> entity id, for linking the text
    links: dict[str, str] = field(default_factory=dict)
    # (a digest of what resolve read of the release, the ids its names ended up as): all its
    # fields, links and facts follow from these (resolve.py); pagekeys digests this instead
    resolved: tuple[str, tuple[str, ...]] | None = field(default=None, compare=False, repr=False)

    @property
    def url(self) -> str:
        return f"releases/{self.id}/"

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "date": self.date, "url": self.url,
                "source": self.source}


@dataclass
class Graph:
    releases: list[Release]
    entities: dict[str, Entity]
    facts: list[Fact]
    notes: list[str] = field(default_factory=list)
    # entities found on too little evidence for a page (resolve._gate), and the facts that
    # touched them: left out of the site, listed by `racekb review`
    held: list[Entity] = field(default_factory=list)
    held_facts: list[Fact] = field(default_factory=list)

    def release(self, release_id: str) -> Release:
        return self._releases_by_id()[release_id]

    def _releases_by_id(self) -> dict[str, Release]:
        cache = getattr(self, "_by_id", None)
        if cache is None:
            cache = {r.id: r for r in self.releases}
            self._by_id = cache
        return cache

    def of_type(self, etype: str) -> list[Entity]:
        return sorted((e for e in self.entities.values() if e.type == etype), key=lambda e: e.name.casefold())

    def to_json(self) -> dict:
        return {
            "generator": GENERATOR,
            "releases": [r.to_json() for r in self.releases],
            "entities": [self.entities[k].to_json() for k in sorted(self.entities)],
            "facts": [f.to_json() for f in self.facts],
        }

    def dumps(self) -> str:
        """graph.json: one release, entity or fact per line. Readable and diffable like an
        indented dump, but each line comes from json's C encoder (an indented dump uses the pure
        Python one: seconds at 10,000 releases)."""
        return "".join(self.json_parts())

    def json_parts(self) -> Iterator[str]:
        """graph.json in pieces of many lines: written piece by piece, the graph is never in
        memory as dicts nor as one 60 MB string."""
        encode = json.JSONEncoder(ensure_ascii=False).encode
        yield "{\n"
        yield f' "generator": {encode(GENERATOR)}'
        parts: dict[str, tuple[list, Callable[..., str]]] = {"releases": (self.releases, _release_line),
                 "entities": ([self.entities[k] for k in sorted(self.entities)], _entity_line),
                 "facts": (self.facts, _fact_line)}
        for key, (items, line) in parts.items():
            if not items:
                yield f',\n "{key}": []'
                continue
            yield f',\n "{key}": [\n  '
            for start in range(0, len(items), _LINES_PER_PART):
                yield (",\n  " if start else "") + ",\n  ".join(map(line, items[start:start + _LINES_PER_PART]))
            yield "\n ]"
        yield "\n}\n"


# graph.json's lines, each exactly as json's encoder writes the item's to_json() (default
# separators, ensure_ascii off: the strings go through the very escaper it uses), without
# building a dict per line and encoding it: 170,000 lines at 10,000 releases.
# tests/model/test_graph_json.py checks them against the encoder.
_LINES_PER_PART = 2000
_str = json.encoder.encode_basestring


def _str_list(values: list[str]) -> str:
    return "[" + ", ".join(map(_str, values)) + "]" if values else "[]"


def _release_line(r: Release) -> str:
    return (f'{{"id": {_str(r.id)}, "title": {_str(r.title)}, "date": {_str(r.date)}, "url": {_str(r.url)}, '
            f'"source": {_str(r.source)}}}')


def _entity_line(e: Entity) -> str:
    former = f', "former_ids": {_str_list(e.former_ids)}' if e.former_ids else ""
    return (f'{{"id": {_str(e.id)}, "type": {_str(e.type)}, "name": {_str(e.name)}, "aliases": {_str_list(e.aliases)}, '
            f'"url": {_str(e.url)}, "releases": {_str_list(e.releases)}{former}}}')


def _fact_line(f: Fact) -> str:
    year = f.year
    if year is not None and type(year) is not int:  # never made by racekb: the encoder decides
        return json.JSONEncoder(ensure_ascii=False).encode(f.to_json())
    return (f'{{"subject": {_str(f.subject)}, "predicate": {_str(f.predicate)}, "object": {_str(f.object)}, '
            f'"year": {"null" if year is None else year}, "release": {_str(f.release)}, '
            f'"evidence": {_str(f.evidence)}}}')
