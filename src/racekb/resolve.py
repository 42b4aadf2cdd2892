"""resolve: the mentions of every release -> one entity per real-world thing.

Within a release the extractor already joined short forms to full names. Here the same name
across releases becomes one entity, a surname seen alone in one release joins the one full name
that owns it elsewhere (never a guess: two candidates keep both and say so), and curated entity
files and hand edits to records win over all of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from racekb.curation import Curation
from racekb.extract.lexicon import norm
from racekb.extract.state import State
from racekb.graph import Entity, Fact, Graph, Release
from racekb.records import Record
from racekb.slug import slugify, unique_slugs

Key = tuple[str, str]  # (type, normalised name)


@dataclass
class ReleaseInput:
    """A release ready to resolve: its record, its extraction, the entity names it keeps."""

    record: Record
    state: State
    keep: dict[str, list[str]]


def kept_names(record: Record, extracted: dict[str, list[str]], written: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """Which entities a release keeps, honouring hand edits to its front matter.

    With a memory of what racekb wrote, a name a person removed stays out and a name a person
    added stays in, while new extractor finds still arrive; without one, the record decides.
    """
    current = {t: set(n) for t, n in record.entities.items()}
    if written is None:
        return {t: sorted(n) for t, n in current.items()}
    out: dict[str, set[str]] = {}
    types = set(extracted) | set(current) | set(written)
    for t in types:
        fresh, now, was = set(extracted.get(t, [])), current.get(t, set()), set(written.get(t, []))
        out[t] = (fresh - (was - now)) | (now - was)
    return {t: sorted(n) for t, n in out.items() if n}


def _surname(name: str) -> str:
    parts = [p for p in name.split() if p.rstrip(".") not in ("Jr", "Sr", "II", "III", "IV")]
    return parts[-1] if parts else name


def _car_number(name: str) -> str | None:
    m = re.match(r"^No\. (\d{1,3})\b", name)
    return m.group(1) if m else None


def _merge_sponsor_named_teams(entries: set[tuple[str, int, Key, Key]], names: dict[Key, str],
                               redirect: dict[Key, Key], notes: list[str]) -> None:
    """ "Whelen Engineering Racing" fielding No. 31 in 2023 is Action Express Racing when Action
    Express fields a "No. 31 Whelen Cadillac" that season: an entry named after the sponsor on
    its car. The number, the season and the sponsor's word must all agree."""
    by_entry: dict[tuple[str, int], list[tuple[Key, Key]]] = {}
    for number, year, team, car in entries:
        by_entry.setdefault((number, year), []).append((team, car))
    for (number, year), pairs in sorted(by_entry.items()):
        pairs.sort()
        for team_a, _ in pairs:
            for team_b, car_b in pairs:
                if team_a == team_b or team_a in redirect or team_b in redirect:
                    continue
                sponsor = names.get(team_a, "").split()[:1]
                car_words = names.get(car_b, "").split()[2:]  # after "No. 31"
                if sponsor and car_words and sponsor[0] == car_words[0] and sponsor[0] not in names.get(team_b, ""):
                    redirect[team_a] = team_b
                    notes.append(f"{names[team_a]} fields No. {number} in {year}, which {names[team_b]} fields "
                                 f"as {names[car_b]}: read as one team")


def _merge_numbered_cars(inputs: list[ReleaseInput], release_forms: dict[str, dict[str, Key]],
                         names: dict[Key, str], redirect: dict[Key, Key], notes: list[str]) -> None:
    """ "No. 31" in two releases is one car when the same team fields it in the same season,
    whatever sponsor name each release gives it. Without a shared team and year nothing merges."""
    def final(key: Key) -> Key:
        while key in redirect:
            key = redirect[key]
        return key

    entries: set[tuple[str, int, Key, Key]] = set()
    for item in inputs:
        local = release_forms[item.record.id]
        for f in item.state.facts:
            if f.predicate != "fields" or f.object[0] != "car":
                continue
            car, team = local.get(f.object[1]), local.get(f.subject[1])
            number = _car_number(f.object[1])
            if car and team and number:
                entries.add((number, item.record.date.year, final(team), final(car)))
    _merge_sponsor_named_teams(entries, names, redirect, notes)
    groups: dict[tuple[str, Key, int], set[Key]] = {}
    for number, year, team, car in entries:
        groups.setdefault((number, final(team), year), set()).add(final(car))
    for (number, team, year), cars in sorted(groups.items()):
        cars = {c for c in cars if c in names}
        if len(cars) > 1:
            keep = max(cars, key=lambda c: (len(names[c]), names[c]))
            for car in cars - {keep}:
                redirect[car] = keep
            notes.append(f"No. {number} of {names.get(team, team[1])} in {year}: "
                         f"{', '.join(sorted(names[c] for c in cars))} read as one car")


