"""Paired measurements: a command and its baseline, run in turn, compared by medians.

The machine is shared, so a figure alone says little: every figure here is the ratio of
two commands timed alternately in the same run (A, B, A, B, …), with the median wall
time, the median CPU time (user + system of the child, from wait4) and the largest peak
memory (maximum RSS) of each.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Prepares a run (a fresh output directory, an edit) and gives the command to time.
Step = Callable[[], Sequence[str]]


@dataclass(frozen=True)
class Run:
    """One run of a command: wall and CPU seconds, peak memory in MB."""

    wall: float
    cpu: float
    peak_mb: float


@dataclass(frozen=True)
class Figure:
    """The medians of a command's runs."""

    wall: float
    cpu: float
    peak_mb: float

    @classmethod
    def of(cls, runs: Sequence[Run]) -> Figure:
        """Median wall and CPU time, largest peak memory."""
        return cls(
            statistics.median(r.wall for r in runs),
            statistics.median(r.cpu for r in runs),
            max(r.peak_mb for r in runs),
        )


def run_once(
    command: Sequence[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    exits: tuple[int, ...] = (0,),
) -> Run:
    """Run `command` once; raises SystemExit with its stderr when its exit is not in `exits`."""
    start = time.perf_counter()
    child = subprocess.Popen(
        list(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    stderr = child.stderr.read().decode() if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if os.waitstatus_to_exitcode(status) not in exits:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def paired(
    measured: Step, baseline: Step, repeat: int, env: dict[str, str] | None = None
) -> tuple[Figure, Figure]:
    """`measured` and `baseline` run alternately `repeat` times each; their medians."""
    runs: tuple[list[Run], list[Run]] = ([], [])
    for turn in range(2 * repeat):
        # Alternate who goes first, so neither always runs on a warmer machine.
        which = (turn + turn // 2) % 2
        command = (measured, baseline)[which]()
        runs[which].append(run_once(command, env))
    return Figure.of(runs[0]), Figure.of(runs[1])


@dataclass(frozen=True)
class Timing:
    """Best wall time and largest peak memory of a command run several times."""

    seconds: float
    peak_mb: float


def measure(
    command: Sequence[str], repeat: int, cwd: Path | None = None, exits: tuple[int, ...] = (0,)
) -> Timing:
    """Run `command` `repeat` times; best wall time, largest peak RSS (any exit in `exits`)."""
    runs = [run_once(command, cwd=cwd, exits=exits) for _ in range(repeat)]
    return Timing(min(r.wall for r in runs), max(r.peak_mb for r in runs))


def just(command: Sequence[str]) -> Step:
    """The same command every time, nothing prepared."""
    return lambda: command


def row(name: str, measured: Figure, baseline: Figure, target: str) -> str:
    """A table row: both figures, the ratios of wall and CPU time, the target."""
    return (
        f"| {name} | {measured.wall:.2f} s / {measured.cpu:.2f} s | "
        f"{baseline.wall:.2f} s / {baseline.cpu:.2f} s | "
        f"{measured.wall / baseline.wall:.2f}x | {measured.cpu / baseline.cpu:.2f}x | "
        f"{measured.peak_mb:.0f} / {baseline.peak_mb:.0f} MB | {target} |"
    )


HEADER = [
    "| figure | measured: wall / CPU | baseline: wall / CPU | wall ratio | CPU ratio | "
    "peak memory | target |",
    "|---|---|---|---|---|---|---|",
]


def touch_bank(path: Path) -> Callable[[], None]:
    """An edit to one bank: its first explanation changes a little every time."""
    count = [0]

    def edit() -> None:
        count[0] += 1
        text = path.read_text(encoding="utf-8")
        head, sep, tail = text.partition('    explanation: "')
        mark = tail.split('"', 1)
        body = mark[0].split(" (edit ", 1)[0] + f" (edit {count[0]})"
        path.write_text(head + sep + body + '"' + mark[1], encoding="utf-8")

    return edit
