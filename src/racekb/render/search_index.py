"""The offline search index: plain JavaScript files loaded with <script>, never fetched.

Browsers refuse fetch() and XHR on file://, but a <script src> works everywhere, so every part of
the index is a script that adds itself to `window.RACEKB_SEARCH`:

- `search/entities.js`: every entity's name, type, address, aliases and summary. Names are what
  readers search for, so this is loaded first and ranked first.
- `search/releases-N.js`: release titles, dates and addresses in chunks of CHUNK, loaded only
  for the releases a query hits.
- `search/terms-X.js`: an inverted index of release words, one shard per first character (split
  again by the first two characters when a shard would pass SHARD_LIMIT bytes), so a query loads
  only the shards its own words start with.

With 10,000 releases no single file is large and a query touches a few of them; the seed site's
whole index is a few kilobytes. `tokens` must split text exactly as static/search.js does.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Callable

from racekb.model.hashing import load_pickle, save_pickle
from racekb.model.graph import Graph
from racekb.render.postings import Identity, Postings, build, patch
from racekb.render.safejson import script_json
from racekb.model.text import markdown_paragraphs

CHUNK = 500
SHARD_LIMIT = 150_000
SUMMARY_SHOWN = 160  # characters of an entity's summary a search result shows
STOPWORDS = frozenset("""a an and are as at be been but by for from had has have he her his i in into is it
its of on or our s she so than that the their them they this to was we were will with who you your
also after all more one two not said""".split())
_NON_WORD = re.compile(r"[^a-z0-9]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _strip_marks(run: re.Match[str]) -> str:
    """A run of non-ASCII characters without its combining marks. Only these runs can hold a
    mark, and a release is mostly ASCII: testing the characters of the runs alone is ten times
    faster than testing (or running a regex of every mark over) the whole text."""
    return "".join([c for c in run.group() if not unicodedata.combining(c)])


# what index_terms leaves out of a text's split: stopwords, single letters and digits, and the
# empty strings the split makes at either end
_NOT_INDEXED = STOPWORDS | frozenset("abcdefghijklmnopqrstuvwxyz0123456789") | {""}


def _folded(text: str) -> str:
    """The text lowercased, accents taken off (NFKD, combining marks dropped)."""
    if text.isascii():
        return text.lower()
    return _NON_ASCII.sub(_strip_marks, unicodedata.normalize("NFKD", text)).lower()


def tokens(text: str) -> list[str]:
    """Lowercase ASCII words: the same split as `tokenize` in static/search.js."""
    return [t for t in _NON_WORD.split(_folded(text)) if t]


def index_terms(text: str) -> set[str]:
    """The distinct words worth indexing in a release: no stopwords, no single letters. Set
    arithmetic on the split rather than a test per word: every release's text is split this way
    for a fresh index, and the split's pieces are [a-z0-9]* (so len < 2 is "" or one of 36)."""
    terms = set(_NON_WORD.split(_folded(text)))
    terms -= _NOT_INDEXED
    return terms


def shard_key(term: str, split: frozenset[str] = frozenset()) -> str:
    """The shard a term lives in: its first letter ("0" for digits), or its first two letters
    when that letter's shard was split. static/search.js's `shardOf` mirrors this."""
    key = term[0] if "a" <= term[0] <= "z" else "0"
    return term[:2] if key in split else key


def snippet(body: str, limit: int = 180) -> str:
    """The opening of a release as plain text, cut at a word, for the result list."""
    return cut(" ".join(markdown_paragraphs(body)), limit)  # the words a reader sees, no escapes


