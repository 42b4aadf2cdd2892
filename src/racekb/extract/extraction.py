"""What the build keeps of one release's extraction (`Extraction`), and its bytes for a cache.

Why a summary: resolve reads only the entities, notes, facts and cues of a release; the
mentions with their offsets are for `racekb extract`. Fresh and cached extractions are both of
this type, so a build sees the same objects either way.
"""

from __future__ import annotations

import pickle
from typing import Iterable

from racekb.extract.state import State
from racekb.model.hashing import code_digest


def extraction_key(date: str, body: str) -> str:
    """What the extractor reads of a release: its date and its body (and racekb's code)."""
    return code_digest("extract", date, body)


class Extraction:
    """A release's extraction as the build uses it: what resolve reads (`entities()`, `facts`,
    `notes`) and the names by type a record lists; nothing else of the extractor's State.

    Why: the build needs every release's extraction, and rebuilding all their mention objects was
    most of a one-edit rebuild; resolve reads only this summary. Fresh and cached extractions
    are both of this type, so a build sees the same objects either way. (The mentions with their
    offsets, sentences and reasons are for `racekb extract`, which runs the extractor itself:
    keeping them in the cache was a third of it, read by every build.)
    """

    __slots__ = ("_entities", "by_type", "notes", "facts", "key", "cues")

    def __init__(
        self, entities: tuple, notes: list, facts: list, by_type: dict[str, list[str]] | None = None, cues: dict | None = None
    ) -> None:
        self._entities = entities  # ((type, name), (surface, ...)) in the State's mention order
        self.by_type = by_type if by_type is not None else names_of_keys(key for key, _ in entities)
        self.notes = notes
        self.facts = facts
        self.cues = cues if cues is not None else {}  # (type, name) -> what found it (evidence.cues_of)
        self.key = ""  # the cache key of what it was extracted from (ExtractCache.key), once known

    def entities(self) -> dict[tuple[str, str], set[str]]:
        """(type, name) -> every surface form under which the release names it (State.entities)."""
        return {key: set(surfaces) for key, surfaces in self._entities}

    def pairs(self) -> tuple[tuple[tuple[str, str], tuple[str, ...]], ...]:
        """`entities()` as stored: ((type, name), surface forms), in the same order."""
        return self._entities


_EXTRACTION_TAG = "extraction-4"


def names_of_keys(keys: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Entity type -> the names of that type, sorted (what a record's front matter lists)."""
    out: dict[str, set[str]] = {}
    for etype, name in keys:
        out.setdefault(etype, set()).add(name)
    return {t: sorted(n) for t, n in out.items()}


def encode_extraction(state: State) -> bytes:
    """The summary of a State that a build reads, as cache bytes."""
    entities = tuple((key, tuple(surfaces)) for key, surfaces in state.entities().items())
    # the names by type too: every build asks each release for them, and sorting them anew for
    # ten thousand cached releases showed in every rebuild
    by_type = names_of_keys(key for key, _ in entities)
    # what found each entity: resolve gives a page only to entities found on evidence
    from racekb.extract.evidence import cues_of

    return pickle.dumps((_EXTRACTION_TAG, entities, state.notes, state.facts, by_type, cues_of(state)), protocol=pickle.HIGHEST_PROTOCOL)


def decode_extraction(blob: bytes) -> Extraction:
    """The Extraction of bytes from encode_extraction; ValueError for anything else."""
    value = pickle.loads(blob)
    if not (isinstance(value, tuple) and len(value) == 6 and value[0] == _EXTRACTION_TAG):
        raise ValueError("not an extraction")
    _tag, entities, notes, facts, by_type, cues = value
    return Extraction(entities, notes, facts, by_type, cues)
