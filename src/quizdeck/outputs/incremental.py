"""`build` from a workspace: only what changed is checked and rendered, on every core.

README: incremental builds. Each bank's key (jobs.bank_key) is compared with the record of
the last build of the same output directory (cache.py); a bank whose key, article and
files still match is reused as it is (its files linked from the last build), the others
are loaded, checked and rendered by worker processes (workers.py), and the build is
staged and swapped as `build.build` does. An unchanged workspace leaves the build
untouched. The result is the same bytes `--no-cache` writes.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from quizdeck import digests
from quizdeck.banks.model import Diagnostic
from quizdeck.limits import MAX_BANK_BYTES, InputError, TooLarge, read_input
from quizdeck.outputs import cache
from quizdeck.outputs.build import (
    STAGES,
    BankOutput,
    BuildSummary,
    building,
    check_order,
    output_of,
    raise_first,
    staging_for,
    summary_of,
    write_build,
)
from quizdeck.outputs.combined import (
    MAX_COMBINED_QUESTIONS,
    Combined,
    combined_quiz,
    combines,
)
from quizdeck.outputs.jobs import FAMILIES, BankTask, BankWork, bank_key, build_bank, preload
from quizdeck.outputs.publish import is_file_name
from quizdeck.outputs.stamps import RECORD_NAME
from quizdeck.processes import FORKS, Pool, validate_jobs, workers_for
from quizdeck.workspace import Workspace


@dataclass(frozen=True)
class BuildResult:
    """What `build_workspace` did: every diagnostic, and the summary when it wrote the build."""

    diagnostics: tuple[Diagnostic, ...]
    summary: BuildSummary | None
    # Questions in the banks checked (the count `check` gives).
    questions: int = 0
    # Banks neither checked nor rendered again (their record and files were still good).
    reused: int = 0


def build_workspace(
    workspace: Workspace,
    out: Path,
    selectors: Sequence[str] = (),
    *,
    order: str = "shuffled",
    jobs: int | None = None,
    use_cache: bool = True,
    on_stage: Callable[[str], None] = lambda stage: None,
) -> BuildResult:
    """Check and build the selected banks into `out`, reusing what the record shows unchanged.

    Banks are loaded, checked and rendered in `jobs` worker processes (None: one per core,
    in this process when there is little to do). With any error no file is written and the
    result has no summary. Raises UsageError (unknown banks, --jobs), the outputs' refusals
    (QuizdeckError) or OSError.
    """
    check_order(order)
    validate_jobs(jobs)
    files = workspace.bank_files(list(selectors))
    selection = bool(selectors) and set(files) != set(workspace.bank_files())
    templates = tuple(workspace.template_dirs())
    templates_key = digests.digest(digests.tree_digest(templates), _seeds_key(workspace))
    with building(out) as target:
        record = cache.load(target, workspace.root) if use_cache else None
        fresh = cache.Record(
            cache.slot_for(target), str(workspace.root.resolve()), str(target.resolve())
        )
        stamps = target / "anki" / RECORD_NAME
        clock, state = int(time.time()), cache.stat_of(stamps)
        planned: list[tuple[BankTask, str | None, cache.BankEntry | None]] = []
        reads: dict[str, _Read] = {}
        for path in files:
            shown = workspace.shown(path)
            entry = record.banks.get(shown) if record is not None else None
            read = _Read.unread(path, entry) or _Read.of(path)
            key = read.key(templates_key, order, shown)
            if entry is not None and (key is None or not _reusable(entry, key, record, target)):
                entry = None
                if read.data is None and read.digest is not None:
                    read = _Read.of(path)  # unchanged, but its outputs are not: read it now
                    key = read.key(templates_key, order, shown)
            if entry is not None and read.data is not None:
                _stamped(entry.stamps, str(path), read.stamp)
            reads[shown] = read
            task = BankTask(
                workspace.root,
                path,
                shown,
                read.data,
                order,
                templates,
                templates_key,
                clock,
                stamps,
                state,
            )
            planned.append((task, key, entry))
        to_run = [task for task, _, entry in planned if entry is None]
        # A combined quiz to render again is work on every bank's questions; there is none
        # when the banks reused already hold too many questions to combine.
        reused_questions = sum(entry.questions for _, _, entry in planned if entry is not None)
        combining = (
            bool(to_run)
            and len(planned) > 1
            and not selection
            and reused_questions <= MAX_COMBINED_QUESTIONS
        )
        sized = [task for task, _, _ in planned] if combining else to_run
        size = sum(reads[task.shown].size for task in sized)
        on_stage(STAGES[0])
        # Workers write into the staging: they are all gone before it is removed.
        workers = workers_for(jobs, size, forked=FORKS)
        with staging_for(out, target) as staging, _running(workers) as run:
            if run.parallel(len(to_run)):
                # Workers write the banks' files into the staging themselves.
                to_run = [replace(t, claim=staging.claim(n)) for n, t in enumerate(to_run)]
            works = run(build_bank, [(task,) for task in to_run])
            found = _gather(planned, iter(works), fresh, reads)
            for stage in STAGES[1:-1]:
                on_stage(stage)
            if any(d.severity == "error" for d in found.diagnostics):
                return BuildResult(found.diagnostics, None, found.questions)
            raise_first(found.works)
            resolved = {digests.digest(w.resolved): w.resolved for w in found.works}
            combined = _combined(
                found, order, selection, templates, record, fresh, resolved, target, run
            )
            reused = len(planned) - len(to_run)
            if (
                record is not None
                and not found.works
                and not selection
                and set(record.banks) == set(fresh.banks)
                and bool(record.combined) == (combined is not None)
                and (combined is None or all(data is None for data in combined.files.values()))
                and record.whole(target)
            ):
                summary = summary_of(out, found.outputs, combined, selection)
                return BuildResult(found.diagnostics, summary, found.questions, reused)
            summary = write_build(found.outputs, combined, staging, selection, templates, on_stage)
        cache.save(fresh, target, resolved)
    return BuildResult(found.diagnostics, summary, found.questions, reused)


def _seeds_key(workspace: Workspace) -> str:
    """What an article's check reads besides its bytes: where seeds/ and its links lead
    (a link retargeted outside the workspace is an error, whatever the bytes there)."""
    parts = [str(workspace.seeds.resolve()), str(workspace.escapes(workspace.seeds))]
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(workspace.seeds), key=lambda entry: entry.name):
            if entry.is_symlink():
                parts += [entry.name, os.path.realpath(entry.path)]
    return digests.digest(*parts)


@dataclass
class _Read:
    """A bank file as this build has it: its bytes (None: unread, or unreadable, which the
    loader reports), their digest, and the file's stamp while read (cache.taken)."""

    data: bytes | None
    digest: str | None
    stamp: list[int] | None

    @classmethod
    def of(cls, path: Path) -> _Read:
        """The bank file read."""
        before = cache.taken(path)
        try:
            data = read_input(path, MAX_BANK_BYTES)
        except (InputError, TooLarge):
            return cls(None, None, None)
        return cls(data, digests.digest(data), cache.kept(path, before))

    @classmethod
    def unread(cls, path: Path, entry: cache.BankEntry | None) -> _Read | None:
        """The bank file as the record has it, when its stamp says it has not changed since."""
        stamp = entry.stamps.get(str(path)) if entry is not None else None
        if entry is None or not entry.data or not cache.settled(str(path), stamp):
            return None
        return cls(None, entry.data, stamp)

    @property
    def size(self) -> int:
        """Its bytes, read or not (the work it makes)."""
        if self.data is not None:
            return len(self.data)
        return self.stamp[1] if self.stamp is not None else 0

    def key(self, templates_key: str, order: str, shown: str) -> str | None:
        """The key of the bank's outputs (None: it could not be read)."""
        return None if self.digest is None else bank_key(templates_key, order, shown, self.digest)


