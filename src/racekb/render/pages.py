"""render: the knowledge graph -> the files of build/, as a mapping of path to text or a stream.

The whole graph is resolved before the first page is rendered (Pelican's lesson: every
cross-link can resolve). A build with the cache hands each file to a sink as it is made
(incremental.put_page writes it into the twin tree, swapped in once at the end), so the site's
text is never all in memory; without a sink the pages are returned and `output.write_site`
puts them on disk in one swap. Pages link relatively (file://, any
sub-path); only canonical addresses, the feed and the sitemap use --base-url.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from types import BuiltinMethodType, FunctionType
from typing import Callable, Iterator, Protocol, Sequence

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError,
                    TemplateNotFound, TemplateSyntaxError, select_autoescape)
from jinja2.runtime import Context
from markupsafe import Markup

from racekb import GENERATOR
from racekb.model.errors import RacekbError, named
from racekb.render.feeds import at_host_root, atom_feed, robots, sitemap, summary as feed_summary
from racekb.model.graph import PLURAL, TYPE_ORDER, Entity, Fact, Graph, Release
from racekb.render.entity_pages import EntityPages
from racekb.render.indexes import Group, group
from racekb.model.text import markdown_paragraphs
from racekb.render.jsonld import entity_data, release_data, script, website_data
from racekb.render.linker import find_word, render_linked
from racekb.render.macros import MACROS, macro_globals
from racekb.render.macro_twins import (PageHref, cell_html, cell_items_html, crumbs_html, elink_html, elink_list_html,
                                fact_item_html, fact_items_html, fact_row_html, fact_rows_html, grid_row_html,
                                grid_rows_html, related_html, release_item_html, release_items_html,
                                source_item_html, source_items_html)
from racekb.render.citations import cite
from racekb.render.dates import long_date
from racekb.model.progress import Progress
from racekb.render.paging import DEFAULT_PAGE_SIZE, Pager, check_page_size, page_of, page_url, pagers
from racekb.render.reference import FactIndex, fact_rows, phrase, related, sections, summary, summary_opening, timeline
from racekb.render.search_index import SUMMARY_SHOWN, BodyWords, SearchMemory, cut, search_files
from racekb.load.siteconfig import SiteConfig
from racekb.model.site import Site, default_templates_dir, shown_template, static_dir
from racekb.model.spool import Spooled
from racekb.render.urls import absolute, relative, root_prefix

SITE_NAME = "racekb"
MENTIONS_SHOWN = 60  # the newest releases an entity's Atom feed lists (its page lists all, paged)
TYPE_LABELS = {"driver": "Drivers", "team": "Teams", "car": "Cars", "championship": "Championships",
               "person": "People", "manufacturer": "Manufacturers", "event": "Events", "track": "Tracks",
               "class": "Classes"}
TYPE_SINGULAR = {"driver": "Driver", "team": "Team", "car": "Car", "championship": "Championship",
                 "person": "Person", "manufacturer": "Manufacturer", "event": "Event", "track": "Track",
                 "class": "Class"}
_SENTENCE = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[“\"A-Z])")


class _Context(Context):
    """Jinja's Context with a shorter way through `call` for what pages call most: a page's href
    and the Python twins of racekb.render.macro_twins, ~35 calls a page. Context.call asks each callee three times
    whether it wants the context passed in, which cost more than the href it called; these never
    do (they are ours, with no `pass_context`), so they are called directly. Anything else (a
    macro, a user's function) goes through Context.call as before."""

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        kind = type(__obj)
        if (kind is PageHref or kind is BuiltinMethodType  # page_url.startswith
                or kind is FunctionType and __obj in _PLAIN_CALLS):
            if kwargs:  # inside a loop or block Jinja passes its variables, for pass_context only
                kwargs.pop("_loop_vars", None)
                kwargs.pop("_block_vars", None)
                if kwargs:
                    return Context.call(__self, __obj, *args, **kwargs)
            try:
                return __obj(*args)
            except StopIteration:  # what Context.call makes of it
                return __self.environment.undefined("value was undefined because a callable raised a"
                                                    " StopIteration exception")
        return Context.call(__self, __obj, *args, **kwargs)


def environment(site: Site, config: SiteConfig | None = None) -> Environment:
    loaders = [FileSystemLoader(str(site.templates))] if site.templates.is_dir() else []
    loaders.append(FileSystemLoader(str(default_templates_dir())))
    # auto_reload off: one environment serves one build, whose templates are read once; with it
    # on, every page stat()ed each template it uses again to see whether it had changed
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      auto_reload=False)
    env.globals.update(generator=GENERATOR, site_name=SITE_NAME, TYPE_LABELS=TYPE_LABELS,
                       TYPE_SINGULAR=TYPE_SINGULAR, PLURAL=PLURAL, TYPE_ORDER=TYPE_ORDER,
                       phrase=phrase, elink_html=elink_html, cell_html=cell_html, grid_row_html=grid_row_html,
                       fact_row_html=fact_row_html, release_item_html=release_item_html,
                       elink_list_html=elink_list_html, fact_item_html=fact_item_html,
                       cell_items_html=cell_items_html, grid_rows_html=grid_rows_html,
                       fact_rows_html=fact_rows_html, release_items_html=release_items_html,
                       fact_items_html=fact_items_html, related_html=related_html,
                       crumbs_html=crumbs_html, long_date=long_date, source_item_html=source_item_html,
                       source_items_html=source_items_html)
    if (site.templates / MACROS).is_file():  # the site's own macros make the HTML, not the twins of ours
        env.globals.update(macro_globals(env))
    config = config if config is not None else SiteConfig()
    # racekb.yaml: the site's name in the header and titles, its language, owner and logo
    env.globals.update(site_name=config.title, site_language=config.language, site_description=config.description,
                       site_author=config.author, site_logo=config.logo_target)
    env.tests["entity"] = lambda value: isinstance(value, Entity)
    # is the page (its url given) in this type's section? (base.html's header marks the one it is in)
    env.tests["in_section"] = lambda etype, page_url: page_url.startswith(PLURAL.get(etype, "\0") + "/")
    env.site_templates = site.templates  # type: ignore[attr-defined]  # for errors that name a template (site.shown_template)
    env.context_class = _Context
    return env


