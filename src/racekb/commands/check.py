"""racekb check: every internal link in build/ resolves and every entity has its page."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from urllib.parse import unquote

from racekb.site import Site

HREF = re.compile(r"""(?:href|src)="([^"]+)\"""")


def problems(out: Path) -> list[str]:
    found: list[str] = []
    if not (out / "graph.json").exists():
        return [f"{out}: no graph.json; run racekb build first"]
    for page in sorted(out.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for target in HREF.findall(html):
            if re.match(r"^[a-z]+:|^#|^//", target):
                continue
            path = unquote(target.split("#", 1)[0].split("?", 1)[0])
            resolved = (page.parent / path).resolve()
            if path.endswith("/") or resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                found.append(f"{page.relative_to(out)}: broken link {target}")
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    for entity in graph["entities"]:
        if not (out / entity["url"] / "index.html").exists():
            found.append(f"graph.json: {entity['id']} has no page at {entity['url']}")
    return found


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="check build/ for broken links and missing pages")
    p.add_argument("-C", dest="root", default=".", metavar="DIR", help="the site folder (default: here)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    site = Site.at(args.root)
    found = problems(site.out)
    for line in found:
        print(line)
    print(f"checked {site.out}: {len(found)} problem(s)")
    return 1 if found else 0
