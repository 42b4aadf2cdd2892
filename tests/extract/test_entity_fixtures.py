"""Entity extraction on short hand-written cases: tests/extract/entities/NAME.txt (a release's
paragraphs) with NAME.yaml beside it:

    expect: {driver: [Jane Doe], team: [...]}     # each (type, name) must be extracted
    forbid: {driver: [...], any: [Springfield]}   # never these: of that type, or of any type

A forbidden name under `any` must not be an entity of any type, nor a surface form of one.
Every mention's rule must be one that data/evidence.yaml rates (the resolver reads it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from racekb.extract import extract
from racekb.extract.evidence import policy

CASES = sorted((Path(__file__).parent / "entities").glob("*.txt"))


def _run(case: Path):
    paragraphs = [p.strip() for p in case.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    spec = yaml.safe_load(case.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
    date = spec.get("date") or dt.date(2024, 5, 1)
    return extract(paragraphs, date), spec


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_entity_fixture(case: Path) -> None:
    state, spec = _run(case)
    found = state.entities()
    names = {key for key in found}
    for etype, wanted in (spec.get("expect") or {}).items():
        for name in wanted:
            assert (etype, name) in names, f"{case.stem}: missing {etype} {name!r}; found {sorted(names)}"
    for etype, banned in (spec.get("forbid") or {}).items():
        for name in banned:
            if etype == "any":
                hits = [(t, n) for (t, n), forms in found.items() if n == name or name in forms]
            else:
                hits = [(t, n) for (t, n) in names if t == etype and n == name]
            assert not hits, f"{case.stem}: {name!r} should not be {etype}: {hits}"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_mention_rule_is_rated(case: Path) -> None:
    state, _ = _run(case)
    unrated = sorted({m.rule for m in state.mentions + state.nested} - policy().rated)
    assert not unrated, f"{case.stem}: rules with no evidence rating: {unrated}"


def test_fixtures_exist() -> None:
    assert len(CASES) >= 10 and all(c.with_suffix(".yaml").exists() for c in CASES)