_PLAIN_CALLS = frozenset((phrase, elink_html, cell_html, grid_row_html, fact_row_html, release_item_html,
                          elink_list_html, fact_item_html, cell_items_html, grid_rows_html, fact_rows_html,
                          release_items_html, fact_items_html, related_html, crumbs_html,
                          source_item_html, source_items_html))


class MentionContexts:
    """(release id, entity id) -> the first sentence of the release that names the entity.

    Shown under "Mentioned in", so a reader sees why a release is listed before opening it.
    Worked out per release when a page first asks (an incremental build renders few pages),
    with one compiled pattern per surface form, and a plain substring test first, which is
    necessary for a match and rules most sentences out without the regex.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.found: dict[str, dict[str, str]] = {}
        self.patterns: dict[str, re.Pattern[str]] = {}

    def get(self, release_id: str, entity_id: str) -> str:
        found = self.found.get(release_id)
        if found is None:
            found = self.found[release_id] = self._first_sentences(self.graph.release(release_id))
        return found.get(entity_id, "")

    def _first_sentences(self, release: Release) -> dict[str, str]:
        sentences = [s for para in markdown_paragraphs(release.body) for s in _SENTENCE.split(para)]
        if any("\0" in s for s in sentences):
            first = self._first_by_sentence(release, sentences)
        else:
            first = self._first_in_text(release, sentences)
        shown: dict[int, str] = {}  # many entities share a release's first sentences
        out: dict[str, str] = {}
        for eid, n in first.items():
            text = shown.get(n)
            if text is None:
                text = shown[n] = cut(sentences[n], 240)
            out[eid] = text
        return out

    def _pattern(self, surface: str) -> re.Pattern[str]:
        pattern = self.patterns.get(surface)
        if pattern is None:
            pattern = self.patterns[surface] = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
        return pattern

    def _first_by_sentence(self, release: Release, sentences: list[str]) -> dict[str, int]:
        """Entity id -> the index of the first sentence naming it, sentence by sentence."""
        first: dict[str, int] = {}
        for surface, eid in sorted(release.links.items()):
            pattern = self._pattern(surface)
            for n, sentence in enumerate(sentences[: first.get(eid, len(sentences))]):
                if surface in sentence and pattern.search(sentence):
                    first[eid] = n
                    break
        return first

    def _first_in_text(self, release: Release, sentences: list[str]) -> dict[str, int]:
        """`_first_by_sentence` in one search per surface over the sentences joined by NULs (none
        in the text): a NUL is not a word character and no surface holds one, so a match never
        spans two sentences and the pattern's word edges see a sentence's ends as they do alone.
        The first match is in the first sentence that matches. A release has some twenty-five
        surfaces and fifteen sentences; looping over the sentences for each was most of the cost."""
        text = "\0".join(sentences)
        starts: list[int] = []
        at = 0
        for sentence in sentences:
            starts.append(at)
            at += len(sentence) + 1
        first: dict[str, int] = {}
        for surface, eid in sorted(release.links.items()):
            # find_word, not the compiled pattern: the same first match, and a build met ~2,000
            # surfaces at 3,000 releases, whose compiling cost more than their searches
            pos = find_word(text, surface)
            if pos >= 0:
                n = bisect_right(starts, pos) - 1
                if n < first.get(eid, len(sentences)):
                    first[eid] = n
        return first


@dataclass(frozen=True, eq=False)
class LinkedBody:
    """A release's body as HTML with its mentions linked, made only when the template prints it
    (Jinja calls `__html__`). A page-cache hit then skips the Markdown parse and the per-release
    pattern, which were most of the cost of re-rendering an unchanged release page; the page
    cache hashes this object by its fields, which are everything the HTML depends on."""

    release: Release
    page_url: str
    targets: dict[str, tuple[str, str]]  # entity id -> (its page, its link title)

    def __html__(self) -> str:
        targets = self.targets
        return render_linked(self.release.body, self.release.links,
                             lambda eid: relative(self.page_url, targets[eid][0]),
                             {eid: title for eid, (_, title) in targets.items()})

    __str__ = __html__


class Summaries(dict):
    """Entity id -> its summary (reference.summary), worked out when first asked: a rebuild after
    one edit renders a few entity pages here, while the search index, which needs them all, is
    made by a worker. With a `limit`, only the summary's opening, cut there (reference.summary_opening)."""

    def __init__(self, graph: Graph, idx: FactIndex, limit: int | None = None) -> None:
        super().__init__()
        self.graph = graph
        self.idx = idx
        self.limit = limit

    def __missing__(self, entity_id: str) -> str:
        entity = self.graph.entities[entity_id]
        text = self[entity_id] = (summary(self.graph, self.idx, entity) if self.limit is None
                                  else summary_opening(self.graph, self.idx, entity, self.limit))
        return text

    def get(self, entity_id: str, default: str = "") -> str:  # type: ignore[override]
        return self[entity_id] if entity_id in self.graph.entities else default


