"""Writing outputs: nothing half-written, nothing of the user's replaced or deleted.

Every writer hands its files, `{name: bytes}`, to `publish_files`: each goes to a
temporary file in its directory (`.quizdeck-XXXXXXXX.tmp`), then all are renamed into
place; a failure midway puts back the files already replaced, so the directory holds
the old set whole. A directory quizdeck writes holds a manifest (`.quizdeck-files`)
naming every file quizdeck put there: that is how a later run knows, positively, that
the directory and the files it is about to replace are its own. A writer holds a lock
on the directory, so the temporary files a killed run left behind are recognised as
dead and removed by the next one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from quizdeck.workspace import UsageError

MANIFEST = ".quizdeck-files"
# The record in a staged build that names it quizdeck's before its manifest does.
STAGING_MARK = ".quizdeck-staging"
# A worker's claim in a staged build: the files it writes there (write_claim).
CLAIM_PREFIX = ".quizdeck-claim-"
TEMP_PREFIX = ".quizdeck-"
# A temporary file of ours (SQLite may add a -journal beside a scratch database).
_DEBRIS = re.compile(r"\.quizdeck-[a-z0-9_]+\.tmp(-journal)?")
_MANIFEST_VERSION = 1


class OutputRefused(UsageError):
    """The output directory holds files quizdeck did not write (exit status 2)."""


def is_file_name(name: object) -> bool:
    """True for a file name alone: no folder, not the folder itself or its parent (a record
    or manifest names the files a build may replace or remove, and nothing else)."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..")
        and "/" not in name
        and "\0" not in name
    )


def publish_files(
    directory: Path,
    files: Mapping[str, bytes],
    *,
    claimed: Iterable[str] = (),
    own: bool = True,
) -> list[Path]:
    """Write `files` into `directory` as one set, in their order; the paths written.

    Every file is staged to a temporary file first, then each is renamed into place; an
    error midway puts back what was already replaced (and removes what was new), so the
    directory holds its old set whole. With `own`, the directory is an output: it must be
    new, empty or quizdeck's (else OutputRefused, touching nothing) and its manifest names
    the files, and `claimed` names it will hold but that are not written now. Without it
    (a workspace's own folder), the directory is only locked. Raises ValueError for a name
    that is not a plain file name, OSError when the system refuses.
    """
    for name in files:
        if not is_file_name(name) or name == MANIFEST:
            raise ValueError(f"output name {name!r} is not a plain file name")
    if own:
        holding = claim(directory, [*files, *claimed])
    else:
        directory.mkdir(parents=True, exist_ok=True)
        holding = locked(directory)
    with holding:
        _replace_all(directory, files)
    return [directory / name for name in files]


def _replace_all(directory: Path, files: Mapping[str, bytes]) -> None:
    """Stage every file, then rename each into place; undo the renames done when one fails."""
    staged: dict[str, Path] = {}
    saved: dict[str, Path] = {}  # the old file, kept aside until the set is in place
    replaced: list[str] = []
    try:
        for name, data in files.items():
            staged[name] = _staged(directory, data)
        for name, temp in staged.items():
            target = directory / name
            if target.exists():
                saved[name] = _kept_aside(target)
            os.replace(temp, target)
            replaced.append(name)
    except BaseException:
        for name in reversed(replaced):
            with contextlib.suppress(OSError):
                if name in saved:
                    os.replace(saved.pop(name), directory / name)
                else:
                    (directory / name).unlink()
        raise
    finally:
        for temp in [*staged.values(), *saved.values()]:
            with contextlib.suppress(OSError):
                temp.unlink()


