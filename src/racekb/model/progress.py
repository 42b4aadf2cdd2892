"""A progress line for long builds: one line on a terminal, rewritten in place, gone at the end.

Why: ten thousand releases take tens of seconds to extract and render, and a build that prints
nothing that long looks stuck. Only a terminal gets it (a log or a pipe gets the summary alone),
and only for work big enough to be worth watching.
"""

from __future__ import annotations

import time
from typing import Callable, TextIO

# what is being done ("extracting"), how many done, out of how many
Progress = Callable[[str, int, int], None]


class TerminalProgress:
    """A Progress that rewrites one line of `stream` at most every `interval` seconds."""

    def __init__(self, stream: TextIO, interval: float = 0.2, at_least: int = 200) -> None:
        self.stream = stream
        self.interval = interval
        self.at_least = at_least
        self.last = 0.0
        self.width = 0

    def __call__(self, what: str, done: int, total: int) -> None:
        if total < self.at_least:
            return
        now = time.monotonic()
        if done < total and now - self.last < self.interval:
            return
        self.last = now
        text = f"racekb: {what} {done:,} of {total:,}"
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        """Clear the line, so what is printed next starts at the left margin."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
