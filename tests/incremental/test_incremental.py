"""Incremental builds equal clean builds, byte for byte, after every kind of change.

Each scenario builds one site twice (the second time incrementally, with the caches of the first)
and a copy of it once from nothing with the caches off, then compares every file of build/.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Callable

import pytest

from racekb.pipeline import BuildResult, build
from racekb.model.site import Site

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
import make_corpus  # noqa: E402
from site_trees import clean_build, tree  # noqa: E402

N = 24


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


# the benchmark corpus draws its varied names from the shared corpus's answer keys; without it every
# release reads alike and one edit touches most pages (CI checks ../shared out beside the repository)
pytestmark = pytest.mark.skipif(not make_corpus.DEFAULT_SOURCES[0].is_dir(),
                                reason=f"needs the shared corpus at {make_corpus.DEFAULT_SOURCES[0]}")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = tmp_path_factory.mktemp("corpus") / "seeds"
    make_corpus.write_corpus(N, seeds)
    return seeds


@pytest.fixture
def site(corpus: Path, tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(corpus, root / "seeds")
    build(Site.at(root), jobs=1)
    return root


def test_noop_rebuild_writes_nothing(site: Path) -> None:
    before = stats(site / "build")
    result = build(Site.at(site), jobs=1)
    assert stats(site / "build") == before
    assert "check" in result.timings and "render" not in result.timings  # answered from memory
    assert result.pages == len(before)


def test_changed_seed_equals_clean_build(site: Path, tmp_path: Path) -> None:
    seed = sorted((site / "seeds").iterdir())[3]
    seed.write_text(seed.read_text(encoding="utf-8").rstrip("\n") + "\n\nIt was a record day for the team.\n",
                    encoding="utf-8")
    before = stats(site / "build")
    result = build(Site.at(site), jobs=1)
    assert "render" in result.timings
    assert tree(site / "build") == clean_build(site, tmp_path)
    after = stats(site / "build")
    kept = [p for p in after if before.get(p) == after[p]]
    assert len(kept) > len(after) // 2, "unchanged pages should keep their file (hard link, same mtime)"


def _built_while_edited(site: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[], None]) -> BuildResult:
    """Build once with `edit` made while the build runs (after its inputs were read, as resolve
    starts), beside an ordinary seed edit; then build again and return that second build."""
    import racekb.pipeline as pipeline

    real = pipeline.resolve

    def resolve_then_edit(*args: object, **kwargs: object) -> object:
        edit()
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "resolve", resolve_then_edit)
    other = sorted((site / "seeds").iterdir())[2]
    other.write_text(other.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    build(Site.at(site), jobs=1)
    monkeypatch.setattr(pipeline, "resolve", real)
    return build(Site.at(site), jobs=1)


def test_a_seed_edited_during_a_build_is_built_next_time(site: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The memory of a build is of the inputs it read: a seed edited while the build runs (after it
    was read) must not be taken as built, or the next build would answer "nothing changed"."""
    seed = sorted((site / "seeds").iterdir())[4]
    result = _built_while_edited(site, monkeypatch, lambda: seed.write_text(
        seed.read_text(encoding="utf-8").rstrip("\n") + "\n\nA late line arrived.\n", encoding="utf-8"))
    assert "render" in result.timings  # built again, not answered from memory
    assert "A late line arrived." in (site / "content" / "releases" / f"{_record_of(site, seed)}.md").read_text(
        encoding="utf-8")
    assert tree(site / "build") == clean_build(site, tmp_path)


