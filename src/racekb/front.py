"""Front matter, read and written by racekb itself rather than left to python-frontmatter.

Why our own: YAML's implicit typing turns `title: No` into False and `date: 2023-02-30` into a
crash deep inside PyYAML; an unclosed `---` silently becomes body text. Here every scalar is read
as the string the user typed (yaml.BaseLoader), types are checked by the caller, and every
problem is a RacekbError naming the file and the line.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from racekb.errors import RacekbError

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
    return meta, body


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
    yaml_text = yaml.dump(meta, Dumper=yaml.SafeDumper, default_flow_style=False, allow_unicode=True,
                          sort_keys=False, width=1_000_000)
    return f"---\n{yaml_text}---\n\n{body}"
