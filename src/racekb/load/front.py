"""Front matter, read and written by racekb itself rather than left to python-frontmatter.

Why our own: YAML's implicit typing turns `title: No` into False and `date: 2023-02-30` into a
crash deep inside PyYAML; an unclosed `---` silently becomes body text. Here every scalar is read
as the string the user typed (yaml.BaseLoader), types are checked by the caller, and every
problem is a RacekbError naming the file and the line.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import yaml

from racekb.model.errors import RacekbError

_FENCE = re.compile(r"^-{3,}[ \t]*$")


def has_front_matter(text: str) -> bool:
    """True when the text opens with a `---` line (the mark of a front-matter file)."""
    first = text.split("\n", 1)[0]
    return bool(_FENCE.match(first))


def split(text: str, path: Path | str) -> tuple[str, str, int]:
    """(YAML text, body, line number where the body starts) of a front-matter file."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise RacekbError("front matter must start with a `---` line", path, 1)
    for i in range(1, len(lines)):
        if _FENCE.match(lines[i]):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    raise RacekbError("front matter opened with `---` is never closed (add a `---` line after it)",
                      path, 1)


def load(text: str, path: Path | str) -> tuple[dict, str]:
    """Parse a front-matter file into (metadata with string scalars, body)."""
    yaml_text, body, _ = split(text, path)
    meta = fast_load(yaml_text)
    if meta is not None:
        return meta, body
    try:
        meta = yaml.load(yaml_text, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds only str/list/dict
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, mark = getattr(exc, "context", None), getattr(exc, "problem_mark", None)
        start = getattr(exc, "context_mark", None)
        if context and start is not None:
            problem += f" {context} that starts on line {start.line + 2}"
        raise RacekbError(f"front matter is not valid YAML: {problem}", path,
                          mark.line + 2 if mark is not None else None) from None
    except RecursionError:
        raise RacekbError("front matter is nested too deeply", path, 2) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise RacekbError("front matter must be `key: value` lines, not a list or a single value", path, 2)
    _check_text(meta, path, yaml_text)
    return meta, body


# what a YAML escape (\x00, \e, \ud800) can put in a string that no page, feed or record may hold:
# control characters other than whitespace, and lone surrogates (which cannot even be written as UTF-8)
_BAD = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def load_typed(text: str, path: Path | str) -> tuple[dict, str]:
    """(metadata, body) with YAML's own types, for files whose keys are typed (a curated entity's
    `not_an_entity: true` is a bool, a quoted 'true' a string): the same fences and the same
    errors as `load`. A file that does not open with `---` is all body."""
    text = text.lstrip("\ufeff")
    if not has_front_matter(text):
        return {}, text
    yaml_text, body, _ = split(text, path)
    try:
        meta = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RacekbError(f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", path,
                          mark.line + 2 if mark else None) from None
    except (ValueError, TypeError, OverflowError) as exc:  # an impossible date, a key YAML cannot hash
        raise RacekbError(f"front matter holds a value that cannot be read ({exc})", path) from None
    except RecursionError:
        raise RacekbError("front matter is nested too deeply", path, 2) from None
    meta = {} if meta is None else meta
    _check_text(meta, path, yaml_text)
    return meta, body


def _check_text(value: object, path: Path | str, yaml_text: str, key: str = "") -> None:
    """Refuse front matter whose strings hold control characters or lone surrogates (each only
    reachable through a YAML escape), naming the key and its line."""
    if isinstance(value, str):
        bad = _BAD.search(value)
        if bad is not None:
            char = bad.group()
            what = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
            top = key.split(".", 1)[0]
            raise RacekbError(f"'{key}' holds {what} (U+{ord(char):04X}, from a YAML escape); "
                              "remove it", path, line_of("---\n" + yaml_text, top) if top else 1)
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_text(k, path, yaml_text, key)
            _check_text(v, path, yaml_text, f"{key}.{k}" if key else str(k))
    elif isinstance(value, list):
        for item in value:
            _check_text(item, path, yaml_text, key)


def line_of(text: str, key: str) -> int:
    """The line of a top-level `key:` in a front-matter file (1 when it is not there)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:") or line.startswith(f"{key} :"):
            return number
    return 1


def required(meta: dict, key: str, path: Path | str) -> object:
    """meta[key], or a clear error when the front matter lacks it."""
    if key not in meta or meta[key] in ("", None):
        raise RacekbError(f"front matter needs '{key}'", path, 1)
    return meta[key]


def text_field(meta: dict, key: str, path: Path | str, required: bool = False, line: int = 1) -> str:
    """A field that must be plain text (one line): never a list, a mapping or a tag's trick."""
    value = meta.get(key)
    if value is not None and not isinstance(value, str):
        raise RacekbError(f"'{key}' must be text, not a {'list' if isinstance(value, list) else 'mapping'}",
                          path, line)
    text = " ".join((value or "").split())
    if not text and required:
        raise RacekbError(f"front matter needs '{key}'" + (" (it is blank)" if value else ""), path, line)
    return text


def dump(meta: dict, body: str) -> str:
    """The text of a front-matter file; the same input always gives the same bytes."""
    yaml_text = fast_yaml(meta)
    if yaml_text is None:
        yaml_text = _yaml_dump(meta)
    return f"---\n{yaml_text}---\n\n{body}"


def _yaml_dump(value: object) -> str:
    """PyYAML's own text for `value`: the definition of the bytes racekb writes."""
    return yaml.dump(value, Dumper=yaml.SafeDumper, default_flow_style=False, allow_unicode=True,
                     sort_keys=False, width=1_000_000)


# The front matter racekb writes is a few short lines of text, a date and lists of names, yet
# PyYAML's pure-Python emitter was most of a first build's load stage (figures: benchmarks/README.md).
# fast_yaml writes the same bytes directly for that shape and gives up (None)
# on anything else; a scalar it cannot prove plain is worded by PyYAML itself.

# what PyYAML's emitter (analyze_scalar, allow_unicode) writes as a plain scalar in block context,
# narrowed where that is simpler: no indicator or space first, printable characters only
_PLAIN = re.compile("(?![-?:,\\[\\]{}#&*!|>'\"%@`. ])"
                    "[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]+")
_LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")
_LONGEST_SCALAR = 100_000  # far below the dump width, so no scalar is ever folded
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()


@lru_cache(maxsize=65536)
def _scalar(text: str) -> str | None:
    """`text` as PyYAML writes it as a mapping value or list item (one line), or None."""
    if len(text) > _LONGEST_SCALAR or _LINE_BREAKS.search(text):
        return None  # multi-line or very long scalars: their layout depends on where they stand
    if (_PLAIN.fullmatch(text) and not text.endswith((" ", ":")) and ": " not in text and " #" not in text
            and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG):
        return text
    item = _yaml_dump([text])  # "- <scalar>\n": PyYAML decides the quoting, as in a record
    if not item.startswith("- ") or item.count("\n") != 1:
        return None
    return item[2:-1]


def _key(key: object) -> str | None:
    """A mapping key, when it is plain text PyYAML writes as it is."""
    if type(key) is not str or len(key) >= 128:
        return None
    text = _scalar(key)
    return text if text == key else None


def fast_yaml(meta: dict) -> str | None:
    """The bytes `_yaml_dump(meta)` gives, for a mapping of text, dates and mappings of non-empty
    lists of text (a record's front matter); None for anything else."""
    lines: list[str] = []
    for key, value in meta.items():
        name = _key(key)
        if name is None:
            return None
        if type(value) is str:
            text = _scalar(value)
        elif type(value) is dt.date:
            text = value.isoformat()
        elif type(value) is dict:
            text = _fast_lists(value, lines, name)
            if text is None:
                return None
            continue
        else:
            return None
        if text is None:
            return None
        lines.append(f"{name}: {text}\n")
    return "".join(lines)


def _fast_lists(value: dict, lines: list[str], name: str) -> str | None:
    """Append a mapping of lists under `name` to `lines`, as PyYAML lays it out."""
    if not value:
        lines.append(f"{name}: {{}}\n")
        return ""
    lines.append(f"{name}:\n")
    for key, items in value.items():
        sub = _key(key)
        if sub is None or type(items) is not list or not items:
            return None
        lines.append(f"  {sub}:\n")
        for item in items:
            text = _scalar(item) if type(item) is str else None
            if text is None:
                return None
            lines.append(f"  - {text}\n")
    return ""


# Reading: racekb's own records (and most hand-written front matter) are `key: text` lines and one
# mapping of lists of names. fast_load reads exactly that shape, as yaml.BaseLoader would (every
# scalar a string, a repeated key's last value wins), and gives up (None) on anything else, which
# then goes to PyYAML: its result and its error messages are unchanged.
_TOP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?")
_SUB = re.compile(r"  ([A-Za-z_][A-Za-z0-9_]*):")
_ITEM = re.compile(r"  - (.*)")
# every character PyYAML's reader accepts, less tabs and line breaks
_READABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


def _read_scalar(text: str) -> str | None:
    """A one-line scalar's string (plain, or quoted without escapes), or None if unsure."""
    if not text or not _READABLE.fullmatch(text):
        return None
    if text[0] == "'":
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != "'" or "'" in inner.replace("''", ""):
            return None
        return inner.replace("''", "'")
    if text[0] == '"':
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != '"' or '"' in inner or "\\" in inner:
            return None
        return inner
    if (_PLAIN.fullmatch(text) and not text.endswith((" ", ":")) and ": " not in text
            and " #" not in text):
        return text
    return None


def fast_load(yaml_text: str) -> dict | None:
    """What `yaml.load(yaml_text, Loader=yaml.BaseLoader)` gives, for front matter of the shape
    racekb writes; None for anything else."""
    meta: dict = {}
    lines = yaml_text.split("\n")
    i = 0
    while i < len(lines):
        top = _TOP.fullmatch(lines[i])
        if top is None:
            return None
        key, value = top.group(1), top.group(2)
        i += 1
        if value == "{}":
            meta[key] = {}
        elif value is not None:
            text = _read_scalar(value)
            if text is None:
                return None
            meta[key] = text
        else:
            lists, i = _read_lists(lines, i)
            if lists is None:
                return None
            meta[key] = lists
    return meta


def _read_lists(lines: list[str], i: int) -> tuple[dict | None, int]:
    """The `  name:` / `  - item` block from line i: (mapping of non-empty lists, next line)."""
    out: dict[str, list[str]] = {}
    while i < len(lines) and lines[i].startswith("  "):
        sub = _SUB.fullmatch(lines[i])
        if sub is None:
            return None, i
        i += 1
        items: list[str] = []
        while i < len(lines) and lines[i].startswith("  - "):
            text = _read_scalar(_ITEM.fullmatch(lines[i]).group(1))  # type: ignore[union-attr]  # starts '  - '
            if text is None:
                return None, i
            items.append(text)
            i += 1
        if not items:
            return None, i
        out[sub.group(1)] = items
    return (out if out else None), i
