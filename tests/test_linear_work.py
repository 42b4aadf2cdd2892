"""Extraction does work in proportion to a release's length, whatever shape the release has.

Seconds are noisy, so the work is counted instead: the lines of Python the extractor runs (a
`sys.settrace` line event is one step). Each pathological shape of benchmarks/bench_pathological.py
is extracted at two sizes, four times apart; linear work grows about four times, quadratic work
sixteen. The benchmark prints the seconds per MB of the same shapes at up to 1 MB.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench_pathological

from racekb.extract import extract

SMALL = 2 * 1024
GROWTH = 4
# linear work grows GROWTH times (a little more for fixed costs spread thinner, or a few longer
# names); anything near GROWTH**2 is quadratic
MOST = GROWTH * 1.6


def steps(text: str) -> int:
    """Lines of Python run while extracting `text` as one release body."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    extract(["warm up"], dt.date(2024, 5, 1))  # data files and caches loaded before counting
    sys.settrace(tracer)
    try:
        extract([text], dt.date(2024, 5, 1), "A release")
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("pattern", sorted(bench_pathological.PATTERNS))
def test_extraction_work_grows_linearly(pattern: str) -> None:
    piece = bench_pathological.PATTERNS[pattern]
    small = steps(bench_pathological.body(piece, SMALL))
    large = steps(bench_pathological.body(piece, SMALL * GROWTH))
    assert large <= small * MOST, f"{pattern}: {small} steps at {SMALL} chars, {large} at {SMALL * GROWTH}"


def test_curation_digest_reads_each_alias_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build digests the curated files on every run: 10,000 aliases of one entity once took
    24 s and 4 GB there, the entity being written out once per alias."""
    from racekb import pipeline
    from racekb.resolve.curation import Curated, Curation

    read: list[int] = []
    monkeypatch.setattr(pipeline, "digest", lambda text: read.append(len(text)) or "x")
    for n in (1000, 4000):
        pipeline.curation_digest(Curation([Curated("driver", "Jane Doe", [f"Alias {i}" for i in range(n)])]))
    assert read[1] <= read[0] * MOST, read
