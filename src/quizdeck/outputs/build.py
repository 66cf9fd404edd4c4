"""`build`: every output of checked banks, staged and moved into place at once."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizdeck.forms import FormOptions
from quizdeck.outputs.anki import export_anki
from quizdeck.outputs.live import export_live
from quizdeck.outputs.pages import write_files
from quizdeck.outputs.platforms import FORMATS, SUFFIXES, export_lms
from quizdeck.outputs.publish import (
    MANIFEST,
    OutputRefused,
    foreign_entries,
    is_debris,
    locked,
    publish_files,
    read_manifest,
    refusal,
    remove_owned,
    write_manifest,
)
from quizdeck.outputs.stamps import RECORD_NAME
from quizdeck.resolve import ResolvedBank
from quizdeck.sources.labels import common_language, labels_for
from quizdeck.workspace import UsageError, Workspace
from quizdeck.writers.html import index_rows, render_index, render_quizzes
from quizdeck.writers.live import PLATFORMS, LeftOut
from quizdeck.writers.sheet import render_sheets

# The same seed every build: an unchanged workspace rebuilds to the same bytes.
FORMS = 2
SEED = "quizdeck"
# What a build directory holds, besides its manifest.
OWNED = ("anki", "html", "lms", "live")
# Written first into a staging directory: it names the directory quizdeck's.
STAGING_MARK = ".quizdeck-staging"
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
    anki_files: tuple[Path, ...]
    html_files: tuple[Path, ...]
    lms_files: tuple[Path, ...] = ()
    live_files: tuple[Path, ...] = ()
    # The questions a live-quiz platform cannot hold, left out of its file.
    left_out: tuple[LeftOut, ...] = ()


def combined_title(banks: Sequence[ResolvedBank]) -> str:
    """The combined quiz's title: the decks' common parent (중국 AI 산업), else a generic one."""
    parents = {b.deck.split("::")[0].strip() for b in banks if "::" in b.deck}
    if len(parents) == 1 and len(banks) > 1 and all("::" in b.deck for b in banks):
        return parents.pop()
    return labels_for(common_language([b.language for b in banks]))["all_questions"]


def build(
    banks: Sequence[ResolvedBank],
    workspace: Workspace,
    out: Path,
    on_stage: Callable[[str], None] = lambda stage: None,
    selection: bool = False,
    order: str = "shuffled",
) -> BuildSummary:
    """Write anki/, html/, lms/ and live/ for checked banks into `out`; raises UsageError or the exporters' errors.

    Each bank is a quiz of its own, and with more than one bank they are also combined
    into one; `order` "bank" keeps the bank's order on form A (later forms are shuffled).
    `out` must be new, empty or a previous build (its manifest lists every file in it).
    With `selection`, the other banks' decks and quizzes of the previous build are kept;
    the combined quiz, which would mix old and new questions, is left out.
    A `out` that is a symbolic link stays one: the build goes where it points.
    """
    if order not in ORDERS:
        raise UsageError(f"--order must be one of {', '.join(ORDERS)}, not {order!r}")
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
        previous = _previous_build(out, target)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.staging-"))
        # The record that names it quizdeck's, should this run be killed (finding 8).
        (staging / STAGING_MARK).touch()
        try:
            kept = _carry_over(previous, target, staging, banks, selection)
            templates = workspace.template_dirs()
            on_stage(STAGES[0])
            decks = export_anki(banks, staging / "anki", templates)
            on_stage(STAGES[1])
            options = FormOptions(
                forms=FORMS,
                seed=SEED if order == "shuffled" else None,
                title=None if selection or len(banks) < 2 else combined_title(banks),
                per_bank=True,
            )
            pages = render_quizzes(banks, options, templates)
            pages += render_sheets(banks, options, templates)
            rows = kept + index_rows(banks, options)
            if kept:
                rows.sort(key=lambda row: str(row["id"]))
                language = common_language([b.language for b in banks])
                index = render_index(rows, language, templates)
                pages = [page for page in pages if page.name != index.name] + [index]
            write_files(pages, staging / "html")
            on_stage(STAGES[2])
            platforms = export_lms(banks, FORMATS, staging / "lms")
            on_stage(STAGES[3])
            live = export_live(banks, tuple(PLATFORMS), staging / "live")
            write_manifest(staging, OWNED, quizzes=rows)
            (staging / STAGING_MARK).unlink()  # the manifest names it now
            on_stage(STAGES[4])
            staging.chmod(0o755)  # mkdtemp makes it private; the build is for everyone to open
            _swap(staging, target)
        finally:
            _remove(staging)
    return BuildSummary(
        out,
        tuple((b.id, len(b.questions)) for b in banks),
        tuple(out / "anki" / d.path.name for d in decks),
        tuple(out / "html" / p.name for p in pages),
        tuple(out / "lms" / p.name for p in platforms),
        tuple(out / "live" / p.name for p in live.paths),
        live.left_out,
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
    banks: Sequence[ResolvedBank],
    selection: bool,
) -> list[dict[str, object]]:
    """Copy into `staging` what the new build keeps of the old: the stamp record, and with
    `selection` the other banks' decks and quizzes. Returns the kept quizzes' index rows."""
    chosen = {bank.id for bank in banks}
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
    return [name for name in names if isinstance(name, str) and Path(name).name == name]


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
    if not all(name in allowed or is_debris(name) for name in names):
        return False
    return all(
        not (directory / name).is_dir() or not foreign_entries(directory / name)
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
