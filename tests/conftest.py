"""Shared fixtures for racekb's tests.

The seed site (the repository's seeds/ copied into a temporary folder and built once per session
through the real command line) is read-only for tests; a test that edits a site asks for
`fresh_site` (or `make_site`) and gets its own copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"  # CI checks ../shared out beside the repository
CORPUS = SHARED / "corpus"
SEED_NAME = "000_802851e128db9d46.txt"


@dataclass
class Run:
    """One finished `racekb` process."""

    args: list[str]
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.strip()]

    def __str__(self) -> str:  # shown when an assertion about a run fails
        return f"racekb {' '.join(self.args)} -> {self.code}\n--- stdout\n{self.out}--- stderr\n{self.err}"


def run_racekb(*args: str | os.PathLike, cwd: Path | None = None) -> Run:
    """Run the racekb command line in a child process, as a user would."""
    argv = [str(a) for a in args]
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
    proc = subprocess.run([sys.executable, "-m", "racekb", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    return Run(argv, proc.returncode, proc.stdout, proc.stderr)


@dataclass
class BuiltSite:
    """A site folder after `racekb build`."""

    root: Path
    run: Run | None = None
    _graph: dict | None = field(default=None, repr=False)

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def records(self) -> list[Path]:
        return sorted((self.root / "content" / "releases").glob("*.md"))

    @property
    def graph(self) -> dict:
        return json.loads((self.build / "graph.json").read_text(encoding="utf-8"))

    def record(self, path: Path | None = None) -> frontmatter.Post:
        path = path or self.only_record()
        return frontmatter.loads(path.read_text(encoding="utf-8"))

    def only_record(self) -> Path:
        assert len(self.records) == 1, self.records
        return self.records[0]

    def rebuild(self, *extra: str) -> Run:
        self.run = run_racekb("build", "-C", self.root, *extra)
        return self.run

    def pages(self) -> list[Path]:
        return sorted(self.build.rglob("*.html"))


def copy_seeds(dest: Path, names: list[Path] | None = None) -> Path:
    """A bare site folder: only seeds/, as the issue asks a site to be able to start from."""
    (dest / "seeds").mkdir(parents=True, exist_ok=True)
    for path in names if names is not None else sorted(SEEDS.iterdir()):
        if path.is_file():
            shutil.copy2(path, dest / "seeds" / path.name)
    return dest


def build_site(root: Path, *extra: str) -> BuiltSite:
    site = BuiltSite(root)
    run = site.rebuild(*extra)
    assert run.code == 0, str(run)
    return site


@pytest.fixture(scope="session")
def cli() -> Callable[..., Run]:
    """cli("build", "-C", folder) runs racekb in a child process and returns its Run."""
    return run_racekb


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's seeds/, copied into a bare folder and built once; do not modify it."""
    root = copy_seeds(tmp_path_factory.mktemp("seed_site"))
    return build_site(root)


@pytest.fixture(scope="session")
def seed_graph(seed_site: BuiltSite) -> dict:
    return seed_site.graph


@pytest.fixture
def fresh_site(tmp_path: Path) -> BuiltSite:
    """A private copy of the seed site, built; a test may edit it freely."""
    return build_site(copy_seeds(tmp_path / "site"))


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """make_site(seed_paths=None, name="site") -> a bare site folder holding those seeds."""
    def make(seed_paths: list[Path] | None = None, name: str = "site") -> Path:
        return copy_seeds(tmp_path / name, seed_paths)
    return make


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """../shared/corpus/dev: the dev releases and their answer keys (*.gold.yaml)."""
    dev = CORPUS / "dev"
    if not dev.is_dir() or not any(dev.glob("*.gold.yaml")):
        pytest.skip(f"no answer keys at {dev}: check ../shared out beside the repository")
    return dev


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> BuiltSite:
    """Every dev-corpus release built into one site (more pages, cross-release entities)."""
    root = copy_seeds(tmp_path_factory.mktemp("corpus_site"), sorted(corpus_dir.glob("*.txt")))
    return build_site(root)


@pytest.fixture(scope="session")
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no chromium on PATH (.ci/run installs it with apt-get)")


# --- the real browser (headless Chromium through Playwright; never downloads one) -------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, skipped with the reason where it or Playwright is missing."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and uncaught exceptions; the test fails on any."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
    assert errors == [], errors