class _Runner:
    """Tasks run in order: in worker processes, started the first time more than one task
    comes (a build with little to do starts none), or in this process."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: Pool | None = None
        self.served = 0

    def parallel(self, tasks: int) -> bool:
        """True when `tasks` tasks go to worker processes."""
        return self.jobs > 1 and tasks > 1

    def __call__(self, function: Callable[..., Any], tasks: list[tuple[Any, ...]]) -> Iterator[Any]:
        """The results in order, each as it comes."""
        if not self.parallel(len(tasks)):
            return (function(*task) for task in tasks)
        if self.pool is not None and self.served > RECYCLE_AFTER * self.jobs:
            # Workers that rendered many banks keep their memory (the allocator's arenas,
            # caches): the combined quiz starts on fresh ones, or its worker would be the
            # build's largest process by a hundred MB.
            self.pool.stop()
            self.pool = None
        if self.pool is None:
            if FORKS:
                preload()  # then every worker forked from here has it already
            self.pool = Pool(fork=True)
            self.pool.start(min(self.jobs, len(tasks)))
            self.served = 0
        self.served += len(tasks)
        return self.pool.run(function, tasks)


# Tasks per worker after which the next run starts on fresh workers.
RECYCLE_AFTER = 8


@contextlib.contextmanager
def _running(jobs: int) -> Iterator[_Runner]:
    """A runner whose workers are all killed and reaped on leaving, whatever happened."""
    runner = _Runner(jobs)
    try:
        yield runner
    finally:
        if runner.pool is not None:
            runner.pool.stop()


@dataclass
class _Found:
    """The banks' diagnostics in bank order, and the clean banks' parts of the build."""

    diagnostics: tuple[Diagnostic, ...]
    outputs: list[BankOutput]
    # Per output: the bank's key and article (None: not to be reused), and its task.
    keys: list[tuple[str | None, dict[str, str], BankTask, str]]
    works: list[BankWork]
    questions: int


def _gather(
    planned: Sequence[tuple[BankTask, str | None, cache.BankEntry | None]],
    works: Iterator[BankWork],
    fresh: cache.Record,
    reads: Mapping[str, _Read],
) -> _Found:
    """Put reused and new banks together in bank order, as `check` would report them."""
    from quizdeck.checking.codes import duplicate_bank

    diagnostics: list[Diagnostic] = []
    found = _Found((), [], [], [], 0)
    ids: dict[str, str] = {}
    for task, key, entry in planned:
        if entry is not None:
            diagnostics += [cache.diagnostic_from(d) for d in entry.load_diagnostics]
            bank_id, clean = entry.bank_id, True
        else:
            work = next(works)
            diagnostics += work.load_diagnostics
            if work.bank_id is None:
                continue
            bank_id, clean = work.bank_id, work.clean
        if bank_id in ids:
            diagnostics.append(duplicate_bank(bank_id, task.shown, ids[bank_id]))
            continue
        ids[bank_id] = task.shown
        if entry is not None:
            diagnostics += [cache.diagnostic_from(d) for d in entry.check_diagnostics]
            found.questions += entry.total
            files = {family: dict.fromkeys(names) for family, names in entry.files.items()}
            output = BankOutput(
                bank_id, entry.language, entry.questions, files, entry.rows, dict(entry.left_out)
            )
            found.outputs.append(output)
            found.keys.append((entry.key, entry.inputs, task, entry.resolved))
            fresh.banks[task.shown] = entry
            continue
        diagnostics += work.check_diagnostics
        found.questions += work.total
        if not clean:
            continue
        found.works.append(work)
        found.outputs.append(output_of(work, bank_id, work.language, work.questions))
        blob = digests.digest(work.resolved)
        found.keys.append((key if work.inputs else None, work.inputs, task, blob))
        if key is not None and work.inputs:
            fresh.banks[task.shown] = _entry(key, work, blob, task.path, reads[task.shown])
    found.diagnostics = tuple(diagnostics)
    return found


def _entry(key: str, work: BankWork, blob: str, path: Path, read: _Read) -> cache.BankEntry:
    """What the record keeps of a bank built this time."""
    assert work.bank_id is not None and read.digest is not None
    stamps = dict(work.input_stamps)
    _stamped(stamps, str(path), read.stamp)
    return cache.BankEntry(
        key,
        work.bank_id,
        work.language,
        work.total,
        work.questions,
        work.inputs,
        [cache.diagnostic_data(d) for d in work.load_diagnostics],
        [cache.diagnostic_data(d) for d in work.check_diagnostics],
        {family: list(files) for family, files in work.files.items()},
        work.rows,
        dict(work.left_out),
        blob,
        read.digest,
        stamps,
    )


def _stamped(stamps: dict[str, list[int]], path: str, stamp: list[int] | None) -> None:
    """Keep `stamp` as the file's, or none when it changed while read."""
    if stamp is None:
        stamps.pop(path, None)
    else:
        stamps[path] = stamp


