"""`racekb extract FILE...`: how a user finds out why something was or was not picked up."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from racekb.extract import extract

RELEASE = (" date 2023-10-19 Roster news\n\nDETROIT (Oct. 19, 2023) – Tom Blomqvist will team up with Pipo Derani "
           "to drive the No. 31 Whelen Cadillac V-Series.R for Action Express Racing next season. Blomqvist "
           "is the son of 1984 World Rally Champion Stig Blomqvist.\n")


def racekb(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "racekb", *args], capture_output=True, text=True, timeout=120)


def test_extract_explains_each_mention_and_fact(tmp_path: Path) -> None:
    seed = tmp_path / "release.txt"
    seed.write_text(RELEASE, encoding="utf-8")
    run = racekb("extract", str(seed))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert any("driver" in line and "'Blomqvist'" in line and "Tom Blomqvist" in line and "[surname]" in line for line in lines)
    assert any("car" in line and "No. 31 Whelen Cadillac V-Series.R" in line and "[car-number]" in line for line in lines)
    assert any("Tom Blomqvist drives No. 31 Whelen Cadillac V-Series.R 2024" in line for line in lines)
    assert any(line.strip().startswith("ambiguous:") and "Stig Blomqvist" in line for line in lines)


def test_extract_json_is_for_tools(tmp_path: Path) -> None:
    seed = tmp_path / "release.txt"
    seed.write_text(RELEASE, encoding="utf-8")
    run = racekb("extract", "--json", str(seed))
    report = json.loads(run.stdout)[0]
    assert "Tom Blomqvist" in report["entities"]["driver"]
    assert {"Action Express Racing"} <= set(report["entities"]["team"])
    rules = {m["rule"] for m in report["mentions"]}
    assert {"surname", "car-number", "team-suffix"} <= rules
    assert any(rule.startswith("name-") for rule in rules)  # the people rule names its evidence
    fact = next(f for f in report["facts"] if f["predicate"] == "drives_for")
    assert fact["evidence"].startswith("DETROIT") and fact["year"] == 2024


def test_extract_on_a_missing_file_is_one_line(tmp_path: Path) -> None:
    run = racekb("extract", str(tmp_path / "nope.txt"))
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert "nope.txt" in run.stderr


@pytest.mark.parametrize("phrase, name", [
    ("the IMSA WeatherTech SportsCar Championship", "IMSA WeatherTech SportsCar Championship"),
    ("the 24 Hours of Le Mans", "24 Hours of Le Mans"),
    ("the WEC", "FIA World Endurance Championship"),
    ("the NTT INDYCAR SERIES", "NTT INDYCAR Series"),
    ("the NASCAR Cup Series", "NASCAR Cup Series"),
    ("the Xfinity Series", "NASCAR Xfinity Series"),
    ("the Nationwide Series", "NASCAR Nationwide Series"),
    ("the Craftsman Truck Series", "NASCAR Craftsman Truck Series"),
    ("Formula 1", "Formula One World Championship"),
    ("Formula E", "ABB FIA Formula E World Championship"),
    ("the DTM", "DTM"),
    ("the WRC", "FIA World Rally Championship"),
    ("the GT World Challenge Europe", "GT World Challenge"),
])
def test_gazetteer_covers_the_major_series(phrase: str, name: str) -> None:
    state = extract([f"Jane Driver raced in {phrase} last year."], dt.date(2024, 1, 1))
    names = {m.name for m in state.mentions if m.type in ("championship", "event")}
    assert name in names, names


def test_extract_against_a_site_shows_the_site_wide_entity_and_ambiguity(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "seeds").mkdir(parents=True)
    (site / "seeds" / "a.txt").write_text(" date 2020-05-01 One\n\nKyle Busch won the race. Trevor Bayne was fifth.\n",
                                          encoding="utf-8")
    (site / "seeds" / "b.txt").write_text(" date 2020-05-08 Two\n\nKurt Busch won the race.\n", encoding="utf-8")
    assert racekb("build", "-C", str(site), "-q").returncode == 0
    new = tmp_path / "new.txt"
    new.write_text(" date 2020-05-15 Three\n\nCarl Edwards, Joey Logano and Busch led laps. "
                   "Edwards, Logano, and Bayne were quick.\n", encoding="utf-8")
    report = json.loads(racekb("extract", "--json", "-C", str(site), str(new)).stdout)[0]
    bayne = next(m for m in report["mentions"] if m["text"] == "Bayne")
    assert bayne["site_entity"] == "driver/trevor-bayne"
    assert any("Busch" in n and "Kurt Busch" in n and "Kyle Busch" in n for n in report["notes"])
