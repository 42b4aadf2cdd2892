"""The shortcuts resolve takes for speed give the answers the slow, obvious way gives: the
curation table agrees with Curation.lookup, the indexed short-team merge with a scan of every
team, and names added to records by hand come out the same under any hash seed."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import subprocess
import sys
import textwrap

import pytest

from racekb.resolve.curation import Curated, Curation
from racekb.extract.lexicon import norm
from racekb.extract.state import LocalFact, Mention, State
from racekb.load.records import Record
from racekb.resolve.resolver import ReleaseInput, _merge_short_team_names, resolve


def test_curation_table_agrees_with_lookup() -> None:
    curation = Curation([
        Curated("driver", "Carl Edwards", aliases=["Cousin Carl", "Edwards"]),
        Curated("driver", "Carl Edwards Jr.", aliases=["edwards"]),  # "Edwards" is taken: first entry wins
        Curated("team", "Edwards", same_as="team/roush-fenway-racing"),
        Curated("event", "The Daytona 500", aliases=["Great American Race"], not_an_entity=True),
    ])
    table = curation.table()
    asked = [("driver", "Carl Edwards"), ("driver", "EDWARDS"), ("driver", "cousin  carl"), ("team", "Edwards"),
             ("team", "Carl Edwards"), ("event", "Daytona 500"), ("event", "great american race!"), ("car", "x")]
    for etype, name in asked:
        assert table.get((etype, norm(name))) is curation.lookup(etype, name), (etype, name)


def _scan_short_team_names(names: dict[tuple[str, str], str]) -> dict:
    """The merge as first written: every team against every other team."""
    redirect = {}
    for key in names:
        if key[0] == "team":
            longer = [k for k in names if k[0] == "team" and k != key and k[1].startswith(key[1] + " ")
                      and len(k[1].split()) == len(key[1].split()) + 1]
            if len(longer) == 1:
                redirect[key] = longer[0]
    return redirect


def test_indexed_short_team_merge_agrees_with_a_scan_of_every_team() -> None:
    teams = ["Action Express", "Action Express Racing", "Penske", "Team Penske", "Penske Racing",
             "Penske Motorsports", "Wayne Taylor", "Wayne Taylor Racing", "Wayne Taylor Racing Andretti",
             "JR Motorsports", "JR", "", "Ganassi", "Chip Ganassi Racing", "Meyer Shank Racing", "Meyer Shank"]
    names = {("team", norm(t)): t for t in teams}
    names |= {("driver", "penske"): "Penske", ("driver", "penske racing"): "Penske Racing"}
    redirect: dict = {}
    _merge_short_team_names(names, redirect)
    assert redirect == _scan_short_team_names(names)
    assert list(redirect) == list(_scan_short_team_names(names))  # merges are applied in this order


def _release(rid: str, day: int, mentions: list[tuple[str, str, str]], keep: dict[str, list[str]],
             facts: list[LocalFact] = ()) -> ReleaseInput:
    state = State(text="", date=dt.date(2023, 5, day))
    state.mentions = [Mention(i, i + 1, text, etype, name, "test") for i, (etype, name, text) in enumerate(mentions)]
    state.facts = list(facts)
    record = Record(id=rid, title=rid, date=state.date, body="")
    return ReleaseInput(record, state, keep)


def test_a_surface_two_entities_share_goes_to_the_one_mentioned_later() -> None:
    inputs = [_release("r1", 1, [("team", "Penske Racing", "Penske Racing"), ("driver", "Will Power", "Power"),
                                 ("team", "Penske Racing", "Penske"), ("driver", "Power", "Penske")],
                       {"team": ["Penske Racing"], "driver": ["Power", "Will Power"]},
                       [LocalFact(("driver", "Power"), "drives_for", ("team", "Penske"), 2023, "e", "test")])]
    graph = resolve(inputs, Curation())
    assert graph.releases[0].links["Penske"] == "driver/will-power"  # "Power" joined Will Power
    assert graph.releases[0].links["Penske Racing"] == "team/penske-racing"
    assert graph.facts == []  # its subject and object are now one entity


def test_resolve_leaves_the_cycle_collector_as_it_found_it() -> None:
    release = _release("r1", 1, [("driver", "Will Power", "Will Power")], {"driver": ["Will Power"]})
    assert gc.isenabled()
    resolve([release], Curation())
    assert gc.isenabled()
    broken = _release("r2", 2, [], {"driver": ["Will Power"]})
    broken.keep = None  # not a mapping: resolve fails half-way
    with pytest.raises(AttributeError):
        resolve([broken], Curation())
    assert gc.isenabled()
    gc.disable()
    try:
        resolve([release], Curation())
        assert not gc.isenabled()
    finally:
        gc.enable()


_HAND_ADDED = textwrap.dedent("""
    import datetime as dt, json
    from racekb.resolve.curation import Curation
    from racekb.extract.state import State
    from racekb.load.records import Record
    from racekb.resolve.resolver import ReleaseInput, resolve
    state = State(text="", date=dt.date(2023, 5, 1))
    keep = {"team": ["Penske", "Andretti"], "driver": ["Penske", "Andretti", "Herta"], "car": ["No. 26"]}
    graph = resolve([ReleaseInput(Record(id="r", title="r", date=state.date, body=""), state, keep)], Curation())
    print(json.dumps([graph.releases[0].links, list(graph.entities)]))
