"""The search index's inverted index: for each word, the numbers of the releases that hold it.

Why a module of its own, and a memory: at 10,000 releases the index holds 1.5 million (word,
release) pairs, and building it anew was most of the search index's time after a one-release
edit. The last build's index is kept with what each release's words were made of (`order`), so
an edit changes only the lists of the words its release gained or lost. Each list is kept as the
JSON text it is written as (delta-encoded release numbers), so an unchanged list is neither
rebuilt nor encoded again. A patched index is the index built from scratch
(tests/render/test_site_search.py checks both ways on every kind of change).
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Callable

# what one release's words are made of: (hash of its text, title, city)
Identity = tuple[bytes, str, str]

# Past this share of releases changed, patching costs more than building anew.
PATCH_LIMIT = 0.1


@dataclass
class Postings:
    """Release numbers by word. `order`: each release's Identity, by number; `lists`: word -> its
    release numbers as gaps (the first number, then each one's distance from the one before),
    joined by commas: the JSON array's inside, as written."""

    order: list[Identity] = field(default_factory=list)
    lists: dict[str, str] = field(default_factory=dict)


def encode(numbers: list[int]) -> str:
    """Ascending release numbers as the text of their delta-encoded JSON array's items."""
    return ",".join(map(str, [numbers[0]] + [b - a for a, b in zip(numbers, numbers[1:])]))


def decode(text: str) -> list[int]:
    return list(accumulate(map(int, text.split(","))))


def build(order: list[Identity], terms: Callable[[int], set[str]]) -> Postings:
    """The index of releases numbered as in `order`; `terms(n)`: the words of release n."""
    numbers: dict[str, list[int]] = defaultdict(list)
    for n in range(len(order)):
        for term in terms(n):  # in any order: each word's list grows by release number
            numbers[term].append(n)
    return Postings(order, {term: encode(found) for term, found in numbers.items()})


def patch(previous: Postings, order: list[Identity], terms: Callable[[int], set[str]],
          terms_before: Callable[[Identity], set[str] | None], limit: float = PATCH_LIMIT) -> Postings | None:
    """`build(order, terms)`, made by changing `previous` where a release's words changed; None
    when it cannot be (releases added or removed renumber the rest, too many changed, or the
    words a release had before are not known: `terms_before` gives None). `limit`: the share of
    releases changed past which it is not worth it."""
    if len(previous.order) != len(order):
        return None
    changed = [n for n, (was, now) in enumerate(zip(previous.order, order)) if was != now]
    if not changed:
        return previous
    if len(changed) > limit * len(order):
        return None
    gained: dict[str, list[int]] = defaultdict(list)
    lost: dict[str, list[int]] = defaultdict(list)
    for n in changed:
        before = terms_before(previous.order[n])
        if before is None:
            return None
        now = terms(n)
        for term in now - before:
            gained[term].append(n)
        for term in before - now:
            lost[term].append(n)
    lists = dict(previous.lists)
    for term in gained.keys() | lost.keys():
        numbers = decode(lists[term]) if term in lists else []
        try:
            for n in lost.get(term, ()):
                numbers.remove(n)
        except ValueError:  # not the index `order` says it is (a damaged memory): build anew
            return None
        for n in gained.get(term, ()):
            insort(numbers, n)
        if numbers:
            lists[term] = encode(numbers)
        else:
            del lists[term]
    return Postings(order, lists)
