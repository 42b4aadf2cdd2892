"""Issue 12's one-entity-one-page and curation loop: spellings joined across releases, two people
sharing a surname kept apart, same_as keeping the target, a record rename keeping facts, curated
files validated, and `racekb review` listing what to settle until the edit it suggests is made.
Every release here is written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
import pytest

from racekb.cli import main
from racekb.pipeline import build
from racekb.model.site import Site
from site_trees import clean_build, tree


def write_site(root: Path, releases: dict[str, str], curated: dict[str, str] | None = None) -> None:
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    for name, text in releases.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    for rel, text in (curated or {}).items():
        path = root / "content" / "entities" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def built(root: Path) -> dict:
    build(Site.at(root))
    return json.loads((root / "build" / "graph.json").read_text(encoding="utf-8"))


def ids(graph: dict) -> dict[str, dict]:
    return {e["id"]: e for e in graph["entities"]}


TYPO = {
    "a.txt": " date 2023-01-10 First\n\nTom Blomqvst drove for Meyer Shank Racing at Daytona.\n",
    "b.txt": " date 2023-02-10 Second\n\nTom Blomqvist drove for Action Express Racing at Sebring.\n",
}


def test_same_as_keeps_the_targets_name_and_address_and_moves_the_facts(tmp_path: Path) -> None:
    # the misspelt name comes first (older release, first in order): before the fix it gave
    # the merged entity its name and address
    write_site(tmp_path, TYPO, {"drivers/tom-blomqvst.md": "---\nsame_as: driver/tom-blomqvist\n---\n"})
    graph = built(tmp_path)
    found = ids(graph)
    assert "driver/tom-blomqvst" not in found
    tom = found["driver/tom-blomqvist"]
    assert tom["name"] == "Tom Blomqvist" and tom["url"] == "drivers/tom-blomqvist/"
    assert "Tom Blomqvst" in tom["aliases"]
    assert tom["former_ids"] == ["driver/tom-blomqvst"]  # the address the merge retired
    teams = {f["object"] for f in graph["facts"] if f["subject"] == "driver/tom-blomqvist" and f["predicate"] == "drives_for"}
    assert teams == {"team/meyer-shank-racing", "team/action-express-racing"}
    page = (tmp_path / "build" / "releases" / "2023-01-10-first" / "index.html").read_text(encoding="utf-8")
    assert "drivers/tom-blomqvist/" in page  # the release's mention links to the target


def test_renaming_an_entity_in_a_record_keeps_its_facts(tmp_path: Path) -> None:
    write_site(tmp_path, TYPO)
    built(tmp_path)
    record = tmp_path / "content" / "releases" / "2023-01-10-first.md"
    post = frontmatter.loads(record.read_text(encoding="utf-8"))
    drivers = post.metadata["entities"]["driver"]
    drivers[drivers.index("Tom Blomqvst")] = "Tom Blomqvist"
    record.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    graph = built(tmp_path)
    assert "driver/tom-blomqvst" not in ids(graph)
    assert {"subject": "driver/tom-blomqvist", "object": "team/meyer-shank-racing"} in [
        {"subject": f["subject"], "object": f["object"]} for f in graph["facts"]]


def test_spellings_of_one_name_are_one_page(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "c.txt": " date 2023-03-10 Third\n\nMaro Engel drove for Mercedes-AMG Team Günther Racing in the "
                 "IMSA WeatherTech SportsCar Championship.\n",
        "d.txt": " date 2023-04-10 Fourth\n\nMaro Engel drove for Mercedes-AMG Team Guenther Racing in the "
                 "IMSA WeatherTech Sports Car Championship.\n",
    })
    graph = built(tmp_path)
    teams = [e for e in graph["entities"] if e["type"] == "team"]
    series = [e for e in graph["entities"] if e["type"] == "championship"]
    assert len(teams) == 1 and len(teams[0]["releases"]) == 2, teams  # ü = ue
    assert teams[0]["former_ids"] == ["team/mercedes-amg-team-guenther-racing"]
    assert len(series) == 1 and len(series[0]["releases"]) == 2, series  # SportsCar = Sports Car


def test_a_series_short_form_joins_the_one_long_form(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "a.txt": " date 2023-05-10 Fifth\n\nLiam Doyle won the Pacific Coast Sprint Championship title "
                 "for Doyle Motorsports.\n",
        "c.txt": " date 2023-07-10 Seventh\n\nLiam Doyle drove in the Coast Sprint Championship finale "
                 "for Doyle Motorsports.\n",
    })
    graph = built(tmp_path)
    series = [e for e in graph["entities"] if e["type"] == "championship"]
    assert len(series) == 1, series
    assert series[0]["name"] == "Pacific Coast Sprint Championship"
    assert len(series[0]["releases"]) == 2


def test_acronyms_and_short_forms_join_only_one_long_form() -> None:
    from racekb.resolve.variants import merge_short_forms

    names = {("championship", n.casefold()): n for n in [
        "Pacific Coast Sprint Championship", "PCSC", "NZ Superbike Championships",
        "New Zealand Superbike Championship", "World Championship", "FIA World Rally Championship",
        "ABB FIA Formula E World Championship", "Formula One World Championship", "WRC"]}
    names[("team", "rfr")] = "RFR"
    names[("team", "roush fenway racing")] = "Roush Fenway Racing"
    names[("driver", "mk")] = "MK"
    names[("driver", "matt kenseth")] = "Matt Kenseth"
    redirect: dict = {}
    merge_short_forms(names, redirect, set(), [])
    assert redirect[("championship", "pcsc")] == ("championship", "pacific coast sprint championship")
    assert redirect[("championship", "nz superbike championships")] == ("championship", "new zealand superbike championship")
    assert redirect[("championship", "wrc")] == ("championship", "fia world rally championship")
    assert redirect[("team", "rfr")] == ("team", "roush fenway racing")
    assert ("championship", "world championship") not in redirect  # the tail of two long forms
    assert ("driver", "mk") not in redirect  # people's initials are never read as their names


def test_two_people_sharing_a_surname_never_merge(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "g.txt": " date 2023-07-10 Seventh\n\nKyle Busch won the race at Bristol for Richard Childress Racing.\n",
        "h.txt": " date 2023-08-10 Eighth\n\nKurt Busch drove for 23XI Racing at Dover.\n",
    })
    graph = built(tmp_path)
    drivers = {e["name"] for e in graph["entities"] if e["type"] == "driver"}
    assert {"Kyle Busch", "Kurt Busch"} <= drivers
    assert "pair" not in run_review(tmp_path)  # review does not suggest merging them either


def run_review(root: Path, capsys: pytest.CaptureFixture[str] | None = None) -> str:
    from racekb.commands.review import review

    items = review(Site.at(root))
    return "\n".join(f"{it.kind}|{it.type}|{it.name}|{it.edit_file}|{json.dumps(it.edit)}" for it in items)


def test_review_lists_a_held_name_and_a_duplicate_until_the_edit_is_made(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "a.txt": " date 2023-01-10 First\n\nMatt Kenseth won at Bristol for Roush Fenway Racing, with Carl Edwards "
                 "and Pukekohe behind.\n",
        "b.txt": " date 2023-02-10 Second\n\nPowers Kenseth won the race at Dover for Roush Fenway Racing.\n",
    })
    graph = built(tmp_path)
    names = {e["name"] for e in graph["entities"]}
    assert "Pukekohe" not in names  # listed beside drivers and nothing more: no page
    page = (tmp_path / "build" / "releases" / "2023-01-10-first" / "index.html").read_text(encoding="utf-8")
    assert "Pukekohe" in page and "drivers/pukekohe" not in page  # plain text on the release
    listing = run_review(tmp_path)
    held = [line for line in listing.splitlines() if line.startswith("no page|driver|Pukekohe|")]
    assert held and "content/entities/driver/pukekohe.md" in held[0]
    dup = [line for line in listing.splitlines() if line.startswith("duplicate|driver|Powers Kenseth|")]
    assert dup and '"same_as": "driver/matt-kenseth"' in dup[0], listing
    # the two edits review suggests, made as it says
    curated = tmp_path / "content" / "entities" / "driver"
    curated.mkdir(parents=True)
    (curated / "powers-kenseth.md").write_text("---\nname: Powers Kenseth\nsame_as: driver/matt-kenseth\n---\n",
                                               encoding="utf-8")
    (curated / "pukekohe.md").write_text("---\nname: Pukekohe\nnot_an_entity: true\n---\n", encoding="utf-8")
    graph = built(tmp_path)
    found = ids(graph)
    assert "driver/powers-kenseth" not in found
    assert len(found["driver/matt-kenseth"]["releases"]) == 2
    listing = run_review(tmp_path)
    assert "Powers Kenseth" not in listing and "Pukekohe" not in listing, listing


def test_review_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_site(tmp_path, {"a.txt": " date 2023-01-10 First\n\nMatt Kenseth won at Bristol, ahead of Carl Edwards "
                                   "and Pukekohe.\n"})
    built(tmp_path)
    assert main(["review", "-C", str(tmp_path), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert any(it["name"] == "Pukekohe" and it["edit"]["file"].endswith("driver/pukekohe.md") for it in items)
    assert main(["review", "-C", str(tmp_path)]) == 0
    assert "create content/entities/driver/pukekohe.md" in capsys.readouterr().out


BAD_CURATED = {
    "unknown key": ("drivers/x.md", "---\nname: X\nalias: [Y]\n---\n", "unknown key 'alias'"),
    "list name": ("drivers/x.md", "---\nname: [X, Y]\n---\n", "'name' must be"),
    "aliases not a list": ("drivers/x.md", "---\nname: X\naliases: Y\n---\n", "'aliases' must be a list"),
    "alias not a string": ("drivers/x.md", "---\nname: X\naliases: [1, 2]\n---\n", "'aliases' must be a list"),
    "string false": ("drivers/x.md", "---\nname: X\nnot_an_entity: 'false'\n---\n", "'not_an_entity' must be true or false"),
    "unknown type": ("drivers/x.md", "---\nname: X\nsame_as: pilot/tom-blomqvist\n---\n", "unknown entity type 'pilot'"),
    "slash": ("drivers/x.md", "---\nname: X\nsame_as: /\n---\n", "unknown entity type ''"),
    "no slug": ("drivers/x.md", "---\nname: X\nsame_as: driver/\n---\n", "does not name an entity"),
    "list same_as": ("drivers/x.md", "---\nname: X\nsame_as: [driver/a, driver/b]\n---\n", "'same_as' must name one entity"),
    "missing target": ("drivers/tom-blomqvst.md", "---\nsame_as: driver/nobody-at-all\n---\n", "no driver 'driver/nobody-at-all'"),
    "chain": ("drivers/tom-blomqvst.md", "---\nsame_as: driver/somebody-else\n---\n", "chain or a loop"),
    "loop": ("drivers/tom-blomqvst.md", "---\nsame_as: driver/tom-blomqvist\n---\n", "chain or a loop"),
    "itself": ("drivers/tom-blomqvst.md", "---\nsame_as: driver/tom-blomqvst\n---\n", "this entity itself"),
    "unclosed": ("drivers/x.md", "---\nname: X\naliases: [Y]\n", "front matter opened with `---` is never closed"),
    "impossible date": ("drivers/x.md", "---\nname: X\naliases: [2023-02-30]\n---\n", "cannot be read"),
    "two files": ("drivers/x.md", "---\nname: Tom Blomqvist\n---\n", "already described by"),
    "both": ("drivers/x.md", "---\nname: X\nsame_as: driver/tom-blomqvist\nnot_an_entity: true\n---\n", "contradict"),
}


@pytest.mark.parametrize("case", sorted(BAD_CURATED))
def test_a_bad_curated_file_is_one_error_naming_it(tmp_path: Path, case: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    rel, text, message = BAD_CURATED[case]
    curated = {rel: text}
    if case == "two files":  # an earlier file describes the same driver
        curated["drivers/tom-blomqvist.md"] = "---\nname: Tom Blomqvist\n---\n"
    if case == "loop":  # and Tom Blomqvist is merged back into Tom Blomqvst
        curated["drivers/tom-blomqvist.md"] = "---\nsame_as: driver/tom-blomqvst\n---\n"
    if case == "chain":  # Somebody Else is itself merged into Tom Blomqvist
        curated["drivers/somebody-else.md"] = "---\nname: Somebody Else\nsame_as: driver/tom-blomqvist\n---\n"
    write_site(tmp_path, TYPO, curated)
    code = main(["build", "-C", str(tmp_path), "-q"])
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err and "internal error" not in err
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    where = str(tmp_path / "content" / "entities" / rel)
    assert any(line.startswith(f"error: {where}:") and message in line for line in lines), err


def test_the_file_review_suggests_for_a_held_name_gives_it_a_page(tmp_path: Path) -> None:
    write_site(tmp_path, {"a.txt": " date 2023-01-10 First\n\nMatt Kenseth won at Bristol, ahead of Carl Edwards "
                                   "and Pukekohe.\n"})
    built(tmp_path)
    item = next(it for it in __import__("racekb.commands.review", fromlist=["review"]).review(Site.at(tmp_path))
                if it.name == "Pukekohe")
    path = tmp_path / item.edit_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + "".join(f"{k}: {v}\n" for k, v in item.edit.items()) + "---\n", encoding="utf-8")
    graph = built(tmp_path)
    assert "driver/pukekohe" in ids(graph)
    page = (tmp_path / "build" / "releases" / "2023-01-10-first" / "index.html").read_text(encoding="utf-8")
    assert "drivers/pukekohe/" in page
    assert "Pukekohe" not in run_review(tmp_path)


def test_a_numbered_entry_links_to_its_models_page_also_on_a_cached_rebuild(tmp_path: Path) -> None:
    write_site(tmp_path, {"b.txt": " date 2023-06-10 Entry\n\nAction Express Racing fields the No. 31 Whelen "
                                   "Cadillac V-Series.R for Pipo Derani.\n"})
    built(tmp_path)
    entry = tmp_path / "build" / "cars" / "no-31-whelen-cadillac-v-series-r" / "index.html"
    assert 'class="model"' not in entry.read_text(encoding="utf-8")
    # a later release names the model alone: the entry's page (rendered before) now links to it
    write_site(tmp_path, {"c.txt": " date 2023-07-10 Model\n\nThe Cadillac V-Series.R won at Daytona with "
                                   "Cadillac Racing.\n"})
    built(tmp_path)
    html = entry.read_text(encoding="utf-8")
    assert '<a href="../cadillac-v-series-r/index.html">Cadillac V-Series.R</a>' in html
    model = (tmp_path / "build" / "cars" / "cadillac-v-series-r" / "index.html").read_text(encoding="utf-8")
    assert "../no-31-whelen-cadillac-v-series-r/index.html" in model


def test_one_number_named_three_ways_in_one_release_is_one_car(tmp_path: Path) -> None:
    write_site(tmp_path, {
        "a.txt": " date 2025-10-14 Sponsor\n\nDelta Motor Club fields the No. 42 Apex Toyota in 2026. "
                 "Sam Reed drives the No. 42 Toyota Camry XSE. The No. 42 Delta Motor Club Toyota ran well. "
                 "Jo Hart drives the No. 43 Toyota Camry XSE.\n",
        "b.txt": " date 2019-03-01 Older\n\nRiver Racing fields the No. 42 Apex Toyota for Lee Park.\n",
    })
    graph = built(tmp_path)
    release = next(r["id"] for r in graph["releases"] if r["title"] == "Sponsor")
    forms = {"No. 42 Apex Toyota", "No. 42 Toyota Camry XSE", "No. 42 Delta Motor Club Toyota"}
    holding = [e for e in graph["entities"] if e["type"] == "car" and release in e["releases"]
               and forms & {e["name"], *e["aliases"]}]
    # the three forms of No. 42 in one release are one car (the extractor joins them within the
    # release, resolve across its forms); No. 43 stays its own
    assert len(holding) == 1 and forms <= {holding[0]["name"], *holding[0]["aliases"]}, holding
    assert any(e["name"] == "No. 43 Toyota Camry XSE" for e in graph["entities"])


def test_merges_renames_and_held_names_rebuild_as_a_clean_build_does(tmp_path: Path) -> None:
    root = tmp_path / "site"
    write_site(root, {**TYPO, "c.txt": " date 2023-03-10 Third\n\nMatt Kenseth won at Bristol, ahead of Carl "
                                        "Edwards and Pukekohe.\n"})
    built(root)
    write_site(root, {}, {"drivers/tom-blomqvst.md": "---\nsame_as: driver/tom-blomqvist\n---\n"})
    built(root)
    assert tree(root / "build") == clean_build(root, tmp_path)
    write_site(root, {}, {"drivers/pukekohe.md": "---\nname: Pukekohe\n---\n"})
    built(root)
    assert tree(root / "build") == clean_build(root, tmp_path)
    (root / "content" / "entities" / "drivers" / "tom-blomqvst.md").unlink()
    record = root / "content" / "releases" / "2023-01-10-first.md"
    post = frontmatter.loads(record.read_text(encoding="utf-8"))
    drivers = post.metadata["entities"]["driver"]
    drivers[drivers.index("Tom Blomqvst")] = "Tom Blomqvist"
    record.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    built(root)
    assert tree(root / "build") == clean_build(root, tmp_path)


@pytest.mark.parametrize("a, b, same", [
    (("powers", "kenseth"), ("matt", "kenseth"), True),     # an everyday word glued to a surname
    (("niall", "murray"), ("sebastian", "murray"), False),  # a first name the given-name list lacks
    (("jet", "ashworth"), ("isaac", "ashworth"), False),
    (("kyle", "busch"), ("kurt", "busch"), False),          # two given names: two people
])
def test_review_pairs_a_glued_word_never_two_first_names(a: tuple[str, ...], b: tuple[str, ...], same: bool) -> None:
    from racekb.commands.review import _similarity
    from racekb.extract.lexicon import given_names

    given = {g.casefold() for g in given_names()}
    assert (_similarity("driver", a, b, given) > 0) is same