class SiteRenderer:
    """Renders every page of one build; holds what pages share (the environment, the fact index)."""

    def __init__(self, graph: Graph, site: Site, base_url: str = "",
                 sink: Callable[[str, str | bytes | Spooled], None] | None = None, words: BodyWords | None = None,
                 spool: Path | None = None, search_memory: SearchMemory | None = None,
                 config: SiteConfig | None = None, page_size: int | None = None) -> None:
        self.graph = graph
        self.config = (config if config is not None else SiteConfig()).with_base_url(base_url.rstrip("/"))
        # racekb.yaml's page_size, else the default (looked up now, so a test can set it)
        self.page_size = check_page_size(page_size if page_size is not None
                                         else self.config.page_size or DEFAULT_PAGE_SIZE)
        self.spool = spool
        self.words = words if words is not None else BodyWords()
        self.search_memory = search_memory
        self.sink = sink
        self.env = environment(site, self.config)
        self.site_templates = site.templates
        self.base_url = base_url.rstrip("/")
        self.idx = FactIndex(graph)
        self.summaries = Summaries(graph, self.idx)
        self.entity_pages = EntityPages(self.idx, self.page_size)
        self.pages: dict[str, str | bytes | Spooled] = {}
        self.contexts = MentionContexts(graph)
        self.link_tails: dict[str, str] = {}  # entity id -> the page-independent end of its link (PageHref)
        self.feed_summaries: dict[str, str] = {}  # release id -> its summary in the feeds that list it

    # What pages share, made when a page first needs it: in a parallel build that is in each
    # render worker, while this process, which forks them, works out which pages changed.
    @cached_property
    def counts(self) -> dict[str, int]:
        return {t: len(self.graph.of_type(t)) for t in TYPE_ORDER}

    @cached_property
    def facts_by_release(self) -> dict[str, list[Fact]]:
        found: dict[str, list[Fact]] = {}
        for f in self.graph.facts:
            found.setdefault(f.release, []).append(f)
        return found

    @cached_property
    def titles(self) -> dict[str, str]:
        return {e.id: f"{e.name} ({e.type})" for e in self.graph.entities.values()}

    @staticmethod
    def whole_site_units() -> list[Unit]:
        """The files made from the whole graph, the slowest first."""
        return [Unit("search_index"), Unit("graph_json"), Unit("indexes"), Unit("feeds"), Unit("redirects")]

    def page_units(self, keys: Keys | None = None) -> list[Unit]:
        """Every entity and release page, the biggest first (so parallel workers finish together),
        with the digest of what each reads when `keys` is given."""
        g = self.graph
        entity_t = keys.template(self.env, "entity.html") if keys else b""
        release_t = keys.template(self.env, "release.html") if keys else b""
        units = []
        for e in sorted(g.entities.values(), key=lambda e: (-len(e.releases), e.id)):
            units.append(Unit("entity", e.id, e.url + "index.html", keys.entity(e, entity_t) if keys else None))
            count = self.entity_pages.count(e)
            for n in range(2, count + 1):  # the rest of its facts and releases, a page each
                key = None
                if keys:
                    pager = self.entity_pages.pager(e, n, count)
                    key = keys.entity_page(e, entity_t, pager, *self.entity_pages.shown_facts(e, pager))
                units.append(Unit("entity", e.id, page_url(e.url, n) + "index.html", key, n))
        # each entity's Atom feed reads a part of what its page reads (its releases): the page's key
        units += [Unit("entity_feed", u.arg, u.path[:-len("index.html")] + "feed.xml", u.key and u.key + "-feed")
                  for u in list(units) if u.number == 1]
        units += [Unit("release", r.id, r.url + "index.html",
                       keys.release(r, release_t) if keys else None)
                  for r in g.releases]
        return units

    def run(self, unit: Unit) -> None:
        """Make one unit's files (handed to the sink, or kept in `pages`)."""
        if unit.kind == "entity":
            self.entity_page(self.graph.entities[unit.arg], unit.number)
        elif unit.kind == "entity_feed":
            self.entity_feed(self.graph.entities[unit.arg])
        elif unit.kind == "release":
            self.release_page(self.graph.release(unit.arg))
        else:
            getattr(self, unit.kind)()

    def page(self, template: str, url: str, *, absolute_links: bool = False, **ctx) -> None:
        """Render one page at site path `url` ("drivers/x/" or "404.html")."""
        if absolute_links and self.base_url:
            href: Callable[[str], str] = lambda target: absolute(self.base_url, target)  # noqa: E731
            root = self.base_url + "/"
        elif absolute_links:
            # 404.html is served for any missing address (/a/b/c/missing): without a base URL its
            # links are root-relative, which a host serving the site at its root resolves from any depth
            href = lambda target: absolute("/", target)  # noqa: E731
            root = "/"
        else:
            href = PageHref(url, self.link_tails)
            root = root_prefix(url)
        link = (lambda t: absolute(self.base_url, t)) if self.base_url else href
        ctx.setdefault("jsonld", Markup(""))
        ctx.setdefault("feed", "")  # a page's own Atom feed (an entity's), linked as rel=alternate
        ctx.setdefault("pager", None)
        ctx.setdefault("og_type", "website")
        if callable(ctx["jsonld"]):
            ctx["jsonld"] = Markup(script(ctx["jsonld"](link)))
        path = url + "index.html" if url.endswith("/") or url == "" else url
        ctx.update(page_url=url, href=href, root=root, base_url=self.base_url, counts=self.counts,
                   canonical=absolute(self.base_url, url) if self.base_url and not absolute_links else "")
        try:
            text = self.env.get_template(template).render(**ctx)
        except TemplateSyntaxError as exc:
            raise RacekbError(exc.message or "template syntax error",
                              self._shown(exc.filename or exc.name or template), exc.lineno) from None
        except TemplateNotFound as exc:
            raise RacekbError(f"template {exc.name} not found (while rendering {path})",
                              self._template_file(template, exc)) from None
        except TemplateError as exc:
            raise RacekbError(f"{exc.message or exc} (while rendering {path})",
                              self._template_file(template, exc)) from None
        except RecursionError:
            raise RacekbError(f"the template recurses without end (while rendering {path})",
                              self._template_file(template, None)) from None
        except MemoryError:
            raise RacekbError(f"the template ran out of memory (while rendering {path})",
                              self._template_file(template, None)) from None
        except Exception as exc:  # noqa: BLE001 - a user's template can raise anything Python can
            raise RacekbError(f"{type(exc).__name__}: {str(exc)[:200]} (while rendering {path})",
                              self._template_file(template, exc)) from None
        self.emit(path, text)

    def emit(self, path: str, text: str | bytes | Spooled) -> None:
        """One finished file (text, or bytes from a render worker): handed to the sink at once
        (a streaming build keeps no page), or kept in `pages`."""
        if self.sink is not None:
            self.sink(path, text)
        else:
            self.pages[path] = text

    def _template_file(self, template: str, exc: BaseException | None) -> str:
        """The template file and line a rendering error came from, found in its traceback
        (`templates/NAME:LINE` for the site's own; the innermost template frame wins)."""
        where = self._shown(template)
        tb = exc.__traceback__ if exc is not None else sys.exc_info()[2]
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith((".html", ".xml", ".txt")) and Path(name).is_file():
                where = f"{self._shown(name)}:{tb.tb_lineno}"  # Jinja rewrites template frames to name the file and line
            tb = tb.tb_next
        return where

    def _shown(self, name: str) -> str:
        return shown_template(name, self.site_templates)

    def render(self) -> dict[str, str | bytes | Spooled]:
        """Every file, in this process (render_site runs units on several cores)."""
        for unit in [*self.whole_site_units(), *self.page_units()]:
            self.run(unit)
        return self.pages

    def indexes(self) -> None:
        g = self.graph
        self.page("index.html", "", graph=g, releases=g.releases[:10],
                  top={t: sorted(g.of_type(t), key=lambda e: (-len(e.releases), e.name.casefold()))[:8]
                       for t in ("driver", "team")},
                  jsonld=lambda link: website_data(self.config, link))
        size = self.page_size
        for etype in TYPE_ORDER:
            entities = g.of_type(etype)
            groups = group(etype, entities)
            ordered = [(gr, e) for gr in groups for e in gr.entities]
            jump = _jump([(gr.label, gr.anchor) for gr in groups], [gr.anchor for gr, _ in ordered], size)
            for pager in pagers(f"{PLURAL[etype]}/", len(ordered), size):
                shown: dict[str, Group] = {}
                for gr, e in pager.items(ordered):
                    shown.setdefault(gr.anchor, Group(gr.label, gr.anchor, [])).entities.append(e)
                self.page("type_index.html", pager.url(pager.number), etype=etype, groups=list(shown.values()),
                          entities=entities, pager=pager, jump=_here(jump, pager))
        year_of = [(f"year-{r.date[:4]}", r) for r in g.releases]
        jump = _jump([(a[5:], a) for a in dict.fromkeys(a for a, _ in year_of)], [a for a, _ in year_of], size)
        for pager in pagers("releases/", len(g.releases), size):
            years: dict[str, list[Release]] = {}
            for r in pager.items(g.releases):
                years.setdefault(r.date[:4], []).append(r)
            self.page("releases_index.html", pager.url(pager.number), releases=g.releases, years=years,
                      pager=pager, jump=_here(jump, pager))
        self.page("search.html", "search/")
        self.page("404.html", "404.html", absolute_links=True)

    def redirects(self) -> None:
        """A page at each address a rename or merge retired (an entity's `former_ids`), sending
        the reader on to the entity's page, as Hugo's `aliases` do: meta refresh, rel=canonical
        and a link. The first entity (by id) to claim an address has it; a live page wins."""
        g = self.graph
        live = {e.url for e in g.entities.values()}
        done: set[str] = set()
        for e in sorted(g.entities.values(), key=lambda e: e.id):
            for former in e.former_ids:
                etype, _, slug = former.partition("/")
                if etype not in PLURAL or not slug:
                    continue
                url = f"{PLURAL[etype]}/{slug}/"
                if url in live or url in done:
                    continue
                done.add(url)
                self.page("redirect.html", url, target=e,
                          target_url=absolute(self.base_url, e.url) if self.base_url else relative(url, e.url))

    def search_index(self) -> None:
        openings = Summaries(self.graph, self.idx, SUMMARY_SHOWN)  # all the index shows of each
        for path, text in search_files(self.graph, openings, self.words, self.search_memory).items():
            self.emit(path, text)

    def feeds(self) -> None:
        """The site's feed; the sitemap when the base URL is known, robots.txt when the site is at
        its host's root (feeds.publishing_warnings says why one is left out)."""
        g = self.graph
        self.emit("feed.xml", atom_feed(g, self.config, summarize=self.feed_summary))
        if self.base_url:
            self.emit("sitemap.xml", sitemap(g, self.base_url, ["", "releases/", "search/"]
                                             + [f"{PLURAL[t]}/" for t in TYPE_ORDER] + self.later_pages()))
        if at_host_root(self.base_url):
            self.emit("robots.txt", robots(self.base_url))

    def entity_feed(self, entity: Entity) -> None:
        """`<entity>/feed.xml`: the newest releases that name the entity."""
        g = self.graph
        label = TYPE_SINGULAR.get(entity.type, entity.type)
        self.emit(entity.url + "feed.xml",
                  atom_feed(g, self.config, (g.release(r) for r in entity.releases[:MENTIONS_SHOWN]),
                            path=entity.url + "feed.xml", page=entity.url,
                            title=f"{entity.name} ({label}) · {self.config.title}", summarize=self.feed_summary))

    def feed_summary(self, release: Release) -> str:
        """feeds.summary, worked out once per release for all the feeds that list it."""
        found = self.feed_summaries.get(release.id)
        if found is None:
            found = self.feed_summaries[release.id] = feed_summary(release)
        return found

    def graph_json(self) -> None:
        """graph.json; with a spool folder, written there piece by piece and handed on as a file
        (at 10,000 releases it is 60 MB: as one string, encoded and sent between processes, it
        was the peak of a build's memory)."""
        if self.spool is None:
            self.emit("graph.json", self.graph.dumps())
            return
        self.spool.mkdir(parents=True, exist_ok=True)
        path = self.spool / f"graph-{os.getpid()}.json"
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                for part in self.graph.json_parts():
                    fh.write(part)
        except OSError as exc:
            raise named(exc, path) from None
        self.emit("graph.json", Spooled(path))

    def later_pages(self) -> list[str]:
        """The addresses of every page after the first of each paged list (racekb.paging)."""
        size, out = self.page_size, []
        lists = [(f"{PLURAL[t]}/", self.counts[t]) for t in TYPE_ORDER] + [("releases/", len(self.graph.releases))]
        for base, total in lists:
            out += [p.url(p.number) for p in pagers(base, total, size)[1:]]
        for e in sorted(self.graph.entities.values(), key=lambda e: e.url):
            out += [page_url(e.url, n) for n in range(2, self.entity_pages.count(e) + 1)]
        return out

    def entity_page(self, entity: Entity, number: int = 1) -> None:
        """Page `number` of the entity's page: the first holds everything, each later one the next
        slice of its facts and releases (racekb.entity_pages)."""
        g, idx = self.graph, self.idx
        pager = self.entity_pages.pager(entity, number)
        rows, fact_count = fact_rows(g, idx, entity, pager.start, pager.start + pager.size,
                                     self.entity_pages.grouped(entity))
        rows, sources = cite(rows)
        releases = [g.release(r) for r in pager.items(entity.releases)]
        contexts = {r.id: self.contexts.get(r.id, entity.id) for r in releases}
        kind = "profile" if entity.type in ("driver", "person") else "website"
        if number > 1:  # the lists go on; the summary, tables and bio are on the first page
            self.page("entity.html", pager.url(number), entity=replace(entity, bio="", model=None, entries=[]),
                      rows=rows, sources=sources, fact_count=fact_count, related={}, sections=[], timeline=[],
                      summary=f"Page {number} of {pager.count} of the facts and releases that name {entity.name}.",
                      releases=releases, mention_count=len(entity.releases), contexts=contexts, og_type=kind,
                      pager=pager)
            return
        rel = related(g, idx, entity)
        text = self.summaries[entity.id]
        self.page("entity.html", entity.url, entity=entity, rows=rows, sources=sources, fact_count=fact_count, related=rel, summary=text,
                  sections=sections(g, idx, entity), timeline=timeline(g, idx, entity),
                  releases=releases, mention_count=len(entity.releases), contexts=contexts,
                  og_type=kind, pager=pager, feed=entity.url + "feed.xml",
                  jsonld=lambda link: entity_data(g, idx, entity, text, link))

    def release_page(self, release: Release) -> None:
        g, titles = self.graph, self.titles
        url = release.url
        ids = set(release.links.values())
        body = LinkedBody(release, url, {eid: (g.entities[eid].url, titles.get(eid, "")) for eid in sorted(ids)})
        mentioned = sorted((g.entities[e] for e in ids),
                           key=lambda e: (TYPE_ORDER.index(e.type), e.name.casefold()))
        facts = self.facts_by_release.get(release.id, [])
        description = self.words.opening(release.body)  # the search index's opening, worked out once
        by_type: dict[str, list[Entity]] = {}
        for e in mentioned:  # already in TYPE_ORDER
            by_type.setdefault(e.type, []).append(e)
        self.page("release.html", url, release=release, body=body, mentioned=mentioned,
                  mentioned_by_type=list(by_type.items()),
                  facts=facts, entities=g.entities, description=description, og_type="article",
                  jsonld=lambda link: release_data(release, mentioned, description, link, self.config))


