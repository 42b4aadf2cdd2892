"""A finished file that waits in the spool folder rather than in memory (graph.json at 10,000
releases is 60 MB): render makes it, the publisher moves it into the site without reading it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Spooled:
    """A finished file waiting in the spool folder, to be moved into the site (not read)."""

    path: Path
