"""racekb extract FILE...: why something was or was not picked up."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from racekb.model.errors import RacekbError, shown
from racekb.load.seeds import MAX_SEED_BYTES, read_seed
from racekb.extract.release import extract_record
from racekb.extract.state import State
from racekb.pipeline import names_by_type
from racekb.resolve.curation import read_curation
from racekb.load.records import Record, read_record, read_records
from racekb.resolve.resolver import ReleaseInput, kept_names, resolve
from racekb.model.site import Site
from racekb.model.safeio import read_regular


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="show what the extractor finds in releases",
                       description="Print each mention with its type, the entity it resolved to and the "
                                   "rule that found it, then the facts. Takes seeds or content records.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-C", dest="root", metavar="DIR",
                   help="also resolve against the site in DIR: show the site-wide entity each mention "
                        "joins, and the names kept apart as ambiguous")
    p.add_argument("--json", action="store_true", help="print JSON for tools")
    p.set_defaults(run=run)


def _record(path: Path) -> Record:
    if not path.exists():
        raise RacekbError("no such file", path)
    try:
        text = read_regular(path, MAX_SEED_BYTES).decode("utf-8", errors="replace")
    except OSError as exc:
        raise RacekbError(f"cannot read: {exc.strerror or exc}", path) from None
    if text.startswith("---") and "\nsha256:" in text:
        return read_record(path)
    seed = read_seed(path, path.parent)
    return Record(id=seed.wanted_id, title=seed.title, date=seed.date, body=seed.body, source=seed.source)


def _site_view(root: str, mine: list[tuple[Record, State]]) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Resolve the given releases together with every record of a site, as a build would:
    release id -> {surface form -> site-wide entity id}, and the site's ambiguity notes."""
    site = Site.at(root)
    ids = {rec.id for rec, _ in mine}
    sources = {rec.source for rec, _ in mine if rec.source}
    inputs = []
    for rec in read_records(site.releases) if site.releases.is_dir() else []:
        if rec.id in ids or (rec.source and rec.source in sources):
            continue
        state = extract_record(rec)
        inputs.append(ReleaseInput(rec, state, kept_names(rec, names_by_type(state), None)))
    for rec, state in mine:
        inputs.append(ReleaseInput(rec, state, names_by_type(state)))
    graph = resolve(inputs, read_curation(site.curated))
    return {r.id: r.links for r in graph.releases}, graph.notes


def run(args: argparse.Namespace) -> int:
    mine = []
    for name in args.files:
        rec = _record(Path(name))
        mine.append((rec, extract_record(rec)))
    links, site_notes = _site_view(args.root, mine) if args.root else ({}, [])
    reports = []
    for name, (rec, state) in zip(args.files, mine):
        resolved = links.get(rec.id, {})
        names = {m.name for m in state.mentions}
        reports.append({
            "file": name, "title": rec.title, "date": rec.date.isoformat(),
            "mentions": [{"text": m.text, "type": m.type, "entity": m.name, "rule": m.rule, "offset": m.start,
                          **({"site_entity": resolved.get(m.text) or resolved.get(m.name)} if args.root else {})}
                         for m in sorted(state.mentions, key=lambda m: m.start)],
            "entities": names_by_type(state),
            "roles": {f"{t}/{n}": why for (t, n), why in sorted(state.reasons.items())},
            "facts": [{"subject": list(f.subject), "predicate": f.predicate, "object": list(f.object),
                       "year": f.year, "rule": f.rule, "evidence": f.evidence} for f in state.facts],
            "notes": list(dict.fromkeys(state.notes)) + [
                n for n in site_notes if n.startswith(rec.id + ":") or any(repr(x) in n or x in n for x in names)],
        })
    if args.json:  # JSON escapes C0 controls itself; C1 and bidi ones are escaped here
        print(shown(json.dumps(reports, indent=1, ensure_ascii=False), keep="\n"))
        return 0
    for rep in reports:
        print(shown(f"== {rep['file']}: {rep['title']} ({rep['date']})"))
        for m in rep["mentions"]:
            joined = f"  = {m['site_entity']}" if m.get("site_entity") else ""
            print(shown(f"  {m['type']:12} {m['text']!r:44} -> {m['entity']}  [{m['rule']}]{joined}"))
        print("  facts:")
        for f in rep["facts"]:
            year = f" {f['year']}" if f["year"] else ""
            print(shown(f"    {f['subject'][1]} {f['predicate']} {f['object'][1]}{year}  [{f['rule']}]"))
        for note in rep["notes"]:
            print(shown(f"  ambiguous: {note}"))
    return 0
