"""Every link in the built site is relative and lands on a file in build/, so the site works from
file://, from any sub-path and on any static host; pages link the entities they mention."""

from __future__ import annotations

import re
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

SKIP_SCHEMES = ("http:", "https:", "mailto:")
BASE_URL = "https://example.org/racing/kb/"


class Links(HTMLParser):
    """Every href and src on a page, with the tag it sits on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))

    handle_startendtag = handle_starttag


def links_of(page: Path) -> list[tuple[str, str, str]]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def internal(value: str) -> bool:
    v = value.strip().lower()
    return not (v.startswith(SKIP_SCHEMES) or v.startswith("#"))


def target_of(page: Path, value: str) -> Path:
    parts = urlsplit(value)
    return (page.parent / unquote(parts.path)).resolve()


def published_target(build: Path, base_url: str, value: str) -> Path | None:
    """An absolute link into the published site (under --base-url) -> the file a host would serve."""
    if not base_url or not value.startswith(base_url):
        return None
    path = build / unquote(urlsplit(value[len(base_url):]).path)
    return (path / "index.html" if value.split("#")[0].split("?")[0].endswith("/") or path.is_dir()
            else path).resolve()


@pytest.fixture(params=["seed", "corpus", "base-url"])
def site(request, seed_site, make_site, cli):
    """The seed site, the dev corpus as one site, and the seed site built with --base-url."""
    if request.param == "seed":
        return seed_site
    if request.param == "corpus":
        return request.getfixturevalue("corpus_site")
    root = make_site()
    run = cli("build", "-C", root, "--base-url", BASE_URL)
    assert run.code == 0, str(run)
    built = type(seed_site)(root)
    built.base_url = BASE_URL
    return built


def base_of(site) -> str:
    return getattr(site, "base_url", "")


def test_every_href_and_src_resolves_to_a_file_in_build(site):
    build = site.build.resolve()
    pages = site.pages()
    assert len(pages) > 10
    broken, checked = [], 0
    for page in pages:
        for tag, attr, value in links_of(page):
            if not internal(value):
                continue
            checked += 1
            target = target_of(page, value)
            if page.name == "404.html" and value.startswith("/"):
                # served for a missing address at any depth: without a base URL its links are
                # root-relative, resolved as a host serving build/ at its root does (issue 15)
                target = published_target(build, "/", value)
            where = f"{page.relative_to(build)}: <{tag} {attr}={value!r}>"
            if not target.is_relative_to(build):
                broken.append(f"{where} leaves build/")
            elif not target.is_file():
                broken.append(f"{where} -> {target.relative_to(build)} is not a file")
    assert checked > len(pages), "suspiciously few links"
    assert broken == [], "\n".join(broken[:40])


def test_absolute_links_into_the_published_site_resolve(site):
    """With --base-url, absolute links to the site itself (canonical, feed, 404 page) name real files."""
    build = site.build.resolve()
    broken = []
    for page in site.pages():
        for tag, attr, value in links_of(page):
            target = published_target(build, base_of(site), value)
            if target is not None and not (target.is_relative_to(build) and target.is_file()):
                broken.append(f"{page.relative_to(build)}: <{tag} {attr}={value!r}>")
    assert broken == [], "\n".join(broken[:40])


def test_internal_links_are_relative(site):
    absolute = [f"{page.relative_to(site.build)}: {value}"
                for page in site.pages() for _, _, value in links_of(page)
                if internal(value) and (value.startswith("/") and page.name != "404.html"
                                        or value.lower().startswith("file:"))]
    assert absolute == []


def test_every_page_has_the_stylesheet(site):
    def css(page: Path, value: str) -> bool:
        target = (published_target(site.build.resolve(), base_of(site), value)
                  or published_target(site.build.resolve(), "/" if page.name == "404.html" else "", value)
                  or target_of(page, value))
        return target.name.endswith(".css") and target.is_file()

    missing = [str(p.relative_to(site.build)) for p in site.pages()
               if not any(t == "link" and css(p, v) for t, _, v in links_of(p))]
    assert missing == []


def page_targets(site, url: str) -> set[Path]:
    page = site.build / url / "index.html"
    return {target_of(page, v) for _, _, v in links_of(page) if internal(v)}


def page_of(site, url: str) -> Path:
    return (site.build / url / "index.html").resolve()


def test_release_pages_link_every_entity_they_mention(seed_site, seed_graph):
    for release in seed_graph["releases"]:
        targets = page_targets(seed_site, release["url"])
        missing = [e["id"] for e in seed_graph["entities"]
                   if release["id"] in e["releases"] and page_of(seed_site, e["url"]) not in targets]
        assert missing == [], release["id"]


def test_release_text_links_mentions_inline(seed_site, seed_graph):
    """The release text itself links its mentions (not only a list beside it)."""
    release = seed_graph["releases"][0]
    html = (seed_site.build / release["url"] / "index.html").read_text(encoding="utf-8")
    tom = next(e for e in seed_graph["entities"] if e["id"] == "driver/tom-blomqvist")
    href = "../../" + tom["url"] + "index.html"
    assert html.count(f'href="{href}"') >= 3, "Tom Blomqvist is named many times in the text"


def test_entity_pages_link_their_releases_and_fact_partners(seed_site, seed_graph):
    entities = {e["id"]: e for e in seed_graph["entities"]}
    releases = {r["id"]: r for r in seed_graph["releases"]}
    for e in seed_graph["entities"]:
        targets = page_targets(seed_site, e["url"])
        for rid in e["releases"]:
            assert page_of(seed_site, releases[rid]["url"]) in targets, (e["id"], rid)
        for f in seed_graph["facts"]:
            if e["id"] in (f["subject"], f["object"]):
                other = f["object"] if f["subject"] == e["id"] else f["subject"]
                assert page_of(seed_site, entities[other]["url"]) in targets, (e["id"], other)


def test_entity_pages_show_the_evidence_of_their_facts(seed_site, seed_graph):
    from html import unescape

    entities = {e["id"]: e for e in seed_graph["entities"]}
    for f in seed_graph["facts"]:
        html = unescape((seed_site.build / entities[f["subject"]]["url"] / "index.html").read_text(encoding="utf-8"))
        assert " ".join(f["evidence"].split()) in " ".join(html.split()), (f["subject"], f["evidence"][:60])


def test_type_indexes_link_every_entity_of_their_type(seed_site, seed_graph):
    for e in seed_graph["entities"]:
        index = e["url"].split("/", 1)[0] + "/"
        assert page_of(seed_site, e["url"]) in page_targets(seed_site, index), e["id"]


def test_home_page_links_type_indexes_and_releases(seed_site, seed_graph):
    targets = page_targets(seed_site, "")
    for r in seed_graph["releases"]:
        assert page_of(seed_site, r["url"]) in targets
    for etype in {e["url"].split("/", 1)[0] for e in seed_graph["entities"]}:
        assert page_of(seed_site, etype + "/") in targets, etype


def test_racekb_check_agrees(seed_site, cli):
    run = cli("check", "-C", seed_site.root)
    assert run.code == 0, str(run)


def test_racekb_check_finds_a_broken_link(fresh_site, cli):
    victim = fresh_site.build / "drivers" / "tom-blomqvist" / "index.html"
    victim.unlink()
    run = cli("check", "-C", fresh_site.root)
    assert run.code != 0, str(run)
    assert "tom-blomqvist" in run.out + run.err, str(run)


def test_site_opens_from_file_url_in_a_browser(seed_site, chromium):
    """A real browser opens the home page from file:// (no server) and sees its links."""
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--dump-dom", (seed_site.build / "index.html").as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "<h1" in proc.stdout and "drivers/index.html" in proc.stdout


