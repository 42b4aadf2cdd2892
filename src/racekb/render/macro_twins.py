"""Python twins of `templates/_macros.html`: the links, cells, table rows and list items that
entity and release pages print thousands of times at 10,000 releases, made by plain string joins.

Why: a Jinja macro call costs several times the string it makes. Each twin makes the very bytes
of its macro (tests/render/test_macro_twins.py compares them, escaping cases included); the page layout
stays in the templates, which call these by name. `PageHref` is a page's `href`, remembering
each address and entity link it has made.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

from markupsafe import Markup, escape

from racekb.model.graph import Entity, Fact, Release
from racekb.render.dates import long_date
from racekb.render.reference import phrase
from racekb.render.urls import relative


def _esc(value: object) -> str:
    """`escape(value)` as a plain str, for the twins below, which join escaped parts: the same
    bytes (markupsafe's five characters, `&` first), without the two Python calls and the Markup
    object escape() makes each time, since a page escapes thousands of names, titles and dates."""
    if type(value) is not str:
        return str(escape(value))
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "'" in value:
        value = value.replace("'", "&#39;")
    if '"' in value:
        value = value.replace('"', "&#34;")
    return value


def elink_html(e: Entity, href: Callable[[str], str]) -> Markup:
    """`_macros.html`'s `elink` in Python, byte for byte: pages call it hundreds of thousands of
    times at 10,000 releases, and a Jinja macro call costs several times the string it makes."""
    return Markup(_elink(e, href))


def _elink(e: Entity, href: Callable[[str], str]) -> str:
    if type(href) is PageHref:
        return href.entity_link(e)
    # str.join of escaped parts: the same bytes as Markup's `%`, without its per-argument wrappers
    return "".join(('<a href="', _esc(href(e.url)), '" data-entity="', _esc(e.id), '">',
                    _esc(e.name), "</a>"))


def cell_html(items: list, href: Callable[[str], str]) -> Markup:
    """`_macros.html`'s `cell` in Python, byte for byte (entities linked, a comma between two
    adjacent entities, every text item followed by a space and, after an entity, preceded by
    one), for the same reason as elink_html."""
    return Markup(_cell(items, href))


def _linker(href: Callable[[str], str]) -> Callable[[Entity], str]:
    """`_elink(e, href)` as a one-argument function: a page's own PageHref.entity_link (its
    links remembered) when it has one. Worked out once a table, not once a cell."""
    return href.entity_link if type(href) is PageHref else partial(_elink, href=href)


def _cell(items: list, href: Callable[[str], str]) -> str:
    return _cell_by(items, _linker(href))


def _cell_by(items: list, link: Callable[[Entity], str]) -> str:
    """`_cell` with the link function given. Most cells hold one item (a year, a name), and
    take a shorter way; in longer ones each item is tested once, the comma put before an
    entity that follows one (entity pages make ~100 cells each)."""
    if len(items) == 1:
        item = items[0]
        return link(item) if isinstance(item, Entity) else _esc(item) + " "
    out: list[str] = []
    after_entity = False
    for item in items:
        if isinstance(item, Entity):
            if after_entity:
                out.append(", ")
            out.append(link(item))
            after_entity = True
        else:
            if after_entity:
                out.append(" ")  # "A, B and 3 more"
            out.append(_esc(item))
            out.append(" ")
            after_entity = False
    return "".join(out)


def cell_items_html(items: list[list], href: Callable[[str], str]) -> Markup:
    """`_macros.html`'s `cell_items` in Python, byte for byte: cells as list items, the entries
    under one year of an entity page's timeline (~38,000 of them at 2,000 releases)."""
    link = _linker(href)
    return Markup("".join(["<li>" + _cell_by(item, link) + "</li>" for item in items]))


def grid_row_html(row: list[list], href: Callable[[str], str], columns: list[str] | tuple = ()) -> Markup:
    """`_macros.html`'s `grid_row` in Python, byte for byte: one row of a reference table (the
    first cell its heading). Entity pages show tens of thousands of these rows at 10,000
    releases, and the template's loop over a row's cells cost more than the cells' text.
    `columns` names each data cell (`data-label`), which a phone shows above the cell when
    the table is stacked into rows (style.css)."""
    return Markup(_grid_row(row, _linker(href), _labels(columns)))


