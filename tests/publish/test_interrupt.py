"""Interrupted builds never block the next one (issue 13, item 1).

A first build of a few hundred releases is killed from outside (SIGTERM as `timeout` or a CI
cancel sends it, SIGKILL as the OOM killer does) at several moments: while loading, extracting,
rendering. Every time, within seconds no process of it is left holding .racekb/build.lock, and
the next build finishes and writes exactly the site a clean build writes. A template that never
ends, a worker killed, and a stale lock left by a dead build's leftovers are covered too.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from racekb.publish import output

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process semantics")
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def lock_is_free(site: Path, within: float = 10.0) -> bool:
    """True once nothing holds the site's build lock (polled: a dying process takes a moment)."""
    path = site / ".racekb" / "build.lock"
    deadline = time.monotonic() + within
    while True:
        if not path.exists():
            return True
        fd = os.open(path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
        finally:
            os.close(fd)
        time.sleep(0.1)


def lock_is_held(site: Path, within: float) -> bool:
    """True once a running build holds the site's lock: the moment it is surely under way."""
    path = site / ".racekb" / "build.lock"
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if path.exists():
            fd = os.open(path, os.O_RDWR)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
            except BlockingIOError:
                return True
            finally:
                os.close(fd)
        time.sleep(0.02)
    return False


def leftovers(site: Path, within: float = 10.0) -> list[int]:
    """Processes still running a command line naming `site` (forked workers keep their parent's),
    polled until none is left or `within` seconds pass."""
    deadline = time.monotonic() + within
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if str(site).encode() in cmdline and state != "Z":
                found.append(int(entry.name))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


ENDLESS = "{% for i in range(10 ** 15) %}{% endfor %}"


def site_of(seeds: Path, tmp_path: Path, endless: bool = False) -> Path:
    """A fresh site of the corpus' seeds; `endless`: its entity template never finishes rendering."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copytree(seeds, site / "seeds")
    if endless:
        (site / "templates").mkdir()
        base = (REPO / "templates" / "entity.html").read_text(encoding="utf-8")
        (site / "templates" / "entity.html").write_text(ENDLESS + base, encoding="utf-8")
    return site


def start_build(site: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "racekb", "build", "-C", str(site), "-q", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=ENV)


def build(site: Path, *extra: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "racekb", "build", "-C", str(site), "-q", *extra],
                          capture_output=True, text=True, env=ENV, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, float]:
    """(a folder of 300 generated seeds, the hash of a clean build of them, its seconds)."""
    root = tmp_path_factory.mktemp("kill-corpus")
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "300", str(root / "seeds")],
                   check=True, capture_output=True, env=ENV)
    clean = root / "clean"
    clean.mkdir()
    shutil.copytree(root / "seeds", clean / "seeds")
    started = time.monotonic()
    done = build(clean)
    assert done.returncode == 0, done.stderr
    return root / "seeds", tree_hash(clean / "build"), time.monotonic() - started


@pytest.mark.parametrize("sig, moment", [(signal.SIGTERM, 0.15), (signal.SIGKILL, 0.3), (signal.SIGTERM, 0.5),
                                         (signal.SIGKILL, 0.7), (signal.SIGTERM, 0.85), (signal.SIGKILL, 0.95),
                                         (signal.SIGINT, 0.4), (signal.SIGHUP, 0.6)])
def test_a_killed_first_build_never_blocks_the_next(corpus, tmp_path, sig, moment):
    seeds, clean_hash, seconds = corpus
    site = site_of(seeds, tmp_path)
    first = start_build(site)
    time.sleep(seconds * moment)
    first.send_signal(sig)
    first.communicate(timeout=60)
    if sig != signal.SIGKILL and first.returncode not in (0, -sig):  # 0: done already; -sig: before the handler
        assert first.returncode == (130 if sig == signal.SIGINT else 128 + sig)  # handled: stopped cleanly
    assert lock_is_free(site), "a process of the killed build still holds the lock"
    assert leftovers(site) == [], "processes of the killed build are still running"
    after = build(site, timeout=120)
    assert after.returncode == 0, after.stderr
    assert "waiting for another build" not in after.stderr
    assert tree_hash(site / "build") == clean_hash


def test_sigterm_is_handled_like_ctrl_c(corpus, tmp_path):
    seeds, _, seconds = corpus
    site = site_of(seeds, tmp_path)
    first = start_build(site)
    assert lock_is_held(site, within=seconds), "the build never took its lock"
    time.sleep(seconds * 0.1)  # early in the build, however fast this machine is today
    first.send_signal(signal.SIGTERM)
    _, err = first.communicate(timeout=60)
    assert first.returncode == 128 + signal.SIGTERM, err
    assert "stopped by SIGTERM; the previous site is unchanged" in err
    assert "Traceback" not in err



@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_template_that_never_ends_leaves_no_lock_held(corpus, tmp_path, sig):
    seeds, _, _ = corpus
    site = site_of(seeds, tmp_path, endless=True)
    first = start_build(site)
    deadline = time.monotonic() + 120
    while not list(site.glob(".build.new-*")) and not (site / ".racekb" / "twin").exists():
        assert first.poll() is None, first.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    time.sleep(2)  # the workers are in the endless loop by now
    assert first.poll() is None
    first.send_signal(sig)
    first.communicate(timeout=60)
    assert lock_is_free(site)
    assert leftovers(site) == []


def test_a_stale_lock_held_by_leftovers_is_taken_over(tmp_path):
    """The build named in the lock is gone but a process it left still holds it (as where the
    kernel cannot kill children with their parent): the next build takes the lock over."""
    state = tmp_path / ".racekb"
    ready = tmp_path / "ready"
    script = textwrap.dedent(f"""
        import os, sys, time
        from pathlib import Path
        from racekb.publish.output import lock_site
        lock = lock_site(Path({str(state)!r}))
        if os.fork() == 0:  # a leftover: a plain fork that keeps the lock's descriptor
            fd = os.open({str(state / "build.lock")!r}, os.O_RDONLY)  # not needed: inherited anyway
            Path({str(ready)!r}).touch()
            time.sleep(60)
            os._exit(0)
        os._exit(0)  # the build dies at once
    """)
    # lifeline closes the lock in racekb's own children; this child is made to keep it
    script = script.replace("lock = lock_site(", "from racekb.publish import lifeline\nlock = lock_site(").replace(
        "if os.fork() == 0:", "lifeline._held.clear()\nif os.fork() == 0:")
    holder = subprocess.Popen([sys.executable, "-c", script], env=ENV)
    holder.wait(timeout=30)
    for _ in range(300):
        if ready.exists():
            break
        time.sleep(0.05)
    assert ready.exists()
    assert not lock_is_free(tmp_path, within=0.5)  # the leftover holds it
    told: list[str] = []
    lock = output.lock_site(state, on_wait=lambda: told.append("waited"), on_takeover=told.append)
    try:
        assert lock is not None
        assert told and "taking it over" in told[0] and "waited" not in told
    finally:
        lock.release()


def test_a_live_holder_is_waited_for_not_taken_over(tmp_path):
    state = tmp_path / ".racekb"
    ready = tmp_path / "ready"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from racekb.publish.output import lock_site
        lock = lock_site(Path({str(state)!r}))
        Path({str(ready)!r}).touch()
        time.sleep(2)
    """)], env=ENV)
    try:
        for _ in range(300):
            if ready.exists():
                break
            time.sleep(0.05)
        told: list[str] = []
        started = time.monotonic()
        lock = output.lock_site(state, on_wait=lambda: told.append("waited"), on_takeover=told.append)
        assert told == ["waited"] and time.monotonic() - started > 0.5
        lock.release()
    finally:
        holder.kill()
        holder.wait()