@dataclass(frozen=True)
class Unit:
    """One piece of a build's rendering: a page kind and its argument (an entity or release id).
    Entity and release pages name their file and, in an incremental build, the digest of what
    they read (racekb.incremental.pagekeys)."""

    kind: str
    arg: str = ""
    path: str = ""
    key: str | None = None
    number: int = 1  # which page of a paged entity page (racekb.entity_pages)


def _jump(labels: list[tuple[str, str]], item_anchors: list[str], size: int) -> list[tuple[str, str, int]]:
    """(label, anchor, page it starts on) for each group of a paged list, for its "jump to"
    links; `item_anchors`: each item's group, in the list's order."""
    first: dict[str, int] = {}
    for n, anchor in enumerate(item_anchors):
        first.setdefault(anchor, page_of(n, size))
    return [(label, anchor, first.get(anchor, 1)) for label, anchor in labels]


def _here(jump: list[tuple[str, str, int]], pager: Pager) -> list[dict[str, str]]:
    """The jump links as seen from `pager`'s page: a group on this page by its anchor alone."""
    return [{"label": label, "anchor": anchor, "url": "" if n == pager.number else pager.url(n)}
            for label, anchor, n in jump]


class Keys(Protocol):
    """The digest of what each entity and release page reads (incremental.pagekeys.PageKeys)."""

    def template(self, env: Environment, name: str) -> bytes: ...

    def entity(self, entity: Entity, template: bytes) -> str: ...

    def release(self, release: Release, template: bytes) -> str: ...

    def entity_page(self, entity: Entity, template: bytes, pager: Pager, facts: list[list[Fact]],
                    fact_total: int) -> str: ...


