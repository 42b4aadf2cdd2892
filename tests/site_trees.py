"""Whole built sites as comparable values: the helpers the incremental, paging and golden tests
share (a helper module beside conftest.py, on pytest's path for every test folder)."""

from __future__ import annotations

import shutil
from pathlib import Path

from racekb.model.site import Site
from racekb.pipeline import build


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(site_root: Path, scratch: Path) -> dict[str, bytes]:
    """The site as a build from nothing makes it: same seeds/content/templates, no cache, no build/."""
    copy = scratch / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site_root, copy, ignore=shutil.ignore_patterns("build", ".racekb"))
    # hand-edit detection reads the record log, which is an input like content/: keep it
    if (site_root / ".racekb" / "records.json").exists():
        (copy / ".racekb").mkdir()
        shutil.copy2(site_root / ".racekb" / "records.json", copy / ".racekb" / "records.json")
    build(Site.at(copy), jobs=1, use_cache=False)
    return tree(copy / "build")
