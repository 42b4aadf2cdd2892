"""Pages that read like a reference work, and the files a publisher needs, from the seed site."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from racekb.render import macro_twins as twins
from racekb.render.citations import cite
from racekb.render.indexes import body_of, group, surname
from racekb.model.graph import Entity

BASE = "https://example.org/kb/"


class Scripts(HTMLParser):
    """The text of every <script> with a type, as the browser's parser splits it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[str, str]] = []
        self._type: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._type = dict(attrs).get("type")
            self.found.append((self._type or "", ""))

    def handle_data(self, data):
        if self._type is not None and self.found:
            kind, text = self.found[-1]
            self.found[-1] = (kind, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._type = None


def scripts(html: str, kind: str) -> list:
    p = Scripts()
    p.feed(html)
    return [json.loads(text) for t, text in p.found if t == kind]


def page(site, url: str) -> str:
    return (site.build / url / "index.html").read_text(encoding="utf-8")


def section_ids(html: str) -> list[str]:
    return re.findall(r'<h2 id="([^"]+)"', html)


def test_driver_page_reads_like_a_reference(seed_site):
    html = page(seed_site, "drivers/tom-blomqvist/")
    assert section_ids(html)[:3] == ["seasons", "honours", "teammates"]
    assert {"timeline", "facts", "related", "mentioned"} <= set(section_ids(html))
    teammates = html.split('id="teammates"')[1].split("</table>")[0]
    assert "Pipo Derani" in teammates and "Jack Aitken" in teammates
    honours = html.split('id="honours"')[1].split("</table>")[0]
    assert "Champion:" in honours and "DPi Driver Championship" in honours
    assert '<nav class="crumbs" aria-label="Breadcrumb">' in html


def test_every_fact_shows_its_evidence(seed_site, seed_graph):
    for fact in seed_graph["facts"][:10]:
        entity = next(e for e in seed_graph["entities"] if e["id"] == fact["subject"])
        html = page(seed_site, entity["url"])
        evidence = fact["evidence"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")
        assert f"<blockquote>{evidence}</blockquote>" in html


@pytest.mark.parametrize("kind,predicate,section", [("team", "won_title", "honours"), ("championship", "won_title", "champions"),
                                                    ("car", "drives", "seasons"), ("event", "won_race", "winners")])
def test_type_pages_have_their_tables(seed_site, seed_graph, kind, predicate, section):
    ids = {f["object"] for f in seed_graph["facts"] if f["predicate"] == predicate} | \
          {f["subject"] for f in seed_graph["facts"] if f["predicate"] == predicate}
    entity = next(e for e in seed_graph["entities"] if e["type"] == kind and e["id"] in ids)
    assert section in section_ids(page(seed_site, entity["url"]))


def test_team_page_has_roster(seed_site, seed_graph):
    teams = {f["object"] for f in seed_graph["facts"] if f["predicate"] == "drives_for"}
    team = next(e for e in seed_graph["entities"] if e["id"] in teams)
    assert "roster" in section_ids(page(seed_site, team["url"]))


def test_releases_listed_newest_first_everywhere(corpus_site):
    for path in corpus_site.pages():
        html = path.read_text(encoding="utf-8")
        if 'id="mentioned"' not in html:
            continue
        dates = re.findall(r'<time datetime="([\d-]+)">', html.split('id="mentioned"')[1])
        assert dates == sorted(dates, reverse=True), path


def test_people_grouped_by_surname_letter(seed_site):
    html = page(seed_site, "drivers/")
    groups = re.findall(r'<h2 id="(group-[a-z0-9-]+)">([^<]+)</h2>', html)
    labels = [g[1] for g in groups]
    assert labels == sorted(labels)
    b_section = html.split('id="group-b"')[1].split("</section>")[0]
    assert "Tom Blomqvist" in b_section and "Stig Blomqvist" in b_section
    assert b_section.index("Stig Blomqvist") < b_section.index("Tom Blomqvist")


def test_grouping_rules():
    def e(name, t="driver"):
        return Entity(f"{t}/{name}", t, name, name.lower().replace(" ", "-"))
    assert surname("Dale Earnhardt Jr.") == "Earnhardt"
    assert [g.label for g in group("driver", [e("Zoe Adams"), e("Ana Zed"), e("Sergio Pérez")])] == ["A", "P", "Z"]
    assert body_of("IMSA WeatherTech SportsCar Championship") == "IMSA"
    assert body_of("NTT INDYCAR Series") == "INDYCAR"
    champs = group("championship", [e("DPi Driver Championship", "championship"), e("FIA World Endurance Championship", "championship"),
                                    e("IMSA Michelin Endurance Cup", "championship")])
    assert [g.label for g in champs] == ["FIA", "IMSA", "Other series"]
    cars = group("car", [e("No. 31 Cadillac", "car"), e("Ford FR9", "car"), e("No. 8", "car")])
    assert [(g.label, [c.name for c in g.entities]) for g in cars] == [
        ("By number", ["No. 8", "No. 31 Cadillac"]), ("F", ["Ford FR9"])]


def test_home_page_counts_match_graph(seed_site, seed_graph):
    html = (seed_site.build / "index.html").read_text(encoding="utf-8")
    drivers = sum(1 for e in seed_graph["entities"] if e["type"] == "driver")
    assert f'<span class="count">{drivers}</span> Drivers' in html
    assert f'<span class="count">{len(seed_graph["releases"])}</span> Releases' in html


def test_release_mentions_have_preview_data(seed_site, seed_graph):
    """Hover previews read search/entities.js (static/preview.js): every linked entity must be in
    it under the id preview.js derives (its type and the slug of its address)."""
    release = seed_graph["releases"][0]
    html = page(seed_site, release["url"])
    assert 'id="entity-previews"' not in html  # no page carries its own copy of the data
    text = (seed_site.build / "search" / "entities.js").read_text(encoding="utf-8")
    rows = json.loads(re.search(r"\.entities=(\[.*\]);$", text, re.M).group(1))
    previews = {f"{row[1]}/{row[2].split('/')[-2]}": row for row in rows}
    linked = set(re.findall(r'data-entity="([^"]+)"', html))
    assert linked and linked <= set(previews)
    assert previews["driver/pipo-derani"][1] == "driver"
    assert "Pipo Derani" in previews["driver/pipo-derani"][5]


def test_structured_data_and_open_graph(seed_site, seed_graph):
    types = {}
    for e in seed_graph["entities"]:
        data = scripts(page(seed_site, e["url"]), "application/ld+json")
        assert len(data) == 1 and data[0]["name"] == e["name"]
        types[e["type"]] = data[0]["@type"]
    assert types["driver"] == "Person" and types["team"] == "SportsTeam" and types["event"] == "SportsEvent"
    release = page(seed_site, seed_graph["releases"][0]["url"])
    article = scripts(release, "application/ld+json")[0]
    assert article["@type"] == "NewsArticle" and article["datePublished"] == seed_graph["releases"][0]["date"]
    assert {"@type": "Person", "name": "Pipo Derani", "url": "../../drivers/pipo-derani/index.html"} in article["about"]
    assert '<meta property="og:title" content="Champions to form' in release
    assert '<meta property="og:type" content="article">' in release
    assert 'rel="canonical"' not in release  # no --base-url: no canonical to claim


def test_relative_publishing_files(seed_site, seed_graph):
    out = seed_site.build
    feed = (out / "feed.xml").read_text()
    assert f"<updated>{seed_graph['releases'][0]['date']}T00:00:00Z</updated>" in feed
    assert "<id>tag:racekb,2023-10-19:releases/" in feed  # stable ids, whatever the base URL (issue 15)
    # without a base URL a sitemap could only hold relative addresses, which are invalid: none is
    # written (and a warning says why), nor robots.txt, which only a host's root can serve
    assert not (out / "sitemap.xml").exists() and not (out / "robots.txt").exists()
    assert "sitemap.xml and robots.txt are not written" in seed_site.run.err
    assert "<h1>Page not found</h1>" in (out / "404.html").read_text()


@pytest.fixture(scope="module")
def published(tmp_path_factory, cli):
    from conftest import build_site, copy_seeds
    return build_site(copy_seeds(tmp_path_factory.mktemp("published")), "--base-url", BASE)


def test_base_url_sets_canonical_feed_sitemap_robots(published):
    html = page(published, "drivers/tom-blomqvist/")
    assert f'<link rel="canonical" href="{BASE}drivers/tom-blomqvist/">' in html
    assert f'<meta property="og:url" content="{BASE}drivers/tom-blomqvist/">' in html
    assert scripts(html, "application/ld+json")[0]["url"] == f"{BASE}drivers/tom-blomqvist/"
    # links stay relative, so the same build also works from file:// and any mirror
    assert 'href="../../teams/index.html"' in html
    assert f"<loc>{BASE}drivers/tom-blomqvist/</loc>" in (published.build / "sitemap.xml").read_text()
    # BASE is a sub-path, where crawlers never read robots.txt: none is written, and a warning says so
    assert not (published.build / "robots.txt").exists() and "no robots.txt is written" in published.run.err
    feed = (published.build / "feed.xml").read_text()
    assert f'<link rel="self" type="application/atom+xml" href="{BASE}feed.xml"/>' in feed
    assert "<id>tag:racekb,2023-10-19:releases/" in feed  # the same ids as without a base URL
    # the 404 page is served at any depth: its links must be absolute
    assert f'href="{BASE}static/style.css"' in (published.build / "404.html").read_text()


def test_input_is_escaped_everywhere(make_site, cli):
    root = make_site([])
    (root / "seeds" / "x.txt").write_text(
        ' date 2024-01-05 Tom Blomqvist </script><script>alert(1)</script> at Sebring\n\n'
        'SEBRING (Jan. 5, 2024) – Tom Blomqvist said "</script><!-- <b>hi</b>" before the Twelve Hours of Sebring.\n',
        encoding="utf-8")
    run = cli("build", "-C", root)
    assert run.code == 0, str(run)
    for path in (root / "build").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<b>hi</b>" not in html, path
        for kind in ("application/ld+json", "application/json"):
            scripts(html, kind)  # every JSON block parses: nothing closed the script early
    for path in (root / "build" / "search").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        assert "</" not in text and "<!--" not in text, path


def test_long_mention_lists_are_paged_not_cut(tmp_path):
    """Every release naming an entity is listed, `page_size` a page: the first page at the
    entity's address, the next at page/2/ (was: the newest 60, the rest a search away)."""
    from racekb.render import pages as render
    from racekb.model.graph import Graph, Release
    from racekb.model.site import Site
    releases = [Release(f"2020-01-{n + 1:02d}-r", f"R {n}", f"2020-01-{n + 1:02d}", "s", "", "Some Driver won.",
                        {"Some Driver": "driver/some-driver"}) for n in range(5)]
    releases.reverse()
    entity = Entity("driver/some-driver", "driver", "Some Driver", "some-driver", [], [r.id for r in releases])
    (tmp_path / "site").mkdir()
    pages, _ = render.render_site(Graph(releases, {entity.id: entity}, []), Site.at(tmp_path / "site"), page_size=3)
    first = pages["drivers/some-driver/index.html"].split('id="mentioned"')[1]
    second = pages["drivers/some-driver/page/2/index.html"].split('id="mentioned"')[1]
    assert "drivers/some-driver/page/3/index.html" not in pages
    assert "Mentioned in 5 releases" in first and "Mentioned in 5 releases" in second
    assert first.count("<time") == 3 and second.count("<time") == 2
    assert '<a rel="next" href="page/2/index.html">' in first
    assert '<a rel="prev" href="../../index.html">' in second
    shown = first + second
    assert all(f'href="{"" if part is first else "../../"}../../releases/{r.id}/index.html"' in part
               for r in releases for part in [first if releases.index(r) < 3 else second])
    assert "Page 1 of 2" in first and "Page 2 of 2" in second and shown.count("rel=\"next\"") == 1


@pytest.mark.parametrize("items", [
    [], ["Won"], ["Won", "E1"], ["E1", "E2"], ["E1", "and 3 more"], ["Champion:", "E1", "E2", "and 1 more"],
])
def test_cell_html_is_the_cell_macro_byte_for_byte(tmp_path, items):
    """twins.cell_html stands in for _macros.html's `cell` (speed); a capped cell reads
    "A, B and 3 more"."""
    from racekb.render import pages as render
    from racekb.model.site import Site

    ents = {f"E{n}": Entity(f"driver/d{n}", "driver", f"D <{n}>", f"d{n}") for n in (1, 2)}
    cell = [ents.get(i, i) for i in items]
    (tmp_path / "site").mkdir()
    env = render.environment(Site.at(tmp_path / "site"))
    href = lambda target: "../" + target  # noqa: E731
    macro = env.from_string('{% import "_macros.html" as m with context %}{{ m.cell(cell) }}').render(
        cell=cell, href=href)
    assert str(twins.cell_html(cell, href)) == macro
    if items[-2:] == ["E1", "and 3 more"]:
        assert "</a> and 3 more" in macro


@pytest.mark.parametrize("page", ["drivers/d1/", "drivers/x/", "releases/2020-01-01-r/", "", "404.html"])
def test_page_href_links_are_the_elink_macro_byte_for_byte(tmp_path, page):
    """twins.PageHref remembers each entity's link per page (speed); the link must stay the
    `elink` macro's bytes, on every page, the first time and when repeated, escaped."""
    from racekb.render import pages as render
    from racekb.model.site import Site

    ents = [Entity(f"driver/d{n}", "driver", f"D <{n}> & \"co\"", f"d{n}") for n in (1, 2)]
    ents.append(Entity("team/t'1", "team", "T's", "t-1"))
    (tmp_path / "site").mkdir()
    env = render.environment(Site.at(tmp_path / "site"))
    tails: dict[str, str] = {}
    for _ in range(2):  # a second page shares the tails the first one made
        href = twins.PageHref(page, tails)
        for e in ents + ents:
            macro = env.from_string('{% import "_macros.html" as m with context %}{{ m.elink(e) }}').render(
                e=e, href=href)
            assert str(twins.elink_html(e, href)) == macro
            assert str(twins.cell_html([e, "and 1 more"], href)).startswith(macro)


def _macro(tmp_path, call: str, **ctx) -> str:
    """A `_macros.html` macro's output, rendered with the site's environment."""
    from racekb.render import pages as render
    from racekb.model.site import Site

    (tmp_path / "site").mkdir(exist_ok=True)
    env = render.environment(Site.at(tmp_path / "site"))
    return env.from_string('{% import "_macros.html" as m with context %}{{ m.' + call + ' }}').render(**ctx)


_E1 = Entity("driver/d1", "driver", "D <1>", "d1")
_E2 = Entity("team/t&2", "team", "T \"2\"", "t-2")


@pytest.mark.parametrize("row", [[], [["2023"]], [["2023"], [_E1, _E2], ["undated"]],
                                 [[_E1], ["2021, 2020"], [_E2, "and 3 more"]], [["<b>"], []]])
def test_grid_row_html_is_the_grid_row_macro_byte_for_byte(tmp_path, row):
    """twins.grid_row_html stands in for _macros.html's `grid_row` (speed)."""

    href = lambda target: "../" + target  # noqa: E731
    assert str(twins.grid_row_html(row, href)) == _macro(tmp_path, "grid_row(row)", row=row, href=href)


@pytest.mark.parametrize("columns", [["Season", "Teams", "Cars"], ["Year", "<b> & \"q\""], ["Only"]])
@pytest.mark.parametrize("row", [[], [["2023"]], [["2023"], [_E1, _E2], ["undated"]], [["<b>"], []]])
def test_grid_row_with_column_labels_is_the_macro_byte_for_byte(tmp_path, row, columns):
    """With its table's columns, each data cell carries its column's name (`data-label`, shown
    above the cell when a phone stacks the table); fewer names than cells leave the rest bare."""
    href = lambda target: "../" + target  # noqa: E731
    made = str(twins.grid_row_html(row, href, columns))
    assert made == _macro(tmp_path, "grid_row(row, columns)", row=row, columns=columns, href=href)
    loop = "{% for row in rows %}\n{{ m.grid_row(row, columns) }}\n{% endfor %}\n"
    assert str(twins.grid_rows_html([row, row], href, columns)) == _snippet(tmp_path, loop, rows=[row, row],
                                                                            columns=columns, href=href)
    if len(row) > 1 and len(columns) > 1:
        assert made.count("data-label=") == min(len(row), len(columns)) - 1


@pytest.mark.parametrize("year,also,more", [(2023, 0, 0), (None, 0, 0), (2021, 1, 0), (2020, 3, 1), (2019, 3, 5)])
def test_fact_row_html_is_the_fact_row_macro_byte_for_byte(tmp_path, year, also, more):
    """twins.fact_row_html stands in for _macros.html's `fact_row` (speed); every field escaped."""
    from racekb.model.graph import Fact, Release

    rels = [Release(f"2020-01-0{n}-r", f"R <{n}> & co", f"2020-01-0{n}", "s", "", "", {}) for n in range(1, 5)]
    fact = Fact("driver/d1", "drives_for", "team/t&2", year, rels[0].id, "He said \"<yes>\" & left.")
    row = {"label": "drives for", "other": _E2, "year": year, "fact": fact, "release": rels[0],
           "also": rels[1:1 + also], "also_more": more}
    row = cite([row])[0][0]  # the rows an entity page prints are numbered by citations.cite
    href = lambda target: "../../" + target  # noqa: E731
    assert str(twins.fact_row_html(row, href)) == _macro(tmp_path, "fact_row(row)", row=row, href=href)


@pytest.mark.parametrize("context", ["", "Blomqvist said \"<hi>\" & left."])
def test_release_item_html_is_the_release_item_macro_byte_for_byte(tmp_path, context):
    """twins.release_item_html stands in for _macros.html's `release_item` on entity pages."""
    from racekb.model.graph import Release

    r = Release("2020-01-01-r", "R <1> & \"co\"", "2020-01-01", "s", "", "", {})
    href = lambda target: "../../" + target  # noqa: E731
    assert str(twins.release_item_html(r, context, href)) == _macro(tmp_path, "release_item(r, context)", r=r,
                                                                      context=context, href=href)


@pytest.mark.parametrize("items", [[], [_E1], [_E1, _E2], [_E2, _E1, _E2]])
def test_elink_list_html_is_the_elink_list_macro_byte_for_byte(tmp_path, items):
    """twins.elink_list_html stands in for _macros.html's `elink_list` on release pages."""

    href = lambda target: "../../" + target  # noqa: E731
    assert str(twins.elink_list_html(items, href)) == _macro(tmp_path, "elink_list(items)", items=items, href=href)


@pytest.mark.parametrize("predicate,year", [("drives_for", 2023), ("won_title", None), ("some_new_thing", 0)])
def test_fact_item_html_is_the_fact_item_macro_byte_for_byte(tmp_path, predicate, year):
    """twins.fact_item_html stands in for _macros.html's `fact_item` on release pages."""
    from racekb.model.graph import Fact

    f = Fact(_E1.id, predicate, _E2.id, year, "2020-01-01-r", "evidence")
    entities = {_E1.id: _E1, _E2.id: _E2}
    href = lambda target: "../../" + target  # noqa: E731
    assert str(twins.fact_item_html(f, entities, href)) == _macro(tmp_path, "fact_item(f, entities)", f=f,
                                                                    entities=entities, href=href)


def test_fact_index_rank_is_the_name_order():
    """reference.FactIndex.rank stands in for sorting by (casefolded name, id) on every page."""
    from racekb.model.graph import Graph
    from racekb.render.reference import FactIndex, _names

    names = ["beta", "Alpha", "alpha", "ALPHA", "Émile", "zed"]
    ents = {f"driver/d{n}": Entity(f"driver/d{n}", "driver", name, f"d{n}") for n, name in enumerate(names)}
    idx = FactIndex(Graph([], ents, []))
    expected = sorted(ents.values(), key=lambda e: (e.name.casefold(), e.id))
    assert sorted(ents.values(), key=lambda e: idx.rank[e.id]) == expected
    assert _names(idx, list(ents) + ["driver/unknown"]) == [*expected[:6]]


@pytest.mark.parametrize("items", [[], [["Drives for", _E2]], [["Won", _E1], ["Drives", _E1, _E2], ["and 3 more"]]])
def test_cell_items_html_is_the_cell_items_macro_byte_for_byte(tmp_path, items):
    """twins.cell_items_html stands in for _macros.html's `cell_items` in the timeline."""

    href = lambda target: "../../" + target  # noqa: E731
    assert str(twins.cell_items_html(items, href)) == _macro(tmp_path, "cell_items(items)", items=items, href=href)


@pytest.mark.parametrize("value", ["", "plain", "<b>&amp;</b>", "it's \"quoted\" & <tagged>", "&&''\"\"<<>>",
                                   "é ü — “curly”", 0, 2023, None])
def test_esc_is_markupsafe_escape_byte_for_byte(value):
    """twins._esc stands in for markupsafe.escape inside the twins (speed)."""
    from markupsafe import escape


    assert twins._esc(value) == str(escape(value))
    assert type(twins._esc(value)) is str


def _snippet(tmp_path, source: str, **ctx) -> str:
    """A template snippet's output (with `_macros.html` imported as `m`), in the site's environment."""
    from racekb.render import pages as render
    from racekb.model.site import Site

    (tmp_path / "site").mkdir(exist_ok=True)
    env = render.environment(Site.at(tmp_path / "site"))
    return env.from_string('{% import "_macros.html" as m with context %}' + source).render(**ctx)


_ROWS = [[["2023"], [_E1, _E2], ["undated"]], [[_E1], ["2021, 2020"], [_E2, "and 3 more"]], [["<b>"], []]]


@pytest.mark.parametrize("rows", [[], _ROWS[:1], _ROWS])
def test_grid_rows_html_is_the_loop_over_grid_row_byte_for_byte(tmp_path, rows):
    """twins.grid_rows_html stands in for entity.html's loop over a table's rows (speed)."""

    href = lambda target: "../" + target  # noqa: E731
    loop = "{% for row in rows %}\n{{ m.grid_row(row) }}\n{% endfor %}\n"
    assert str(twins.grid_rows_html(rows, href)) == _snippet(tmp_path, loop, rows=rows, href=href)


@pytest.mark.parametrize("n", [0, 1, 3])
def test_fact_rows_and_release_items_are_their_loops_byte_for_byte(tmp_path, n):
    """twins.fact_rows_html, release_items_html and fact_items_html stand in for the loops of
    entity.html and release.html over `fact_row`, `release_item` and `fact_item` (speed)."""
    from racekb.model.graph import Fact, Release

    rels = [Release(f"2020-01-0{k}-r", f"R <{k}> & co", f"2020-01-0{k}", "s", "", "", {}) for k in range(1, 5)]
    facts = [Fact(_E1.id, p, _E2.id, y, rels[0].id, "He said \"<yes>\" & left.")
             for p, y in [("drives_for", 2023), ("won_title", None), ("new_thing", 2020)]][:n]
    rows, sources = cite([{"label": "drives for", "other": _E2, "year": f.year, "fact": f, "release": rels[0],
                           "also": rels[1:1 + k], "also_more": k} for k, f in enumerate(facts)])
    contexts = {r.id: ("" if k % 2 else f"Said <{k}> & \"more\"") for k, r in enumerate(rels)}
    entities = {_E1.id: _E1, _E2.id: _E2}
    href = lambda target: "../../" + target  # noqa: E731
    ctx = dict(rows=rows, releases=rels[:n], contexts=contexts, facts=facts, entities=entities, href=href)
    assert str(twins.fact_rows_html(rows, href)) == _snippet(
        tmp_path, "{% for row in rows %}\n{{ m.fact_row(row) }}\n{% endfor %}\n", **ctx)
    assert str(twins.release_items_html(rels[:n], contexts, href)) == _snippet(
        tmp_path, "{% for r in releases %}\n  {{ m.release_item(r, contexts[r.id]) }}\n{% endfor %}\n", **ctx)
    assert str(twins.fact_items_html(facts, entities, href)) == _snippet(
        tmp_path, "{% for f in facts %}\n  {{ m.fact_item(f, entities) }}\n{% endfor %}\n", **ctx)
    assert str(twins.source_items_html(sources, href)) == _snippet(
        tmp_path, "{% for r in sources %}\n{{ m.source_item(loop.index, r) }}\n{% endfor %}\n", sources=sources, href=href)


@pytest.mark.parametrize("items", [[], [_E1], [_E1, _E2], [_E2, _E1, "and 3 more"], ["and <1> more"]])
def test_related_html_is_the_related_loop_byte_for_byte(tmp_path, items):
    """twins.related_html stands in for entity.html's loop over one type's related entities."""

    href = lambda target: "../../" + target  # noqa: E731
    loop = ("{% for e in items %}{% if e is entity %}{{ m.elink(e) }}{{ ', ' if not loop.last and loop.nextitem "
            "is entity }}{% else %} {{ e }}{% endif %}{% endfor %}")
    assert str(twins.related_html(items, href)) == _snippet(tmp_path, loop, items=items, href=href)


def test_mention_contexts_in_text_are_the_sentence_by_sentence_answer():
    """MentionContexts._first_in_text (one search per surface over the joined sentences) stands in
    for the loop over sentences: word edges at sentence ends, a surface that only matches inside a
    longer word in an early sentence, punctuation in surfaces, an entity with two surfaces."""
    from racekb.model.graph import Graph, Release
    from racekb.render.pages import MentionContexts

    sentences = ["Smithson won.", "No. 31 (Whelen) led.", "Smith said: \"Smith!\"", "Derani-Smith, Jr. drove",
                 "GTP", "then No. 31.", "Whelen"]
    links = {"Smith": "driver/smith", "Smithson": "driver/smithson", "No. 31": "car/31", "(Whelen)": "team/w",
             "Whelen": "team/w", "GTP": "class/gtp", "Jr. drove": "x/jr", "said: \"Smith": "x/q", "31.": "x/31",
             "Absent": "driver/absent", "drove\n": "x/nl", "Smith!\"": "x/bang", "won.": "x/won"}
    release = Release("2020-01-01-r", "R", "2020-01-01", "s", "", " ".join(sentences), links)
    contexts = MentionContexts(Graph([release], {}, []))
    assert contexts._first_in_text(release, sentences) == contexts._first_by_sentence(release, sentences)
    assert contexts._first_in_text(release, sentences)["driver/smith"] == 2


@pytest.mark.parametrize("items", [[], [("Releases", "releases/"), ("2020-01-01", "")],
                                   [("Drivers & <co>", "drivers/"), ("Tom \"T\" <B>", "")], [("A", "x/"), ("B", "y/")]])
def test_crumbs_html_is_the_crumbs_macro_byte_for_byte(tmp_path, items):
    """twins.crumbs_html stands in for _macros.html's `crumbs` on entity and release pages."""

    href = lambda target: "../../" + target  # noqa: E731
    assert str(twins.crumbs_html(items, href)) == _macro(tmp_path, "crumbs(items)", items=items, href=href)