def grid_rows_html(rows: list[list[list]], href: Callable[[str], str], columns: list[str] | tuple = ()) -> Markup:
    """A table's rows, each `grid_row` and a newline, as entity.html's loop over them printed
    them: one call a table instead of one Jinja call, escape and loop step a row."""
    link = _linker(href)
    labels = _labels(columns)
    return Markup("".join([_grid_row(row, link, labels) + "\n" for row in rows]))


def _labels(columns: list[str] | tuple) -> list[str]:
    """Each data cell's opening tag, made once a table: `<td data-label="...">` by column."""
    return ['<td data-label="' + _esc(c) + '">' for c in columns]


def _grid_row(row: list[list], link: Callable[[Entity], str], labels: list[str] | None = None) -> str:
    out = ['<tr><th scope="row">', _cell_by(row[0], link), "</th>"] if row else ["<tr>"]
    labels = labels or []
    for n, cell in enumerate(row[1:], start=1):
        out.append(labels[n] if n < len(labels) else "<td>")
        out.append(_cell_by(cell, link))
        out.append("</td>")
    out.append("</tr>")
    return "".join(out)


def fact_row_html(row: dict, href: Callable[[str], str]) -> Markup:
    """`_macros.html`'s `fact_row` in Python, byte for byte: one row of an entity page's "Facts
    and evidence" (reference.fact_rows), up to eighty a page, each a dozen escaped fields that
    the template printed one by one."""
    return Markup(_fact_row(row, href))


def fact_rows_html(rows: list[dict], href: Callable[[str], str]) -> Markup:
    """"Facts and evidence" rows, each `fact_row` and a newline, as entity.html's loop printed
    them (one call a table, as grid_rows_html)."""
    return Markup("".join([_fact_row(row, href) + "\n" for row in rows]))


def _fact_row(row: dict, href: Callable[[str], str]) -> str:
    count = row["count"]
    out = ["<tr>\n  <td>", _esc(row["year"] or ""), "</td>\n  <td>", _esc(row["label"]), " ",
           _elink(row["other"], href), "</td>\n  <td><blockquote>", _esc(row["fact"].evidence),
           '</blockquote><span class="cite">',
           "Source" if count == 1 else "Stated in " + _esc(count) + " releases:", " ",
           " ".join(['<a href="#source-' + _esc(n) + '">[' + _esc(n) + "]</a>" for n in row["cites"]])]
    more = row["cites_more"]
    if more:
        out.extend((" and ", _esc(more), " more"))
    out.append("</span></td>\n</tr>")
    return "".join(out)


def source_item_html(n: int, r: Release, href: Callable[[str], str]) -> Markup:
    """`_macros.html`'s `source_item` in Python, byte for byte: one numbered source under an
    entity page's "Facts and evidence" (citations.cite), each release once."""
    return Markup(_source_item(n, r, href))


def source_items_html(sources: list[Release], href: Callable[[str], str]) -> Markup:
    """The numbered sources, each `source_item` (numbered from 1) and a newline, as a loop over
    them in entity.html would print them (one call a page)."""
    return Markup("".join([_source_item(n, r, href) + "\n" for n, r in enumerate(sources, start=1)]))


def _source_item(n: int, r: Release, href: Callable[[str], str]) -> str:
    return "".join(('<li id="source-', _esc(n), '"><a href="', _esc(href(r.url)), '">', _esc(r.title),
                    '</a> <time datetime="', _esc(r.date), '">', _esc(long_date(r.date)), "</time></li>"))


def elink_list_html(items: list[Entity], href: Callable[[str], str]) -> Markup:
    """`_macros.html`'s `elink_list` in Python, byte for byte: entities linked, a comma between
    two. A release page lists every entity it names this way, by type."""
    return Markup(", ".join([_elink(e, href) for e in items]))


def related_html(items: list, href: Callable[[str], str]) -> Markup:
    """entity.html's loop over one type's "Related" entities in Python, byte for byte: each
    linked, a comma before the next entity, " and N more" after them. Up to forty links a type,
    each a Jinja call, a loop step and an `is entity` test when the template did it."""
    out: list[str] = []
    last = len(items) - 1
    for n, item in enumerate(items):
        if isinstance(item, Entity):
            out.append(_elink(item, href))
            if n < last and isinstance(items[n + 1], Entity):
                out.append(", ")
        else:
            out.append(" ")
            out.append(_esc(item))
    return Markup("".join(out))


