"""Release records in content/releases/: Markdown with YAML front matter (see racekb.load.front).

A record is the source of truth for the build. racekb remembers the bytes it wrote
(in .racekb/records.json) so it can tell a hand-edited record from its own output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from racekb.load import front
from racekb.model.errors import RacekbError, named
from racekb.model.safeio import read_regular
from racekb.model.text import clean_text

# a record is a seed's text plus its front matter: the seed limit (load.MAX_SEED_BYTES) and room
MAX_RECORD_BYTES = 2 * 1024 * 1024

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
    # the file's name (without .md) when it cannot be the release's address as it is (a space, a
    # `#`, a `?`, a `%`): the id is then a slug of it (see web_id), and this names the file
    file: str = field(default="", compare=False)

    def path_in(self, folder: Path) -> Path:
        """Where this record's file is, in content/releases/."""
        return folder / f"{self.file or self.id}.md"

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
    return front.dump(record.front_matter(), record.body.strip() + "\n")


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z ]*)?")


def parse_date(value: object, path: Path | str, line: int | None = None) -> dt.date:
    """A calendar date from `YYYY-MM-DD` text; anything else is the user's error, said plainly.

    Only the ISO form is accepted (Python's fromisoformat would also take 20231019 or 2023-W42),
    and an impossible day gets its own message rather than "bad format".
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = value.strip() if isinstance(value, str) else ""
    match = _ISO_DATE.fullmatch(text)
    shown = text if text else repr(value) if not isinstance(value, str) else "(empty)"
    if not match:
        raise RacekbError(f"date {shown[:40]!r} is not in the form YYYY-MM-DD", path, line)
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise RacekbError(f"date {match[0][:10]!r} is not a real date ({exc})", path, line) from None


def read_record(path: Path) -> Record:
    """Parse one record; a broken one is a user error naming the file and line."""
    try:
        data = read_regular(path, MAX_RECORD_BYTES)
    except OSError as exc:
        raise RacekbError(f"cannot read: {exc.strerror or exc}", path) from None
    if len(data) > MAX_RECORD_BYTES:
        raise RacekbError(f"over the {MAX_RECORD_BYTES // 1024} KB limit for one record; split it or trim it", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise RacekbError(f"not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start} "
                          f"({exc.reason}); save the file as UTF-8", path, line) from None
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    meta, body = front.load(text, path)
    body = flatten_deep(clean_text(body))  # no terminal escape reaches a page (as for seeds), no text is lost
    raw_entities = meta.get("entities") or {}
    if not isinstance(raw_entities, dict):
        raise RacekbError("'entities' must map a type to a list of names", path)
    entities: dict[str, list[str]] = {}
    for etype, names in raw_entities.items():
        if etype not in ENTITY_TYPES:
            raise RacekbError(f"unknown entity type {str(etype)[:40]!r} (one of {', '.join(ENTITY_TYPES)})", path)
        if names in ("", None):
            continue
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise RacekbError(f"entities.{etype} must be a list of names", path)
        entities[etype] = [" ".join(n.split()) for n in names if n.strip()]
    if not body.strip():
        raise RacekbError("the record has no text after its front matter", path)
    return Record(
        id=web_id(path.stem),
        file="" if web_id(path.stem) == path.stem else path.stem,
        title=front.text_field(meta, "title", path, required=True, line=front.line_of(text, "title")),
        date=parse_date(front.required(meta, "date", path), path, front.line_of(text, "date")),
        body=body.strip() + "\n",
        source=front.text_field(meta, "source", path),
        sha256=front.text_field(meta, "sha256", path),
        city=front.text_field(meta, "city", path),
        entities=entities,
    )


_SAFE_ID = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*")


# A line nested deeper than Markdown parsers go (markdown-it stops at 20 levels of tokens: ten
# nested lists, twenty quotes) whose text would be dropped without a word: nine container marks,
# or an indent of eighteen columns, before its text.
# (Atomic groups and possessive repeats: a line of eight marks and no ninth fails at once.)
_DEEP_LINE = re.compile(r"^(?>[ \t]*+(?:>|[-*+](?=[ \t])|\d{1,9}+[.)](?=[ \t]))){9,}+[ \t]*+(?=\S)|^[ \t]{18,}+(?=\S)",
                        re.MULTILINE)


def flatten_deep(markdown: str) -> str:
    """`markdown` with every line nested too deeply for the parser brought to the top level (its
    marks and indent dropped: it joins the paragraph before it), so no text is lost; the same
    string when no line is (nearly every body)."""
    if _DEEP_LINE.search(markdown) is None:
        return markdown
    return _DEEP_LINE.sub("", markdown)


def web_id(stem: str) -> str:
    """The release id (and address, releases/<id>/) for a record file named `stem`.md: the name
    itself when it is safe in a web address as it stands; else a slug of it, so that a hand-named
    `Race report #2?.md` or `%2e%2e.md` gives a working link (never a `#` cut, a `?` query or a
    `..` that climbs out of releases/)."""
    if _SAFE_ID.fullmatch(stem) and ".." not in stem:
        return stem
    from racekb.model.slug import slugify

    return slugify(stem, max_words=12)


def read_records(folder: Path) -> list[Record]:
    return [read_record(p) for p in sorted(folder.glob("*.md"))]


class WrittenLog:
    """What racekb itself last wrote to each record: its bytes' hash and entity lists.

    Comparing a record on disk with this log tells a hand edit from racekb's own output,
    and which entities a person removed or added by hand. Bytes about to be written are noted
    first in a small journal beside it (`save_pending`), so a build killed mid-write still knows
    them; `save` writes the whole log (6 MB at 10,000 records) once, after the writes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.journal = path.with_name(path.stem + ".pending.json")
        self.entries: dict[str, dict] = _read_json_dict(path)
        for record_id, digests in _read_json_dict(self.journal).items():
            if isinstance(digests, list):
                self._add_pending(record_id, digests)
        self._expected: dict[str, list[str]] = {}

    def _add_pending(self, record_id: str, digests: list[str]) -> None:
        entry = self.entries.get(record_id)
        if not isinstance(entry, dict):
            entry = self.entries[record_id] = {"sha256": "", "entities": {}}
        if not isinstance(entry.get("pending"), list):
            entry["pending"] = []
        entry["pending"].extend(digests)

    def expect(self, record_id: str, text: str) -> None:
        """Note bytes about to be written, so a build killed mid-write still knows them as its own."""
        digest = sha256_bytes(text.encode("utf-8"))
        self._add_pending(record_id, [digest])
        self._expected.setdefault(record_id, []).append(digest)

    def wrote(self, record_id: str, text: str, entities: dict[str, list[str]]) -> None:
        self.entries[record_id] = {"sha256": sha256_bytes(text.encode("utf-8")),
                                   "entities": {t: sorted(set(n)) for t, n in entities.items() if n}}

    def is_own(self, record_id: str, text: str) -> bool:
        """True when `text` is exactly what racekb last wrote (or was writing) to this record."""
        entry = self.entries.get(record_id)
        if not isinstance(entry, dict):
            return False
        digest = sha256_bytes(text.encode("utf-8"))
        pending = entry.get("pending")
        return digest == entry.get("sha256") or (isinstance(pending, list) and digest in pending)

    def entities(self, record_id: str) -> dict[str, list[str]] | None:
        entry = self.entries.get(record_id)
        if not isinstance(entry, dict) or not entry.get("sha256") or not isinstance(entry.get("entities"), dict):
            return None  # no memory (or a damaged one): the record alone decides
        return entry["entities"]

    def save_pending(self) -> None:
        """Write the journal of bytes expected since the log was last saved (before writing them)."""
        if self._expected:
            write_atomic(self.journal, json.dumps(self._expected, sort_keys=True, separators=(",", ":")))

    def save(self) -> None:
        # compact, so that json's C encoder writes it (with an indent it falls back to Python,
        # a second per save at ten thousand records)
        write_atomic(self.path, json.dumps(self.entries, sort_keys=True, separators=(",", ":")))
        self.journal.unlink(missing_ok=True)  # the log holds all of it now
        self._expected = {}


def _read_json_dict(path: Path) -> dict:
    """A JSON object from a file; empty when the file is missing, unreadable or not an object."""
    try:
        loaded = json.loads(read_regular(path).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that a reader (or a crash) sees the old bytes or the new, never half.

    Plain os calls, and the folder made only when missing: a first build writes ten thousand."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    data = text.encode("utf-8")
    try:
        try:
            handle = open(tmp, "wb")
        except FileNotFoundError:
            Path(folder).mkdir(parents=True, exist_ok=True)
            handle = open(tmp, "wb")
        with handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise named(exc, path) from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_many(files: list[tuple[Path, str]]) -> None:
    """write_atomic for each (path, text), in order; the first error is raised."""
    for path, text in files:
        write_atomic(path, text)