def test_a_record_edited_during_a_build_is_built_next_time(site: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The memory of content/ is pieced together from the build's start and the records it wrote
    (Incremental.finish): a record edited by hand while the build runs must still be seen."""
    record = sorted((site / "content" / "releases").glob("*.md"))[3]
    result = _built_while_edited(site, monkeypatch, lambda: record.write_text(
        record.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Edited by hand, ", 1), encoding="utf-8"))
    assert "render" in result.timings  # built again, not answered from memory
    assert "Edited by hand, " in (site / "build" / "releases" / record.stem / "index.html").read_text(encoding="utf-8")
    assert tree(site / "build") == clean_build(site, tmp_path)


def test_a_deleted_record_is_written_again_from_its_unchanged_seed(site: Path, tmp_path: Path) -> None:
    """An unchanged seed comes from the cache with only its name and hash decoded (cache.KnownSeed);
    a record written again from it must be the record its first build wrote."""
    from racekb.incremental.cache import KnownSeed
    import racekb.pipeline as pipeline

    record = sorted((site / "content" / "releases").glob("*.md"))[2]
    before = record.read_bytes()
    record.unlink()
    seen: list[object] = []
    real = pipeline.read_seeds

    def noting(*args: object, **kwargs: object) -> list[object]:
        found = real(*args, **kwargs)
        seen.extend(found)
        return found

    pipeline.read_seeds = noting
    try:
        build(Site.at(site), jobs=1)
    finally:
        pipeline.read_seeds = real
    assert seen and all(isinstance(seed, KnownSeed) for seed in seen)  # none parsed again
    assert record.read_bytes() == before
    assert tree(site / "build") == clean_build(site, tmp_path)


def _record_of(site: Path, seed: Path) -> str:
    source = seed.relative_to(site).as_posix()
    for record in (site / "content" / "releases").glob("*.md"):
        if f"source: {source}" in record.read_text(encoding="utf-8"):
            return record.stem
    raise AssertionError(f"no record has source {source}")


def test_template_change_rerenders_what_uses_it(site: Path, tmp_path: Path) -> None:
    from racekb.model.site import default_templates_dir

    templates = site / "templates"
    templates.mkdir()
    text = (default_templates_dir() / "release.html").read_text(encoding="utf-8")
    marker = "<!-- local release template -->"
    assert "{% block main %}" in text
    (templates / "release.html").write_text(text.replace("{% block main %}", "{% block main %}" + marker, 1),
                                            encoding="utf-8")
    build(Site.at(site), jobs=1)
    out = tree(site / "build")
    assert out == clean_build(site, tmp_path)
    releases = [p for p in out if p.startswith("releases/") and p.count("/") == 2]
    assert releases and all(marker.encode() in out[p] for p in releases)
    assert not any(marker.encode() in out[p] for p in out if p.startswith("drivers/"))


def test_curated_entity_change_equals_clean_build(site: Path, tmp_path: Path) -> None:
    import json

    graph = json.loads((site / "build" / "graph.json").read_text(encoding="utf-8"))
    driver = next(e for e in graph["entities"] if e["type"] == "driver" and len(e["name"].split()) >= 2)
    curated = site / "content" / "entities" / "drivers"
    curated.mkdir(parents=True)
    (curated / "x.md").write_text(f"---\nname: {driver['name']}\naliases: [The Flyer]\n---\nA bio.\n",
                                  encoding="utf-8")
    build(Site.at(site), jobs=1)
    assert tree(site / "build") == clean_build(site, tmp_path)
    (curated / "x.md").write_text(f"---\nname: {driver['name']}\nnot_an_entity: true\n---\n", encoding="utf-8")
    build(Site.at(site), jobs=1)
    assert tree(site / "build") == clean_build(site, tmp_path)


def test_removed_seed_and_edited_record_equal_clean_build(site: Path, tmp_path: Path) -> None:
    seeds = sorted((site / "seeds").iterdir())
    seeds[0].unlink()
    record = sorted((site / "content" / "releases").glob("*.md"))[5]
    record.write_text(record.read_text(encoding="utf-8").replace("\n---\n", "\n---\nA line added by hand.\n\n", 1),
                      encoding="utf-8")
    build(Site.at(site), jobs=1)
    assert tree(site / "build") == clean_build(site, tmp_path)


def test_damaged_build_folder_is_rebuilt(site: Path, tmp_path: Path) -> None:
    victim = site / "build" / "index.html"
    victim.unlink()
    (site / "build" / "stray.txt").write_text("not racekb's", encoding="utf-8")
    build(Site.at(site), jobs=1)
    assert tree(site / "build") == clean_build(site, tmp_path)


def test_corrupt_cache_is_ignored(site: Path, tmp_path: Path) -> None:
    for path in (site / ".racekb" / "cache").iterdir():
        path.write_bytes(b"not a pickle")
    seed = sorted((site / "seeds").iterdir())[1]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(Site.at(site), jobs=1)
    assert tree(site / "build") == clean_build(site, tmp_path)


def test_old_build_is_never_written_in_place(site: Path) -> None:
    """Unchanged pages are hard links to the old files; changed ones are new files, so a reader
    holding the old site (or a killed build) never sees a half-written page."""
    page = site / "build" / "index.html"
    old_inode = page.stat().st_ino
    seed = sorted((site / "seeds").iterdir())[2]
    seed.write_text(seed.read_text(encoding="utf-8").replace(" date 1", " date 2", 1).replace(" date 2", " date 1", 1)
                    + "\nAnother line.\n", encoding="utf-8")
    holder = os.open(page, os.O_RDONLY)
    try:
        before = os.read(holder, 1 << 20)
        build(Site.at(site), jobs=1)
        os.lseek(holder, 0, 0)
        assert os.read(holder, 1 << 20) == before  # the old file's bytes were not touched
    finally:
        os.close(holder)
    assert page.exists() and (page.stat().st_ino == old_inode or page.read_bytes() != before)


def test_many_incremental_builds_in_a_row_equal_clean_builds(site: Path, tmp_path: Path) -> None:
    """From the third build on the twin tree is updated in place of a fresh tree: every step
    still equals a clean build, and build/'s unchanged files keep their inode."""
    seeds = sorted((site / "seeds").iterdir())
    steps = [
        lambda: seeds[4].write_text(seeds[4].read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8"),
        lambda: shutil.copy(seeds[6], site / "seeds" / "99999_copy.txt"),
        lambda: seeds[7].unlink(),
        lambda: seeds[8].write_text(seeds[8].read_text(encoding="utf-8").replace("Racing", "Motorsports", 1),
                                    encoding="utf-8"),
        lambda: None,  # nothing changed: answered from memory
    ]
    twin = site / ".racekb" / "twin"
    for i, step in enumerate(steps):
        before = stats(site / "build")
        step()
        build(Site.at(site), jobs=1)
        after = stats(site / "build")
        assert tree(site / "build") == clean_build(site, tmp_path), f"step {i}"
        assert sum(before.get(p) == after[p] for p in after) > len(after) // 2, f"step {i}"
        assert twin.is_dir()


def test_damaged_twin_is_not_trusted(site: Path, tmp_path: Path) -> None:
    seeds = sorted((site / "seeds").iterdir())
    for i in (1, 2):
        seeds[i].write_text(seeds[i].read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
        build(Site.at(site), jobs=1)
    twin = site / ".racekb" / "twin"
    victim = next(p for p in twin.rglob("index.html"))
    victim.write_text("damaged", encoding="utf-8")  # also damages build/ if they share the inode
    (twin / "extra").mkdir()
    seeds[3].write_text(seeds[3].read_text(encoding="utf-8") + "\nAgain.\n", encoding="utf-8")
    build(Site.at(site), jobs=1)
    assert tree(site / "build") == clean_build(site, tmp_path)


def test_pages_are_reused_across_processes(site: Path) -> None:
    """Page keys must not depend on the process (hash randomisation, object ids): a second
    racekb process after a one-seed edit renders only the pages that edit touched."""
    import subprocess

    seed = sorted((site / "seeds").iterdir())[5]
    seed.write_text(seed.read_text(encoding="utf-8").rstrip("\n") + " A closing remark.\n", encoding="utf-8")
    code = ("import jinja2, sys\n"
            "from racekb.pipeline import build\nfrom racekb.model.site import Site\n"
            "calls = [0]\nreal = jinja2.Template.render\n"
            "def render(self, *a, **k):\n    calls[0] += 1\n    return real(self, *a, **k)\n"
            "jinja2.Template.render = render\n"
            "r = build(Site.at(sys.argv[1]), jobs=1)\nprint(calls[0], r.pages)\n")
    for seed_value in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed_value}, check=True).stdout.split()
        rendered, pages = int(out[0]), int(out[1])
        if seed_value == "1":
            assert 0 < rendered < pages // 4, (rendered, pages)
        else:
            assert rendered == 0  # nothing changed: answered from memory


SIGNING = """date 2024-0{month}-10 Apex Racing signs {name}

INDIANAPOLIS (Jan. 10, 2024) – Apex Racing announced today that {name} will drive for Apex Racing in the 2024 IMSA WeatherTech SportsCar Championship season.
"""


def test_a_page_reached_through_a_neighbour_is_rendered_again(tmp_path: Path) -> None:
    """Page digests (racekb.incremental.pagekeys) must cover what a page reads through a neighbour: a new
    release naming only Maria Costello gives Tom Sandler, whom it never names, a teammate."""
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "a.txt").write_text(SIGNING.format(month=1, name="Tom Sandler"), encoding="utf-8")
    build(Site.at(root), jobs=1)
    page = root / "build" / "drivers" / "tom-sandler" / "index.html"
    assert "Maria Costello" not in page.read_text(encoding="utf-8")
    (root / "seeds" / "b.txt").write_text(SIGNING.format(month=2, name="Maria Costello"), encoding="utf-8")
    build(Site.at(root), jobs=1)
    teammates = page.read_text(encoding="utf-8").split('id="teammates"')[1]
    assert "Maria Costello" in teammates
    assert tree(root / "build") == clean_build(root, tmp_path)


