"""Resolve's side of stable addresses (racekb.resolve.addresses): which slug each entity keeps, and where
an address that no entity holds any more now leads.

* An entity whose name key was published keeps that slug, whatever appears later.
* An entity the rules merged a published name into (a second spelling, a short form), whose own
  key was never published, takes that name's slug: the entity did not move, its name did.
* Every slug ever published stays taken: a newcomer with a colliding name gets another.
* An address whose names were merged into another entity (by the rules or a curated `same_as`)
  or renamed by a curated file (`name:` other than the releases', which it lists as an alias)
  lists as a former id of the entity they ended in, which gets a redirect page there.
"""

from __future__ import annotations

from typing import Callable

from racekb.model.graph import Entity
from racekb.resolve.addresses import Addresses

Key = tuple[str, str]


def _final(key: Key, redirect: dict[Key, Key]) -> Key:
    seen: set[Key] = set()
    while key in redirect and key not in seen:
        seen.add(key)
        key = redirect[key]
    return key


def stable_slugs(etype: str, keys: list[Key], addresses: Addresses,
                 inherited: dict[Key, str]) -> tuple[dict[Key, str], set[str]]:
    """The keys of one type that keep a published slug (their own first, then one inherited),
    and every slug a new key must not take."""
    fixed: dict[Key, str] = {}
    used: set[str] = set()
    for k in sorted(keys):
        slug = addresses.slug_of(etype, k[1])
        if slug is not None and slug not in used:
            fixed[k] = slug
            used.add(slug)
    for k in sorted(keys):
        slug = inherited.get(k)
        if k not in fixed and slug is not None and slug not in used:
            fixed[k] = slug
            used.add(slug)
    return fixed, addresses.taken(etype) | used


def inherited_slugs(addresses: Addresses, names: dict[Key, str], redirect: dict[Key, Key],
                    curated: set[Key]) -> dict[Key, str]:
    """Key -> the published slug of a name the rules merged into it, for keys never published
    themselves. A curated `same_as` is left out: it keeps the target's own address."""
    out: dict[Key, str] = {}
    for etype, known in sorted(addresses.by_type.items()):
        for name, slug in sorted(known.items()):
            key = (etype, name)
            if key in names or key not in redirect or key in curated:
                continue
            end = _final(key, redirect)
            if end in names and addresses.slug_of(etype, end[1]) is None and end not in out:
                out[end] = slug
    return out


def remember_addresses(addresses: Addresses, entities: dict[str, Entity], ids: dict[Key, str],
                       redirect: dict[Key, Key], curated_key: Callable[[str, str], Key | None]) -> None:
    """Add this build's pages to `addresses`, and list each published address no entity holds
    now under the former ids of the entity its names went to (if it has a page)."""
    for key, eid in sorted(ids.items()):
        entity = entities.get(eid)
        if entity is not None:
            addresses.remember(key[0], key[1], entity.slug)
    remembered: dict[str, str] = {}  # a retired address -> the entity it leads to
    published: set[str] = set()
    for etype in sorted(addresses.by_type):
        for slug, names in addresses.names_at(etype).items():
            old = f"{etype}/{slug}"
            published.add(old)
            if old in entities:
                continue
            for name in names:
                target = _where_it_went((etype, name), ids, redirect, curated_key)
                if target is not None and target in entities and target != old:
                    remembered[old] = target
                    break
    for old, target in remembered.items():
        if old not in entities[target].former_ids:
            entities[target].former_ids.append(old)
    for e in entities.values():
        if e.former_ids:
            # a former id guessed from a merged name (resolve._note_former_ids) that is really
            # another entity's published address is not this one's
            e.former_ids = sorted(f for f in e.former_ids if f not in published or remembered.get(f) == e.id)


def _where_it_went(key: Key, ids: dict[Key, str], redirect: dict[Key, Key],
                   curated_key: Callable[[str, str], Key | None]) -> str | None:
    """The id of the entity a published name key ended in: through a merge, or a curated rename."""
    if key in redirect:
        return ids.get(_final(key, redirect))
    renamed = curated_key(key[0], key[1])
    if renamed is not None and renamed != key:
        return ids.get(_final(renamed, redirect))
    return None
