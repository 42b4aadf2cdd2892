"""racekb check finds what breaks a built site and passes a good one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from racekb.publish.linkcheck import check_site


@pytest.fixture
def built(seed_site, tmp_path) -> Path:
    """A private copy of the seed site's build/ (check reads only build/)."""
    root = tmp_path / "site"
    shutil.copytree(seed_site.build, root / "build")
    return root


def errors(out: Path) -> list[str]:
    return [str(p) for p in check_site(out) if p.severity == "error"]


def test_seed_site_passes_strict(seed_site, cli):
    run = cli("check", "-C", seed_site.root, "--strict")
    assert run.code == 0, str(run)
    assert "0 error(s), 0 warning(s)" in run.out


def test_broken_link_is_reported_with_page(built, cli):
    page = built / "build" / "drivers" / "index.html"
    page.write_text(page.read_text().replace("</main>", '<a href="../nowhere/index.html">x</a></main>'))
    run = cli("check", "-C", built)
    assert run.code == 1
    assert "drivers/index.html: error: broken link ../nowhere/index.html" in run.out


def test_broken_anchor_same_page_and_other_page(built):
    page = built / "build" / "drivers" / "index.html"
    page.write_text(page.read_text().replace(
        "</main>", '<a href="#nope">a</a><a href="../teams/index.html#gone">b</a><a href="../index.html#latest">c</a></main>'))
    found = errors(built / "build")
    assert any("broken anchor #nope" in e for e in found)
    assert any("broken anchor ../teams/index.html#gone" in e for e in found)
    assert not any("#latest" in e for e in found)  # the home page has id="latest"


def test_title_and_single_h1_are_required(built):
    page = built / "build" / "teams" / "index.html"
    html = page.read_text()
    html = html.replace("<title>", "<title>\n").split("<title>")[0] + "<title></title>" + html.split("</title>", 1)[1]
    page.write_text(html.replace("</main>", "<h1>Second</h1></main>"))
    found = errors(built / "build")
    assert "teams/index.html: error: no <title>" in found
    assert "teams/index.html: error: 2 <h1> elements; a page has exactly one" in found


def test_every_entity_needs_a_page(built, seed_graph):
    entity = seed_graph["entities"][0]
    shutil.rmtree(built / "build" / entity["url"])
    assert any(f"{entity['id']} has no page" in e for e in errors(built / "build"))


def test_strict_fails_on_warnings_only_when_asked(built, cli):
    page = built / "build" / "drivers" / "index.html"
    page.write_text(page.read_text().replace("</main>", '<a href="../teams/"><span></span></a></main>'))
    normal = cli("check", "-C", built)
    strict = cli("check", "-C", built, "--strict")
    assert normal.code == 0, str(normal)
    assert "names a folder" in normal.out and "has no text" in normal.out
    assert strict.code == 1


def test_no_build_is_an_error(tmp_path, cli):
    run = cli("check", "-C", tmp_path)
    assert run.code == 1
    assert "racekb build" in run.out


def test_graph_json_entities_drive_the_page_check(built):
    graph = json.loads((built / "build" / "graph.json").read_text())
    graph["entities"].append({"id": "driver/nobody", "type": "driver", "name": "Nobody", "aliases": [],
                              "url": "drivers/nobody/", "releases": []})
    (built / "build" / "graph.json").write_text(json.dumps(graph))
    assert "graph.json: error: driver/nobody has no page at drivers/nobody/index.html" in errors(built / "build")


def test_feed_sitemap_and_json_blocks_must_parse(built):
    (built / "build" / "feed.xml").write_text("<feed><entry></feed>")
    page = built / "build" / "drivers" / "index.html"
    page.write_text(page.read_text().replace("</main>", '<script type="application/ld+json">{"a": </script></main>'))
    found = errors(built / "build")
    assert any(e.startswith("feed.xml: error: not well-formed XML") for e in found)
    assert any(e.startswith("drivers/index.html: error: a JSON <script> block does not parse") for e in found)
