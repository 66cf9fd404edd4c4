"""`build`: every output of checked banks, staged and moved into place at once.

Each bank's files come from its output families (jobs.py), rendered here or in worker
processes (incremental.py, which also links what an earlier build already wrote); this
module puts them, the combined quiz and index.html into a staging directory and swaps it
with the previous build.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizdeck.digests import tree_digest
from quizdeck.outputs.cache import stat_of
from quizdeck.outputs.combined import Combined, combined_over, combined_quiz, combines
from quizdeck.outputs.jobs import FAMILIES, BankTask, BankWork, previous_stamps, render_bank
from quizdeck.outputs.publish import (
    CLAIM_PREFIX,
    MANIFEST,
    STAGING_MARK,
    OutputRefused,
    claimed_files,
    foreign_entries,
    is_debris,
    is_file_name,
    locked,
    manifest_files,
    publish_files,
    read_manifest,
    refusal,
    remove_owned,
    stage_files,
    write_manifest,
)
from quizdeck.outputs.stamps import RECORD_NAME, StampRecord
from quizdeck.processes import interrupts_held
from quizdeck.sources.labels import common_language
from quizdeck.workspace import UsageError, Workspace

if TYPE_CHECKING:
    from quizdeck.resolve import ResolvedBank

# What a build directory holds, besides its manifest: one folder per output family.
OWNED = tuple(FAMILIES)
# What names a build or staging directory quizdeck's: removed last (remove_owned).
RECORDS = frozenset({MANIFEST, STAGING_MARK})
STAGES = (
    "Anki decks",
    "HTML quizzes",
    "learning-platform files",
    "live quizzes",
    "moving into place",
)
# README: `build --order`: shuffled (every form its own order) or bank (form A keeps it).
ORDERS = ("shuffled", "bank")


@dataclass(frozen=True)
class BuildSummary:
    """What a build wrote: questions per bank and the files, under `out`."""

    out: Path
    questions: tuple[tuple[str, int], ...]
    # The files' names in each folder under `out` (anki, html, lms, live).
    names: Mapping[str, tuple[str, ...]]
    # How many questions each live-quiz platform cannot hold, left out of its file (in
    # the platforms' order; `quizdeck export PLATFORM` names each).
    left_out: Mapping[str, int] = field(default_factory=dict)
    # The questions of the banks, when too many to combine into one quiz (else 0).
    combined_over: int = 0

    def files(self, folder: str) -> tuple[Path, ...]:
        """The files the build holds in `folder` (anki, html, lms or live)."""
        return tuple(self.out / folder / name for name in self.names.get(folder, ()))


@dataclass
class BankOutput:
    """One bank's part of a build: its files per family (None: linked from the last build)."""

    bank_id: str
    language: str
    questions: int
    files: dict[str, dict[str, bytes | None]]
    rows: list[dict[str, object]]
    left_out: dict[str, int] = field(default_factory=dict)
    stamps: dict[str, tuple[str, int]] = field(default_factory=dict)


def check_order(order: str) -> None:
    """Raise UsageError for an --order that is not one of ORDERS."""
    if order not in ORDERS:
        raise UsageError(f"--order must be one of {', '.join(ORDERS)}, not {order!r}")


