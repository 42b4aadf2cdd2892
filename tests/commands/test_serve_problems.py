"""racekb serve, when a rebuild goes wrong: its problems are printed and handed to open pages (the
overlay), the last good site stays served, a bad seed is reported rather than left out silently;
--host; and a build that leaves no file open (the lock).

No test waits on the clock for its verdict: loops are bounded by a count and stop as soon as
the server says what the test waits for."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from racekb.model.errors import BuildFailed, RacekbError
from racekb.commands.livereload import VERSION_PATH, Reloader, make_server
from racekb.commands.overlay import OVERLAY_ID, RELOAD_SCRIPT

BAD_SEED = "no date line here\n\nJust text.\n"


def status(base: str) -> dict:
    with urllib.request.urlopen(base + VERSION_PATH + "?status", timeout=10) as r:
        return json.loads(r.read())


def test_a_failed_rebuild_is_shown_until_a_good_one(tmp_path):
    outcomes: list[object] = [BuildFailed([RacekbError("first line must be `date ...`", "seeds/x.txt", 1),
                                           RacekbError("unknown tag 'iff'", "templates/entity.html", 3)]),
                              "built 2 releases"]

    def rebuild() -> str:
        out = outcomes.pop(0)
        if isinstance(out, Exception):
            raise out
        return out  # type: ignore[return-value]

    lines: list[str] = []
    reloader = Reloader([tmp_path], rebuild, log=lines.append)
    (tmp_path / "a").write_text("1")
    assert reloader.check_once() is True
    assert reloader.version == 0  # nothing new served: the last good site stays
    assert reloader.problems == ["seeds/x.txt:1: first line must be `date ...`",
                                 "templates/entity.html:3: unknown tag 'iff'"]
    assert "error: templates/entity.html:3: unknown tag 'iff'" in lines
    assert json.loads(reloader.status()) == {"version": "0", "problems": reloader.problems}
    (tmp_path / "a").write_text("2")
    assert reloader.check_once() is True
    assert reloader.version == 1 and reloader.problems == []


def test_a_bug_is_one_line_too(tmp_path):
    reloader = Reloader([tmp_path], lambda: {}["boom"], log=lambda s: None)
    reloader.run_build()
    assert len(reloader.problems) == 1 and reloader.problems[0].startswith("internal error (KeyError")


def test_inputs_left_out_are_problems_of_a_finished_build(tmp_path):
    lines: list[str] = []
    reloader = Reloader([tmp_path], lambda: ("built 1 release", ["seeds/bad.txt:1: no date"]), log=lines.append)
    assert reloader.run_build() is True
    assert reloader.version == 1 and reloader.problems == ["seeds/bad.txt:1: no date"]
    assert lines == ["built 1 release", "skipped: seeds/bad.txt:1: no date"]


def test_the_overlay_script_is_served_and_the_status_answers(seed_site):
    reloader = Reloader([], lambda: "", log=lambda s: None)
    reloader.problems = ["seeds/x.txt:1: bad"]
    server = make_server(seed_site.build, 0, reloader, host="localhost")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://localhost:{server.server_address[1]}"
        with urllib.request.urlopen(base + "/", timeout=10) as r:
            html = r.read().decode("utf-8")
        assert OVERLAY_ID in html and VERSION_PATH in html
        assert status(base) == {"version": "0", "problems": ["seeds/x.txt:1: bad"]}
        with urllib.request.urlopen(base + VERSION_PATH, timeout=10) as r:
            assert r.read() == b"0"  # the plain version, as before
    finally:
        server.shutdown()
        server.server_close()
    assert OVERLAY_ID not in (seed_site.build / "index.html").read_text(encoding="utf-8")
    assert "racekb serve" in RELOAD_SCRIPT


def test_a_host_that_does_not_resolve_is_an_error(seed_site):
    with pytest.raises(OSError):
        make_server(seed_site.build, 0, Reloader([], lambda: "", log=lambda s: None), host="no-such-host.invalid")


def _start(root, *extra: str) -> tuple[subprocess.Popen, list[str], str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "racekb", "serve", "-C", str(root), "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: list[str] = []
    for _ in range(40):
        lines.append(proc.stdout.readline())
        if lines[-1].startswith("serving ") or not lines[-1]:
            break
    match = re.search(r"http://([\w.]+):(\d+)/", "".join(lines))
    assert match, lines
    return proc, lines, f"http://{match.group(1)}:{match.group(2)}"


def _stop(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child needs POSIX")
def test_serve_reports_a_bad_seed_and_forgets_it_once_fixed(fresh_site):
    bad = fresh_site.root / "seeds" / "zz-bad.txt"
    bad.write_text(BAD_SEED, encoding="utf-8")
    proc, lines, base = _start(fresh_site.root, "--host", "127.0.0.1")
    try:
        head = "".join(lines)
        assert "skipped:" in head and "zz-bad.txt" in head, head  # printed, not left out silently
        problems = status(base)["problems"]
        assert len(problems) == 1 and "zz-bad.txt:1" in problems[0]
        with urllib.request.urlopen(base + "/drivers/tom-blomqvist/", timeout=10) as r:
            assert r.status == 200  # the rest of the site is served
        bad.unlink()
        for _ in range(200):  # bounded: ~20 s at most, normally under one
            if status(base)["problems"] == []:
                break
            time.sleep(0.1)
        assert status(base) == {"version": "1", "problems": []}
    finally:
        if proc.poll() is None:
            out = _stop(proc)
            assert "Traceback" not in out, out


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child needs POSIX")
def test_serve_starts_even_when_the_first_build_fails(make_site):
    root = make_site()
    (root / "racekb.yaml").write_text("titel: typo\n", encoding="utf-8")
    proc, lines, base = _start(root)
    try:
        assert any("error:" in line and "unknown key 'titel'" in line for line in lines), lines
        assert "unknown key 'titel'" in status(base)["problems"][0]
        try:
            urllib.request.urlopen(base + "/", timeout=10)
            raise AssertionError("no site was built: expected 404")
        except urllib.error.HTTPError as err:
            assert err.code == 404 and OVERLAY_ID in err.read().decode("utf-8")
    finally:
        if proc.poll() is None:
            _stop(proc)


def test_serve_host_option_is_documented(cli):
    run = cli("serve", "--help")
    assert "--host HOST" in run.out and "127.0.0.1" in run.out


IN_PROCESS = "import gc, sys; from racekb.cli import main; code = main(sys.argv[1:]); gc.collect(); sys.exit(code)"


@pytest.mark.parametrize("how", [["-m", "racekb"], ["-c", IN_PROCESS]])
def test_a_build_leaves_no_file_open(make_site, how):
    """Run with ResourceWarning as an error, in development mode: an unclosed file (the build lock
    was one) is reported when it is collected. The second form returns from main() rather than
    leaving at once (cli.entry's os._exit), so the collection happens."""
    root = make_site()
    for extra in ([], ["--no-cache"], []):
        proc = subprocess.run([sys.executable, "-X", "dev", "-W", "error::ResourceWarning", *how, "build", "-C",
                               str(root), "-q", *extra], capture_output=True, text=True, timeout=300, check=False)
        assert proc.returncode == 0, proc.stderr
        assert "ResourceWarning" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