class Pool(Protocol):
    """Worker processes that render units (workers.render_pool.Workers): render_site is handed a
    way to make them from above, so this stage never imports workers/."""

    def __enter__(self) -> "Pool": ...

    def __exit__(self, *exc: object) -> None: ...

    def start(self, units: Sequence[Unit]) -> None: ...

    def pages(self, units: Sequence[Unit],
              report: Callable[[int], None] | None = None) -> Iterator[tuple[str, bytes]]: ...

    def finish(self) -> Iterator[tuple[str, bytes]]: ...


# (the renderer, how many pages) -> workers to render them, or None to render in this process
MakePool = Callable[[SiteRenderer, int], "Pool | None"]


class Reuse(Protocol):
    """What an incremental build can take from the last one (racekb.incremental.memory implements it)."""

    def page_keys(self, graph: Graph, base_url: str, page_size: int) -> Keys:
        """The digests of this build's pages, to compare with the last build's."""

    def previous_key(self, path: str) -> str | None:
        """The digest the file at `path` was made from in the last build, if any."""

    def keep_all(self, paths: list[str]) -> set[str]:
        """Put the last build's files at these paths in the new site; returns those it could."""


def render_site(graph: Graph, site: Site, base_url: str = "",
                sink: Callable[[str, str | bytes | Spooled], None] | None = None, reuse: Reuse | None = None,
                pool: MakePool | None = None, words: BodyWords | None = None,
                spool: Path | None = None,
                progress: Progress | None = None,
                search_memory: SearchMemory | None = None,
                config: SiteConfig | None = None, page_size: int | None = None) -> tuple[dict[str, str | bytes | Spooled], dict[str, str]]:
    """Every generated file of the site, by path under build/, and the digest each entity and
    release page was made from. With `sink`, each file is passed to `sink(path, text)` as soon as
    it is made and the mapping returned is empty. With `reuse`, a page whose digest is unchanged
    is kept from the last build instead of rendered. With `pool` (workers.render_pool.pool), the
    pages may be rendered by forked worker processes; the files are the same for any number of them. `words`: release
    texts' search words remembered from the last build; `search_memory`: where the search index
    keeps its words and inverted index between builds (racekb.render.search_index). `spool`: a
    folder for big files, handed to `sink` as Spooled (only with a sink).
    `progress`: told how many of the pages to render are done. `page_size`: the items a page of
    any long list holds (default: racekb.yaml's, else DEFAULT_PAGE_SIZE)."""
    renderer = SiteRenderer(graph, site, base_url, sink, words, spool if sink is not None else None, search_memory,
                            config, page_size)
    whole = renderer.whole_site_units()
    pages = len(graph.entities) + len(graph.releases)
    # each entity's page count, worked out before any worker is forked, so all of them share it
    for e in graph.entities.values():
        renderer.entity_pages.count(e)
    workers = pool(renderer, pages) if pool is not None else None
    if workers is not None:
        with workers:
            workers.start(whole)
            todo, keys = _changed_pages(renderer, graph, base_url, reuse)
            # to the workers even when few: by the time the digests are done, the whole-site
            # files are nearly made, and two workers render an edit's few dozen pages in half
            # the time this process alone would
            for path, text in workers.pages(todo, _counter(progress, len(todo))):
                renderer.emit(path, text)
            for path, text in workers.finish():
                renderer.emit(path, text)
    else:
        todo, keys = _changed_pages(renderer, graph, base_url, reuse)
        _run_each(renderer, whole, None)
        _run_each(renderer, todo, _counter(progress, len(todo)))
    return renderer.pages, keys


