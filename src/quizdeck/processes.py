"""Worker processes for `check` and `build`: banks checked and rendered on every core;
Ctrl-C stops them all.

Each worker is a Python process of its own (`python -m quizdeck.processes`; or, on Linux
when a build asks, forked from this one once it has imported what the workers run, so
that a worker starts at no cost and even a small build's banks go to workers) with two
pipes, tasks in and results out, as pickled messages. A forked worker keeps no other
file of this process open (its locks, the other workers' pipes). It runs in a process
group of its own, so a Ctrl-C at the terminal reaches this process alone; this process
then kills (SIGKILL) and reaps every worker before it leaves, whatever happened. A
worker writes only into a build's staging (outputs/build.Staging), which the build
removes unless it finishes, so killing one at any moment loses nothing. A worker ends
with its parent (on Linux at once, by PR_SET_PDEATHSIG; elsewhere when it reads the end
of its task pipe). No threads, no executor: nothing is left to join at exit.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from quizdeck.errors import QuizdeckError
from quizdeck.workspace import UsageError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# Below this many bytes of banks to work on, starting workers costs more than it saves
# (unless they are forked: FORKS).
PARALLEL_BYTES = 256 * 1024
# Where workers can be forked from a process that has imported what they run (fork is
# missing on Windows and unsafe on macOS).
FORKS = sys.platform == "linux"


def validate_jobs(jobs: int | None) -> None:
    """Refuse a --jobs below 1 (UsageError)."""
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")


def workers_for(jobs: int | None, size: int, forked: bool = False) -> int:
    """How many workers: `jobs` when given, else one per core for `size` bytes of banks,
    or for any work at all when they are `forked` (they start at no cost)."""
    validate_jobs(jobs)
    if jobs is not None:
        return jobs
    return (os.cpu_count() or 1) if size >= PARALLEL_BYTES or forked else 1


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold a Ctrl-C until the block is done, then raise it as usual: for steps that must
    finish once begun (a worker started and not yet known, a build swapped in halfway)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class WorkerFailed(QuizdeckError):
    """A worker died without answering (killed from outside, out of memory): exit status 2."""


class _Forked:
    """A worker forked from this process: killed and waited for as a Popen is."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """Its exit status once it has ended, else None."""
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        """SIGKILL, unless it has been waited for."""
        if self.returncode is None:
            os.kill(self.pid, signal.SIGKILL)

    def wait(self, timeout: float | None = None) -> int:
        """Its exit status; subprocess.TimeoutExpired when it has not ended within `timeout`."""
        if timeout is None and self.returncode is None:
            self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        deadline = time.monotonic() + (timeout or 0)
        while self.poll() is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout or 0)
            time.sleep(0.005)
        assert self.returncode is not None
        return self.returncode


# prctl's option: a signal for this process when its parent ends.
_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """End this worker when `parent`, the process it works for, ends (Linux): a worker
    of a killed build would go on writing into a staging the next run removes."""
    if sys.platform == "linux":
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before that: nothing left to work for
        os._exit(0)


def _fork_worker(tasks: int, results: int) -> _Forked:
    """A worker forked from this process, serving the pipes `tasks` and `results`."""
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return _Forked(pid)
    try:  # the worker: never back into the caller's code
        os.setsid()  # its own process group, as a started worker's
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _die_with(parent)
        low, high = sorted((tasks, results))
        os.closerange(3, low)
        os.closerange(low + 1, high)
        os.closerange(high + 1, os.sysconf("SC_OPEN_MAX"))
        from multiprocessing.connection import Connection

        serve(Connection(tasks, writable=False), Connection(results, readable=False))
    finally:
        os._exit(0)


class Pool:
    """Started worker processes; `run` hands them tasks and gives the results in order.

    With `fork`, workers are forked from this process (where FORKS), else started anew.
    """

    def __init__(self, fork: bool = False) -> None:
        self.fork = fork and FORKS
        self.processes: list[subprocess.Popen[bytes] | _Forked] = []
        self.tasks: list[Connection] = []
        self.results: list[Connection] = []

    def start(self, jobs: int) -> None:
        """Start `jobs` workers, each in its own process group (Ctrl-C goes to this one)."""
        for _ in range(jobs):
            with interrupts_held():  # a worker started is a worker known, to be killed
                self._start_one()

    def _start_one(self) -> None:
        # Here, not at the top: a build that starts no worker never loads multiprocessing.
        from multiprocessing.connection import Connection

        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        process: subprocess.Popen[bytes] | _Forked
        try:
            if self.fork:
                process = _fork_worker(task_read, result_write)
            else:
                process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        __name__,
                        str(task_read),
                        str(result_write),
                        str(os.getpid()),
                    ],
                    pass_fds=(task_read, result_write),
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,  # its own process group (process_group= is 3.11+)
                )
        except BaseException:
            for fd in (task_read, task_write, result_read, result_write):
                os.close(fd)
            raise
        self.processes.append(process)
        os.close(task_read)
        os.close(result_write)
        self.tasks.append(Connection(task_write, readable=False))
        self.results.append(Connection(result_read, writable=False))

    def run(self, function: Callable[..., Any], tasks: Sequence[tuple[Any, ...]]) -> Iterator[Any]:
        """`function(*task)` for every task, spread over the workers, yielded in task order."""
        from multiprocessing.connection import Connection, wait

        pending = iter(enumerate(tasks))
        done: dict[int, Any] = {}
        busy: dict[Connection, int] = {}
        for worker, connection in enumerate(self.tasks):
            if not self._give(worker, connection, function, pending, busy):
                break
        wanted = 0
        while wanted < len(tasks):
            while wanted in done:
                yield done.pop(wanted)
                wanted += 1
            if wanted >= len(tasks):
                break
            for ready in wait(list(busy)):
                assert isinstance(ready, Connection)
                worker = self.results.index(ready)
                try:
                    answer = ready.recv_bytes()
                except EOFError:
                    raise WorkerFailed(
                        f"a worker process stopped (exit {self._code(worker)})"
                    ) from None
                index = busy.pop(ready)
                # The worker's next task first: it works while its answer is unpickled here.
                self._give(worker, self.tasks[worker], function, pending, busy)
                kind, value = pickle.loads(answer)
                if kind == "error":
                    raise value
                done[index] = value

    def _give(
        self,
        worker: int,
        connection: Connection,
        function: Callable[..., Any],
        pending: Iterator[tuple[int, tuple[Any, ...]]],
        busy: dict[Connection, int],
    ) -> bool:
        """Send the next task to a worker; False when there is none left."""
        following = next(pending, None)
        if following is None:
            return False
        index, task = following
        connection.send((function, task))
        busy[self.results[worker]] = index
        return True

    def _code(self, worker: int) -> int | None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            return self.processes[worker].wait(timeout=1)
        return None

    def stop(self) -> None:
        """Kill and reap every worker (a second Ctrl-C waits until they are gone)."""
        with interrupts_held():
            # Killed before their pipes close: a worker never meets a closed pipe (and says so).
            for process in self.processes:
                with contextlib.suppress(OSError):
                    process.kill()
            for process in self.processes:
                process.wait()
            for connection in (*self.tasks, *self.results):
                connection.close()


@contextlib.contextmanager
def pool(jobs: int, fork: bool = False) -> Iterator[Pool]:
    """A Pool of `jobs` workers, all killed and reaped on leaving: nothing is left running."""
    workers = Pool(fork)
    try:
        workers.start(jobs)
        yield workers
    finally:
        workers.stop()


def serve(tasks: Connection, results: Connection) -> None:
    """A worker's loop: run each task sent, answer ("ok", result) or ("error", exception).

    A pipe closed at the other end means the command is over (or its process died): the
    worker leaves quietly, whatever it was doing.
    """
    with contextlib.suppress(EOFError, OSError):
        while True:
            function, args = tasks.recv()
            try:
                answer: tuple[str, Any] = ("ok", function(*args))
            except Exception as problem:
                answer = ("error", problem)
            try:
                results.send(answer)
            except (TypeError, AttributeError, ValueError) as unpicklable:
                results.send(("error", RuntimeError(f"{answer[1]!r} ({unpicklable})")))


if __name__ == "__main__":
    # A Ctrl-C meant for the command is answered by it (this worker is in its own group).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(int(sys.argv[3]))
    from multiprocessing.connection import Connection

    serve(
        Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)
    )
