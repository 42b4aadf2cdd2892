"""The knowledge graph: releases, entities and facts, and its graph.json form (see DESIGN.md)."""

from __future__ import annotations

import json
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

    @property
    def url(self) -> str:
        return f"{PLURAL[self.type]}/{self.slug}/"

    def to_json(self) -> dict:
        return {"id": self.id, "type": self.type, "name": self.name, "aliases": self.aliases,
                "url": self.url, "releases": self.releases}


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

    def json_parts(self):  # -> Iterator[str]
        """graph.json in pieces, one small dict at a time: written piece by piece, the graph is
        never in memory as dicts nor as one 60 MB string."""
        encode = json.JSONEncoder(ensure_ascii=False).encode
        yield "{\n"
        yield f' "generator": {encode(GENERATOR)}'
        parts = {"releases": self.releases, "entities": [self.entities[k] for k in sorted(self.entities)],
                 "facts": self.facts}
        for key, items in parts.items():
            if not items:
                yield f',\n "{key}": []'
                continue
            yield f',\n "{key}": [\n  '
            for n, item in enumerate(items):
                yield (",\n  " if n else "") + encode(item.to_json())
            yield "\n ]"
        yield "\n}\n"
