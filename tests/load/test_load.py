"""load: seeds -> content/releases/<date>-<slug>.md records, round trips, idempotence, hand edits.

Table-driven: every seed in tests/load/cases/ (NAME.txt or NAME.md) pairs with NAME.yaml, which
gives either the `record` and `paragraphs` it must load into, or `error` (with an optional `line`)
for a seed the build must refuse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import frontmatter
import pytest
import yaml
from markdown_it import MarkdownIt

CASES = Path(__file__).resolve().parent / "cases"
ENTITY_TYPES = {"driver", "team", "car", "championship", "person", "manufacturer", "event", "track",
                "class"}
RECORD_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")


def case_ids() -> list[str]:
    seeds = sorted(p for p in CASES.iterdir() if p.suffix in (".txt", ".md"))
    ids = [p.stem for p in seeds]
    assert ids and all((CASES / f"{i}.yaml").exists() for i in ids), "every case seed needs NAME.yaml"
    return ids


def case(name: str) -> tuple[Path, dict]:
    seed = next(p for p in CASES.glob(f"{name}.*") if p.suffix in (".txt", ".md"))
    return seed, yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))


GOOD = [c for c in case_ids() if "error" not in case(c)[1]]
BAD = [c for c in case_ids() if "error" in case(c)[1]]


def paragraphs(markdown: str) -> list[str]:
    """The text of each block of a Markdown body, as a visitor reads it (markup removed)."""
    out = []
    for tok in MarkdownIt("commonmark").parse(markdown):
        if tok.type == "inline":
            text = "".join(c.content if c.type in ("text", "code_inline") else " "
                           for c in tok.children or [] if c.type in ("text", "code_inline", "softbreak",
                                                                       "hardbreak"))
            out.append(" ".join(text.split()))
    return out


# --- the seed -----------------------------------------------------------------------------------

def test_seed_becomes_one_record_named_by_date_and_slug(seed_site):
    record = seed_site.only_record()
    match = RECORD_NAME.match(record.name)
    assert match, record.name
    assert match.group(1) == "2023-10-19"


def test_seed_record_front_matter(seed_site):
    seed = seed_site.root / "seeds" / "000_802851e128db9d46.txt"
    post = seed_site.record()
    headline = seed.read_text(encoding="utf-8").lstrip().split("\n", 1)[0].split(None, 2)[2].strip()
    assert post["title"] == headline == ("Champions to form formidable roster in the No. 31 Whelen "
                                         "Cadillac V-Series.R")
    assert post["date"] == dt.date(2023, 10, 19)
    assert post["city"] == "Detroit"
    assert post["source"] == "seeds/000_802851e128db9d46.txt"
    assert post["sha256"] == hashlib.sha256(seed.read_bytes()).hexdigest()
    entities = post["entities"]
    assert isinstance(entities, dict) and entities
    assert set(entities) <= ENTITY_TYPES
    for etype, names in entities.items():
        assert isinstance(names, list) and names, etype
        assert all(isinstance(n, str) and n.strip() for n in names), (etype, names)
    assert "Tom Blomqvist" in entities.get("driver", [])
    assert post.content.startswith("DETROIT (Oct. 19, 2023) – Drivers who have won")


def test_seed_record_body_keeps_every_paragraph(seed_site):
    seed = seed_site.root / "seeds" / "000_802851e128db9d46.txt"
    raw = seed.read_text(encoding="utf-8").strip().split("\n", 1)[1]
    expected = [" ".join(p.split()) for p in re.split(r"\n\s*\n", raw.strip()) if p.strip()]
    assert paragraphs(seed_site.record().content) == expected


def test_record_round_trips_through_python_frontmatter(seed_site):
    """Reading a record and writing it back with python-frontmatter gives the same front matter and body."""
    path = seed_site.only_record()
    post = frontmatter.loads(path.read_text(encoding="utf-8"))
    again = frontmatter.loads(frontmatter.dumps(post))
    assert again.metadata == post.metadata
    assert again.content == post.content


def test_record_reads_back_to_the_same_bytes(seed_site):
    """racekb's own reader and writer are inverse: a record it wrote reads and re-dumps byte for byte."""
    from racekb.load.records import dump_record, read_record

    path = seed_site.only_record()
    assert dump_record(read_record(path)) == path.read_text(encoding="utf-8")


