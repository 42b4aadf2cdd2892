"""`racekb serve` in a real browser (headless Chromium through Playwright): a rebuild's error
appears over the open page, and goes once the author fixes it (issue 15).

Skipped, with the reason, where /usr/bin/chromium is absent; never downloads a browser."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import pytest

from racekb.commands.overlay import OVERLAY_ID

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no POSIX signals")
BROKEN = '{% extends "base.html" %}{% block main %}<h1>{{ entity.name }}</h1>{% if %}{% endblock %}'


@pytest.fixture
def page(browser):
    """A plain page (the overlay's own polling may log failed requests: they are not errors here)."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


@pytest.fixture
def served(fresh_site):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "racekb", "serve", "-C", str(fresh_site.root), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines = []
    for _ in range(40):
        lines.append(proc.stdout.readline())
        if lines[-1].startswith("serving ") or not lines[-1]:
            break
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(lines))
    assert match, lines
    yield fresh_site, f"http://127.0.0.1:{match.group(1)}"
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    assert "Traceback" not in out, out


def test_error_overlay_appears_and_goes_after_the_fix(served, page):
    site, base = served
    page.goto(base + "/drivers/tom-blomqvist/")
    assert page.locator("h1").inner_text() == "Tom Blomqvist"
    overlay = page.locator(f"#{OVERLAY_ID}")
    assert overlay.count() == 0
    page.evaluate("window.__sameDocument = true")

    templates = site.root / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "entity.html").write_text(BROKEN, encoding="utf-8")
    overlay.wait_for(state="visible")  # bounded by the page's default timeout
    text = overlay.inner_text()
    assert "templates/entity.html" in text and "1 problem" in text, text
    assert overlay.get_attribute("role") == "alert"
    # the page under it is still the last good one, not reloaded
    assert page.evaluate("window.__sameDocument") is True
    assert page.locator("main h1").inner_text() == "Tom Blomqvist"
    if os.environ.get("RACEKB_SHOT"):
        page.screenshot(path=os.environ["RACEKB_SHOT"] + ".error.png")
    box = overlay.bounding_box()
    assert box is not None and box["width"] >= 1000  # across the page, where it is seen

    (templates / "entity.html").unlink()
    page.wait_for_function("window.__sameDocument === undefined")  # the fixed build reloaded the page
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == "Tom Blomqvist"
    # two answers of the status poll on the new page: the overlay did not come back
    page.wait_for_function("performance.getEntriesByType('resource')"
                           ".filter(e => e.name.includes('__racekb/version')).length >= 2")
    if os.environ.get("RACEKB_SHOT"):
        page.screenshot(path=os.environ["RACEKB_SHOT"])
    assert page.locator(f"#{OVERLAY_ID}").count() == 0
    page.goto("about:blank")  # stop polling before the server goes away


def test_404_is_styled_at_any_depth_as_a_host_serves_it(seed_site, page):
    """A static host answers /a/b/c/missing with the site's /404.html (as GitHub Pages, Netlify and
    nginx's error_page do): its stylesheet, scripts and links must work from there."""
    import functools
    import http.server
    import threading

    class Host(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def send_error(self, code, message=None, explain=None) -> None:
            if code != 404:
                return super().send_error(code, message, explain)
            body = (seed_site.build / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Host, directory=str(seed_site.build)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    failed: list[str] = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    page.on("response", lambda resp: failed.append(resp.url) if resp.status >= 400 and resp.request.resource_type
            != "document" else None)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        response = page.goto(base + "/drivers/no-such-driver/and/deeper/")
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        # the site's stylesheet applied: its rules are loaded, and the header is laid out by it
        assert page.evaluate("[...document.styleSheets].some(s => s.href && s.href.endsWith('/static/style.css')"
                             " && s.cssRules.length > 10)")
        page.get_by_role("link", name="Drivers").first.click()
        page.wait_for_url(base + "/drivers/")
        assert page.locator("h1").count() == 1
        assert failed == []
        page.goto("about:blank")
    finally:
        server.shutdown()
        server.server_close()
