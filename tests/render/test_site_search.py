"""The offline search index: small, split, safe inside <script>, and ranked the way a reader expects.

The ranking itself lives in static/search.js; these tests run it under Node with a stub document
that "loads" index scripts by requiring them (skipped where node is absent), and the browser test
runs it for real in Chromium.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from racekb.model.graph import Entity, Graph, Release
from racekb.render.search_index import CHUNK, SHARD_LIMIT, index_terms, search_files, shard_key, tokens
from racekb.model.site import static_dir

HARNESS = r"""
const path = require("path");
const dir = process.argv[2];
global.window = global;
global.document = {
  documentElement: {getAttribute: () => dir + "/"},
  readyState: "complete",
  addEventListener: () => {},
  getElementById: () => null,
  createElement: () => ({}),
  head: {appendChild(s) { loaded.push(path.basename(s.src)); require(s.src); setImmediate(s.onload); }},
};
const loaded = [];
require(process.argv[3]);
const queries = JSON.parse(process.argv[4]);
(async () => {
  const out = {};
  for (const q of queries) {
    loaded.length = 0;
    const results = await window.racekbSearch.search(q);
    out[q] = {results: results.map(r => [r.kind, r.kind === "entity" ? r.type : "release", r.name]),
              loaded: loaded.slice()};
  }
  console.log(JSON.stringify(out));
})();
"""


def run_search(build: Path, queries: list[str], tmp_path: Path) -> dict:
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed; the browser test covers search in Chromium")
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS)
    proc = subprocess.run([node, str(harness), str(build), str(static_dir() / "search.js"), json.dumps(queries)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_seed_index_is_small(seed_site):
    files = sorted((seed_site.build / "search").glob("*.js"))
    total = sum(f.stat().st_size for f in files)
    assert files and total < 50_000, total


def test_three_names_the_issue_asks_about(seed_site, tmp_path):
    found = run_search(seed_site.build, ["Derani", "Sebring", "Blomquist", "blomqvist", "cadilac racing"], tmp_path)
    assert found["Derani"]["results"][0] == ["entity", "driver", "Pipo Derani"]
    sebring = found["Sebring"]["results"]
    assert ["entity", "event", "Twelve Hours of Sebring"] in sebring
    assert any(kind == "release" for kind, _, _ in sebring)
    # entities rank before releases
    kinds = [k for k, _, _ in sebring]
    assert kinds == sorted(kinds, key=lambda k: k != "entity")
    assert found["Blomquist"]["results"][0] == ["entity", "driver", "Tom Blomqvist"]
    assert found["blomqvist"]["results"][0] == ["entity", "driver", "Tom Blomqvist"]
    assert found["cadilac racing"]["results"][0] == ["entity", "team", "Cadillac Racing"]


def test_a_query_loads_only_its_own_shards(seed_site, tmp_path):
    found = run_search(seed_site.build, ["Sebring"], tmp_path)
    assert found["Sebring"]["loaded"] == ["entities.js", "terms-s.js", "releases-0.js"]


def test_python_and_javascript_tokenise_alike(tmp_path):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    text = "Pérez’s No. 31 Whelen Cadillac V-Series.R won at Sebring in ’22 — ÉCURIE Ørsted"
    script = tmp_path / "tok.js"
    script.write_text("global.window=global;global.document={documentElement:{getAttribute:()=>''},"
                      "readyState:'complete',addEventListener:()=>{},getElementById:()=>null};require(process.argv[2]);"
                      "console.log(JSON.stringify(window.racekbSearch.tokenize(process.argv[3])))")
    proc = subprocess.run([node, str(script), str(static_dir() / "search.js"), text], capture_output=True, text=True)
    assert json.loads(proc.stdout) == tokens(text)


def test_index_is_safe_inside_script(tmp_path):
    nasty = "</script><!-- <b>"
    graph = Graph(releases=[Release("r1", f"Title {nasty}", "2024-01-01", "s", "X", f"Body {nasty}", {})],
                  entities={"driver/a": Entity("driver/a", "driver", f"A {nasty}", "a", [nasty], ["r1"])}, facts=[])
    for name, text in search_files(graph, {"driver/a": nasty}).items():
        assert "</" not in text and "<!--" not in text, name


def synthetic_graph(releases: int, seed: int = 7) -> Graph:
    """A deterministic stand-in for a big archive: Zipf-like words, names shared across releases."""
    rng = random.Random(seed)
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    weights = [12, 9, 8, 8, 7, 7, 6, 6, 6, 4, 4, 3, 3, 2, 2, 2, 2, 2, 2, 1.5, 1, 0.8, 0.2, 0.2, 0.1, 0.1]
    vocab = ["".join(rng.choices(letters, weights, k=rng.randint(3, 10))) for _ in range(30_000)]
    cum, total = [], 0.0
    for n in range(len(vocab)):
        total += 1 / (n + 1)
        cum.append(total)
    people = [f"{rng.choice(vocab).title()} {rng.choice(vocab).title()}" for _ in range(3000)]
    entities = {f"driver/d{n}": Entity(f"driver/d{n}", "driver", name, f"d{n}", [name.split()[-1]], [])
                for n, name in enumerate(people)}
    ids = list(entities)
    out = []
    for n in range(releases):
        words = rng.choices(vocab, cum_weights=cum, k=300) + rng.sample(people, 4)
        rid = f"2020-01-01-r{n:05d}"
        out.append(Release(rid, " ".join(rng.choices(vocab, cum_weights=cum, k=9)).title(), f"20{10 + n % 14}-01-01",
                           "s", "", " ".join(words), {}))
        entities[ids[n % len(ids)]].releases.append(rid)
    return Graph(releases=out, entities=entities, facts=[])


def test_ten_thousand_releases_stay_split_and_small():
    graph = synthetic_graph(10_000)
    summaries = {eid: f"{e.name} is a driver named in {len(e.releases)} releases. Teams: A, B, C."
                 for eid, e in graph.entities.items()}
    files = search_files(graph, summaries)
    sizes = {name: len(text.encode()) for name, text in files.items()}
    chunks = [n for n in sizes if n.startswith("search/releases-")]
    shards = [n for n in sizes if n.startswith("search/terms-")]
    assert len(chunks) == 10_000 // CHUNK
    assert len(shards) > 26  # the big first letters were split in two
    # no file a query might load is large; entities.js, loaded first, stays well under a megabyte
    assert max(sizes[n] for n in shards) < 3 * SHARD_LIMIT, max(sizes[n] for n in shards)
    assert max(sizes[n] for n in chunks) < 200_000
    assert sizes["search/entities.js"] < 1_000_000
    meta = json.loads(files["search/entities.js"].split("=", 2)[2].split(";\n")[0])
    assert sorted(meta["shards"]) == sorted(n[len("search/terms-"):-3] for n in shards)
    split = frozenset(k for k in "abcdefghijklmnopqrstuvwxyz" if k not in meta["shards"])
    some = sorted(index_terms(graph.releases[0].body))[:50]
    assert all(f"search/terms-{shard_key(t, split)}.js" in files for t in some)


def test_tokens_strip_marks_as_the_per_character_rule_does():
    """tokens() strips combining marks only inside runs of non-ASCII text (for speed): the words
    must be those of the plain rule, every combining character dropped after NFKD."""
    import random
    import re
    import unicodedata

    def plain(text: str) -> list[str]:
        folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
        return [t for t in re.split(r"[^a-z0-9]+", folded) if t]

    rng = random.Random(5)
    pieces = ["Pérez", "Räikkönen", " ", "—", "ÉCURIE", "Ørsted", "e\u0301", "\u0308", "ﬁ", "²", "No. 3", "’", "x"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert tokens(text) == plain(text), text


def test_a_result_shows_the_opening_of_the_summary_the_page_shows(tmp_path):
    """The index works out only as much of each summary as a result shows
    (reference.summary_opening); it must be exactly the full summary, cut."""
    import sys

    from racekb.pipeline import build
    from racekb.render.reference import FactIndex, summary, summary_opening
    from racekb.render.search_index import cut
    from racekb.model.site import Site

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import make_corpus

    if not make_corpus.DEFAULT_SOURCES[0].is_dir():
        pytest.skip(f"needs the shared corpus at {make_corpus.DEFAULT_SOURCES[0]}")
    make_corpus.write_corpus(60, tmp_path / "seeds")
    graph = build(Site.at(tmp_path), jobs=1, use_cache=False).graph
    idx = FactIndex(graph)
    for limit in (20, 60, 160, 400):
        for entity in graph.entities.values():
            assert summary_opening(graph, idx, entity, limit) == cut(summary(graph, idx, entity), limit)


def _edited(graph: Graph, rng: random.Random, how: str) -> Graph:
    """A copy of `graph` after one kind of edit to some of its releases."""
    import copy

    out = copy.deepcopy(graph)
    picked = rng.sample(range(len(out.releases)), 3)
    for n in picked:
        r = out.releases[n]
        if how == "text":
            r.body = r.body + " zzyzx grand prix " + r.body.split()[0]
        elif how == "fewer words":
            r.body = " ".join(r.body.split()[:5])
        elif how == "title":
            r.title = "Quartz " + r.title
        elif how == "city":
            r.city = "Sebring"
        elif how == "swap":
            other = out.releases[(n + 1) % len(out.releases)]
            r.body, other.body = other.body, r.body
    if how == "added":
        out.releases.insert(1, copy.deepcopy(out.releases[5]))
        out.releases[1].id = "added"
    if how == "removed":
        del out.releases[2]
    return out


@pytest.mark.parametrize("how", ["nothing", "text", "fewer words", "title", "city", "swap", "added", "removed"])
def test_an_index_brought_up_to_date_equals_one_built_anew(tmp_path, how):
    """search_files with a memory patches the last build's inverted index (racekb.render.postings);
    after any edit its files must be byte for byte those of an index built from nothing, and the
    memory it leaves must serve the next build as well."""
    from racekb.render.search_index import SearchMemory

    rng = random.Random(how)
    graph = synthetic_graph(400, seed=3)
    memory = SearchMemory(tmp_path)
    assert search_files(graph, {}, memory=memory) == search_files(graph, {})
    for _ in range(2):  # twice: the memory the first patch left is the one the second reads
        graph = graph if how == "nothing" else _edited(graph, rng, how)
        assert search_files(graph, {}, memory=SearchMemory(tmp_path)) == search_files(graph, {})
    assert (tmp_path / "postings.pickle").is_file() and (tmp_path / "words.pickle").is_file()


def test_a_patched_index_is_a_patch_and_gives_way_when_it_cannot_be():
    """racekb.render.postings.patch changes only the lists of the words a release gained or lost, and
    declines (None: build anew) when releases were renumbered or a text's old words are unknown."""
    from racekb.render import postings

    words = {b"a": {"grid", "pole"}, b"b": {"grid", "win"}, b"c": {"pole", "crash"}}
    order = [(b"a", "", ""), (b"b", "", ""), (b"c", "", "")]
    before = postings.build(order, lambda n: words[order[n][0]])
    assert before.lists == {"grid": "0,1", "pole": "0,2", "win": "1", "crash": "2"}
    now = [(b"a", "", ""), (b"c", "", ""), (b"c", "", "")]
    patched = postings.patch(before, now, lambda n: words[now[n][0]], lambda i: words[i[0]], limit=1)
    assert patched.lists == postings.build(now, lambda n: words[now[n][0]]).lists
    assert patched.lists == {"grid": "0", "pole": "0,1,1", "crash": "1,1"}
    assert postings.patch(before, now[:2], lambda n: words[now[n][0]], lambda i: words[i[0]]) is None
    assert postings.patch(before, now, lambda n: words[now[n][0]], lambda i: None, limit=1) is None
    assert postings.patch(before, now, lambda n: words[now[n][0]], lambda i: words[i[0]]) is None  # a third changed
    assert postings.patch(before, order, lambda n: words[order[n][0]], lambda i: words[i[0]]) is before
