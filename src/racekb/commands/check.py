"""racekb check: is build/ whole? Broken links and anchors, titles, one h1 per page, entity pages."""

from __future__ import annotations

import argparse

from racekb.model.site import Site


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="check build/ for broken links, anchors and missing pages",
                       description="Check the built site: every internal link and #anchor resolves, every page "
                                   "has a <title> and exactly one <h1>, every entity in graph.json has a page. "
                                   "Exits 1 and lists the problems otherwise.")
    p.add_argument("-C", dest="root", default=".", metavar="DIR", help="the site folder (default: here)")
    p.add_argument("--out", metavar="DIR", help="the built site to check (default: DIR/build)")
    p.add_argument("--strict", action="store_true",
                   help="fail on warnings too (folder links, duplicate ids, empty link text, skipped "
                        "heading levels, pages nothing links to)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from racekb.publish.linkcheck import check_site  # here: its HTML and XML parsers are only this command's

    site = Site.at(args.root, args.out)
    found = check_site(site.out)
    errors = [p for p in found if p.severity == "error"]
    warnings = [p for p in found if p.severity == "warning"]
    for problem in found:
        print(problem)
    failing = errors + (warnings if args.strict else [])
    if not args.quiet or failing:
        pages = sum(1 for _ in site.out.rglob("*.html")) if site.out.is_dir() else 0
        print(f"checked {pages} pages in {site.out}: {len(errors)} error(s), {len(warnings)} warning(s)"
              + (" (strict: warnings fail)" if args.strict and warnings else ""))
    return 1 if failing else 0
