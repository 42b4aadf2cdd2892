"""racekb init DIR: an empty site folder that builds."""

from __future__ import annotations

import argparse
from pathlib import Path

from racekb.model.errors import RacekbError

README = """# {name}

A racekb site. Put press releases in `seeds/` and run `racekb build`; open `build/index.html`.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create an empty site folder",
                       description="Create DIR with seeds/, content/releases/, content/entities/ and a README.")
    p.add_argument("dir", metavar="DIR", help="the folder to create (may exist if empty)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise RacekbError("already exists and is not an empty folder", root)
    for sub in ("seeds", "content/releases", "content/entities"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text(README.format(name=root.resolve().name), encoding="utf-8")
    # build/ is generated; .build.new-*/.old-* are a build in progress; .racekb/ is racekb's memory
    (root / ".gitignore").write_text("/build/\n/.build.*/\n/.racekb/\n", encoding="utf-8")
    print(f"created {root}/: add press releases to {root}/seeds/ and run `racekb build -C {root}`")
    return 0
