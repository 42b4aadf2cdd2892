"""Paged lists and redirect pages in a real browser (headless Chromium through Playwright, from
file://): a reader following "Next" sees every item once; an old address lands on the new page.
Skipped where /usr/bin/chromium is absent; never downloads a browser (the fixtures are in conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from racekb.render import pages as render
from racekb.pipeline import build
from racekb.model.site import Site

RELEASES = 8
SIZE = 3


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight releases naming one driver, three a page; and a second driver merged into the first
    by a curated file after the first build, so his old address is retired."""
    root = tmp_path_factory.mktemp("paged") / "site"
    (root / "seeds").mkdir(parents=True)
    for n in range(RELEASES):
        (root / "seeds" / f"r{n}.txt").write_text(
            f" date 2021-03-{n + 1:02d} Round {n} report\n\nTom Example, the driver, said round {n} went well.\n",
            encoding="utf-8")
    (root / "seeds" / "other.txt").write_text(
        " date 2021-02-01 Winter test\n\nThomas Exampel, the driver, set the fastest time.\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render, "DEFAULT_PAGE_SIZE", SIZE)
        build(Site.at(root), jobs=1)
        curated = root / "content" / "entities" / "driver"
        curated.mkdir(parents=True)
        (curated / "thomas-exampel.md").write_text("---\nname: Thomas Exampel\nsame_as: driver/tom-example\n---\n",
                                                   encoding="utf-8")
        build(Site.at(root), jobs=1)
    return root / "build"


def _follow_next(page, first: Path, items: str) -> list[list[str]]:  # noqa: F811
    """The texts of `items` on each page, from `first` on, clicking the visible "Next" link."""
    page.goto(first.as_uri())
    seen: list[list[str]] = []
    while True:
        seen.append([" ".join(t.split()) for t in page.locator(items).all_inner_texts()])
        count = page.locator(".pager-count").inner_text()
        assert count.startswith(f"Page {len(seen)} of ")
        nxt = page.locator('.pager a[rel="next"]')
        if nxt.count() == 0:
            assert count == f"Page {len(seen)} of {len(seen)}"  # the last page says it is
            return seen
        nxt.click()
        page.wait_for_load_state()
        assert page.locator("link[rel=prev]").count() == 1


def test_following_next_through_the_releases_index_shows_every_release_once(paged_site, page):  # noqa: F811
    pages = _follow_next(page, paged_site / "releases" / "index.html", "main ul.releases li a")
    titles = [t for part in pages for t in part]
    assert len(pages) == 3 and [len(p) for p in pages] == [3, 3, 3]
    assert sorted(titles) == sorted([f"Round {n} report" for n in range(RELEASES)] + ["Winter test"])
    assert page.url.endswith("releases/page/3/index.html")


def test_following_next_through_an_entity_shows_all_its_releases(paged_site, page):  # noqa: F811
    pages = _follow_next(page, paged_site / "drivers" / "tom-example" / "index.html", "#mentioned ~ ul.releases > li > a")
    titles = [t for part in pages for t in part]
    assert len(titles) == len(set(titles)) == RELEASES + 1  # his own eight and the merged driver's one
    assert page.locator("h1").inner_text() == "Tom Example"


def test_an_old_address_lands_on_the_new_page(paged_site, page):  # noqa: F811
    page.goto((paged_site / "drivers" / "thomas-exampel" / "index.html").as_uri())
    page.wait_for_url("**/drivers/tom-example/index.html")
    assert page.locator("h1").inner_text() == "Tom Example"
