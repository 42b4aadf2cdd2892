"""The racekb command line: argument parsing only; each verb lives in racekb/commands/."""

from __future__ import annotations

import argparse
import os
import signal
import sys

from racekb import __version__
from racekb.commands import build, check, extract, init, review, serve
from racekb.model.errors import BuildFailed, RacekbError, shown
from racekb.publish.lifeline import Terminated

COMMANDS = (build, init, extract, review, serve, check)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="racekb",
        description="Turn motorsport press releases (seeds/) into a cross-linked static knowledge site (build/).",
        epilog="Run `racekb COMMAND --help` for a command's options. Start with `racekb init mysite`.")
    p.add_argument("--version", action="version", version=f"racekb {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "command", None):
        p.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except BuildFailed as exc:
        for problem in exc.problems:
            print(f"error: {shown(problem)}", file=sys.stderr)
        print(f"racekb: {len(exc.problems)} problem(s); nothing was written to the site", file=sys.stderr)
        return 1
    except RacekbError as exc:
        print(f"error: {shown(exc)}", file=sys.stderr)
        return 1
    except Terminated as exc:
        print(f"racekb: stopped by {signal.Signals(exc.signum).name}; the previous site is unchanged", file=sys.stderr)
        return 128 + exc.signum
    except KeyboardInterrupt:
        print("racekb: interrupted; the previous site is unchanged", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {shown(where)}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug in racekb, still reported on one line
        if os.environ.get("RACEKB_DEBUG"):
            raise
        print(f"racekb: internal error ({type(exc).__name__}: {shown(exc)}); this is a bug in racekb. "
              "Run again with RACEKB_DEBUG=1 for the traceback.", file=sys.stderr)
        return 2


def entry() -> None:
    """The `racekb` command: main(), then out of the process at once. A build leaves millions of
    objects (ten thousand releases' records, extractions and graph); freeing them one by one at
    exit took longer than some rebuilds' own work, and the system reclaims the memory anyway.
    Nothing is left to do by then: every file is written, every child process reaped."""
    code = main()
    if sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(code)  # under coverage or a profiler, which write their reports at exit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken pipe: nothing more can be said
        pass
    os._exit(code)


if __name__ == "__main__":
    entry()
