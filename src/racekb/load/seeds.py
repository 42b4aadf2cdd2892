"""load: seeds/* -> release records.

A seed is either the house format (a `date YYYY-MM-DD Headline` first line, then paragraphs)
or Markdown with YAML front matter. Nothing here writes; `pipeline` decides what to write.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from racekb.load import front
from racekb.model.errors import RacekbError
from racekb.load.records import flatten_deep, parse_date, sha256_bytes
from racekb.model.safeio import read_regular, special_kind
from racekb.model.slug import slugify
from racekb.model.text import clean_text, plain_to_markdown

# A limit so that no file can make a build hang. Extraction is close to linear in a release's length
# (seconds per MB, real text and the densest run-on list: benchmarks/README.md). Real press releases
# are 2-20 KB, so 1 MB is fifty times the longest one seen; bigger files are refused, with this
# limit in the message.
MAX_SEED_BYTES = 1024 * 1024
SEED_SUFFIXES = {".txt", ".md", ".markdown", ""}
_DATE_LINE = re.compile(r"^\s*date(?:\s+(\S+)\s*(.*))?$", re.IGNORECASE)
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


def _entries(folder: Path) -> list[tuple[Path, bool]]:
    """(path, is a file) of every entry not starting with a dot, in name order. One directory
    read, no stat per file where the directory says the type (a stat each showed at 10,000)."""
    try:
        with os.scandir(folder) as it:
            found = [(entry.name, entry.is_file()) for entry in it if not entry.name.startswith(".")]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [(folder / name, is_file) for name, is_file in sorted(found)]


def list_seeds(folder: Path) -> list[Path]:
    """The seed files in seeds/, in name order (the order every later step relies on)."""
    return seed_folder(folder)[0]


def ignored_files(folder: Path) -> list[Path]:
    """Files in seeds/ that are not read as seeds, so the build can say so instead of dropping them."""
    return seed_folder(folder)[1]


def seed_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    """(list_seeds, ignored_files) of a folder, from one read of it."""
    seeds: list[Path] = []
    ignored: list[Path] = []
    for path, is_file in _entries(folder):
        (seeds if is_file and path.suffix.lower() in SEED_SUFFIXES else ignored).append(path)
    return seeds, ignored


def files_named(folder: Path, suffix: str) -> list[Path]:
    """Every entry of a folder whose name ends with `suffix` (case as given), but none starting
    with a dot, in name order: `sorted(folder.glob("*" + suffix))` without sorting Path objects,
    which compare part by part (slow at ten thousand records)."""
    return [path for path, is_file in _entries(folder) if is_file and path.name.endswith(suffix)]


def other_files(folder: Path, suffix: str) -> list[Path]:
    """Regular files of a folder not named with `suffix` (exactly): not read, so the build can say
    so (`x.MD` among records would otherwise vanish without a word)."""
    return [path for path, is_file in _entries(folder) if is_file and not path.name.endswith(suffix)]


def special_files(folder: Path, suffix: str) -> list[tuple[Path, str]]:
    """Entries named like `files_named` that are not regular files (a FIFO, a device, a socket, a
    symlink to one): never read (reading one would hang), and each worth a warning."""
    out = []
    for path, is_file in _entries(folder):
        if not is_file and path.name.endswith(suffix):
            what = special_kind(path)
            if what is not None and what != "a folder":
                out.append((path, what))
    return out


def source_of(path: Path, root: Path) -> str:
    """The name a seed goes by in its record: its path from the site's folder."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def dateline_city(paragraph: str) -> str:
    """"DETROIT (Oct. 19, 2023) – ..." -> "Detroit"; empty when the release has no dateline."""
    match = _DATELINE.match(paragraph.strip())
    if not match:
        return ""
    city = match.group("city").strip(" ,-–—")
    parts = [p.strip() for p in city.split(",")]
    parts[0] = parts[0].title() if parts[0].isupper() else parts[0]
    return ", ".join(parts)


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def decode(data: bytes, path: Path) -> str:
    """Bytes to text, or an error that says what the file really is and where it goes wrong."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RacekbError("the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8",
                          path, 1)
    head = data[:8192]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if b"\x00" in head or controls > max(16, len(head) // 10):
        raise RacekbError("binary file, not a press release (it holds NUL or other control bytes); "
                          "seeds must be UTF-8 text", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise RacekbError(f"not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start} "
                          f"({exc.reason}; Latin-1 or Windows-1252?); save the file as UTF-8",
                          path, line) from None
    return clean_text(text)


def parse_house(text: str, path: Path) -> tuple[str, dt.date, str]:
    """`date YYYY-MM-DD Headline`, a blank line, paragraphs -> (title, date, body text)."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise RacekbError("empty file", path)
    match = _DATE_LINE.match(lines[first])
    if not match:
        shown = lines[first].strip()[:40]
        raise RacekbError(f"first line must be `date YYYY-MM-DD Headline`, not {shown!r}", path, first + 1)
    if not match.group(1):
        raise RacekbError("the date line has no date (want `date YYYY-MM-DD Headline`)", path, first + 1)
    date = parse_date(match.group(1), path, first + 1)
    title = " ".join(match.group(2).split())
    if not title:
        raise RacekbError("the date line has no headline after the date", path, first + 1)
    body = "\n".join(lines[first + 1:]).strip()
    if not body:
        raise RacekbError("the release has a headline but no text", path, first + 2)
    return title, date, body