# --- idempotence --------------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_building_twice_changes_no_byte_of_content(fresh_site):
    before = snapshot(fresh_site.root / "content")
    graph_before = (fresh_site.build / "graph.json").read_bytes()
    run = fresh_site.rebuild()
    assert run.code == 0, str(run)
    after = snapshot(fresh_site.root / "content")
    assert after.keys() == before.keys()
    for name in before:
        assert after[name][0] == before[name][0], f"{name} changed"
        assert after[name][1] == before[name][1], f"{name} was rewritten (same bytes, new mtime)"
    assert (fresh_site.build / "graph.json").read_bytes() == graph_before


def test_build_output_is_deterministic(fresh_site, make_site, cli):
    """Two sites built from the same seeds are the same, file for file."""
    other = make_site(name="other")
    run = cli("build", "-C", other)
    assert run.code == 0, str(run)
    mine = {k: v[0] for k, v in snapshot(fresh_site.build).items()}
    theirs = {k: v[0] for k, v in snapshot(other / "build").items()}
    assert mine.keys() == theirs.keys()
    assert [k for k in mine if mine[k] != theirs[k]] == []


# --- hand edits ---------------------------------------------------------------------------------

def edit_record(path: Path, change) -> None:
    post = frontmatter.loads(path.read_text(encoding="utf-8"))
    change(post)
    path.write_text(frontmatter.dumps(post, sort_keys=False) + "\n", encoding="utf-8")


def release_entities(graph: dict, release_id: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for e in graph["entities"]:
        if release_id in e["releases"]:
            out.setdefault(e["type"], set()).add(e["name"])
    return out


def test_hand_edits_to_a_record_survive_the_next_build(fresh_site):
    path = fresh_site.only_record()
    release_id = path.stem
    assert "Alexander Sims" in release_entities(fresh_site.graph, release_id).get("driver", set())

    def change(post):
        post["title"] = "Cadillac's champion line-up for 2024 (edited by hand)"
        post["entities"]["driver"].remove("Alexander Sims")
        post["entities"].setdefault("team", []).append("Whelen Engineering Racing")

    edit_record(path, change)
    edited = path.read_bytes()
    for _ in range(2):  # and it stays that way on every later build
        run = fresh_site.rebuild()
        assert run.code == 0, str(run)
        assert path.read_bytes() == edited, "the hand-edited record was rewritten"
        graph = fresh_site.graph
        release = next(r for r in graph["releases"] if r["id"] == release_id)
        assert release["title"] == "Cadillac's champion line-up for 2024 (edited by hand)"
        kept = release_entities(graph, release_id)
        assert "Alexander Sims" not in kept.get("driver", set())
        assert "Tom Blomqvist" in kept["driver"]
        assert "Whelen Engineering Racing" in kept.get("team", set())
        ids = {e["id"]: e for e in graph["entities"]}
        assert not any(f["release"] == release_id and ids[s]["name"] == "Alexander Sims"
                       for f in graph["facts"] for s in (f["subject"], f["object"]))
        title_html = (fresh_site.build / release["url"] / "index.html").read_text(encoding="utf-8")
        assert "edited by hand" in title_html


def test_hand_removed_entity_stays_out_without_racekb_memory(fresh_site):
    """Deleting .racekb/ (racekb's own notes) must not bring a removed entity back."""
    path = fresh_site.only_record()
    edit_record(path, lambda post: post["entities"]["driver"].remove("Jack Aitken"))
    shutil.rmtree(fresh_site.root / ".racekb", ignore_errors=True)
    run = fresh_site.rebuild()
    assert run.code == 0, str(run)
    assert "Jack Aitken" not in {e["name"] for e in fresh_site.graph["entities"]}


def test_a_changed_seed_updates_its_unedited_record(fresh_site):
    seed = fresh_site.root / "seeds" / "000_802851e128db9d46.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("formidable roster", "formidable line-up", 1),
                    encoding="utf-8")
    run = fresh_site.rebuild()
    assert run.code == 0, str(run)
    post = fresh_site.record()
    assert "formidable line-up" in post["title"]
    assert post["sha256"] == hashlib.sha256(seed.read_bytes()).hexdigest()


