"""Hand-curated entity files, content/entities/<type>/<slug>.md, which win over extraction.

Front matter: `name`, `aliases`, `same_as` (another entity's name or "type/slug" to merge into),
`not_an_entity: true` (never show it); the body is a bio shown on the entity's page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from racekb.load import front
from racekb.model.errors import RacekbError
from racekb.extract.lexicon import norm
from racekb.model.graph import PLURAL


@dataclass
class Curated:
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    same_as: str = ""
    not_an_entity: bool = False
    bio: str = ""
    path: str = ""


@dataclass
class Curation:
    entries: list[Curated] = field(default_factory=list)

    def lookup(self, etype: str, name: str) -> Curated | None:
        key = norm(name)
        for entry in self.entries:
            if entry.type == etype and key in {norm(n) for n in [entry.name, *entry.aliases]}:
                return entry
        return None

    def table(self) -> dict[tuple[str, str], Curated]:
        """(type, normalised name or alias) -> the entry `lookup` returns for it, in one pass.

        `lookup` normalises every entry's names on every call; a caller asking about thousands
        of names builds this once instead. The first entry claiming a name wins, as in `lookup`.
        """
        out: dict[tuple[str, str], Curated] = {}
        for entry in self.entries:
            for name in (entry.name, *entry.aliases):
                out.setdefault((entry.type, norm(name)), entry)
        return out


KNOWN_KEYS = ("name", "aliases", "same_as", "not_an_entity")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def read_curation(folder: Path) -> Curation:
    """Every curated file, checked: a file that would be misread is an error naming it."""
    entries: list[Curated] = []
    if not folder.is_dir():
        return Curation(entries)
    singular = {plural: t for t, plural in PLURAL.items()}
    for path in sorted(folder.glob("*/*.md")):
        etype = singular.get(path.parent.name, path.parent.name)
        if etype not in PLURAL:
            raise RacekbError(f"unknown entity type folder {path.parent.name!r} "
                              f"(use one of {', '.join(PLURAL.values())})", path)
        entries.append(read_curated(path, etype))
    claimed: dict[tuple[str, str], Curated] = {}
    for entry in entries:
        key = (entry.type, norm(entry.name))
        first = claimed.setdefault(key, entry)
        if first is not entry:
            raise RacekbError(f"{entry.type} {entry.name!r} is already described by {first.path}: keep one file "
                              f"per entity", entry.path)
    return Curation(entries)


def read_curated(path: Path, etype: str) -> Curated:
    """One curated file of type `etype`: front matter checked for known keys and the type of each
    value, the body kept as the bio."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RacekbError(f"not UTF-8 (byte offset {exc.start})", path) from None
    meta, body = front.load_typed(text, path)
    if not isinstance(meta, dict):
        raise RacekbError("front matter must be keys and values (name: ..., aliases: [...])", path)
    unknown = sorted(str(k) for k in meta if k not in KNOWN_KEYS)
    if unknown:
        raise RacekbError(f"unknown key {unknown[0]!r} (known keys: {', '.join(KNOWN_KEYS)})", path)
    name = meta.get("name")
    if name is None:
        name = path.stem.replace("-", " ").title()
    elif not isinstance(name, str) or not name.strip():
        raise RacekbError(f"'name' must be a non-empty string, not {_kind(name)}", path)
    aliases = meta.get("aliases")
    if aliases is None:
        aliases = []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise RacekbError("'aliases' must be a list of names (strings)", path)
    flag = meta.get("not_an_entity", False)
    if not isinstance(flag, bool):
        raise RacekbError(f"'not_an_entity' must be true or false (unquoted), not {_kind(flag)}", path)
    same_as = meta.get("same_as")
    if same_as is None:
        same_as = ""
    elif not isinstance(same_as, str) or not same_as.strip():
        raise RacekbError(f"'same_as' must name one entity as type/slug (e.g. team/action-express-racing), "
                          f"not {_kind(same_as)}", path)
    else:
        same_as = _check_same_as(same_as.strip(), path)
    if same_as and flag:
        raise RacekbError("'same_as' and 'not_an_entity: true' contradict each other: keep one", path)
    return Curated(type=etype, name=name.strip(), aliases=[a.strip() for a in aliases], same_as=same_as,
                   not_an_entity=flag, bio=body.strip(), path=str(path))


def _check_same_as(value: str, path: Path) -> str:
    """`type/slug` with a known type (singular or plural) and a slug's shape, or a plain name."""
    if "/" not in value:
        return value
    etype, _, slug = value.partition("/")
    singular = {plural: t for t, plural in PLURAL.items()}
    etype = singular.get(etype, etype)
    if etype not in PLURAL:
        raise RacekbError(f"same_as: unknown entity type {value.partition('/')[0]!r} in {value!r} "
                          f"(use one of {', '.join(PLURAL)})", path)
    if not _SLUG.match(slug):
        raise RacekbError(f"same_as: {value!r} does not name an entity: after the type comes its slug, "
                          f"lowercase words joined by hyphens, as in its address", path)
    return f"{etype}/{slug}"


def _kind(value: object) -> str:
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {value!r}"
