"""The site in a real browser: headless Chromium through Playwright, from file:// and from a server.

Skipped, with the reason, where /usr/bin/chromium is absent (.ci/run installs Debian's chromium).
Never downloads a browser: Playwright is pointed at the system one.
"""

from __future__ import annotations

import re
import threading

import pytest

def url(site, path: str) -> str:
    return (site.build / path).as_uri()


def test_home_and_driver_page(seed_site, page):
    page.goto(url(seed_site, "index.html"))
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Drivers", exact=True).first.click()
    page.get_by_role("link", name="Tom Blomqvist").click()
    assert page.locator("h1").inner_text() == "Tom Blomqvist"
    assert page.get_by_role("heading", name="Teammates").is_visible()
    assert page.get_by_role("navigation", name="Breadcrumb").is_visible()
    assert page.get_by_role("main").count() == 1 and page.get_by_role("banner").count() == 1


def results(page) -> list[str]:
    page.wait_for_selector("#search-results li")
    return [" ".join(t.split()) for t in page.locator("#search-results li .result-head").all_inner_texts()]


def test_search_page_types_a_query(seed_site, page):
    page.goto(url(seed_site, "search/index.html"))
    page.locator("#q").fill("Blomquist")
    found = results(page)
    assert found[0].startswith("Tom Blomqvist") and "DRIVER" in found[0].upper()
    assert any("RELEASE" in r.upper() for r in found)
    assert re.search(r"\d+ results? for “Blomquist”", page.locator("#search-status").inner_text())
    assert page.url.endswith("search/index.html?q=Blomquist")  # the address follows the query
    assert page.locator("#search-results li .result-head mark").first.inner_text() == "Blomqvist"


def test_slash_focuses_search(seed_site, page):
    page.goto(url(seed_site, "teams/index.html"))
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-q"


@pytest.mark.parametrize("query,first", [("Derani", "Pipo Derani"), ("Sebring", "Twelve Hours of Sebring")])
def test_search_address_is_linkable_from_file(seed_site, page, query, first):
    page.goto(url(seed_site, "search/index.html") + f"?q={query}")
    assert results(page)[0].startswith(first)
    assert page.locator("#q").input_value() == query


def test_header_box_suggests_then_opens_search(seed_site, page):
    page.goto(url(seed_site, "drivers/tom-blomqvist/index.html"))
    page.locator("#site-q").fill("sebr")
    suggestion = page.locator("#site-suggest").get_by_role("link", name="Twelve Hours of Sebring")
    suggestion.wait_for()
    page.locator("#site-q").press("Enter")
    page.wait_for_url(re.compile(r"search/index\.html\?q=sebr$"))
    assert any(r.startswith("Twelve Hours of Sebring") for r in results(page))


def test_hover_preview_on_a_mention(seed_site, seed_graph, page):
    page.goto(url(seed_site, seed_graph["releases"][0]["url"] + "index.html"))
    mention = page.locator('.body a.mention[data-entity="driver/pipo-derani"]').first
    mention.hover()
    card = page.locator("#entity-preview")
    card.wait_for(state="visible")
    assert "Pipo Derani" in card.inner_text() and "Driver" in card.inner_text()
    assert mention.get_attribute("aria-describedby") == "entity-preview"
    page.mouse.move(0, 0)
    card.wait_for(state="hidden")


def _contrast(page, selector: str) -> float:
    return page.evaluate("""(sel) => {
      const lum = (c) => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map(Number).map(v => {
        v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const el = document.querySelector(sel);
      let bgEl = el, bg = "rgba(0, 0, 0, 0)";
      while (bgEl && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg = getComputedStyle(bgEl).backgroundColor)) bgEl = bgEl.parentElement;
      const a = lum(getComputedStyle(el).color), b = lum(bg);
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""", selector)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_rendered_contrast(seed_site, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    pg = context.new_page()
    pg.goto(url(seed_site, "drivers/tom-blomqvist/index.html"))
    try:
        for selector in ("h1", ".summary", "main a", ".crumbs", ".type", ".site-footer", "blockquote"):
            assert _contrast(pg, selector) >= 4.5, f"{scheme}: {selector}"
    finally:
        context.close()


def test_search_from_a_server(seed_site, page):
    from racekb.commands.livereload import Reloader, make_server
    server = make_server(seed_site.build, 0, Reloader([], lambda: "", log=lambda s: None))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q=Derani")
        assert results(page)[0].startswith("Pipo Derani")
        page.goto("about:blank")  # stop the live-reload poll before the server goes away
    finally:
        server.shutdown()
        server.server_close()


def test_served_page_reloads_after_a_rebuild(seed_site, page):
    from racekb.commands.livereload import Reloader, make_server
    reloader = Reloader([], lambda: "", log=lambda s: None)
    server = make_server(seed_site.build, 0, reloader)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/drivers/tom-blomqvist/")
        # a second poll starts only after the first answer was taken as the page's version
        page.wait_for_function("performance.getEntriesByType('resource')"
                               ".filter(e => e.name.includes('__racekb/version')).length >= 2")
        page.evaluate("window.__beforeReload = true")
        reloader.version += 1  # what a finished rebuild does
        page.wait_for_function("window.__beforeReload === undefined")  # a fresh document: it reloaded
        assert page.locator("h1").inner_text() == "Tom Blomqvist"
        page.goto("about:blank")  # stop polling before the server goes away
    finally:
        server.shutdown()
        server.server_close()


def test_site_under_a_sub_path(seed_site, page, tmp_path):
    import functools
    import http.server
    (tmp_path / "kb").symlink_to(seed_site.build, target_is_directory=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/kb/search/index.html?q=Derani")
        results(page)
        page.locator("#search-results a").first.click()
        page.wait_for_url("**/kb/drivers/pipo-derani/index.html")
        assert page.locator("h1").inner_text() == "Pipo Derani"
        page.get_by_role("link", name="Home").first.click()
        page.wait_for_url("**/kb/index.html")
        page.goto("about:blank")  # nothing left loading when the server goes away
    finally:
        server.shutdown()
        server.server_close()


def test_one_page_of_every_kind_loads_cleanly(seed_site, seed_graph, page):
    """Home, 404, search, every type index, one entity page per type and a release: no console
    errors (the fixture checks), one h1, and one search box."""
    # 404.html is not opened from file://: a host serves it for missing addresses, and without a
    # base URL its links are root-relative (test_browser_serve.py opens it as a host serves it)
    paths = ["index.html", "search/index.html", "releases/index.html",
             seed_graph["releases"][0]["url"] + "index.html"]
    seen: set[str] = set()
    for e in seed_graph["entities"]:
        if e["type"] not in seen:
            seen.add(e["type"])
            paths += [e["url"].split("/")[0] + "/index.html", e["url"] + "index.html"]
    for path in paths:
        page.goto(url(seed_site, path))
        assert page.locator("h1").count() == 1, path
        # one search box (the search page's own box stands in for the header's there)
        assert page.locator("input[type=search]").count() == 1, path


@pytest.mark.parametrize("width", [320, 375])
def test_no_page_scrolls_sideways_on_a_small_phone(seed_site, seed_graph, browser, width):
    """Wide tables may scroll inside their own box; the page itself never does."""
    driver = next(e for e in seed_graph["entities"] if e["type"] == "driver")
    context = browser.new_context(viewport={"width": width, "height": 800})
    pg = context.new_page()
    for path in ("index.html", driver["url"] + "index.html", "search/index.html"):
        pg.goto(url(seed_site, path))
        assert pg.evaluate("document.documentElement.scrollWidth") <= width, path
    context.close()