def _reusable(
    entry: cache.BankEntry, key: str | None, record: cache.Record | None, target: Path
) -> bool:
    """True when the bank's key and article match and its files are as the last build wrote them.

    The stamp record counts too: a deck's bytes hold the stamps it gave.
    """
    if key is None or record is None or set(entry.files) != set(FAMILIES):
        return False
    names = [f"{family}/{name}" for family, files in entry.files.items() for name in files]
    names.append(f"anki/{RECORD_NAME}")
    return entry.still_valid(key) and record.unchanged(target, names)


def _combined(
    found: _Found,
    order: str,
    selection: bool,
    templates: Sequence[Path],
    record: cache.Record | None,
    fresh: cache.Record,
    resolved: dict[str, bytes],
    target: Path,
    run: _Runner,
) -> Combined | None:
    """The combined quiz: linked when its banks are those of the last build, else rendered."""
    if not combines([output.questions for output in found.outputs], selection):
        return None
    # Each bank's key and the digest of the article it read: an edited article counts.
    keys = [
        key and digests.digest(key, *sorted(f"{p}={d}" for p, d in inputs.items()))
        for key, inputs, _, _ in found.keys
    ]
    key = digests.digest(order, *[k or "-" for k in keys]) if all(keys) else None
    last = record.combined if record else {}
    names = last.get("files")
    if (
        key is not None
        and record is not None
        and last.get("key") == key
        and isinstance(names, list)
        and all(map(is_file_name, names))
        and cache.valid_row(last.get("row"))
        and record.unchanged(target, [f"html/{n}" for n in names])
    ):
        fresh.combined = last
        return Combined(dict.fromkeys(names), last["row"])
    banks = [_pickled(task, blob, resolved, record) for _, _, task, blob in found.keys]
    combined = combined_quiz(banks, order, templates, run)
    if key is not None:
        fresh.combined = {"key": key, "files": list(combined.files), "row": combined.row}
    return combined


def _pickled(
    task: BankTask, blob: str, resolved: dict[str, bytes], record: cache.Record | None
) -> bytes:
    """A bank's resolved form, pickled: from this build, from the record (its bytes still
    those of its digest), or (a kept copy gone) checked again."""
    data = resolved.get(blob) or (record.read_blob(blob) if record else None)
    if data is not None:
        return data
    work = build_bank(task, render=False)
    assert work.clean
    return work.resolved
