"""`templates/_macros.html` called through Jinja, under the names and signatures of its Python
twins (render/macro_twins.py), for a site that overrides `_macros.html`.

Why: the twins make the bytes of the default macros at a fraction of a macro call's cost, so the
default templates call them; but a site's own `_macros.html` must show on every page, and the twins
know nothing of it. With an override, `render.pages.environment` puts these in the twins' place:
the page templates are unchanged and the site's macros make the HTML. tests/render compares each
twin with its macro on varied inputs, so the templates stay the one source of that HTML.
"""

from __future__ import annotations

from typing import Any, Callable

from jinja2 import Environment
from markupsafe import Markup, escape

from racekb.model.graph import Entity, Fact, Release

Href = Callable[[str], str]

MACROS = "_macros.html"


class MacroSet:
    """The macros of `_macros.html` for one page's `href`, made once per page (a module of the
    template made with `href` in its context, as `{% import "_macros.html" as m with context %}`)."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self._href: Href | None = None
        self._module: Any = None

    def __call__(self, href: Href) -> Any:
        if href is not self._href:
            self._module = self.env.get_template(MACROS).make_module({"href": href})
            self._href = href
        return self._module


def macro_globals(env: Environment) -> dict[str, Callable[..., Markup]]:
    """The twins' names, each calling the environment's `_macros.html` instead."""
    m = MacroSet(env)

    def elink_html(e: Entity, href: Href) -> Markup:
        return Markup(m(href).elink(e))

    def cell_html(items: list, href: Href) -> Markup:
        return Markup(m(href).cell(items))

    def cell_items_html(items: list[list], href: Href) -> Markup:
        return Markup(m(href).cell_items(items))

    def grid_row_html(row: list[list], href: Href, columns: list[str] | tuple = ()) -> Markup:
        return Markup(m(href).grid_row(row, list(columns)))

    def grid_rows_html(rows: list[list[list]], href: Href, columns: list[str] | tuple = ()) -> Markup:
        macro = m(href).grid_row
        labels = list(columns)
        return Markup("".join([str(macro(row, labels)) + "\n" for row in rows]))

    def fact_row_html(row: dict, href: Href) -> Markup:
        return Markup(m(href).fact_row(row))

    def fact_rows_html(rows: list[dict], href: Href) -> Markup:
        macro = m(href).fact_row
        return Markup("".join([str(macro(row)) + "\n" for row in rows]))

    def source_item_html(n: int, r: Release, href: Href) -> Markup:
        return Markup(m(href).source_item(n, r))

    def source_items_html(sources: list[Release], href: Href) -> Markup:
        macro = m(href).source_item
        return Markup("".join([str(macro(n, r)) + "\n" for n, r in enumerate(sources, start=1)]))

    def elink_list_html(items: list[Entity], href: Href) -> Markup:
        return Markup(m(href).elink_list(items))

    def related_html(items: list, href: Href) -> Markup:
        elink = m(href).elink
        out: list[str] = []
        last = len(items) - 1
        for n, item in enumerate(items):
            if isinstance(item, Entity):
                out.append(str(elink(item)))
                if n < last and isinstance(items[n + 1], Entity):
                    out.append(", ")
            else:
                out.append(" ")
                out.append(str(escape(item)))
        return Markup("".join(out))

    def fact_item_html(f: Fact, entities: dict[str, Entity], href: Href) -> Markup:
        return Markup(m(href).fact_item(f, entities))

    def fact_items_html(facts: list[Fact], entities: dict[str, Entity], href: Href) -> Markup:
        macro = m(href).fact_item
        return Markup("".join(["  " + str(macro(f, entities)) + "\n" for f in facts]))

    def release_item_html(r: Release, context: str, href: Href) -> Markup:
        return Markup(m(href).release_item(r, context))

    def release_items_html(releases: list[Release], contexts: dict[str, str], href: Href) -> Markup:
        macro = m(href).release_item
        return Markup("".join(["  " + str(macro(r, contexts[r.id])) + "\n" for r in releases]))

    def crumbs_html(items: list[tuple[str, str]], href: Href) -> Markup:
        return Markup(m(href).crumbs(items))

    return {
        f.__name__: f
        for f in (
            elink_html,
            cell_html,
            cell_items_html,
            grid_row_html,
            grid_rows_html,
            fact_row_html,
            fact_rows_html,
            source_item_html,
            source_items_html,
            elink_list_html,
            related_html,
            fact_item_html,
            fact_items_html,
            release_item_html,
            release_items_html,
            crumbs_html,
        )
    }
