"""Hostile input and faults (issue 13, items 3 and 4): every failure an outside probe found gets a
clear one-line answer naming the file, never a hang or an internal error; and the smaller ones
(file names, base URL, nesting, -j, serve, slugs, terminal escapes) each have their test here."""

from __future__ import annotations

import errno
import http.client
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from racekb.publish import output
from racekb.cli import main

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_802851e128db9d46.txt"
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def racekb(*args: object, timeout: float = 120) -> subprocess.CompletedProcess:
    """racekb in a child with a time limit: a hang fails the test instead of stalling the suite."""
    return subprocess.run([sys.executable, "-m", "racekb", *map(str, args)], capture_output=True, text=True,
                          env=ENV, timeout=timeout, check=False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    return tmp_path


def markdown_seed(site: Path, name: str, title_yaml: str, body: str = "Tom Smith drove for Apex Racing.") -> Path:
    path = site / "seeds" / name
    path.write_text(f"---\ntitle: {title_yaml}\ndate: 2023-05-06\n---\n\n{body}\n", encoding="utf-8")
    return path


# --- files that are not regular files -------------------------------------------------------

@POSIX
def test_fifos_devices_and_dev_zero_links_are_never_read(site):
    (site / "content" / "releases").mkdir(parents=True)
    (site / "content" / ".git").mkdir()
    (site / "templates" / ".cache").mkdir(parents=True)
    os.mkfifo(site / "seeds" / "pipe.txt")
    os.symlink("/dev/zero", site / "seeds" / "zero.txt")
    os.mkfifo(site / "content" / "releases" / "pipe.md")
    os.symlink("/dev/zero", site / "content" / "releases" / "zero.md")
    os.mkfifo(site / "content" / ".git" / "pipe")
    os.mkfifo(site / "templates" / ".cache" / "pipe")
    os.mkfifo(site / "templates" / "entity.html")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(site / "seeds" / "sock.txt"))
    try:
        for extra in ([], ["--no-cache"], []):  # first build, no cache, answered from memory
            run = racekb("build", "-C", site, *extra, timeout=60)
            assert run.returncode == 0, run.stderr
            for name in ("seeds/pipe.txt", "seeds/zero.txt", "content/releases/pipe.md", "templates/entity.html"):
                assert f"{site / name}: not read: a " in run.stderr, (name, run.stderr)
            assert "a character device" in run.stderr and "a socket" in run.stderr
    finally:
        sock.close()
    assert "internal error" not in run.stderr


@POSIX
def test_a_curated_fifo_stops_the_build_naming_it(site):
    folder = site / "content" / "entities" / "drivers"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "someone.md")
    run = racekb("build", "-C", site, timeout=60)
    assert run.returncode == 1
    assert f"error: {folder / 'someone.md'}: a FIFO, not a regular file" in run.stderr


@POSIX
def test_safeio_refuses_without_blocking(tmp_path):
    from racekb.model.safeio import NotRegularFile, read_regular

    os.mkfifo(tmp_path / "p")
    with pytest.raises(NotRegularFile, match="a FIFO"):
        read_regular(tmp_path / "p")  # would block forever if opened the usual way
    with pytest.raises(NotRegularFile, match="character device"):
        read_regular("/dev/zero")


# --- encoding: lone surrogates and control characters from YAML escapes -------------------------

@pytest.mark.parametrize("title, what", [('"A \\ud800 title"', "a lone surrogate (U+D800"),
                                         ('"Red \\e[31m alert"', "a control character (U+001B"),
                                         ('"Null \\0 here"', "a control character (U+0000")])
def test_yaml_escapes_are_refused_and_keep_going_survives(site, title, what):
    bad = markdown_seed(site, "bad.md", title)
    run = racekb("build", "-C", site, "--keep-going")
    assert run.returncode == 1, run.stderr
    assert f"skipped: {bad}:2: 'title' holds {what}" in run.stderr
    assert "internal error" not in run.stderr
    assert len(list((site / "content" / "releases").glob("*.md"))) == 1  # no record for the bad seed
    assert (site / "build" / "graph.json").is_file()
    feed = (site / "build" / "feed.xml").read_text(encoding="utf-8")
    assert "\x1b" not in feed and "\x00" not in feed


