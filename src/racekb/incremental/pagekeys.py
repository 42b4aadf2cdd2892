"""What each entity and release page is made from, as one digest per page.

A page whose digest is the same as in the last build is not rendered again: build/'s file is
kept (hard-linked into the new site). Why declared inputs rather than a hash of the render
context: building and hashing the context of every page cost more than rendering the few pages
an edit touches (figures: benchmarks/README.md). The digest is taken from the
graph directly, in one pass over the facts.

What a page reads, and so what its digest covers (keep in step with reference.py and render.py;
tests/incremental/test_incremental.py checks incremental == clean builds after each kind of change):

* every page: racekb's code and data (`code_fingerprint`), the options, the page's template with
  everything it extends, includes or imports;
* an entity page: the entity; every release that names it (its text, links and facts, with the
  entities at both ends: id, type, name, address), which covers its facts, the releases it lists
  and their quoted context; any fact of it from a release that does not name it; and the facts
  its reference tables reach through a neighbour: a driver's teammates (who drives for the same
  team or car in the same year), a team's cars' drivers;
* page N (from 2) of an entity's page (racekb.entity_pages): the entity's name, its place in the
  pages, and the rows of facts and the releases that page lists, nothing else;
* a release page: the release, its facts, and each entity it links (id, type, name, address).

A release resolved from known inputs (graph.Release.resolved: a digest of what resolve read of
it, and the ids its names ended up as) is digested from those and from what is shown of the
entities they name: its fields, links and facts all follow from them, and hashing them is a
tenth of hashing the release (tests/incremental/test_incremental.py: a release whose team another release
renames is rendered again).

Index pages, the search index, feeds and graph.json read the whole graph and are always made; a
file whose bytes did not change is still not rewritten (racekb.publish.tree, racekb.incremental.twin).
"""

from __future__ import annotations

import hashlib
import json
from operator import attrgetter

import jinja2
from jinja2 import meta

from racekb.model.hashing import code_fingerprint, raw_digest
from racekb.model.errors import RacekbError
from racekb.model.graph import Entity, Fact, Graph, Release
from racekb.model.site import shown_template
from racekb.render.paging import Pager

_DRIVER_TYPES = ("driver", "person")
_TEAM_TYPES = ("team", "manufacturer")


def _h(*parts: bytes | str) -> bytes:
    return raw_digest(*parts, size=16)


def template_key(env: jinja2.Environment, name: str) -> bytes:
    """A hash of a template's source and of every template it extends, includes or imports, as the
    environment's loader finds them (a site's own templates/ first)."""
    h = hashlib.blake2b(digest_size=16)
    seen: set[str] = set()
    todo: list[tuple[str, str]] = [(name, name)]  # (template, the template that uses it)
    while todo:
        current, user = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source, filename, _ = env.loader.get_source(env, current)  # type: ignore[union-attr]
            parsed = env.parse(source, current, filename)
        except jinja2.TemplateNotFound as exc:
            raise RacekbError(f"template {exc.name} not found",
                              shown_template(user, getattr(env, "site_templates", None))) from None
        except jinja2.TemplateSyntaxError as exc:
            raise RacekbError(exc.message or "template syntax error",
                              shown_template(exc.filename or exc.name or current, getattr(env, "site_templates", None)),
                              exc.lineno) from None
        except UnicodeDecodeError as exc:
            raise RacekbError(f"not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
                              shown_template(current, getattr(env, "site_templates", None))) from None
        except RecursionError:
            raise RacekbError("the template is nested too deeply",
                              shown_template(current, getattr(env, "site_templates", None))) from None
        h.update(f"{current}\0{filename}\0".encode() + source.encode("utf-8", "surrogatepass"))
        for ref in meta.find_referenced_templates(parsed):
            todo.extend((t, current) for t in (env.list_templates() if ref is None else [ref]))  # None: chosen at run time
    return h.digest()


_FACT_FIELDS = attrgetter("subject", "predicate", "object", "year", "release", "evidence")
_EDGE_FIELDS = attrgetter("subject", "predicate", "object", "year")


_JSON = json.JSONEncoder(check_circular=False, separators=(",", ":")).encode


def _serial(value: object) -> bytes:
    """Bytes that stand for a value of strings, numbers, None, tuples and lists, written by json's
    C encoder: several times faster than building the same text with repr() and join(). Not
    pickle: its bytes depend on which equal strings are one object, which differs by process."""
    return _JSON(value).encode("ascii")


