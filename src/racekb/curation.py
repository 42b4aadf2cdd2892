"""Hand-curated entity files, content/entities/<type>/<slug>.md, which win over extraction.

Front matter: `name`, `aliases`, `same_as` (another entity's name or "type/slug" to merge into),
`not_an_entity: true` (never show it); the body is a bio shown on the entity's page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from racekb.errors import RacekbError
from racekb.extract.lexicon import norm
from racekb.graph import PLURAL


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


def read_curation(folder: Path) -> Curation:
    entries: list[Curated] = []
    if not folder.is_dir():
        return Curation(entries)
    import frontmatter  # here: most sites have no curated entities, and it is 9 ms of every start

    singular = {plural: t for t, plural in PLURAL.items()}
    for path in sorted(folder.glob("*/*.md")):
        etype = singular.get(path.parent.name, path.parent.name)
        if etype not in PLURAL:
            raise RacekbError(f"unknown entity type folder {path.parent.name!r} "
                              f"(use one of {', '.join(PLURAL.values())})", path)
        try:
            post = frontmatter.loads(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise RacekbError(f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", path,
                              mark.line + 2 if mark else None) from None
        except UnicodeDecodeError as exc:
            raise RacekbError(f"not UTF-8 (byte offset {exc.start})", path) from None
        meta = post.metadata
        name = str(meta.get("name") or path.stem.replace("-", " ").title())
        aliases = meta.get("aliases") or []
        if not isinstance(aliases, list):
            raise RacekbError("'aliases' must be a list", path)
        entries.append(Curated(type=etype, name=name, aliases=[str(a) for a in aliases],
                               same_as=str(meta.get("same_as") or ""),
                               not_an_entity=bool(meta.get("not_an_entity", False)),
                               bio=post.content.strip(), path=str(path)))
    return Curation(entries)