def test_a_bad_record_is_left_out_with_keep_going(site):
    assert main(["build", "-C", str(site), "-q"]) == 0
    record = next((site / "content" / "releases").glob("*.md"))
    text = record.read_text(encoding="utf-8")
    (record.parent / "hand-made.md").write_text(
        text.replace("title:", 'title: "\\ud83d broken"\nold_title:', 1), encoding="utf-8")
    run = racekb("build", "-C", site, "--keep-going")
    assert run.returncode == 1 and "hand-made.md:2: 'title' holds a lone surrogate" in run.stderr
    assert "internal error" not in run.stderr


def test_control_bytes_in_a_record_body_never_reach_a_page(site):
    assert main(["build", "-C", str(site), "-q"]) == 0
    record = next((site / "content" / "releases").glob("*.md"))
    record.write_text(record.read_text(encoding="utf-8") + "\nA line with \x1b[31mcolour\x1b[0m and \x07bell.\n",
                      encoding="utf-8")
    assert main(["build", "-C", str(site), "-q"]) == 0
    pages = "".join(p.read_text(encoding="utf-8") for p in (site / "build" / "releases").rglob("*.html"))
    assert "colour" in pages and "\x1b" not in pages and "\x07" not in pages


# --- templates ------------------------------------------------------------------------------

@pytest.mark.parametrize("line, message", [
    ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
    ("{{ nope.attr }}", "'nope' is undefined"),
    ("{% for %}", "Expected an expression"),
    ('{% include "missing.html" %}', "template missing.html not found"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "the template recurses without end"),
])
def test_a_template_error_names_the_template_and_line(site, line, message):
    (site / "templates").mkdir()
    base = (REPO / "templates" / "entity.html").read_text(encoding="utf-8")
    (site / "templates" / "entity.html").write_text("{# first line #}\n" + line + "\n" + base, encoding="utf-8")
    for extra in ([], ["--no-cache"]):
        run = racekb("build", "-C", site, "-j", "1", *extra)
        assert run.returncode == 1, run.stderr
        first = run.stderr.splitlines()[0]
        assert first.startswith("error: templates/entity.html"), first
        assert message in first and "internal error" not in run.stderr


def test_a_template_not_utf8_is_named(site):
    (site / "templates").mkdir()
    (site / "templates" / "entity.html").write_bytes(b"caf\xe9 {{ entity.name }}")
    run = racekb("build", "-C", site)
    assert run.returncode == 1 and "error: templates/entity.html: not UTF-8" in run.stderr


# --- command-line values, state, disk --------------------------------------------------------

def test_serve_port_out_of_range_is_a_clear_error(site):
    run = racekb("serve", "-C", site, "--port", "99999", timeout=30)
    assert run.returncode == 2 and "99999 is not a port" in run.stderr and "internal error" not in run.stderr


@pytest.mark.parametrize("damage", ['{"entities": [1, 2', "[]", '{"entities": [1, {"url": 5}]}', "\xff\xfe"])
def test_check_reports_a_damaged_graph_json(site, damage):
    assert main(["build", "-C", str(site), "-q"]) == 0
    (site / "build" / "graph.json").write_bytes(damage.encode("latin-1"))
    run = racekb("check", "-C", site)
    assert run.returncode == 1
    assert "graph.json" in run.stdout and "internal error" not in run.stderr + run.stdout


@pytest.mark.parametrize("url, why", [("javascript:alert(1)", "http:// or https://"),
                                      ("https://example.org/\nDisallow: /", "line break"),
                                      ("ftp://example.org/", "http:// or https://"),
                                      ("https://", "no host name"),
                                      ('https://example.org/"onload="x', "may not hold")])
def test_base_url_is_validated(site, url, why):
    run = racekb("build", "-C", site, "--base-url", url)
    assert run.returncode == 2 and why in run.stderr
    assert not (site / "build").exists()