# --- the cases ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cases_site(tmp_path_factory, cli):
    """Every good case seed and the repository's seed, house format and Markdown side by side."""
    root = tmp_path_factory.mktemp("cases_site")
    (root / "seeds").mkdir()
    for name in GOOD:
        seed = case(name)[0]
        shutil.copy2(seed, root / "seeds" / seed.name)
    shutil.copy2(Path(__file__).resolve().parents[2] / "seeds" / "000_802851e128db9d46.txt", root / "seeds")
    run = cli("build", "-C", root)
    assert run.code == 0, str(run)
    records = {}
    for path in sorted((root / "content" / "releases").glob("*.md")):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        assert post["source"] not in records, f"two records for {post['source']}"
        records[post["source"]] = (path, post)
    return root, records, run_graph(root)


@pytest.mark.parametrize("name", GOOD)
def test_seed_case_loads(name, cases_site):
    root, records, graph = cases_site
    seed, expect = case(name)
    assert f"seeds/{seed.name}" in records, sorted(records)
    path, post = records[f"seeds/{seed.name}"]
    match = RECORD_NAME.match(path.name)
    assert match, path.name
    want = expect["record"]
    assert match.group(1) == want["date"].isoformat()
    assert post["title"] == want["title"]
    assert post["date"] == want["date"]
    assert post.get("city") == want["city"]
    assert post["sha256"] == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert set(post.get("entities") or {}) <= ENTITY_TYPES
    assert paragraphs(post.content) == expect["paragraphs"]
    # graph.json and the release page show the same title and words
    release = next(r for r in graph["releases"] if r["source"] == f"seeds/{seed.name}")
    assert release["id"] == path.stem
    assert release["title"] == want["title"]
    assert release["date"] == want["date"].isoformat()
    shown = visible_text((root / "build" / release["url"] / "index.html").read_text(encoding="utf-8"))
    for para in expect["paragraphs"]:
        assert para in shown, para


def test_both_seed_formats_load_side_by_side(cases_site):
    _root, records, graph = cases_site
    sources = sorted(r["source"] for r in graph["releases"])
    assert sources == sorted(records) == sorted(
        [f"seeds/{case(n)[0].name}" for n in GOOD] + ["seeds/000_802851e128db9d46.txt"])
    assert [r["date"] for r in graph["releases"]] == sorted((r["date"] for r in graph["releases"]), reverse=True)


@pytest.mark.parametrize("name", BAD)
def test_bad_seed_case_is_refused_by_name(name, make_site, cli):
    seed, expect = case(name)
    root = make_site([seed])
    run = cli("build", "-C", root)
    assert run.code != 0, str(run)
    assert "Traceback" not in run.out + run.err, str(run)
    errors = [line for line in run.err.splitlines() if line.startswith("error: ")]
    assert errors, str(run)
    assert any(seed.name in line for line in errors), str(run)
    line = (expect["error"] or {}).get("line")
    if line is not None:
        assert any(re.search(rf"{re.escape(seed.name)}:{line}\b", e) for e in errors), str(run)
    assert not (root / "build").exists(), "a refused build must not write build/"
    assert not list(root.glob("content/releases/*.md")), "a refused seed must not become a record"


def run_graph(root: Path) -> dict:
    return json.loads((root / "build" / "graph.json").read_text(encoding="utf-8"))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's text with tags removed (inline links do not add spaces), whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


@pytest.mark.parametrize("root, paths", [
    ("/a/site", ["/a/site/seeds/x.txt", "/a/site/seeds/y"]),
    ("/a/site", ["/b/seeds/x.txt"]),
    ("/a/site", ["/a/site/x.txt", "/a/site/seeds/z.md"]),
    (".", ["seeds/x.txt"]),
    ("/a/site", []),
])
def test_the_sources_of_a_folder_of_seeds_are_each_seeds_own(root, paths):
    """pipeline._sources takes one relative path for a whole folder; it must name each seed as
    load.source_of (and so its record) does."""
    from racekb.load.seeds import source_of
    from racekb.pipeline import _sources

    listed = [Path(p) for p in paths]
    assert _sources(listed, Path(root)) == {source_of(p, Path(root)) for p in listed}
