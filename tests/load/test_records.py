"""Content records are the user's: hand edits survive every later build and every change to other
seeds; a changed seed never overwrites an edit (it warns and says how to take the new text);
curated entity files win over extraction. Also the record format itself: it round-trips, and
racekb's memory of what it wrote survives a build killed half-way.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from racekb.cli import main
from racekb.load.records import Record, WrittenLog, dump_record, read_record

SEED_A = ("date 2024-03-01 Smith joins Apex Racing\n\nDETROIT (March 1, 2024) – John Smith will drive the "
          "No. 7 Acura for Apex Racing in the IMSA WeatherTech SportsCar Championship, the team said.\n")
SEED_B = ("date 2024-03-02 Brown wins at Sebring\n\nSEBRING, Fla. (March 2, 2024) – Peter Brown won the "
          "Twelve Hours of Sebring for Delta Motorsport.\n")


@pytest.fixture
def site(tmp_path: Path, capsys) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(SEED_A, encoding="utf-8")
    (tmp_path / "seeds" / "b.txt").write_text(SEED_B, encoding="utf-8")
    assert main(["build", "-C", str(tmp_path), "-q"]) == 0
    capsys.readouterr()
    return tmp_path


def build(root: Path, capsys) -> str:
    # published at a host's root: no warning about the sitemap, so stderr holds the records' own
    assert main(["build", "-C", str(root), "-q", "--base-url", "https://example.org/"]) == 0
    return capsys.readouterr().err.replace(f"{root}/", "")


def record_a(root: Path) -> Path:
    return root / "content" / "releases" / "2024-03-01-smith-joins-apex-racing.md"


def graph(root: Path) -> dict:
    return json.loads((root / "build" / "graph.json").read_text(encoding="utf-8"))


def names_in(root: Path, release_id: str) -> set[str]:
    return {e["name"] for e in graph(root)["entities"] if release_id in e["releases"]}


def hand_edit(path: Path) -> bytes:
    """What a person does in an editor: fix the title, drop one entity, add another."""
    text = path.read_text(encoding="utf-8")
    assert "  - No. 7 Acura\n" in text and "  team:\n  - Apex Racing\n" in text
    text = text.replace("title: Smith joins Apex Racing", "title: Smith joins Apex Racing (corrected)")
    text = text.replace("  - No. 7 Acura\n", "")
    text = text.replace("  team:\n  - Apex Racing\n", "  team:\n  - Apex Racing\n  - Whelen Engineering Racing\n")
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def assert_edit_kept(root: Path, edited: bytes) -> None:
    path = record_a(root)
    assert path.read_bytes() == edited, "the hand-edited record was rewritten"
    release = next(r for r in graph(root)["releases"] if r["id"] == path.stem)
    assert release["title"] == "Smith joins Apex Racing (corrected)"
    names = names_in(root, path.stem)
    assert "No. 7 Acura" not in names
    assert {"Whelen Engineering Racing", "Apex Racing", "John Smith"} <= names
    page = (root / "build" / release["url"] / "index.html").read_text(encoding="utf-8")
    assert "Smith joins Apex Racing (corrected)" in page


def test_hand_edits_survive_every_later_build_and_other_seeds_changing(site, capsys):
    assert "No. 7 Acura" in names_in(site, record_a(site).stem)
    edited = hand_edit(record_a(site))
    build(site, capsys)
    assert_edit_kept(site, edited)
    build(site, capsys)
    assert_edit_kept(site, edited)
    # another seed changes, and a new one arrives
    seed_b = site / "seeds" / "b.txt"
    seed_b.write_text(SEED_B.replace("Peter Brown", "Peter Green"), encoding="utf-8")
    (site / "seeds" / "c.txt").write_text(SEED_B.replace("2024-03-02", "2024-03-05"), encoding="utf-8")
    err = build(site, capsys)
    assert "warning" not in err
    assert_edit_kept(site, edited)
    assert "Peter Green" in names_in(site, "2024-03-02-brown-wins-at-sebring")
    assert len(graph(site)["releases"]) == 3


def test_a_changed_seed_keeps_the_edit_warns_and_says_how_to_take_the_new_text(site, capsys):
    edited = hand_edit(record_a(site))
    seed_a = site / "seeds" / "a.txt"
    seed_a.write_text(SEED_A.replace("John Smith", "Jon Smyth"), encoding="utf-8")
    err = build(site, capsys)
    name = record_a(site).name
    assert err.strip() == (f"warning: content/releases/{name}: its seed seeds/a.txt changed, but the record "
                           f"was edited by hand; keeping your edit (to take the new text instead, delete "
                           f"{name} and build again)")
    assert_edit_kept(site, edited)
    # following the advice takes the new text, at the same address
    record_a(site).unlink()
    assert build(site, capsys) == ""
    new = read_record(record_a(site))
    assert "Jon Smyth" in new.body and new.title == "Smith joins Apex Racing"


def test_without_racekb_memory_a_changed_seed_still_never_overwrites(site, capsys):
    edited = hand_edit(record_a(site))
    shutil.rmtree(site / ".racekb")
    (site / "seeds" / "a.txt").write_text(SEED_A.replace("John Smith", "Jon Smyth"), encoding="utf-8")
    assert "edited by hand" in build(site, capsys)
    assert record_a(site).read_bytes() == edited


def test_an_unedited_record_follows_its_seed(site, capsys):
    (site / "seeds" / "a.txt").write_text(SEED_A.replace("John Smith", "Jon Smyth"), encoding="utf-8")
    assert build(site, capsys) == ""
    assert "Jon Smyth" in read_record(record_a(site)).body


def test_a_renamed_seed_keeps_its_record_and_address(site, capsys):
    before = sorted(p.name for p in (site / "content" / "releases").iterdir())
    (site / "seeds" / "a.txt").rename(site / "seeds" / "renamed.txt")
    assert build(site, capsys) == ""
    assert sorted(p.name for p in (site / "content" / "releases").iterdir()) == before
    assert read_record(record_a(site)).source == "seeds/renamed.txt"
    assert len(graph(site)["releases"]) == 2


def test_curated_entity_files_win_over_extraction(site, capsys):
    curated = site / "content" / "entities"
    (curated / "teams").mkdir(parents=True)
    (curated / "teams" / "delta-motorsport.md").write_text(
        "---\nname: Delta Motorsport\nnot_an_entity: true\n---\n", encoding="utf-8")
    (curated / "drivers").mkdir()
    (curated / "drivers" / "john-smith.md").write_text(
        "---\nname: John Smith\naliases: [Johnny Smith, J. Smith]\n---\nA driver from Detroit.\n", encoding="utf-8")
    build(site, capsys)
    entities = {e["name"]: e for e in graph(site)["entities"]}
    assert "Delta Motorsport" not in entities
    assert {"Johnny Smith", "J. Smith"} <= set(entities["John Smith"]["aliases"])
    page = site / "build" / entities["John Smith"]["url"] / "index.html"
    assert "A driver from Detroit." in page.read_text(encoding="utf-8")


# --- the record format -----------------------------------------------------------------------------

def test_a_record_round_trips_byte_for_byte(site):
    for path in sorted((site / "content" / "releases").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert dump_record(read_record(path)) == text


def test_yaml_look_alikes_stay_text(tmp_path):
    import datetime as dt
    rec = Record(id="x", title="No", date=dt.date(2024, 1, 2), body="Yes.\n", city="2024",
                 entities={"driver": ["null", "~", "true", "1e3", "- dash", "a: b", "#hash"]})
    path = tmp_path / "x.md"
    path.write_text(dump_record(rec), encoding="utf-8")
    back = read_record(path)
    assert (back.title, back.city, back.entities) == ("No", "2024", {"driver": sorted(rec.entities["driver"])})


def test_racekb_knows_its_own_bytes_even_if_killed_between_log_and_write(tmp_path):
    log = WrittenLog(tmp_path / "records.json")
    log.wrote("r", "old text", {})
    log.save()
    log.expect("r", "new text")
    log.save_pending()  # the build dies here: the record on disk may be old or new
    again = WrittenLog(tmp_path / "records.json")
    assert again.is_own("r", "old text") and again.is_own("r", "new text")
    assert not again.is_own("r", "a person's edit")
    again.wrote("r", "new text", {})
    again.save()  # the whole log, after the writes: the journal has served
    assert not again.journal.exists()
    assert not WrittenLog(tmp_path / "records.json").is_own("r", "old text")


def test_keep_going_with_a_broken_record_neither_overwrites_nor_duplicates_it(site, capsys):
    path = record_a(site)
    broken = path.read_text(encoding="utf-8").replace("title: Smith joins Apex Racing", 'title: "Smith (unclosed')
    path.write_text(broken, encoding="utf-8")
    assert main(["build", "-C", str(site), "-q", "--keep-going"]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"^skipped: {re.escape(str(path))}:\d+: front matter is not valid YAML", err, re.M), err
    assert path.read_text(encoding="utf-8") == broken, "the user's broken edit must not be overwritten"
    assert sorted(p.name for p in (site / "content" / "releases").iterdir()) == [
        "2024-03-01-smith-joins-apex-racing.md", "2024-03-02-brown-wins-at-sebring.md"]
    assert [r["id"] for r in graph(site)["releases"]] == ["2024-03-02-brown-wins-at-sebring"]


def test_editor_droppings_in_content_are_ignored(site, capsys):
    (site / "content" / "releases" / ".#2024-03-01-smith-joins-apex-racing.md").write_text("lock", encoding="utf-8")
    assert build(site, capsys) == ""


def test_a_curated_merge_wins_over_extraction(site, capsys):
    curated = site / "content" / "entities" / "teams"
    curated.mkdir(parents=True)
    (curated / "delta-motorsport.md").write_text("---\nname: Delta Motorsport\nsame_as: Apex Racing\n---\n",
                                                 encoding="utf-8")
    build(site, capsys)
    teams = {e["name"]: e for e in graph(site)["entities"] if e["type"] == "team"}
    assert "Delta Motorsport" not in teams
    assert "Delta Motorsport" in teams["Apex Racing"]["aliases"]
    assert sorted(teams["Apex Racing"]["releases"]) == ["2024-03-01-smith-joins-apex-racing",
                                                         "2024-03-02-brown-wins-at-sebring"]


def test_a_deleted_seed_leaves_its_release_and_says_so(site, capsys):
    (site / "seeds" / "b.txt").unlink()
    err = build(site, capsys)
    assert err.strip() == ("warning: content/releases/2024-03-02-brown-wins-at-sebring.md: its seed seeds/b.txt is "
                           "gone; the release stays on the site (delete 2024-03-02-brown-wins-at-sebring.md to "
                           "remove it)")
    assert len(graph(site)["releases"]) == 2
    (site / "content" / "releases" / "2024-03-02-brown-wins-at-sebring.md").unlink()
    assert build(site, capsys) == ""
    assert [r["id"] for r in graph(site)["releases"]] == ["2024-03-01-smith-joins-apex-racing"]


@pytest.mark.parametrize("memory", ["not json", "[1, 2]", '{"2024-03-01-smith-joins-apex-racing": 5}',
                                    '{"2024-03-01-smith-joins-apex-racing": {"pending": 5, "entities": []}}'])
def test_a_damaged_memory_never_costs_an_edit(site, capsys, memory):
    edited = hand_edit(record_a(site))
    (site / ".racekb" / "records.json").write_text(memory, encoding="utf-8")
    (site / "seeds" / "a.txt").write_text(SEED_A.replace("John Smith", "Jon Smyth"), encoding="utf-8")
    assert "edited by hand" in build(site, capsys)
    assert record_a(site).read_bytes() == edited


def test_background_writes_write_every_file_and_raise_the_first_error(tmp_path):
    """The build writes records with write_many on a thread beside it (workers.background.Beside)."""
    from racekb.load.records import write_many
    from racekb.workers.background import Beside

    files = [(tmp_path / "releases" / f"r{i:03}.md", f"record {i}\n") for i in range(100)]
    Beside(write_many, files, thread=True).result()
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == [p.name for p, _ in files]
    assert all(p.read_text(encoding="utf-8") == text for p, text in files)
    (tmp_path / "blocker").write_text("a file where a folder should be", encoding="utf-8")
    bad = [*files[:50], (tmp_path / "blocker" / "x.md", "x"), *files[50:]]
    writes = Beside(write_many, bad, thread=True)
    with pytest.raises(NotADirectoryError):
        writes.result()
    assert not list((tmp_path / "releases").glob(".*.tmp"))  # no half-written file left behind
