"""Long lists cut into pages, never truncated: the first page keeps the list's address, page N
is at `<address>page/N/` (as Hugo and Jekyll page a list).

Why pages and not one long list: at 10,000 releases the releases index was 2 MB, and an entity
page showed only its newest 60 releases and 80 facts, so a reader could not reach the rest. A
page renders its own slice only, so its cost does not grow with the list. One `page_size` serves
every list of a site (the releases index, each type index, an entity's facts and releases).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, TypeVar

DEFAULT_PAGE_SIZE = 50
WINDOW = 2  # page numbers shown either side of the current one (and always the first and last)

T = TypeVar("T")


def page_count(total: int, size: int) -> int:
    """How many pages `total` items fill, at least one (an empty list still has its page)."""
    return max(1, -(-total // size))


def page_url(base: str, number: int) -> str:
    """The address of page `number` of the list whose first page is at `base` ("releases/")."""
    return base if number <= 1 else f"{base}page/{number}/"


def check_page_size(size: object) -> int:
    """`size` if it is a usable page size (a whole number from 1 up); a ValueError otherwise."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"page size must be a whole number of at least 1, not {size!r}")
    return size


@dataclass(frozen=True)
class Pager:
    """Page `number` of `count` of a list whose first page is at `base`, `size` items a page:
    what a template needs for the page's slice, its rel=prev/next links and its page links."""

    base: str
    number: int
    count: int
    size: int

    def url(self, number: int) -> str:
        return page_url(self.base, number)

    @property
    def prev(self) -> str:
        """The previous page's address, or "" on the first page."""
        return self.url(self.number - 1) if self.number > 1 else ""

    @property
    def next(self) -> str:
        """The next page's address, or "" on the last page."""
        return self.url(self.number + 1) if self.number < self.count else ""

    @property
    def start(self) -> int:
        return (self.number - 1) * self.size

    def items(self, seq: Sequence[T]) -> list[T]:
        """This page's slice of `seq`."""
        return list(seq[self.start:self.start + self.size])

    def span(self, total: int) -> tuple[int, int]:
        """The first and last item of this page, counted from 1, in a list of `total` (0, 0 when
        the page holds none of it: an entity's facts can end before its releases do)."""
        first = self.start + 1
        last = min(total, self.start + self.size)
        return (first, last) if first <= last else (0, 0)

    @property
    def window(self) -> list[tuple[int, str]]:
        """The page links to show: the first, the last, and WINDOW either side of this one, with
        (0, "") standing for a gap ("…"). Bounded: a list of 200 pages shows some nine links."""
        shown = sorted({1, self.count, *range(max(1, self.number - WINDOW), min(self.count, self.number + WINDOW) + 1)})
        out: list[tuple[int, str]] = []
        for n in shown:
            if out and n > out[-1][0] + 1:
                out.append((0, ""))
            out.append((n, self.url(n)))
        return out


def pagers(base: str, total: int, size: int) -> list[Pager]:
    """Every page of a list of `total` items at `base`, the first first."""
    count = page_count(total, size)
    return [Pager(base, n, count, size) for n in range(1, count + 1)]


def page_of(index: int, size: int) -> int:
    """The page number (from 1) of the item at `index` (from 0)."""
    return index // size + 1
