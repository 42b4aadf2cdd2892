"""The output does not depend on the number of worker processes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from racekb.incremental.cache import ExtractCache
from racekb.model.errors import RacekbError
from racekb.workers.extract_pool import extract_many
from racekb.pipeline import build
from racekb.load.records import read_record
from racekb.model.site import Site

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
import make_corpus  # noqa: E402
from site_trees import tree  # noqa: E402


def test_one_and_two_workers_build_identical_sites(tmp_path: Path) -> None:
    seeds = tmp_path / "corpus"
    make_corpus.write_corpus(40, seeds)
    out = {}
    for jobs in (1, 2):
        root = tmp_path / f"j{jobs}"
        shutil.copytree(seeds, root / "seeds")
        build(Site.at(root), jobs=jobs, use_cache=False)
        out[jobs] = (tree(root / "build"), tree(root / "content"))
    assert out[1] == out[2]
    assert len(out[1][0]) > 100


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_incremental_build_on_two_workers_equals_a_clean_one(tmp_path: Path) -> None:
    """Forked rendering with pages kept from the last build (racekb.workers.render_pool, pagekeys),
    workers writing into the tree themselves: after each edit, the same bytes as a clean
    single-process build, and build/'s unchanged files untouched (the third build updates the
    twin, which holds only what the last build's manifest says: a file a worker wrote and the
    parent did not note would be deleted there)."""
    root = tmp_path / "site"
    make_corpus.write_corpus(60, root / "seeds")
    first = build(Site.at(root), jobs=2)
    assert first.pages == len(tree(root / "build"))  # every file the workers wrote is accounted for
    for n in (7, 9):
        before = stats(root / "build")
        seed = sorted((root / "seeds").iterdir())[n]
        seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more paragraph about the season.\n",
                        encoding="utf-8")
        build(Site.at(root), jobs=2)
        after = stats(root / "build")
        changed = sum(before.get(p) != s for p, s in after.items())
        assert 0 < changed < len(after) // 4, (changed, len(after))
        clean = tmp_path / f"clean{n}"
        shutil.copytree(root, clean, ignore=shutil.ignore_patterns("build", ".racekb"))
        (clean / ".racekb").mkdir()
        shutil.copy2(root / ".racekb" / "records.json", clean / ".racekb" / "records.json")
        build(Site.at(clean), jobs=1, use_cache=False)
        assert tree(root / "build") == tree(clean / "build")


def canon(extraction: object) -> dict:
    """An Extraction with its lists as sorted reprs: the extractor's mention order can vary from one
    call to the next (an iteration over a set, reported), which must not and does not reach the site."""
    fields = {"entities": list(extraction.entities().items()), "notes": extraction.notes,
              "facts": extraction.facts, "by_type": extraction.by_type}
    return {k: sorted(map(repr, v)) if isinstance(v, (list, set)) else repr(v) for k, v in fields.items()}


def _failing(item: object) -> object:
    record, _path = item
    if record.id.endswith("3"):
        return ("error", "boom", "content/releases/x.md", 2)
    from racekb.workers.extract_pool import _extract_one
    return _extract_one(item)


def test_results_keep_input_order_and_errors_are_not_cached(tmp_path: Path) -> None:
    root = tmp_path / "site"
    make_corpus.write_corpus(20, root / "seeds")
    build(Site.at(root), jobs=1, use_cache=False)
    records = [read_record(p) for p in sorted((root / "content" / "releases").glob("*.md"))]
    for i, rec in enumerate(records):
        rec.id = f"r{i:02d}"
    cache = ExtractCache(path=tmp_path / "x.pickle")
    results = extract_many(records, [r.id for r in records], jobs=2, cache=cache, extract=_failing)
    serial = extract_many(records, [r.id for r in records], jobs=1, cache=None)
    for rec, got, want in zip(records, results, serial):
        if rec.id.endswith("3"):
            assert isinstance(got, RacekbError) and got.line == 2 and "x.md" in str(got)
        else:
            assert canon(got) == canon(want)
    assert cache.misses == len(records) - sum(r.id.endswith("3") for r in records)


def test_a_code_keyed_digest_is_the_digest_of_the_code_and_its_parts() -> None:
    """cache.code_digest reuses a hash of the code fingerprint; the keys must be what
    digest(code_fingerprint(), ...) gives, or every cache written before would be missed."""
    from racekb.incremental.cache import code_digest, code_fingerprint, digest

    for parts in [("extract", "2024-03-01", "Body é\n"), ("record", "a.md", "x" * 70), ("seed", "", b"\0\1"),
                  ("extract", "2024-03-012024", "-03-01")]:
        assert code_digest(*parts) == digest(code_fingerprint(), *parts)
    assert code_digest("extract", "ab", "c") != code_digest("extract", "a", "bc")
