"""The racekb command line: version, help, the build summary line, options and exit codes."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

import racekb

COMMANDS = ("build", "init", "extract", "serve", "check")
# the word a count of each type may be printed with (singular for one, plural otherwise)
TYPE_WORDS = {"driver": ("driver", "drivers"), "team": ("team", "teams"), "car": ("car", "cars"),
              "championship": ("championship", "championships"), "person": ("person", "people"),
              "manufacturer": ("manufacturer", "manufacturers"), "event": ("event", "events"),
              "track": ("track", "tracks"), "class": ("class", "classes")}


def no_traceback(run) -> None:
    assert "Traceback" not in run.out + run.err, str(run)


def test_version(cli):
    run = cli("--version")
    assert run.code == 0, str(run)
    assert run.out.strip() == f"racekb {racekb.__version__}" == "racekb 0.1.0"


def test_help_lists_every_command(cli):
    run = cli("--help")
    assert run.code == 0, str(run)
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s+\S", run.out, re.MULTILINE), f"{command} missing from --help"


@pytest.mark.parametrize("command,options", [
    ("build", ["-C", "--out", "--base-url"]),
    ("init", ["DIR"]),
    ("extract", ["FILE", "--json"]),
    ("serve", ["-C", "--port"]),
    ("check", ["-C"]),
])
def test_command_help(cli, command, options):
    run = cli(command, "--help")
    assert run.code == 0, str(run)
    assert run.out.startswith(f"usage: racekb {command}"), run.out
    for option in options:
        assert option in run.out, f"{command} --help does not mention {option}"


def test_no_command_prints_usage(cli):
    run = cli()
    assert "usage: racekb" in run.out + run.err
    no_traceback(run)


def test_unknown_command_fails_cleanly(cli):
    run = cli("frobnicate")
    assert run.code != 0
    no_traceback(run)


# --- build -------------------------------------------------------------------------------------

def test_build_prints_one_summary_line(seed_site, seed_graph):
    run = seed_site.run
    assert run.code == 0, str(run)
    # stderr holds only the one line saying why no sitemap is written (no base URL; issue 15)
    assert [line for line in run.err.splitlines() if line.strip()] == [
        "warning: no base URL (set base_url in racekb.yaml or give --base-url): sitemap.xml and robots.txt "
        "are not written, and the feeds' links are relative"], str(run)
    assert len(run.lines) == 1, str(run)
    line = run.lines[0]
    releases = len(seed_graph["releases"])
    assert re.search(rf"\b{releases} releases?\b", line), line
    counts: dict[str, int] = {}
    for e in seed_graph["entities"]:
        counts[e["type"]] = counts.get(e["type"], 0) + 1
    for etype, n in counts.items():
        words = TYPE_WORDS[etype] if n == 1 else TYPE_WORDS[etype][1:]
        assert re.search(rf"\b{n} (?:{'|'.join(words)})\b", line), f"no '{n} {words[-1]}' in: {line}"
    files = [p for p in seed_site.build.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    written = re.search(r"\b(\d+) (files|pages)\b", line)
    assert written, line
    assert int(written.group(1)) == (len(files) if written.group(2) == "files" else len(pages)), line
    assert re.search(r"\b\d+(?:\.\d+)?\s?s\b", line), f"no seconds in: {line}"


def test_build_quiet_prints_nothing(fresh_site):
    run = fresh_site.rebuild("-q")
    assert run.code == 0, str(run)
    assert run.out == ""


def test_build_from_inside_the_site_folder(make_site, cli):
    root = make_site()
    run = cli("build", cwd=root)
    assert run.code == 0, str(run)
    assert (root / "build" / "index.html").is_file()
    assert len(list((root / "content" / "releases").glob("*.md"))) == 1


def test_build_out_writes_elsewhere(make_site, cli, tmp_path):
    root = make_site()
    out = tmp_path / "public"
    run = cli("build", "-C", root, "--out", out)
    assert run.code == 0, str(run)
    assert (out / "index.html").is_file() and (out / "graph.json").is_file()
    assert not (root / "build").exists()


def test_build_with_base_url_keeps_links_relative(make_site, cli):
    root = make_site()
    run = cli("build", "-C", root, "--base-url", "https://example.org/kb/")
    assert run.code == 0, str(run)
    home = (root / "build" / "index.html").read_text(encoding="utf-8")
    assert 'href="drivers/index.html"' in home


def test_bad_seed_exits_non_zero_naming_the_file(fresh_site, cli):
    """A bad seed stops the build with `error: <file>...`, and the last good site stays as it was."""
    before = {p.relative_to(fresh_site.build): p.read_bytes() for p in fresh_site.build.rglob("*") if p.is_file()}
    bad = fresh_site.root / "seeds" / "broken.txt"
    bad.write_text("This release lost its date line.\n\nSome text.\n", encoding="utf-8")
    run = cli("build", "-C", fresh_site.root)
    assert run.code != 0, str(run)
    no_traceback(run)
    errors = [line for line in run.err.splitlines() if line.startswith("error: ")]
    assert errors and any("broken.txt" in line for line in errors), str(run)
    after = {p.relative_to(fresh_site.build): p.read_bytes() for p in fresh_site.build.rglob("*") if p.is_file()}
    assert after == before, "a failed build changed build/"
    leftovers = [p.name for p in fresh_site.root.iterdir() if p.name.startswith(".build")]
    assert leftovers == [], "a failed build left a half-written folder behind"


def test_two_bad_seeds_give_one_line_each(make_site, cli):
    root = make_site()
    (root / "seeds" / "a.txt").write_text("no date line\n\ntext\n", encoding="utf-8")
    (root / "seeds" / "b.txt").write_text(" date 2023-13-40 Not a date\n\ntext\n", encoding="utf-8")
    run = cli("build", "-C", root)
    assert run.code != 0
    no_traceback(run)
    errors = [line for line in run.err.splitlines() if line.startswith("error: ")]
    assert any("a.txt" in e for e in errors) and any("b.txt" in e for e in errors), str(run)


def test_bad_record_exits_non_zero_naming_the_file(fresh_site, cli):
    record = fresh_site.only_record()
    record.write_text("---\ntitle: [broken\n---\nbody\n", encoding="utf-8")
    run = cli("build", "-C", fresh_site.root)
    assert run.code != 0, str(run)
    no_traceback(run)
    assert any(line.startswith("error: ") and record.name in line for line in run.err.splitlines()), str(run)


def test_missing_site_folder(cli, tmp_path):
    run = cli("build", "-C", tmp_path / "nowhere")
    assert run.code != 0
    no_traceback(run)
    assert any(line.startswith("error: ") and "nowhere" in line for line in run.err.splitlines()), str(run)


# --- extract, check, serve ------------------------------------------------------------------

def test_extract_json_on_the_seed(cli):
    seed = Path(__file__).resolve().parents[2] / "seeds" / "000_802851e128db9d46.txt"
    run = cli("extract", "--json", seed)
    assert run.code == 0, str(run)
    reports = json.loads(run.out)
    assert len(reports) == 1
    assert "Tom Blomqvist" in reports[0]["entities"]["driver"]


def test_extract_text_names_mentions_and_rules(cli):
    seed = Path(__file__).resolve().parents[2] / "seeds" / "000_802851e128db9d46.txt"
    run = cli("extract", seed)
    assert run.code == 0, str(run)
    assert "Tom Blomqvist" in run.out and "driver" in run.out


def test_extract_missing_file(cli, tmp_path):
    run = cli("extract", tmp_path / "missing.txt")
    assert run.code != 0
    no_traceback(run)
    assert "missing.txt" in run.err


def test_check_without_a_build(make_site, cli):
    run = cli("check", "-C", make_site())
    assert run.code != 0
    no_traceback(run)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_builds_and_serves_the_site(make_site):
    root = make_site()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-u", "-m", "racekb", "serve", "-C", str(root), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        seen = []
        for line in proc.stdout:  # ends when the server is up (or the process dies)
            seen.append(line)
            if "serving" in line or "http://" in line:
                break
        assert proc.poll() is None, "".join(seen)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as resp:
            assert resp.status == 200
            assert "<h1" in resp.read().decode("utf-8")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert (root / "build" / "index.html").is_file()


def test_module_entry_point_matches_console_script():
    script = shutil.which("racekb")
    if script is None:
        pytest.skip("racekb console script not on PATH")
    proc = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert proc.stdout.strip() == f"racekb {racekb.__version__}"


# --- README stays true ------------------------------------------------------------------------

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_shows_the_two_setup_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert "pip install -e . && racekb build && python3 -m webbrowser build/index.html" in lines
    assert "pip install -e '.[test]' && python3 -m pytest" in lines


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_documents_every_option(cli, command):
    usage = cli(command, "--help").out.split("\n\n", 1)[0]
    options = set(re.findall(r"\[(-{1,2}[A-Za-z][\w-]*)", usage)) - {"-h"}
    row = next((line for line in README.read_text(encoding="utf-8").splitlines()
                if line.startswith(f"| `racekb {command}")), "")
    assert row, f"README has no row for racekb {command}"
    missing = sorted(o for o in options if not re.search(rf"`[^`]*{re.escape(o)}\b", row))
    assert missing == [], f"README's racekb {command} row does not mention {missing}"