def test_children_of_a_build_do_not_hold_its_lock(tmp_path):
    """A child forked while the lock is held has closed it: the lock is free once the parent lets go."""
    state = tmp_path / ".racekb"
    lock = output.lock_site(state)
    pid = os.fork()
    if pid == 0:
        time.sleep(3)
        os._exit(0)
    try:
        lock.release()
        assert lock_is_free(tmp_path, within=1.0)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _die(item: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_killed_extract_worker_is_a_clear_error():
    from racekb.workers import extract_pool as parallel
    from racekb.model.errors import RacekbError

    with pytest.raises(RacekbError, match="worker process ended"):
        parallel._map(_die, list(range(40)), 2, 1)


def test_a_killed_render_worker_is_a_clear_error_not_a_hang(corpus, tmp_path):
    """A render worker killed from outside (the OOM killer): the build says so and stops."""
    seeds, _, _ = corpus
    site = site_of(seeds, tmp_path, endless=True)
    first = start_build(site, "-j", "2")
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 2:
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.2)
        kids = subprocess.run(["pgrep", "-P", str(first.pid)], capture_output=True, text=True, check=False).stdout.split()
        workers = [int(k) for k in kids] if list(site.glob(".build.new-*")) or (site / ".racekb" / "twin").exists() else []
    # kill every child the build has until it stops: which child renders is a race on a loaded
    # machine (a background scan may be among the first two), and a renderer left alive loops forever
    while first.poll() is None:
        assert time.monotonic() < deadline, "the build neither finished nor reported its killed workers"
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.5)
        kids = subprocess.run(["pgrep", "-P", str(first.pid)], capture_output=True, text=True, check=False).stdout.split()
        workers = [int(k) for k in kids]
    _, err = first.communicate(timeout=60)
    assert first.returncode == 1, err
    assert "ended without finishing" in err
    assert lock_is_free(site)