def fact_item_html(f: Fact, entities: dict[str, Entity], href: Callable[[str], str]) -> Markup:
    """`_macros.html`'s `fact_item` in Python, byte for byte: one line of a release page's "Facts
    stated here" (subject, verb, object, year), for the same reason as elink_html."""
    return Markup(_fact_item(f, entities, href))


def fact_items_html(facts: list[Fact], entities: dict[str, Entity], href: Callable[[str], str]) -> Markup:
    """A release page's "Facts stated here" lines, each indented `fact_item` and a newline, as
    release.html's loop printed them (one call a page, as grid_rows_html)."""
    return Markup("".join(["  " + _fact_item(f, entities, href) + "\n" for f in facts]))


def _fact_item(f: Fact, entities: dict[str, Entity], href: Callable[[str], str]) -> str:
    year = f" ({_esc(f.year)})" if f.year else ""
    return "".join(("<li>", _elink(entities[f.subject], href), " ", _esc(phrase(f, f.subject)), " ",
                    _elink(entities[f.object], href), year, "</li>"))


def release_item_html(r: Release, context: str, href: Callable[[str], str]) -> Markup:
    """`_macros.html`'s `release_item` in Python, byte for byte: an entity page lists up to
    sixty releases, and a Jinja macro call costs several times the line it makes."""
    return Markup(_release_item(r, context, href))


def release_items_html(releases: list[Release], contexts: dict[str, str], href: Callable[[str], str]) -> Markup:
    """An entity page's "Mentioned in" list, each indented `release_item` (with its context
    sentence) and a newline, as entity.html's loop printed them (one call a page)."""
    return Markup("".join(["  " + _release_item(r, contexts[r.id], href) + "\n" for r in releases]))


def _release_item(r: Release, context: str, href: Callable[[str], str]) -> str:
    out = ['<li><time datetime="', _esc(r.date), '">', _esc(long_date(r.date)), '</time> <a href="', _esc(href(r.url)), '">',
           _esc(r.title), "</a>"]
    if context:
        out.extend(('<q class="context">', _esc(context), "</q>"))
    out.append("</li>\n")
    return "".join(out)


def crumbs_html(items: list[tuple[str, str]], href: Callable[[str], str]) -> Markup:
    """`_macros.html`'s `crumbs` in Python, byte for byte: the breadcrumb of every entity and
    release page. As a macro it was the only one those pages still called, and importing the
    macros "with context" made their module again for each page (~15 µs a page)."""
    out = ['<nav class="crumbs" aria-label="Breadcrumb"><ol>\n<li><a href="', _esc(href("")), '">Home</a></li>\n']
    for label, target in items:
        if target:
            out.extend(('<li><a href="', _esc(href(target)), '">', _esc(label), "</a></li>\n"))
        else:
            out.extend(('<li><span aria-current="page">', _esc(label), "</span></li>\n"))
    out.append("</ol></nav>\n")
    return Markup("".join(out))


class PageHref:
    """A page's `href`: `relative(url, target)`, remembered per target, since an entity page links
    the same few hundred pages over and over (its tables, timeline, facts). It also remembers each
    entity's whole link (`_elink`), which a page repeats as often: made once per page, it costs a
    dict lookup instead of three escapes and a join each time. `tails`, the escaped part of a link
    that is the same on every page (id and name), is shared by the renderer's pages."""

    __slots__ = ("url", "urls", "links", "tails")

    def __init__(self, url: str, tails: dict[str, str]) -> None:
        self.url = url
        self.urls: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.tails = tails

    def __call__(self, target: str) -> str:
        found = self.urls.get(target)
        if found is None:
            found = self.urls[target] = relative(self.url, target)
        return found

    def entity_link(self, e: Entity) -> str:
        """`_elink(e, self)`, the same bytes, made once per page and entity."""
        found = self.links.get(e.id)
        if found is None:
            tail = self.tails.get(e.id)
            if tail is None:
                tail = self.tails[e.id] = "".join(('" data-entity="', _esc(e.id), '">', _esc(e.name), "</a>"))
            # a join, not `+`: str + Markup is Markup.__radd__, which would escape the tag
            found = self.links[e.id] = "".join(('<a href="', _esc(self(e.url)), tail))
        return found
