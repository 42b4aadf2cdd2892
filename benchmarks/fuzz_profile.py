#!/usr/bin/env python3
"""The fuzz profile of issue 13: 10,000 generated hostile inputs through racekb, and the count of
tracebacks they caused (the promise: zero).

    PYTHONPATH=src python3 benchmarks/fuzz_profile.py [--cases 10000] [--seed 0]

Why a script and not the test suite: the suite runs a few hundred fuzzed cases so it stays fast;
this runs the same targets (tests/test_fuzz.py's strategies and check functions) ten thousand
times, which takes minutes. What it throws, and at what share of the cases:

  seeds      30%  raw bytes, odd Unicode, stray markup, control characters, front matter -> load
  extract    15%  any text through the extractor (as Markdown and as plain text)
  records    25%  hand-edited records and front matter full of YAML escapes (lone surrogates, NUL, ESC)
  templates  15%  a site's entity.html of Jinja fragments -> the template check and one page render
  cli        15%  command lines of racekb's verbs, flags and hostile values (`serve` left out: it
                  would serve forever) against a one-release site

A case is a *traceback* when it raises anything but racekb's own RacekbError (or argparse's exit),
or when the command line printed "internal error"; a *broken promise* when a check's assertion
failed (e.g. a control character reached a record). Both are counted and the first few shown.
Exit status 0 only when both counts are zero. Hypothesis generates the cases (no shrinking: each
failure is counted, not minimised); --seed makes a run repeatable.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))

import test_fuzz as F
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hyp_seed
from hypothesis import strategies as st

from racekb.model.errors import RacekbError

SHARES = {"seeds": 0.30, "extract": 0.15, "records": 0.25, "templates": 0.15, "cli": 0.15}


def seeds(case: tuple[bytes, str]) -> None:
    F.test_load_raises_only_racekb_errors.hypothesis.inner_test(*case)


def extract(case: tuple[str, bool]) -> None:
    F.test_extract_takes_any_text.hypothesis.inner_test(*case)


TARGETS = {
    "seeds": (seeds, st.tuples(F.SEED_BYTES, st.sampled_from([".txt", ".md", ""]))),
    "extract": (extract, st.tuples(F.TEXT, st.booleans())),
    "records": (F.check_record, F.ESCAPED_RECORD | F.RECORD_TEXT),
    "templates": (F.check_template, F.TEMPLATE_TEXT),
    "cli": (F.check_cli, F.CLI_ARGS),
}


def run(name: str, cases: int, random_seed: int, counts: Counter, shown: list[str]) -> None:
    target, strategy = TARGETS[name]

    @hyp_seed(random_seed)
    @settings(max_examples=cases, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def one(case: object) -> None:
        counts[f"{name} cases"] += 1
        try:
            target(case)
        except RacekbError:
            pass  # racekb's own error escaping a check is still a clear message, not a traceback
        except AssertionError as exc:
            counts["broken promises"] += 1
            if "internal error" in str(exc):
                counts["tracebacks"] += 1
            if len(shown) < 8:
                shown.append(f"{name}: {str(exc)[:300]!r} <- {case!r:.200}")
        except Exception:  # noqa: BLE001 - counted, that is the point
            counts["tracebacks"] += 1
            if len(shown) < 8:
                shown.append(f"{name}: {traceback.format_exc(limit=-3)[-600:]} <- {case!r:.200}")

    one()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", choices=sorted(TARGETS), action="append")
    args = ap.parse_args()
    counts: Counter = Counter()
    shown: list[str] = []
    started = time.perf_counter()
    for name in args.only or list(TARGETS):
        t = time.perf_counter()
        run(name, max(1, round(args.cases * SHARES[name])), args.seed, counts, shown)
        print(f"{name:10} {counts[f'{name} cases']:6} cases in {time.perf_counter() - t:6.1f} s", flush=True)
    total = sum(v for k, v in counts.items() if k.endswith(" cases"))
    for line in shown:
        print("---\n" + line)
    print(f"total {total} cases in {time.perf_counter() - started:.0f} s: "
          f"{counts['tracebacks']} traceback(s), {counts['broken promises']} broken promise(s)")
    return 0 if not counts["tracebacks"] and not counts["broken promises"] else 1


if __name__ == "__main__":
    sys.exit(main())
