"""The templates are the one source of HTML: each Python twin of `_macros.html`
(render/macro_twins.py, kept for speed) makes the bytes its macro makes, and a site that overrides
`_macros.html` sees its own macros on every page, entity pages included (render/macros.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from racekb.model.graph import Entity, Fact, Release
from racekb.model.site import Site
from racekb.render import macro_twins as twins
from racekb.render.macros import macro_globals
from racekb.render.pages import environment

REPO = Path(__file__).resolve().parents[2]

# names and texts that need escaping, Unicode, empty parts
E = [
    Entity("driver/a", "driver", "Ana <b>Lopes</b>", "ana-lopes"),
    Entity("team/b&c", "team", 'B & "C" Racing', "b-c-racing"),
    Entity("car/x", "car", "Škoda Fabia R5 'evo'", "skoda-fabia-r5-evo"),
    Entity("championship/y", "championship", "Y", "y"),
]
ENTITIES = {e.id: e for e in E}
R = [
    Release(f"2024-0{n}-01-r{n}", t, f"2024-0{n}-01", "seeds/x.txt", "", "", {})
    for n, t in enumerate(["Plain", "Title <i>with</i> & tags", 'Quotes "here"', "Ünïcode — dash"], start=1)
]
F = [
    Fact("driver/a", "drives_for", "team/b&c", 2024, R[0].id, 'She said "<yes>" & left.'),
    Fact("driver/a", "won_title", "championship/y", None, R[1].id, ""),
    Fact("team/b&c", "some_new_thing", "car/x", 0, R[2].id, "x"),
]
CELLS = [[], ["2023"], [E[0]], [E[0], E[1]], [E[0], "and 3 more"], ["<b>", E[1], E[2], "2021, 2020"], [E[3], "", E[0]]]
ROWS = [[], [["2023"]], [["2023"], [E[0], E[1]], ["undated"]], [[E[0]], ["2021, 2020"], [E[1], "and 3 more"]], [["<b>"], []]]


def fact_row(n: int) -> dict:
    return {
        "label": ["drives for", "won <the> title", ""][n % 3],
        "other": E[n % 4],
        "year": [2023, None, 0][n % 3],
        "fact": F[n % 3],
        "count": [1, 3, 12][n % 3],
        "cites": [[1], [2, 4, 5], list(range(1, 11))][n % 3],
        "cites_more": [0, 0, 2][n % 3],
    }


HREFS = {"entity page": "drivers/ana-lopes/", "home": "", "404": "404.html"}

# every twin, with the calls to compare: (args before href[, {keyword args}])
CASES: dict[str, list[tuple]] = {
    "elink_html": [(e,) for e in E],
    "cell_html": [(c,) for c in CELLS],
    "cell_items_html": [(CELLS,), ([],), ([CELLS[2]],)],
    "grid_row_html": [(r,) for r in ROWS] + [(r, {"columns": ["Year", "Team <&>", "Car"]}) for r in ROWS],
    "grid_rows_html": [(ROWS,), ([],), (ROWS, {"columns": ("Year", 'Team "x"')})],
    "fact_row_html": [(fact_row(n),) for n in range(6)],
    "fact_rows_html": [([fact_row(n) for n in range(6)],), ([],)],
    "source_item_html": [(n, r) for n, r in enumerate(R, start=1)],
    "source_items_html": [(R,), ([],)],
    "elink_list_html": [([],), (E[:1],), (E,), ([E[1], E[0], E[1]],)],
    "related_html": [([],), (E,), ([E[0], E[1], "and 4 more"],), ([E[2], "and 1 more", E[3]],)],
    "fact_item_html": [(f, ENTITIES) for f in F],
    "fact_items_html": [(F, ENTITIES), ([], ENTITIES)],
    "release_item_html": [(r, c) for r in R for c in ("", 'He said "<hi>" & left.')],
    "release_items_html": [(R, {r.id: ["", "ctx <1>", "&", "x"][i] for i, r in enumerate(R)}), ([], {})],
    "crumbs_html": [([],), ([("Drivers", "drivers/"), ("Ana <b>", "")],), ([("Releases", "releases/"), ("2024", "")],)],
}


@pytest.fixture(scope="module")
def jinja(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The twins' names, each calling racekb's own `_macros.html` through Jinja."""
    return macro_globals(environment(Site.at(tmp_path_factory.mktemp("site"))))


def test_every_twin_the_templates_call_is_checked(jinja, tmp_path):
    env = environment(Site.at(tmp_path))
    called = {name for name in env.globals if name.endswith("_html")}
    assert called == set(jinja) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("page", sorted(HREFS))
def test_each_twin_makes_its_macros_bytes(jinja, name, page):
    for args in CASES[name]:
        kwargs = args[-1] if args and isinstance(args[-1], dict) and "columns" in args[-1] else {}
        args = args[:-1] if kwargs else args
        # a page's own href (remembering links), as the renderer gives it, and a plain function
        for href in (twins.PageHref(HREFS[page], {}), lambda target: "../" + target):
            assert str(getattr(twins, name)(*args, href, **kwargs)) == str(jinja[name](*args, href, **kwargs)), (name, args)


def build(root: Path, cli) -> dict[str, bytes]:
    run = cli("build", "-C", root, "-q")
    assert run.code == 0, str(run)
    return {p.relative_to(root / "build").as_posix(): p.read_bytes() for p in sorted((root / "build").rglob("*")) if p.is_file()}


def test_a_copy_of_our_macros_builds_the_same_site(make_site, cli):
    """Through Jinja (a site's own _macros.html) or the twins, every page is the same bytes."""
    plain, custom = make_site(name="plain"), make_site(name="custom")
    (custom / "templates").mkdir()
    shutil.copy(REPO / "templates" / "_macros.html", custom / "templates" / "_macros.html")
    assert build(plain, cli) == build(custom, cli)


def test_an_overridden_macro_shows_on_entity_pages(make_site, cli):
    site = make_site()
    (site / "templates").mkdir()
    macros = (REPO / "templates" / "_macros.html").read_text(encoding="utf-8")
    elink = macros.splitlines()[0]
    assert elink.startswith("{% macro elink(e) %}")
    (site / "templates" / "_macros.html").write_text(
        macros.replace(elink, '{% macro elink(e) %}<a class="house" href="{{ href(e.url) }}">{{ e.name }}</a>{% endmacro %}'),
        encoding="utf-8",
    )
    pages = build(site, cli)
    entity = pages["drivers/tom-blomqvist/index.html"].decode()
    assert '<a class="house" href="' in entity and 'data-entity="' not in entity.split("<main", 1)[-1]
    release = next(text for path, text in pages.items() if path.startswith("releases/2") and path.endswith(".html"))
    assert b'<a class="house" href="' in release
    # and a rebuild with the cache after editing the macro picks the edit up on every such page
    (site / "templates" / "_macros.html").write_text(macros, encoding="utf-8")
    again = build(site, cli)
    assert '<a class="house"' not in again["drivers/tom-blomqvist/index.html"].decode()
