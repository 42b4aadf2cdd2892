"""Reading only regular files: a FIFO, a device or a socket among a site's inputs is never opened.

Why: opening a FIFO for reading waits for a writer that never comes, and a symlink to /dev/zero
reads forever; either hung every build (input hashing read every file of seeds/, content/ and
templates/, dot folders included). Every input racekb reads goes through here: the type is judged
from a stat (one the caller usually has already), and the open itself is non-blocking and checked
again on the descriptor, so a file swapped for a FIFO in between cannot hang it either.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_OPEN = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class NotRegularFile(OSError):
    """An input that is not a regular file (a FIFO, a device, a socket, a folder); never read."""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(f"not a regular file ({kind}); racekb reads only regular files, so it was not read")
        self.filename = str(path)
        self.kind = kind
        self.strerror = str(self.args[0])

    def __str__(self) -> str:
        return str(self.args[0])


def kind(mode: int) -> str:
    """What a stat's mode says the file is, in words."""
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def is_regular(path: Path | str) -> bool:
    """True for a regular file (or a symlink to one); False for anything else, or nothing there."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def special_kind(path: Path | str) -> str | None:
    """None for a regular file or nothing there; else what the path is (a FIFO, a device...)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return None if stat.S_ISREG(mode) else kind(mode)


def open_regular(path: Path | str) -> int:
    """A read-only descriptor of a regular file; NotRegularFile for anything else (never blocking)."""
    fd = os.open(path, _OPEN)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, kind(mode))
        if _OPEN & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of a regular file (at most `limit` + 1 of them when a limit is given, so the
    caller can tell a file over it); NotRegularFile for anything else."""
    with os.fdopen(open_regular(path), "rb") as handle:
        return handle.read() if limit is None else handle.read(limit + 1)