def resolve(inputs: list[ReleaseInput], curation: Curation) -> Graph:
    names: dict[Key, str] = {}
    forms: dict[Key, set[str]] = {}
    where: dict[Key, set[str]] = {}
    redirect: dict[Key, Key] = {}
    notes: list[str] = []
    releases: list[Release] = []
    local_facts: list[tuple[str, object]] = []
    release_forms: dict[str, dict[str, Key]] = {}

    def canonical_key(etype: str, name: str) -> Key | None:
        cur = curation.lookup(etype, name)
        if cur is not None:
            if cur.not_an_entity:
                return None
            if cur.same_as:
                target_type, _, target = cur.same_as.partition("/") if "/" in cur.same_as else (etype, "", cur.same_as)
                return (target_type, norm(target.replace("-", " ")))
            return (etype, norm(cur.name))
        return (etype, norm(name))

    for item in inputs:
        rec, state = item.record, item.state
        keep = {(t, n) for t, ns in item.keep.items() for n in ns}
        extracted = state.entities()
        local: dict[str, Key] = {}
        for (etype, name), surfaces in extracted.items():
            if (etype, name) not in keep:
                continue
            key = canonical_key(etype, name)
            if key is None:
                continue
            cur = curation.lookup(etype, name)
            names.setdefault(key, cur.name if cur and not cur.same_as else name)
            forms.setdefault(key, set()).update(surfaces | {name})
            where.setdefault(key, set()).add(rec.id)
            for s in surfaces | {name}:
                local[s] = key
        for etype, name in keep - set(extracted):
            key = canonical_key(etype, name)
            if key is None:
                continue
            names.setdefault(key, name)
            forms.setdefault(key, set()).add(name)
            where.setdefault(key, set()).add(rec.id)
            local[name] = key
        release_forms[rec.id] = local
        for note in dict.fromkeys(state.notes):
            notes.append(f"{rec.id}: {note}")
        for f in state.facts:
            local_facts.append((rec.id, f))
        releases.append(Release(id=rec.id, title=rec.title, date=rec.date.isoformat(), source=rec.source,
                                city=rec.city, body=rec.body))

    # a lone surname joins the one full name of the same type that ends with it
    full_by_surname: dict[tuple[str, str], list[Key]] = {}
    for key, name in names.items():
        if key[0] in ("driver", "person") and len(name.split()) >= 2:
            full_by_surname.setdefault((key[0], norm(_surname(name))), []).append(key)
    for key, name in list(names.items()):
        if key[0] in ("driver", "person") and len(name.split()) == 1:
            candidates = full_by_surname.get((key[0], key[1]), [])
            if len(candidates) == 1:
                redirect[key] = candidates[0]
            elif len(candidates) > 1:
                notes.append(f"{name!r} could be {' or '.join(sorted(names[c] for c in candidates))}: kept apart")
    # A team principal who raced in an older release keeps two entities, a person and a driver:
    # a release's reading of someone's role is kept as the release states it.
    # a team named without its suffix joins the one team whose name adds just the suffix
    for key, name in list(names.items()):
        if key[0] == "team":
            longer = [k for k in names if k[0] == "team" and k != key and k[1].startswith(key[1] + " ")
                      and len(k[1].split()) == len(key[1].split()) + 1]
            if len(longer) == 1:
                redirect[key] = longer[0]
    _merge_numbered_cars(inputs, release_forms, names, redirect, notes)
    for src, dst in redirect.items():
        forms.setdefault(dst, set()).update(forms.pop(src, set()))
        where.setdefault(dst, set()).update(where.pop(src, set()))
        names.pop(src, None)

    def final(key: Key) -> Key:
        seen = set()
        while key in redirect and key not in seen:
            seen.add(key)
            key = redirect[key]
        return key

    slugs = {}
    for etype in sorted({k[0] for k in names}):
        keys = [k for k in names if k[0] == etype]
        slugs.update({k: s for k, s in zip(keys, [None] * len(keys))})
        chosen = unique_slugs([(k[1], slugify(names[k])) for k in keys])
        for k in keys:
            slugs[k] = chosen[k[1]]
    order = {r.id: (r.date, r.id) for r in releases}
    entities: dict[str, Entity] = {}
    ids: dict[Key, str] = {}
    for key, name in names.items():
        cur = curation.lookup(key[0], name)
        aliases = sorted({f for f in forms.get(key, set()) if f != name}, key=lambda a: (a.casefold(), a))
        if cur:
            aliases = sorted(set(aliases) | set(cur.aliases), key=lambda a: (a.casefold(), a))
        eid = f"{key[0]}/{slugs[key]}"
        ids[key] = eid
        entities[eid] = Entity(id=eid, type=key[0], name=name, slug=slugs[key], aliases=aliases,
                               releases=sorted(where.get(key, set()), key=lambda r: order[r], reverse=True),
                               bio=cur.bio if cur else "")
    for release in releases:
        release.links = {surface: ids[final(k)] for surface, k in release_forms[release.id].items()
                         if final(k) in ids}
    facts: list[Fact] = []
    seen_facts = set()
    for rid, f in local_facts:
        subj = release_forms[rid].get(f.subject[1])
        obj = release_forms[rid].get(f.object[1])
        if subj is None or obj is None:
            continue
        s_id, o_id = ids.get(final(subj)), ids.get(final(obj))
        if not s_id or not o_id or s_id == o_id:
            continue
        sig = (s_id, f.predicate, o_id, f.year, rid)
        if sig in seen_facts:
            continue
        seen_facts.add(sig)
        facts.append(Fact(s_id, f.predicate, o_id, f.year, rid, f.evidence))
    releases.sort(key=lambda r: (r.date, r.id), reverse=True)
    return Graph(releases=releases, entities=entities, facts=facts, notes=notes)
