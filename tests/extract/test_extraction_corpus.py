"""Extraction against answer keys: the development corpus (read in place from ../shared/corpus,
never copied) and our own releases in tests/releases/. One test per release asserts that every
required entity is found under some name the key gives; a second checks the corpus-wide scores
the project promises (macro F1 >= 0.90, no type below 0.85, facts found >= 70%)."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from racekb.pipeline import build
from racekb.model.site import Site

HERE = Path(__file__).resolve().parents[1]  # tests/
DEV = HERE.parents[1] / "shared" / "corpus" / "dev"
OWN = HERE / "releases"
SCORER = HERE.parents[1] / "shared" / "tools" / "score_extraction.py"
MAIN_TYPES = ("driver", "team", "car", "championship")


def norm(name: str) -> str:
    """The answer keys' matching rule (ANNOTATION.md): case, accents, punctuation ignored."""
    s = str(name).replace("\u2019", "'").replace("\u2018", "'")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().casefold().replace("'", "")
    s = s.replace("&", " and ")
    s = re.sub(r"\bno\.?\s*(?=\d)", "no ", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def keys_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.gold.yaml")) if folder.is_dir() else []


def built_graph(tmp_path_factory: pytest.TempPathFactory, folder: Path) -> dict:
    site = tmp_path_factory.mktemp(folder.name)
    (site / "seeds").mkdir()
    for key in keys_in(folder):
        source = yaml.safe_load(key.read_text(encoding="utf-8"))["source"]
        shutil.copy(folder / source, site / "seeds" / source)
    build(Site.at(site))
    return json.loads((site / "build" / "graph.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dev_graph(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not DEV.is_dir():
        pytest.skip(f"development corpus not found at {DEV} (CI checks ../shared out beside the repo)")
    return built_graph(tmp_path_factory, DEV)


@pytest.fixture(scope="module")
def own_graph(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return built_graph(tmp_path_factory, OWN)


def missing_required(graph: dict, key_path: Path) -> list[str]:
    key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
    release = next(r for r in graph["releases"] if Path(r["source"]).name == key["source"])
    found = [e for e in graph["entities"] if release["id"] in e["releases"]]
    missing = []
    for etype in MAIN_TYPES:
        spec = (key.get("entities") or {}).get(etype) or {}
        mine = [{norm(n) for n in [e["name"], *e["aliases"]]} for e in found if e["type"] == etype]
        for gold in spec.get("required") or []:
            names = {norm(n) for n in (gold if isinstance(gold, list) else [gold])}
            if not any(names & m for m in mine):
                missing.append(f"{etype} {gold[0] if isinstance(gold, list) else gold}")
    return missing


@pytest.mark.parametrize("key_path", keys_in(DEV), ids=lambda p: p.name.split(".")[0])
def test_dev_release_finds_required_entities(dev_graph: dict, key_path: Path) -> None:
    assert missing_required(dev_graph, key_path) == []


def required_count(key_path: Path) -> int:
    key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
    return sum(len(((key.get("entities") or {}).get(t) or {}).get("required") or []) for t in MAIN_TYPES)


@pytest.mark.parametrize("key_path", keys_in(OWN), ids=lambda p: p.name.split(".")[0])
def test_own_release_finds_most_required_entities(own_graph: dict, key_path: Path) -> None:
    """Our own releases include held-out ones written blind to the rules (tests/releases/README.md):
    each must give up at most one required entity in ten; what is still missed is listed here
    when it fails, and in the closing notes."""
    missing = missing_required(own_graph, key_path)
    assert len(missing) <= required_count(key_path) // 10, missing


def _scores(graph: dict, gold: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, float]:
    """The scorer's table for a graph against a folder of answer keys, as numbers."""
    if not SCORER.exists():
        pytest.skip("scorer not found beside the repository")
    graph_dir = tmp_path
    (graph_dir / "graph.json").write_text(json.dumps(graph), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    scorer.score(graph_dir, gold, MAIN_TYPES, False)
    out = capsys.readouterr().out
    table = {line.split()[0]: float(line.split()[3]) for line in out.splitlines()
             if line.split() and line.split()[0] in MAIN_TYPES}
    table["macro"] = float(re.search(r"macro F1 ([\d.]+)", out).group(1))
    table["facts"] = float(re.search(r"facts found \d+/\d+ \(([\d.]+)\)", out).group(1))
    return table


@pytest.mark.parametrize("which, facts_bar", [("dev", 0.70), ("own", 0.50)])
def test_corpus_scores_meet_the_bar(which: str, facts_bar: float, request: pytest.FixtureRequest,
                                    tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's bar on the development corpus; the same entity bar, and a lower facts bar, on
    our own releases, which include ones written blind to the rules."""
    graph = request.getfixturevalue(f"{which}_graph")
    table = _scores(graph, DEV if which == "dev" else OWN, tmp_path, capsys)
    assert table["macro"] >= 0.90, table
    assert min(table[t] for t in MAIN_TYPES) >= 0.85, table
    assert table["facts"] >= facts_bar, table


def test_gary_nelson_is_not_a_driver(dev_graph: dict) -> None:
    drivers = {e["name"] for e in dev_graph["entities"] if e["type"] == "driver"}
    people = {e["name"] for e in dev_graph["entities"] if e["type"] == "person"}
    assert "Gary Nelson" not in drivers
    assert "Gary Nelson" in people
