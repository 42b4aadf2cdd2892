"""racekb review: what a curator should look at, worst first, each with the one-file edit that
settles it.

It resolves the site as a build would (the records, the extractions the build cached, the
curated files) but renders nothing, so it is quick and always agrees with the next build: once
the suggested file exists, the build shows the fix and review no longer lists the item.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

from racekb.extract.extraction import Extraction
from racekb.model.errors import RacekbError
from racekb.model.graph import Entity, Fact, Graph
from racekb.model.site import Site
from racekb.model.slug import slugify

# a pair of names this alike (rapidfuzz's 0..100 scale) is worth a curator's look
MIN_SIMILARITY = 65.0
# words so common in names of a type that sharing one says nothing (a pair is sought by a shared
# word); any word shared by more entities than this is skipped too, which keeps review linear
MAX_BLOCK = 40


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="list what a curator should look at, with the edit that settles each",
                       description="List, worst first, the likely duplicate pages, the names found on too little "
                                   "evidence to get a page, and the facts left out with them; each with the one "
                                   "file under content/entities/ that settles it.")
    p.add_argument("-C", dest="root", metavar="DIR", default=".", help="the site folder (default: here)")
    p.add_argument("--json", action="store_true", help="print JSON for tools")
    p.set_defaults(run=run)


@dataclass
class Item:
    kind: str  # "duplicate" or "no page"
    type: str
    name: str
    score: float
    why: str
    edit_file: str
    edit: dict[str, object]
    other: str = ""  # a duplicate: the id of the page it joins
    facts: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"kind": self.kind, "type": self.type, "name": self.name, "score": round(self.score, 3),
                "why": self.why, "other": self.other, "edit": {"file": self.edit_file, "front_matter": self.edit},
                "facts": self.facts}

    def edit_text(self) -> str:
        keys = " and ".join(f"`{k}: {_yaml_value(v)}`" for k, v in self.edit.items())
        return f"create {self.edit_file} with {keys}"


def _yaml_value(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, bool) else str(value).lower()


def site_graph(site: Site) -> Graph:
    """The site resolved as its next build would resolve it, without rendering or writing."""
    from racekb.incremental.cache import ExtractCache
    from racekb.resolve.curation import read_curation
    from racekb.workers.extract_pool import extract_many
    from racekb.load.records import WrittenLog, read_record
    from racekb.resolve.resolver import ReleaseInput, kept_names, resolve
    from racekb.resolve.addresses import read_addresses

    curation = read_curation(site.curated)  # first: a bad curated file is the first thing to fix
    paths = sorted(site.releases.glob("*.md")) if site.releases.is_dir() else []
    if not paths:
        raise RacekbError("no release records to review: run `racekb build` first", site.releases)
    records = [read_record(p) for p in paths]
    cache = ExtractCache.open(site.state)  # read only: review never saves it
    results = extract_many(records, [str(p) for p in paths], cache=cache)
    problems = [r for r in results if isinstance(r, RacekbError)]
    if problems:
        raise problems[0]
    log = WrittenLog(site.state / "records.json")
    extractions = [r for r in results if isinstance(r, Extraction)]  # all of them: no problem above
    inputs = [ReleaseInput(rec, state, kept_names(rec, state.by_type, log.entities(rec.id)))
               for rec, state in zip(records, extractions)]
    return resolve(inputs, curation, read_addresses(site.content))  # the build's addresses; never saved here


def _fact_json(f: Fact, graph: Graph, held: dict[str, Entity]) -> dict:
    def name(eid: str) -> str:
        e = graph.entities.get(eid) or held.get(eid)
        return e.name if e else eid

    return {"subject": name(f.subject), "predicate": f.predicate, "object": name(f.object), "year": f.year,
            "release": f.release, "evidence": f.evidence}


def _curated_path(site: Site, etype: str, name: str) -> str:
    path = site.curated / etype / f"{slugify(name)}.md"
    try:
        return str(path.relative_to(site.root))
    except ValueError:
        return str(path)


def held_items(site: Site, graph: Graph) -> list[Item]:
    """Entities found on weak cues only: no page until a curator says what they are."""
    held = {e.id: e for e in graph.held}
    facts: dict[str, list[Fact]] = {}
    for f in graph.held_facts:
        for end in {f.subject, f.object}:
            if end in held:
                facts.setdefault(end, []).append(f)
    out = []
    for e in graph.held:
        mine = facts.get(e.id, [])
        cues = ", ".join(c for c in e.evidence) or "no cue"
        why = (f"found only by {cues}, in {len(e.releases)} release{'s' if len(e.releases) != 1 else ''}"
               f"{f'; {len(mine)} fact(s) left out with it' if mine else ''}: no page. If it is a real {e.type}, "
               f"the file gives it one; if it is not an entity, add `not_an_entity: true` instead")
        out.append(Item("no page", e.type, e.name, 1.0 + len(mine) + 0.1 * len(e.releases), why,
                        _curated_path(site, e.type, e.name), {"name": e.name},
                        facts=[_fact_json(f, graph, held) for f in mine]))
    return out


def _words(name: str) -> tuple[str, ...]:
    from racekb.resolve.variants import words

    return words(name)


def duplicate_items(site: Site, graph: Graph) -> list[Item]:
    """Pages of one type that look like one entity: names sharing a distinctive word (not one
    that many names of the type share, like "Racing"; for people, not a given name), with the
    same numbers, alike by rapidfuzz's ratio. Two people whose first names are both given names
    are two people who share a surname (Kyle and Kurt Busch): never listed. The page with fewer
    releases is the one to merge."""

    from racekb.extract.lexicon import given_names

    given = {g.casefold() for g in given_names()}
    by_word: dict[tuple[str, str], list[Entity]] = {}
    per_type: dict[str, int] = {}
    for e in graph.entities.values():
        if e.type not in DUPLICATE_TYPES:
            continue
        per_type[e.type] = per_type.get(e.type, 0) + 1
        for w in set(_words(e.name)):
            if len(w) > 2 and not w.isdigit() and not (e.type in _PEOPLE and w in given):
                by_word.setdefault((e.type, w), []).append(e)
    counts = {e.id: 0 for e in graph.entities.values()}
    for f in graph.facts:
        counts[f.subject] = counts.get(f.subject, 0) + 1
        counts[f.object] = counts.get(f.object, 0) + 1
    seen: set[tuple[str, str]] = set()
    out = []
    for (etype, _), group in sorted(by_word.items()):
        if len(group) < 2 or len(group) > MAX_BLOCK:
            continue  # a word this many names share says nothing of any two of them
        group = sorted(group, key=lambda e: e.id)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if (a.id, b.id) in seen:
                    continue
                seen.add((a.id, b.id))
                wa, wb = _words(a.name), _words(b.name)
                if [w for w in wa if w.isdigit()] != [w for w in wb if w.isdigit()]:
                    continue  # No. 42 and No. 43, Formula 2 and Formula 3
                score = _similarity(etype, wa, wb, given)
                if score < MIN_SIMILARITY:
                    continue
                if etype in _PEOPLE:  # the name a given name opens, else the shorter: no glued word
                    keep, lose = sorted((a, b), key=lambda e: (_words(e.name)[0] not in given, len(e.name), e.id))
                else:
                    keep, lose = sorted((a, b), key=lambda e: (-len(e.releases), -counts.get(e.id, 0), -len(e.name), e.id))
                why = (f"looks like {keep.type} {keep.name!r} ({keep.id}): similarity {score / 100:.2f}; "
                       f"{len(lose.releases)} release(s) and {counts.get(lose.id, 0)} fact(s) would join it")
                out.append(Item("duplicate", lose.type, lose.name, 2.0 * score / 100 + 0.1 * counts.get(lose.id, 0),
                                why, _curated_path(site, lose.type, lose.name),
                                {"name": lose.name, "same_as": keep.id}, other=keep.id))
    supersets: dict[str, int] = {}
    for it in out:
        supersets[it.name + "\0" + it.type] = supersets.get(it.name + "\0" + it.type, 0) + 1
    return [it for it in out if supersets[it.name + "\0" + it.type] == 1]  # one likely match, or none


_PEOPLE = ("driver", "person")
# the types whose pages are sought in pairs (events and tracks differ by one word too often:
# the Austrian and the Australian Grand Prix)
DUPLICATE_TYPES = ("driver", "person", "team", "car", "championship", "manufacturer")
# a word at least this common in English (wordfreq's Zipf scale) says little on its own
COMMON_ZIPF = 4.0
# a word before a surname this common in English is a word glued on ("Powers", "Father"), not a
# first name missing from the given-name list ("Niall" 3.2, "Jet" 4.3)
GLUED_ZIPF = 4.5


def _similarity(etype: str, wa: tuple[str, ...], wb: tuple[str, ...], given: set[str]) -> float:
    """0..100: how likely two names of one type are one entity.

    People: one name inside the other ("Grant Rivers" / "Father Grant Rivers"), or one surname
    after a given name and after a word that is not one ("Matt Kenseth" / "Powers Kenseth": a
    word glued on), or a near spelling; two given names before one surname are two people.
    Other types: rapidfuzz's ratio, asked to be higher when the words they share are common."""
    from rapidfuzz import fuzz
    from wordfreq import zipf_frequency

    a, b = " ".join(wa), " ".join(wb)
    if [w for w in wa if w.isdigit()] != [w for w in wb if w.isdigit()]:
        return 0.0  # No. 42 and No. 43, Formula 2 and Formula 3
    ratio = fuzz.ratio(a, b)
    if etype in _PEOPLE:
        if set(wa) < set(wb) or set(wb) < set(wa):
            return 95.0
        if wa[-1] == wb[-1] and wa[0] != wb[0]:
            if wa[0] in given and wb[0] in given:
                return 0.0
            glued = wb[0] if wa[0] in given else wa[0] if wb[0] in given else ""
            if glued and zipf_frequency(glued, "en") >= GLUED_ZIPF:
                return 80.0  # "Powers Kenseth": an everyday word glued on, not a first name ("Niall", "Jet")
        return ratio if ratio >= 85 else 0.0
    if set(wa) < set(wb) or set(wb) < set(wa):
        return 0.9 * fuzz.token_set_ratio(a, b)
    only_a, only_b = set(wa) - set(wb), set(wb) - set(wa)
    if len(only_a) == 1 and len(only_b) == 1:  # one word apart: a misspelling of it?
        one, two = only_a.pop(), only_b.pop()
        distinctive = any(zipf_frequency(w, "en") < COMMON_ZIPF for w in set(wa) & set(wb))
        if distinctive and fuzz.ratio(one, two) >= 85:
            return ratio
    return 0.0


def review(site: Site) -> list[Item]:
    graph = site_graph(site)
    items = duplicate_items(site, graph) + held_items(site, graph)
    return sorted(items, key=lambda it: (-it.score, it.kind, it.type, it.name))


def run(args: argparse.Namespace) -> int:
    site = Site.at(Path(args.root))
    items = review(site)
    if args.json:
        print(json.dumps([it.to_json() for it in items], indent=1, ensure_ascii=False))
        return 0
    if not items:
        print("nothing to review: every entity has a page on evidence, and no two pages look alike")
        return 0
    for it in items:
        print(f"{it.kind:9} {it.type} {it.name!r}: {it.why}")
        for f in it.facts[:5]:
            year = f" {f['year']}" if f["year"] else ""
            print(f"          fact left out: {f['subject']} {f['predicate']} {f['object']}{year} ({f['release']})")
        print(f"          -> {it.edit_text()}")
    dup = sum(it.kind == "duplicate" for it in items)
    print(f"{len(items)} to review: {dup} likely duplicate(s), {len(items) - dup} without a page")
    return 0
