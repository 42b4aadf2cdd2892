"""The one relative-URL helper: links work from file://, any sub-path and any host."""

from __future__ import annotations

import posixpath

import pytest

from racekb.render.urls import _relative, absolute, relative, root_prefix

PAGES = ["", "drivers/", "drivers/tom-blomqvist/", "releases/2023-10-19-x/", "404.html", "search/"]


@pytest.mark.parametrize("src", PAGES)
@pytest.mark.parametrize("dst", PAGES + ["static/style.css", "feed.xml"])
def test_relative_link_resolves_to_its_target(src, dst):
    link = relative(src, dst)
    assert not link.startswith("/")
    here = posixpath.dirname("/" + (src + "index.html" if src.endswith("/") or src == "" else src))
    landed = posixpath.normpath(posixpath.join(here, link))
    expected = "/" + (dst + "index.html" if dst.endswith("/") or dst == "" else dst)
    assert landed == expected


def test_relative_keeps_fragment_and_names_index_html():
    assert relative("drivers/x/", "teams/y/#roster") == "../../teams/y/index.html#roster"
    assert relative("", "") == "index.html"


@pytest.mark.parametrize("page,prefix", [("", "./"), ("404.html", "./"), ("search/", "../"),
                                         ("drivers/tom-blomqvist/", "../../")])
def test_root_prefix(page, prefix):
    assert root_prefix(page) == prefix


def test_absolute_uses_pretty_addresses_and_one_slash():
    assert absolute("https://ex.org/kb/", "drivers/x/") == "https://ex.org/kb/drivers/x/"
    assert absolute("https://ex.org/kb", "drivers/x/index.html") == "https://ex.org/kb/drivers/x/"
    assert absolute("https://ex.org", "") == "https://ex.org/"
    assert absolute("", "drivers/x/") == ""


ADDRESSES = PAGES + ["drivers/y/", "drivers/tom-blomqvist/#facts", "drivers/tom-blomqvist/index.html", "drivers",
                     "driversx/y/", "teams/y/#roster", "#top", "releases/", "releases/2023-10-19-x/", "a/b/c/",
                     "drivers//x/", "/drivers/x/", "static/style.css"]


@pytest.mark.parametrize("src", ADDRESSES)
def test_relative_fast_path_is_the_full_computation(src):
    """`relative` takes a short cut when the two addresses share no folder; it must give the
    same link as the full computation for every pair."""
    for dst in ADDRESSES:
        assert relative(src, dst) == _relative(src, dst), (src, dst)
