"""resolve: the mentions of every release -> one entity per real-world thing.

Within a release the extractor already joined short forms to full names. Here the same name
across releases becomes one entity, a surname seen alone in one release joins the one full name
that owns it elsewhere (never a guess: two candidates keep both and say so), and curated entity
files and hand edits to records win over all of it.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import attrgetter
from pathlib import Path

from racekb.resolve import variants
from racekb.extract.extraction import Extraction
from racekb.resolve.curation import Curated, Curation
from racekb.model.errors import BuildFailed, RacekbError
from racekb.extract.evidence import cues_of, policy
from racekb.extract.lexicon import norm
from racekb.extract.state import State
from racekb.model.graph import Entity, Fact, Graph, Release
from racekb.load.records import Record
from racekb.model.slug import slugify, unique_slugs
from racekb.resolve.addresses import Addresses
from racekb.resolve.stable_slugs import inherited_slugs, remember_addresses, stable_slugs

Key = tuple[str, str]  # (type, normalised name)


@dataclass
class ReleaseInput:
    """A release ready to resolve: its record, its extraction, the entity names it keeps."""

    record: Record
    state: Extraction | State  # what a build kept of the extraction, or the extractor's own (racekb extract)
    keep: dict[str, list[str]]
    # a digest of everything above that resolve reads, with the curation (pipeline.release_signature),
    # or "" when the caller has none
    signature: str = ""


def kept_names(record: Record, extracted: dict[str, list[str]], written: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """Which entities a release keeps, honouring hand edits to its front matter.

    With a memory of what racekb wrote, a name a person removed stays out and a name a person
    added stays in, while new extractor finds still arrive; without one, the record decides.
    """
    if written is not None and written == record.entities:
        return extracted  # no hand edit: the extractor's finds (names_by_type's lists, sorted, none empty)
    current = {t: set(n) for t, n in record.entities.items()}
    if written is None:
        return {t: sorted(n) for t, n in current.items()}
    out: dict[str, set[str]] = {}
    types = set(extracted) | set(current) | set(written)
    for t in types:
        fresh, now, was = set(extracted.get(t, [])), current.get(t, set()), set(written.get(t, []))
        out[t] = (fresh - (was - now)) | (now - was)
    return {t: sorted(n) for t, n in out.items() if n}


_SUFFIXES = ("Jr", "Sr", "II", "III", "IV")
_CAR_NUMBER = re.compile(r"^No\. (\d{1,3})\b")
_MENTION_FIELDS = attrgetter("type", "name", "text")


def _without_suffix(name: str) -> list[str]:
    return [p for p in name.split() if p.rstrip(".") not in _SUFFIXES]


def _surname(name: str) -> str:
    parts = _without_suffix(name)
    return parts[-1] if parts else name


def _car_number(name: str) -> str | None:
    m = _CAR_NUMBER.match(name)
    return m.group(1) if m else None


class _PerName:
    """Everything resolve works out from a name alone, worked out once per distinct name.

    10,000 releases hold some 190,000 (release, entity) pairs but fewer than 3,000 distinct
    names: normalising and looking up curation per pair was most of resolve's time.
    """

    def __init__(self, curation: Curation) -> None:
        self._curated = curation.table()
        self._norm: dict[str, str] = {}
        self._lookup: dict[Key, Curated | None] = {}
        self.entities: dict[Key, tuple[Key | None, str]] = {}
        self._car: dict[str, str | None] = {}
        # the key of each curated entry that merges into another entity (`same_as`) -> the entry
        self.same_as: dict[Key, Curated] = {}

    def norm(self, text: str) -> str:
        out = self._norm.get(text)
        if out is None:
            out = self._norm[text] = norm(text)
        return out

    def curated(self, etype: str, name: str) -> Curated | None:
        """The curated entry for a name, exactly as Curation.lookup would find it."""
        pair = (etype, name)
        if pair not in self._lookup:
            self._lookup[pair] = self._curated.get((etype, self.norm(name)))
        return self._lookup[pair]

    def entity(self, pair: Key) -> tuple[Key | None, str]:
        """(site-wide key, display name) of an extracted (type, name); the key is None when
        curation says it is not an entity. Kept in `self.entities` for callers in a hot loop."""
        found = self.entities.get(pair)
        if found is None:
            found = self.entities[pair] = (self._canonical_key(*pair), self._display(*pair))
        return found

    def _canonical_key(self, etype: str, name: str) -> Key | None:
        cur = self.curated(etype, name)
        if cur is None:
            return (etype, self.norm(name))
        if cur.not_an_entity:
            return None
        key = (etype, self.norm(cur.name))
        if cur.same_as:  # its own key for now: resolve merges it once it knows every address
            self.same_as[key] = cur
        return key

    def _display(self, etype: str, name: str) -> str:
        """The name an entity shows: a curated entry's own name wins over the release's."""
        cur = self.curated(etype, name)
        return cur.name if cur else name

    def curated_key(self, etype: str, key: str) -> Key | None:
        """The key a curated entry gives the name whose key is `key` (a rename: `name:` other than
        the releases' name, which the entry lists as an alias); None when no entry names it."""
        cur = self._curated.get((etype, key))
        if cur is None or cur.not_an_entity:
            return None
        return (etype, self.norm(cur.name))

    def car_number(self, name: str) -> str | None:
        if name not in self._car:
            self._car[name] = _car_number(name)
        return self._car[name]


@dataclass
class _Gathered:
    """What the releases say before any cross-release merge: keyed names, their forms, where
    each is mentioned, and per release which surface form stands for which key."""

    names: dict[Key, str] = field(default_factory=dict)
    forms: dict[Key, set[str]] = field(default_factory=dict)
    where: dict[Key, set[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    release_forms: dict[str, dict[str, Key]] = field(default_factory=dict)
    release_keys: dict[str, list[Key]] = field(default_factory=dict)  # each release's keys, as it named them
    cues: dict[Key, set[str]] = field(default_factory=dict)  # what found each key (evidence.cues_of)
    by_hand: set[Key] = field(default_factory=set)  # keys a person added to a record


def _surfaces(state: Extraction | State) -> dict[tuple[str, str], set[str]]:
    """State.entities(), built from each distinct (type, name, text) once rather than per mention.

    The order of the result is the order in which each (type, name) is first mentioned, as in
    State.entities(): a surface form two entities share goes to the later one.
    """
    if isinstance(state, Extraction):  # the summary it carries: its mentions stay undecoded
        return state.entities()
    out: dict[tuple[str, str], set[str]] = {}
    for etype, name, text in dict.fromkeys(map(_MENTION_FIELDS, chain(state.mentions, state.nested))):
        pair = (etype, name)
        found = out.get(pair)
        if found is None:
            out[pair] = {text}
        else:
            found.add(text)
    return out


def _add(gathered: _Gathered, key: Key, display: str, surfaces: set[str], release_id: str,
         local: dict[str, Key]) -> None:
    """One kept entity of one release: its key gains these forms and this release."""
    gathered.names.setdefault(key, display)
    forms = gathered.forms.get(key)
    if forms is None:
        gathered.forms[key] = set(surfaces)
    else:
        forms.update(surfaces)
    where = gathered.where.get(key)
    if where is None:
        gathered.where[key] = {release_id}
    else:
        where.add(release_id)
    for surface in surfaces:
        local[surface] = key


def _gather_release(item: ReleaseInput, per_name: _PerName, gathered: _Gathered) -> None:
    """Key every entity one release keeps, and note which of its surface forms names which key.

    This runs once per (release, entity): per-name work goes through `per_name`'s memo.
    """
    rec, state = item.record, item.state
    if isinstance(state, Extraction) and item.keep is state.by_type:
        _gather_all(rec.id, state, per_name, gathered)
    else:
        _gather_kept(item, per_name, gathered)
    gathered.notes.extend(f"{rec.id}: {note}" for note in dict.fromkeys(state.notes))
    gathered.releases.append(Release(id=rec.id, title=rec.title, date=rec.date.isoformat(), source=rec.source,
                                     city=rec.city, body=rec.body))


def _gather_all(rid: str, state: Extraction, per_name: _PerName, gathered: _Gathered) -> None:
    """`_gather_kept` for a release that keeps every name the extractor found (no hand edit to
    its record: nearly every release), without asking of each name whether it is kept, and
    without a set of surface forms per name. The same keys, forms and links, in the same order."""
    known, local = per_name.entities, {}
    names, forms, where = gathered.names, gathered.forms, gathered.where
    cues, all_cues = state.cues, gathered.cues
    keys: list[Key] = []
    for pair, surfaces in state.pairs():
        key, display = known.get(pair) or per_name.entity(pair)
        if key is None:
            continue
        found_cues = cues.get(pair)
        if found_cues:
            had = all_cues.get(key)
            if had is None:
                all_cues[key] = set(found_cues)
            else:
                had.update(found_cues)
        name = pair[1]
        if key not in names:
            names[key] = display
        found = forms.get(key)
        if found is None:
            found = forms[key] = set(surfaces)
        else:
            found.update(surfaces)
        found.add(name)
        releases = where.get(key)
        if releases is None:
            where[key] = {rid}
        else:
            releases.add(rid)
        local.update(dict.fromkeys(surfaces, key))
        local[name] = key
        keys.append(key)
    gathered.release_forms[rid] = local
    gathered.release_keys[rid] = keys


def _gather_kept(item: ReleaseInput, per_name: _PerName, gathered: _Gathered) -> None:
    """The names a release keeps (its record's front matter may have been edited by hand), keyed."""
    rec, state = item.record, item.state
    kept = {t: set(ns) for t, ns in item.keep.items()}
    extracted = _surfaces(state)
    cues = cues_of(state)
    known, found = per_name.entities, 0
    local: dict[str, Key] = {}
    keys: list[Key] = []  # in an order that follows from the release alone (not the hash seed)
    removed: dict[Key, set[str]] = {}
    for pair, surfaces in extracted.items():
        if pair[1] not in kept.get(pair[0], ()):
            removed[pair] = surfaces
            continue
        found += 1
        key, display = known.get(pair) or per_name.entity(pair)
        if key is None:
            continue
        surfaces.add(pair[1])
        _add(gathered, key, display, surfaces, rec.id, local)
        gathered.cues.setdefault(key, set()).update(cues.get(pair, ()))
        keys.append(key)
    if found < sum(map(len, kept.values())):
        keys += _gather_added_by_hand(kept, extracted, removed, per_name, gathered, rec.id, local)
    gathered.release_forms[rec.id] = local
    gathered.release_keys[rec.id] = keys


def _gather_added_by_hand(kept: dict[str, set[str]], extracted: dict[Key, set[str]], removed: dict[Key, set[str]],
                          per_name: _PerName, gathered: _Gathered, release_id: str, local: dict[str, Key]) -> list[Key]:
    """Names a person added to a record that the extractor does not find: they stay, under their
    own name. A name added in place of one removed from the same record is a rename (renamed):
    the text's mentions, and so the facts, of the old name go to the new one. Sorted, so that the
    hash seed decides nothing. Returns the keys added."""
    added_pairs = sorted((t, n) for t, ns in kept.items() for n in ns if (t, n) not in extracted)
    renames = renamed(added_pairs, sorted(removed))
    added = []
    for etype, name in added_pairs:
        key = per_name.entity((etype, name))[0]
        if key is not None:
            old = renames.get((etype, name))
            surfaces = {name} | (removed[old] | {old[1]} if old else set())
            _add(gathered, key, name, surfaces, release_id, local)
            gathered.by_hand.add(key)
            added.append(key)
    return added


def renamed(added: list[Key], removed: list[Key]) -> dict[Key, Key]:
    """Which name a person removed from a record each added name replaces: the same name under
    another type; else, of the same type, the one removed name sharing a word with it, or the
    only one removed when only one was added. A name with no such partner is simply new."""
    out: dict[Key, Key] = {}
    free = list(removed)
    for pair in added:
        same = [old for old in free if norm(old[1]) == norm(pair[1])]
        if not same:
            of_type = [old for old in free if old[0] == pair[0]]
            words = set(norm(pair[1]).split())
            same = [old for old in of_type if words & set(norm(old[1]).split())]
            if not same and len(of_type) == 1 and sum(1 for a in added if a[0] == pair[0]) == 1:
                same = of_type
        if len(same) == 1:
            out[pair] = same[0]
            free.remove(same[0])
    return out


def _merge_surnames(names: dict[Key, str], per_name: _PerName, redirect: dict[Key, Key],
                    notes: list[str]) -> None:
    """A lone surname joins the one full name of the same type that ends with it; two
    candidates keep all apart, with a note saying so."""
    full_by_surname: dict[tuple[str, str], list[Key]] = {}
    for key, name in names.items():
        if key[0] in ("driver", "person") and len(_without_suffix(name)) >= 2:
            full_by_surname.setdefault((key[0], per_name.norm(_surname(name))), []).append(key)
    for key, name in names.items():
        if key[0] in ("driver", "person") and len(_without_suffix(name)) == 1:
            # "Stenhouse Jr" is the surname of "Ricky Stenhouse Jr." as much as "Stenhouse" is
            candidates = full_by_surname.get((key[0], per_name.norm(_surname(name))), [])
            if len(candidates) == 1:
                redirect[key] = candidates[0]
            elif len(candidates) > 1:
                notes.append(f"{name!r} could be {' or '.join(sorted(names[c] for c in candidates))}: kept apart")


def _merge_short_team_names(names: dict[Key, str], redirect: dict[Key, Key]) -> None:
    """A team named without its suffix joins the one team whose name adds just the suffix.

    Keys are normalised (single spaces, no edge spaces), so "the name plus one word" is the
    key whose last word, cut off, leaves the short name: one dict look-up per team instead of
    a scan of every team.
    """
    teams = [k for k in names if k[0] == "team"]
    by_stem: dict[str, list[Key]] = {}
    for k in teams:
        stem, space, _ = k[1].rpartition(" ")
        if space:
            by_stem.setdefault(stem, []).append(k)
    for key in teams:
        longer = by_stem.get(key[1], [])
        if len(longer) == 1:
            redirect[key] = longer[0]


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


def _car_entries(inputs: list[ReleaseInput], release_forms: dict[str, dict[str, Key]],
                 per_name: _PerName) -> set[tuple[str, int, Key, Key]]:
    """(number, season, team key, car key) for every "team fields No. N car" fact, before any
    merge: the keys are followed through the redirects when the merge runs."""
    entries: set[tuple[str, int, Key, Key]] = set()
    for item in inputs:
        local = release_forms[item.record.id]
        for f in item.state.facts:
            if f.predicate != "fields" or f.object[0] != "car":
                continue
            car, team = local.get(f.object[1]), local.get(f.subject[1])
            number = per_name.car_number(f.object[1])
            if car and team and number:
                entries.add((number, item.record.date.year, team, car))
    return entries


def _merge_numbered_cars(raw_entries: set[tuple[str, int, Key, Key]], names: dict[Key, str],
                         redirect: dict[Key, Key], notes: list[str]) -> None:
    """ "No. 31" in two releases is one car when the same team fields it in the same season,
    whatever sponsor name each release gives it. Without a shared team and year nothing merges."""
    def final(key: Key) -> Key:
        while key in redirect:
            key = redirect[key]
        return key

    entries = {(number, year, final(team), final(car)) for number, year, team, car in raw_entries}
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


def _merge_numbers_within_releases(gathered: _Gathered, per_name: _PerName, redirect: dict[Key, Key],
                                   notes: list[str]) -> None:
    """Within one release, "No. 42 Rexel Toyota", "No. 42 Legacy Motor Club Toyota" and "No. 42
    Toyota Camry XSE" are one car: the same number with a word in common beyond it. Only names no
    other release uses join, so a number reused in another season or series never pulls two cars
    together."""
    names, where = gathered.names, gathered.where
    for rid, keys in gathered.release_keys.items():
        by_number: dict[str, list[Key]] = {}
        for key in dict.fromkeys(keys):
            if key[0] == "car" and key in names and key not in redirect and len(where.get(key, ())) == 1:
                number = per_name.car_number(names[key])
                if number:
                    by_number.setdefault(number, []).append(key)
        for number, group in sorted(by_number.items()):
            if len(group) < 2:
                continue
            words = {k: set(variants.words(names[k])[2:]) for k in group}
            keep = max(group, key=lambda k: (len(words[k]), names[k]))
            joined = [k for k in group if k != keep and words[k] & words[keep]]
            for key in joined:
                redirect[key] = keep
            if joined:
                notes.append(f"{rid}: {', '.join(repr(names[k]) for k in joined)} read as {names[keep]!r}")


def _apply_redirects(gathered: _Gathered, redirect: dict[Key, Key]) -> None:
    """Fold each merged key's forms, releases and cues into the key it ends up in."""
    forms, where, names, cues = gathered.forms, gathered.where, gathered.names, gathered.cues
    for src in list(redirect):
        dst = variants._final(src, redirect)
        if dst == src:  # a loop of merges: the first key stays
            del redirect[src]
            continue
        forms.setdefault(dst, set()).update(forms.pop(src, set()))
        where.setdefault(dst, set()).update(where.pop(src, set()))
        if src in cues:
            cues.setdefault(dst, set()).update(cues.pop(src))
        if src in gathered.by_hand:
            gathered.by_hand.add(dst)
        names.pop(src, None)


def _slugs(names: dict[Key, str], addresses: Addresses | None = None,
           inherited: dict[Key, str] | None = None) -> dict[Key, str]:
    """A slug per key, unique within its type: the one it was published under if any
    (racekb.resolve.addresses), else one no entity of the type ever had."""
    by_type: dict[str, list[Key]] = {}
    for k in names:
        by_type.setdefault(k[0], []).append(k)
    slugs: dict[Key, str] = {}
    for etype in sorted(by_type):
        keys = by_type[etype]
        fixed: dict[Key, str] = {}
        taken: set[str] = set()
        if addresses is not None:
            fixed, taken = stable_slugs(etype, keys, addresses, inherited or {})
        chosen = unique_slugs([(k[1], slugify(names[k])) for k in keys if k not in fixed], taken)
        for k in keys:
            slugs[k] = fixed[k] if k in fixed else chosen[k[1]]
    return slugs


def _alias_key(alias: str) -> tuple[str, str]:
    return (alias.casefold(), alias)


def _entities(gathered: _Gathered, per_name: _PerName, addresses: Addresses | None = None,
              inherited: dict[Key, str] | None = None) -> tuple[dict[str, Entity], dict[Key, str]]:
    """One Entity per surviving key, its releases newest first; and each key's entity id."""
    slugs = _slugs(gathered.names, addresses, inherited)
    rank = {r.id: i for i, r in enumerate(sorted(gathered.releases, key=lambda r: (r.date, r.id)))}
    entities: dict[str, Entity] = {}
    ids: dict[Key, str] = {}
    for key, name in gathered.names.items():
        cur = per_name.curated(key[0], name)
        aliases = gathered.forms.get(key, set()) - {name}
        if cur:
            aliases = aliases | set(cur.aliases)
        eid = f"{key[0]}/{slugs[key]}"
        ids[key] = eid
        entities[eid] = Entity(id=eid, type=key[0], name=name, slug=slugs[key],
                               aliases=sorted(aliases, key=_alias_key),
                               releases=sorted(gathered.where.get(key, set()), key=rank.__getitem__, reverse=True),
                               bio=cur.bio if cur else "")
    return entities, ids


def _final_ids(keys: list[Key], ids: dict[Key, str], redirect: dict[Key, Key]) -> dict[Key, str]:
    """key -> the id of the entity it ended up in, for every key that ended up in one.

    Redirects are followed once per key here rather than once per surface form and fact.
    """
    out: dict[Key, str] = {}
    for key in keys:
        seen = set()
        end = key
        while end in redirect and end not in seen:
            seen.add(end)
            end = redirect[end]
        if end in ids:
            out[key] = ids[end]
    return out


def _links(local: dict[str, Key], final_ids: dict[Key, str]) -> dict[str, str]:
    """A release's surface forms -> the entity ids they link to."""
    return {surface: final_ids[key] for surface, key in local.items() if key in final_ids}


_FACT_FIELDS = attrgetter("subject", "predicate", "object", "year", "evidence", "rule")


def _facts(inputs: list[ReleaseInput], links: dict[str, dict[str, str]],
           weak_rule=lambda rule: False) -> tuple[list[Fact], set[tuple[str, str]]]:
    """Each release's facts in site-wide ids, dropping self-links and repeats within a release;
    and the (subject, object) pairs of facts whose rule lends strength to their ends.

    A fact whose subject or object names no entity of the release (a link) is left out.
    """
    facts: list[Fact] = []
    ties: set[tuple[str, str]] = set()
    seen: set[tuple] = set()
    weak: dict[str, bool] = {}
    for item in inputs:
        rid = item.record.id
        ids = links[rid]
        for subject, predicate, obj, year, evidence, rule in map(_FACT_FIELDS, item.state.facts):
            s_id, o_id = ids.get(subject[1]), ids.get(obj[1])
            if not s_id or not o_id or s_id == o_id:
                continue
            is_weak = weak.get(rule)
            if is_weak is None:
                is_weak = weak[rule] = weak_rule(rule)
            if not is_weak:
                ties.add((s_id, o_id))
            sig = (s_id, predicate, o_id, year, rid)
            if sig in seen:
                continue
            seen.add(sig)
            facts.append(Fact(s_id, predicate, o_id, year, rid, evidence))
    return facts, ties


def _curated_merges(curation: Curation, gathered: _Gathered, redirect: dict[Key, Key], per_name: _PerName,
                    notes: list[str], addresses: Addresses | None = None) -> dict[Key, Key]:
    """`same_as` of curated files: each merges its entity into the target it names, which keeps its
    own name and address (the addresses are worked out without the entities merged away). A target
    that does not exist, or is itself merged into another, is an error naming the file."""
    entries = [e for e in curation.entries if e.same_as]
    if not entries:
        return {}
    sources = {(e.type, per_name.norm(e.name)): e for e in entries}
    names = gathered.names
    slugs = _slugs({k: n for k, n in names.items() if k not in sources}, addresses)
    by_id = {f"{k[0]}/{slug}": k for k, slug in slugs.items()}
    source_ids = {}
    for key, e in sources.items():
        for slug in {Path(e.path).stem if e.path else "", slugify(e.name)} - {""}:
            source_ids[f"{e.type}/{slug}"] = key
    problems: list[RacekbError] = []
    merges: dict[Key, Key] = {}
    for key, entry in sources.items():
        target, why = _target_of(entry, by_id, source_ids, names, redirect, per_name)
        if target is None:
            problems.append(RacekbError(why, entry.path or None))
            continue
        if key in names:
            merges[key] = target
            gathered.by_hand.add(target)
            notes.append(f"{entry.path}: {names[key]} merged into {names[target]}")
    if problems:
        raise problems[0] if len(problems) == 1 else BuildFailed(problems)
    _apply_redirects(gathered, merges)
    return merges


def _target_of(entry: Curated, by_id: dict[str, Key], source_ids: dict[str, Key], names: dict[Key, str],
               redirect: dict[Key, Key], per_name: _PerName) -> tuple[Key | None, str]:
    """The key `entry.same_as` names, or None and what is wrong with it."""
    wanted = entry.same_as
    if "/" in wanted:
        etype = wanted.partition("/")[0]
        found = by_id.get(wanted)
        if found is None:  # "type/name words" as the older files wrote it
            guess = (etype, per_name.norm(wanted.partition("/")[2].replace("-", " ")))
            found = guess if guess in names or guess in redirect else None
    else:
        etype, found = entry.type, (entry.type, per_name.norm(wanted))
        found = found if found in names or found in redirect else None
    own = (entry.type, per_name.norm(entry.name))
    if found is None:
        other = source_ids.get(wanted) if "/" in wanted else None
        if other is None and "/" not in wanted:
            other = next((k for k in source_ids.values() if k[0] == etype and k[1] == per_name.norm(wanted)), None)
        if other == own:
            return None, f"same_as: {wanted!r} is this entity itself"
        if other is not None:
            return None, (f"same_as: {wanted!r} is itself merged into another entity (a chain or a loop of "
                          f"same_as); point to the entity it is merged into")
        return None, (f"same_as: no {etype} {wanted!r} on the site (name an entity as type/slug, as in its "
                      f"address, e.g. {etype}/{slugify(entry.name)})")
    found = variants._final(found, redirect)
    if found == own:
        return None, f"same_as: {wanted!r} is this entity itself"
    if found in set(source_ids.values()):
        return None, (f"same_as: {wanted!r} is itself merged into another entity (a chain or a loop of "
                      f"same_as); point to the entity it is merged into")
    return found, ""


def _note_former_ids(retired: dict[Key, str], entities: dict[str, Entity], ids: dict[Key, str],
                     redirect: dict[Key, Key]) -> None:
    """Each entity lists the ids of the entities merged into it (graph.json `former_ids`): the
    address a spelling or a curated merge retired, for tools that kept it."""
    for key, name in sorted(retired.items()):
        target = ids.get(variants._final(key, redirect))
        former = f"{key[0]}/{slugify(name)}"
        if target and former != target and former not in entities and former not in entities[target].former_ids:
            entities[target].former_ids.append(former)
    for e in entities.values():
        if e.former_ids:
            e.former_ids.sort()


def _link_models(entities: dict[str, Entity]) -> None:
    """A numbered entry ("No. 31 Whelen Cadillac V-Series.R") links to the page of the one model
    its name ends with ("Cadillac V-Series.R"), and the model's page lists its entries."""
    models: dict[tuple[str, ...], list[Entity]] = {}
    numbered = []
    for e in entities.values():
        if e.type != "car":
            continue
        if _CAR_NUMBER.match(e.name):
            numbered.append(e)
        else:
            models.setdefault(variants.words(e.name), []).append(e)
    if not models:
        return
    for e in sorted(numbered, key=attrgetter("id")):
        rest = variants.words(e.name)[2:]  # after "No. 31"
        for start in range(len(rest)):
            found = models.get(rest[start:])
            if found:
                if len(found) == 1:
                    model = found[0]
                    e.model = (model.name, model.url)
                    model.entries.append((e.name, e.url))
                break


def _gate(gathered: _Gathered, entities: dict[str, Entity], ids: dict[Key, str], per_name: _PerName,
          ties: set[tuple[str, str]]) -> set[str]:
    """The ids of entities without enough evidence for a page (evidence.py): found by weak cues
    only, in fewer than `min_releases` releases, with no curated file or hand edit behind them and
    no fact tying them to an entity that is strong on its own."""
    pol = policy()
    weak: set[str] = set()
    for key, eid in ids.items():
        cues = gathered.cues.get(key, ())
        if key in gathered.by_hand or pol.strong(cues) or len(gathered.where.get(key, ())) >= pol.min_releases \
                or per_name.curated(key[0], gathered.names[key]) is not None:
            continue
        weak.add(eid)
        entities[eid].evidence = tuple(sorted(cues))
    if weak:
        tied = {a for a, b in ties if b not in weak} | {b for a, b in ties if a not in weak}
        weak -= tied
    return weak


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while resolve runs.

    Resolve allocates some 150,000 lasting objects (mostly facts) while the build holds a million
    more (the extractions), so a full collection falls due inside it and walks all of them, for
    half of resolve's time, to free nothing: resolve makes no reference cycles (its garbage goes
    by reference counting alone). Paused, the collection falls due after the build has let the
    extractions go, and walks a much smaller heap.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def resolve(inputs: list[ReleaseInput], curation: Curation, addresses: Addresses | None = None) -> Graph:
    """The knowledge graph of all releases: their mentions joined into site-wide entities.
    `addresses`: the addresses the site published (racekb.resolve.addresses), kept by the entities that
    had them; the new ones are added to it (the caller saves it once the site is out)."""
    with _cycle_collector_paused():
        return _resolve(inputs, curation, addresses)


def _resolve(inputs: list[ReleaseInput], curation: Curation, addresses: Addresses | None = None) -> Graph:
    per_name = _PerName(curation)
    gathered = _Gathered()
    for item in inputs:
        _gather_release(item, per_name, gathered)
    every_key = list(gathered.names)  # before merges drop the merged ones
    redirect: dict[Key, Key] = {}
    notes = gathered.notes
    fixed = set(per_name.same_as)
    _merge_surnames(gathered.names, per_name, redirect, notes)
    # A team principal who raced in an older release keeps two entities, a person and a driver:
    # a release's reading of someone's role is kept as the release states it.
    _merge_short_team_names(gathered.names, redirect)
    _merge_numbered_cars(_car_entries(inputs, gathered.release_forms, per_name), gathered.names, redirect, notes)
    _merge_numbers_within_releases(gathered, per_name, redirect, notes)
    before = set(redirect)
    variants.merge_spellings(gathered.names, gathered.where, redirect, fixed, notes)
    variants.merge_short_forms(gathered.names, redirect, fixed, notes)
    for key in fixed:  # a curated merge wins over the rules' merges of the same name
        redirect.pop(key, None)
    retired = {k: gathered.names[k] for k in redirect if k not in before}
    _apply_redirects(gathered, redirect)
    curated_merges = _curated_merges(curation, gathered, redirect, per_name, notes, addresses)
    retired.update((k, per_name.curated(k[0], k[1]).name if per_name.curated(k[0], k[1]) else k[1])  # type: ignore[union-attr]
                   for k in curated_merges)
    redirect.update(curated_merges)
    inherited = inherited_slugs(addresses, gathered.names, redirect, set(curated_merges)) if addresses else {}
    entities, ids = _entities(gathered, per_name, addresses, inherited)
    _note_former_ids(retired, entities, ids, redirect)
    final_ids = _final_ids(every_key, ids, redirect)
    releases = gathered.releases
    links = {release.id: _links(gathered.release_forms[release.id], final_ids) for release in releases}
    facts, ties = _facts(inputs, links, policy().weak_fact)
    weak = _gate(gathered, entities, ids, per_name, ties)
    held: list[Entity] = []
    if weak:
        held = [entities.pop(eid) for eid in sorted(weak)]
        final_ids = {k: i for k, i in final_ids.items() if i not in weak}
        links = {rid: {s: i for s, i in found.items() if i not in weak} for rid, found in links.items()}
        dropped = [f for f in facts if f.subject in weak or f.object in weak]
        facts = [f for f in facts if f.subject not in weak and f.object not in weak]
    else:
        dropped = []
    if addresses is not None:
        remember_addresses(addresses, entities, ids, redirect, per_name.curated_key)
    _link_models(entities)
    signatures = {item.record.id: item.signature for item in inputs}
    final = final_ids.get
    for release in releases:
        release.links = links[release.id]
        if signatures[release.id]:
            # the release is a function of what resolve read of it and of where its names ended
            # up: both together stand for it, for the page digests (pagekeys.release_fp)
            keys = dict.fromkeys(gathered.release_keys[release.id])
            release.resolved = (signatures[release.id], tuple(map(final, keys, repeat(""))))
    releases.sort(key=lambda r: (r.date, r.id), reverse=True)
    return Graph(releases=releases, entities=entities, facts=facts, notes=notes, held=held, held_facts=dropped)
