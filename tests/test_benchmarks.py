"""The benchmarks still run against the library they measure (on a small workspace)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import paired
import run
from generate import generate


@pytest.mark.slow
def test_paired_runs_in_turn_and_compares_medians() -> None:
    order: list[str] = []

    def step(name: str, seconds: float) -> paired.Step:
        def prepare() -> list[str]:
            order.append(name)
            return [sys.executable, "-c", f"import time; time.sleep({seconds})"]

        return prepare

    slow, fast = paired.paired(step("slow", 0.3), step("fast", 0), 2)
    # Who goes first alternates: slow, fast, fast, slow.
    assert order == ["slow", "fast", "fast", "slow"]
    assert slow.wall > fast.wall + 0.2
    assert slow.cpu < 0.5 and fast.cpu < 0.5  # sleeping costs no CPU
    line = paired.row("sleep / pass", slow, fast, "—")
    assert line.startswith("| sleep / pass | ") and line.endswith(" | — |")
    assert f"{slow.wall / fast.wall:.2f}x" in line


@pytest.mark.slow
def test_run_measures_anki_writers_and_the_lint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "WORK", tmp_path)
    root = generate(tmp_path / "ws-200", 200)
    writers = run.anki_writers(root, 1)
    assert set(writers) == {"genanki alone", "genanki, scratch sqlite", "export_anki alone"}
    assert all(timing.seconds > 0 for timing in writers.values())
    rows = run.lint_rows(root, 1)
    assert rows[0] == "### The item-writing lint"
    assert any(row.startswith("| key-longest | ") for row in rows)


def test_bench_anki_runs(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "bench_anki.py"),
            "--questions",
            "100",
            "--repeat",
            "1",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "export_anki, rebuild" in done.stdout


@pytest.mark.slow
def test_the_import_floor_is_asked_of_the_command_itself(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run.imported_by(["--version"], env) == []
    modules = run.imported_by(["build", "--out", str(tmp_path / "b"), "--root", str(REPO)], env)
    assert {"genanki", "jinja2", "typer", "yaml"} <= set(modules)
    assert "quizdeck" not in modules and "json" not in modules
    # Neither the spreadsheets (writers/xlsx.py) nor typer's values (cli/coercion.py) need them.
    assert not {"openpyxl", "numpy", "pydantic"} & set(modules)
