"""racekb build: load every seed, refresh content/, extract, render build/."""

from __future__ import annotations

import argparse
import sys

from racekb.model.errors import shown
from racekb.publish.lifeline import stop_on_signals
from racekb.pipeline import build
from racekb.model.progress import TerminalProgress
from racekb.model.site import Site
from racekb.render.urls import check_base_url


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build the site in build/",
                       description="Load seeds/ into content/releases/, extract entities and facts, "
                                   "and write the site to build/ (swapped in only when complete).")
    p.add_argument("-C", dest="root", default=".", metavar="DIR", help="the site folder (default: here)")
    p.add_argument("--out", metavar="DIR", help="where to write the site (default: DIR/build)")
    p.add_argument("--base-url", default="", metavar="URL", type=base_url,
                   help="the address the site is published at, for canonical links, feed and sitemap")
    p.add_argument("--keep-going", action="store_true",
                   help="leave out releases with errors instead of stopping; list them at the end")
    p.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                   help="processes that extract and render (default: all cores; the site is the same for any N)")
    p.add_argument("--no-cache", action="store_true",
                   help="ignore and leave alone .racekb/cache: extract and render everything again "
                        "(the site is the same either way)")
    p.add_argument("--timings", action="store_true", help="also print the time each stage took")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.set_defaults(run=run)


def base_url(text: str) -> str:
    """argparse's check of --base-url (urls.check_base_url), so a bad one stops before any work."""
    try:
        return check_base_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text[:80]!r}: {exc}") from None


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    site = Site.at(args.root, args.out)
    site.require_layout()
    # a line that counts releases extracted and pages rendered, on a terminal only
    progress = TerminalProgress(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    try:
        with stop_on_signals():  # `timeout`, a CI cancel, a closed terminal: stopped as Ctrl-C stops it
            result = build(site, base_url=args.base_url, keep_going=args.keep_going, jobs=args.jobs,
                           use_cache=not args.no_cache, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    for warning in result.warnings:
        print(f"warning: {shown(warning)}", file=sys.stderr)
    if not args.quiet:
        print(result.summary())
        if args.timings:
            print("timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items()))
    # --keep-going: the site is built; the inputs left out come last, where a reader looks
    for problem in result.skipped:
        print(f"skipped: {shown(problem)}", file=sys.stderr)
    if result.skipped:
        print(f"racekb: {len(result.skipped)} input(s) left out of the site; fix them and build again",
              file=sys.stderr)
    return 1 if result.skipped else 0