def _counter(progress: Progress | None, total: int) -> Callable[[int], None] | None:
    return (lambda done: progress("rendering", done, total)) if progress is not None else None


def _run_each(renderer: SiteRenderer, units: list[Unit], report: Callable[[int], None] | None) -> None:
    for n, unit in enumerate(units, start=1):
        renderer.run(unit)
        if report is not None:
            report(n)


def _changed_pages(renderer: SiteRenderer, graph: Graph, base_url: str,
                   reuse: Reuse | None) -> tuple[list[Unit], dict[str, str]]:
    """The entity and release pages to render, and the digest of each page; with `reuse`, a page
    whose digest is the last build's is kept from build/ instead."""
    # the page keys' salt holds racekb.yaml's settings: a new title or language renders every page again
    salt = f"{base_url}\0{renderer.config.fingerprint()}"
    units = renderer.page_units(reuse.page_keys(graph, salt, renderer.page_size) if reuse is not None else None)
    keys = {unit.path: unit.key for unit in units if unit.key is not None}
    if reuse is None:
        return units, keys
    kept = reuse.keep_all([unit.path for unit in units
                           if unit.key is not None and reuse.previous_key(unit.path) == unit.key])
    return [unit for unit in units if unit.path not in kept], keys


def static_files() -> dict[str, bytes]:
    """The stylesheet and scripts every site carries (no CDN: the site works offline)."""
    root = static_dir()
    return {f"static/{p.relative_to(root).as_posix()}": p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}
