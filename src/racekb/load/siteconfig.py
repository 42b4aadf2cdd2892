"""racekb.yaml: what a site says about itself (its name, language, owner, address).

One small file at the site root, optional, and every key in it optional: a site without it is
named "racekb", in English, with no owner and no base URL, as before. Read and checked before any
work, so a typo ("titel:") stops the build with the key, the file and its line, never a traceback
and never a silently ignored setting. Command flags (--base-url) win over the file.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from racekb.model.errors import RacekbError

CONFIG_NAME = "racekb.yaml"
DEFAULT_TITLE = "racekb"
DEFAULT_DESCRIPTION = "A knowledge site built from motorsport press releases."
MAX_CONFIG_BYTES = 64 * 1024  # a settings file is a few lines; more is a mistake
MAX_TEXT = 300
MAX_PAGE_SIZE = 10_000
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".webp": "image/webp", ".gif": "image/gif"}
MAX_LOGO_BYTES = 1024 * 1024
# BCP 47 as pages and feeds use it: a language, then optional script/region/variant parts
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")

KEYS = ("title", "description", "language", "base_url", "author", "publisher", "logo", "page_size")
PERSON_KEYS = ("name", "url")

TEMPLATE = """\
# racekb.yaml: this site's settings. Every key is optional; `racekb build` flags win over them.
title: {title}
description: {description}
language: en            # the pages' <html lang>, the feeds' xml:lang
# base_url: https://example.org/racing/   # where the site is published (feeds, sitemap, canonical links)
# author:               # the publisher: the feeds' author, JSON-LD publisher
#   name: Example Racing Press Office
#   url: https://example.org/
# logo: logo.svg        # an image file in this folder, shown in the header
# page_size: 50         # items per page of a long list
"""


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site: the feeds' author and JSON-LD's publisher."""

    name: str
    url: str = ""


@dataclass(frozen=True)
class SiteConfig:
    """The settings of one site, checked; the defaults are a site without racekb.yaml."""

    title: str = DEFAULT_TITLE
    description: str = DEFAULT_DESCRIPTION
    language: str = "en"
    base_url: str = ""
    author: Publisher | None = None
    logo: str = ""  # a path under the site root, as written in the file
    page_size: int | None = None
    logo_digest: str = field(default="", compare=True)  # the logo's bytes, so a new logo rebuilds
    path: str = field(default="", compare=False)  # the file it was read from ("" for defaults)

    def with_base_url(self, base_url: str | None) -> SiteConfig:
        """The flag wins over the file; None means no flag was given."""
        return self if base_url is None else replace(self, base_url=base_url)

    @property
    def publisher_name(self) -> str:
        """The feeds' author: the publisher, else the site itself (never a release's dateline)."""
        return self.author.name if self.author is not None else self.title

    @property
    def logo_target(self) -> str:
        """Where the logo is copied in build/ ("" without one)."""
        return f"static/logo{Path(self.logo).suffix.lower()}" if self.logo else ""

    def fingerprint(self) -> str:
        """Everything a page may read of the settings, as one string: part of the build's input
        hash and of every page key, so a new title or language renders the pages again."""
        data = asdict(self)
        data.pop("path", None)
        return repr(sorted(data.items()))


def read_config(root: Path) -> SiteConfig:
    """The site's racekb.yaml, checked; the defaults when there is none."""
    path = root / CONFIG_NAME
    if not path.exists():
        return SiteConfig()
    shown = str(path)
    if not path.is_file():
        raise RacekbError("not a regular file; racekb.yaml must be a plain YAML file", shown)
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise RacekbError(f"over {MAX_CONFIG_BYTES // 1024} KB; racekb.yaml holds a few settings", shown)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RacekbError(f"not UTF-8 (byte at offset {exc.start}); save it as UTF-8", shown) from None
    return parse_config(text, shown, root)


