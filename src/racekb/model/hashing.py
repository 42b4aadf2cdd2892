"""Content hashes and versioned pickles: the vocabulary every memory of a build is written in.

Why here, below the stages: a stage that keeps something between builds (the search index's
words) or names what it read by a digest (resolve's release signatures) needs the same hash and
the same pickle format as incremental/, without importing it. `code_fingerprint` is the hash of
racekb's own code, so an entry written by other code is never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import racekb
from racekb.model.safeio import NotRegularFile, kind, open_regular, read_regular
from racekb.model.site import PACKAGE_DIR, default_templates_dir

CACHE_VERSION = "2"  # bump when the layout of any cache file changes
_DEPENDENCIES = ("jinja2", "markupsafe", "markdown-it-py", "pyyaml")


def digest(*parts: bytes | str) -> str:
    """A hex hash of the parts, with separators so ("ab", "c") and ("a", "bc") differ."""
    return raw_digest(*parts).hex()


def raw_digest(*parts: bytes | str, size: int = 20) -> bytes:
    """`digest` as bytes (of `size` bytes), for hashes that are combined rather than shown."""
    h = hashlib.blake2b(digest_size=size)
    _feed(h, parts)
    return h.digest()


def _feed(h: hashlib.blake2b, parts: tuple[bytes | str, ...]) -> None:
    """Each part with its length first, so ("ab", "c") and ("a", "bc") hash apart."""
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)


def code_digest(kind: str, *parts: bytes | str) -> str:
    """`digest(code_fingerprint(), kind, *parts)`: the key of a cache entry made by this code.
    The hash of the first two parts is made once and copied: a rebuild takes 30,000 keys."""
    h = _primed(code_fingerprint(), kind).copy()
    _feed(h, parts)
    return h.hexdigest()


@lru_cache(maxsize=16)
def _primed(fingerprint: str, kind: str) -> hashlib.blake2b:
    h = hashlib.blake2b(digest_size=20)
    _feed(h, (fingerprint, kind))
    return h


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


def file_digest(path: Path | str) -> str:
    """`digest(path.read_bytes())`, read in pieces, so a big file (graph.json) is never held whole.
    A file that changes size while it is read is read again whole, so the hash is of one version."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(path, kind(st.st_mode))
    size = st.st_size
    h = hashlib.blake2b(digest_size=20)
    h.update(size.to_bytes(8, "little"))
    read = 0
    with os.fdopen(open_regular(path), "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            read += len(chunk)
    if read != size:
        return digest(read_regular(path))
    return h.hexdigest()


def load_pickle(path: Path, default: object, code_bound: bool = True) -> object:
    """The object stored at `path`, or `default` if it is missing, unreadable or from another layout
    (or, when `code_bound`, written by other racekb code)."""
    try:
        with os.fdopen(open_regular(path), "rb") as fh:
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


# A file changed this close to the moment its stat was noted may change again without its stat
# showing it (timestamps are coarse: a clock tick on ext4, 2 s on FAT), so such an entry is
# hashed again rather than trusted.
def stat_key(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """What a write, a copy, a rename over or a `touch -d` always changes at least one of."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
