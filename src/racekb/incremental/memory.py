"""The build's memory of itself: when nothing changed, when a page is unchanged, what build/ holds.

How an incremental build stays equal to a clean one, byte for byte:

* the **no-op check** hashes every input a build reads (seeds/, content/, templates/, the record
  log, racekb's code and the options) and compares with the hash stored by the last successful
  build, and checks that build/ still holds exactly the files that build wrote (same paths, same
  size, mtime and inode). Only then is the last build's result returned without building;
* otherwise the build runs in full, with extraction reused per release (`cache.ExtractCache`) and
  entity and release pages reused when the digest of what they read (`pagekeys`) is unchanged
  and build/ still holds the file as racekb wrote it;
* the new site is made beside build/ and swapped in whole, as always, but by updating a twin
  tree rather than writing a fresh one (racekb.publish.tree, racekb.incremental.twin): a page whose bytes are unchanged is a
  hard link to build/'s file (same inode, same mtime: not rewritten), and build/ itself is never
  written to, so a failed or killed build leaves the last good site whole.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from racekb.incremental.cache import ExtractCache, FileMemo, NullReleases, Releases, cache_dir, tree_hashes
from racekb.model.hashing import code_fingerprint, digest, load_pickle, raw_digest, save_pickle
from racekb.workers.background import Beside
from racekb.incremental.pagekeys import PageKeys
from racekb.model.errors import RacekbError
from racekb.model.graph import Graph
from racekb.model.site import Site
from racekb.model.spool import Spooled
from racekb.render.search_index import BodyWords, SearchMemory
from racekb.incremental.twin import Scan, manifest_after, matches, scan, shadow_path
from racekb.publish.tree import Manifest, TwinWriter, link_tree



INPUT_FOLDERS = ("seeds", "content", "templates")


def input_trees(site: Site, memo: FileMemo | None = None) -> dict[str, dict[str, str]]:
    """Relative path -> content hash of every input file, per input folder."""
    return {name: tree_hashes(getattr(site, name), memo) for name in INPUT_FOLDERS}


def input_fingerprint(site: Site, options: dict[str, object], memo: FileMemo | None = None,
                      trees: dict[str, dict[str, str]] | None = None) -> str:
    """A hash of everything a build reads. Content hashes, not times: a touched file is unchanged.
    `memo` spares reading a file whose stat proves it unchanged since it was last hashed; `trees`
    (from input_trees) spares walking the folders again."""
    trees = trees if trees is not None else input_trees(site, memo)
    log = site.state / "records.json"
    h = hashlib.blake2b(digest_size=20)
    h.update(raw_digest(code_fingerprint(), repr(sorted(options.items())), str(site.out),
                        digest(log.read_bytes()) if log.is_file() else "no-log"))
    for name in INPUT_FOLDERS:
        # one joined string per folder (no path holds a NUL), hashed in one call; sorted, so a
        # tree pieced together (see Incremental.finish) hashes as the same tree walked
        h.update("\0".join([name, *chain.from_iterable(sorted(trees[name].items()))]).encode("utf-8", "surrogatepass")
                 + b"\1")
    return h.hexdigest()


@dataclass
class Memory:
    """What the last successful build left in .racekb/cache/build.pickle."""

    fingerprint: str = ""
    manifest: Manifest = field(default_factory=dict)  # build/ as this build left it
    twin: Manifest = field(default_factory=dict)  # the twin tree beside it (racekb.publish.tree, racekb.incremental.twin)
    page_keys: dict[str, str] = field(default_factory=dict)  # path -> page key
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # what the summary line reports


def open_memory(site: Site, options: dict[str, object], use_cache: bool = True) -> BuildMemory:
    """The memory a build asks what it can reuse: the site's own, or under --no-cache one that
    remembers nothing (the build's steps are the same either way; only the answers differ)."""
    return BuildMemory(site, options) if use_cache else NullMemory(site, options)


class BuildMemory:
    """One build's use of what the last builds left in .racekb/cache: whether the build can be
    answered at once, the releases' extractions, which pages to keep, how to publish the site
    (updating the twin tree), and, once it is done, remembering this build."""

    def __init__(self, site: Site, options: dict[str, object]) -> None:
        self.site = site
        self.options = options
        self.path = cache_dir(site.state) / "build.pickle"
        self.graph_path = cache_dir(site.state) / "graph.pickle"
        self._words: BodyWords | None = None
        self.files_path = cache_dir(site.state) / "files.pickle"
        self.memory: Memory = Memory()
        self.files: FileMemo | None = None
        self.trees: dict[str, dict[str, str]] = {}
        self.fingerprint = ""
        self._open()
        self.page_keys: dict[str, str] = {}
        self.written = 0
        self.live_scan: Scan | None = None
        self._scans: Beside | None = None
        self._twin_link: Beside | None = None
        self.new_manifest: Manifest = {}
        self.new_twin: Manifest = {}

    def _open(self) -> None:
        site = self.site
        memory = load_pickle(self.path, None)
        self.memory = memory if isinstance(memory, Memory) else Memory()
        # what build/ and the twin hold is a fact about files, whatever code wrote them: kept apart
        # so that a new racekb still updates the twin instead of writing a whole tree
        files = load_pickle(self.files_path, None, code_bound=False)
        if isinstance(files, tuple) and len(files) == 2:
            self.memory.manifest, self.memory.twin = files
        # content hashes of the inputs by stat, shared with the release cache (cache.ExtractCache)
        self.files = FileMemo.open(site.state)
        self.trees = input_trees(site, self.files)
        self.fingerprint = input_fingerprint(site, self.options, self.files, self.trees)

    def releases(self) -> Releases:
        """The releases' parsed seeds, records and extractions of earlier builds, by content hash."""
        return ExtractCache.open(self.site.state, files=self.files)

    @property
    def words(self) -> BodyWords | None:
        """The search index's words of each release text, from the last build: read by the
        process that makes the index, when it first asks (12 MB at 10,000 releases, which a
        build that changes nothing never needs)."""
        if self._words is None:
            self._words = SearchMemory(cache_dir(self.site.state)).words()
        return self._words

    @property
    def search_memory(self) -> SearchMemory | None:
        return SearchMemory(cache_dir(self.site.state))

    def unchanged(self) -> tuple[dict[str, int], int, list[str]] | None:
        """(counts for the summary line, files, warnings) of the last build, if its inputs and build/
        are exactly as it left them; None means build."""
        m = self.memory
        if not m.fingerprint or m.fingerprint != self.fingerprint:
            return None
        self.live_scan = scan(self.site.out)  # build/ is not touched again before the swap
        if not m.manifest or not matches(self.live_scan, m.manifest):
            return None
        if not m.counts:
            return None
        if self.files is not None:
            self.files.save()  # hashes refreshed by this check spare the next one
        return dict(m.counts), m.pages, list(m.warnings)

    def reuse(self, writer: TwinWriter) -> "_Reuse | None":
        """What render_site may take from the last build: pages by digest, kept by `writer`."""
        m = self.memory
        return _Reuse({p: k for p, k in m.page_keys.items() if p in m.manifest}, writer)

    @property
    def spool(self) -> Path | None:
        """Where render writes big files before they are moved into the site."""
        return self.site.state / "spool"

    def prescan(self) -> None:
        """Begin scanning build/ and the twin for `writer`, in a child process beside the build
        (racekb.workers.background): the scans are system calls (some 27,000 at 10,000 releases) that
        overlap the build's work in memory. Called once nothing but the user writes to either
        tree before `writer`; a build that stops before `writer` calls `end_chores`."""
        if self._scans is None:
            out, twin = self.site.out, shadow_path(self.site.out, self.site.state)
            self._scans = Beside(_scans, None if self.live_scan is not None else out, twin)

    def end_chores(self) -> None:
        """Stop what runs beside the build that the build did not wait for (it failed on the way):
        a scan `writer` never took, a twin being linked that `finish` never saw."""
        for chore in (self._scans, self._twin_link):
            if chore is not None:
                chore.cancel()
        self._scans = self._twin_link = None

    def writer(self) -> TwinWriter:
        """A streaming publish: render hands each page to `put_page` as it is made, `close`
        swaps the site in. Same twin, same manifests and same swap as `publish`, without
        holding every page (the peak memory of a big build was its own text)."""
        out = self.site.out
        shutil.rmtree(self.site.state / "spool", ignore_errors=True)  # what a killed build left waiting there
        if out.exists() and not out.is_dir():
            raise RacekbError("the output path is a file, not a folder; move it or choose another --out", out)
        live_scan, twin_scan = self._scans.result() if self._scans is not None else (None, None)
        self._scans = None
        live_files, _dirs = self.live_scan or live_scan or scan(out)
        old = self.memory.manifest
        live_ok = {p for p, e in old.items() if live_files.get(p) == e[1:]}
        twin = shadow_path(out, self.site.state)
        reuse = bool(out.is_dir() and self.memory.twin and twin.is_dir()
                     and matches(twin_scan or scan(twin), self.memory.twin))
        self._stream = (live_files, old, live_ok)
        try:
            if not reuse:
                self.site.state.mkdir(parents=True, exist_ok=True)
            return TwinWriter(out, twin, old, live_ok, self.memory.twin if reuse else None, digest)
        except OSError as exc:
            raise self._write_error(exc) from None

    def _write_error(self, exc: OSError) -> RacekbError:
        return RacekbError(f"cannot write the site: {exc.strerror or exc} ({exc.filename or self.site.out}); "
                           "the previous site is unchanged", self.site.out)

    def put_page(self, writer: TwinWriter, path: str, text: "str | bytes | Spooled") -> None:
        """One rendered file (text, bytes already encoded by a render worker, or a spooled file):
        its bytes written (if changed), its text let go."""
        try:
            if isinstance(text, Spooled):
                writer.put_file(path, text.path)
            else:
                writer.put(path, text if isinstance(text, bytes) else text.encode("utf-8"))
        except OSError as exc:
            raise self._write_error(exc) from None

    def close(self, writer: TwinWriter, files: dict[str, bytes]) -> int:
        """Finish a streaming publish (see `writer`); returns the file count."""
        try:
            self.written = writer.close(files)
        except OSError as exc:
            writer.abort()
            raise self._write_error(exc) from None
        live_files, old, live_ok = self._stream
        self.new_twin = {p: e for p, e in old.items() if p in live_ok} if live_files else {}
        self.new_manifest = manifest_after(writer)
        if writer.needs_twin:  # no old site became the twin: one of links, made beside the saving
            self._twin_link = Beside(link_tree, writer.out, writer.twin_path)
        return len(writer.hashes)

    def finish(self, page_keys: dict[str, str], files: dict[str, bytes], counts: dict[str, int], count: int,
               warnings: list[str], clean: bool, written: dict[str, str]) -> None:
        """Remember this build (only a build with nothing skipped may answer a later no-op).
        `written`: the records this build wrote, by path under content/, with their content hash."""
        # the inputs as this build read them: as they were at its start, and the records it wrote
        # as it wrote them (a file edited since then is seen by the next build)
        trees = {**self.trees, "content": {**self.trees["content"], **written}}
        # the manifests go to files.pickle alone (read back into the memory when it is opened)
        memory = Memory(fingerprint=input_fingerprint(self.site, self.options, self.files, trees) if clean else "",
                        page_keys={p: k for p, k in page_keys.items() if p in self.new_manifest},
                        pages=count, warnings=list(warnings), counts=counts)
        self.graph_path.unlink(missing_ok=True)  # what older racekb kept here: the summary needs only counts
        if self._twin_link is not None:  # a twin of links to build/'s files: the same files
            link, self._twin_link = self._twin_link, None
            try:
                link.result()
                self.new_twin = dict(self.new_manifest)
            except Exception:  # noqa: BLE001 - a twin not whole is not trusted: the next build remakes it
                self.new_twin = {}
        save_pickle(self.files_path, (self.new_manifest, self.new_twin), code_bound=False)
        save_pickle(self.path, memory)
        if self.files is not None:
            self.files.save()


class NullMemory(BuildMemory):
    """The memory of a --no-cache build: it remembers nothing, reads nothing of .racekb/cache and
    writes nothing there. The site is written as a fresh tree beside build/ and swapped in; the
    old site is removed rather than kept as a twin."""

    def _open(self) -> None:
        pass

    def releases(self) -> Releases:
        return NullReleases()

    @property
    def words(self) -> BodyWords | None:
        return None

    @property
    def search_memory(self) -> SearchMemory | None:
        return None

    def unchanged(self) -> tuple[dict[str, int], int, list[str]] | None:
        return None

    def reuse(self, writer: TwinWriter) -> "_Reuse | None":
        return None

    @property
    def spool(self) -> Path | None:
        return None

    def prescan(self) -> None:
        pass

    def writer(self) -> TwinWriter:
        out = self.site.out
        if out.exists() and not out.is_dir():
            raise RacekbError("the output path is a file, not a folder; move it or choose another --out", out)
        try:
            return TwinWriter(out, None, {}, set(), None, digest)
        except OSError as exc:
            raise RacekbError(f"cannot create the site beside it: {exc.strerror or exc}", out) from None

    def close(self, writer: TwinWriter, files: dict[str, bytes]) -> int:
        try:
            writer.close(files)
        except OSError as exc:
            writer.abort()
            raise self._write_error(exc) from None
        return len(writer.hashes)

    def finish(self, page_keys: dict[str, str], files: dict[str, bytes], counts: dict[str, int], count: int,
               warnings: list[str], clean: bool, written: dict[str, str]) -> None:
        pass


def _scans(out: Path | None, twin: Path) -> tuple[Scan | None, Scan]:
    """scan() of build/ (unless None) and of the twin: run beside the build (racekb.workers.background)."""
    return (scan(out) if out is not None else None, scan(twin))


class _Reuse:
    """render.Reuse for one build: the last build's page digests, and the twin writer that keeps
    build/'s file for a page whose digest is unchanged."""

    def __init__(self, previous: dict[str, str], writer: TwinWriter) -> None:
        self.previous = previous
        self.writer = writer

    def page_keys(self, graph: Graph, base_url: str, page_size: int) -> PageKeys:
        return PageKeys(graph, base_url, page_size)

    def previous_key(self, path: str) -> str | None:
        return self.previous.get(path)

    def keep_all(self, paths: list[str]) -> set[str]:
        return self.writer.keep_all(paths)


__all__ = ["BuildMemory", "Memory", "NullMemory", "input_fingerprint", "open_memory"]
