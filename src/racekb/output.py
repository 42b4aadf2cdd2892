"""Writing build/ all at once: the new site is written beside the old one and swapped in only
when complete, so a failed or interrupted build leaves the last good site as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_site(out: Path, pages: dict[str, str], files: dict[str, bytes]) -> int:
    """Write every page and file into a fresh folder beside `out`, then swap it in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for rel, text in pages.items():
            _write(tmp, rel, text.encode("utf-8"))
        for rel, data in files.items():
            _write(tmp, rel, data)
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / "site")
        os.rename(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return len(pages) + len(files)


def _write(root: Path, rel: str, data: bytes) -> None:
    target = (root / rel).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ValueError(f"refusing to write outside the site: {rel}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
