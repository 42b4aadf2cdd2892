"""The files other programs read: the Atom feed of releases, sitemap.xml and robots.txt.

Nothing here reads the clock: the feed's `updated` is the newest release's date and a page's
`lastmod` the newest release that touches it, so the same input builds the same bytes.
Without --base-url the feed and sitemap carry site-relative addresses (resolved against the file's
own address, as XML allows); with it, absolute ones.
"""

from __future__ import annotations


from racekb import GENERATOR
from racekb.model.graph import Graph
from racekb.render.search_index import snippet

FEED_SIZE = 50


def _loc(base_url: str, path: str) -> str:
    return (base_url.rstrip("/") + "/" + path) if base_url else (path or "./")


def atom_feed(graph: Graph, base_url: str, title: str = "racekb releases") -> str:
    """An Atom 1.0 feed of the newest releases."""
    from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib and http, 11 ms of every start

    releases = graph.releases[:FEED_SIZE]
    updated = f"{releases[0].date}T00:00:00Z" if releases else "1970-01-01T00:00:00Z"
    site_id = base_url.rstrip("/") + "/" if base_url else "urn:racekb:site"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"  <title>{escape(title)}</title>",
           f"  <id>{escape(site_id)}</id>",
           f"  <updated>{updated}</updated>",
           f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(_loc(base_url, ''))}/>",
           f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(_loc(base_url, 'feed.xml'))}/>",
           f"  <generator>{escape(GENERATOR)}</generator>"]
    for r in releases:
        entry_id = _loc(base_url, r.url) if base_url else f"urn:racekb:release:{r.id}"
        summary = (f"{r.city}: " if r.city else "") + snippet(r.body, 400)
        out += ["  <entry>",
                f"    <title>{escape(r.title)}</title>",
                f"    <id>{escape(entry_id)}</id>",
                f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(_loc(base_url, r.url))}/>",
                f"    <published>{r.date}T00:00:00Z</published>",
                f"    <updated>{r.date}T00:00:00Z</updated>",
                f"    <author><name>{escape(r.city or 'Press release')}</name></author>",
                f"    <summary>{escape(summary)}</summary>",
                "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def sitemap(graph: Graph, base_url: str, extra: list[str]) -> str:
    """sitemap.xml: every page, with lastmod from the input's dates."""
    from xml.sax.saxutils import escape
    dates = {r.id: r.date for r in graph.releases}
    newest = graph.releases[0].date if graph.releases else ""
    entries: list[tuple[str, str]] = [(p, newest) for p in extra]
    entries += [(r.url, r.date) for r in graph.releases]
    for e in sorted(graph.entities.values(), key=lambda e: e.url):
        entries.append((e.url, max((dates[r] for r in e.releases if r in dates), default=newest)))
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, lastmod in entries:
        out.append(f"  <url><loc>{escape(_loc(base_url, path))}</loc>"
                   + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def robots(base_url: str) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {_loc(base_url, 'sitemap.xml')}")
    return "\n".join(lines) + "\n"
