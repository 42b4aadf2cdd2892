"""load: seeds/* -> release records.

A seed is either the house format (a `date YYYY-MM-DD Headline` first line, then paragraphs)
or Markdown with YAML front matter. Nothing here writes; `pipeline` decides what to write.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from racekb.errors import RacekbError
from racekb.records import parse_date, sha256_bytes
from racekb.slug import slugify
from racekb.text import plain_to_markdown

MAX_SEED_BYTES = 5 * 1024 * 1024
SEED_SUFFIXES = {".txt", ".md", ".markdown", ""}
_DATE_LINE = re.compile(r"^\s*date\s+(\S+)\s*(.*)$")
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Za-z .'’\-]{1,60}?(?:,\s*[A-Z][A-Za-z.]{1,15})?)\s*,?\s*[–—-]?\s*"
    r"\((?P<when>[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)\)"
)


@dataclass
class Seed:
    """A parsed seed, before it becomes a record."""

    path: Path
    source: str
    sha256: str
    title: str
    date: dt.date
    body: str
    city: str

    @property
    def wanted_id(self) -> str:
        return f"{self.date.isoformat()}-{slugify(self.title, max_words=6)}"


def list_seeds(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SEED_SUFFIXES)


def dateline_city(paragraph: str) -> str:
    """"DETROIT (Oct. 19, 2023) – ..." -> "Detroit"; empty when the release has no dateline."""
    match = _DATELINE.match(paragraph.strip())
    if not match:
        return ""
    city = match.group("city").strip(" ,-–—")
    parts = [p.strip() for p in city.split(",")]
    parts[0] = parts[0].title() if parts[0].isupper() else parts[0]
    return ", ".join(parts)


def decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:8192]:
        raise RacekbError("binary file, not a press release (it holds NUL bytes)", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RacekbError(f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} "
                          f"({exc.reason}); save the file as UTF-8", path) from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_house(text: str, path: Path) -> tuple[str, dt.date, str]:
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise RacekbError("empty file", path)
    match = _DATE_LINE.match(lines[first])
    if not match:
        raise RacekbError("first line must be `date YYYY-MM-DD Headline`", path, first + 1)
    date = parse_date(match.group(1), path, first + 1)
    title = " ".join(match.group(2).split())
    if not title:
        raise RacekbError("the date line has no headline after the date", path, first + 1)
    body = "\n".join(lines[first + 1:]).strip()
    if not body:
        raise RacekbError("the release has a headline but no text", path, first + 2)
    return title, date, body


def parse_markdown(text: str, path: Path) -> tuple[str, dt.date, str]:
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else None
        raise RacekbError(f"front matter is not valid YAML: {getattr(exc, 'problem', None) or exc}",
                          path, line) from None
    meta = post.metadata
    if not isinstance(meta, dict) or "title" not in meta or "date" not in meta:
        raise RacekbError("front matter needs 'title' and 'date'", path, 1)
    body = post.content.strip()
    if not body:
        raise RacekbError("the release has no text after its front matter", path)
    return " ".join(str(meta["title"]).split()), parse_date(meta["date"], path, 1), body


def read_seed(path: Path, root: Path) -> Seed:
    """Parse one seed file; any problem is a RacekbError naming the file and line."""
    size = path.stat().st_size
    if size > MAX_SEED_BYTES:
        raise RacekbError(f"{size / 1_048_576:.1f} MB is over the {MAX_SEED_BYTES // 1_048_576} MB "
                          "limit for one release; split it or trim it", path)
    data = path.read_bytes()
    text = decode(data, path)
    if not text.strip():
        raise RacekbError("empty file", path)
    is_markdown = text.lstrip().startswith("---") and path.suffix.lower() in (".md", ".markdown", "")
    if is_markdown:
        title, date, body = parse_markdown(text, path)
    else:
        title, date, body = parse_house(text, path)
        body = plain_to_markdown(body)
    first_para = body.strip().split("\n\n", 1)[0]
    try:
        source = path.relative_to(root).as_posix()
    except ValueError:
        source = path.as_posix()
    return Seed(path=path, source=source, sha256=sha256_bytes(data), title=title, date=date,
                body=body.strip() + "\n", city=dateline_city(first_para))
