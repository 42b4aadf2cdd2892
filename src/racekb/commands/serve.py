"""racekb serve: build, serve build/ on 127.0.0.1, rebuild on change, reload the open page.

A rebuild's problems are printed and shown over the open page until a rebuild fixes them; a bad
seed is left out of the served site (as `build --keep-going` does) but never silently."""

from __future__ import annotations

import argparse
import signal
import sys

from racekb.commands.build import base_url
from racekb.model.errors import RacekbError, shown
from racekb.pipeline import build
from racekb.model.site import Site
from racekb.load.siteconfig import CONFIG_NAME, read_config


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on every change",
                       description="Build the site, serve build/ on http://127.0.0.1:PORT/, rebuild when seeds/, "
                                   "content/ or templates/ change, and reload open pages. Ctrl-C stops.")
    p.add_argument("-C", dest="root", default=".", metavar="DIR", help="the site folder (default: here)")
    p.add_argument("--host", default="127.0.0.1", metavar="HOST",
                   help="the address to listen on (default 127.0.0.1, this computer only; 0.0.0.0 for every "
                        "network the computer is on)")
    p.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000; 0 picks a free one)")
    p.add_argument("--base-url", default=None, metavar="URL", type=base_url, help="as for build (canonical links, feed, sitemap)")
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

    warned: set[str] = set()

    def rebuild() -> tuple[str, list[str]]:
        # keep_going: a bad seed is left out and the rest still previews; its problem is returned,
        # printed and shown over the page (never silently dropped)
        result = build(site, base_url=args.base_url, keep_going=True)
        for warning in result.warnings:
            if warning not in warned:  # each once per session, not on every save
                warned.add(warning)
                print(f"warning: {shown(warning)}", file=sys.stderr, flush=True)
        return result.summary(), [shown(p) for p in result.skipped]

    def log(line: str) -> None:
        print(line, flush=True)

    watched = [site.seeds, site.content, site.templates, site.root / CONFIG_NAME]
    try:
        logo = read_config(site.root).logo
    except RacekbError:  # the first build reports it
        logo = ""
    if logo:  # a new logo under the same name is a change too
        watched.append(site.root / logo)
    reloader = Reloader(watched, rebuild, log)
    reloader.first_build()  # one that fails still serves (the last good site, or a page saying why)
    try:
        server = make_server(site.out, args.port, reloader, args.host)
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    port = server.server_address[1]
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"serving {site.out} at http://{shown_host}:{port}/ (watching seeds/, content/, templates/, "
          f"{CONFIG_NAME}; Ctrl-C stops)", flush=True)
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
