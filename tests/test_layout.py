"""The house rules of src/quizdeck/ (BRIEF: layout): short modules, no cycles, writers apart."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "src" / "quizdeck"
MAX_LINES = 500
# What writers share (README: Layout), not writers themselves: a writer never imports
# another writer, only these.
SHARED_WRITERS = {
    "quizdeck.writers.fields",
    "quizdeck.writers.platform",
    "quizdeck.writers.archive",
    "quizdeck.writers.templating",
    "quizdeck.writers.live",
    "quizdeck.writers.live_platforms",
    "quizdeck.writers.xlsx",
}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> set[str]:
    """The quizdeck modules `name` imports, at the top or inside a function."""
    found: set[str] = set()
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            # `from quizdeck.checking import lint` imports the module quizdeck.checking.lint.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imports(name) for name in MODULES}


def _long_modules() -> dict[str, int]:
    return {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }


def test_no_module_is_over_500_lines() -> None:
    assert _long_modules() == {}


def _cycles() -> list[list[str]]:
    """Each import cycle once, as the modules around it (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        for other in sorted(GRAPH[name]):
            if other not in index:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            part = []
            while True:
                other = stack.pop()
                part.append(other)
                if other == name:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    return found


def test_no_import_cycle() -> None:
    assert _cycles() == []


def test_the_layout_test_sees_a_cycle() -> None:
    # The checks above can fail: an import both ways is a cycle.
    GRAPH["quizdeck.limits"].add("quizdeck.workspace")
    try:
        assert ["quizdeck.limits", "quizdeck.workspace"] in _cycles()
    finally:
        GRAPH["quizdeck.limits"].discard("quizdeck.workspace")


def _writers_importing_writers() -> dict[str, set[str]]:
    return {
        name: sideways
        for name in MODULES
        if name.startswith("quizdeck.writers.") and name not in SHARED_WRITERS
        if (
            sideways := {
                m
                for m in GRAPH[name]
                if m.startswith("quizdeck.writers.") and m not in SHARED_WRITERS
            }
        )
    } | {
        name: sideways
        for name in SHARED_WRITERS
        if (
            sideways := {
                m
                for m in GRAPH[name]
                if m.startswith("quizdeck.writers.") and m not in SHARED_WRITERS
            }
        )
    }


def test_no_writer_imports_another_writer() -> None:
    assert _writers_importing_writers() == {}
