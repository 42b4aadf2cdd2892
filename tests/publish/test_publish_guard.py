"""The one guard of every file racekb writes into a site (publish.output.inside): nothing is written
outside the tree being built, nor through a symlink in it, whichever way the file goes in (a
fresh tree, a twin being updated, a page kept by a hard link)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from racekb.model.errors import RacekbError
from racekb.model.hashing import digest
from racekb.publish import output
from racekb.publish.tree import TwinWriter


@pytest.mark.parametrize("rel", ["../x.html", "a/../../x.html", "/etc/x.html", "", ".", "a/.."])
def test_paths_that_climb_out_are_refused(tmp_path: Path, rel: str) -> None:
    with pytest.raises(RacekbError, match="outside the site"):
        output.inside(tmp_path / "site", rel)


def test_a_path_inside_is_given_back(tmp_path: Path) -> None:
    assert output.inside(tmp_path, "drivers/x/index.html") == str(tmp_path / "drivers" / "x" / "index.html")


@pytest.mark.parametrize("points", ["outside", "inside"])
def test_a_symlinked_folder_is_never_written_through(tmp_path: Path, points: str) -> None:
    root, away = tmp_path / "site", tmp_path / "away"
    (root / "real").mkdir(parents=True)
    away.mkdir()
    os.symlink(away if points == "outside" else root / "real", root / "drivers")
    with pytest.raises(RacekbError, match="symlink"):
        output._write(root, "drivers/x/index.html", b"page")
    assert list(away.iterdir()) == [] and list((root / "real").iterdir()) == []


def test_a_folder_the_caller_knows_is_not_looked_at_again(tmp_path: Path) -> None:
    """`known` folders were made or scanned real by the writer: no lstat each page."""
    root = tmp_path / "site"
    root.mkdir()
    os.symlink(tmp_path, root / "drivers")
    assert output.inside(root, "drivers/x.html", known={"drivers"}).endswith("drivers/x.html")


def test_the_twin_writer_refuses_a_symlink_planted_in_its_tree(tmp_path: Path) -> None:
    out, away = tmp_path / "build", tmp_path / "away"
    away.mkdir()
    writer = TwinWriter(out, None, {}, set(), None, digest)
    try:
        writer.put("index.html", b"home")
        os.symlink(away, writer.root / "drivers")  # planted between two pages
        with pytest.raises(RacekbError, match="symlink"):
            writer.put("drivers/x/index.html", b"page")
        with pytest.raises(RacekbError, match="outside the site"):
            writer.put("../escape.html", b"page")
    finally:
        writer.abort()
    assert list(away.iterdir()) == [] and not (tmp_path / "escape.html").exists()
    assert not out.exists()  # nothing was swapped in
