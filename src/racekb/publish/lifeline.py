"""What ties a build's helper processes to the build: they die with it and never hold its lock.

Why: a build forks workers (extraction, rendering, chores beside it). A child inherits every open
file description of its parent, the build lock's among them, and a lock taken with flock lasts
while any process holds it. When the build itself was killed (SIGTERM from `timeout` or a CI
cancel, SIGKILL from the OOM killer) its workers went on, blocked writing to a pipe nobody
reads, holding the lock: every later build of the site waited forever.

So, in every child forked while a build holds its lock:
- the lock's descriptor is closed at once (the child has no use for it);
- on Linux the kernel is asked to SIGKILL the child when its parent dies (PR_SET_PDEATHSIG), and
  a child whose parent died before it could ask exits at once;
- Ctrl-C is left to the build (SIGINT ignored: the build ends its workers itself) and SIGTERM
  kills quietly (the default action, not the build's own handler).

And `build` turns SIGTERM and SIGHUP into the same clean stop as Ctrl-C (`stop_on_signals`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Iterator

_PR_SET_PDEATHSIG = 1
_held: set[int] = set()  # descriptors of locks this process holds (closed in every child)
_forker = 0  # the pid of the process about to fork (set just before each fork)
_registered = False


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where Ctrl-C's KeyboardInterrupt would be, so the build stops
    the same clean way (workers ended, the previous site left whole); `signum` gives the exit code."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def hold(fd: int) -> None:
    """Note a lock descriptor this process holds: children forked from now on close it."""
    _register()
    _held.add(fd)


def drop(fd: int) -> None:
    _held.discard(fd)


def _register() -> None:
    global _registered
    if not _registered and hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_before_fork, after_in_child=_in_child)
        _registered = True


def _before_fork() -> None:
    global _forker
    _forker = os.getpid()


def _in_child() -> None:
    """Run first thing in every forked child (os.fork, multiprocessing's fork): see the module."""
    if not _held:
        return  # not forked by a build: leave the child as it is
    for fd in list(_held):
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, signal.SIG_DFL)
    except ValueError:  # forked from a thread other than the main one: the handlers stay
        pass
    die_with_parent(_forker)


def die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux); exit now if the
    parent is already gone (it died between the fork and this call)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent and os.getppid() != parent:
        os._exit(1)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Terminated (a KeyboardInterrupt) in the main thread while this
    lasts; elsewhere (a thread) nothing changes."""
    wanted = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]

    def stop(signum: int, frame: object) -> None:
        raise Terminated(signum)

    previous = {}
    try:
        for signum in wanted:
            previous[signum] = signal.signal(signum, stop)
    except ValueError:  # not the main thread
        previous.clear()
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