def _staged(directory: Path, data: bytes) -> Path:
    """`data` in a new temporary file of `directory`, readable like any other output."""
    fd, name = tempfile.mkstemp(dir=directory, prefix=TEMP_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(name, 0o644)  # mkstemp makes files private
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def _kept_aside(target: Path) -> Path:
    """A second name for `target` (a hard link, else a copy), to put it back from."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX, suffix=".tmp")
    os.close(fd)
    os.unlink(name)
    try:
        os.link(target, name)
    except OSError:
        shutil.copy2(target, name)  # a file system without hard links
    return Path(name)


def remove_owned(directory: Path, records: frozenset[str]) -> None:
    """Delete a directory quizdeck wrote, each folder's `records` last.

    A kill midway then leaves a directory its records still name quizdeck's, or an empty
    one, which the next run finishes removing; shutil.rmtree's order could strand files.
    """
    last = []
    for entry in list(os.scandir(directory)):
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            remove_owned(path, records)
        elif entry.name in records:
            last.append(path)
        else:
            path.unlink()
    for path in last:
        path.unlink()
    directory.rmdir()


def is_debris(name: str) -> bool:
    """True for the name of a temporary file quizdeck makes."""
    return _DEBRIS.fullmatch(name) is not None


@contextlib.contextmanager
def locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on `directory` (waiting for another quizdeck run to finish)."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def read_manifest(directory: Path) -> dict[str, object]:
    """The manifest of a directory quizdeck wrote; empty when there is none (or it is damaged)."""
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _MANIFEST_VERSION:
        return {}
    files = data.get("files")
    if not isinstance(files, list) or not all(map(is_file_name, files)):
        return {}
    return data


def manifest_files(directory: Path) -> set[str]:
    """The names the manifest of `directory` lists."""
    files = read_manifest(directory).get("files")
    return set(files) if isinstance(files, list) else set()


def write_manifest(directory: Path, files: Iterable[str], **extra: object) -> None:
    """Record the files quizdeck wrote (or is about to write) in `directory`."""
    data = {"version": _MANIFEST_VERSION, "files": sorted(set(files)), **extra}
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    _replace_all(directory, {MANIFEST: text.encode("utf-8")})


def foreign_entries(directory: Path) -> list[str]:
    """The entries of `directory` quizdeck did not write: not in its manifest, not its debris."""
    ours = manifest_files(directory) | {MANIFEST}
    return sorted(
        entry.name
        for entry in directory.iterdir()
        if entry.name not in ours and not (is_debris(entry.name) and entry.is_file())
    )


def refusal(out: Path, foreign: list[str], what: str) -> OutputRefused:
    """The message for an output directory holding files that are not quizdeck's."""
    shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
    return OutputRefused(
        f"--out {out} holds files quizdeck did not write ({shown}); "
        f"{what}, so choose an empty or new one"
    )


def remove_debris(directory: Path) -> None:
    """Delete the temporary files a killed run left (call it holding the directory's lock)."""
    for entry in directory.iterdir():
        if is_debris(entry.name) and entry.is_file():
            with contextlib.suppress(OSError):
                entry.unlink()


@contextlib.contextmanager
def claim(out_dir: Path, names: Iterable[str]) -> Iterator[None]:
    """Own `out_dir` while writing `names` into it, or raise OutputRefused, touching nothing.

    The directory must be new, empty, or one quizdeck wrote (its manifest lists every
    file in it). The manifest names the new files before they are written, so a run
    killed halfway leaves a directory the next run still recognises.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputRefused(f"--out {out_dir} is a file, not a directory")
    out_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        # Inside a build (`html --out build/html`), the build's own lock first (finding 13):
        # `build` holds the lock of the directory beside which it swaps its output.
        for ancestor in reversed(out_dir.resolve().parents):
            if ancestor.parent != ancestor and (ancestor / MANIFEST).is_file():
                stack.enter_context(locked(ancestor.parent))
        stack.enter_context(locked(out_dir))
        foreign = foreign_entries(out_dir)
        if foreign:
            raise refusal(out_dir, foreign, "quizdeck replaces only its own files")
        remove_debris(out_dir)
        listed = manifest_files(out_dir)
        wanted = set(names)
        if not wanted <= listed:
            write_manifest(out_dir, (listed & _present(out_dir)) | wanted)
        yield


def _present(directory: Path) -> set[str]:
    return {entry.name for entry in directory.iterdir()}


def stage_files(
    folder: Path, files: Mapping[str, bytes | None], previous: Path, claimed: Iterable[str] = ()
) -> None:
    """Put one folder's files into a staged build: its manifest first (a killed run's
    staging is then known quizdeck's), naming `claimed` too, then each file, new bytes or
    a link to the last build's (in `previous`)."""
    folder.mkdir(exist_ok=True)
    present = {entry.name for entry in folder.iterdir()} - {MANIFEST}
    if not files and not present:
        return
    write_manifest(folder, present | set(files) | set(claimed))
    for name, data in files.items():
        path = folder / name
        if data is None:
            try:
                os.link(previous / name, path)
            except OSError:
                shutil.copyfile(previous / name, path)  # a file system without hard links
            continue
        write_new(path, data)


def write_new(path: Path, data: bytes) -> None:
    """A new file of a staged build, readable like any output."""
    with open(path, "wb") as stream:
        stream.write(data)
    path.chmod(0o644)


def write_claim(staging: Path, name: str, files: Mapping[str, Iterable[str]]) -> None:
    """Claim the files a worker is about to write into the staged build's folders, before
    it writes any: the folders' manifests are the build's to write at its end, and a run
    killed meanwhile leaves a staging whose every file is still named quizdeck's."""
    if not name.startswith(CLAIM_PREFIX) or not is_file_name(name):
        raise ValueError(f"claim name {name!r} is not a claim's")
    data = {"files": {folder: sorted(names) for folder, names in files.items()}}
    _replace_all(staging, {name: json.dumps(data, ensure_ascii=False).encode("utf-8")})


def claimed_files(staging: Path) -> dict[str, set[str]]:
    """The files the claims in `staging` name, per folder (a damaged claim names none)."""
    found: dict[str, set[str]] = {}
    for entry in os.scandir(staging):
        if not entry.name.startswith(CLAIM_PREFIX) or not entry.is_file(follow_symlinks=False):
            continue
        try:
            files = json.loads(Path(entry.path).read_text(encoding="utf-8"))["files"]
            claims = [
                (folder, name)
                for folder, names in files.items()
                for name in names
                if is_file_name(folder) and is_file_name(name)
            ]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            continue
        for folder, name in claims:
            found.setdefault(folder, set()).add(name)
    return found
