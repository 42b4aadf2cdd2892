"""The extractor's data: gazetteer entries and word lists, read once from extract/data/."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

# racekb's own data files, read once per process: libyaml's parser where PyYAML has it (the
# pure-Python one took half a second, most of a one-edit rebuild's extraction)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(filename: str) -> object:
    return yaml.load((DATA / filename).read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader

DATA = Path(__file__).resolve().parent / "data"
GAZETTEER_FILES = {"championship": "championships.yaml", "class": "classes.yaml",
                   "manufacturer": "manufacturers.yaml", "event": "events.yaml", "track": "tracks.yaml"}


@dataclass(frozen=True)
class Entry:
    type: str
    name: str
    aliases: tuple[str, ...]
    models: tuple[str, ...] = ()


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_LEADING_THE = re.compile(r"^the ")


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The comparison form of a name: case, accents, punctuation and "the" ignored. Remembered:
    the rules and the resolver ask it of the same names again and again."""
    s = text.replace("\u2019", "'")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().casefold().replace("'", "")
    s = _NOT_ALNUM.sub(" ", s).strip()
    return _LEADING_THE.sub("", s)


@lru_cache(maxsize=None)
def gazetteer() -> tuple[Entry, ...]:
    entries: list[Entry] = []
    for etype, filename in GAZETTEER_FILES.items():
        for item in _read(filename) or []:
            entries.append(Entry(etype, str(item["name"]), tuple(str(a) for a in item.get("aliases", []) or []),
                                 tuple(str(m) for m in item.get("models", []) or [])))
    return tuple(entries)


@lru_cache(maxsize=None)
def by_norm(etype: str) -> dict[str, Entry]:
    """Normalised name or alias -> entry, for one type."""
    out: dict[str, Entry] = {}
    for entry in gazetteer():
        if entry.type == etype:
            for form in (entry.name, *entry.aliases):
                out.setdefault(norm(form), entry)
    return out


@lru_cache(maxsize=None)
def words() -> dict[str, frozenset[str]]:
    raw = _read("words.yaml")
    return {key: frozenset(str(w).casefold() for w in value) for key, value in raw.items()}


def word_list(key: str) -> frozenset[str]:
    """A word list from words.yaml, lower-cased for case-blind matching."""
    return words()[key]


@lru_cache(maxsize=None)
def word_lists(*keys: str) -> frozenset[str]:
    """Several word lists as one (built once, not per call)."""
    return frozenset().union(*(words()[key] for key in keys))


@lru_cache(maxsize=None)
def raw_list(key: str) -> frozenset[str]:
    """A word list from words.yaml in its written case, for lists where case matters."""
    raw = _read("words.yaml")
    return frozenset(str(w) for w in raw[key])


@lru_cache(maxsize=None)
def ordered_phrases(key: str) -> tuple[str, ...]:
    """A word list's multi-word phrases, longest first, in their written case."""
    raw = _read("words.yaml")
    return tuple(sorted((str(w) for w in raw[key]), key=len, reverse=True))


@lru_cache(maxsize=None)
def given_names() -> frozenset[str]:
    names: set[str] = set()
    for line in (DATA / "given_names.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            names.update(line.split())
    return frozenset(names)


@lru_cache(maxsize=None)
def models() -> dict[str, tuple[str, ...]]:
    """Manufacturer name or alias -> its model names."""
    out: dict[str, tuple[str, ...]] = {}
    for entry in gazetteer():
        if entry.type == "manufacturer":
            for form in (entry.name, *entry.aliases):
                out[form] = entry.models
    return out


@lru_cache(maxsize=None)
def suppliers() -> frozenset[str]:
    """Makers of parts, tyres, oil or lights: their name before a word is never a car."""
    raw = _read("manufacturers.yaml") or []
    return frozenset(str(item["name"]) for item in raw if item.get("supplier"))


@lru_cache(maxsize=None)
def all_model_words() -> frozenset[str]:
    return frozenset(w for ms in models().values() for m in ms for w in m.split())
