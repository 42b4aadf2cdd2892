"""One entity, one page: names that differ only in how they are written join across releases.

Three conventions, each exact rather than a similarity guess (a guess that joins two people is
worse than two pages for one): the same name spelled with or without diacritics or spaces
("Günther" / "Guenther", "SportsCar" / "Sports Car", "Championship" / "Championships"); an
acronym standing for words of the one longer name that has them as initials ("WRC", "NZ
Superbike Championships"); and a series named by the head or tail of the one longer series name
that has it ("International Series"). Two different people who share a surname never meet here:
their full names differ. The conventions are data (data/variants.yaml)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

Key = tuple[str, str]
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Conventions:
    table: dict[int, str]
    plurals: dict[str, str]
    skips: frozenset[str]
    short_form_types: frozenset[str]
    tail_types: frozenset[str]
    acronym_types: frozenset[str]
    trailing: frozenset[str]


@lru_cache(maxsize=1)
def conventions() -> Conventions:
    text = resources.files("racekb").joinpath("data/variants.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    table = {ord(str(k)): str(v) for k, v in (data.get("transliterate") or {}).items()}
    return Conventions(table=table, plurals={str(k): str(v) for k, v in (data.get("plurals") or {}).items()},
                       skips=frozenset(str(s) for s in data.get("acronym_skips") or ()),
                       short_form_types=frozenset(data.get("short_form_types") or ()),
                       tail_types=frozenset(data.get("tail_types") or ()),
                       acronym_types=frozenset(data.get("acronym_types") or ()),
                       trailing=frozenset(data.get("trailing_generic") or ()))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@lru_cache(maxsize=1 << 14)
def words(name: str, transliterate: bool = True) -> tuple[str, ...]:
    """The name's words, folded: letters written out ("ü" -> "ue") or stripped of their marks,
    case-free, without punctuation; a plural last word made singular."""
    conv = conventions()
    text = name.translate(conv.table) if transliterate else name
    out = [_ascii(w).casefold().replace("'", "").replace("’", "") for w in _WORD.findall(text)]
    out = [w for w in out if w]
    if len(out) > 1 and out[-1] in conv.trailing and out[-2] in conv.plurals:
        out.pop()
    if out:
        out[-1] = conv.plurals.get(out[-1], out[-1])
    return tuple(out)


def spellings(name: str) -> set[str]:
    """The forms under which two spellings of one name meet: its folded words run together, with
    the letters written out and with their marks dropped."""
    return {"".join(words(name, True)), "".join(words(name, False))} - {""}


def _final(key: Key, redirect: dict[Key, Key]) -> Key:
    seen = set()
    while key in redirect and key not in seen:
        seen.add(key)
        key = redirect[key]
    return key


def merge_spellings(names: dict[Key, str], where: dict[Key, set[str]], redirect: dict[Key, Key],
                    fixed: set[Key], notes: list[str]) -> None:
    """Keys of one type whose names are spellings of each other become one, under the spelling
    most releases use (then the one that keeps its diacritics, then the longer)."""
    owner: dict[tuple[str, str], Key] = {}
    parent: dict[Key, Key] = {}

    def find(k: Key) -> Key:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for key, name in names.items():
        if key in redirect or key in fixed:
            continue
        for form in spellings(name):
            other = owner.setdefault((key[0], form), key)
            if other != key:
                a, b = find(other), find(key)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[Key, list[Key]] = {}
    for key in parent:
        groups.setdefault(find(key), []).append(key)
    for root in sorted(groups):
        members = sorted(set(groups[root]) | {root})
        if len(members) < 2:
            continue
        keep = max(members, key=lambda k: (len(where.get(k, ())), names[k] != _ascii(names[k]),
                                           -names[k].count(" "), len(names[k]), names[k]))
        for key in members:
            if key != keep:
                redirect[key] = keep
        notes.append(f"{', '.join(repr(names[k]) for k in members)}: one {keep[0]} written {len(members)} ways, "
                     f"shown as {names[keep]!r}")


def _is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isalpha() and word.isupper()


def _initials(words_: tuple[str, ...], skips: frozenset[str]) -> str:
    return "".join(w[0] for w in words_ if w not in skips)


def merge_short_forms(names: dict[Key, str], redirect: dict[Key, Key], fixed: set[Key], notes: list[str]) -> None:
    """A name that is an acronym of, or the head or tail of, exactly one longer name of its type
    joins it. Near-linear: each name is indexed by its heads, tails and the initials of its
    word windows (a few dozen entries), and each short name looks up its own forms."""
    conv = conventions()
    types = conv.short_form_types | conv.tail_types | conv.acronym_types
    live = [(k, n) for k, n in names.items() if k[0] in types and k not in redirect and k not in fixed]
    folded = {k: words(n) for k, n in live}
    ends: dict[tuple[str, tuple[str, ...]], set[Key]] = {}
    windows: dict[tuple[str, str], set[tuple[Key, int, int]]] = {}
    for key, ws in folded.items():
        if key[0] in conv.short_form_types or key[0] in conv.tail_types:
            for j in range(1, min(len(ws), 7)):
                if key[0] in conv.short_form_types:
                    ends.setdefault((key[0], ws[:j]), set()).add(key)
                ends.setdefault((key[0], ws[-j:]), set()).add(key)
        if key[0] in conv.acronym_types:
            for s in range(len(ws)):
                for e in range(s + 2, min(len(ws), s + 7) + 1):
                    windows.setdefault((key[0], _initials(ws[s:e], conv.skips)), set()).add((key, s, e))
    series_words = set(conv.plurals.values())
    for key, name in live:
        ws, raw = folded[key], _WORD.findall(name)
        found: set[Key] = set()
        # the raw words line up with the folded ones (a dropped trailing word is the last)
        acronyms = [i for i, w in enumerate(raw[:len(ws)]) if _is_acronym(w)] if len(raw) >= len(ws) else []
        if (key[0] in conv.short_form_types and not (len(ws) == 1 and ws[0] in series_words)) or \
                (key[0] in conv.tail_types and len(ws) >= 2):
            found |= ends.get((key[0], ws), set())
        if len(acronyms) == 1 and key[0] in conv.acronym_types:
            i = acronyms[0]
            for other, s, e in windows.get((key[0], ws[i]), ()):
                long_ws = folded[other]
                expanded = ws[:i] + long_ws[s:e] + ws[i + 1:]
                if expanded == long_ws or (key[0] in conv.short_form_types and len(expanded) < len(long_ws) and (
                        long_ws[:len(expanded)] == expanded or long_ws[-len(expanded):] == expanded)):
                    found.add(other)
        found.discard(key)
        if len(found) == 1:
            target = found.pop()
            if _final(target, redirect) != key:
                redirect[key] = target
                notes.append(f"{name!r} read as a short form of {names[target]!r}")
