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
    from_dir = from_page if from_page.endswith("/") else posixpath.dirname(from_page) + "/"
    if from_dir == "/":
        from_dir = ""
    rel = posixpath.relpath("/" + to, "/" + (from_dir or ""))
    return rel + (hash_ + fragment if hash_ else "")
