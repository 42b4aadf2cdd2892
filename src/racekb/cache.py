"""What a build remembers between runs, under the site's .racekb/cache/, all keyed by content hash.

Why: at ten thousand releases almost all of a rebuild is work already done. Three memories:

* **extractions** (`extract.pickle`): a release's extraction keyed by the hash of what the
  extractor reads (the record's date and body) plus `code_fingerprint()`, so an unchanged release
  is never extracted twice, and any change to racekb's code or extractor data discards them all;
* **pages** (`pages.pickle`, used by `racekb.pagecache`): for each file of the last build, the
  hash of everything its template read, and the file's bytes hash and stat, so an unchanged page is
  neither re-rendered nor rewritten;
* **the last build** (`build.pickle`): a hash of every input (seeds, content, templates, the
  record log, racekb's code, the options) and the graph it gave, so a build whose inputs are all
  unchanged, with build/ as racekb left it, is answered at once.

Every entry is a pure function of its key, so a cache can only make a build faster, never
different: deleting .racekb/cache (or `racekb build --no-cache`) gives the same bytes.
A corrupt or unreadable cache file is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable

import racekb
from racekb.site import PACKAGE_DIR, default_templates_dir

CACHE_VERSION = "1"  # bump when the layout of any cache file changes
_DEPENDENCIES = ("jinja2", "markupsafe", "markdown-it-py", "pyyaml", "python-frontmatter")


def digest(*parts: bytes | str) -> str:
    """A hex hash of the parts, with separators so ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of racekb's own code, data, static files and default templates, and the versions of
    the libraries that shape its output.

    The version number alone is not enough: an editable install changes its code without a new
    version, and a cached extraction or page from other code must never be reused.
    """
    parts: list[bytes | str] = [CACHE_VERSION, racekb.__version__]
    for dist in _DEPENDENCIES:
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=?")
    roots = [PACKAGE_DIR, default_templates_dir()]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
                parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


def tree_hashes(folder: Path) -> dict[str, str]:
    """Relative path -> content hash of every file under `folder` (empty when it is missing)."""
    out: dict[str, str] = {}
    if not folder.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            try:
                out[path.relative_to(folder).as_posix()] = digest(path.read_bytes())
            except OSError:
                out[path.relative_to(folder).as_posix()] = "unreadable"
    return out


def cache_dir(state: Path) -> Path:
    return state / "cache"


def load_pickle(path: Path, default: object, code_bound: bool = True) -> object:
    """The object stored at `path`, or `default` if it is missing, unreadable or from another layout
    (or, when `code_bound`, written by other racekb code)."""
    try:
        with path.open("rb") as fh:
            version, value = pickle.load(fh)
    except Exception:  # noqa: BLE001 - any damage means "no cache", never a failed build
        return default
    return value if version == _version(code_bound) else default


def _version(code_bound: bool) -> tuple[str, str]:
    return (CACHE_VERSION, code_fingerprint() if code_bound else "any code")


def save_pickle(path: Path, value: object, code_bound: bool = True) -> None:
    """Write atomically (temp file + rename), so a killed build never leaves half a cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            pickle.dump((_version(code_bound), value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)  # a read-only or full disk costs speed, not the build


@dataclass
class ExtractCache:
    """Per-release work by content hash: extractions, and parsed records.

    Entries are kept pickled (bytes) so that saving after a one-release change rewrites one file
    with a memory copy, not ten thousand objects; only the entries a build used are kept.
    """

    path: Path
    entries: dict[str, bytes] = field(default_factory=dict)
    used: dict[str, bytes] = field(default_factory=dict)
    dirty: bool = False
    seconds: float = 0.0  # time spent extracting (and looking up), for the build's timings
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, state: Path, enabled: bool = True) -> "ExtractCache":
        path = cache_dir(state) / "releases.pickle"
        entries = load_pickle(path, {}) if enabled else {}
        return cls(path=path, entries=entries if isinstance(entries, dict) else {})

    @staticmethod
    def key(date: str, body: str) -> str:
        """What the extractor reads of a release: its date and its body (and racekb's code)."""
        return digest(code_fingerprint(), "extract", date, body)

    def get(self, key: str) -> object | None:
        blob = self.entries.get(key)
        if blob is None:
            return None
        try:
            value = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None
        self.used[key] = blob
        self.hits += 1
        return value

    def put(self, key: str, value: object) -> None:
        self.used[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.misses += 1
        self.dirty = True

    def record(self, path: Path, read: Callable[[Path], object]) -> object:
        """`read(path)` (a record parser), reused while the file's name and bytes are unchanged.
        Errors are raised as usual and never remembered."""
        data = path.read_bytes()
        key = digest(code_fingerprint(), "record", path.name, data)
        hit = self.get(key)
        if hit is not None:
            self.hits -= 1  # count extractions only
            return hit
        value = read(path)
        self.put(key, value)
        self.misses -= 1
        return value

    def prime_record(self, path: Path, record: object) -> None:
        """Remember `record` as the parse of the file just written from it at `path` (a record
        reads back as the record it was written from: tests/test_load.py checks the round trip,
        tests/test_incremental.py that builds using this equal clean ones)."""
        try:
            data = path.read_bytes()
        except OSError:
            return
        self.put(digest(code_fingerprint(), "record", path.name, data), record)
        self.misses -= 1

    def seed(self, path: Path, root: Path, read: Callable[[Path, Path], object]) -> object:
        """`read(path, root)` (the seed parser), reused while the file's bytes are unchanged."""
        data = path.read_bytes()
        key = digest(code_fingerprint(), "seed", str(path), str(root), data)
        hit = self.get(key)
        if hit is not None:
            self.hits -= 1  # count extractions only
            return hit
        value = read(path, root)
        self.put(key, value)
        self.misses -= 1
        return value

    def save(self) -> None:
        if self.dirty or len(self.used) != len(self.entries):
            save_pickle(self.path, self.used)