def build(
    banks: Sequence[ResolvedBank],
    workspace: Workspace,
    out: Path,
    on_stage: Callable[[str], None] = lambda stage: None,
    selection: bool = False,
    order: str = "shuffled",
) -> BuildSummary:
    """Write anki/, html/, lms/ and live/ for checked banks into `out`, in this process;
    raises UsageError or the exporters' errors (`quizdeck build` goes through incremental.py).

    Each bank is a quiz of its own, and with more than one bank they are also combined
    into one; `order` "bank" keeps the bank's order on form A (later forms are shuffled).
    `out` must be new, empty or a previous build (its manifest lists every file in it).
    With `selection`, the other banks' decks and quizzes of the previous build are kept;
    the combined quiz, which would mix old and new questions, is left out.
    A `out` that is a symbolic link stays one: the build goes where it points.
    """
    check_order(order)
    templates = tuple(workspace.template_dirs())
    with building(out) as target:
        stamps_path = target / "anki" / RECORD_NAME
        task = BankTask(
            workspace.root,
            Path(),
            "",
            None,
            order,
            templates,
            tree_digest(templates),
            int(time.time()),
            stamps_path,
            stat_of(stamps_path),
        )
        on_stage(STAGES[0])
        works = [BankWork(bank.id, bank.id, ()) for bank in banks]
        for bank, work in zip(banks, works, strict=True):
            render_bank(bank, task, work)
        raise_first(works)
        outputs = [
            output_of(work, bank.id, bank.language, len(bank.questions))
            for bank, work in zip(banks, works, strict=True)
        ]
        for stage in STAGES[1:-1]:
            on_stage(stage)
        counts = [len(bank.questions) for bank in banks]
        combined = combined_quiz(banks, order, templates) if combines(counts, selection) else None
        with staging_for(out, target) as staging:
            return write_build(outputs, combined, staging, selection, templates, on_stage)


def output_of(work: BankWork, bank_id: str, language: str, questions: int) -> BankOutput:
    """A bank's part of the build, from what its rendering gave."""
    files: dict[str, dict[str, bytes | None]] = {k: dict(v) for k, v in work.files.items()}
    return BankOutput(bank_id, language, questions, files, work.rows, work.left_out, work.stamps)


def raise_first(works: Sequence[BankWork]) -> None:
    """Raise the first output refusal, by stage then bank (the order a build meets them)."""
    found = [(p[0], index, p[1], p[2]) for index, w in enumerate(works) for p in w.problems]
    if found:
        from quizdeck.errors import QuizdeckError

        _, _, message, code = min(found)
        raise QuizdeckError(message, code)


@contextlib.contextmanager
def building(out: Path) -> Iterator[Path]:
    """The directory a build of `out` replaces, locked, with what a killed build left undone."""
    try:
        target = out.resolve(strict=out.is_symlink()) if out.is_symlink() else out
    except FileNotFoundError:
        target = out.resolve()
    except (OSError, RuntimeError):  # finding 11: a link to itself, a loop of links
        raise OutputRefused(f"--out {out} is a symbolic link that loops") from None
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"--out {out} is a file, not a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    # One build at a time beside `target`: what a killed one left is then known dead.
    with locked(target.parent):
        _recover(target)
        yield target


class Staging:
    """The new build put together beside `target`, then swapped in whole (see write_build).

    Worker processes write each bank's files into its folders themselves, under a claim
    each (`claim`): the files cross no pipe, and the build's end names them in the
    folders' manifests and takes the claims away (`settle`).
    """

    def __init__(self, out: Path, target: Path) -> None:
        self.out, self.target = out, target
        self.path: Path | None = None
        # The files the workers wrote, per folder (settle).
        self.claimed: dict[str, set[str]] = {}

    def directory(self) -> Path:
        """The staging directory, made when first asked for."""
        if self.path is None:
            prefix = f".{self.target.name}.staging-"
            self.path = Path(tempfile.mkdtemp(dir=self.target.parent, prefix=prefix))
            # The record that names it quizdeck's, should this run be killed (finding 8).
            (self.path / STAGING_MARK).touch()
        return self.path

    def claim(self, index: int) -> Path:
        """The claim the worker of task `index` writes its bank's files under."""
        return self.directory() / f"{CLAIM_PREFIX}{index:05d}"

    def settle(self) -> None:
        """Make the workers' files the build's own: each folder's manifest names them,
        then the claims are removed."""
        staging = self.directory()
        self.claimed = claimed_files(staging)
        for family, names in self.claimed.items():
            if family in OWNED and names:
                write_manifest(staging / family, names | manifest_files(staging / family))
        for entry in os.scandir(staging):
            if entry.name.startswith(CLAIM_PREFIX):
                os.unlink(entry.path)


@contextlib.contextmanager
def staging_for(out: Path, target: Path) -> Iterator[Staging]:
    """A Staging removed on leaving, whatever happened (after a swap: the old build)."""
    staging = Staging(out, target)
    try:
        yield staging
    finally:
        if staging.path is not None:
            with interrupts_held():
                _remove(staging.path)


