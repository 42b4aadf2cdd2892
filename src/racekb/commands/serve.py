"""racekb serve: placeholder until the live preview lands (issue: the site a visitor expects)."""

from __future__ import annotations

import argparse
import functools
import http.server

from racekb.pipeline import build
from racekb.site import Site


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="build, then serve build/ on 127.0.0.1",
                       description="Build the site and serve build/ on 127.0.0.1.")
    p.add_argument("-C", dest="root", default=".", metavar="DIR", help="the site folder (default: here)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    site = Site.at(args.root)
    print(build(site).summary())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site.out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as httpd:
        print(f"serving {site.out} at http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            print("stopped")
    return 0
