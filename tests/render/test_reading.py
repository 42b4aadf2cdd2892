"""How pages read (issue 15, "Reading"): dates in words inside <time>, one row per distinct fact
citing numbered sources, a release linked once per list, verbs that fit their object, an empty
site that says how to begin. Rendered from small graphs made here, in our own words."""

from __future__ import annotations

import re

import pytest

from racekb.model.graph import Entity, Fact, Graph, Release
from racekb.model.site import Site
from racekb.render import pages as render
from racekb.render.dates import long_date
from racekb.render.reference import phrase


@pytest.mark.parametrize("iso,shown", [("2023-10-19", "19 October 2023"), ("2024-01-05", "5 January 2024"),
                                       ("1999-12-31", "31 December 1999"), ("2023-10", "October 2023"),
                                       ("2023", "2023"), ("2023-13-01", "2023-13-01"), ("2023-02-00", "2023-02-00"),
                                       ("soon", "soon"), ("", "")])
def test_long_date(iso, shown):
    assert long_date(iso) == shown


@pytest.mark.parametrize("predicate,obj,side,verb", [
    ("won_race", "track/road-course", "s", "won at"),
    ("won_race", "event/grand-prix", "s", "won"),
    ("won_race", "track/road-course", "o", "race won here by"),
    ("won_race", "event/grand-prix", "o", "won by"),
    ("pole", "track/road-course", "o", "pole taken here by"),
    ("won_title", "championship/cup", "s", "won the title"),
    ("drives_for", "team/crew", "s", "drives for"),
])
def test_verbs_fit_the_object(predicate, obj, side, verb):
    """A race is won, a track is where one is won ("won at Road Course", never "won Road Course")."""
    f = Fact("driver/ann-driver", predicate, obj, 2023, "r", "")
    assert phrase(f, f.subject if side == "s" else f.object) == verb


def _site(tmp_path, releases, entities, facts) -> dict[str, str]:
    (tmp_path / "site").mkdir(exist_ok=True)
    pages, _ = render.render_site(Graph(releases, {e.id: e for e in entities}, facts), Site.at(tmp_path / "site"))
    return pages


def _releases(n: int) -> list[Release]:
    out = [Release(f"2021-0{k + 1}-1{k}-r{k}", f"Release number {k}", f"2021-0{k + 1}-1{k}", "s", "",
                   "Ann Driver won at Road Course.", {"Ann Driver": "driver/ann-driver"}) for k in range(n)]
    out.reverse()  # newest first, as the graph holds them
    return out


def test_a_fact_stated_in_several_releases_is_one_row_citing_each_once(tmp_path):
    rels = _releases(4)
    ann = Entity("driver/ann-driver", "driver", "Ann Driver", "ann-driver", [], [r.id for r in rels])
    track = Entity("track/road-course", "track", "Road Course", "road-course", [], [r.id for r in rels])
    crew = Entity("team/crew-racing", "team", "Crew Racing", "crew-racing", [], [rels[0].id])
    facts = [Fact(ann.id, "won_race", track.id, 2021, r.id, f"Ann Driver won at Road Course ({r.title}).") for r in rels]
    facts.append(Fact(ann.id, "drives_for", crew.id, 2021, rels[0].id, "Ann Driver drives for Crew Racing."))
    html = _site(tmp_path, rels, [ann, track, crew], facts)["drivers/ann-driver/index.html"]
    table = html.split('id="facts"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 2  # the head, and one row per distinct fact
    assert "won at " in table and ">Road Course</a>" in table
    assert "Stated in 4 releases: " in table and "Source [" not in table.split("Stated in")[1].split("</tr>")[0]
    assert 'href="../../releases/' not in table  # rows cite numbers; the releases are linked below
    sources = html.split('id="sources"')[1].split("</ol>")[0]
    linked = re.findall(r'href="\.\./\.\./releases/([^"]+)/index\.html"', sources)
    assert sorted(linked) == sorted(r.id for r in rels)  # each release once
    for n in range(1, 5):
        assert f'href="#source-{n}"' in table and f'id="source-{n}"' in sources
    # the evidence row and its first number are the newest release's
    assert re.search(r'Release number 3\)\.</blockquote><span class="cite">Stated in 4 releases: '
                     r'<a href="#source-1">\[1\]</a>', table)
    assert '<time datetime="2021-04-13">13 April 2021</time>' in sources
    assert "Wins: at Road Course (2021)." in html  # the summary: a track is where a race was won
    honours = html.split('id="honours"')[1].split("</table>")[0]
    assert "Won at " in honours and "Won <a" not in honours


def test_dates_are_words_inside_time_everywhere(tmp_path):
    rels = _releases(2)
    ann = Entity("driver/ann-driver", "driver", "Ann Driver", "ann-driver", [], [r.id for r in rels])
    pages = _site(tmp_path, rels, [ann], [])
    for path, html in pages.items():
        if not path.endswith(".html"):
            continue
        for iso, shown in re.findall(r'<time datetime="([^"]+)">([^<]*)</time>', html):
            assert shown == long_date(iso) and shown != iso, path
        visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.DOTALL)
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", visible), path
    assert '<time datetime="2021-02-11">11 February 2021</time>' in pages[rels[0].url + "index.html"]


def test_an_empty_site_says_how_to_add_releases(tmp_path):
    pages = _site(tmp_path, [], [], [])
    home = pages["index.html"]
    assert "All 0 releases" not in home and "0 releases" not in home
    assert "No releases yet" in home and "<code>seeds/</code>" in home and "racekb build" in home
    assert "seeds/" in pages["releases/index.html"]
