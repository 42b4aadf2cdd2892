"""Extraction spread over the machine's cores, with each release's result reused from the cache.

Why processes: the extractor is pure Python, so threads would share one interpreter lock.
Why the output cannot depend on the number of workers: each release is extracted on its own
(the extractor reads nothing but the release's date and body), results come back in input order
(`Executor.map`), and everything after extraction runs in this process as before.
"""

from __future__ import annotations

import gc
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Protocol, Sequence, cast

from racekb.extract.extraction import Extraction, decode_extraction, encode_extraction, extraction_key
from racekb.model.hashing import digest, stat_key
from racekb.model.errors import RacekbError
from racekb.workers.render_pool import cap_jobs
from racekb.model.progress import Progress
from racekb.extract.state import State
from racekb.load.records import Record
from racekb.load.seeds import Seed
from racekb.model.safeio import read_regular



class ReleaseCache(Protocol):
    """What the pools ask of the memory of releases (incremental.cache.ExtractCache is one):
    workers/ sits below incremental/ and names only this."""

    seconds: float

    def extraction(self, key: str) -> Extraction | None: ...

    def put_blob(self, key: str, blob: bytes) -> None: ...

    def known_seed(self, path: Path, root: Path) -> Seed | None: ...

    def put_seed(self, path: Path, root: Path, seed: Seed, st_key: tuple, content: str, noted_ns: int) -> None: ...


# Below this many releases to extract, starting worker processes costs more than it saves.
MIN_PARALLEL = 16


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes with the cycle collector on: they are forked from a build that pauses it
    while loading (cache.gc_paused), and a worker's garbage is its own to collect."""
    return ProcessPoolExecutor(max_workers=workers, initializer=gc.enable)


WORKER_DIED = ("a worker process ended without finishing (killed, or out of memory?); nothing was written; "
               "build again, or with -j 1 to use one process")


