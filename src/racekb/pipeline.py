"""The build, start to end: load seeds -> records -> extract -> resolve -> render -> write.

Every input is read and checked before anything is written, so a bad seed stops the build
with the last good site untouched (or, with keep_going, is left out and listed)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from racekb.curation import read_curation
from racekb.errors import BuildFailed, RacekbError
from racekb.extract import State, extract
from racekb.graph import TYPE_ORDER, Graph
from racekb.load import Seed, list_seeds, read_seed
from racekb.output import write_site
from racekb.records import Record, WrittenLog, dump_record, read_record
from racekb.render import render_site, static_files
from racekb.resolve import ReleaseInput, kept_names, resolve
from racekb.site import Site
from racekb.slug import unique_slugs
from racekb.text import markdown_paragraphs


@dataclass
class BuildResult:
    graph: Graph
    pages: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    skipped: list[RacekbError] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        counts = ", ".join(f"{len(self.graph.of_type(t))} {t}s" for t in TYPE_ORDER
                           if self.graph.of_type(t))
        return (f"built {len(self.graph.releases)} releases, {len(self.graph.entities)} entities "
                f"({counts}), {self.pages} files in {self.seconds:.2f}s")


def extract_record(record: Record) -> State:
    return extract(markdown_paragraphs(record.body), record.date)


def names_by_type(state: State) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    for etype, name in state.entities():
        out.setdefault(etype, set()).add(name)
    return {t: sorted(n) for t, n in out.items()}


def _record_from_seed(seed: Seed, record_id: str) -> Record:
    return Record(id=record_id, title=seed.title, date=seed.date, body=seed.body, source=seed.source,
                  sha256=seed.sha256, city=seed.city)


def load_records(site: Site, keep_going: bool, warnings: list[str], skipped: list[RacekbError]) -> list[tuple[Record, State]]:
    """Bring content/releases up to date with seeds/ and return every record with its extraction.

    A record whose seed is unchanged is left alone; a new or changed seed is written, unless a
    person edited its record, which then keeps the edit (with a warning).
    """
    log = WrittenLog(site.state / "records.json")
    problems: list[RacekbError] = []
    seeds: list[Seed] = []
    for path in list_seeds(site.seeds):
        try:
            seeds.append(read_seed(path, site.root))
        except RacekbError as exc:
            problems.append(exc)
    existing: dict[str, Record] = {}
    by_source: dict[str, Record] = {}
    if site.releases.is_dir():
        for path in sorted(site.releases.glob("*.md")):
            try:
                rec = read_record(path)
            except RacekbError as exc:
                problems.append(exc)
                continue
            existing[rec.id] = rec
            if rec.source:
                by_source[rec.source] = rec
    if problems and not keep_going:
        raise BuildFailed(problems)
    skipped.extend(problems)

    new_seeds = [s for s in seeds if s.source not in by_source]
    wanted = unique_slugs([(s.source, s.wanted_id) for s in new_seeds], taken=set(existing))
    to_write: list[Record] = []
    for seed in seeds:
        rec = by_source.get(seed.source)
        if rec is None:
            to_write.append(_record_from_seed(seed, wanted[seed.source]))
        elif rec.sha256 != seed.sha256:
            path = site.releases / f"{rec.id}.md"
            if log.is_own(rec.id, path.read_text(encoding="utf-8")):
                to_write.append(_record_from_seed(seed, rec.id))
            else:
                warnings.append(f"{path}: its seed {seed.source} changed, but the record was edited by hand; "
                                f"keeping the edit (delete the record to take the new text)")
    out: list[tuple[Record, State]] = []
    written = {r.id for r in to_write}
    for rec in to_write:
        state = extract_record(rec)
        rec.entities = names_by_type(state)
        text = dump_record(rec)
        site.releases.mkdir(parents=True, exist_ok=True)
        path = site.releases / f"{rec.id}.md"
        tmp = path.with_suffix(".md.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        log.wrote(rec.id, text, rec.entities)
        out.append((rec, state))
    for rid, rec in sorted(existing.items()):
        if rid not in written:
            out.append((rec, extract_record(rec)))
    log.save()
    return out


def build(site: Site, base_url: str = "", keep_going: bool = False) -> BuildResult:
    started = time.perf_counter()
    warnings: list[str] = []
    skipped: list[RacekbError] = []
    timings: dict[str, float] = {}
    t = time.perf_counter()
    loaded = load_records(site, keep_going, warnings, skipped)
    timings["load+extract"] = time.perf_counter() - t
    curation = read_curation(site.curated)
    log = WrittenLog(site.state / "records.json")
    inputs = [ReleaseInput(rec, state, kept_names(rec, names_by_type(state), log.entities(rec.id)))
              for rec, state in loaded]
    t = time.perf_counter()
    graph = resolve(inputs, curation)
    timings["resolve"] = time.perf_counter() - t
    t = time.perf_counter()
    pages = render_site(graph, site, base_url)
    timings["render"] = time.perf_counter() - t
    t = time.perf_counter()
    count = write_site(site.out, pages, static_files())
    timings["write"] = time.perf_counter() - t
    return BuildResult(graph=graph, pages=count, seconds=time.perf_counter() - started,
                       warnings=warnings, skipped=skipped, timings=timings)
