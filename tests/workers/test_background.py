"""Chores run beside the build (racekb.workers.background): the same answer in a child or on a thread."""

from __future__ import annotations

import os

import pytest

from racekb.workers import background
from racekb.workers.background import Beside
from racekb.incremental.twin import scan


def _tree(tmp_path):
    out = tmp_path / "build"
    (out / "drivers" / "a").mkdir(parents=True)
    (out / "drivers" / "a" / "index.html").write_text("a", encoding="utf-8")
    (out / "index.html").write_text("home", encoding="utf-8")
    return out


def _fails(message: str) -> None:
    raise ValueError(message)


@pytest.mark.parametrize("fork", [True, False])
def test_a_chore_beside_the_build_answers_as_if_run_here(tmp_path, monkeypatch, fork):
    out = _tree(tmp_path)
    monkeypatch.setattr(background, "forking_is_safe", lambda: fork)
    chore = Beside(scan, out)
    assert (chore.child is not None) == fork  # a child where forking is safe, else a thread
    assert chore.result() == scan(out)
    with pytest.raises(ValueError, match="no such thing"):
        Beside(_fails, "no such thing").result()  # its error, raised here


def test_a_chore_no_longer_wanted_leaves_no_process_behind(tmp_path):
    chore = Beside(scan, _tree(tmp_path))
    pid = chore.child[0]
    chore.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already
