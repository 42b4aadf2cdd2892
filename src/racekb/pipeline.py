"""The build, start to end: load seeds -> records -> extract -> resolve -> render -> write.

Every input is read and checked before anything is written, so a bad seed stops the build
with the last good site untouched (or, with keep_going, is left out and listed)."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from racekb.resolve.curation import Curation, read_curation
from racekb.model.errors import BuildFailed, RacekbError
from racekb.extract import State
from racekb.model.graph import PLURAL, TYPE_ORDER, Graph
from racekb.load.seeds import Seed, files_named, seed_folder, other_files, source_of, special_files
from racekb.load.siteconfig import SiteConfig, check_base_url, logo_file, read_config
from racekb.model.safeio import special_kind
from racekb.publish.output import check_target, lock_site, tidy
from racekb.load.records import Record, WrittenLog, dump_record, read_record, web_id, write_many
from racekb.render.feeds import publishing_warnings
from racekb.resolve.addresses import read_addresses, save_addresses
from racekb.render.pages import render_site, static_files
from racekb.resolve.resolver import ReleaseInput, kept_names, resolve
from racekb.model.site import Site
from racekb.model.slug import unique_slugs
from racekb.extract.extraction import Extraction, names_of_keys
from racekb.incremental.cache import Releases, gc_paused
from racekb.model.hashing import code_digest, digest
from racekb.incremental.memory import open_memory
from racekb.workers.background import Beside
from racekb.workers.extract_pool import default_jobs, extract_many, read_seeds
from racekb.workers.render_pool import pool as render_pool
from racekb.model.progress import Progress


def graph_counts(graph: Graph) -> dict[str, int]:
    """What the summary line reports: releases, entities, and entities of each type."""
    counts = {"release": len(graph.releases), "entity": len(graph.entities)}
    for e in graph.entities.values():
        counts[e.type] = counts.get(e.type, 0) + 1
    return counts


@dataclass
class BuildResult:
    graph: Graph | None  # None when the build was answered from memory (nothing changed)
    pages: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    skipped: list[RacekbError] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # graph_counts of the site built
    # what the build read and worked out on the way (ten thousand releases' records and
    # extractions), freed with the result rather than as build() returns: the command line
    # exits instead of freeing them one by one (cli.entry)
    retained: object = field(default=None, repr=False, compare=False)

    def summary(self) -> str:
        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        c = self.counts or (graph_counts(self.graph) if self.graph is not None else {})
        types = ", ".join(count(c[t], t, PLURAL[t]) for t in TYPE_ORDER if c.get(t))
        return (f"built {count(c.get('release', 0), 'release', 'releases')}, "
                f"{count(c.get('entity', 0), 'entity', 'entities')}"
                f"{f' ({types})' if types else ''}, {self.pages} files in {self.seconds:.2f}s")


def names_by_type(state: State | Extraction) -> dict[str, list[str]]:
    if isinstance(state, Extraction):  # worked out once, when it was extracted
        return {t: list(names) for t, names in state.by_type.items()}
    return names_of_keys(state.entities())


def curation_digest(curation: Curation) -> str:
    """A digest of every curated entry, as resolve reads them: each entry once, in the order the
    files are read (which decides the first claim on a shared name). Digesting the name table
    instead repeated an entry once per alias, quadratic in time and memory."""
    return digest(repr(curation.entries))


def release_signature(record: Record, state: State | Extraction, keep: dict[str, list[str]],
                      extracted: dict[str, list[str]], curated: str) -> str:
    """A digest of what resolve reads of one release (resolve.ReleaseInput.signature): its
    extraction (by the key of its date and text, which holds racekb's code), its other fields,
    the names it keeps and the curation; "" when the extraction's key is not known."""
    key = getattr(state, "key", "")
    if not key:
        return ""
    # the extractor's own names (compared by value: a record's first build reads them back from
    # the record), or a hand-edited list
    kept = "" if keep is extracted or keep == extracted else json.dumps(keep, sort_keys=True)
    return code_digest("release", key, curated, record.id, record.title, record.source, record.city, kept)


def _record_from_seed(seed: Seed, record_id: str) -> Record:
    return Record(id=record_id, title=seed.title, date=seed.date, body=seed.body, source=seed.source,
                  sha256=seed.sha256, city=seed.city)


def load_records(site: Site, keep_going: bool, warnings: list[str], skipped: list[RacekbError],
                 cache: Releases, jobs: int | None = None, progress: Progress | None = None
                 ) -> tuple[list[tuple[Record, Extraction]], Callable[[], dict[str, str]], WrittenLog]:
    """Bring content/releases up to date with seeds/ and return every record with its extraction,
    and a function to call before the site is written: records are written in the background
    (resolve needs only what is in memory), and it waits for them, raising any write error (it
    returns each record written, by path under content/, with its content hash); and
    the record log, whose entity lists stay as this build found them until that function runs.

    A record whose seed is unchanged is left alone; a new or changed seed is written, unless a
    person edited its record, which then keeps the edit (with a warning). Every seed and record is
    read and extracted before any record is written, so a bad input stops the build with content/
    untouched; with keep_going the bad ones are left out and listed. The result is in record-id
    order whatever was written, so the first build and the tenth see the same input.
    """
    log = WrittenLog(site.state / "records.json")
    problems: list[RacekbError] = []
    listed, ignored = seed_folder(site.seeds)
    for path in ignored:
        warnings.append(_ignored_seed(path))
    seeds: list[Seed] = []
    for seed in read_seeds(listed, site.root, jobs, cache):  # in order, as extract_many
        if isinstance(seed, RacekbError):
            problems.append(seed)
        else:
            seeds.append(seed)
    existing: dict[str, Record] = {}
    by_source: dict[str, Record] = {}
    broken: dict[str, Path] = {}  # source named in a record that does not parse -> that record
    renamed: dict[str, Record] = {}  # records whose file name is not their id (records.web_id), by file name
    if site.releases.is_dir():
        for path, what in special_files(site.releases, ".md"):
            warnings.append(f"{path}: not read: {what}, not a regular file (racekb reads only regular files)")
        for path in other_files(site.releases, ".md"):
            hint = f"rename it to {path.stem}.md" if path.suffix.lower() == ".md" else "records are .md files"
            warnings.append(f"{path}: not read ({hint})")
        for path in files_named(site.releases, ".md"):
            try:
                rec = cache.record(path, read_record)
            except RacekbError as exc:
                problems.append(exc)
                broken[_source_line(path)] = path
                continue
            if rec.file:  # named unsafely for an address: its id is settled below
                renamed[rec.file] = rec
                continue
            existing[rec.id] = rec
            if rec.source:
                by_source[rec.source] = rec
        # such records take their slug unless a record already has it as its own name
        ids = unique_slugs([(stem, rec.id) for stem, rec in renamed.items()],
                           taken=set(existing) | {p.stem for p in broken.values()})
        for stem, rec in renamed.items():
            rec.id = ids[stem]
            existing[rec.id] = rec
            if rec.source:
                by_source[rec.source] = rec
    if broken:
        # --keep-going: a seed whose record is broken must not get a second, fresh record (nor
        # overwrite the broken one, which holds the user's edit): it waits until the record is fixed
        seeds = [s for s in seeds if s.source not in broken]
        existing_ids = {p.stem for p in broken.values()} | {web_id(p.stem) for p in broken.values()}
    else:
        existing_ids = set()

    to_write = plan_writes(site, seeds, existing, by_source, log, warnings, existing_ids, listed)
    written = {r.id for r in to_write}
    extracted: dict[str, Extraction] = {}
    pending = [*to_write, *(r for rid, r in sorted(existing.items()) if rid not in written)]
    # a problem is reported against the file the user has: the seed of a record about to be written
    releases = site.releases
    where = [str(site.root / r.source) if r.id in written and r.source else str(r.path_in(releases))
             for r in pending]
    results = extract_many(pending, where, jobs, cache, progress=progress)
    for rec, result in zip(pending, results):  # in order, on any number of cores (racekb.workers.extract_pool)
        if isinstance(result, RacekbError):
            problems.append(result)
        else:
            extracted[rec.id] = result
    if problems and not keep_going:
        raise BuildFailed(problems)
    skipped.extend(problems)

    to_write = [r for r in to_write if r.id in extracted]
    texts = {}
    for rec in to_write:
        rec.entities = names_by_type(extracted[rec.id])
        texts[rec.id] = dump_record(rec)
        log.expect(rec.id, texts[rec.id])
    log.save_pending()  # before writing: a build killed half-way still knows these bytes are its own
    # written on a thread beside the build (resolve needs only what is in memory)
    writes = Beside(write_many, [(rec.path_in(releases), texts[rec.id]) for rec in to_write], thread=True)

    def finish_writes() -> dict[str, str]:
        writes.result()  # the first error of any write, raised here
        for rec in to_write:
            log.wrote(rec.id, texts[rec.id], rec.entities)
            # the next build reads this record back: it need not parse it
            cache.prime_record(rec.path_in(releases), rec, texts[rec.id])
        if to_write:
            log.save()
        return {f"{releases.name}/{rec.path_in(releases).name}": digest(texts[rec.id].encode("utf-8")) for rec in to_write}

    records = {**{rid: r for rid, r in existing.items()}, **{r.id: r for r in to_write}}
    return [(records[rid], extracted[rid]) for rid in sorted(records) if rid in extracted], finish_writes, log


def _refuse_special(paths: Iterable[Path]) -> None:
    """Stop, naming it, at an input that is a FIFO, a device or a socket (reading it would hang)."""
    problems = [RacekbError(f"{what}, not a regular file: racekb reads only regular files; remove it", path)
                for path in paths if (what := special_kind(path)) is not None and what != "a folder"]
    if problems:
        raise BuildFailed(problems)


MAX_TEMPLATE_BYTES = 1024 * 1024  # a page template is a few KB; a bigger file is a mistake, not a template


def template_warnings(folder: Path) -> list[str]:
    """A warning for each entry of templates/ that is not a regular file: it is never read (the
    template of that name comes from racekb's defaults), which would otherwise pass unsaid."""
    if not folder.is_dir():
        return []
    out = []
    too_big = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            what = special_kind(path)
            if what is not None and what != "a folder":
                out.append(f"{path}: not read: {what}, not a regular file (racekb reads only regular files)")
            elif what is None and path.is_file() and path.stat().st_size > MAX_TEMPLATE_BYTES:
                too_big.append(RacekbError(f"over the {MAX_TEMPLATE_BYTES // 1024:,} KB limit for a template "
                                           f"(it is {path.stat().st_size:,} bytes)",
                                           f"templates/{path.relative_to(folder).as_posix()}"))
    if too_big:
        raise BuildFailed(too_big)
    return out


# A press release names a few dozen entities; a full entry list a few hundred. A 1 MB seed of
# run-on names once made 75,000 entities and 644 MB of pages: the output of one release is bounded.
MAX_ENTITIES_PER_RELEASE = 1000


def cap_entities(keep: dict[str, list[str]], limit: int) -> dict[str, list[str]]:
    """The first `limit` names of `keep`, in the order of TYPE_ORDER (the scored types first) and
    each type's own (sorted) order: deterministic, whatever the release."""
    out: dict[str, list[str]] = {}
    left = limit
    for etype in sorted(keep, key=lambda t: (TYPE_ORDER.index(t) if t in TYPE_ORDER else len(TYPE_ORDER), t)):
        if left <= 0:
            break
        out[etype] = keep[etype][:left]
        left -= len(out[etype])
    return {t: names for t, names in out.items() if names}


def _ignored_seed(path: Path) -> str:
    """Why a file in seeds/ was not read, in words: a FIFO or a device named a.txt is not refused
    for its name."""
    what = special_kind(path)
    if what == "a folder":
        return f"{path}: not read (a folder; seeds/ is read one level deep)"
    if what is not None:
        return f"{path}: not read: {what}, not a regular file (racekb reads only regular files)"
    return f"{path}: not read (seeds are .txt, .md or .markdown files)"


def _sources(paths: list[Path], root: Path) -> set[str]:
    """source_of each path; one relative_to for a folder of many (pathlib's per path showed at 10,000)."""
    folders = {p.parent for p in paths}
    if len(folders) != 1:
        return {source_of(p, root) for p in paths}
    prefix = source_of(folders.pop(), root)
    prefix = f"{prefix}/" if prefix not in ("", ".") else ""
    return {prefix + p.name for p in paths}


def _source_line(path: Path) -> str:
    """The `source:` a record names, read as plain text (for a record whose YAML is broken)."""
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""
    match = re.search(r"^source:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", text, re.MULTILINE)
    return match.group(1) if match else ""


def plan_writes(site: Site, seeds: list[Seed], existing: dict[str, Record], by_source: dict[str, Record],
                log: WrittenLog, warnings: list[str], other_ids: set[str], listed: list[Path]) -> list[Record]:
    """The records a build must (re)write: new seeds, and changed seeds whose record is racekb's own.

    A renamed seed (same bytes, new file name) takes over its old record instead of making a
    second copy of the release. `listed`: every seed file load found, read or not.
    """
    present = {s.source for s in seeds} | _sources(listed, site.root)
    orphans = {r.sha256: r for rid, r in sorted(existing.items())
               if r.source and r.source not in present and r.sha256}
    adopted = {s.source: orphans.pop(s.sha256) for s in seeds
               if s.source not in by_source and s.sha256 in orphans}
    new_seeds = [s for s in seeds if s.source not in by_source and s.source not in adopted]
    wanted = unique_slugs([(s.source, s.wanted_id) for s in new_seeds], taken=set(existing) | set(other_ids))
    to_write: list[Record] = []
    for seed in seeds:
        rec = by_source.get(seed.source) or adopted.get(seed.source)
        if rec is None:
            to_write.append(_record_from_seed(seed, wanted[seed.source]))
            continue
        if rec.sha256 == seed.sha256 and rec.source == seed.source:
            continue
        path = rec.path_in(site.releases)
        if log.is_own(rec.id, path.read_bytes().decode("utf-8", "replace")):
            to_write.append(_record_from_seed(seed, rec.id))
            to_write[-1].file = rec.file  # rewritten where it is
        elif rec.source != seed.source:
            warnings.append(f"{path}: its seed was renamed to {seed.source}; the record was edited by hand, "
                            f"so it is kept as it is (set its `source:` to {seed.source})")
        else:
            warnings.append(f"{path}: its seed {seed.source} changed, but the record was edited by hand; "
                            f"keeping your edit (to take the new text instead, delete {path.name} and build again)")
    adopted_ids = {r.id for r in adopted.values()}
    for rid, rec in sorted(existing.items()):
        if rec.source and rec.source not in present and rid not in adopted_ids:
            warnings.append(f"{rec.path_in(site.releases)}: its seed {rec.source} is gone; the release stays "
                            f"on the site (delete {rec.path_in(site.releases).name} to remove it)")
    return to_write


def build(site: Site, base_url: str | None = None, keep_going: bool = False, jobs: int | None = None,
          use_cache: bool = True, progress: Progress | None = None, config: SiteConfig | None = None) -> BuildResult:
    """Build the site. `base_url`: None takes racekb.yaml's (a flag wins over the file). `jobs`:
    processes for extraction and rendering (default: all cores; the output is the same for any
    number). `use_cache`: reuse .racekb/cache (the output is the same without it). `progress`:
    told how far extraction and rendering are. `config`: the site's settings (default: read
    from its racekb.yaml, before anything else)."""
    started = time.perf_counter()
    config = (config if config is not None else read_config(site.root)).with_base_url(base_url)
    base_url = config.base_url
    try:
        check_base_url(base_url)
    except ValueError as exc:
        raise RacekbError(f"--base-url {base_url[:80]!r}: {exc}") from None
    check_target(site.out, protect=[site.seeds, site.content, site.templates, site.state])
    lock = lock_site(site.state, lambda: print("racekb: waiting for another build of this site to finish",
                                               file=sys.stderr),
                     lambda why: print(f"racekb: {why}", file=sys.stderr))
    try:
        return _build_locked(site, base_url, keep_going, jobs, use_cache, progress, started, config)
    finally:
        if lock is not None:
            lock.release()


def _build_locked(site: Site, base_url: str, keep_going: bool, jobs: int | None, use_cache: bool,
                  progress: Progress | None, started: float, config: SiteConfig) -> BuildResult:
    """build(), once the site's lock is held."""
    warnings: list[str] = publishing_warnings(base_url)
    skipped: list[RacekbError] = []
    timings: dict[str, float] = {}
    tidy(site.out)  # first, so that even a build that fails puts back a site a killed build moved away
    t = time.perf_counter()
    memory = open_memory(site, {"base_url": base_url, "keep_going": keep_going, "config": config.fingerprint()},
                         use_cache)
    same = memory.unchanged()
    if same is not None:  # every input and build/ exactly as the last build left them
        timings["check"] = time.perf_counter() - t
        return BuildResult(graph=None, counts=same[0], pages=same[1], seconds=time.perf_counter() - started,
                           warnings=same[2], timings=timings)
    memory.prescan()  # build/ and the twin, scanned beside loading and resolving
    try:
        releases = memory.releases()
        timings["check"] = time.perf_counter() - t
        t = time.perf_counter()
        warnings.extend(template_warnings(site.templates))
        with gc_paused():  # ten thousand releases of long-lived objects: no garbage to look for
            loaded, records_written, log = load_records(site, keep_going, warnings, skipped, releases, jobs, progress)
        timings["extract"] = releases.seconds
        timings["load"] = time.perf_counter() - t - releases.seconds
        try:
            _refuse_special(site.curated.glob("*/*.md"))  # curation would open them, and hang
            curation = read_curation(site.curated)
            # what racekb last wrote to each record, as this build found it: a record being written
            # now is the extractor's own finds either way (kept_names), so the writes need not end first
            t = time.perf_counter()
            with gc_paused():  # the graph lives as long as the build: frozen once made
                curated = curation_digest(curation)
                inputs = []
                for rec, state in loaded:
                    extracted = state.by_type  # read here, never changed: no copy
                    keep = kept_names(rec, extracted, log.entities(rec.id))
                    if sum(map(len, keep.values())) > MAX_ENTITIES_PER_RELEASE:
                        keep = cap_entities(keep, MAX_ENTITIES_PER_RELEASE)
                        warnings.append(f"{rec.path_in(site.releases)}: names more than {MAX_ENTITIES_PER_RELEASE:,} "
                                        f"entities; only the first {MAX_ENTITIES_PER_RELEASE:,} (drivers, teams, cars, "
                                        "championships first) get pages (is it a press release, or a data dump?)")
                    inputs.append(ReleaseInput(rec, state, keep, release_signature(rec, state, keep, extracted, curated)))
                addresses = read_addresses(site.content)  # published addresses stay (racekb.resolve.addresses)
                graph = resolve(inputs, curation, addresses)
            timings["resolve"] = time.perf_counter() - t
        finally:
            t = time.perf_counter()
            written = records_written()  # before anything else is written, and before render forks its workers
            timings["load"] += time.perf_counter() - t
        t = time.perf_counter()
        # the extractions are not freed here: one by one that showed in a one-edit rebuild, and
        # render's forked workers share them rather than copy them
        releases.save()
        releases.entries = releases.used = {}
        timings["save cache"] = time.perf_counter() - t
        t = time.perf_counter()
        files = {**static_files(), **logo_file(site.root, config)}
        # pages go to the tree being built as they are rendered (render includes writing them), so
        # the site's text is never all in memory; the swap still happens once, in close()
        writer = memory.writer()
        try:
            _, keys = render_site(graph, site, base_url, sink=lambda path, text: memory.put_page(writer, path, text),
                                  reuse=memory.reuse(writer), pool=render_pool(jobs or default_jobs(), writer),
                                  words=memory.words, spool=memory.spool, progress=progress,
                                  search_memory=memory.search_memory, config=config)
        except BaseException:
            writer.abort()
            raise
        timings["render"] = time.perf_counter() - t
        t = time.perf_counter()
        count = memory.close(writer, files)
        timings["write"] = time.perf_counter() - t
        t = time.perf_counter()
        written.update(save_addresses(site.content, addresses))  # once the site is out: now published
        memory.finish(keys, files, graph_counts(graph), count, warnings, clean=not skipped, written=written)
        timings["save cache"] += time.perf_counter() - t
        return BuildResult(graph=graph, counts=graph_counts(graph), pages=count, seconds=time.perf_counter() - started,
                           warnings=warnings, skipped=skipped, timings=timings, retained=(loaded, inputs, memory))
    finally:
        memory.end_chores()  # what a build that failed on the way no longer waits for
