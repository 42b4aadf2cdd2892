"""Pages rendered on several cores, by forked worker processes.

Why fork: a worker needs the whole graph, the fact index and the Jinja environment. A forked child
has them already (shared copy-on-write), where a spawned one would first unpickle hundreds of
megabytes. Why the site cannot depend on the number of workers: every file is a pure function of
the graph, made by the same `SiteRenderer.run` whichever process runs it; the parent writes
every file. With other threads running (`racekb serve` rebuilds beside its web server) forking is
not safe, and the pages are rendered in the build's own process instead.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import multiprocessing.pool
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Protocol, Sequence

from racekb.model.errors import RacekbError
from racekb.model.spool import Spooled
from racekb.workers.background import forking_is_safe

if TYPE_CHECKING:
    from racekb.render.pages import SiteRenderer, Unit


class TwinWriter(Protocol):
    """The tree being built that workers write into (publish.tree.TwinWriter), named by what
    the workers use of it."""

    hashes: dict[str, str]
    placed: list[str]

    @property
    def touched(self) -> int: ...

    def put(self, rel: str, data: bytes) -> None: ...

    def put_file(self, rel: str, src: Path) -> None: ...

    def note_written(self, files: list[tuple[str, str]], placed: list[str]) -> None: ...

# Below this many pages to render, starting workers costs more than it saves.
MIN_PARALLEL = 64
WATCH_SECONDS = 0.5  # how often a wait for results checks that every worker is alive
WORKER_DIED = ("a render worker process ended without finishing (killed, or out of memory?); the previous "
               "site is unchanged; build again, or with -j 1 to use one process")
BATCH = 24  # pages per task: big enough to keep the pipe quiet, small enough to share out evenly

_RENDERER: "SiteRenderer | None" = None  # set in the parent just before forking; workers inherit it
_WRITER: "TwinWriter | None" = None  # likewise: the tree being built, which workers may write into


def cap_jobs(jobs: int, items: int, per_worker: int = 1) -> int:
    """Workers worth starting for `items` pieces of work asked of `jobs` processes: never more
    than there is work for (`per_worker` pieces each), nor more than twice the cores (the work is
    CPU-bound: `-j 400` on 2 cores only forked 400 processes to wait for each other)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(jobs, -(-items // max(1, per_worker)), 2 * max(1, cores)))


def _render_batch(units: Sequence["Unit"]) -> tuple:
    """In a worker: ("ok", files, files written, paths written or linked, units done), or an
    error as plain data (a RacekbError's path and line would not survive
    pickling as an exception).

    With a writer, each file goes straight into the tree being built (a distinct path per page,
    so workers never meet) and only its path and hash go back: the text of the site no longer
    crosses a pipe to be written by one process. Without one, the files go back as bytes."""
    renderer = _RENDERER
    if renderer is None:  # a worker forked later, to replace one that died: it has nothing to render with
        return ("error", WORKER_DIED, None, None)
    out: list[tuple[str, bytes]] = []
    written: list[tuple[str, str]] = []
    writer = _WRITER
    before = writer.touched if writer is not None else 0

    def sink(path: str, text: str | bytes | Spooled) -> None:
        if writer is None:  # encoded here, so the parent neither encodes nor keeps a second copy
            assert not isinstance(text, Spooled)  # a spool comes only with a writer
            out.append((path, text if not isinstance(text, str) else text.encode("utf-8")))
            return
        if isinstance(text, (str, bytes)):
            writer.put(path, text if isinstance(text, bytes) else text.encode("utf-8"))
        else:
            writer.put_file(path, text.path)  # a Spooled file
        written.append((path, writer.hashes[path]))

    renderer.sink = sink
    try:
        for unit in units:
            renderer.run(unit)
    except RacekbError as exc:
        return ("error", exc.message, exc.path, exc.line)
    except OSError as exc:
        return ("error", f"cannot write the site: {exc.strerror or exc} ({exc.filename}); the previous site "
                         "is unchanged", None, None)
    return ("ok", out, written, writer.placed[before:] if writer is not None else [],
            len(units))


def batches(units: Sequence["Unit"], jobs: int = 1) -> list[list["Unit"]]:
    """Pages in groups of BATCH, or smaller when there are too few pages to give each of `jobs`
    workers two groups (after an edit, a few dozen pages)."""
    size = max(1, min(BATCH, -(-len(units) // (2 * jobs))))
    return [list(units[i:i + size]) for i in range(0, len(units), size)]


class _Pool(multiprocessing.pool.Pool):
    """A process pool whose terminate() cannot hang on a worker killed from outside.

    Why: Pool.terminate() first empties the task pipe so that its feeding thread can stop, taking
    the pipe's lock and reading whole messages. A worker killed (the OOM killer, a stop) while it
    held that lock, or halfway through reading a message, left terminate() waiting forever, and
    the build hung holding its lock. Here the pipe is emptied byte-wise without the lock, for a few
    seconds at most: every task left in it is being thrown away, and the workers are killed next.
    Likewise a worker killed while it wrote a result held the result pipe's lock: the workers are
    killed first, and a lock that none of the living can hold is released."""

    def terminate(self) -> None:
        for proc in list(self._pool):  # type: ignore[attr-defined]
            proc.kill()
            proc.join(5)
        for lock in (self._inqueue._rlock, self._outqueue._wlock):  # type: ignore[attr-defined]
            if lock is None:
                continue
            if lock.acquire(timeout=0.1):
                lock.release()
            else:
                with contextlib.suppress(ValueError):
                    lock.release()  # held by a dead worker: a semaphore, so any process may post it
        super().terminate()

    @staticmethod
    def _help_stuff_finish(inqueue, task_handler, size):
        fd = inqueue._reader.fileno()
        os.set_blocking(fd, False)
        deadline = time.monotonic() + 5
        while task_handler.is_alive() and time.monotonic() < deadline:
            try:
                while os.read(fd, 1 << 16):
                    pass
            except BlockingIOError:
                pass
            time.sleep(0.01)


class Workers:
    """`jobs` forked workers for one build's rendering. Whole-site units (search index, graph.json,
    indexes, feeds) start first, so they run while this process works out which pages changed;
    pages follow. Results are files (path, text) for this process to write."""

    def __init__(self, renderer: "SiteRenderer", jobs: int, writer: "TwinWriter | None" = None) -> None:
        global _RENDERER, _WRITER
        _RENDERER, _WRITER = renderer, writer  # the workers are forked now, with these as they are
        self.renderer = renderer
        self.writer = writer
        self.jobs = jobs
        # the graph lives as long as the build: frozen, the cycle collector of each process stops
        # walking its millions of objects (and a worker stops copying the pages it would touch).
        # It stays frozen after the workers are gone: unfrozen, they fell due for a collection
        # walking all of them (at some allocation in the rest of the build, to free nothing:
        # the graph holds no cycles). The next build's load unfreezes what is still
        # alive (cache.gc_paused); what goes before then is freed by reference counting as usual.
        gc.freeze()
        try:
            self.pool = _Pool(jobs, context=multiprocessing.get_context("fork"))
        finally:
            _RENDERER = _WRITER = None
        self.started: list = []
        self.pids = self._pids()

    def _pids(self) -> set[int]:
        return {proc.pid for proc in getattr(self.pool, "_pool", [])}

    def _wait(self, get: Callable[[float], tuple]) -> tuple:
        """`get(timeout)` until it answers, checking in between that no worker died: a pool
        replaces a killed worker, but the task it held is lost and would be waited for forever."""
        while True:
            try:
                return get(WATCH_SECONDS)
            except multiprocessing.TimeoutError:
                procs = getattr(self.pool, "_pool", [])
                if self._pids() != self.pids or any(proc.exitcode is not None for proc in procs):
                    raise RacekbError(WORKER_DIED) from None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.terminate()
        self.pool.join()

    def start(self, units: Sequence["Unit"]) -> None:
        """Begin units one per task, in the background."""
        self.started += [self.pool.apply_async(_render_batch, ([u],)) for u in units]

    def pages(self, units: Sequence["Unit"], report: Callable[[int], None] | None = None) -> Iterator[tuple[str, bytes]]:
        """The files of these units, rendered in batches, as they finish (the files do not
        depend on the order); `report(n)` is told how many units are done."""
        done = 0
        results = self.pool.imap_unordered(_render_batch, batches(units, self.jobs))
        while True:
            try:
                result = self._wait(results.next)
            except StopIteration:
                return
            yield from self._files(result)
            done += result[4] if result[0] == "ok" else 0
            if report is not None:
                report(done)

    def finish(self) -> Iterator[tuple[str, bytes]]:
        """The files of the units begun with `start`."""
        for pending in self.started:
            yield from self._files(self._wait(pending.get))
        self.started = []

    def _files(self, result: tuple) -> list[tuple[str, bytes]]:
        if result[0] == "error":
            raise RacekbError(result[1], result[2], result[3])
        if result[2]:  # written by the worker: the writer here notes what the tree now holds
            assert self.writer is not None
            self.writer.note_written(result[2], result[3])
        return result[1]


def pool(jobs: int, writer: "TwinWriter | None" = None) -> Callable[["SiteRenderer", int], Workers | None]:
    """What render_site is handed to render on `jobs` forked workers: for a given renderer and
    number of pages, the Workers, or None to render in the build's own process (one job, too few
    pages for workers to pay, or forking not safe). `writer`: the tree the workers write into."""

    def make(renderer: "SiteRenderer", pages: int) -> Workers | None:
        if jobs > 1 and pages >= MIN_PARALLEL and forking_is_safe():
            return Workers(renderer, cap_jobs(jobs, pages, BATCH), writer)
        return None

    return make
