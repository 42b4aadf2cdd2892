"""Stable addresses: an entity keeps the address it was published at, whatever appears later;
a rename or a merge through curation leaves a redirect page at the old address
(racekb.addresses, racekb.stable_slugs)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from racekb.resolve.addresses import FILE_NAME, Addresses, read_addresses
from racekb.model.errors import RacekbError
from racekb.pipeline import build
from racekb.model.site import Site

# two series whose names share their first twelve words, so their slugs collide (slugify keeps
# twelve words); the "Championship" sorts first, so a build that has both from the start gives
# it the plain slug
LONG = "North East Coast Regional Winter Club Racing Series Alpha Bravo Charlie Delta"
PLAIN = "north-east-coast-regional-winter-club-racing-series-alpha-bravo-charlie-delta"


def _seed(root: Path, name: str, date: str, text: str) -> None:
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "seeds" / name).write_text(f" date {date} Round report {name}\n\n{text}\n", encoding="utf-8")


def _graph(root: Path) -> dict:
    return json.loads((root / "build" / "graph.json").read_text(encoding="utf-8"))


def _ids(root: Path) -> dict[str, str]:
    return {e["name"]: e["id"] for e in _graph(root)["entities"]}


def test_an_entity_appearing_later_with_a_colliding_slug_does_not_move_an_existing_one(tmp_path: Path) -> None:
    root = tmp_path / "site"
    _seed(root, "a.txt", "2021-03-01", f"Tom Example, the driver, won the {LONG} Trophy race at the weekend.")
    build(Site.at(root), jobs=1)
    assert _ids(root)[f"{LONG} Trophy"] == f"championship/{PLAIN}"
    _seed(root, "b.txt", "2021-04-01", f"Jack Sample, the driver, won the {LONG} Championship round at the weekend.")
    build(Site.at(root), jobs=1, use_cache=False)
    ids = _ids(root)
    assert ids[f"{LONG} Trophy"] == f"championship/{PLAIN}", "the published address stays"
    assert ids[f"{LONG} Championship"] == f"championship/{PLAIN}-2"
    # without the remembered addresses the newcomer would have taken it: the test can fail
    fresh = tmp_path / "fresh"
    shutil.copytree(root / "seeds", fresh / "seeds")
    build(Site.at(fresh), jobs=1)
    assert _ids(fresh)[f"{LONG} Championship"] == f"championship/{PLAIN}"
    # and the memory survives a build from nothing (no build/, no .racekb/)
    shutil.rmtree(root / "build")
    shutil.rmtree(root / ".racekb")
    build(Site.at(root), jobs=1)
    assert _ids(root)[f"{LONG} Trophy"] == f"championship/{PLAIN}"


def test_a_vanished_entitys_address_is_not_given_to_another(tmp_path: Path) -> None:
    root = tmp_path / "site"
    _seed(root, "a.txt", "2021-03-01", f"Tom Example, the driver, won the {LONG} Trophy race at the weekend.")
    build(Site.at(root), jobs=1)
    (root / "seeds" / "a.txt").unlink()
    for record in (root / "content" / "releases").glob("*.md"):
        record.unlink()
    _seed(root, "b.txt", "2021-04-01", f"Jack Sample, the driver, won the {LONG} Championship round at the weekend.")
    build(Site.at(root), jobs=1)
    assert _ids(root)[f"{LONG} Championship"] == f"championship/{PLAIN}-2"


def _redirect_target(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html).group(1)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    link = re.search(r'<a href="([^"]+)">', html).group(1)
    assert refresh == canonical == link and html.count("<h1>") == 1
    return (page.parent / refresh).resolve().relative_to(page.parents[2].resolve()).as_posix()


def test_a_curated_merge_leaves_a_redirect_page_at_the_old_address(tmp_path: Path) -> None:
    root = tmp_path / "site"
    _seed(root, "a.txt", "2021-03-01", "Tom Example, the driver, won the race at the weekend.")
    _seed(root, "b.txt", "2021-04-01", "Thomas Exampel, the driver, won the race again.")
    build(Site.at(root), jobs=1)
    assert (root / "build/drivers/thomas-exampel/index.html").is_file()
    curated = root / "content" / "entities" / "driver"
    curated.mkdir(parents=True)
    (curated / "thomas-exampel.md").write_text("---\nname: Thomas Exampel\nsame_as: driver/tom-example\n---\n",
                                               encoding="utf-8")
    build(Site.at(root), jobs=1)
    assert _redirect_target(root / "build/drivers/thomas-exampel/index.html") == "drivers/tom-example/index.html"
    entity = next(e for e in _graph(root)["entities"] if e["id"] == "driver/tom-example")
    assert entity["former_ids"] == ["driver/thomas-exampel"]
    assert "driver/thomas-exampel" not in _ids(root).values()


def test_a_curated_rename_moves_the_page_and_leaves_a_redirect(tmp_path: Path) -> None:
    root = tmp_path / "site"
    _seed(root, "a.txt", "2021-03-01", "Tom Exampel, the driver, won the race at the weekend.")
    build(Site.at(root), jobs=1)
    curated = root / "content" / "entities" / "driver"
    curated.mkdir(parents=True)
    (curated / "tom-exampel.md").write_text("---\nname: Tom Example\naliases: [Tom Exampel]\n---\n", encoding="utf-8")
    build(Site.at(root), jobs=1)
    assert _ids(root)["Tom Example"] == "driver/tom-example"
    assert _redirect_target(root / "build/drivers/tom-exampel/index.html") == "drivers/tom-example/index.html"
    entity = next(e for e in _graph(root)["entities"] if e["id"] == "driver/tom-example")
    assert entity["former_ids"] == ["driver/tom-exampel"]


def test_the_address_file_is_checked_line_by_line(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("# comment\ndriver/tom-example\ttom example\n", encoding="utf-8")
    assert read_addresses(tmp_path).slug_of("driver", "tom example") == "tom-example"
    (tmp_path / FILE_NAME).write_text("driver/Tom Example tom example\n", encoding="utf-8")
    with pytest.raises(RacekbError) as caught:
        read_addresses(tmp_path)
    assert caught.value.line == 1 and caught.value.path.endswith(FILE_NAME)


def test_remembered_addresses_round_trip() -> None:
    addresses = Addresses()
    addresses.remember("team", "orsted racing", "orsted-racing")
    addresses.remember("team", "orsted racing", "orsted-racing-2")  # a key keeps its first address
    assert addresses.changed and addresses.slug_of("team", "orsted racing") == "orsted-racing"
    assert "team/orsted-racing\torsted racing\n" in addresses.text()
