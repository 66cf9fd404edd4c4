"""SIGKILL at random moments: `build/` is whole (old or new), no debris outlives the next run.

On the seeds, `quizdeck build` and `quizdeck html` are killed at random moments, each
followed by a run that finishes. The workspace alternates between two states that
differ only in the HTML (a template override), so "old" and "new" are known bytes:
- after a kill, build/ is byte for byte the old build or the new one; html's directory
  holds, file by file, an old or a new page (each file is renamed into place whole);
- after the next run, the output is the new one and nothing is left beside or inside
  it but what quizdeck means to keep;
- the user's own files are untouched throughout.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, WorkspaceBuilder

KILLS = 20
QUIZDECK = Path(sys.executable).with_name("quizdeck")
USER_FILES = {"notes.txt": b"my notes, not quizdeck's\n", "build-plan.md": b"# plan\n"}


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def toggle(root: Path, on: bool) -> None:
    """The two workspace states: with and without a template override that changes the HTML."""
    override = root / "templates" / "html" / "style.css"
    if on:
        override.parent.mkdir(parents=True, exist_ok=True)
        packaged = (REPO / "templates" / "html" / "style.css").read_text(encoding="utf-8")
        override.write_text(packaged + "\n/* state B */\n", encoding="utf-8")
    else:
        shutil.rmtree(root / "templates", ignore_errors=True)


def run(root: Path, *args: str) -> None:
    result = subprocess.run(
        [str(QUIZDECK), *args, "--root", str(root)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def kill_at_random(root: Path, rng: random.Random, longest: float, *args: str) -> float:
    """Start `quizdeck ARGS`, SIGKILL it after a random delay; the delay used."""
    process = subprocess.Popen(
        [str(QUIZDECK), *args, "--root", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Most of a run is start-up and checking; the moments worth a kill are the writing
    # and the swap at the end, so the delays lean that way (a few land before or after).
    delay = longest * rng.uniform(0.3, 1.1)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
    return delay


def timed(root: Path, *args: str) -> float:
    started = time.monotonic()
    run(root, *args)
    return time.monotonic() - started


def seeded_workspace(workspace: WorkspaceBuilder) -> Path:
    workspace.seeds()
    for name, data in USER_FILES.items():
        (workspace.root / name).write_bytes(data)
    return workspace.root


def user_files_untouched(root: Path, inputs: dict[str, bytes]) -> None:
    for name, data in USER_FILES.items():
        assert (root / name).read_bytes() == data
    assert tree(root / "questions") | tree(root / "seeds") == inputs


@pytest.mark.slow
def test_build_killed_at_random_moments(workspace: WorkspaceBuilder) -> None:
    root = seeded_workspace(workspace)
    inputs = tree(root / "questions") | tree(root / "seeds")
    states: dict[bool, dict[str, bytes]] = {}
    longest = 0.0
    for on in (False, True):
        toggle(root, on)
        longest = max(longest, timed(root, "build"))
        states[on] = tree(root / "build")
    assert states[False] != states[True]
    rng = random.Random(14)
    state = True
    for _ in range(KILLS):
        state = not state
        toggle(root, state)
        delay = kill_at_random(root, rng, longest, "build")
        after_kill = tree(root / "build")
        assert after_kill in (states[False], states[True]), f"killed after {delay:.3f} s"
        run(root, "build")
        assert tree(root / "build") == states[state]
        assert sorted(p.name for p in root.iterdir()) == sorted(
            ["build", "questions", "seeds", *USER_FILES, *(["templates"] if state else [])]
        ), f"debris after a kill at {delay:.3f} s and a following run"
        user_files_untouched(root, inputs)


@pytest.mark.slow
def test_html_killed_at_random_moments(workspace: WorkspaceBuilder) -> None:
    root = seeded_workspace(workspace)
    inputs = tree(root / "questions") | tree(root / "seeds")
    out = root / "quizzes"
    args = ("html", "--forms", "6", "--seed", "14", "--out", str(out))
    states: dict[bool, dict[str, bytes]] = {}
    longest = 0.0
    for on in (False, True):
        toggle(root, on)
        longest = max(longest, timed(root, *args))
        states[on] = tree(out)
    assert set(states[False]) == set(states[True])
    rng = random.Random(14)
    state = True
    for _ in range(KILLS):
        state = not state
        toggle(root, state)
        delay = kill_at_random(root, rng, longest, *args)
        for name, data in tree(out).items():
            if name.startswith(".quizdeck-") and name.endswith(".tmp"):
                continue  # a killed run's temporary file: the next run removes it
            assert data in (states[False][name], states[True][name]), (
                f"{name} half-written after a kill at {delay:.3f} s"
            )
        run(root, *args)
        assert tree(out) == states[state], f"debris after a kill at {delay:.3f} s"
        user_files_untouched(root, inputs)