class PageKeys:
    """Digests of entity and release pages for one graph (see the module docstring).

    Built from one digest per release (its text, links, and facts with both ends as linked):
    an entity's facts come from the releases that name it, so an entity page's digest is its own
    fields, the digests of all its releases, and the facts its tables reach through neighbours.
    What a page shows of another entity (id, type, name, address) is digested once per entity
    and joined in by reference."""

    def __init__(self, graph: Graph, salt: str, page_size: int) -> None:
        self.graph = graph
        self.salt = _h(code_fingerprint(), salt, str(page_size))
        self._heads: dict[str, bytes] | None = None
        self._release_heads: dict[str, bytes] | None = None
        self._release_fp: dict[str, bytes] = {}
        self._lists: dict[int, tuple[list[Fact], bytes]] = {}
        self._stray_facts: dict[str, list[Fact]] | None = None
        self._edges: _Edges | None = None
        self._by_release: dict[str, list[Fact]] | None = None

    @property
    def _facts_of_release(self) -> dict[str, list[Fact]]:
        """Release id -> its facts: made only for a release digested whole (one resolve did
        not give `resolved`), not for every build."""
        if self._by_release is None:
            self._by_release = {}
            for f in self.graph.facts:
                self._by_release.setdefault(f.release, []).append(f)
        return self._by_release

    @property
    def heads(self) -> dict[str, bytes]:
        """Entity id -> a digest of what a page shows of it when it links to it."""
        if self._heads is None:
            self._heads = {e.id: _h(_serial((e.id, e.type, e.name, e.url))) for e in self.graph.entities.values()}
        return self._heads

    @property
    def release_heads(self) -> dict[str, bytes]:
        """Release id -> a digest of what a page shows of it when it cites it."""
        if self._release_heads is None:
            self._release_heads = {r.id: _h(_serial((r.id, r.title, r.date, r.url))) for r in self.graph.releases}
        return self._release_heads

    def _facts(self, facts: list[Fact]) -> bytes:
        """Facts shown whole (with evidence and source), in order, with what is shown of the
        entities and releases they name."""
        rows = list(map(_FACT_FIELDS, facts))
        heads, release_heads = self.heads, self.release_heads
        h = hashlib.blake2b(_serial(rows), digest_size=16)
        for subject, _, obj, _, release, _ in rows:
            h.update(heads[subject] + heads[obj] + release_heads[release])
        return h.digest()

    def _neighbours(self, facts: list[Fact]) -> bytes:
        """Facts read through a neighbour: the tables use who, what, whom and when of them (never
        the evidence or the source), with what is shown of both ends. Remembered per list:
        _Edges hands out the same list object for the same question, and a popular team's
        roster is asked about once per driver."""
        found = self._lists.get(id(facts))
        if found is not None and found[0] is facts:
            return found[1]
        rows = list(map(_EDGE_FIELDS, facts))
        heads = self.heads
        h = hashlib.blake2b(_serial(rows), digest_size=16)
        h.update(b"".join([heads[subject] + heads[obj] for subject, _, obj, _ in rows]))
        digest = h.digest()
        self._lists[id(facts)] = (facts, digest)
        return digest

    def release_fp(self, release: Release) -> bytes:
        """Everything of a release any page can show: its fields, text, links and facts, with
        what is shown of the entities they point to."""
        found = self._release_fp.get(release.id)
        if found is None and release.resolved is not None:
            # what resolve read of it and where its names ended up, with what is shown of those
            # entities: everything below follows from these (resolve.py), at a fifth of the cost
            signature, ids = release.resolved
            heads = self.heads
            h = hashlib.blake2b(f"{signature}\0{chr(0).join(ids)}".encode("utf-8", "surrogatepass"), digest_size=16)
            h.update(b"".join([heads[i] for i in ids if i]))
            found = self._release_fp[release.id] = h.digest()
        if found is None:
            r, heads = release, self.heads
            facts = [(f.subject, f.predicate, f.object, f.year)
                     for f in self._facts_of_release.get(r.id, ())]
            links = sorted(r.links.items())  # sorted: the order surface forms were met in is the hash seed's
            h = hashlib.blake2b(r.body.encode("utf-8", "surrogatepass"), digest_size=16)
            h.update(_serial((r.id, r.title, r.date, r.city, r.source, r.url, links, facts)))
            h.update(b"".join([heads[e] for _, e in links]))
            h.update(b"".join([heads[f[0]] + heads[f[2]] for f in facts]))
            found = self._release_fp[r.id] = h.digest()
        return found

    def _strays(self, entity: Entity) -> list[bytes]:
        """Facts of the entity from a release that does not name it (a curated merge can make
        one): not covered by its releases' digests, so taken one by one."""
        if self._stray_facts is None:  # one pass over the facts for every entity
            named = {e.id: frozenset(e.releases) for e in self.graph.entities.values()}
            empty: frozenset[str] = frozenset()
            self._stray_facts = {}
            for f in self.graph.facts:
                subject, obj, release = f.subject, f.object, f.release
                if release not in named.get(subject, empty):
                    self._stray_facts.setdefault(subject, []).append(f)
                if obj != subject and release not in named.get(obj, empty):
                    self._stray_facts.setdefault(obj, []).append(f)
        strays = self._stray_facts.get(entity.id)
        return [self._facts(strays)] if strays else []

    def _reached(self, entity: Entity) -> list[bytes]:
        """The facts reference.py's tables read through a neighbour of the entity."""
        edges, eid, out = self.edges, entity.id, []
        if entity.type in _DRIVER_TYPES:
            for asked in sorted(edges.drives.get(eid, ()), key=repr):
                out.append(self._neighbours(edges.into_year.get(asked, _NONE)))
        elif entity.type in _TEAM_TYPES:
            for car in sorted(edges.fields.get(eid, ())):
                out.append(self._neighbours(edges.into_car.get(car, _NONE)))
        return out

    @property
    def edges(self) -> "_Edges":
        if self._edges is None:
            self._edges = _Edges(self.graph.facts)
        return self._edges

    @staticmethod
    def template(env: jinja2.Environment, name: str) -> bytes:
        """template_key: what the pages' template reads, for `entity` and `release`, with
        `_macros.html`, whose macros the pages call through their Python twins (or, when a
        site overrides it, through Jinja: render.macros)."""
        return template_key(env, name) + template_key(env, "_macros.html")

    def entity(self, entity: Entity, template: bytes) -> str:
        e = entity
        fps = self._release_fp
        if len(fps) < len(self.graph.releases):
            for r in self.graph.releases:
                self.release_fp(r)
        releases = b"".join([fps[r] for r in e.releases])
        return _h(self.salt, template, _serial((e.id, e.type, e.name, e.slug, e.aliases, e.bio, e.model, e.entries)),
                  releases, *self._strays(e), *self._reached(e)).hex()

    def entity_page(self, entity: Entity, template: bytes, pager: Pager, facts: list[list[Fact]],
                    fact_total: int) -> str:
        """Page N (from 2) of an entity's page: exactly what it shows, which is the entity's
        name and type, its place in the pages, the rows of facts `facts` (each row's facts,
        with both ends and the release), and its slice of releases (with the sentence quoted
        from each, which release_fp covers). Page 1, with the summary and tables read from all
        of the entity's facts, is keyed by `entity`."""
        e = entity
        fps = self._release_fp
        shown = pager.items(e.releases)
        for rid in shown:
            if rid not in fps:
                self.release_fp(self.graph.release(rid))
        # the rows' facts in one digest (one per row was most of the cost), each row's length
        # marking where it ends; sorted within a row, whose order rendering changes
        flat = [f for row in facts for f in (sorted(row, key=_FACT_FIELDS) if len(row) > 1 else row)]
        return _h(self.salt, template, _serial((e.id, e.type, e.name, e.slug, e.aliases, e.url, pager.number,
                                                pager.count, fact_total, len(e.releases), [len(r) for r in facts])),
                  b"".join([fps[r] for r in shown]), self._facts(flat)).hex()

    def release(self, release: Release, template: bytes) -> str:
        return _h(self.salt, template, self.release_fp(release)).hex()


