"""The one rule of dependencies, read from the code's own imports (ast): no import circles, and
each layer imports only from itself and the layers below it.

Layers, bottom to top (ARCHITECTURE.md): model, load, extract, resolve, render, publish (the stages,
in build order), then workers and incremental (the speed-ups, wrapped around the stages from
above), then the pipeline that wires them, the commands and the command line. So no stage
imports workers/ or incremental/. Every import counts, also one inside a function or under
TYPE_CHECKING: a type named is a dependency too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "racekb"
LAYERS = ["model", "load", "extract", "resolve", "render", "publish", "workers", "incremental", "pipeline", "commands", "cli", "__main__"]
STAGES = {"model", "load", "extract", "resolve", "render", "publish"}
SPEED = {"workers", "incremental"}


def module_name(path: Path) -> str:
    parts = ["racekb", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The racekb modules `name` imports (`from racekb.x import y` is racekb.x.y when y is a module)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "racekb")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "racekb":
                continue
            subs = {f"{target}.{a.name}" for a in node.names} & known
            found.update(subs or {target})
            if subs and len(subs) < len(node.names):
                found.add(target)
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(name, path, known) for name, path in mods.items()}


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None  # None: racekb/__init__.py, the package's face


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_the_reader_sees_the_imports_it_must_judge():
    """The rule is only as good as the reading: a known edge of each kind is found."""
    edges = graph()
    assert "racekb.model.errors" in edges["racekb.load.seeds"]  # from racekb.model.errors import X
    assert "racekb.load.front" in edges["racekb.load.records"]  # from racekb.load import front
    assert "racekb.extract.release" in edges["racekb.workers.extract_pool"]  # inside a function
    assert "racekb.render.pages" in edges["racekb.workers.render_pool"]  # under TYPE_CHECKING
    assert set(LAYERS[:-2]) <= {layer(m) for m in edges}, "a layer of the list has no module"


def test_no_import_circles():
    assert circles(graph()) == []


def test_circles_are_found():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_is_in_a_layer():
    unknown = sorted(m for m in graph() if layer(m) is not None and layer(m) not in LAYERS)
    assert unknown == [], f"modules outside the layers of ARCHITECTURE.md: {unknown}"


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_no_stage_imports_the_speed_layers(stage):
    bad = sorted(f"{m} -> {t}" for m, targets in graph().items() if layer(m) == stage for t in targets if layer(t) in SPEED)
    assert bad == [], "a stage imports workers/ or incremental/ (pass what it needs in from above)"


def test_each_layer_imports_only_itself_and_below():
    rank = {name: i for i, name in enumerate(LAYERS)}
    bad = sorted(
        f"{m} -> {t}"
        for m, targets in graph().items()
        if layer(m) in rank
        for t in targets
        if layer(t) in rank and rank[layer(t)] > rank[layer(m)]
    )
    assert bad == [], "an import that runs up the layers"


def test_the_package_face_imports_nothing_of_racekb():
    """racekb/__init__.py is imported by every module (the version, GENERATOR): it must stay below them all."""
    assert graph()["racekb"] == set()