def write_build(
    outputs: Sequence[BankOutput],
    combined: Combined | None,
    staging: Staging,
    selection: bool,
    templates: Sequence[Path],
    on_stage: Callable[[str], None] = lambda stage: None,
) -> BuildSummary:
    """Stage every file not staged yet (new bytes, or links to the last build's), the
    manifests, and swap the staged build in."""
    target = staging.target
    previous = _previous_build(staging.out, target)
    folder = staging.directory()
    staging.settle()
    kept = _carry_over(previous, target, folder, {o.bank_id for o in outputs}, selection)
    rows = kept + [row for output in outputs for row in output.rows]
    if kept:
        rows.sort(key=lambda row: str(row["id"]))
    if combined is not None:
        rows.append(combined.row)
    files: dict[str, dict[str, bytes | None]] = {family: {} for family in OWNED}
    path = target / "anki" / RECORD_NAME
    stamps = StampRecord(path, dict(previous_stamps(path, stat_of(path))))
    for output in outputs:
        for key, entry in output.stamps.items():
            stamps.entries[key] = entry
            stamps.changed.add(key)
        for family, named in output.files.items():
            written = staging.claimed.get(family, set())
            files[family].update((n, data) for n, data in named.items() if n not in written)
    if stamps.changed:
        files["anki"] = {RECORD_NAME: stamps.to_bytes(), **files["anki"]}
    files["html"].update(combined.files if combined else {})
    from quizdeck.writers.html import render_index

    language = common_language([o.language for o in outputs])
    files["html"]["index.html"] = render_index(rows, language, templates).text.encode()
    for family in OWNED:
        claimed = [RECORD_NAME] if family == "anki" else []
        stage_files(folder / family, files[family], target / family, claimed)
    write_manifest(folder, OWNED, quizzes=rows)
    (folder / STAGING_MARK).unlink()  # the manifest names it now
    on_stage(STAGES[-1])
    folder.chmod(0o755)  # mkdtemp makes it private; the build is for everyone to open
    with interrupts_held():  # a Ctrl-C now comes after the build is in place
        _swap(folder, target)
    return summary_of(staging.out, outputs, combined, selection)


def summary_of(
    out: Path, outputs: Sequence[BankOutput], combined: Combined | None, selection: bool
) -> BuildSummary:
    """What a build of `outputs` holds (the files of the banks kept by a selection aside)."""
    from quizdeck.writers.live_platforms import PLATFORMS

    names = {family: [n for o in outputs for n in o.files.get(family, {})] for family in OWNED}
    names["html"] += [*(combined.files if combined else ()), "index.html"]
    left_out = {
        platform: count
        for platform in PLATFORMS
        if (count := sum(o.left_out.get(platform, 0) for o in outputs))
    }
    return BuildSummary(
        out,
        tuple((o.bank_id, o.questions) for o in outputs),
        {family: tuple(found) for family, found in names.items()},
        left_out,
        0 if combined or selection else combined_over([o.questions for o in outputs]),
    )


def _previous_build(out: Path, target: Path) -> dict[str, Any]:
    """The manifest of the build in `target` (empty when there is none); refuses anything else."""
    if not target.is_dir():
        return {}
    foreign = [name for name in foreign_entries(target) if name not in OWNED]
    for name in OWNED:
        folder = target / name
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            foreign.append(name)
        elif folder.is_dir():
            foreign += [f"{name}/{entry}" for entry in foreign_entries(folder)]
    if foreign:
        raise refusal(out, sorted(foreign), "build replaces the whole directory")
    return read_manifest(target)