def _end(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: queued work cancelled, running workers killed and reaped (shutdown
    alone would let each finish its queue first)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        try:
            proc.kill()
        except (OSError, ValueError, AttributeError):
            pass
    for proc in procs:
        try:
            proc.join(timeout=5)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass


def _extract_one(item: tuple[Record, str]) -> object:
    """Run in a worker: the extraction already encoded for the cache (so the main process neither
    pickles it again nor rebuilds its mention objects), or the error as plain data (a
    RacekbError's path and line would not survive pickling as an exception)."""
    from racekb.extract.release import safe_extract  # the build's own wrapper, so errors read the same

    record, path = item
    try:
        return ("extraction", encode_extraction(safe_extract(record, path)))
    except RacekbError as exc:
        return ("error", exc.message, exc.path, exc.line)


def _received(value: object) -> tuple[Extraction, bytes] | RacekbError:
    """A worker's answer as (the extraction, its cache bytes), or the error it reported. An
    `extract` that returns a bare State (a test's stand-in) is encoded here."""
    if isinstance(value, tuple) and value and value[0] == "error":
        return RacekbError(value[1], value[2], value[3])
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "extraction":
        return decode_extraction(value[1]), value[1]
    blob = encode_extraction(cast(State, value))
    return decode_extraction(blob), blob


def _map(fn: Callable, items: list, jobs: int, at_least: int,
         report: Callable[[int], None] | None = None) -> list:
    """`[fn(item) for item in items]`, on `jobs` processes when there are at least `at_least`
    items (below that, starting workers costs more than it saves); results in input order.
    `report(n)` is told how many are done as they finish."""
    report = report or (lambda n: None)
    out: list = []
    if jobs > 1 and len(items) >= at_least:
        workers = cap_jobs(jobs, len(items))
        pool = _pool(workers)
        try:
            for value in pool.map(fn, items, chunksize=max(1, len(items) // (workers * 8))):
                out.append(value)
                report(len(out))
        except BrokenProcessPool:
            _end(pool)
            raise RacekbError(WORKER_DIED) from None
        except BaseException:  # Ctrl-C, SIGTERM, an error: the workers end now, not after their queue
            _end(pool)
            raise
        pool.shutdown()
        return out
    for item in items:
        out.append(fn(item))
        report(len(out))
    return out


def extract_many(records: Sequence[Record], paths: Sequence[str], jobs: int | None = None,
                 cache: ReleaseCache | None = None,
                 extract: Callable[[tuple[Record, str]], object] = _extract_one,
                 progress: Progress | None = None) -> list[Extraction | RacekbError]:
    """The extraction of each record (an Extraction, or a RacekbError for one that failed), in order.

    Cached extractions are reused; the rest are computed on `jobs` processes (default: all cores)
    and added to the cache. Errors are never cached, so a fixed extractor retries them.
    """
    started = time.perf_counter()
    results: list[Extraction | RacekbError] = [None] * len(records)  # type: ignore[list-item]  # all filled below
    keys = [extraction_key(r.date.isoformat(), r.body) for r in records]
    todo: list[int] = []
    for i, key in enumerate(keys):
        hit = cache.extraction(key) if cache is not None else None
        if hit is not None:
            results[i] = hit
        else:
            todo.append(i)
    report = (lambda n: progress("extracting", n, len(todo))) if progress is not None else None
    done = _map(extract, [(records[i], paths[i]) for i in todo], jobs or default_jobs(), MIN_PARALLEL, report)
    for i, value in zip(todo, done):
        received = _received(value)
        if isinstance(received, RacekbError):
            results[i] = received
            continue
        results[i], blob = received
        if cache is not None:
            cache.put_blob(keys[i], blob)
    for key, result in zip(keys, results):
        if isinstance(result, Extraction):
            result.key = key
    if cache is not None:
        cache.seconds += time.perf_counter() - started
    return results


def _read_one(item: tuple[Path, Path]) -> object:
    """Run in a worker: ("seed", stat key, when it was taken, content hash, the seed without its
    path), or the error as plain data. The stat is taken before the bytes are read and the seed
    must be of those very bytes (its sha256), so a file changed meanwhile is not remembered
    (stat key None) and the next build reads it again."""
    from racekb.load.seeds import read_seed
    from racekb.load.records import sha256_bytes

    path, root = item
    try:
        noted = time.time_ns()
        st: tuple[int, int, int, int, int] | None = stat_key(os.stat(path))
        data = read_regular(path)
    except OSError:
        st, data = None, None
    try:
        seed = read_seed(path, root)
    except RacekbError as exc:
        return ("error", exc.message, exc.path, exc.line)
    seed.path = None  # type: ignore[assignment]  # a Path is slow to send; the caller has it
    if data is None or seed.sha256 != sha256_bytes(data):
        return ("seed", None, 0, "", seed)
    return ("seed", st, noted, digest(data), seed)


def read_seeds(paths: Sequence[Path], root: Path, jobs: int | None = None,
               cache: ReleaseCache | None = None) -> list[Seed | RacekbError]:
    """Each seed parsed (a Seed, or the RacekbError it raised), in order: unchanged files from the
    cache, the rest on `jobs` processes when there are many (a first build parses thousands).
    Errors are never cached."""
    results: list[Seed | RacekbError] = [None] * len(paths)  # type: ignore[list-item]  # all filled below
    todo = []
    for i, path in enumerate(paths):
        hit = cache.known_seed(path, root) if cache is not None else None
        if hit is not None:
            results[i] = hit
        else:
            todo.append(i)
    done = _map(_read_one, [(paths[i], root) for i in todo], jobs or default_jobs(), MIN_PARALLEL * 16)
    for i, value in zip(todo, done):
        if value[0] == "error":
            results[i] = RacekbError(value[1], value[2], value[3])
            continue
        _tag, st_key, noted, content, seed = value
        seed.path = paths[i]
        if cache is not None and st_key is not None:
            cache.put_seed(paths[i], root, seed, st_key, content, noted)
        results[i] = seed
    return results
