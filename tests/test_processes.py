"""The build's worker processes: results in order, errors raised here, nothing left running."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizdeck.processes import FORKS, WorkerFailed, pool, workers_for

# Workers started anew, and (on Linux) forked from this process.
STARTS = [False, True] if FORKS else [False]


@pytest.mark.parametrize("fork", STARTS)
def test_results_come_in_task_order_and_every_worker_ends(fork: bool) -> None:
    tasks = [(n, 2) for n in range(12)]
    with pool(3, fork) as workers:
        assert list(workers.run(pow, tasks)) == [n**2 for n in range(12)]
        processes = list(workers.processes)
        assert len(processes) == 3 and all(p.poll() is None for p in processes)
        # Each worker in a process group of its own: a terminal's Ctrl-C reaches the build alone.
        assert all(os.getpgid(p.pid) == p.pid for p in processes)
    assert all(p.returncode is not None for p in processes)


@pytest.mark.parametrize("fork", STARTS)
def test_an_error_in_a_worker_is_raised_here(fork: bool) -> None:
    with pytest.raises(ZeroDivisionError), pool(2, fork) as workers:
        list(workers.run(divmod, [(1, 1), (1, 0), (2, 1)]))


@pytest.mark.parametrize("fork", STARTS)
def test_a_worker_that_dies_is_an_operational_error(fork: bool) -> None:
    stopped = r"^a worker process stopped \(exit 3\)$"
    with pytest.raises(WorkerFailed, match=stopped), pool(1, fork) as workers:
        list(workers.run(os._exit, [(3,)]))


@pytest.mark.skipif(not FORKS, reason="workers are forked on Linux only")
def test_a_forked_worker_keeps_no_other_file_of_this_process_open() -> None:
    """A lock or another worker's pipe held by a worker would outlive this process's use of it."""
    read, write = os.pipe()
    with pool(2, fork=True) as workers:
        assert list(workers.run(pow, [(2, 3), (3, 2)])) == [8, 9]
        os.close(write)
        # Nobody else holds the write end: the read end is at its end at once.
        ready, _, _ = select.select([read], [], [], 5)
        assert ready and os.read(read, 1) == b""
    os.close(read)


def test_how_many_workers() -> None:
    assert workers_for(3, 0) == 3
    assert workers_for(None, 10) == 1  # too little work to start processes for
    assert workers_for(None, 10**7) == (os.cpu_count() or 1)
    # Forked workers start at no cost: even a little work goes to them.
    assert workers_for(None, 10, forked=True) == (os.cpu_count() or 1)


ORPHAN = """
import sys, time
sys.path.insert(0, sys.argv[1])
from quizdeck.processes import pool
with pool(1, sys.argv[2] == "fork") as workers:
    print(workers.processes[0].pid, flush=True)
    list(workers.run(time.sleep, [(60,)]))
"""


@pytest.mark.parametrize("fork", STARTS)
def test_a_worker_ends_with_a_build_killed_mid_task(fork: bool) -> None:
    """A worker of a killed build must not go on (it writes into the build's staging)."""
    source = str(Path(__file__).resolve().parents[1] / "src")
    parent = subprocess.Popen(
        [sys.executable, "-c", ORPHAN, source, "fork" if fork else "spawn"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    time.sleep(0.3)  # the worker is in its task
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while not ended(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ended(worker), "the worker outlived its build"


def ended(pid: int) -> bool:
    """True once `pid` has ended (a zombie has: it waits for its reaper)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"
