"""Site folders: `racekb init DIR` makes one that builds, and a bare folder with only seeds/ builds
with the templates that ship inside the package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_802851e128db9d46.txt"


def test_init_creates_a_site_that_builds_empty_and_then_with_the_seed(tmp_path, cli):
    site = tmp_path / "mysite"
    run = cli("init", site)
    assert run.code == 0, str(run)
    assert (site / "seeds").is_dir()
    assert (site / "content").is_dir()
    assert (site / "README.md").is_file() and (site / "README.md").read_text(encoding="utf-8").strip()
    assert not (site / "templates").exists(), "init should rely on the packaged templates"

    run = cli("build", "-C", site)  # zero seeds
    assert run.code == 0, str(run)
    assert "Traceback" not in run.err
    assert (site / "build" / "index.html").is_file()
    graph = json.loads((site / "build" / "graph.json").read_text(encoding="utf-8"))
    assert graph["releases"] == [] and graph["entities"] == [] and graph["facts"] == []
    assert cli("check", "-C", site).code == 0

    shutil.copy2(SEED, site / "seeds" / SEED.name)
    run = cli("build", "-C", site)
    assert run.code == 0, str(run)
    assert len(list((site / "content" / "releases").glob("*.md"))) == 1
    assert (site / "build" / "drivers" / "tom-blomqvist" / "index.html").is_file()
    assert cli("check", "-C", site).code == 0, "the built site has broken links"


def test_init_into_an_existing_empty_folder(tmp_path, cli):
    (tmp_path / "empty").mkdir()
    run = cli("init", tmp_path / "empty")
    assert run.code == 0, str(run)
    assert (tmp_path / "empty" / "seeds").is_dir()


def test_init_refuses_a_folder_with_files_and_leaves_them_alone(tmp_path, cli):
    site = tmp_path / "busy"
    site.mkdir()
    (site / "notes.txt").write_text("mine\n", encoding="utf-8")
    run = cli("init", site)
    assert run.code != 0, str(run)
    assert "Traceback" not in run.out + run.err
    assert any(line.startswith("error: ") for line in run.err.splitlines()), str(run)
    assert sorted(p.name for p in site.iterdir()) == ["notes.txt"]
    assert (site / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_bare_folder_with_only_seeds_builds(make_site, cli):
    root = make_site()
    assert sorted(p.name for p in root.iterdir()) == ["seeds"]
    run = cli("build", "-C", root)
    assert run.code == 0, str(run)
    assert (root / "build" / "index.html").is_file()
    assert (root / "build" / "graph.json").is_file()
    assert len(list((root / "content" / "releases").glob("*.md"))) == 1
    assert not (root / "templates").exists(), "build must not copy templates into the site"
    # the packaged templates rendered it: the pages are full HTML documents with a stylesheet
    home = (root / "build" / "index.html").read_text(encoding="utf-8")
    assert home.lstrip().lower().startswith("<!doctype html>")
    assert "static/style.css" in home
    assert cli("check", "-C", root).code == 0


def test_folder_that_is_not_a_site_is_refused_and_left_alone(tmp_path, cli):
    """`racekb build` in the wrong folder says so instead of leaving build/ and .racekb/ there."""
    run = cli("build", "-C", tmp_path)
    assert run.code == 1, str(run)
    assert "not a racekb site" in run.err and "racekb init" in run.err
    assert "Traceback" not in run.err
    assert list(tmp_path.iterdir()) == []


def test_folder_with_an_empty_seeds_folder_builds_an_empty_site(tmp_path, cli):
    (tmp_path / "seeds").mkdir()
    run = cli("build", "-C", tmp_path)
    assert run.code == 0, str(run)
    assert (tmp_path / "build" / "index.html").is_file()
