"""The seed site, built now, is byte for byte the golden tree in tests/golden/site/ (graph.json,
every page, feed, search script and static file). A meant change regenerates the tree with
`python3 tests/golden/regenerate.py` and commits it; anything else that differs is a regression."""

from __future__ import annotations

from pathlib import Path

from regenerate import GOLDEN, build_seed_site, files


def test_the_seed_site_is_the_golden_tree(tmp_path: Path) -> None:
    golden = files(GOLDEN)
    assert len(golden) > 50 and "graph.json" in golden, "no golden tree: run python3 tests/golden/regenerate.py"
    built = files(build_seed_site(tmp_path / "site"))
    assert sorted(built) == sorted(golden), "files added or gone (python3 tests/golden/regenerate.py if meant)"
    changed = [path for path in sorted(golden) if built[path] != golden[path]]
    assert changed == [], f"changed: {changed[:10]} (python3 tests/golden/regenerate.py if meant)"
