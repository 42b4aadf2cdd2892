"""racekb serve: build, serve build/ on 127.0.0.1, rebuild on change, reload the open page."""

from __future__ import annotations

import argparse
import signal
import sys

from racekb.commands.build import base_url
from racekb.pipeline import build
from racekb.model.site import Site


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on every change",
                       description="Build the site, serve build/ on http://127.0.0.1:PORT/, rebuild when seeds/, "
                                   "content/ or templates/ change, and reload open pages. Ctrl-C stops.")
    p.add_argument("-C", dest="root", default=".", metavar="DIR", help="the site folder (default: here)")
    p.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default 8000; 0 picks a free one)")
    p.add_argument("--base-url", default="", metavar="URL", type=base_url, help="as for build (canonical links, feed, sitemap)")
    p.set_defaults(run=run)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text[:40]!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (0 to 65535; 0 picks a free one)")
    return value


def run(args: argparse.Namespace) -> int:
    from racekb.commands.livereload import Reloader, make_server  # here: http.server is not every command's to load

    site = Site.at(args.root)
    site.require_layout()

    def rebuild() -> str:
        return build(site, base_url=args.base_url, keep_going=True).summary()

    print(rebuild(), flush=True)

    def log(line: str) -> None:
        print(line, flush=True)

    reloader = Reloader([site.seeds, site.content, site.templates], rebuild, log)
    try:
        server = make_server(site.out, args.port, reloader)
    except OSError as exc:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    port = server.server_address[1]
    print(f"serving {site.out} at http://127.0.0.1:{port}/ (watching seeds/, content/, templates/; Ctrl-C stops)",
          flush=True)
    reloader.start()

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM stops as cleanly as Ctrl-C

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        reloader.stop()
        server.server_close()
    print("stopped", flush=True)
    return 0
