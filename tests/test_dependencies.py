"""Every module quizdeck imports is the standard library's or declared in pyproject.toml."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _names(requirements: list[str]) -> set[str]:
    """Distribution names of requirement strings, normalised (PEP 503)."""
    return {
        re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", r).group()).lower()  # type: ignore[union-attr]
        for r in requirements
    }


def _top_level_imports(folder: str) -> dict[str, str]:
    """Each top-level module imported under `folder`, with one file that imports it."""
    found: dict[str, str] = {}
    for path in sorted((REPO / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(REPO)))
    return found


def _undeclared(folder: str, declared: set[str]) -> list[str]:
    distributions = packages_distributions()
    missing = []
    for module, where in _top_level_imports(folder).items():
        if module in sys.stdlib_module_names or module in ("quizdeck", "__future__"):
            continue
        owners = _names(distributions.get(module, [module]))
        if not owners & declared:
            missing.append(f"{where}: {module} (from {', '.join(sorted(owners))})")
    return sorted(missing)


@pytest.mark.slow
def test_every_import_of_the_package_is_a_declared_dependency() -> None:
    assert _undeclared("src", _names(PYPROJECT["project"]["dependencies"])) == []


def test_every_import_of_the_tests_is_declared_for_them() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]["test"]
    declared = _names(PYPROJECT["project"]["dependencies"] + extras)
    # The tests' own helpers and the benchmark scripts they import (tests/test_benchmarks.py).
    local = {
        path.stem for folder in ("tests", "benchmarks") for path in (REPO / folder).glob("*.py")
    }
    missing = _undeclared("tests", declared)
    assert [line for line in missing if line.split(": ")[1].split()[0] not in local] == []