NAMED = {"a.txt": """date 2024-01-10 Apex Racing signs Jordan Keller

INDIANAPOLIS (Jan. 10, 2024) – Apex Racing announced today that Jordan Keller will drive for Apex Racing in the 2024 IMSA WeatherTech SportsCar Championship season.
""", "b.txt": """date 2024-02-10 Keller fastest in Daytona test

DAYTONA BEACH (Feb. 10, 2024) – Apex Racing driver Keller set the fastest lap in the IMSA WeatherTech SportsCar Championship test at Daytona International Speedway.
""", "c.txt": """date 2023-12-10 APEX RACING names its 2024 crew

INDIANAPOLIS (Dec. 10, 2023) – APEX RACING named its crew chief for the IMSA WeatherTech SportsCar Championship season.
"""}


def test_a_release_is_rendered_again_when_another_renames_what_it_links(tmp_path: Path) -> None:
    """A release's digest stands for what resolve read of it and where its names ended up
    (graph.Release.resolved): a new, older release that names the team first gives the team its
    name, so an untouched release's page, which lists the team, must be rendered again."""
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    for name in ("a.txt", "b.txt"):
        (root / "seeds" / name).write_text(NAMED[name], encoding="utf-8")
    build(Site.at(root), jobs=1)
    page = next((root / "build" / "releases").glob("*keller-fastest*")) / "index.html"
    assert ">APEX RACING<" not in page.read_text(encoding="utf-8")
    (root / "seeds" / "c.txt").write_text(NAMED["c.txt"], encoding="utf-8")
    build(Site.at(root), jobs=1)
    assert ">APEX RACING<" in page.read_text(encoding="utf-8")
    assert tree(root / "build") == clean_build(root, tmp_path)


