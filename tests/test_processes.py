"""The build's worker processes: results in order, errors raised here, nothing left running."""

from __future__ import annotations

import os

import pytest

from quizdeck.processes import WorkerFailed, pool, workers_for


def test_results_come_in_task_order_and_every_worker_ends() -> None:
    tasks = [(n, 2) for n in range(12)]
    with pool(3) as workers:
        assert list(workers.run(pow, tasks)) == [n**2 for n in range(12)]
        processes = list(workers.processes)
        assert len(processes) == 3 and all(p.poll() is None for p in processes)
        # Each worker in a process group of its own: a terminal's Ctrl-C reaches the build alone.
        assert all(os.getpgid(p.pid) == p.pid for p in processes)
    assert all(p.returncode is not None for p in processes)


def test_an_error_in_a_worker_is_raised_here() -> None:
    with pytest.raises(ZeroDivisionError), pool(2) as workers:
        list(workers.run(divmod, [(1, 1), (1, 0), (2, 1)]))


def test_a_worker_that_dies_is_an_operational_error() -> None:
    stopped = r"^a worker process stopped \(exit 3\)$"
    with pytest.raises(WorkerFailed, match=stopped), pool(1) as workers:
        list(workers.run(os._exit, [(3,)]))


def test_how_many_workers() -> None:
    assert workers_for(3, 0) == 3
    assert workers_for(None, 10) == 1  # too little work to start processes for
    assert workers_for(None, 10**7) == (os.cpu_count() or 1)
