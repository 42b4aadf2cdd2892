"""The progress line of a long build: counts that reach their totals, on one rewritten line."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from racekb.pipeline import build
from racekb.model.progress import TerminalProgress
from racekb.model.site import Site

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
import make_corpus  # noqa: E402


@pytest.mark.parametrize("jobs", [1, 2])
def test_build_reports_extraction_and_rendering_to_the_end(tmp_path: Path, jobs: int) -> None:
    root = tmp_path / "site"
    make_corpus.write_corpus(40, root / "seeds")
    calls: list[tuple[str, int, int]] = []
    build(Site.at(root), jobs=jobs, progress=lambda what, done, total: calls.append((what, done, total)))
    for stage in ("extracting", "rendering"):
        seen = [(done, total) for what, done, total in calls if what == stage]
        assert seen, stage
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)  # never goes back
        assert seen[-1][0] == seen[-1][1] > 0  # ends at its total
    assert next(t for w, _, t in calls if w == "extracting") == 40
    # nothing changed: nothing to extract or render, so nothing reported
    calls.clear()
    shutil.rmtree(root / "build")
    build(Site.at(root), jobs=jobs, progress=lambda *a: calls.append(a))
    assert not [c for c in calls if c[0] == "extracting"]


def test_terminal_line_is_rewritten_in_place_and_cleared() -> None:
    out = io.StringIO()
    line = TerminalProgress(out, interval=0, at_least=10)
    line("extracting", 5, 9)  # too little work to be worth a line
    assert out.getvalue() == ""
    line("extracting", 500, 10_000)
    line("rendering", 10_000, 10_000)
    text = out.getvalue()
    assert text.startswith("\rracekb: extracting 500 of 10,000") and "\n" not in text
    assert "\rracekb: rendering 10,000 of 10,000" in text
    line.close()
    assert out.getvalue().endswith("\r")
