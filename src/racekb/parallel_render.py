"""Pages rendered on several cores, by forked worker processes.

Why fork: a worker needs the whole graph, the fact index and the Jinja environment. A forked child
has them already (shared copy-on-write), where a spawned one would first unpickle hundreds of
megabytes. Why the site cannot depend on the number of workers: every file is a pure function of
the graph, made by the same `SiteRenderer.run` whichever process runs it; the parent writes
every file. With other threads running (`racekb serve` rebuilds beside its web server) forking is
not safe, and the pages are rendered in the build's own process instead.
"""

from __future__ import annotations

import multiprocessing
import threading
from typing import TYPE_CHECKING, Iterator, Sequence

from racekb.errors import RacekbError

if TYPE_CHECKING:
    from racekb.render import SiteRenderer, Unit

# Below this many pages to render, starting workers costs more than it saves.
MIN_PARALLEL = 64
BATCH = 24  # pages per task: big enough to keep the pipe quiet, small enough to share out evenly

_RENDERER: "SiteRenderer | None" = None  # set in the parent just before forking; workers inherit it


def forking_is_safe() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _render_batch(units: Sequence["Unit"]) -> tuple:
    """In a worker: ("ok", the files of these units, what the search index learnt of release texts
    for the parent to remember), or a RacekbError as plain data (its path and line would not
    survive pickling as an exception)."""
    renderer = _RENDERER
    assert renderer is not None
    out: list[tuple[str, str]] = []
    renderer.sink = lambda path, text: out.append((path, text))
    renderer.words.used = {}
    try:
        for unit in units:
            renderer.run(unit)
    except RacekbError as exc:
        return ("error", exc.message, exc.path, exc.line)
    return ("ok", out, renderer.words.used)


def batches(units: Sequence["Unit"]) -> list[list["Unit"]]:
    """Whole-site units (search index, graph.json, indexes, feeds) alone, as they are the slowest;
    then pages in groups of BATCH."""
    whole = [[u] for u in units if not u.path]
    pages = [u for u in units if u.path]
    return whole + [list(pages[i:i + BATCH]) for i in range(0, len(pages), BATCH)]


def render_forked(renderer: "SiteRenderer", units: Sequence["Unit"], jobs: int) -> Iterator[tuple[str, str]]:
    """(path, text) of every file the units make, rendered by `jobs` forked workers, in the order
    they finish (the files do not depend on it)."""
    global _RENDERER
    _RENDERER = renderer
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for result in pool.imap_unordered(_render_batch, batches(units)):
                if result[0] == "error":
                    raise RacekbError(result[1], result[2], result[3])
                renderer.words.used.update(result[2])
                yield from result[1]
    finally:
        _RENDERER = None
