"""The build's memory of itself: when nothing changed, when a page is unchanged, what build/ holds.

How an incremental build stays equal to a clean one, byte for byte:

* the **no-op check** hashes every input a build reads (seeds/, content/, templates/, the record
  log, racekb's code and the options) and compares with the hash stored by the last successful
  build, and checks that build/ still holds exactly the files that build wrote (same paths, same
  size, mtime and inode). Only then is the last build's result returned without building;
* otherwise the build runs in full, with extraction reused per release (`cache.ExtractCache`) and
  rendering reused per page (`pagecache`), both keyed by everything they read;
* the new site is made beside build/ and swapped in whole, as always, but by updating a twin
  tree rather than writing a fresh one (racekb.shadow): a page whose bytes are unchanged is a
  hard link to build/'s file (same inode, same mtime: not rewritten), and build/ itself is never
  written to, so a failed or killed build leaves the last good site whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from racekb.cache import FileMemo, cache_dir, code_fingerprint, digest, load_pickle, save_pickle, tree_hashes
from racekb.errors import RacekbError
from racekb.pagecache import ACTIVE, PageCache, read_checked
from racekb.shadow import (Manifest, Scan, TwinWriter, manifest_of, matches, scan, shadow_path)



def input_fingerprint(site: Any, options: dict[str, object], memo: FileMemo | None = None) -> str:
    """A hash of everything a build reads. Content hashes, not times: a touched file is unchanged.
    `memo` spares reading a file whose stat proves it unchanged since it was last hashed."""
    parts: list[str] = [code_fingerprint(), repr(sorted(options.items())), str(site.out)]
    for name, folder in (("seeds", site.seeds), ("content", site.content), ("templates", site.templates)):
        for rel, h in tree_hashes(folder, memo).items():
            parts += [name, rel, h]
    log = site.state / "records.json"
    parts.append(digest(log.read_bytes()) if log.is_file() else "no-log")
    return digest(*parts)


@dataclass
class Memory:
    """What the last successful build left in .racekb/cache/build.pickle."""

    fingerprint: str = ""
    manifest: Manifest = field(default_factory=dict)  # build/ as this build left it
    twin: Manifest = field(default_factory=dict)  # the twin tree beside it (racekb.shadow)
    page_keys: dict[str, str] = field(default_factory=dict)  # path -> page key
    pages: int = 0
    warnings: list[str] = field(default_factory=list)


class Incremental:
    """One build's use of the memory: open it, maybe answer at once, reuse pages, save it."""

    def __init__(self, site: Any, options: dict[str, object], enabled: bool = True) -> None:
        self.site = site
        self.enabled = enabled
        self.options = options
        self.path = cache_dir(site.state) / "build.pickle"
        self.graph_path = cache_dir(site.state) / "graph.pickle"
        memory = load_pickle(self.path, None) if enabled else None
        self.memory: Memory = memory if isinstance(memory, Memory) else Memory()
        # what build/ and the twin hold is a fact about files, whatever code wrote them: kept apart
        # so that a new racekb still updates the twin instead of writing a whole tree
        self.files_path = cache_dir(site.state) / "files.pickle"
        files = load_pickle(self.files_path, None, code_bound=False) if enabled else None
        if isinstance(files, tuple) and len(files) == 2:
            self.memory.manifest, self.memory.twin = files
        # content hashes of the inputs by stat, shared with the release cache (cache.ExtractCache)
        self.files: FileMemo | None = FileMemo.open(site.state) if enabled else None
        self.fingerprint = input_fingerprint(site, options, self.files) if enabled else ""
        self.pages: PageCache | None = None
        self.page_keys: dict[str, str] = {}
        self.written = 0
        self.live_scan: Scan | None = None
        self.new_manifest: Manifest = {}
        self.new_twin: Manifest = {}

    def unchanged(self) -> tuple[Any, int, list[str]] | None:
        """(graph, files, warnings) of the last build, if its inputs and build/ are exactly as it left
        them; None means build."""
        m = self.memory
        if not self.enabled or not m.fingerprint or m.fingerprint != self.fingerprint:
            return None
        self.live_scan = scan(self.site.out)  # build/ is not touched again before the swap
        if not m.manifest or not matches(self.live_scan, m.manifest):
            return None
        graph = load_pickle(self.graph_path, None)
        if graph is None:
            return None
        self.files.save()  # hashes refreshed by this check spare the next one
        return graph, m.pages, list(m.warnings)

    def page_cache(self) -> PageCache:
        """The page cache for this build's render (empty when disabled)."""
        m = self.memory
        previous = {key: path for path, key in m.page_keys.items() if path in m.manifest} if self.enabled else {}
        self.pages = PageCache(previous, read_checked(self.site.out, m.manifest))
        return self.pages

    def rendering(self) -> "_Active":
        """`with incremental.rendering(): render_site(...)` renders through the page cache."""
        return _Active(self.page_cache())

    def writer(self) -> TwinWriter:
        """A streaming publish: render hands each page to `put_page` as it is made, `close`
        swaps the site in. Same twin, same manifests and same swap as `publish`, without
        holding every page (the peak memory of a big build was its own text)."""
        out = self.site.out
        if out.exists() and not out.is_dir():
            raise RacekbError("the output path is a file, not a folder; move it or choose another --out", out)
        live_files, _dirs = self.live_scan if self.live_scan is not None else scan(out)
        old = self.memory.manifest
        live_ok = {p for p, e in old.items() if live_files.get(p) == e[1:]}
        twin = shadow_path(out, self.site.state)
        reuse = bool(out.is_dir() and self.memory.twin and twin.is_dir()
                     and matches(scan(twin), self.memory.twin))
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

    def put_page(self, writer: TwinWriter, path: str, text: str) -> None:
        """One rendered page: its page-cache key noted, its bytes written, its text let go."""
        key = self.pages.key_of(text) if self.pages is not None else None
        if key is None:
            self.page_keys.pop(path, None)
        else:
            self.page_keys[path] = key
        try:
            writer.put(path, text.encode("utf-8"))
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
        self.new_manifest = manifest_of(self.site.out, writer.hashes)
        return len(writer.hashes)

    def finish(self, pages: dict[str, str] | None, files: dict[str, bytes], graph: Any, count: int,
               warnings: list[str], clean: bool) -> None:
        """Remember this build (only a build with nothing skipped may answer a later no-op).
        `pages` None: the page keys were noted as the pages were streamed (`put_page`)."""
        if not self.enabled:
            return
        if pages is None:
            keys = self.page_keys
        else:
            keys = self.pages.keys_for(pages) if self.pages is not None else {}
        memory = Memory(fingerprint=input_fingerprint(self.site, self.options, self.files) if clean else "",
                        manifest=self.new_manifest, twin=self.new_twin, page_keys=keys, pages=count,
                        warnings=list(warnings))
        save_pickle(self.graph_path, graph)
        save_pickle(self.files_path, (self.new_manifest, self.new_twin), code_bound=False)
        save_pickle(self.path, memory)
        if self.files is not None:
            self.files.save()


class _Active:
    def __init__(self, cache: PageCache) -> None:
        self.cache = cache
        self.token = None

    def __enter__(self) -> PageCache:
        self.token = ACTIVE.set(self.cache)
        return self.cache

    def __exit__(self, *exc: object) -> None:
        ACTIVE.reset(self.token)


__all__ = ["Incremental", "Memory", "input_fingerprint"]