class Resources(HTMLParser):
    """What a browser fetches by itself: stylesheets, scripts, images, frames, media."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() or tag == "link" and a.get("rel") in (
                "icon", "preload", "modulepreload"):
            self.fetched.append(a.get("href") or "")
        elif tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.fetched.append(a["src"])

    handle_startendtag = handle_starttag


def test_nothing_is_fetched_from_another_host(seed_site):
    """No CDN: every stylesheet, script and image comes from build/ itself."""
    outside = []
    for page in seed_site.pages():
        parser = Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        outside += [f"{page.relative_to(seed_site.build)}: {v}" for v in parser.fetched
                    if v.lower().startswith(("http:", "https:", "//"))]
    assert outside == []
    css = (seed_site.build / "static" / "style.css").read_text(encoding="utf-8")
    assert "@import url(http" not in css and "https://" not in css


def test_home_page_shows_counts_per_type(seed_site, seed_graph):
    counts: dict[str, int] = {}
    for e in seed_graph["entities"]:
        plural = e["url"].split("/", 1)[0]
        counts[plural] = counts.get(plural, 0) + 1
    text = " ".join(_text_of(seed_site.build / "index.html").split())
    for plural, n in counts.items():
        assert re.search(rf"\b{n}\b[^0-9]{{0,20}}{plural}", text, re.IGNORECASE), f"no count {n} for {plural}"
    newest = seed_graph["releases"][0]["title"]
    assert newest in text


def test_entity_pages_show_name_type_and_aliases(seed_site, seed_graph):
    for e in seed_graph["entities"]:
        text = " ".join(_text_of(seed_site.build / e["url"] / "index.html").split())
        assert e["name"] in text, e["id"]
        for alias in e["aliases"]:
            assert alias in text, (e["id"], alias)


def _text_of(page: Path) -> str:
    class T(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.skip += 1

        def handle_endtag(self, tag):
            if tag in ("script", "style") and self.skip:
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = T()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(parser.parts)
