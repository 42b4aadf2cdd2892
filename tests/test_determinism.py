"""Deterministic: the same input gives the same site, byte for byte.

Two folders at different paths, built by processes with different hash seeds (so any set or
dict order that leaks into output shows up), must produce identical build/ trees and identical
content/ records; a rebuild of an already-built site (records read back rather than written)
must too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CORPUS = REPO.parent / "shared" / "corpus" / "dev"


def seed_files() -> list[Path]:
    files = sorted((REPO / "seeds").iterdir()) + sorted((TESTS / "load" / "bad_seeds" / "hostile").iterdir())
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*.txt"))
    return list({p.name: p for p in files if p.is_file()}.values())


def build(root: Path, hash_seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    proc = subprocess.run([sys.executable, "-m", "racekb", "build", "-C", str(root), "-q"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted({k for k in a.keys() | b.keys() if a.get(k) != b.get(k)})


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    roots = []
    for name, hash_seed in (("one", "1"), ("second-place", "2")):
        root = tmp_path_factory.mktemp(name)
        (root / "seeds").mkdir()
        for path in seed_files():
            shutil.copy(path, root / "seeds" / path.name)
        build(root, hash_seed)
        roots.append(root)
    return roots[0], roots[1]


def test_two_builds_of_the_same_input_are_byte_identical(two_builds):
    a, b = (snapshot(root / "build") for root in two_builds)
    assert len(a) > 50
    assert differences(a, b) == []


def test_the_records_are_byte_identical(two_builds):
    a, b = (snapshot(root / "content") for root in two_builds)
    # one record per seed, and the published addresses (content/addresses.txt), the same in both
    assert len(a) == len(seed_files()) + 1 and "addresses.txt" in a
    assert differences(a, b) == []


def test_a_rebuild_from_the_records_gives_the_same_site(two_builds):
    root = two_builds[0]
    before = snapshot(root / "build"), snapshot(root / "content")
    build(root, "3")
    assert differences(before[0], snapshot(root / "build")) == []
    assert differences(before[1], snapshot(root / "content")) == []


def test_no_build_time_or_machine_path_leaks_into_the_site(two_builds):
    root = two_builds[1]
    for rel, data in snapshot(root / "build").items():
        assert str(root).encode() not in data, rel
        assert str(REPO).encode() not in data, rel
