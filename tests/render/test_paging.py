"""Pagination, never truncation: every long list is paged at `<address>page/N/`, each item on
exactly one page, the first page at the list's old address; incremental builds key each page
on what it shows and drop the pages a shorter list no longer fills."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from racekb.render import pages as render
from site_trees import clean_build, tree
from racekb.render.paging import Pager, page_count, page_url, pagers
from racekb.pipeline import build
from racekb.model.site import Site


def test_page_addresses_and_counts() -> None:
    assert page_url("releases/", 1) == "releases/" and page_url("releases/", 3) == "releases/page/3/"
    assert page_count(0, 10) == 1 and page_count(10, 10) == 1 and page_count(11, 10) == 2
    pages = pagers("drivers/x/", 25, 10)
    assert [p.url(p.number) for p in pages] == ["drivers/x/", "drivers/x/page/2/", "drivers/x/page/3/"]
    assert (pages[0].prev, pages[0].next) == ("", "drivers/x/page/2/")
    assert (pages[2].prev, pages[2].next) == ("drivers/x/page/2/", "")
    assert [p.items(list(range(25))) for p in pages][2] == [20, 21, 22, 23, 24]
    assert pages[2].span(25) == (21, 25) and pages[2].span(12) == (0, 0)


def test_the_page_links_stay_few_on_a_long_list() -> None:
    window = Pager("releases/", 50, 100, 10).window
    assert [n for n, _ in window] == [1, 0, 48, 49, 50, 51, 52, 0, 100]
    assert [n for n, _ in Pager("releases/", 2, 3, 10).window] == [1, 2, 3]


def _house(n: int, body: str) -> str:
    day = f"2021-{1 + n // 28:02d}-{1 + n % 28:02d}"
    return f" date {day} Round {n} report from the championship\n\n{body}\n"


def _seed_site(root: Path, count: int) -> None:
    seeds = root / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (seeds / f"r{n:03d}.txt").write_text(_house(n, f"Tom Example, the driver, said round {n} went well. "
                                                       f"Example finished the race in place {n + 1}."),
                                              encoding="utf-8")


def _links(html: str, rel: str) -> list[str]:
    return re.findall(rf'<link rel="{rel}" href="([^"]+)">', html)


def _walk(build_dir: Path, first: str) -> list[Path]:
    """The pages of one list, found by following rel=next from its first page."""
    page = build_dir / first / "index.html"
    seen = [page]
    while True:
        nxt = _links(page.read_text(encoding="utf-8"), "next")
        if not nxt:
            return seen
        page = (page.parent / nxt[0]).resolve()
        assert page not in seen
        seen.append(page)


def test_every_release_is_reachable_through_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "DEFAULT_PAGE_SIZE", 3)
    root = tmp_path / "site"
    _seed_site(root, 8)
    build(Site.at(root), jobs=1)
    out = root / "build"
    # the releases index: 8 releases, 3 a page
    pages = _walk(out, "releases/")
    assert [p.relative_to(out).as_posix() for p in pages] == [
        "releases/index.html", "releases/page/2/index.html", "releases/page/3/index.html"]
    listed = [re.findall(r'href="[./]*(2021-[^/"]+)/index.html"', p.read_text(encoding="utf-8").split("<main")[1])
              for p in pages]
    assert sum(map(len, listed)) == 8 and len({rid for part in listed for rid in part}) == 8
    assert "Page 3 of 3" in pages[2].read_text(encoding="utf-8")
    # the entity's releases: the driver is named in all 8
    entity_pages = _walk(out, "drivers/tom-example/")
    assert len(entity_pages) == 3
    shown = [p.read_text(encoding="utf-8").split('id="mentioned"')[1].count("<time") for p in entity_pages]
    assert shown == [3, 3, 2]
    assert _links(entity_pages[1].read_text(encoding="utf-8"), "prev") == ["../../index.html"]


def test_stale_pages_go_when_a_list_shrinks_and_incremental_equals_clean(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "DEFAULT_PAGE_SIZE", 3)
    root = tmp_path / "site"
    _seed_site(root, 8)
    build(Site.at(root), jobs=1)
    assert (root / "build/releases/page/3/index.html").is_file()
    assert (root / "build/drivers/tom-example/page/3/index.html").is_file()
    for n in (5, 6, 7):
        (root / "seeds" / f"r{n:03d}.txt").unlink()
        (next((root / "content" / "releases").glob(f"*-round-{n}-report-*.md"))).unlink()
    build(Site.at(root), jobs=1)
    assert not (root / "build/releases/page/3").exists()
    assert not (root / "build/drivers/tom-example/page/3").exists()
    assert (root / "build/drivers/tom-example/page/2/index.html").is_file()
    assert tree(root / "build") == clean_build(root, tmp_path / "scratch")


def test_a_later_page_is_kept_when_only_another_page_changed(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Page 2 of the entity lists releases 4-6 (newest first); editing the oldest release changes
    page 3 (and page 1, whose summary reads everything), not page 2."""
    monkeypatch.setattr(render, "DEFAULT_PAGE_SIZE", 3)
    root = tmp_path / "site"
    _seed_site(root, 8)
    build(Site.at(root), jobs=1)
    out = root / "build" / "drivers" / "tom-example"
    before = {n: (out / f"page/{n}/index.html").stat().st_ino for n in (2, 3)}
    oldest = root / "seeds" / "r000.txt"
    oldest.write_text(oldest.read_text(encoding="utf-8").replace("went well", "went very well"), encoding="utf-8")
    build(Site.at(root), jobs=1)
    after = {n: (out / f"page/{n}/index.html").stat().st_ino for n in (2, 3)}
    assert after[2] == before[2], "page 2 shows nothing the edit changed"
    assert after[3] != before[3] and "went very well" in (out / "page/3/index.html").read_text(encoding="utf-8")
    shutil.rmtree(root / "build")