def parse_config(text: str, shown: str, root: Path | None = None) -> SiteConfig:
    """racekb.yaml's text -> SiteConfig; RacekbError naming the file and line of the first problem."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise RacekbError(f"not valid YAML: {problem}", shown, mark.line + 1 if mark else None) from None
    if node is None:
        return SiteConfig(path=shown)
    if not isinstance(node, yaml.MappingNode):
        raise RacekbError("must be a mapping of settings (`title: My site`), not a list or a single value",
                          shown, node.start_mark.line + 1)
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in KEYS:
            raise RacekbError(f"unknown key {str(key)[:40]!r} (known: {', '.join(KEYS)})", shown, line)
        if key in values:
            raise RacekbError(f"{key!r} is given twice", shown, line)
        values[key] = _value(key, value_node, shown)
    if "author" in values and "publisher" in values:
        line = next(k.start_mark.line + 1 for k, _ in node.value if k.value == "publisher")
        raise RacekbError("give either 'author' or 'publisher', not both (they are the same setting)", shown, line)
    author = values.pop("publisher", None) or values.pop("author", None)
    logo, logo_digest = "", ""
    if "logo" in values:
        logo, logo_digest = _logo(values.pop("logo"), root, shown, _line_of(node, "logo"))
    return SiteConfig(author=author, logo=logo, logo_digest=logo_digest, path=shown, **values)


def _line_of(node: Any, key: str) -> int:
    return next(k.start_mark.line + 1 for k, _ in node.value if k.value == key)


def _value(key: str, node: Any, shown: str) -> Any:
    """One setting's value, checked for its type and form."""
    import yaml

    line = node.start_mark.line + 1
    if key in ("author", "publisher"):
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            return Publisher(name=_text(key, node, shown))
        if not isinstance(node, yaml.MappingNode):
            raise RacekbError(f"{key!r} must be a name, or a mapping with `name` and `url`", shown, line)
        parts: dict[str, str] = {}
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else None
            if name not in PERSON_KEYS:
                raise RacekbError(f"unknown key {str(name)[:40]!r} under {key!r} (known: name, url)",
                                  shown, k.start_mark.line + 1)
            parts[name] = _text(f"{key}.{name}", v, shown)
        if not parts.get("name"):
            raise RacekbError(f"{key!r} needs a `name`", shown, line)
        if parts.get("url"):
            _url(f"{key}.url", parts["url"], shown, line)
        return Publisher(name=parts["name"], url=parts.get("url", ""))
    if key == "page_size":
        if not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int")):
            raise RacekbError(f"'page_size' must be a whole number, not {_kind(node)}", shown, line)
        size = int(yaml.safe_load(node.value))
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise RacekbError(f"'page_size' must be from 1 to {MAX_PAGE_SIZE:,}, not {size}", shown, line)
        return size
    text = _text(key, node, shown)
    if key == "language" and not _LANGUAGE.fullmatch(text):
        raise RacekbError(f"'language' must be a language tag such as en, en-GB or de, not {text[:40]!r}",
                          shown, line)
    if key == "base_url":
        _url(key, text, shown, line)
    if key == "title" and not text:
        raise RacekbError("'title' may not be empty", shown, line)
    return text


def _text(key: str, node: Any, shown: str) -> str:
    import yaml

    line = node.start_mark.line + 1
    if not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str")):
        raise RacekbError(f"{key!r} must be text, not {_kind(node)}", shown, line)
    text = node.value.strip()
    if "\n" in text or len(text) > MAX_TEXT:
        raise RacekbError(f"{key!r} must be one line of at most {MAX_TEXT} characters", shown, line)
    return text


def _kind(node: Any) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return {"int": "a number", "float": "a number", "bool": "true/false", "null": "empty"}.get(
        node.tag.rsplit(":", 1)[-1], f"{node.value[:40]!r}")


def _url(key: str, text: str, shown: str, line: int) -> None:
    try:
        check_base_url(text)
    except ValueError as exc:
        raise RacekbError(f"{key!r} {text[:80]!r}: {exc}", shown, line) from None


def _logo(value: str, root: Path | None, shown: str, line: int) -> tuple[str, str]:
    """The logo's path as written, and a digest of its bytes (it is copied into build/static/)."""
    from racekb.model.hashing import digest
    from racekb.model.safeio import read_regular

    suffix = Path(value).suffix.lower()
    if suffix not in LOGO_TYPES:
        raise RacekbError(f"'logo' must be an image file ({', '.join(LOGO_TYPES)}), not {value[:60]!r}", shown, line)
    if root is None:
        return value, ""
    path = (root / value).resolve()
    if Path(value).is_absolute() or not path.is_relative_to(root.resolve()):
        raise RacekbError(f"'logo' must be a file inside the site folder, not {value[:60]!r}", shown, line)
    if not path.is_file():
        raise RacekbError(f"'logo' {value[:60]!r}: no such file in the site folder", shown, line)
    if path.stat().st_size > MAX_LOGO_BYTES:
        raise RacekbError(f"'logo' {value[:60]!r} is over {MAX_LOGO_BYTES // 1024} KB", shown, line)
    return value, digest(read_regular(path))


def logo_file(root: Path, config: SiteConfig) -> dict[str, bytes]:
    """The logo as a static file of the site ({} without one)."""
    from racekb.model.safeio import read_regular

    if not config.logo:
        return {}
    return {config.logo_target: read_regular(root / config.logo)}


def template_text(name: str) -> str:
    """The racekb.yaml `racekb init` writes: the settings named, most of them commented out."""
    import json

    return TEMPLATE.format(title=json.dumps(name), description=json.dumps(DEFAULT_DESCRIPTION))


def check_base_url(text: str) -> str:
    """A `--base-url` as racekb will use it, or ValueError saying why not.

    It goes into canonical links, the feed, the sitemap and robots.txt, so it must be an absolute
    http(s) address with a host, and nothing that could break a line or an attribute (a newline
    once put a line of the user's choosing into robots.txt; `javascript:` a script into links)."""
    from urllib.parse import urlsplit

    if text == "":
        return text
    if any(ord(c) < 0x21 or 0x7F <= ord(c) < 0xA0 or c in "<>\"'`\\{}|^" for c in text):
        raise ValueError("it holds a space, a line break or another character an address may not hold")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"not an address ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("it must start with http:// or https://")
    if not parts.hostname:
        raise ValueError("it has no host name (want e.g. https://example.org/racing/)")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("it may not hold a ?query, a #fragment or a user name")
    del port
    return text
