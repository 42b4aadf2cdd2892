#!/usr/bin/env python3
"""Write N realistic press-release seeds for benchmarking: `make_corpus.py N OUT`.

Why generated and not copied: the project has a handful of real releases, a benchmark needs
thousands, and the texts must not be committed twice. So the real releases are read in place
(../shared/corpus/dev/*.txt and seeds/ of this repository, or --from DIR ...) and recombined:
each output seed is one real release with its drivers, people, teams and car numbers swapped for
names drawn from the same texts (first names x surnames, surnames + team suffixes), its year moved,
some paragraphs dropped and sometimes one borrowed from another release. Names are drawn from
rosters with a skewed (Zipf-like) popularity, as in a real archive: a few drivers are in hundreds
of releases, most in a handful. At N=10,000 that makes thousands of entity pages.

Which stretches of a text are drivers/teams/cars comes from the answer key beside it
(NAME.gold.yaml) when there is one; a text without one keeps its names and only moves in time.
The output is a pure function of N and the input texts (every random choice is seeded).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = [REPO.parent / "shared" / "corpus" / "dev", REPO / "seeds"]
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\s+(.*)$")
_YEAR = re.compile(r"(?<![\d.])(19[5-9]\d|20[0-3]\d)(?![\d])")
_CAR_NO = re.compile(r"^(?:car )?No\. ?(\d+)\b(.*)$")
_CAP_WORD = re.compile(r"(?<![\w.'’-])([A-Z][a-z]{3,11})(?![\w'’-])")
_SUFFIX_WORDS = {"Jr.", "Jr", "Sr.", "II", "III"}
SUFFIXES = ("Racing", "Motorsports", "Racing Team", "Autosport", "Competition")
_STOP = {"The", "This", "That", "With", "When", "After", "Before", "During", "From", "They", "Their",
         "There", "What", "Since", "While", "Also", "Each", "Both", "Sunday", "Saturday", "Monday",
         "Tuesday", "Wednesday", "Thursday", "Friday", "January", "February", "March", "April", "June",
         "July", "August", "September", "October", "November", "December", "Victory", "Lane",
         "Speedway", "Championship", "Series", "Racing", "Team", "Engines", "Engine", "Motorsports",
         "Will", "Just", "Claims", "Scores", "Sundays", "Beach", "Springs", "Over", "Under", "Then", "These", "Those",
         "Here", "Last", "Next", "First"}


@dataclass
class Template:
    """One real release, split into what can be swapped."""

    name: str
    year: int
    month: int
    day: int
    headline: str
    paragraphs: list[str]
    drivers: list[list[str]] = field(default_factory=list)  # each: [full name, other forms...]
    people: list[list[str]] = field(default_factory=list)
    teams: list[list[str]] = field(default_factory=list)
    cars: list[list[str]] = field(default_factory=list)
    others: list[list[str]] = field(default_factory=list)  # championships, events, places, makers


def _entities(gold: dict, etype: str) -> list[list[str]]:
    block = (gold.get("entities") or {}).get(etype) or {}
    return [list(map(str, names)) for key in ("required", "optional") for names in (block.get(key) or [])]


def read_templates(sources: list[Path]) -> list[Template]:
    """Every house-format release under the source folders, each once (same bytes = same release)."""
    seen: set[str] = set()
    out: list[Template] = []
    for folder in sources:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                continue
            lines = data.decode("utf-8").replace("\r\n", "\n").split("\n")
            first = next((i for i, line in enumerate(lines) if line.strip()), None)
            match = _DATE_LINE.match(lines[first]) if first is not None else None
            if not match:
                continue
            seen.add(digest)
            body = "\n".join(lines[first + 1:]).strip()
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
            gold_path = path.with_name(path.stem + ".gold.yaml")
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else {}
            people = _entities(gold, "person")
            drivers = _entities(gold, "driver")
            driver_full = {d[0] for d in drivers}
            out.append(Template(name=path.stem.split("_", 1)[-1][:40], year=int(match.group(1)),
                                month=int(match.group(2)), day=int(match.group(3)),
                                headline=match.group(4).strip(), paragraphs=paragraphs, drivers=drivers,
                                people=[p for p in people if p[0] not in driver_full],
                                teams=_entities(gold, "team"), cars=_entities(gold, "car"),
                                others=[n for t in ("championship", "event", "track", "manufacturer", "class")
                                        for n in _entities(gold, t)]))
    return out


def name_pools(templates: list[Template]) -> tuple[list[str], list[str]]:
    """First names and surnames, drawn from the texts: the answer keys' people, plus capitalised
    words that the texts never use in lower case and that no key names as anything but a person."""
    firsts: set[str] = set()
    lasts: set[str] = set()
    not_person: set[str] = set()
    for t in templates:
        for names in t.drivers + t.people:
            parts = names[0].replace("Jr.", "").split()
            if len(parts) >= 2:
                firsts.add(parts[0])
                lasts.add(parts[-1])
        for names in t.teams + t.cars + t.others:
            for n in names:
                not_person.update(n.split())
    text = "\n".join(p for t in templates for p in [t.headline, *t.paragraphs])
    not_person.update(re.findall(r"\b(?:at|in|of|from|the|to|on)\s+([A-Z][a-z]+)", text))
    not_person.update(re.findall(r"^([A-Z][a-z]+)", text, re.M))
    lower = {w.lower() for w in re.findall(r"\b[a-z][a-z]+\b", text)}
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for m in _CAP_WORD.finditer(sentence):
            word = m.group(1)
            if m.start() == 0 or word in _STOP or word.lower() in lower or word in not_person or word in firsts:
                continue
            lasts.add(word)
    lasts = {w for w in lasts - firsts if not (w.endswith("s") and w[:-1] in lasts)}
    return sorted(firsts), sorted(lasts)


class Rosters:
    """The people, teams and car numbers of the imaginary archive, with skewed popularity."""

    def __init__(self, n: int, firsts: list[str], lasts: list[str], rng: random.Random) -> None:
        combos = [f"{f} {s}" for f in firsts for s in lasts]
        rng.shuffle(combos)
        size = max(40, min(len(combos) * 3 // 4, n // 2))
        self.drivers = combos[:size]
        self.people = combos[size:size + max(20, size // 4)] or combos[:20]
        teams = [f"{s} {suffix}" for s in lasts for suffix in SUFFIXES[:2]]
        teams += [f"{a} {b} Racing" for a in lasts for b in lasts if a != b]
        rng.shuffle(teams)
        self.teams = teams[:max(15, min(len(teams), n // 10))]
        self._weights = {}

    def pick(self, rng: random.Random, pool: list[str], k: int) -> list[str]:
        """k distinct names, the early ones of the pool far more often (weight 1/rank^0.8)."""
        if id(pool) not in self._weights:
            acc, cum = 0.0, []
            for rank in range(len(pool)):
                acc += 1.0 / (rank + 1) ** 0.8
                cum.append(acc)
            self._weights[id(pool)] = cum
        cum = self._weights[id(pool)]
        out: list[str] = []
        while len(out) < min(k, len(pool)):
            name = rng.choices(pool, cum_weights=cum)[0]
            if name not in out:
                out.append(name)
        return out


def _forms(old: list[str], new_full: str) -> dict[str, str]:
    """Map every way a text names an entity to the same form of its replacement."""
    old_parts = [p for p in old[0].split() if p not in _SUFFIX_WORDS]
    new_parts = new_full.split()
    out = {old[0]: new_full}
    for form in old[1:]:
        if form == old[0]:
            continue
        words = form.split()
        mapped = []
        for w in words:
            if w == old_parts[0]:
                mapped.append(new_parts[0])
            elif w == old_parts[-1] and len(old_parts) > 1:
                mapped.append(new_parts[-1])
            else:
                mapped.append(w)
        if mapped != words:
            out[form] = " ".join(mapped)
    return out


def _substitution(t: Template, rosters: Rosters, rng: random.Random) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for olds, pool in ((t.drivers, rosters.drivers), (t.people, rosters.people)):
        fulls = [o for o in olds if len(o[0].split()) >= 2]
        for old, new in zip(fulls, rosters.pick(rng, pool, len(fulls))):
            for k, v in _forms(old, new).items():
                mapping.setdefault(k, v)
        for old in olds:
            if len(old[0].split()) == 1 and old[0] not in mapping:  # a driver named by surname only
                mapping[old[0]] = rosters.pick(rng, pool, 1)[0].split()[-1]
    for old, new in zip(t.teams, rosters.pick(rng, rosters.teams, len(t.teams))):
        for form in old:
            if len(form.split()) >= 2 and form.split()[-1] in ("Racing", "Motorsports", "Fenway"):
                mapping.setdefault(form, new)
    for old in t.cars:
        number = None
        for form in old:
            m = _CAR_NO.match(form)
            if m:
                number = m.group(1)
        if number is None:
            continue
        new_no = str(rng.randint(1, 99))
        for form in old:
            if f"No. {number}" in form:
                mapping.setdefault(form, form.replace(f"No. {number}", f"No. {new_no}"))
        mapping.setdefault(f"No. {number}", f"No. {new_no}")
    return mapping


def _apply(text: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return text
    keys = sorted(mapping, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, keys)) + r")(?![\w])")
    return pattern.sub(lambda m: mapping[m.group(1)], text)


def _shift_years(text: str, delta: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)


def make_seed(i: int, templates: list[Template], rosters: Rosters, n: int) -> tuple[str, str]:
    """The file name and text of seed number i."""
    rng = random.Random(f"{n}:{i}")
    t = templates[rng.randrange(len(templates))]
    year = rng.randint(1998, 2025)
    delta = year - t.year
    date = dt.date(year, t.month, min(t.day, 28))
    mapping = _substitution(t, rosters, rng)
    paragraphs = [t.paragraphs[0]] + [p for p in t.paragraphs[1:] if rng.random() > 0.2]
    text = [_shift_years(_apply(p, mapping), delta) for p in paragraphs]
    if len(templates) > 1 and rng.random() < 0.3:
        other = templates[rng.randrange(len(templates))]
        if other is not t and len(other.paragraphs) > 1:
            borrowed = other.paragraphs[rng.randrange(1, len(other.paragraphs))]
            text.insert(rng.randrange(1, len(text) + 1),
                        _shift_years(_apply(borrowed, _substitution(other, rosters, rng)), year - other.year))
    headline = _shift_years(_apply(t.headline, mapping), delta)
    body = "\n\n".join(text)
    name = f"{i:05d}_{t.name}.txt"
    return name, f" date {date.isoformat()} {headline}\n\n{body}\n"


def write_corpus(n: int, out: Path, sources: list[Path] | None = None) -> int:
    """Write seeds 0..n-1 into out/ (created); return how many were written."""
    templates = read_templates(sources or DEFAULT_SOURCES)
    if not templates:
        raise SystemExit("no house-format releases found in " + ", ".join(map(str, sources or DEFAULT_SOURCES)))
    firsts, lasts = name_pools(templates)
    rosters = Rosters(n, firsts, lasts, random.Random(f"rosters:{n}"))
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        name, text = make_seed(i, templates, rosters, n)
        (out / name).write_text(text, encoding="utf-8")
    return n


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="how many seeds")
    p.add_argument("out", type=Path, help="folder to write them into (a site's seeds/, say)")
    p.add_argument("--from", dest="sources", type=Path, action="append",
                   help="folder of real releases to recombine (repeatable; default: the shared dev "
                        "corpus and this repository's seeds/)")
    args = p.parse_args(argv)
    write_corpus(args.n, args.out, args.sources)
    print(f"wrote {args.n} seeds to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