def cut(text: str, limit: int) -> str:
    """Plain text with its runs of white space made single, cut at a word before `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


class BodyWords:
    """Per release text: its opening for the result list and its indexed words, remembered by the
    text's hash across builds (incremental.py keeps `known`). Re-reading ten thousand releases'
    Markdown to rebuild the index after one edit cost seconds; every entry is a pure function
    of the text, so a remembered one is what would be computed."""

    def __init__(self, known: dict[bytes, tuple[str, str]] | None = None,
                 load: Callable[[], dict[bytes, tuple[str, str]]] | None = None) -> None:
        self._known = known
        self._load = load  # reads `known` when first needed: only the process making the index does
        self.used: dict[bytes, tuple[str, str]] = {}
        self._fresh: dict[bytes, set[str]] = {}  # words just worked out, until `terms` takes them

    @property
    def known(self) -> dict[bytes, tuple[str, str]]:
        if self._known is None:
            self._known = self._load() if self._load is not None else {}
        return self._known

    def of(self, body: str) -> tuple[str, set[str]]:
        key = self._key(body)
        found = self.used.get(key) or self.known.get(key)
        if found is None:  # the fresh set is returned as it is, not read back from the joined text
            terms = index_terms(body)
            found = self.used[key] = (snippet(body), " ".join(sorted(terms)))
            self._fresh[key] = terms
            return found[0], terms
        self.used[key] = found
        return found[0], set(found[1].split())

    def note(self, body: str) -> tuple[bytes, str]:
        """(the text's key, its opening), the entry kept for the next build as `of` keeps it,
        without making its set of words (a patched index needs the words of changed texts only)."""
        key = self._key(body)
        found = self.used.get(key) or self.known.get(key)
        if found is None:
            self.of(body)
            found = self.used[key]
        self.used[key] = found
        return key, found[0]

    def terms(self, key: bytes) -> set[str] | None:
        """The words of the text with this key, if this build or the last one saw it."""
        fresh = self._fresh.pop(key, None)
        if fresh is not None:
            return fresh
        found = self.used.get(key) or self.known.get(key)
        return set(found[1].split()) if found is not None else None

    def opening(self, body: str) -> str:
        """`of(body)[0]`, the opening alone (a release page's description). A render worker that
        does not make the search index has not seen the body: it works out the snippet only,
        not the words, which the worker making the index works out (and records) anyway."""
        key = self._key(body)
        found = self.used.get(key) or (self._known or {}).get(key)  # never reads the memory for this
        return found[0] if found is not None else snippet(body)

    @staticmethod
    def _key(body: str) -> bytes:
        return hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _assign(path: str, value: object) -> str:
    return _assign_json(path, script_json(value))


def _assign_json(path: str, text: str) -> str:
    return f"(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{{}}){path}={text};\n"


class SearchMemory:
    """The search index's memory between builds, in .racekb/cache: each release text's words
    (BodyWords) and the inverted index (racekb.render.postings). Read and written by the process that
    makes the index (a render worker), not the build's own: neither is needed anywhere else.
    Each is a pure function of what it is keyed by, so whichever build wrote it last, reading it
    can only make a build faster."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _path(self, name: str) -> Path | None:
        return self.folder / name if self.folder is not None else None

    def words(self) -> BodyWords:
        path = self._path("words.pickle")
        if path is None:
            return BodyWords()

        def load() -> dict[bytes, tuple[str, str]]:
            known = load_pickle(path, {})
            return known if isinstance(known, dict) else {}

        return BodyWords(load=load)

    def postings(self) -> Postings | None:
        path = self._path("postings.pickle")
        found = load_pickle(path, None) if path is not None else None
        return found if isinstance(found, Postings) else None

    def save(self, words: BodyWords, postings: Postings, previous: Postings | None) -> None:
        if self.folder is None:
            return
        if words.used != words.known:
            save_pickle(self.folder / "words.pickle", words.used)
        if postings is not previous:
            save_pickle(self.folder / "postings.pickle", postings)


def search_files(graph: Graph, summaries: dict[str, str], words: BodyWords | None = None,
                 memory: SearchMemory | None = None) -> dict[str, str]:
    """Every file of the search index, by path under build/. With `memory`, its words and
    inverted index are those of the last build, brought up to date, and kept for the next."""
    if memory is not None:
        words = memory.words() if words is None else words
        previous = memory.postings()
    else:
        previous = None
    words = words if words is not None else BodyWords()
    files: dict[str, str] = {}
    entities = [[e.name, e.type, e.url, e.aliases, len(e.releases), cut(summaries.get(e.id, ""), SUMMARY_SHOWN)]
                for e in sorted(graph.entities.values(), key=lambda e: (e.name.casefold(), e.id))]
    order: list[Identity] = []
    openings = []
    for release in graph.releases:
        key, opening = words.note(release.body)
        order.append((key, release.title, release.city))
        openings.append(opening)

    def terms(n: int) -> set[str]:
        key, title, city = order[n]  # the words of title + city + body, as one text's
        return words.terms(key) | index_terms(title) | index_terms(city)  # type: ignore[operator]  # noted above

    def terms_before(identity: Identity) -> set[str] | None:
        body = words.terms(identity[0])
        return body | index_terms(identity[1]) | index_terms(identity[2]) if body is not None else None

    index = patch(previous, order, terms, terms_before) if previous is not None else None
    if index is None:
        index = build(order, terms)
    lists = index.lists
    sizes: dict[str, int] = defaultdict(int)
    for term, gaps in lists.items():
        # the bytes each word takes in its shard: "term":[gaps], its comma aside
        sizes[shard_key(term)] += len(term) + 5 + len(gaps)
    split = frozenset(k for k, size in sizes.items() if size > SHARD_LIMIT and k != "0")
    shards: dict[str, list[str]] = defaultdict(list)
    for term in sorted(lists):
        shards[shard_key(term, split)].append(term)
    meta = {"releases": len(graph.releases), "chunk": CHUNK, "shards": sorted(shards),
            "stop": sorted(STOPWORDS)}
    files["search/entities.js"] = _assign(".meta", meta) + _assign(".entities", entities)
    for start in range(0, len(graph.releases), CHUNK):
        chunk = [[r.title, r.date, r.url, openings[start + i]]
                 for i, r in enumerate(graph.releases[start:start + CHUNK])]
        files[f"search/releases-{start // CHUNK}.js"] = _assign(f'["releases{start // CHUNK}"]', chunk)
    for shard, terms_of_shard in sorted(shards.items()):
        # the JSON of {term: [gaps]} as script_json writes it: words are [a-z0-9]+, lists are numbers
        text = "{" + ",".join([f'"{term}":[{lists[term]}]' for term in terms_of_shard]) + "}"
        files[f"search/terms-{shard}.js"] = _assign_json(f'["terms_{shard}"]', text)
    if memory is not None:
        memory.save(words, index, previous)
    return files
