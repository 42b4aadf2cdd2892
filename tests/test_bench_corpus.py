"""The benchmark corpus: deterministic for a given N, varied, and made of house-format seeds."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from racekb.load.seeds import read_seed

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import make_corpus  # noqa: E402

# the names to recombine come from the shared corpus's answer keys (CI checks ../shared out beside us)
pytestmark = pytest.mark.skipif(not make_corpus.DEFAULT_SOURCES[0].is_dir(),
                                reason=f"needs the shared corpus at {make_corpus.DEFAULT_SOURCES[0]}")


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def test_same_n_same_corpus(tmp_path: Path) -> None:
    make_corpus.write_corpus(30, tmp_path / "a")
    make_corpus.write_corpus(30, tmp_path / "b")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert len(list((tmp_path / "a").iterdir())) == 30


def test_seeds_are_valid_and_varied(tmp_path: Path) -> None:
    make_corpus.write_corpus(40, tmp_path / "seeds")
    seeds = [read_seed(p, tmp_path) for p in sorted((tmp_path / "seeds").iterdir())]
    assert len({s.sha256 for s in seeds}) == 40
    assert len({s.date.year for s in seeds}) > 5
    firsts, lasts = make_corpus.name_pools(make_corpus.read_templates(make_corpus.DEFAULT_SOURCES))
    names = {f"{f} {s}" for f in firsts for s in lasts}
    used = {n for s in seeds for n in names if n in s.body}
    assert len(used) > 40, "drivers should be recombined, not repeated"


def test_original_texts_are_not_copied(tmp_path: Path) -> None:
    make_corpus.write_corpus(20, tmp_path / "seeds")
    originals = {p.read_text(encoding="utf-8") for src in make_corpus.DEFAULT_SOURCES if src.is_dir()
                 for p in src.glob("*.txt")}
    assert not originals & {p.read_text(encoding="utf-8") for p in (tmp_path / "seeds").iterdir()}
