"""The publishing files, read by real parsers: the Atom feeds (feedparser, and lxml against the
rules of RFC 4287), sitemap.xml (lxml against the sitemaps.org schema), robots.txt and 404.html.

feedparser and lxml are test-only dependencies (pyproject's `test` extra): racekb writes these
files with the standard library and never needs either at run time."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from racekb.render.dateline import strip_dateline

feedparser = pytest.importorskip("feedparser", reason="feedparser is not installed (pip install -e '.[test]')")
etree = pytest.importorskip("lxml.etree", reason="lxml is not installed (pip install -e '.[test]')")

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITEMAP_XSD = Path(__file__).parent / "sitemap.xsd"
# RFC 4151: tag:<DNS name or e-mail>,<YYYY[-MM[-DD]]>:<specific>
TAG_URI = re.compile(r"tag:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
                     r",\d{4}(?:-\d{2}(?:-\d{2})?)?:[\x21-\x7e]+")
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
PUBLISHER = "Piston Press Office"
CONFIG = f"""\
title: Piston Press
language: en-GB
author:
  name: {PUBLISHER}
  url: https://press.example.com/about/
"""


def _site(tmp_path_factory: pytest.TempPathFactory, name: str, *extra: str) -> Path:
    from conftest import build_site, copy_seeds
    root = copy_seeds(tmp_path_factory.mktemp(name))
    (root / "racekb.yaml").write_text(CONFIG, encoding="utf-8")
    return build_site(root, *extra).build


@pytest.fixture(scope="module")
def at_root(tmp_path_factory):
    return _site(tmp_path_factory, "at_root", "--base-url", "https://racing.example.org/")


@pytest.fixture(scope="module")
def relative(tmp_path_factory):
    return _site(tmp_path_factory, "relative")


def atom_problems(path: Path) -> list[str]:
    """What RFC 4287 requires of a feed and its entries that a parser may forgive."""
    root = etree.parse(str(path)).getroot()
    out = []
    if root.tag != f"{ATOM}feed":
        return [f"root is {root.tag}"]

    def one(parent, name: str, where: str) -> str:
        found = parent.findall(f"{ATOM}{name}")
        if len(found) != 1:
            out.append(f"{where}: {len(found)} <{name}> (want exactly one)")
            return ""
        return (found[0].text or "").strip()

    for name in ("id", "title", "updated"):
        one(root, name, "feed")
    if not RFC3339.fullmatch(root.findtext(f"{ATOM}updated") or ""):
        out.append("feed: updated is not an RFC 3339 date-time")
    if not TAG_URI.fullmatch(root.findtext(f"{ATOM}id") or ""):
        out.append(f"feed: id {root.findtext(f'{ATOM}id')!r} is not a tag: URI")
    entries = root.findall(f"{ATOM}entry")
    if root.find(f"{ATOM}author/{ATOM}name") is None and any(e.find(f"{ATOM}author") is None for e in entries):
        out.append("feed: no author, and an entry without one")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", root.get(XML_LANG, "")):
        out.append("feed: no xml:lang")
    selfs = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if len(selfs) != 1:
        out.append("feed: want one rel=self link")
    ids = []
    for n, entry in enumerate(entries):
        where = f"entry {n}"
        for name in ("id", "title", "updated"):
            one(entry, name, where)
        ids.append(entry.findtext(f"{ATOM}id"))
        if not TAG_URI.fullmatch(ids[-1] or ""):
            out.append(f"{where}: id {ids[-1]!r} is not a tag: URI")
        for name in ("updated", "published"):
            value = entry.findtext(f"{ATOM}{name}")
            if value is not None and not RFC3339.fullmatch(value):
                out.append(f"{where}: {name} is not an RFC 3339 date-time")
        if entry.find(f"{ATOM}content") is None and not [
                link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]:
            out.append(f"{where}: neither content nor an alternate link")
    if len(ids) != len(set(ids)):
        out.append("two entries share an id")
    return out


def entity_feeds(build: Path) -> list[Path]:
    return sorted(build.glob("*/*/feed.xml"))


@pytest.mark.parametrize("which", ["at_root", "relative"])
def test_every_feed_is_valid_atom(which, request):
    build = request.getfixturevalue(which)
    feeds = [build / "feed.xml", *entity_feeds(build)]
    assert len(feeds) > 10
    for path in feeds:
        assert atom_problems(path) == [], path
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.author == PUBLISHER, path  # the publisher, never a dateline city
        assert parsed.entries, path


def test_the_site_feed_reads_as_a_reader_shows_it(at_root):
    parsed = feedparser.parse((at_root / "feed.xml").read_bytes())
    assert parsed.feed.title == "Piston Press" and parsed.feed.language == "en-GB"
    entry = parsed.entries[0]
    assert entry.link.startswith("https://racing.example.org/releases/")
    assert entry.id == f"tag:press.example.com,{entry.published[:10]}:{urlsplit(entry.link).path.lstrip('/')}"
    # the seed's text opens "DETROIT (Oct. 19, 2023) – ...": the summary does not
    assert not re.match(r"[A-Z ]+\(", entry.summary) and "(Oct. 19, 2023)" not in entry.summary


def test_ids_do_not_depend_on_the_base_url(at_root, relative):
    def ids(build: Path) -> list[str]:
        return [e.id for e in feedparser.parse((build / "feed.xml").read_bytes()).entries]
    assert ids(at_root) == ids(relative)
    driver = next(p for p in entity_feeds(at_root) if p.parts[-3] == "drivers")
    same = relative / driver.relative_to(at_root)
    assert (feedparser.parse(driver.read_bytes()).feed.id == feedparser.parse(same.read_bytes()).feed.id)


def test_each_entity_page_links_its_feed(at_root):
    page = at_root / "drivers" / "tom-blomqvist" / "index.html"
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">', html)
    assert ("Tom Blomqvist (Driver): releases", "feed.xml") in links
    feed = feedparser.parse((page.parent / "feed.xml").read_bytes())
    assert feed.feed.title.startswith("Tom Blomqvist") and feed.feed.link == "https://racing.example.org/drivers/tom-blomqvist/"


def test_the_sitemap_is_absolute_and_valid(at_root):
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    doc = etree.parse(str(at_root / "sitemap.xml"))
    assert schema.validate(doc), schema.error_log
    locs = [e.text for e in doc.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://racing.example.org/drivers/tom-blomqvist/" in locs
    assert all(loc.startswith("https://racing.example.org/") for loc in locs)
    for loc in locs:  # every address names a page of the site
        path = urlsplit(loc).path.lstrip("/")
        assert (at_root / path / "index.html").is_file() or (at_root / path).is_file(), loc
    robots = (at_root / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://racing.example.org/sitemap.xml" in robots


def test_the_schema_is_strict_enough_to_fail(at_root, tmp_path):
    """The schema check above means something: a relative address fails it."""
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    bad = (at_root / "sitemap.xml").read_text(encoding="utf-8").replace("https://racing.example.org/", "", 1)
    assert not schema.validate(etree.fromstring(bad.encode("utf-8")))


def test_without_a_base_url_no_sitemap_and_no_robots(relative):
    assert not (relative / "sitemap.xml").exists() and not (relative / "robots.txt").exists()


def test_under_a_sub_path_no_robots_and_a_warning(make_site, cli):
    root = make_site()
    run = cli("build", "-C", root, "--base-url", "https://example.org/racing/")
    assert run.code == 0, str(run)
    assert not (root / "build" / "robots.txt").exists()
    assert (root / "build" / "sitemap.xml").is_file()
    warnings = [line for line in run.err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "robots.txt" in warnings[0] and "sub-path" in warnings[0]


@pytest.mark.parametrize("which,base", [("at_root", "https://racing.example.org/"), ("relative", "http://host.test/")])
def test_404_is_styled_at_any_depth(which, base, request):
    """A host serves /404.html for /a/b/c/missing: every asset it names must resolve from there."""
    build = request.getfixturevalue(which)
    html = (build / "404.html").read_text(encoding="utf-8")
    assets = re.findall(r'<(?:link rel="stylesheet"|script) (?:href|src)="([^"]+)"', html)
    assert any(a.endswith("style.css") for a in assets)
    for asset in assets:
        resolved = urljoin(base + "a/b/c/missing", asset)
        assert resolved.startswith(base), asset
        assert (build / urlsplit(resolved).path.lstrip("/")).is_file(), asset


@pytest.mark.parametrize("text,rest", [
    ("RIVERTON (May 4, 2024) – The team said", "The team said"),
    ("Riverton, OK (June 2, 2021) The team said", "The team said"),
    ("Lakeside Raceway, (July 4, 2014) – Well done to all", "Well done to all"),
    ("BAYVIEW, Fla. – The field has been set", "The field has been set"),
    ("HILLTOWN–(BUSINESS WIRE)–Acme Racing, a team", "Acme Racing, a team"),
    ("NORTHPORT, ME, March 5, 2024 /Example Newswire/ -- Acme Racing is", "Acme Racing is"),
    ("Westbury, United Kingdom - January 7, 2025 / Acme Parts / Acme Parts joins", "Acme Parts joins"),
    # not datelines: left whole
    ("Jo Bloggs (born May 3, 1990) won the race", None),
    ("ACME RACING (AR) announced a deal", None),
    ("On March 3, 2024 the team said", None),
    ("Jo Bloggs will drive the No. 5 car", None),
])
def test_dateline_is_left_out_of_summaries(text, rest):
    assert strip_dateline(text) == (text if rest is None else rest)


def test_feed_needs_no_network_or_clock(relative, tmp_path):
    """Two builds of the same input write the same feed bytes (no clock, no host lookups)."""
    from conftest import build_site
    root = tmp_path / "again"
    shutil.copytree(relative.parent / "seeds", root / "seeds")
    shutil.copy2(relative.parent / "racekb.yaml", root / "racekb.yaml")
    again = build_site(root).build
    assert (again / "feed.xml").read_bytes() == (relative / "feed.xml").read_bytes()


@pytest.mark.parametrize("title,body,opening", [
    ("Acme wins at Lakeside", "RIVERTON (May 4, 2024) – Jo Bloggs won.\n\nMore text.\n", "Jo Bloggs won. More text."),
    ("Acme wins at Lakeside", "Acme wins at Lakeside\n\nJo Bloggs won the race.\n", "Jo Bloggs won the race."),
    ("Acme backs Bloggs", "Support for Jo Bloggs: Acme joins\n\nRiverton, OK (May 4, 2024) – Acme, a maker, said.\n",
     "Acme, a maker, said."),
    # a short first paragraph not followed by a dateline is the text itself
    ("Acme backs Bloggs", "Big news for Jo Bloggs\n\nAcme, a maker, said so.\n", "Big news for Jo Bloggs Acme, a maker, said so."),
])
def test_feed_summary_starts_where_the_text_does(title, body, opening):
    from racekb.render.feeds import summary
    from racekb.model.graph import Release
    assert summary(Release("2024-05-04-x", title, "2024-05-04", "seeds/x.txt", "Riverton", body)) == opening
