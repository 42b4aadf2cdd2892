"""The one error type a user can cause; the CLI prints it as a single line, never a traceback."""

from __future__ import annotations

from pathlib import Path


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
