"""Atomic output: the site is built beside build/ and swapped in only when complete.

Builds are killed for real (SIGKILL, which no handler can catch) at the worst moments: during
render, half-way through writing the new site, from outside while it writes, and between the two
renames of a swap. Each time the previous build/ must be exactly as it was (a hash of every path
and byte), and the next build must clean up what the dead one left.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from racekb.publish import output
from racekb.cli import main

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_802851e128db9d46.txt"
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".build."))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site whose seed then changes, so the next build would write different pages."""
    (tmp_path / "seeds").mkdir()
    seed = tmp_path / "seeds" / SEED.name
    shutil.copy(SEED, seed)
    assert main(["build", "-C", str(tmp_path), "-q"]) == 0
    seed.write_text(seed.read_text(encoding="utf-8").replace("formidable roster", "mighty roster", 1),
                    encoding="utf-8")
    return tmp_path


def run_patched(root: Path, patch: str) -> subprocess.Popen:
    """Start `racekb build -C root` in a child with `patch` (Python) applied first."""
    code = textwrap.dedent(patch) + textwrap.dedent(f"""
        import sys
        from racekb.cli import main
        sys.exit(main(["build", "-C", {str(root)!r}, "-q"]))
    """)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def killed(proc: subprocess.Popen) -> None:
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, err.decode())


KILL_SELF = "import os, signal\ndef die(*a, **k):\n    os.kill(os.getpid(), signal.SIGKILL)\n"


def test_killed_during_render_leaves_the_site_alone(site):
    before = tree_hash(site / "build")
    killed(run_patched(site, KILL_SELF + "import racekb.pipeline\nracekb.pipeline.render_site = die\n"))
    assert tree_hash(site / "build") == before


@pytest.mark.parametrize("into", ["a fresh tree", "the twin"])
def test_killed_half_way_through_writing_leaves_the_site_alone_and_is_cleaned_up(site, into):
    """Killed while writing a fresh tree beside build/, or while updating the twin (the first
    build leaves one, racekb.publish.tree, racekb.incremental.twin): build/ is untouched, and the next build is whole."""
    if into == "a fresh tree":
        shutil.rmtree(site / ".racekb" / "twin")
    before = tree_hash(site / "build")
    killed(run_patched(site, KILL_SELF + """
        import racekb.publish.output
        real, count = racekb.publish.output._write, [0]
        def write(root, rel, data, *rest):
            count[0] += 1
            if count[0] == 20:
                die()
            real(root, rel, data, *rest)
        racekb.publish.output._write = write
    """.replace("\n        ", "\n")))
    assert tree_hash(site / "build") == before
    stale = leftovers(site)
    if into == "a fresh tree":
        assert len(stale) == 1 and stale[0].startswith(".build.new-"), stale
    else:
        assert stale == []
    assert main(["build", "-C", str(site), "-q"]) == 0
    assert leftovers(site) == []
    assert "mighty roster" in (site / "build" / "graph.json").read_text(encoding="utf-8")


def test_killed_from_outside_while_writing_leaves_the_site_alone(site, tmp_path):
    before = tree_hash(site / "build")
    marker = tmp_path / "writing"
    proc = run_patched(site, f"""
        import time, racekb.publish.output
        from pathlib import Path
        real, count = racekb.publish.output._write, [0]
        def write(root, rel, data, *rest):
            count[0] += 1
            if count[0] == 10:
                Path({str(marker)!r}).touch()
                time.sleep(120)
            real(root, rel, data, *rest)
        racekb.publish.output._write = write
    """)
    for _ in range(600):  # wait until it is mid-write (not a timing assertion: just a wait)
        if marker.exists() or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert marker.exists(), "the child never reached the write"
    proc.send_signal(signal.SIGKILL)
    killed(proc)
    assert tree_hash(site / "build") == before


def test_killed_between_the_two_renames_the_next_build_puts_the_site_back(site):
    before = tree_hash(site / "build")
    killed(run_patched(site, KILL_SELF + """
        import os, racekb.publish.output
        racekb.publish.output.exchange = lambda a, b: False  # the two-rename path, as without renameat2
        real, count = os.rename, [0]
        def rename(a, b):
            count[0] += 1
            real(a, b)
            if count[0] == 1:
                die()  # the old site is moved aside, the new one not yet in place
        os.rename = rename
    """.replace("\n        ", "\n")))
    assert not (site / "build").exists()
    assert any(name.startswith(".build.old-") for name in leftovers(site))
    # the next build fails on a bad seed, and still the old site comes back exactly
    (site / "seeds" / "bad.txt").write_text("no date line\n\nText.\n", encoding="utf-8")
    assert main(["build", "-C", str(site), "-q"]) == 1
    assert tree_hash(site / "build") == before
    assert leftovers(site) == []


