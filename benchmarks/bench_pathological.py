"""Seconds per MB of extraction for the release shapes that once made it quadratic.

    python benchmarks/bench_pathological.py                 # 64 KB, 256 KB and 1 MB of each pattern
    python benchmarks/bench_pathological.py --sizes 32 128  # other sizes, in KB

Each pattern is one release body made by repeating a short piece until it reaches the size: a word
that starts team names ("Racing "), a run-on list of names, a series name over and over, many short
quoted sentences ("said X."), a sentence that never ends, and an ordinary paragraph as the yardstick.
For each size it prints the seconds `racekb.extract.extract` takes and the seconds per MB: a flat
seconds-per-MB column is linear time, one that grows with the size is not. (Time is noisy; the test
suite checks the same patterns by the work done instead: tests/test_linear_work.py.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from racekb.extract import extract

# piece -> what it stands for; the pieces are invented, no release text is stored here
PATTERNS: dict[str, str] = {
    "racing": "Racing ",
    "name-list": "Ann Berg, Carl Dunn, Eve Ford and Gus Hale, ",
    "series": "the Northland Touring Car Championship and the Northland Touring Car Series ",
    "said": "“We were quick,” said Tom Vale. ",
    "no-full-stop": "Tom Vale drove the No. 7 Ford for Vale Racing in the Northland Cup and ",
    "ordinary": ("Tom Vale won the Northland 200 at Hill Raceway on Sunday, his third win of the season "
                 "in the No. 7 Ford of Vale Racing. Teammate Ann Berg finished second. “The car was "
                 "perfect,” said Vale, who leads the Northland Cup by 40 points. "),
}


def body(piece: str, size: int) -> str:
    """`piece` repeated to `size` characters, cut into paragraphs of about 2 KB where it has sentences."""
    text = (piece * (size // len(piece) + 1))[:size]
    return text


def time_extract(text: str) -> float:
    start = time.perf_counter()
    extract([text], dt.date(2024, 5, 1), "A release")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 256, 1024], help="sizes in KB")
    parser.add_argument("--patterns", nargs="+", default=list(PATTERNS), choices=list(PATTERNS))
    args = parser.parse_args(argv)
    extract(["warm up"], dt.date(2024, 5, 1))
    print(f"{'pattern':14}{'KB':>7}{'seconds':>10}{'s/MB':>9}")
    for name in args.patterns:
        for kb in args.sizes:
            seconds = time_extract(body(PATTERNS[name], kb * 1024))
            print(f"{name:14}{kb:7}{seconds:10.2f}{seconds / (kb / 1024):9.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
