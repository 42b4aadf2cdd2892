"""An entity's page, paged: page 1 at the entity's address holds everything (summary, tables,
timeline, related) and the first `size` of its facts and of its releases; page N at
`<address>page/N/` holds the next slice of each, until both run out. A series named in
thousands of releases thus lists every one of them, each page at a bounded cost."""

from __future__ import annotations

from racekb.model.graph import Entity, Fact
from racekb.render.paging import Pager, page_count
from racekb.render.reference import FactIndex, fact_groups

Grouped = tuple[list[tuple], dict[tuple, list[Fact]]]


class EntityPages:
    """How many pages each entity's page runs to, and what each lists. The grouped facts of the
    entity last asked about are kept: its pages are rendered (and digested) one after another."""

    def __init__(self, idx: FactIndex, size: int) -> None:
        self.idx = idx
        self.size = size
        self._last: tuple[str, Grouped] | None = None
        self._counts: dict[str, int] = {}

    def grouped(self, entity: Entity) -> Grouped:
        """`reference.fact_groups` of the entity."""
        if self._last is not None and self._last[0] == entity.id:
            return self._last[1]
        found = fact_groups(self.idx, entity)
        self._last = (entity.id, found)
        return found

    def count(self, entity: Entity) -> int:
        """How many pages the entity's facts and releases fill. The facts are grouped only when
        there are more of them than one page holds (rows are never more than facts)."""
        found = self._counts.get(entity.id)
        if found is None:
            facts = len(self.idx.of(entity.id))
            if facts > self.size:
                facts = len(self.grouped(entity)[0])
            found = self._counts[entity.id] = max(page_count(len(entity.releases), self.size),
                                                  page_count(facts, self.size))
        return found

    def pager(self, entity: Entity, number: int, count: int | None = None) -> Pager:
        return Pager(entity.url, number, self.count(entity) if count is None else count, self.size)

    def shown_facts(self, entity: Entity, pager: Pager) -> tuple[list[list[Fact]], int]:
        """The facts of each row page `pager` shows, and how many rows there are in all."""
        keys, groups = self.grouped(entity)
        return [groups[k] for k in keys[pager.start:pager.start + pager.size]], len(keys)