def test_a_failed_final_rename_restores_the_old_site(site, monkeypatch, capsys):
    before = tree_hash(site / "build")
    real = os.rename
    monkeypatch.setattr(output, "exchange", lambda a, b: False)

    def rename(a, b):
        if Path(b).name == "build" and ".build.new-" in Path(a).name:
            raise OSError(28, "No space left on device", str(b))
        real(a, b)

    monkeypatch.setattr(output.os, "rename", rename)
    assert main(["build", "-C", str(site), "-q", "--no-cache", "-j", "1"]) == 1  # a fresh tree, no twin
    assert re.search("No space left on device.*previous site is unchanged", capsys.readouterr().err)
    monkeypatch.undo()
    assert tree_hash(site / "build") == before
    assert leftovers(site) == []


def test_the_exchange_swaps_in_one_step(tmp_path):
    new, out = tmp_path / "new", tmp_path / "out"
    new.mkdir(), out.mkdir()
    (new / "page").write_text("new"), (out / "page").write_text("old")
    if not output.exchange(new, out):
        pytest.skip("no renameat2 exchange on this system (the two-rename path is tested above)")
    assert (out / "page").read_text() == "new" and (new / "page").read_text() == "old"


def test_a_failed_build_leaves_the_site_alone(site, capsys):
    before = tree_hash(site / "build")
    (site / "seeds" / "bad.txt").write_bytes(b"date 2023-02-30 Impossible\n\nText.\n")
    assert main(["build", "-C", str(site)]) == 1
    assert tree_hash(site / "build") == before


def test_tidy_leaves_a_running_build_alone(site):
    live = site / f".build.new-{os.getppid()}-abcd1234"  # our parent: alive, and not us
    live.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    gone = site / f".build.new-{dead.stdout.strip()}-abcd1234"
    gone.mkdir()
    removed = output.tidy(site / "build")
    assert removed == [gone]
    assert live.is_dir() and not gone.exists()


def test_an_output_path_that_is_a_file_is_refused(site, capsys):
    target = site / "not-a-folder"
    target.write_text("x")
    assert main(["build", "-C", str(site), "--out", str(target)]) == 1
    assert "the output path is a file" in capsys.readouterr().err
    assert target.read_text() == "x"


@pytest.mark.parametrize("where", ["seeds", "content", "other"])
def test_the_swap_never_replaces_a_folder_that_is_not_a_site(site, capsys, where):
    (site / "other").mkdir()
    (site / "other" / "notes.txt").write_text("mine")
    before = tree_hash(site / where)
    assert main(["build", "-C", str(site), "--out", str(site / where)]) == 1
    err = capsys.readouterr().err
    assert "choose another --out" in err or "refusing to replace it" in err, err
    assert tree_hash(site / where) == before


def test_an_empty_or_earlier_output_folder_may_be_replaced(site, tmp_path):
    empty = tmp_path / "empty-out"
    empty.mkdir()
    assert main(["build", "-C", str(site), "--out", str(empty), "-q"]) == 0
    assert main(["build", "-C", str(site), "--out", str(empty), "-q"]) == 0  # now a site racekb built
    assert (empty / "graph.json").is_file()


def test_a_second_build_waits_for_the_first(site, tmp_path):
    """Builds of one site take turns (they would race on content/ and the swap)."""
    held = tmp_path / "held"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from racekb.publish.output import lock_site
        lock = lock_site(Path({str(site / ".racekb")!r}))
        Path({str(held)!r}).touch()
        time.sleep(120)
    """)])
    try:
        for _ in range(600):
            if held.exists():
                break
            time.sleep(0.05)
        assert held.exists()
        build = subprocess.Popen([sys.executable, "-m", "racekb", "build", "-C", str(site), "-q"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = build.stderr.readline()  # blocks until the build reports that it waits
        assert line.strip() == "racekb: waiting for another build of this site to finish"
        assert build.poll() is None
        holder.kill()  # the first build dies: the system drops its lock
        _, err = build.communicate(timeout=120)
        assert build.returncode == 0, err
    finally:
        holder.kill()
        holder.wait()
    assert "mighty roster" in (site / "build" / "graph.json").read_text(encoding="utf-8")
