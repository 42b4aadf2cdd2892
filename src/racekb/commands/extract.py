"""racekb extract FILE...: why something was or was not picked up."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from racekb.errors import RacekbError
from racekb.load import read_seed
from racekb.pipeline import extract_record, names_by_type
from racekb.records import Record, read_record


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="show what the extractor finds in releases",
                       description="Print each mention with its type, the entity it resolved to and the "
                                   "rule that found it, then the facts. Takes seeds or content records.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON for tools")
    p.set_defaults(run=run)


def _record(path: Path) -> Record:
    if not path.is_file():
        raise RacekbError("no such file", path)
    text = path.read_text(encoding="utf-8", errors="replace")
    if text.startswith("---") and "\nsha256:" in text:
        return read_record(path)
    seed = read_seed(path, path.parent)
    return Record(id=seed.wanted_id, title=seed.title, date=seed.date, body=seed.body, source=seed.source)


def run(args: argparse.Namespace) -> int:
    reports = []
    for name in args.files:
        rec = _record(Path(name))
        state = extract_record(rec)
        reports.append({
            "file": name, "title": rec.title, "date": rec.date.isoformat(),
            "mentions": [{"text": m.text, "type": m.type, "entity": m.name, "rule": m.rule,
                          "offset": m.start} for m in sorted(state.mentions, key=lambda m: m.start)],
            "entities": names_by_type(state),
            "roles": {f"{t}/{n}": why for (t, n), why in sorted(state.reasons.items())},
            "facts": [{"subject": list(f.subject), "predicate": f.predicate, "object": list(f.object),
                       "year": f.year, "rule": f.rule, "evidence": f.evidence} for f in state.facts],
            "notes": list(dict.fromkeys(state.notes)),
        })
    if args.json:
        print(json.dumps(reports, indent=1, ensure_ascii=False))
        return 0
    for rep in reports:
        print(f"== {rep['file']}: {rep['title']} ({rep['date']})")
        for m in rep["mentions"]:
            print(f"  {m['type']:12} {m['text']!r:44} -> {m['entity']}  [{m['rule']}]")
        print("  facts:")
        for f in rep["facts"]:
            year = f" {f['year']}" if f["year"] else ""
            print(f"    {f['subject'][1]} {f['predicate']} {f['object'][1]}{year}  [{f['rule']}]")
        for note in rep["notes"]:
            print(f"  ambiguous: {note}")
    return 0