def _carry_over(
    previous: dict[str, Any],
    target: Path,
    staging: Path,
    chosen: set[str],
    selection: bool,
) -> list[dict[str, object]]:
    """Copy into `staging` what the new build keeps of the old: the stamp record, and with
    `selection` the other banks' decks and quizzes. Returns the kept quizzes' index rows."""
    rows = previous.get("quizzes") if selection else None
    kept = [
        row
        for row in rows or []
        if isinstance(row, dict)
        and isinstance(row.get("banks"), list)
        and len(row["banks"]) == 1
        and row["banks"][0] not in chosen
        and _row_files(row)
    ]
    anki = [RECORD_NAME] + [f"{row['banks'][0]}.apkg" for row in kept]
    html = [name for row in kept for name in _row_files(row)]
    lms: list[str] = []
    live: list[str] = []
    if kept:
        from quizdeck.outputs.platforms import SUFFIXES
        from quizdeck.writers.live_platforms import PLATFORMS

        lms = [f"{row['banks'][0]}{suffix}" for row in kept for suffix in SUFFIXES.values()]
        live = [f"{row['banks'][0]}{p.suffix}" for row in kept for p in PLATFORMS.values()]
    for folder, names in (("anki", anki), ("html", html), ("lms", lms), ("live", live)):
        present = [name for name in names if (target / folder / name).is_file()]
        if not present:
            continue
        publish_files(staging / folder, {n: (target / folder / n).read_bytes() for n in present})
    return [row for row in kept if all((staging / "html" / f).is_file() for f in _row_files(row))]


def _row_files(row: dict[str, Any]) -> list[str]:
    forms = row.get("forms")
    if not isinstance(forms, list):
        return []
    names = [name for form in forms if isinstance(form, list) for name in form[1:]]
    names += [row["record"]] if "record" in row else []
    return [name for name in names if is_file_name(name)]


def _recover(target: Path) -> None:
    """Finish or undo what a killed build left beside `target` (holding the lock).

    Only a directory quizdeck wrote is touched (finding 8): its manifest or staging record
    names it, and it holds nothing else; a directory of the same name is left alone.
    """
    for leftover in sorted(target.parent.glob(f".{target.name}.old-*")):
        if _is_empty(leftover):
            leftover.rmdir()  # killed between the last record's removal and the folder's
        elif not _left_by_quizdeck(leftover):
            continue
        elif not target.exists():
            leftover.rename(target)  # killed between the two renames of the fallback swap
        else:
            _remove(leftover)
    for leftover in target.parent.glob(f".{target.name}.staging-*"):
        if _is_empty(leftover):
            leftover.rmdir()  # killed before its record was written, or after it was removed
        elif _left_by_quizdeck(leftover):
            _remove(leftover)


def _is_empty(directory: Path) -> bool:
    """True for a real directory with nothing in it: removing it loses nothing."""
    return directory.is_dir() and not directory.is_symlink() and not any(directory.iterdir())


def _remove(directory: Path) -> None:
    """Remove a staging or old build quizdeck wrote, its records last (see remove_owned)."""
    try:
        remove_owned(directory, RECORDS)
    except OSError:  # already gone (moved into place), or not ours to finish in order
        shutil.rmtree(directory, ignore_errors=True)


def _left_by_quizdeck(directory: Path) -> bool:
    """True for a build or staging directory holding only what quizdeck writes there."""
    if directory.is_symlink() or not directory.is_dir():
        return False
    names = {entry.name for entry in directory.iterdir()}
    if not names & {MANIFEST, STAGING_MARK}:
        return False
    allowed = {*OWNED, MANIFEST, STAGING_MARK}
    if not all(
        name in allowed or name.startswith(CLAIM_PREFIX) or is_debris(name) for name in names
    ):
        return False
    # A staged build's files are named by its folders' manifests, or by a worker's claim.
    claimed = claimed_files(directory)
    return all(
        not (directory / name).is_dir()
        or not set(foreign_entries(directory / name)) - claimed.get(name, set())
        for name in names & set(OWNED)
    )


def _swap(staging: Path, target: Path) -> None:
    """Put the staged build in place: one atomic exchange where the system has it."""
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        _remove(staging)  # the old build, now under the staging name
        return
    # No atomic exchange: the old build is moved aside whole; a kill between the two
    # renames is undone by the next run (_recover).
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
    old.rmdir()
    target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        old.rename(target)
        raise
    _remove(old)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    import ctypes  # here: a build that swaps nothing (all reused) never loads it

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))
