"""The one relative-URL helper: every link in the site goes through `relative`."""

from __future__ import annotations

import posixpath
from functools import lru_cache


def relative(from_page: str, to: str) -> str:
    """A link from the page at `from_page` to `to`, both relative to the site root.

    Page addresses end in "/" ("drivers/tom-blomqvist/"); links to them name index.html
    explicitly, because a site opened from file:// has no server to find the index.
    A fragment ("#facts") is kept.
    """
    first, up = _page_dirs(from_page)
    if (not first or not to.startswith(first)) and "#" not in to:
        # the usual case (a driver's page linking a team, a release its entities): no folder in
        # common, so the link climbs to the root; the same result as _relative, several times faster
        return up + (to + "index.html" if to == "" or to[-1] == "/" else to)
    return _relative(from_page, to)


def _relative(from_page: str, to: str) -> str:
    """`relative` worked out in full: the folders the two addresses share are not climbed."""
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


@lru_cache(maxsize=1024)
def _page_dirs(page: str) -> tuple[str, str]:
    """A page's first folder with its slash ("drivers/x/" -> "drivers/"; "" for a page at the
    root), and the climb from the page to the root ("../../"). Remembered: a page asks for
    every link it makes."""
    here = _dir_parts(page)
    return (here[0] + "/" if here else ""), "../" * len(here)


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


def check_base_url(text: str) -> str:
    """A `--base-url` as racekb will use it, or ValueError saying why not.

    It goes into canonical links, the feed, the sitemap and robots.txt, so it must be an absolute
    http(s) address with a host, and nothing that could break a line or an attribute (a newline
    once put a line of the user's choosing into robots.txt; `javascript:` a script into links)."""
    from urllib.parse import urlsplit

    if text == "":
        return text
    if any(ord(c) < 0x21 or 0x7F <= ord(c) < 0xA0 or c in "<>\"'`\\{}|^" for c in text):
        raise ValueError("it holds a space, a line break or another character an address may not hold")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"not an address ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("it must start with http:// or https://")
    if not parts.hostname:
        raise ValueError("it has no host name (want e.g. https://example.org/racing/)")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("it may not hold a ?query, a #fragment or a user name")
    del port
    return text
