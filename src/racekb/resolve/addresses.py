"""The entity addresses a site has published, remembered so that none ever moves.

Why: a slug is made from a name, and two names that make the same slug are told apart by a
number in the order of their names (`slug.unique_slugs`), so an entity that appears later could
take an address another had already published; a merge or a curated rename gave a new address
and left the old one a dead link. Each build now gives an entity the address it had, keeps the
addresses of entities that left reserved, and the ones a rename or merge retired become redirect
pages (render.redirect pages, graph.json `former_ids`).

Where: `content/addresses.txt`, beside the records, because it is the site's state, not a cache:
it survives `rm -rf build`, `--no-cache` and deleting `.racekb/`, and is committed with the
content so every clone publishes the same addresses. One line per address and name:
`type/slug<TAB>name`, the name in its comparison form (`lexicon.norm`), the key resolve joins
mentions under. Sorted, so a new entity is a one-line diff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from racekb.model.errors import RacekbError

FILE_NAME = "addresses.txt"
HEADER = ("# Every entity address this site has published, kept by racekb so that none ever moves.\n"
          "# Commit it with content/. A line: type/slug, a tab, the name it was given to (lower case).\n"
          "# An address whose entity was renamed or merged leaves a redirect page to the new one.\n")
_LINE = re.compile(r"^([a-z]+)/([a-z0-9]+(?:-[a-z0-9]+)*)\t(.+)$")


@dataclass
class Addresses:
    """type -> {name key -> slug}; `changed` once an address was added this build."""

    by_type: dict[str, dict[str, str]] = field(default_factory=dict)
    changed: bool = False

    def slug_of(self, etype: str, key: str) -> str | None:
        return self.by_type.get(etype, {}).get(key)

    def taken(self, etype: str) -> set[str]:
        """Every slug of the type ever published: none is given to a newcomer."""
        return set(self.by_type.get(etype, {}).values())

    def names_at(self, etype: str) -> dict[str, list[str]]:
        """slug -> the name keys it was given to."""
        out: dict[str, list[str]] = {}
        for key, slug in sorted(self.by_type.get(etype, {}).items()):
            out.setdefault(slug, []).append(key)
        return out

    def remember(self, etype: str, key: str, slug: str) -> None:
        known = self.by_type.setdefault(etype, {})
        if known.get(key) != slug and key not in known:
            known[key] = slug
            self.changed = True

    def text(self) -> str:
        lines = sorted(f"{etype}/{slug}\t{key}" for etype, known in self.by_type.items()
                       for key, slug in known.items())
        return HEADER + "".join(line + "\n" for line in lines)


def read_addresses(content: Path) -> Addresses:
    """The addresses remembered under `content/` (none when the file is missing). A line that is
    not `type/slug<TAB>name` stops the build naming the file and line: a misread line would give
    a published address away."""
    path = content / FILE_NAME
    found = Addresses()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return found
    except (OSError, UnicodeDecodeError) as exc:
        raise RacekbError(f"cannot read the remembered addresses: {exc}", path) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise RacekbError("not an address line: write `type/slug`, a tab, and the name", path, number)
        etype, slug, key = match.groups()
        found.by_type.setdefault(etype, {}).setdefault(key.strip(), slug)
    return found


def save_addresses(content: Path, addresses: Addresses) -> dict[str, str]:
    """Write the file when an address was added; returns {path under content/: its hash} for
    what was written (the build's memory counts it as its own write, not as an edit)."""
    if not addresses.changed:
        return {}
    from racekb.load.records import write_atomic
    from racekb.model.hashing import digest

    text = addresses.text()
    try:
        content.mkdir(parents=True, exist_ok=True)
        write_atomic(content / FILE_NAME, text)
    except OSError as exc:
        raise RacekbError(f"cannot remember the published addresses: {exc.strerror or exc}",
                          content / FILE_NAME) from None
    addresses.changed = False
    return {FILE_NAME: digest(text.encode("utf-8"))}
