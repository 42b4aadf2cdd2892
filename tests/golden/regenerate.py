"""Regenerate the golden tree, tests/golden/site/: the repository's own seed site (seeds/ and
content/, the packaged templates) built by the racekb of this checkout.

    python3 tests/golden/regenerate.py

Run it when a change to the output is meant (a template, a page section, the extractor), and
commit the new tree with that change: its diff is the change's effect on a real site, byte for byte.
tests/golden/test_golden.py fails on any difference.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "site"


def build_seed_site(work: Path) -> Path:
    """Copy the seed site into `work`, build it (one process, no cache) and return its build/."""
    for name in ("seeds", "content"):
        shutil.copytree(REPO / name, work / name)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, "-m", "racekb", "build", "-C", str(work), "-q", "--no-cache", "-j", "1"], check=True, env=env, cwd=work)
    return work / "build"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        built = build_seed_site(Path(tmp) / "site")
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(built, GOLDEN)
    print(f"wrote {len(files(GOLDEN))} files to {GOLDEN.relative_to(REPO)}")


if __name__ == "__main__":
    main()
