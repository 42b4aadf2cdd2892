"""schema.org structured data for each page, as the JSON-LD a search engine reads.

The mapping is deliberately plain: a driver or person is a Person, a team a SportsTeam, a
manufacturer an Organization, an event a SportsEvent, a track a Place, a championship an
EventSeries, a release a NewsArticle that is `about` the entities it links. Addresses are
absolute when the site knows its base URL and page-relative otherwise (JSON-LD resolves them
against the page).
"""

from __future__ import annotations

from typing import Callable

from racekb.model.graph import Entity, Graph, Release
from racekb.render.reference import FactIndex
from racekb.render.safejson import script_json
from racekb.load.siteconfig import SiteConfig

SCHEMA_TYPES = {"driver": "Person", "person": "Person", "team": "SportsTeam", "manufacturer": "Organization",
                "event": "SportsEvent", "track": "Place", "championship": "EventSeries", "car": "Vehicle",
                "class": "DefinedTerm"}

Link = Callable[[str], str]


def _thing(entity: Entity, link: Link) -> dict:
    return {"@type": SCHEMA_TYPES.get(entity.type, "Thing"), "name": entity.name, "url": link(entity.url)}


LISTED = 50  # people, teams and awards named in one entity's JSON-LD (a page shows no more either)


def entity_data(graph: Graph, idx: FactIndex, entity: Entity, description: str, link: Link) -> dict:
    data: dict = {"@context": "https://schema.org", **_thing(entity, link), "description": description}
    if entity.aliases:
        data["alternateName"] = entity.aliases
    if entity.type in ("driver", "person"):
        teams = sorted({f.object for f in idx.out(entity.id, "drives_for")})
        if teams:
            data["memberOf"] = [_thing(graph.entities[t], link) for t in teams[:LISTED]]
        titles = sorted({(f.year or 0, graph.entities[f.object].name) for f in idx.out(entity.id, "won_title")},
                        reverse=True)
        if titles:
            data["award"] = [f"{year} {name}" if year else name for year, name in titles[:LISTED]]
    elif entity.type == "team":
        drivers = sorted({f.subject for f in idx.into(entity.id, "drives_for")})
        if drivers:
            data["athlete"] = [_thing(graph.entities[d], link) for d in drivers[:LISTED]]
    elif entity.type == "event":
        winners = sorted({f.subject for f in idx.into(entity.id, "won_race")})
        if winners:
            data["competitor"] = [_thing(graph.entities[w], link) for w in winners[:LISTED]]
    return data


def release_data(release: Release, mentioned: list[Entity], description: str, link: Link,
                 config: SiteConfig | None = None) -> dict:
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": release.title,
            "datePublished": release.date, "url": link(release.url), "description": description}
    if config is not None:
        data["inLanguage"] = config.language
        data["publisher"] = publisher_data(config, link)
    if release.city:
        data["locationCreated"] = {"@type": "Place", "name": release.city}
    if mentioned:
        data["about"] = [_thing(e, link) for e in mentioned]
    return data


def publisher_data(config: SiteConfig, link: Link) -> dict:
    """The site's publisher (racekb.yaml's author), else the site itself, as an Organization."""
    author = config.author
    data: dict = {"@type": "Organization", "name": config.publisher_name}
    if author is not None and author.url:
        data["url"] = author.url
    if config.logo:
        data["logo"] = link(config.logo_target)
    return data


def website_data(config: SiteConfig, link: Link) -> dict:
    return {"@context": "https://schema.org", "@type": "WebSite", "name": config.title, "url": link(""),
            "description": config.description, "inLanguage": config.language,
            "publisher": publisher_data(config, link),
            "potentialAction": {"@type": "SearchAction", "target": link("search/") + "?q={query}",
                                "query-input": "required name=query"}}


def script(data: dict) -> str:
    """The <script> element itself; the JSON cannot close it early."""
    return f'<script type="application/ld+json">{script_json(data)}</script>'
