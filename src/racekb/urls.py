"""The one relative-URL helper: every link in the site goes through `relative`."""

from __future__ import annotations

import posixpath


def relative(from_page: str, to: str) -> str:
    """A link from the page at `from_page` to `to`, both relative to the site root.

    Page addresses end in "/" ("drivers/tom-blomqvist/"); links to them name index.html
    explicitly, because a site opened from file:// has no server to find the index.
    A fragment ("#facts") is kept.
    """
    to, hash_, fragment = to.partition("#")
    if to == "" or to.endswith("/"):
        to = to + "index.html"
    here = _dir_parts(from_page)
    there = to.split("/")
    common = 0
    for a, b in zip(here, there[:-1]):
        if a != b:
            break
        common += 1
    # computed by hand, not posixpath.relpath: a big site makes a hundred thousand of these
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    return rel + (hash_ + fragment if hash_ else "")


def _dir_parts(page: str) -> list[str]:
    """The folders of a page address: "drivers/x/" -> [drivers, x]; "404.html" -> []."""
    parts = page.split("/")
    return [p for p in parts[:-1] if p]


def root_prefix(from_page: str) -> str:
    """The relative path from `from_page` back to the site root, ending in "/" ("../../", "./").

    Scripts use it to find the search index beside the page they run on, from any host or file://.
    """
    from_dir = from_page if from_page.endswith("/") else posixpath.dirname(from_page) + "/"
    depth = len([p for p in from_dir.split("/") if p])
    return "../" * depth if depth else "./"


def absolute(base_url: str, to: str) -> str:
    """The canonical, absolute address of site path `to` under `base_url` ("" when no base is set).

    Canonical addresses are the pretty form ("drivers/x/"), the one a server answers and a search
    engine should index; only relative links spell out index.html for file://.
    """
    if not base_url:
        return ""
    if to.endswith("index.html"):
        to = to[: -len("index.html")]
    return base_url.rstrip("/") + "/" + to.lstrip("/")
