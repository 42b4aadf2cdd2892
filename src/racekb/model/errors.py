"""The one error type a user can cause; the CLI prints it as a single line, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path


# what a terminal would act on instead of showing: C0 and C1 control characters (ESC starts a colour
# or cursor sequence, CSI is one on its own), DEL, and the bidirectional overrides that reorder a line
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: object, keep: str = "") -> str:
    """`text` safe to print on a terminal: each control character as a visible \\xNN or \\uNNNN
    (but those in `keep`). File names, titles and names come from the user's files."""
    def escape(m: re.Match) -> str:
        c = m.group()
        if c in keep:
            return c
        return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
    return _UNSHOWN.sub(escape, str(text))


class RacekbError(Exception):
    """A problem with the user's input, reported as `file:line: message`."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None) -> None:
        message = " ".join(message.split("\n"))  # always one line: the CLI prints one per problem
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


def named(exc: OSError, path: Path | str) -> OSError:
    """`exc` with `path` as its file name when it has none (a write to a full disk says only
    "No space left on device"; the user needs to know where)."""
    if exc.filename is None:
        return OSError(exc.errno, exc.strerror or str(exc), str(path))
    return exc


class BuildFailed(RacekbError):
    """Several input problems at once; each is listed on its own line."""

    def __init__(self, problems: list[RacekbError]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