def test_page_digests_ask_the_facts_what_the_tables_ask(site: Path) -> None:
    """pagekeys._Edges gathers in one pass what the reference tables ask reference.FactIndex
    through a neighbour; for every driver and team its answers must be FactIndex's, fact for
    fact and in order, or a page reached through a neighbour would keep a stale digest."""
    from racekb.incremental.pagekeys import _Edges
    from racekb.render.reference import FactIndex

    graph = build(Site.at(site), jobs=1, use_cache=False).graph
    idx, edges = FactIndex(graph), _Edges(graph.facts)
    asked = 0
    for e in graph.entities.values():
        drives = {(f.object, f.predicate, f.year) for f in idx.out(e.id, "drives", "drives_for")}
        assert drives == edges.drives.get(e.id, set())
        for other, predicate, year in drives:
            assert edges.into_year[(other, predicate, year)] == idx.into_year(other, predicate, year)
            asked += 1
        cars = {f.object for f in idx.out(e.id, "fields")}
        assert cars == edges.fields.get(e.id, set())
        for car in cars:
            assert edges.into_car[car] == idx.into(car, "drives", "fields")
            asked += 1
    assert asked > 20


def test_a_first_build_leaves_a_twin_of_links_so_the_first_edit_updates_it(site: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The first build of a site links a twin of build/ beside it (publish.tree.link_tree), so that the
    first edit after it need not link a whole fresh tree itself."""
    from racekb.publish import tree as shadow

    twin = site / ".racekb" / "twin"
    assert stats(twin) == stats(site / "build")  # the very same files: same inodes, same mtimes
    fresh: list[bool] = []
    real = shadow.TwinWriter.__init__

    def noting(self, *args, **kwargs):
        real(self, *args, **kwargs)
        fresh.append(self.fresh)

    monkeypatch.setattr(shadow.TwinWriter, "__init__", noting)
    seed = sorted((site / "seeds").iterdir())[1]
    seed.write_text(seed.read_text(encoding="utf-8").rstrip("\n") + "\n\nOne more line.\n", encoding="utf-8")
    build(Site.at(site), jobs=1)
    assert fresh == [False]  # the twin was trusted and updated
