"""racekb.yaml: read and checked (racekb.load.siteconfig), and what it reaches on the built site."""

from __future__ import annotations

import json
import re

import pytest

from racekb.model.errors import RacekbError
from racekb.load.siteconfig import DEFAULT_TITLE, Publisher, SiteConfig, parse_config, read_config

FULL = """\
title: Piston Press
description: Every release of the Piston Press office.
language: en-GB
base_url: https://pistons.example.com/
author:
  name: Piston Press Office
  url: https://www.pistons.example.com/about/
page_size: 25
"""


def test_no_file_is_the_defaults(tmp_path):
    config = read_config(tmp_path)
    assert config == SiteConfig() and config.title == DEFAULT_TITLE and config.language == "en"
    assert config.publisher_name == DEFAULT_TITLE  # the feeds' author is the site, never a city


def test_every_key_is_read():
    config = parse_config(FULL, "racekb.yaml")
    assert (config.title, config.language, config.base_url, config.page_size) == (
        "Piston Press", "en-GB", "https://pistons.example.com/", 25)
    assert config.author == Publisher("Piston Press Office", "https://www.pistons.example.com/about/")
    assert parse_config("publisher: Jo Bloggs\n", "f").author == Publisher("Jo Bloggs")


@pytest.mark.parametrize("text,line,says", [
    ("title: A\ntitel: B\n", 2, "unknown key 'titel'"),
    ("author:\n  name: A\n  email: a@b\n", 3, "unknown key 'email' under 'author'"),
    ("page_size: ten\n", 1, "'page_size' must be a whole number"),
    ("page_size: 0\n", 1, "'page_size' must be from 1"),
    ("title: [a, b]\n", 1, "'title' must be text, not a list"),
    ("language: 42\n", 1, "'language' must be text, not a number"),
    ("language: English please\n", 1, "'language' must be a language tag"),
    ("base_url: ftp://example.org/\n", 1, "'base_url' 'ftp://example.org/': it must start with http"),
    ("description: x\ndescription: y\n", 2, "'description' is given twice"),
    ("author: {url: 'https://a.example/'}\n", 1, "'author' needs a `name`"),
    ("author: A\npublisher: B\n", 2, "either 'author' or 'publisher'"),
    ("logo: logo.exe\n", 1, "'logo' must be an image file"),
    ("- title\n", 1, "must be a mapping"),
    ("title: 'open\n", None, "not valid YAML"),
])
def test_a_bad_setting_names_the_file_the_line_and_the_key(text, line, says):
    with pytest.raises(RacekbError) as info:
        parse_config(text, "site/racekb.yaml")
    assert says in info.value.message
    assert info.value.path == "site/racekb.yaml"
    if line is not None:
        assert info.value.line == line


def test_the_logo_must_be_a_file_in_the_site(tmp_path):
    with pytest.raises(RacekbError, match="no such file"):
        parse_config("logo: logo.svg\n", "racekb.yaml", tmp_path)
    with pytest.raises(RacekbError, match="inside the site folder"):
        parse_config("logo: ../logo.svg\n", "racekb.yaml", tmp_path)
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    first = parse_config("logo: logo.svg\n", "racekb.yaml", tmp_path)
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>")
    second = parse_config("logo: logo.svg\n", "racekb.yaml", tmp_path)
    # a new logo with the same name must rebuild: it is part of what the pages' keys hold
    assert first.logo_target == "static/logo.svg" and first.fingerprint() != second.fingerprint()


def test_the_flag_wins_over_the_file():
    config = parse_config(FULL, "racekb.yaml")
    assert config.with_base_url(None).base_url == "https://pistons.example.com/"
    assert config.with_base_url("https://mirror.example.net/kb/").base_url == "https://mirror.example.net/kb/"


def test_an_unknown_key_stops_the_build_in_one_line(make_site, cli):
    root = make_site()
    (root / "racekb.yaml").write_text("title: My site\nbase_ulr: https://example.org/\n", encoding="utf-8")
    run = cli("build", "-C", root)
    assert run.code == 1, str(run)
    assert run.err.splitlines()[0] == f"error: {root / 'racekb.yaml'}:2: unknown key 'base_ulr' (known: title, " \
        "description, language, base_url, author, publisher, logo, page_size)"
    assert "Traceback" not in run.err and not (root / "build").exists()


def test_init_writes_a_racekb_yaml_that_builds(tmp_path, cli):
    assert cli("init", tmp_path / "mine").code == 0
    config = read_config(tmp_path / "mine")
    assert config.title == "mine" and config.language == "en"
    assert cli("build", "-C", tmp_path / "mine").code == 0


def _meta(html: str, prop: str) -> str:
    found = re.search(rf'<meta property="{prop}" content="([^"]*)">', html)
    return found.group(1) if found else ""


def test_title_language_and_publisher_reach_pages_feeds_and_json_ld(make_site, cli):
    root = make_site()
    (root / "racekb.yaml").write_text(FULL, encoding="utf-8")
    (root / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'/>")
    with (root / "racekb.yaml").open("a", encoding="utf-8") as fh:
        fh.write("logo: logo.svg\n")
    run = cli("build", "-C", root)
    assert run.code == 0, str(run)
    build = root / "build"
    home = (build / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB"' in home
    assert re.search(r'<a class="brand"[^>]*><img src="static/logo.svg"[^>]*> Piston Press</a>', home)
    assert _meta(home, "og:site_name") == "Piston Press" and _meta(home, "og:locale") == "en_GB"
    assert '<meta name="description" content="Every release of the Piston Press office.">' in home
    site = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', home).group(1))
    assert site["name"] == "Piston Press" and site["inLanguage"] == "en-GB"
    assert site["publisher"]["name"] == "Piston Press Office"
    assert site["publisher"]["logo"] == "https://pistons.example.com/static/logo.svg"
    assert (build / "static" / "logo.svg").is_file()
    release = next(build.glob("releases/*/index.html")).read_text(encoding="utf-8")
    article = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', release).group(1))
    assert article["publisher"]["name"] == "Piston Press Office"
    assert "· Piston Press</title>" in release and '<html lang="en-GB"' in release
    feed = (build / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Piston Press</title>" in feed and 'xml:lang="en-GB"' in feed
    assert "<name>Piston Press Office</name>" in feed
    # base_url came from the file: the canonical addresses use it, and robots.txt is written at a root
    assert '<link rel="canonical" href="https://pistons.example.com/">' in home
    assert (build / "robots.txt").is_file()


def test_a_changed_setting_rebuilds_what_shows_it(make_site, cli, tmp_path):
    root = make_site()
    (root / "racekb.yaml").write_text("title: First Name\n", encoding="utf-8")
    assert cli("build", "-C", root).code == 0
    (root / "racekb.yaml").write_text("title: Second Name\nlanguage: fr\n", encoding="utf-8")
    assert cli("build", "-C", root).code == 0  # incremental: pages are kept only when their key is the same
    assert cli("build", "-C", root, "--no-cache", "--out", tmp_path / "clean").code == 0
    for page in (root / "build").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "First Name" not in text, page
        assert text == (tmp_path / "clean" / page.relative_to(root / "build")).read_text(encoding="utf-8"), page
    assert '<html lang="fr"' in (root / "build" / "drivers" / "tom-blomqvist" / "index.html").read_text()
