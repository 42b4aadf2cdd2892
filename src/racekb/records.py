"""Release records in content/releases/: read and written with python-frontmatter.

A record is the source of truth for the build. racekb remembers the bytes it wrote
(in .racekb/records.json) so it can tell a hand-edited record from its own output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from racekb.errors import RacekbError

ENTITY_TYPES = ("driver", "team", "car", "championship", "person", "manufacturer", "event",
                "track", "class")


@dataclass
class Record:
    """One release as stored in content/releases/<id>.md."""

    id: str
    title: str
    date: dt.date
    body: str
    source: str = ""
    sha256: str = ""
    city: str = ""
    entities: dict[str, list[str]] = field(default_factory=dict)

    def front_matter(self) -> dict:
        meta: dict = {"title": self.title, "date": self.date}
        if self.city:
            meta["city"] = self.city
        if self.source:
            meta["source"] = self.source
            meta["sha256"] = self.sha256
        meta["entities"] = {t: sorted(set(names)) for t, names in sorted(self.entities.items()) if names}
        return meta


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dump_record(record: Record) -> str:
    """The exact text of a record file; the same record always gives the same bytes."""
    post = frontmatter.Post(record.body, **record.front_matter())
    return frontmatter.dumps(post, sort_keys=False) + "\n"


def parse_date(value: object, path: Path, line: int | None = None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RacekbError(f"date {str(value)!r} is not a real date (want YYYY-MM-DD)", path, line) from None


def read_record(path: Path) -> Record:
    """Parse one record; a broken one is a user error naming the file."""
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise RacekbError(f"not UTF-8 (byte {exc.start}): {exc.reason}", path) from None
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 2 if getattr(exc, "problem_mark", None) else None
        raise RacekbError(f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", path, line) from None
    meta = post.metadata
    if not isinstance(meta, dict) or "title" not in meta or "date" not in meta:
        raise RacekbError("front matter needs at least 'title' and 'date'", path, 1)
    raw_entities = meta.get("entities") or {}
    if not isinstance(raw_entities, dict):
        raise RacekbError("'entities' must map a type to a list of names", path)
    entities: dict[str, list[str]] = {}
    for etype, names in raw_entities.items():
        if etype not in ENTITY_TYPES:
            raise RacekbError(f"unknown entity type {etype!r} (one of {', '.join(ENTITY_TYPES)})", path)
        if not isinstance(names, list):
            raise RacekbError(f"entities.{etype} must be a list of names", path)
        entities[etype] = [str(n) for n in names if str(n).strip()]
    return Record(
        id=path.stem,
        title=str(meta["title"]),
        date=parse_date(meta["date"], path),
        body=post.content.strip() + "\n",
        source=str(meta.get("source", "")),
        sha256=str(meta.get("sha256", "")),
        city=str(meta.get("city", "") or ""),
        entities=entities,
    )


def read_records(folder: Path) -> list[Record]:
    return [read_record(p) for p in sorted(folder.glob("*.md"))]


class WrittenLog:
    """What racekb itself last wrote to each record: its bytes' hash and entity lists.

    Comparing a record on disk with this log tells a hand edit from racekb's own output,
    and which entities a person removed or added by hand.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict] = {}
        if path.exists():
            try:
                self.entries = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.entries = {}

    def wrote(self, record_id: str, text: str, entities: dict[str, list[str]]) -> None:
        self.entries[record_id] = {"sha256": sha256_bytes(text.encode("utf-8")),
                                   "entities": {t: sorted(set(n)) for t, n in entities.items() if n}}

    def is_own(self, record_id: str, text: str) -> bool:
        entry = self.entries.get(record_id)
        return bool(entry) and entry["sha256"] == sha256_bytes(text.encode("utf-8"))

    def entities(self, record_id: str) -> dict[str, list[str]] | None:
        entry = self.entries.get(record_id)
        return entry["entities"] if entry else None

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)
