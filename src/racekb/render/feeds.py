"""The files other programs read: Atom feeds (the site's and each entity's), sitemap.xml, robots.txt.

Nothing here reads the clock: a feed's `updated` is its newest release's date and a page's
`lastmod` the newest release that touches it, so the same input builds the same bytes.

What a validator or a crawler holds the site to:
* an entry's id never changes: a tag: URI (RFC 4151) made of the publisher's host (or the site
  title's slug), the release's date and its address; not the base URL, which moves with hosting;
* the author is the publisher (racekb.yaml), never a release's dateline city;
* a summary is the release's opening without its dateline (racekb.dateline);
* sitemap.xml holds absolute addresses only, so it is written only when the base URL is known;
* robots.txt is read only at a host's root, so it is written only when the site is published there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from racekb import GENERATOR
from racekb.render.dateline import strip_dateline
from racekb.model.graph import Graph, Release
from racekb.render.search_index import cut
from racekb.load.siteconfig import SiteConfig
from racekb.model.slug import slugify
from racekb.model.text import markdown_paragraphs

FEED_SIZE = 50
SUMMARY_CHARS = 400
# the date of a feed's own tag: RFC 4151 wants a date on which the name was the tagger's; a fixed
# one keeps the feed's id the same whatever releases come and go (an entry's tag uses its own date)
FEED_TAG_DATE = "2000"


def _loc(base_url: str, path: str) -> str:
    return (base_url.rstrip("/") + "/" + path) if base_url else (path or "./")


def tag_authority(config: SiteConfig) -> str:
    """The tagging entity of every id: the publisher's host name, else the site title's slug."""
    from urllib.parse import urlsplit  # here, as xml.sax below: not every command's to load

    if config.author is not None and config.author.url:
        host = urlsplit(config.author.url).hostname or ""
        if host:
            return host.lower()
    return slugify(config.title) or "racekb"


def entry_id(config: SiteConfig, release: Release) -> str:
    return f"tag:{tag_authority(config)},{release.date}:{release.url}"


def feed_id(config: SiteConfig, path: str) -> str:
    return f"tag:{tag_authority(config)},{FEED_TAG_DATE}:{path}"


def summary(release: Release) -> str:
    """The release's opening as plain text, without its dateline, nor the headline when the text
    repeats it first (the entry's title already says it)."""
    paragraphs = markdown_paragraphs(release.body)
    while paragraphs and _words(paragraphs[0]) == _words(release.title):
        paragraphs = paragraphs[1:]
    # a sub-headline (short, no full stop) above the dateline: the dateline is where the text begins
    if (len(paragraphs) > 1 and len(paragraphs[0]) <= 160 and not paragraphs[0].rstrip().endswith((".", "!", "?"))
            and strip_dateline(paragraphs[1]) != paragraphs[1].lstrip()):
        paragraphs = paragraphs[1:]
    return cut(strip_dateline(" ".join(paragraphs)), SUMMARY_CHARS)


def _words(text: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in text.casefold()).split()


def atom_feed(graph: Graph, config: SiteConfig, releases: Iterable[Release] | None = None,
              path: str = "feed.xml", page: str = "", title: str = "",
              summarize: Callable[[Release], str] = summary) -> str:
    """An Atom 1.0 feed of the newest releases (of the whole site, or those `releases` of one
    entity), at site path `path`, about the page at `page`. `summarize`: `summary`, or one that
    remembers (a release is in the feeds of the two dozen entities it names)."""
    from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib and http, 11 ms of every start

    base_url = config.base_url
    chosen = list(graph.releases if releases is None else releases)[:FEED_SIZE]
    updated = f"{chosen[0].date}T00:00:00Z" if chosen else "1970-01-01T00:00:00Z"
    author = config.author
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
           f"  <title>{escape(title or config.title)}</title>"]
    if config.description and releases is None:
        out.append(f"  <subtitle>{escape(config.description)}</subtitle>")
    out += [f"  <id>{escape(feed_id(config, path))}</id>",
            f"  <updated>{updated}</updated>",
            f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(_loc(base_url, page))}/>",
            f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(_loc(base_url, path))}/>",
            "  <author>",
            f"    <name>{escape(config.publisher_name)}</name>"]
    if author is not None and author.url:
        out.append(f"    <uri>{escape(author.url)}</uri>")
    out += ["  </author>", f"  <generator>{escape(GENERATOR)}</generator>"]
    if config.logo and base_url:
        out.append(f"  <logo>{escape(_loc(base_url, config.logo_target))}</logo>")
    for r in chosen:
        out += ["  <entry>",
                f"    <title>{escape(r.title)}</title>",
                f"    <id>{escape(entry_id(config, r))}</id>",
                f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(_loc(base_url, r.url))}/>",
                f"    <published>{r.date}T00:00:00Z</published>",
                f"    <updated>{r.date}T00:00:00Z</updated>",
                f"    <summary>{escape(summarize(r))}</summary>",
                "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def sitemap(graph: Graph, base_url: str, extra: list[str]) -> str:
    """sitemap.xml: every page, by absolute address, with lastmod from the input's dates."""
    from xml.sax.saxutils import escape
    if not base_url:
        raise ValueError("a sitemap holds absolute addresses: it needs the base URL")
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


def at_host_root(base_url: str) -> bool:
    """True when the site is published at the root of its host (where crawlers read robots.txt)."""
    from urllib.parse import urlsplit

    return bool(base_url) and urlsplit(base_url).path in ("", "/")


def robots(base_url: str) -> str:
    """robots.txt for a site at its host's root: everything allowed, and where the sitemap is."""
    return f"User-agent: *\nAllow: /\nSitemap: {_loc(base_url, 'sitemap.xml')}\n"


def publishing_warnings(base_url: str) -> list[str]:
    """One line for each publishing file left out, saying why (the build's warnings)."""
    if not base_url:
        return [("no base URL (set base_url in racekb.yaml or give --base-url): sitemap.xml and robots.txt "
                 "are not written, and the feeds' links are relative")]
    if not at_host_root(base_url):
        return [(f"the base URL {base_url} is under a sub-path, where crawlers never read robots.txt: "
                 "no robots.txt is written (submit sitemap.xml to search engines instead)")]
    return []
