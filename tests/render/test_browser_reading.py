"""Reading in a real browser (issue 15): every page type fits a phone without sideways scrolling,
one search box per page, every entity type reachable from the header (a <details> menu on
phones, which opens without JavaScript), and a driver page that prints on at most three sheets.

Headless Chromium through Playwright, pointed at the system browser (never downloaded); skipped,
with the reason, where /usr/bin/chromium is absent.
"""

from __future__ import annotations

import re

import pytest

PLURALS = ["drivers", "teams", "cars", "championships", "people", "manufacturers", "events", "tracks", "classes"]


def url(site, path: str) -> str:
    return (site.build / path).as_uri()


def every_page_type(graph: dict) -> list[str]:
    """Home, 404, search, the releases index, a release, and each type's index and first page."""
    paths = ["index.html", "404.html", "search/index.html", "releases/index.html",
             graph["releases"][0]["url"] + "index.html"]
    seen: set[str] = set()
    for e in graph["entities"]:
        if e["type"] not in seen:
            seen.add(e["type"])
            paths += [e["url"].split("/")[0] + "/index.html", e["url"] + "index.html"]
    return paths


# what reaches past the viewport's right edge, or scrolls sideways inside its own box
_OVERFLOW = """() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('main *, .site-header *, .site-footer *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > w + 1 && getComputedStyle(el).position !== 'absolute') out.push(el.tagName + '.' + el.className + ' right=' + Math.round(r.right));
    if (el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)) out.push(el.tagName + '.' + el.className + ' scrolls');
  }
  return out.slice(0, 5);
}"""


@pytest.mark.parametrize("width", [320, 390])
def test_every_page_type_fits_a_phone_without_sideways_scroll(seed_site, seed_graph, browser, width):
    """The document never scrolls sideways, and no table scrolls inside its box either: on a
    phone the reference tables become stacked rows, each cell under its column's name."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    pg = context.new_page()
    for path in every_page_type(seed_graph):
        pg.goto(url(seed_site, path))
        assert pg.evaluate("document.documentElement.scrollWidth") <= width, path
        assert pg.evaluate(_OVERFLOW) == [], path
    driver = next(e for e in seed_graph["entities"] if e["type"] == "driver" and e["name"] == "Tom Blomqvist")
    pg.goto(url(seed_site, driver["url"] + "index.html"))
    label = pg.locator("table.grid td[data-label]").first
    assert pg.evaluate("el => getComputedStyle(el, '::before').content", label.element_handle()).strip('"').endswith(": ")
    assert pg.locator("table.grid thead").first.is_hidden()
    context.close()


def test_one_search_box_per_page(seed_site, seed_graph, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    for path in every_page_type(seed_graph):
        pg.goto(url(seed_site, path))
        assert pg.locator("input[type=search]").count() == 1, path
        assert pg.locator("form[role=search]").count() == 1, path
        assert pg.locator("input[type=search]").is_visible(), path
    context.close()


def test_home_search_box_suggests_as_the_header_box_did(seed_site, browser):
    """The home page's one box is the big one, and it keeps the header box's suggestions."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.goto(url(seed_site, "index.html"))
    pg.locator("#site-q").fill("blomq")
    pg.locator("#site-suggest").get_by_role("link", name="Tom Blomqvist").wait_for(state="visible", timeout=15_000)
    context.close()


def _header_targets(pg) -> set[str]:
    """The section indexes the header's visible links open (`drivers`, ..., `releases`)."""
    links = pg.locator("header.site-header nav a")
    hrefs = [links.nth(n).evaluate("a => a.href") for n in range(links.count()) if links.nth(n).is_visible()]
    return {m.group(1) for h in hrefs if (m := re.search(r"/([a-z]+)/index\.html$", h))}


def test_header_reaches_every_type_on_a_wide_screen(seed_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.goto(url(seed_site, "drivers/index.html"))
    shown = _header_targets(pg)
    assert {"drivers", "teams", "cars", "championships", "releases"} <= shown
    pg.locator("header .nav-more > summary").click()
    assert _header_targets(pg) >= set(PLURALS) | {"releases"}
    pg.locator("header .nav-more").get_by_role("link", name="Tracks").click()
    assert pg.locator("h1").inner_text().startswith("Tracks")
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_header_menu_on_a_phone_reaches_every_type(seed_site, browser, javascript):
    """On a phone the header is the site's name, one "Menu" button and the search box; the menu
    opens (also with JavaScript off: it is a <details>) onto every type and the releases."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=javascript)
    pg = context.new_page()
    pg.goto(url(seed_site, "index.html"))
    assert _header_targets(pg) == set()  # folded away
    header_height = pg.evaluate("document.querySelector('header.site-header').getBoundingClientRect().height")
    assert header_height < 130
    pg.locator("header .menu > summary").click()
    assert _header_targets(pg) == set(PLURALS) | {"releases"}
    pg.locator("header .menu").get_by_role("link", name="Manufacturers").click()
    assert pg.locator("h1").inner_text().startswith("Manufacturers")
    context.close()


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_a_driver_page_prints_on_at_most_three_pages(seed_site, seed_graph, browser):
    """Printed, a driver page shows its content only (no header links, search, contents or
    footer) in compact tables, on at most three A4 sheets; on screen the same page is far longer."""
    driver = next(e for e in seed_graph["entities"] if e["type"] == "driver" and e["name"] == "Tom Blomqvist")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.goto(url(seed_site, driver["url"] + "index.html"))
    screen_height = pg.evaluate("document.documentElement.scrollHeight")
    assert _pdf_pages(pg.pdf(format="A4")) <= 3
    assert screen_height > 3 * 1123  # the check means something: on screen it is longer than three sheets
    pg.emulate_media(media="print")
    for hidden in ("header nav", "form[role=search]", "footer", "nav.toc"):
        assert pg.locator(hidden).first.is_hidden(), hidden
    assert pg.locator("h1").is_visible() and pg.locator("#facts").is_visible()
    assert pg.locator("table.facts blockquote").first.is_visible()  # the evidence is what a print is for
    context.close()


LONG_SEED = """ date 2024-03-02 Quickfoot-Hyperextraordinarilylongsponsorname-Motorsportchampionship announcement

SPRINGFIELD (March 2, 2024) – Anna Quickfoot will drive the No. 7 car for Brightwater Racing in the 2024 \
Northern Sprint Championship, the team said at https://example.org/news/2024/an-address-that-never-breaks-anywhere-at-all.

"Brightwater Racing is home," said Anna Quickfoot, who won the 2023 Northern Sprint Championship title.
"""


def test_long_words_do_not_push_a_phone_page_sideways(make_site, cli, browser):
    """A headline or address with no place to break wraps anyway at 320 px (written for this test)."""
    root = make_site([])
    (root / "seeds" / "long.txt").write_text(LONG_SEED, encoding="utf-8")
    run = cli("build", "-C", root, "-q")
    assert run.code == 0, str(run)
    build = root / "build"
    context = browser.new_context(viewport={"width": 320, "height": 800})
    pg = context.new_page()
    pages = ["index.html", "releases/index.html"] + [str(p.relative_to(build)) for p in build.glob("*/*/index.html")]
    for path in pages:
        pg.goto((build / path).as_uri())
        assert pg.evaluate("document.documentElement.scrollWidth") <= 320, path
        assert pg.evaluate(_OVERFLOW) == [], path
    context.close()
