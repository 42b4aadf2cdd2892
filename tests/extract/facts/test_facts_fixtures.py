"""Fixture cases for the facts rules: each tests/extract/facts/<predicate>/NAME.txt is a short
release of our own writing, and NAME.yaml lists the facts it must state (`expected`, with their
year) and the facts it must not (`forbidden`; without a year, no year of it is allowed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from racekb.extract import extract

HERE = Path(__file__).resolve().parent
CASES = sorted(HERE.glob("*/*.txt"))


def _norm(name: str) -> str:
    return " ".join(str(name).replace("’", "'").casefold().split())


def _facts(case: Path) -> tuple[set[tuple[str, str, str, int | None]], dict]:
    spec = yaml.safe_load(case.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
    date = spec.get("date") or dt.date(2023, 6, 10)
    paragraphs = [p.strip() for p in case.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    state = extract(paragraphs, date, spec.get("title") or "")  # a headline when the case gives one
    got = {(_norm(f.subject[1]), f.predicate, _norm(f.object[1]), f.year) for f in state.facts}
    return got, spec


def _matches(got: set, fact: list) -> list:
    subj, pred, obj = _norm(fact[0]), fact[1], _norm(fact[2])
    year = fact[3] if len(fact) > 3 else "any"
    ordered = pred == "replaces"  # who takes whose seat: the one predicate whose order matters
    return [g for g in got if g[1] == pred and ((g[0], g[2]) == (subj, obj) or (not ordered and (g[2], g[0]) == (subj, obj)))
            and (year == "any" or g[3] == year)]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_facts_fixture(case: Path) -> None:
    got, spec = _facts(case)
    for fact in spec.get("expected") or []:
        assert _matches(got, fact), f"missing {fact}; found {sorted(got)}"
    for fact in spec.get("forbidden") or []:
        assert not _matches(got, fact), f"forbidden {fact} found; all: {sorted(got)}"


def test_every_case_asserts_something() -> None:
    assert CASES, "no fixture cases found"
    for case in CASES:
        spec = yaml.safe_load(case.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
        assert spec.get("expected") or spec.get("forbidden"), case
