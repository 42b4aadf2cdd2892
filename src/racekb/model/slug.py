"""Slugs: the stable, path-safe part of every page address."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Names that some file systems or hosts treat specially; a slug never equals one of them.
# Windows device names (CON, NUL, COM1..9, LPT1..9, with or without an extension) and the
# names the site itself uses at its top level.
RESERVED = ({"con", "prn", "aux", "nul", "conin", "conout", "clock"}
            | {f"{dev}{n}" for dev in ("com", "lpt") for n in range(10)}
            | {"index", "search", "static", "feed", "sitemap", "robots", "404", "graph", "releases"})


@lru_cache(maxsize=1)
def _letters() -> dict[int, str]:
    """The transliteration table (data/transliteration.txt): letters NFKD leaves non-ASCII."""
    table: dict[int, str] = {}
    for line in (Path(__file__).resolve().parent.parent / "data" / "transliteration.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#") and len(parts[0]) == 1:
            table[ord(parts[0])] = parts[1]
    return table


def slugify(text: str, max_words: int = 12) -> str:
    """Lowercase ASCII words joined by hyphens; never empty, never a path or a reserved name.
    Letters are transliterated, not dropped ("Ørsted" -> orsted, "Straße" -> strasse)."""
    if not text.isascii():
        text = text.translate(_letters())
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("'", "").replace("\u2019", "")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:max_words]
    slug = "-".join(words) or "untitled"
    if slug in RESERVED:
        slug += "-page"
    return slug[:80].strip("-") or "untitled"


def unique_slugs(keys: list[tuple[str, str]], taken: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
    """Give each key a distinct slug, deterministic for the same input.

    `keys` are (key, wanted_slug) pairs; a clash is settled in sorted key order, the later
    ones getting -2, -3, ... so the address of the first never moves.
    """
    used: set[str] = set(taken)
    out: dict[str, str] = {}
    # where the search for a free `wanted-N` left off: `used` only grows, so a number found taken
    # stays taken, and ten thousand identical headlines cost ten thousand steps, not fifty million
    next_n: dict[str, int] = {}
    for key, wanted in sorted(keys, key=lambda kv: (kv[1], kv[0])):
        slug = wanted
        if slug in used:
            n = next_n.get(wanted, 2)
            slug = f"{wanted}-{n}"
            while slug in used:
                n += 1
                slug = f"{wanted}-{n}"
            next_n[wanted] = n + 1
        used.add(slug)
        out[key] = slug
    return out
