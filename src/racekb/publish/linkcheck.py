"""Checking a built site the way a reader's browser would meet it, stdlib only.

Errors break the site: a link or #anchor that leads nowhere, a page without a <title> or without
exactly one <h1>, an entity of graph.json without its page, a feed, sitemap or JSON-LD block that
does not parse. Warnings are what MkDocs' --strict turns into errors: links that only work on a
server (a folder without index.html), duplicate ids, links with no text, skipped heading levels,
pages nothing links to.
"""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from racekb.model.safeio import is_regular, read_regular

EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


@dataclass
class Problem:
    page: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.page}: {self.severity}: {self.message}"


@dataclass
class PageFacts:
    """What one HTML page offers (ids) and asks for (links), as parsed."""

    ids: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (attribute value, link text)
    title: str = ""
    h1: int = 0
    headings: list[int] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    redirect: bool = False  # a page left at a retired address (meta refresh): only old links reach it


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._in_title = False
        self._anchor: list[str] | None = None
        self._anchor_href = ""
        self._skip = 0
        self._jsonld: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.facts.ids.append(a["id"])
        if tag == "a" and "name" in a:
            self.facts.ids.append(a["name"])
        if tag in ("script", "style"):
            self._skip += 1
            if tag == "script" and "src" in a:
                self.facts.links.append((a["src"], "(script)"))
            if tag == "script" and a.get("type") in ("application/ld+json", "application/json"):
                self._jsonld = []
        if tag == "title":
            self._in_title = True
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.facts.redirect = True
        if re.fullmatch(r"h[1-6]", tag):
            self.facts.headings.append(int(tag[1]))
            if tag == "h1":
                self.facts.h1 += 1
        if tag == "link" and a.get("rel") in ("stylesheet", "alternate", "icon") and "href" in a:
            self.facts.links.append((a["href"], "(link)"))
        if tag == "img":
            self.facts.links.append((a.get("src", ""), a.get("alt", "")))
        if tag == "a" and "href" in a:
            self._anchor, self._anchor_href = [], a["href"]
            if a.get("aria-label"):
                self._anchor.append(a["aria-label"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        if tag == "script" and self._jsonld is not None:
            self.facts.jsonld.append("".join(self._jsonld))
            self._jsonld = None
        if tag == "title":
            self._in_title = False
        if tag == "a" and self._anchor is not None:
            self.facts.links.append((self._anchor_href, " ".join("".join(self._anchor).split())))
            self._anchor = None

    def handle_data(self, data: str) -> None:
        if self._jsonld is not None:
            self._jsonld.append(data)
        if self._skip:
            return
        if self._in_title:
            self.facts.title += data
        if self._anchor is not None:
            self._anchor.append(data)


def parse(html: str) -> PageFacts:
    p = _Parser()
    p.feed(html)
    p.close()
    return p.facts


def check_site(out: Path) -> list[Problem]:
    """Every problem found in the built site at `out`, errors and warnings, in page order."""
    if not (out / "graph.json").is_file():
        return [Problem(str(out), "no graph.json here; run `racekb build` first")]
    pages = {p.relative_to(out).as_posix(): parse(read_regular(p).decode("utf-8", "replace"))
             for p in sorted(out.rglob("*.html")) if is_regular(p)}
    found: list[Problem] = []
    linked: set[str] = set()
    for name, facts in pages.items():
        title = " ".join(facts.title.split())
        if not title:
            found.append(Problem(name, "no <title>"))
        if facts.h1 != 1:
            found.append(Problem(name, f"{facts.h1} <h1> elements; a page has exactly one"))
        for block in facts.jsonld:
            try:
                json.loads(block)
            except ValueError as exc:
                found.append(Problem(name, f"a JSON <script> block does not parse: {exc}"))
        dupes = sorted({i for i in facts.ids if facts.ids.count(i) > 1})
        if dupes:
            found.append(Problem(name, f"duplicate id(s): {', '.join(dupes)}", "warning"))
        for before, after in zip(facts.headings, facts.headings[1:]):
            if after > before + 1:
                found.append(Problem(name, f"heading level skips from h{before} to h{after}", "warning"))
                break
        for target, text in facts.links:
            if not target or EXTERNAL.match(target) or name == "404.html" and target.startswith("/"):
                continue
            if not text:
                found.append(Problem(name, f"link to {target} has no text", "warning"))
            parts = urlsplit(target)
            path, fragment = unquote(parts.path), unquote(parts.fragment)
            if path == "":
                dest = name
            else:
                dest = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
                if dest.startswith("../"):
                    found.append(Problem(name, f"link {target} leaves the site"))
                    continue
                if path.endswith("/") or (out / dest).is_dir():
                    found.append(Problem(name, f"link {target} names a folder; it works on a server but not from file://",
                                         "warning"))
                    dest = posixpath.join(dest, "index.html")
                if not (out / dest).is_file():
                    found.append(Problem(name, f"broken link {target}"))
                    continue
            linked.add(dest)
            if fragment and dest in pages and fragment not in pages[dest].ids:
                found.append(Problem(name, f"broken anchor {target}: no id {fragment!r} in {dest}"))
    for xml_name in ("feed.xml", "sitemap.xml"):
        xml_path = out / xml_name
        if not xml_path.is_file():
            if xml_name == "feed.xml":  # a sitemap is written only when the base URL is known
                found.append(Problem(xml_name, "missing", "warning"))
            continue
        try:
            ET.parse(xml_path)
        except ET.ParseError as exc:
            found.append(Problem(xml_name, f"not well-formed XML: {exc}"))
    found += _graph_problems(out)
    for name in pages:
        if name not in linked and name not in ("index.html", "404.html") and not pages[name].redirect:
            found.append(Problem(name, "no page links here", "warning"))
    return found


def _graph_problems(out: Path) -> list[Problem]:
    """Every entity of graph.json has its page; a damaged graph.json is a problem of its own,
    said plainly (it was an internal error)."""
    try:
        graph = json.loads(read_regular(out / "graph.json").decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem("graph.json", f"cannot be read: {exc}")]
    except (ValueError, RecursionError) as exc:
        return [Problem("graph.json", f"not valid JSON ({str(exc)[:120]}); build the site again")]
    entities = graph.get("entities", []) if isinstance(graph, dict) else None
    if not isinstance(entities, list):
        return [Problem("graph.json", "not a racekb graph (want an object with a list of entities); build the site again")]
    found = []
    for n, entity in enumerate(entities):
        url, eid = (entity.get("url"), entity.get("id")) if isinstance(entity, dict) else (None, None)
        if not isinstance(url, str) or not isinstance(eid, str):
            found.append(Problem("graph.json", f"entity #{n + 1} has no text id and url; build the site again"))
            continue
        try:
            there = (out / url / "index.html").is_file()
        except (OSError, ValueError):
            there = False
        if not there:
            found.append(Problem("graph.json", f"{eid} has no page at {url}index.html"))
    return found
