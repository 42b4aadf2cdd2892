"""Resolution across releases: one entity per real-world thing, never a merge on a guess, and
curated entity files and record edits winning over the rules. Sites are built from short
releases written here."""

from __future__ import annotations

import json
from pathlib import Path

from racekb.pipeline import build
from racekb.model.site import Site


def make_site(root: Path, releases: dict[str, str], curated: dict[str, str] | None = None) -> dict:
    (root / "seeds").mkdir(parents=True)
    for name, text in releases.items():
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    for rel, text in (curated or {}).items():
        path = root / "content" / "entities" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = build(Site.at(root))
    graph = json.loads((root / "build" / "graph.json").read_text(encoding="utf-8"))
    graph["notes"] = result.graph.notes
    return graph


def by_name(graph: dict, etype: str) -> dict[str, dict]:
    return {e["name"]: e for e in graph["entities"] if e["type"] == etype}


def test_short_team_name_in_one_release_joins_the_full_name_in_another(tmp_path: Path) -> None:
    graph = make_site(tmp_path, {
        "a.txt": " date 2023-01-28 Win at Daytona\n\nPipo Derani drove for Action Express Racing at Daytona.\n",
        "b.txt": " date 2023-03-18 Sebring\n\nPipo Derani and the Action Express team raced at Sebring.\n",
    })
    teams = by_name(graph, "team")
    assert "Action Express Racing" in teams
    assert "Action Express" not in teams


def test_lone_surname_joins_the_only_full_name_with_it(tmp_path: Path) -> None:
    graph = make_site(tmp_path, {
        "a.txt": " date 2011-04-23 Nashville\n\nCarl Edwards won. Trevor Bayne finished fifth.\n",
        "b.txt": " date 2011-06-20 Michigan\n\nCarl Edwards, Ricky Stenhouse Jr., and Bayne dominated the race.\n",
    })
    drivers = by_name(graph, "driver")
    assert "Bayne" not in drivers
    assert "Bayne" in drivers["Trevor Bayne"]["aliases"]
    assert len(drivers["Trevor Bayne"]["releases"]) == 2


def test_shared_surname_is_never_merged_on_a_guess(tmp_path: Path) -> None:
    graph = make_site(tmp_path, {
        "a.txt": " date 2020-05-01 One\n\nKyle Busch won the race.\n",
        "b.txt": " date 2020-05-08 Two\n\nKurt Busch won the race.\n",
        "c.txt": " date 2020-05-15 Three\n\nCarl Edwards, Joey Logano and Busch led laps.\n",
    })
    drivers = by_name(graph, "driver")
    assert {"Kyle Busch", "Kurt Busch", "Busch"} <= set(drivers)
    assert any("Busch" in note and "Kurt Busch" in note and "Kyle Busch" in note for note in graph["notes"])


def test_same_number_same_team_same_season_is_one_car(tmp_path: Path) -> None:
    graph = make_site(tmp_path, {
        "a.txt": " date 2023-01-29 Daytona\n\nAction Express Racing fields the No. 31 Whelen Cadillac V-Series.R for Pipo Derani.\n",
        "b.txt": " date 2023-03-18 Sebring\n\nAction Express Racing fields the No. 31 Whelen Engineering Cadillac for Pipo Derani.\n",
        "c.txt": " date 2021-03-18 Older\n\nAnother Team Racing fields the No. 31 Ford Mustang for Joey Logano.\n",
    })
    cars = by_name(graph, "car")
    numbered_31 = [name for name in cars if name.startswith("No. 31")]
    assert len(numbered_31) == 2, numbered_31  # the 2021 car of another team stays its own
    merged = cars["No. 31 Whelen Engineering Cadillac"] if "No. 31 Whelen Engineering Cadillac" in cars \
        else cars["No. 31 Whelen Cadillac V-Series.R"]
    assert len(merged["releases"]) == 2


def test_curated_files_win(tmp_path: Path) -> None:
    graph = make_site(tmp_path, {
        "a.txt": " date 2023-10-19 Roster\n\nTom Blomqvist will drive for Action Express Racing. "
                 "Whelen Engineering Racing thanked Gary Nelson, team manager. Victory Motorsports also raced.\n",
    }, curated={
        "drivers/tom-blomqvist.md": "---\nname: Tom Blomqvist\naliases: [TB]\n---\nBorn in 1993 in Cheltenham.\n",
        "teams/whelen-engineering-racing.md": "---\nname: Whelen Engineering Racing\nsame_as: team/action-express-racing\n---\n",
        "teams/victory-motorsports.md": "---\nname: Victory Motorsports\nnot_an_entity: true\n---\n",
    })
    drivers, teams = by_name(graph, "driver"), by_name(graph, "team")
    assert "TB" in drivers["Tom Blomqvist"]["aliases"]
    assert "Whelen Engineering Racing" not in teams
    assert "Whelen Engineering Racing" in teams["Action Express Racing"]["aliases"]
    assert "Victory Motorsports" not in teams
    page = (tmp_path / "build" / drivers["Tom Blomqvist"]["url"] / "index.html").read_text(encoding="utf-8")
    assert "Born in 1993 in Cheltenham." in page


def test_entity_removed_from_a_record_by_hand_stays_out(tmp_path: Path) -> None:
    import frontmatter

    graph = make_site(tmp_path, {
        "a.txt": " date 2023-10-19 Roster\n\nTom Blomqvist will drive for Action Express Racing and Meyer Shank Racing.\n",
    })
    assert "Meyer Shank Racing" in by_name(graph, "team")
    record = next((tmp_path / "content" / "releases").glob("*.md"))
    post = frontmatter.loads(record.read_text(encoding="utf-8"))
    post.metadata["entities"]["team"].remove("Meyer Shank Racing")
    record.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    for _ in range(2):
        build(Site.at(tmp_path))
        graph = json.loads((tmp_path / "build" / "graph.json").read_text(encoding="utf-8"))
        assert "Meyer Shank Racing" not in by_name(graph, "team")
        assert "Action Express Racing" in by_name(graph, "team")


def test_a_role_is_read_per_release(tmp_path: Path) -> None:
    """Richard Petty raced in one release and only speaks as team owner in the other: each
    release keeps the reading it states (a driver there, a person here)."""
    graph = make_site(tmp_path, {
        "a.txt": " date 1984-07-04 Win\n\nRichard Petty won the Firecracker 400 at Daytona.\n",
        "b.txt": " date 2014-07-04 Owner\n\n\"It was special,\" said team owner Richard Petty.\n",
    })
    assert len(by_name(graph, "driver")["Richard Petty"]["releases"]) == 1
    assert len(by_name(graph, "person")["Richard Petty"]["releases"]) == 1


def test_an_entry_named_after_its_sponsor_is_the_team_that_fields_the_car(tmp_path: Path) -> None:
    graph = make_site(tmp_path, {
        "a.txt": " date 2023-01-29 Daytona\n\nAction Express Racing fields the No. 31 Whelen Cadillac V-Series.R "
                 "for Pipo Derani.\n",
        "b.txt": " date 2023-03-18 Sebring\n\nPipo Derani drove Whelen Engineering Racing's No. 31 Cadillac to "
                 "victory.\n",
        "c.txt": " date 2021-03-18 Older\n\nWhelen Motorsports fields the No. 31 Ford for Joey Logano.\n",
    })
    teams = by_name(graph, "team")
    assert "Whelen Engineering Racing" not in teams
    assert "Whelen Engineering Racing" in teams["Action Express Racing"]["aliases"]
    assert "Whelen Motorsports" in teams  # another season: no evidence, no merge
    assert any("read as one team" in note for note in graph["notes"])
