"""render: the knowledge graph -> the pages of build/, as a mapping of path to text.

Everything is rendered into memory first (Pelican's lesson: every cross-link can resolve);
`output.write_site` then puts it on disk in one swap.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from racekb import GENERATOR
from racekb.graph import PLURAL, TYPE_ORDER, Entity, Graph
from racekb.linker import render_linked
from racekb.site import Site, default_templates_dir, static_dir
from racekb.urls import relative

TYPE_LABELS = {"driver": "Drivers", "team": "Teams", "car": "Cars", "championship": "Championships",
               "person": "People", "manufacturer": "Manufacturers", "event": "Events", "track": "Tracks",
               "class": "Classes"}
PREDICATE_LABELS = {"drives": ("drives", "driven by"), "drives_for": ("drives for", "driver"),
                    "fields": ("fields", "fielded by"), "won_race": ("won", "won by"),
                    "won_title": ("won the title", "title won by"), "competes_in": ("competes in", "competitor"),
                    "replaces": ("replaces", "replaced by"), "pole": ("took pole at", "pole by")}


def environment(site: Site) -> Environment:
    loaders = [FileSystemLoader(str(site.templates))] if site.templates.is_dir() else []
    loaders.append(FileSystemLoader(str(default_templates_dir())))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(generator=GENERATOR, TYPE_LABELS=TYPE_LABELS, PLURAL=PLURAL, TYPE_ORDER=TYPE_ORDER)
    return env


def fact_rows(graph: Graph, entity: Entity) -> list[dict]:
    """The facts that touch an entity, phrased from its side, newest first."""
    rows = []
    for f in graph.facts:
        if entity.id not in (f.subject, f.object):
            continue
        outgoing = f.subject == entity.id
        other = graph.entities[f.object if outgoing else f.subject]
        label = PREDICATE_LABELS.get(f.predicate, (f.predicate, f.predicate))[0 if outgoing else 1]
        rows.append({"label": label, "other": other, "year": f.year, "fact": f,
                     "release": graph.release(f.release)})
    rows.sort(key=lambda r: (-(r["year"] or 0), r["label"], r["other"].name))
    return rows


def related(graph: Graph, entity: Entity) -> dict[str, list[Entity]]:
    """Entities joined to this one by a fact, plus teammates (same car or team, same year)."""
    out: dict[str, set[str]] = defaultdict(set)
    for f in graph.facts:
        if f.subject == entity.id:
            out[graph.entities[f.object].type].add(f.object)
        elif f.object == entity.id:
            out[graph.entities[f.subject].type].add(f.subject)
    if entity.type == "driver":
        shared = {(f.object, f.year) for f in graph.facts
                  if f.subject == entity.id and f.predicate in ("drives", "drives_for")}
        mates = {f.subject for f in graph.facts if f.predicate in ("drives", "drives_for")
                 and (f.object, f.year) in shared and f.subject != entity.id}
        if mates:
            out["teammate"] = mates
    return {k: sorted((graph.entities[i] for i in v), key=lambda e: e.name.casefold())
            for k, v in sorted(out.items())}


def summary(entity: Entity, rows: list[dict]) -> str:
    """One plain sentence from the facts, for the top of the page and the page description."""
    if not rows:
        n = len(entity.releases)
        return f"{entity.name} is a {entity.type} named in {n} release{'s' if n != 1 else ''}."
    parts = []
    for row in rows[:4]:
        year = f" ({row['year']})" if row["year"] else ""
        parts.append(f"{row['label']} {row['other'].name}{year}")
    return f"{entity.name}: " + "; ".join(parts) + "."


def render_site(graph: Graph, site: Site, base_url: str = "") -> dict[str, str]:
    env = environment(site)
    pages: dict[str, str] = {}
    counts = {t: len(graph.of_type(t)) for t in TYPE_ORDER}
    titles = {e.id: f"{e.name} ({e.type})" for e in graph.entities.values()}

    def page(template: str, url: str, **ctx) -> None:
        def href(target: str) -> str:
            return relative(url, target)

        pages[url + "index.html" if url.endswith("/") or url == "" else url] = env.get_template(template).render(
            page_url=url, href=href, base_url=base_url.rstrip("/"), counts=counts, **ctx)

    page("index.html", "", graph=graph, releases=graph.releases[:10])
    for etype in TYPE_ORDER:
        page("type_index.html", f"{PLURAL[etype]}/", etype=etype, entities=graph.of_type(etype))
    page("releases_index.html", "releases/", releases=graph.releases)
    for entity in graph.entities.values():
        rows = fact_rows(graph, entity)
        page("entity.html", entity.url, entity=entity, rows=rows, related=related(graph, entity),
             summary=summary(entity, rows),
             releases=[graph.release(r) for r in entity.releases])
    for release in graph.releases:
        url = release.url
        body = render_linked(release.body, release.links,
                             lambda eid, url=url: relative(url, graph.entities[eid].url), titles)
        mentioned = sorted((graph.entities[e] for e in set(release.links.values())),
                           key=lambda e: (TYPE_ORDER.index(e.type), e.name.casefold()))
        facts = [f for f in graph.facts if f.release == release.id]
        page("release.html", url, release=release, body=body, mentioned=mentioned,
             facts=facts, entities=graph.entities)
    pages["graph.json"] = graph.dumps()
    return pages


def static_files() -> dict[str, bytes]:
    """The stylesheet and scripts every site carries (no CDN: the site works offline)."""
    root = static_dir()
    return {f"static/{p.relative_to(root).as_posix()}": p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


