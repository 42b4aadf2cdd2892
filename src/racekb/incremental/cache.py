"""What a build remembers between runs, under the site's .racekb/cache/, all keyed by content hash.

Why: at ten thousand releases almost all of a rebuild is work already done. What is kept:

* **extractions** (`releases-XX.pickle`, 256 shards): what the build reads of a release's
  extraction (`Extraction`), keyed by the hash of what the extractor reads (the record's date and
  body) plus `code_fingerprint()`, so an unchanged release is never extracted twice, and any
  change to racekb's code or extractor data discards them all; parsed seeds (`KnownSeed`) and
  records likewise, by their bytes;
* **file hashes** (`FileMemo`): the content hash of each input file, trusted while its size,
  mtime, ctime, inode and device are unchanged, so unchanged files are neither read nor hashed;
* **pages** (in `build.pickle`, see `racekb.incremental.pagekeys`): for each entity and release page, the
  digest of what it reads, so an unchanged page is kept from build/ instead of rendered;
* **the search index** (`words.pickle`, `postings.pickle`: racekb.render.search_index, racekb.render.postings):
  each release text's words and the inverted index, so an edit patches the index;
* **the last build** (`build.pickle`, `files.pickle`): a hash of every input (seeds, content,
  templates, the record log, racekb's code, the options) and what build/ and the twin hold, so a
  build whose inputs are all unchanged, with build/ as racekb left it, is answered at once.

Every entry is a pure function of its key, so a cache can only make a build faster, never
different: deleting .racekb/cache (or `racekb build --no-cache`) gives the same bytes.
A corrupt or unreadable cache file is ignored, never trusted.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import pickle
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, cast

from racekb.extract.extraction import (Extraction, decode_extraction, encode_extraction,  # noqa: F401 - re-exported
                                       extraction_key, names_of_keys)
from racekb.model.hashing import (CACHE_VERSION, code_digest, code_fingerprint, digest, file_digest,  # noqa: F401
                                  load_pickle, raw_digest, save_pickle, stat_key)
from racekb.load.records import Record
from racekb.load.seeds import Seed
from racekb.model.safeio import NotRegularFile, kind, read_regular


def tree_hashes(folder: Path, memo: "FileMemo | None" = None) -> dict[str, str]:
    """Relative path -> content hash of every file under `folder` (empty when it is missing).

    With a `memo`, a file whose stat is unchanged since it was last hashed is not read again.
    Paths are handled as strings: at twenty thousand files pathlib was most of the time."""
    out: dict[str, str] = {}
    if not folder.is_dir():
        return out
    top = str(folder)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        prefix = "" if dirpath == top else dirpath[len(top) + 1:].replace(os.sep, "/") + "/"
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                out[prefix + name] = memo.digest_of(path) if memo is not None else file_digest(path)
            except NotRegularFile as exc:  # a FIFO or a device is never read: it would hang the build
                out[prefix + name] = f"not read: {exc.kind}"
            except OSError:
                out[prefix + name] = "unreadable"
    return out


def cache_dir(state: Path) -> Path:
    return state / "cache"


RACY_NS = 2_000_000_000


class FileMemo:
    """Content hashes of files, reused while a file's stat is unchanged (what git's index does).

    Why: a rebuild hashed every seed and record twice (the no-op check, then the cache keys) and
    read each once more to parse it; at ten thousand releases that is most of a one-edit rebuild.
    An entry is trusted only when the file's size, mtime, ctime, inode and device are what they
    were and the file had last changed well before the stat was noted (see RACY_NS); anything
    else is read and hashed again. Stored in .racekb/cache/filestat.pickle; a damaged file is
    an empty memo.
    """

    def __init__(self, path: Path | None = None, entries: dict | None = None) -> None:
        self.path = path
        self.entries: dict[str, tuple[tuple, str, int]] = entries if isinstance(entries, dict) else {}
        self.seen: set[str] = set()  # files looked at by this build: the ones worth remembering
        self.verified: dict[str, str] = {}  # path -> the content hash digest_of found this build
        self.dirty = False

    @classmethod
    def open(cls, state: Path) -> "FileMemo":
        path = cache_dir(state) / "filestat.pickle"
        entries = load_pickle(path, {}, code_bound=False)
        return cls(path, entries if isinstance(entries, dict) else None)

    def known(self, path: Path | str, st: os.stat_result) -> str | None:
        """The content hash of `path` if its stat `st` proves it unchanged since it was hashed."""
        name = str(path)
        self.seen.add(name)
        entry = self.entries.get(name)
        if not isinstance(entry, tuple) or len(entry) != 3 or entry[0] != stat_key(st):
            return None
        if max(st.st_mtime_ns, st.st_ctime_ns) + RACY_NS >= entry[2]:
            return None  # changed too close to when it was noted: its stat proves nothing
        return entry[1]

    def note(self, path: Path | str, st: os.stat_result | tuple, content_digest: str, noted_ns: int) -> None:
        """Remember that `path`, as `st` shows it (taken at `noted_ns`, before reading), hashes so.
        `st` may be a stat_key already (from a worker process)."""
        key = st if isinstance(st, tuple) and not isinstance(st, os.stat_result) else stat_key(st)
        self.entries[str(path)] = (key, content_digest, noted_ns)
        self.seen.add(str(path))
        self.dirty = True

    def digest_of(self, path: Path | str) -> str:
        """`digest(path.read_bytes())`, without reading the file when its stat proves it unchanged."""
        noted = time.time_ns()
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, kind(st.st_mode))
        value = self.known(path, st)
        if value is None:
            value = file_digest(path)
            self.note(path, st, value, noted)
        self.verified[str(path)] = value
        return value

    def save(self) -> None:
        """Keep the files this build looked at (every input is: a deleted file's entry goes)."""
        if self.path is None or not (self.dirty or len(self.seen) != len(self.entries)):
            return
        self.entries = {p: e for p, e in self.entries.items() if p in self.seen}
        save_pickle(self.path, self.entries, code_bound=False)
        self.dirty = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while a stage builds many long-lived objects.

    Why: reading ten thousand cached releases allocates millions of objects that all live on;
    each full collection on the way walks everything allocated so far, which made loading several
    times slower than the unpickling itself. Nothing built here is garbage worth collecting, so
    on the way out what was built is frozen (gc.freeze: left out of later collections, still
    freed as usual when no longer referenced) instead of being walked by the first collection;
    the next pause unfreezes whatever of it is still alive, so nothing stays frozen for good.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


_SEED_TAG = "seed-2"


class KnownSeed:
    """A seed the cache knows, its file unchanged since it was parsed: its name and hash at hand,
    the rest (title, date, text) decoded only if asked for, which a build does only for a seed
    whose record must be written again. Every build compares ten thousand unchanged seeds with
    their records; decoding them all was most of that."""

    __slots__ = ("path", "source", "sha256", "_blob", "_seed")

    def __init__(self, path: Path, source: str, sha256: str, blob: bytes) -> None:
        self.path, self.source, self.sha256 = path, source, sha256
        self._blob = blob
        self._seed: object | None = None

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._seed is None:
            seed = pickle.loads(self._blob)
            seed.path = self.path
            self._seed = seed
        return getattr(self._seed, name)


SHARD_CHARS = 2  # entries are spread over 256 files by the first two hex digits of their key


@dataclass
class ExtractCache:
    """Per-release work by content hash: extractions, and parsed seeds and records.

    Entries are kept pickled (bytes) and spread over 256 shard files (releases-XX.pickle),
    so that a one-release change rewrites the few shards it touched, not every entry; only the
    entries a build used are kept. A seed's or record's key takes the file's content hash from
    the FileMemo, so an unchanged file is neither read nor parsed.
    """

    path: Path
    entries: dict[str, bytes] = field(default_factory=dict)
    used: dict[str, bytes] = field(default_factory=dict)
    files: FileMemo | None = None
    stored: dict[str, set[str]] = field(default_factory=dict)  # shard -> keys its file holds
    present: set[str] = field(default_factory=set)  # shard files that exist, readable or not
    changed: set[str] = field(default_factory=set)  # shards with an entry put this build
    seconds: float = 0.0  # time spent extracting (and looking up), for the build's timings
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, state: Path, files: FileMemo | None = None) -> "ExtractCache":
        cache = cls(path=cache_dir(state) / "releases.pickle", files=files)
        cache._read_shards()
        return cache

    def _shard_path(self, shard: str) -> Path:
        return self.path.with_name(f"{self.path.stem}-{shard}{self.path.suffix}")

    def _read_shards(self) -> None:
        prefix, suffix = f"{self.path.stem}-", self.path.suffix
        try:
            names = [n for n in os.listdir(self.path.parent) if n.startswith(prefix) and n.endswith(suffix)
                     and len(n) == len(prefix) + SHARD_CHARS + len(suffix)]
        except OSError:
            return
        for name in names:
            shard = name[len(prefix):len(prefix) + SHARD_CHARS]
            self.present.add(shard)
            value = load_pickle(self.path.parent / name, {})
            if not isinstance(value, dict):
                continue
            keys = {k for k, v in value.items()
                    if isinstance(k, str) and k[:SHARD_CHARS] == shard and isinstance(v, bytes)}
            self.stored[shard] = keys
            self.entries.update((k, value[k]) for k in keys)

    @staticmethod
    def key(date: str, body: str) -> str:
        """What the extractor reads of a release: its date and its body (and racekb's code)."""
        return extraction_key(date, body)

    def _lookup(self, key: str) -> object | None:
        blob = self.entries.get(key)
        if blob is None:
            return None
        try:
            value = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None
        self.used[key] = blob
        return value

    def get(self, key: str) -> object | None:
        value = self._lookup(key)
        if value is not None:
            self.hits += 1
        return value

    def put(self, key: str, value: object) -> None:
        self.put_blob(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_blob(self, key: str, blob: bytes) -> None:
        self.used[key] = blob
        self.changed.add(key[:SHARD_CHARS])
        self.misses += 1

    def extraction(self, key: str) -> Extraction | None:
        """The cached extraction under `key`, or None (missing or damaged: extract again)."""
        blob = self.entries.get(key)
        if blob is None:
            return None
        try:
            value = decode_extraction(blob)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None
        self.used[key] = blob
        self.hits += 1
        return value

    def _content(self, path: Path, as_found: bool = True) -> tuple[str, bytes | None]:
        """(content hash of the file, its bytes if they had to be read). With `as_found`, a file
        this build's check hashed already is taken as the check found it: the build is of its
        inputs as found then (incremental.py remembers them so; one changed since is seen by the
        next build), and a second stat of each of 20,000 files showed in a rebuild."""
        if self.files is None:
            data = read_regular(path)
            return digest(data), data
        known = self.files.verified.get(str(path)) if as_found else None
        if known is not None:
            return known, None
        noted = time.time_ns()
        st = os.stat(path)
        known = self.files.known(path, st)
        if known is not None:
            return known, None
        data = read_regular(path)
        value = digest(data)
        self.files.note(path, st, value, noted)
        return value, data

    def record(self, path: Path, read: Callable[[Path], Record]) -> Record:
        """`read(path)` (a record parser), reused while the file's name and bytes are unchanged.
        Errors are raised as usual and never remembered."""
        try:
            content, _ = self._content(path)
        except OSError:
            return read(path)  # the parser words the error
        key = code_digest("record", path.name, content)
        hit = self._lookup(key)  # hits and misses count extractions only
        if isinstance(hit, Record):
            return hit
        value = read(path)
        self.put(key, value)
        self.misses -= 1
        return value

    def prime_record(self, path: Path, record: object, text: str | None = None) -> None:
        """Remember `record` as the parse of the file just written from it at `path` (a record
        reads back as the record it was written from: tests/load/test_load.py checks the round trip,
        tests/incremental/test_incremental.py that builds using this equal clean ones). `text`: what was
        written, so the file need not be read back."""
        try:
            if text is not None and self.files is not None:
                noted = time.time_ns()
                st = os.stat(path)
                content = digest(text.encode("utf-8"))
                if st.st_size != len(text.encode("utf-8")):
                    return  # not what we wrote (changed under us): let the next build read it
                self.files.note(path, st, content, noted)
            else:
                content, _ = self._content(path, as_found=False)  # just written: not as the check found it
        except OSError:
            return
        self.put(code_digest("record", path.name, content), record)
        self.misses -= 1

    def known_seed(self, path: Path, root: Path) -> Seed | None:
        """The parsed seed at `path` if the FileMemo proves the file unchanged and it was parsed
        before; None means parse it (and `put_seed` the result)."""
        if self.files is None:
            return None
        # hashed by this build's own check already: the build is of the seeds as it found them
        # (incremental/memory.py remembers them so), and a second stat of each showed at 10,000
        content = self.files.verified.get(str(path))
        if content is None:
            try:
                content = self.files.known(path, os.stat(path))
            except OSError:
                return None
        if content is None:
            return None
        hit = self._lookup(self._seed_key(path, root, content))
        if not (isinstance(hit, tuple) and len(hit) == 4 and hit[0] == _SEED_TAG):
            return None
        _tag, source, sha256, blob = hit
        return cast(Seed, KnownSeed(path, source, sha256, blob))  # reads as a Seed, decoded when asked

    def put_seed(self, path: Path, root: Path, seed: Seed, st_key: tuple, content: str, noted_ns: int) -> None:
        """Remember a seed parsed elsewhere (a worker) from a file whose stat key was `st_key`
        at `noted_ns`, before it was read, and whose content hash is `content`."""
        if self.files is not None:
            self.files.note(path, st_key, content, noted_ns)
        stored = dataclasses.replace(seed, path=None)  # type: ignore[arg-type]  # a Path is slow to unpickle; it is part of the key
        blob = pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)
        self.put(self._seed_key(path, root, content), (_SEED_TAG, seed.source, seed.sha256, blob))
        self.misses -= 1

    @staticmethod
    def _seed_key(path: Path, root: Path, content: str) -> str:
        return code_digest("seed", str(path), str(root), content)

    def save(self) -> None:
        """Rewrite only the shards whose set of entries changed; drop the ones left empty."""
        wanted: dict[str, dict[str, bytes]] = {}
        for key, blob in self.used.items():
            wanted.setdefault(key[:SHARD_CHARS], {})[key] = blob
        for shard in sorted(set(wanted) | self.present):
            entries = wanted.get(shard, {})
            if shard not in self.changed and set(entries) == self.stored.get(shard):
                continue
            if entries:
                save_pickle(self._shard_path(shard), entries)
            else:
                try:
                    self._shard_path(shard).unlink()
                except OSError:
                    pass
        try:
            self.path.unlink()  # the one-file layout of CACHE_VERSION 1, if a build left one
        except OSError:
            pass


class NullReleases:
    """The release memory of a --no-cache build (incremental.memory.NullMemory): it knows no
    extraction, seed or record, so each is worked out again, and keeps nothing."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}
        self.used: dict[str, bytes] = {}
        self.seconds = 0.0  # time spent extracting, for the build's timings

    def extraction(self, key: str) -> Extraction | None:
        return None

    def put_blob(self, key: str, blob: bytes) -> None:
        pass

    def record(self, path: Path, read: Callable[[Path], Record]) -> Record:
        return read(path)

    def prime_record(self, path: Path, record: object, text: str | None = None) -> None:
        pass

    def known_seed(self, path: Path, root: Path) -> Seed | None:
        return None

    def put_seed(self, path: Path, root: Path, seed: Seed, st_key: tuple, content: str, noted_ns: int) -> None:
        pass

    def save(self) -> None:
        pass


Releases = ExtractCache | NullReleases  # what a build asks for releases it may have seen before