def test_a_good_base_url_still_works(site):
    run = racekb("build", "-C", site, "--base-url", "https://example.org/racing/")
    assert run.returncode == 0, run.stderr
    # under a sub-path robots.txt is never read by crawlers (issue 15): the sitemap carries the address
    assert "<loc>https://example.org/racing/</loc>" in (site / "build" / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("inside", ["seeds/site", "content/out", "templates/x", ".racekb/b"])
def test_out_inside_an_input_folder_is_refused(site, inside):
    (site / "content").mkdir(exist_ok=True)
    (site / "templates").mkdir(exist_ok=True)
    run = racekb("build", "-C", site, "--out", site / inside)
    assert run.returncode == 1 and "is inside" in run.stderr
    assert not (site / inside).exists()


def test_a_full_disk_names_the_file(site, monkeypatch, capsys):
    real = os.write

    def full(fd, data):
        if isinstance(fd, int) and fd > 2 and len(data) > 100:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(output.os, "write", full)
    assert main(["build", "-C", str(site), "-q", "--no-cache", "-j", "1"]) == 1
    err = capsys.readouterr().err
    # the file named is the first one written: files stream into the new tree as they are made
    assert "No space left on device" in err and str(site) in err
    assert re.search(r"\.build\.new-[^ ]*/[^ ]+\.(html|js|json|xml)\)", err), err


# --- names, nesting, slugs -----------------------------------------------------------------

@pytest.mark.parametrize("name, slug", [("race report #2?", "race-report-2"), ("%2e%2e", "2e-2e"),
                                        ("a b", "a-b"), ("up..here", "up-here")])
def test_record_file_names_give_working_links(site, name, slug):
    assert main(["build", "-C", str(site), "-q"]) == 0
    record = next((site / "content" / "releases").glob("*.md"))
    text = "".join(line for line in record.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.startswith(("source:", "sha256:")))
    (record.parent / f"{name}.md").write_text(text, encoding="utf-8")
    assert main(["build", "-C", str(site), "-q"]) == 0
    assert (site / "build" / "releases" / slug / "index.html").is_file()
    index = (site / "build" / "releases" / "index.html").read_text(encoding="utf-8")
    assert f'href="{slug}/index.html"' in index and "../" not in index.split(f'href="{slug}')[0][-5:]
    assert racekb("check", "-C", site).returncode == 0
    assert main(["build", "-C", str(site), "-q"]) == 0  # and again: stable, nothing rewritten twice
    assert (record.parent / f"{name}.md").read_text(encoding="utf-8") == text


def test_a_slug_clash_keeps_the_safe_name(site):
    assert main(["build", "-C", str(site), "-q"]) == 0
    record = next((site / "content" / "releases").glob("*.md"))
    text = "".join(line for line in record.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.startswith(("source:", "sha256:")))
    (record.parent / "a b.md").write_text(text, encoding="utf-8")
    (record.parent / "a-b.md").write_text(text, encoding="utf-8")
    assert main(["build", "-C", str(site), "-q"]) == 0
    ids = {r["id"] for r in __import__("json").loads((site / "build" / "graph.json").read_text())["releases"]}
    assert {"a-b", "a-b-2"} <= ids


def test_an_upper_case_md_record_is_named_not_dropped(site, capsys):
    assert main(["build", "-C", str(site), "-q"]) == 0
    record = next((site / "content" / "releases").glob("*.md"))
    shutil.copy(record, record.parent / "x.MD")
    assert main(["build", "-C", str(site), "-q"]) == 0
    assert f"{record.parent / 'x.MD'}: not read (rename it to x.md)" in capsys.readouterr().err


def test_deeply_nested_markdown_loses_no_text(site):
    deep = "".join("  " * i + f"- level{i}word\n" for i in range(40)) + "\n" + "> " * 60 + "quotedeepword\n"
    markdown_seed(site, "deep.md", "Deep nesting", body="Opening paragraph.\n\n" + deep)
    assert main(["build", "-C", str(site), "-q"]) == 0
    page = next(p for p in (site / "build" / "releases").glob("*deep-nesting*/index.html")).read_text(encoding="utf-8")
    assert all(f"level{i}word" in page for i in range(40)) and "quotedeepword" in page


@pytest.mark.parametrize("text, slug", [("Zoë Ørsted", "zoe-orsted"), ("Straße", "strasse"),
                                        ("Łukasz Đoković", "lukasz-dokovic"), ("Þór Æsir Œuvre", "thor-aesir-oeuvre")])
def test_slugs_transliterate(text, slug):
    from racekb.model.slug import slugify

    assert slugify(text) == slug


def test_jobs_are_capped_to_the_work():
    from racekb.workers.render_pool import cap_jobs

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    assert cap_jobs(400, 178, 24) <= min(8, 2 * cores)
    assert cap_jobs(400, 3) <= 3 and cap_jobs(1, 10_000) == 1 and cap_jobs(4, 0) == 1


def test_extract_prints_no_terminal_escapes(tmp_path):
    seed = tmp_path / "esc.txt"
    seed.write_bytes(b"date 2023-01-01 Red \x1b[31mAlert\x1b[0m\n\nTom Smith drove for Apex Racing.\n")
    for extra in ([], ["--json"]):
        run = racekb("extract", *extra, seed)
        assert run.returncode == 0 and "\x1b" not in run.stdout and "Alert" in run.stdout
    evil = tmp_path / "x\x1b[2Jy.txt"
    run = racekb("extract", evil)
    assert run.returncode == 1 and "\x1b" not in run.stderr and "x\\x1b[2Jy.txt" in run.stderr


# --- serve ----------------------------------------------------------------------------------

@pytest.fixture
def server(site):
    from racekb.commands.livereload import Reloader, make_server

    assert main(["build", "-C", str(site), "-q"]) == 0
    srv = make_server(site / "build", 0, Reloader([], lambda: "", log=lambda s: None))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("path", ["/", "/releases/", "/no/such/page/", "/static/style.css", "/__racekb/version"])
def test_head_agrees_with_get(server, path):
    port = server.server_address[1]
    answers = []
    for method in ("GET", "HEAD"):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request(method, path)
        resp = conn.getresponse()
        body = resp.read()
        answers.append((resp.status, resp.getheader("Content-Type"), resp.getheader("Content-Length"), len(body)))
        conn.close()
    (gs, gt, gl, gbody), (hs, ht, hl, hbody) = answers
    assert (gs, gt, gl) == (hs, ht, hl) and int(gl) == gbody and hbody == 0


def test_a_dropped_connection_prints_no_traceback(server, capfd):
    port = server.server_address[1]
    for _ in range(20):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.sendall(b"GET /releases/ HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.close()  # reset before the answer is read
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/")
    assert conn.getresponse().status == 200
    err = capfd.readouterr().err
    assert "Traceback" not in err


def test_an_idle_watcher_backs_off():
    from racekb.commands.livereload import IDLE_MAX, Reloader

    r = Reloader([], lambda: "", interval=0.4)
    wait = r.interval
    for _ in range(20):
        wait = r.next_wait(False, wait, 0.001)
    assert wait == IDLE_MAX
    assert r.next_wait(True, wait, 0.0) == 0.4  # a change: quick again
    assert r.next_wait(False, 0.4, 0.2) >= 5.0  # a look costing 0.2 s waits 25 times that


def test_serve_refuses_a_fifo_in_build_rather_than_hang(server, site):
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    os.mkfifo(site / "build" / "pipe.css")
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    conn.request("GET", "/pipe.css")
    assert conn.getresponse().status == 403
    assert stat.S_ISFIFO(os.stat(site / "build" / "pipe.css").st_mode)


def test_entities_per_release_are_capped_with_a_warning(site, monkeypatch, capsys):
    from racekb import pipeline

    monkeypatch.setattr(pipeline, "MAX_ENTITIES_PER_RELEASE", 5)
    assert main(["build", "-C", str(site), "-q", "--no-cache"]) == 0
    assert "names more than 5 entities; only the first 5" in capsys.readouterr().err
    graph = __import__("json").loads((site / "build" / "graph.json").read_text(encoding="utf-8"))
    assert 0 < len(graph["entities"]) <= 5
    assert {e["type"] for e in graph["entities"]} <= {"driver", "team", "car", "championship"}


def test_cap_entities_keeps_scored_types_first():
    from racekb.pipeline import cap_entities

    keep = {"track": ["T"], "driver": ["A", "B", "C"], "team": ["X", "Y"]}
    assert cap_entities(keep, 4) == {"driver": ["A", "B", "C"], "team": ["X"]}
    assert cap_entities(keep, 10) == {"driver": ["A", "B", "C"], "team": ["X", "Y"], "track": ["T"]}


def test_a_huge_template_is_refused_naming_it(site):
    (site / "templates").mkdir()
    (site / "templates" / "entity.html").write_bytes(b"x" * (1024 * 1024 + 1))
    run = racekb("build", "-C", site)
    assert run.returncode == 1 and "error: templates/entity.html: over the 1,024 KB limit for a template" in run.stderr
