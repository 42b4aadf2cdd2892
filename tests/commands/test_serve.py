"""racekb serve: serves build/ on loopback, rebuilds on change, reloads pages, stops on Ctrl-C.

No test waits on the clock for its verdict: loops are bounded by a count, and each stops as soon
as the server says what the test is waiting for.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from racekb.commands.livereload import VERSION_PATH, Reloader, inject, make_server


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def test_inject_puts_script_before_body_end():
    out = inject(b"<html><body><p>x</p></body></html>")
    assert out.index(VERSION_PATH.encode()) < out.index(b"</body>")
    assert inject(b"plain").startswith(b"plain<script>")


def test_reloader_rebuilds_once_per_change(tmp_path):
    watched = tmp_path / "templates"
    watched.mkdir()
    builds: list[int] = []
    reloader = Reloader([watched, tmp_path / "missing"], lambda: builds.append(1) or "built", log=lambda s: None)
    assert reloader.check_once() is False
    (watched / "base.html").write_text("one")
    assert reloader.check_once() is True
    assert reloader.check_once() is False  # nothing new: no second build
    (watched / ".base.html.swp").write_text("editor noise")
    assert reloader.check_once() is False
    assert (reloader.version, len(builds)) == (1, 1)


def test_failed_rebuild_keeps_the_version(tmp_path):
    def broken() -> str:
        raise RuntimeError("bad template")
    lines: list[str] = []
    reloader = Reloader([tmp_path], broken, log=lines.append)
    (tmp_path / "x").write_text("x")
    assert reloader.check_once() is True
    assert reloader.version == 0
    assert any("still serving the last good site" in line for line in lines)


def test_server_injects_reload_only_in_responses(seed_site):
    reloader = Reloader([], lambda: "", log=lambda s: None)
    server = make_server(seed_site.build, 0, reloader)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert server.server_address[0] == "127.0.0.1"
        status, home = get(base + "/")
        assert status == 200 and VERSION_PATH in home
        assert VERSION_PATH not in (seed_site.build / "index.html").read_text()
        status, page = get(base + "/drivers/tom-blomqvist/")
        assert status == 200 and "<h1" in page and VERSION_PATH in page
        assert get(base + VERSION_PATH) == (200, "0")
        status, missing = get(base + "/no/such/page/")
        assert status == 404 and "Page not found" in missing and '<base href="/">' in missing
        status, css = get(base + "/static/style.css")
        assert status == 200 and VERSION_PATH not in css
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child needs POSIX")
def test_serve_rebuilds_on_change_and_stops_on_ctrl_c(fresh_site):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "racekb", "serve", "-C", str(fresh_site.root), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        lines = []
        for _ in range(20):  # the build summary, then the address
            lines.append(proc.stdout.readline())
            if "serving" in lines[-1]:
                break
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(lines))
        assert match, lines
        base = f"http://127.0.0.1:{match.group(1)}"
        assert get(base + VERSION_PATH) == (200, "0")
        templates = fresh_site.root / "templates"
        templates.mkdir(exist_ok=True)
        (templates / "404.html").write_text(
            '{% extends "base.html" %}{% block title %}Lost{% endblock %}{% block main %}<h1>Lost in the pits</h1>{% endblock %}')
        version = "0"
        for _ in range(200):  # bounded: at most ~20 s, normally well under one
            version = get(base + VERSION_PATH)[1]
            if version != "0":
                break
            time.sleep(0.1)
        assert version == "1"
        assert "Lost in the pits" in get(base + "/nowhere")[1]
        assert "Lost in the pits" in (fresh_site.build / "404.html").read_text()
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
        assert proc.returncode == 0, out
        assert "stopped" in out and "Traceback" not in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