_NONE: list[Fact] = []


class _Edges:
    """What `_reached` asks of the facts, gathered in one pass over them: the lists are those
    reference.FactIndex gives for the same questions (the same facts, in the same order: the
    graph's), which asked one entity at a time walked a popular team's or car's facts once per
    question. tests/incremental/test_incremental.py checks both give the same answers.

    `drives`: driver -> the (team or car, predicate, year) it drives for or drives;
    `into_year`: (team or car, predicate, year) -> the facts into it (FactIndex.into_year);
    `fields`: team -> the cars it fields; `into_car`: car -> FactIndex.into(car, "drives", "fields").
    """

    def __init__(self, facts: list[Fact]) -> None:
        self.drives: dict[str, set[tuple[str, str, int | None]]] = {}
        self.into_year: dict[tuple[str, str, int | None], list[Fact]] = {}
        self.fields: dict[str, set[str]] = {}
        self.into_car: dict[str, list[Fact]] = {}
        for f in facts:
            predicate = f.predicate
            if predicate == "drives" or predicate == "drives_for":
                asked = (f.object, predicate, f.year)
                self.drives.setdefault(f.subject, set()).add(asked)
                self.into_year.setdefault(asked, []).append(f)
            if predicate == "drives" or predicate == "fields":
                self.into_car.setdefault(f.object, []).append(f)
            if predicate == "fields":
                self.fields.setdefault(f.subject, set()).add(f.object)
