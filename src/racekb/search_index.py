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

from racekb.graph import Graph
from racekb.safejson import script_json
from racekb.text import markdown_paragraphs

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

    def __init__(self, known: dict[bytes, tuple[str, str]] | None = None) -> None:
        self.known = known if known is not None else {}
        self.used: dict[bytes, tuple[str, str]] = {}

    def of(self, body: str) -> tuple[str, set[str]]:
        key = self._key(body)
        found = self.used.get(key) or self.known.get(key)
        if found is None:  # the fresh set is returned as it is, not read back from the joined text
            terms = index_terms(body)
            found = self.used[key] = (snippet(body), " ".join(sorted(terms)))
            return found[0], terms
        self.used[key] = found
        return found[0], set(found[1].split())

    def opening(self, body: str) -> str:
        """`of(body)[0]`, the opening alone (a release page's description). A render worker that
        does not make the search index has not seen the body: it works out the snippet only,
        not the words, which the worker making the index works out (and records) anyway."""
        key = self._key(body)
        found = self.used.get(key) or self.known.get(key)
        return found[0] if found is not None else snippet(body)

    @staticmethod
    def _key(body: str) -> bytes:
        return hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _assign(path: str, value: object) -> str:
    return f"(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{{}}){path}={script_json(value)};\n"


def search_files(graph: Graph, summaries: dict[str, str], words: BodyWords | None = None) -> dict[str, str]:
    """Every file of the search index, by path under build/."""
    words = words if words is not None else BodyWords()
    files: dict[str, str] = {}
    entities = [[e.name, e.type, e.url, e.aliases, len(e.releases), cut(summaries.get(e.id, ""), SUMMARY_SHOWN)]
                for e in sorted(graph.entities.values(), key=lambda e: (e.name.casefold(), e.id))]
    postings: dict[str, list[int]] = defaultdict(list)
    openings = []
    for n, release in enumerate(graph.releases):
        opening, terms = words.of(release.body)  # the words of title + city + body, as one text's
        openings.append(opening)
        # in any order: each term's list grows by release number, and terms are sorted below
        for term in terms | index_terms(release.title) | index_terms(release.city):
            postings[term].append(n)
    deltas = {term: [ids[0]] + [b - a for a, b in zip(ids, ids[1:])] for term, ids in postings.items()}
    sizes: dict[str, int] = defaultdict(int)
    for term, gaps in deltas.items():
        # each gap's digits and a comma, as the JSON will hold them (one join, not a str() a gap)
        sizes[shard_key(term)] += len(term) + 5 + len(",".join(map(str, gaps)))
    split = frozenset(k for k, size in sizes.items() if size > SHARD_LIMIT and k != "0")
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term in sorted(deltas):
        # delta-encoded: long posting lists of small gaps stay short
        shards[shard_key(term, split)][term] = deltas[term]
    meta = {"releases": len(graph.releases), "chunk": CHUNK, "shards": sorted(shards),
            "stop": sorted(STOPWORDS)}
    files["search/entities.js"] = _assign(".meta", meta) + _assign(".entities", entities)
    for start in range(0, len(graph.releases), CHUNK):
        chunk = [[r.title, r.date, r.url, openings[start + i]]
                 for i, r in enumerate(graph.releases[start:start + CHUNK])]
        files[f"search/releases-{start // CHUNK}.js"] = _assign(f'["releases{start // CHUNK}"]', chunk)
    for key, terms in sorted(shards.items()):
        files[f"search/terms-{key}.js"] = _assign(f'["terms_{key}"]', terms)
    return files