def parse_markdown(text: str, path: Path) -> tuple[str, dt.date, str]:
    """A Markdown seed: front matter with `title` and `date`, then the body."""
    meta, body = front.load(text, path)
    title = front.text_field(meta, "title", path, required=True, line=front.line_of(text, "title"))
    date = parse_date(front.required(meta, "date", path), path, front.line_of(text, "date"))
    body = flatten_deep(body).strip()
    if not body:
        raise RacekbError("the release has no text after its front matter", path)
    return title, date, body


def read_bytes(path: Path, limit: int = MAX_SEED_BYTES) -> bytes:
    """The file's bytes, refusing (without reading it all) one over the size limit."""
    try:
        data = read_regular(path, limit)
    except OSError as exc:
        raise RacekbError(f"cannot read: {exc.strerror or exc}", path) from None
    if len(data) > limit:
        try:
            size = f"{path.stat().st_size / 1024:,.0f} KB"
        except OSError:
            size = "it"
        raise RacekbError(f"{size} is over the {limit // 1024} KB limit for one release "
                          "(press releases are rarely over 20 KB); split it or trim it", path)
    return data


def check_name(path: Path) -> None:
    """A seed's name goes into its record and the site; it must be printable UTF-8."""
    name = path.name
    if name.isascii() and name.isprintable():
        return  # nearly every name: nothing to check character by character
    raw = os.fsencode(path).decode("utf-8", "backslashreplace")
    shown = "".join(c if ord(c) >= 32 and not 0x7F <= ord(c) < 0xA0 else f"\\x{ord(c):02x}" for c in raw)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise RacekbError("the file name is not valid UTF-8; rename the file", shown) from None
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name):
        raise RacekbError("the file name holds a control character (a line break?); rename the file", shown)


def read_seed(path: Path, root: Path) -> Seed:
    """Parse one seed file; any problem is a RacekbError naming the file and line."""
    check_name(path)
    data = read_bytes(path)
    text = decode(data, path)
    if not text.strip():
        raise RacekbError("empty file", path)
    is_markdown = front.has_front_matter(text.lstrip("\n")) and path.suffix.lower() in (".md", ".markdown", "")
    if is_markdown:
        title, date, body = parse_markdown(text.lstrip("\n"), path)
    else:
        title, date, body = parse_house(text, path)
        body = plain_to_markdown(body)
    first_para = body.strip().split("\n\n", 1)[0]
    return Seed(path=path, source=source_of(path, root), sha256=sha256_bytes(data), title=title, date=date,
                body=body.strip() + "\n", city=dateline_city(first_para))