""")


def test_names_added_by_hand_do_not_depend_on_the_hash_seed() -> None:
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-c", _HAND_ADDED], env=env, capture_output=True, text=True,
                             timeout=120, check=True)
        outputs.add(run.stdout)
    assert len(outputs) == 1
    links, entities = json.loads(outputs.pop())
    assert links["Penske"] == "team/penske"  # sorted: the team comes after the driver, and wins
    assert entities == ["car/no-26", "driver/andretti", "driver/herta", "driver/penske", "team/andretti",
                        "team/penske"]


def test_a_release_that_keeps_every_name_gathers_as_one_checked_name_by_name(tmp_path) -> None:
    """resolve._gather_all (no hand edit: the release keeps what the extractor found) skips the
    per-name "is it kept?" of _gather_kept; both must give the very same graph."""
    import copy
    import sys
    from pathlib import Path

    from racekb.incremental.cache import ExtractCache
    from racekb.workers.extract_pool import extract_many
    from racekb.pipeline import build
    from racekb.load.records import read_record
    from racekb.model.site import Site

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import make_corpus

    if not make_corpus.DEFAULT_SOURCES[0].is_dir():
        pytest.skip(f"needs the shared corpus at {make_corpus.DEFAULT_SOURCES[0]}")
    make_corpus.write_corpus(60, tmp_path / "seeds")
    build(Site.at(tmp_path), jobs=1, use_cache=False)
    records = [read_record(p) for p in sorted((tmp_path / "content" / "releases").glob("*.md"))]
    states = extract_many(records, [r.id for r in records], jobs=1, cache=ExtractCache(path=tmp_path / "c"))

    def graph(fast: bool) -> tuple:
        inputs = [ReleaseInput(copy.deepcopy(r), s, s.by_type if fast else dict(s.by_type))
                  for r, s in zip(records, states)]
        g = resolve(inputs, Curation())
        return (json.dumps(g.to_json(), sort_keys=True), [sorted(r.links.items()) for r in g.releases], g.notes,
                [(e.id, e.aliases, e.releases) for e in g.entities.values()])

    assert graph(fast=True) == graph(fast=False)


def test_every_name_a_release_gives_an_entity_becomes_one_of_its_forms() -> None:
    """Both ways of gathering (resolve._gather_all for a release keeping all its names, as
    cached extractions are; _gather_kept otherwise) count the name itself among an entity's
    forms, also when no mention of the release is written that way."""
    from racekb.incremental.cache import decode_extraction, encode_extraction

    first = _release("r1", 1, [("team", "Apex Racing", "Apex Racing")], {"team": ["Apex Racing"]})
    second = _release("r2", 2, [("team", "APEX RACING", "Apex")], {"team": ["APEX RACING"]})
    for fast in (False, True):
        inputs = [first, second]
        if fast:
            inputs = []
            for item in (first, second):
                extraction = decode_extraction(encode_extraction(item.state))
                inputs.append(ReleaseInput(item.record, extraction, extraction.by_type))
        team = resolve(inputs, Curation()).entities["team/apex-racing"]
        assert team.name == "Apex Racing" and "APEX RACING" in team.aliases and "Apex" in team.aliases, fast
