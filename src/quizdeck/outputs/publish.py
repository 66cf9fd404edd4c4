"""Writing outputs: nothing half-written, nothing of the user's replaced or deleted.

Every file goes to a temporary file in its directory (`.quizdeck-XXXXXXXX.tmp`), then is
renamed into place. A directory quizdeck writes holds a manifest (`.quizdeck-files`)
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
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from quizdeck.workspace import UsageError

MANIFEST = ".quizdeck-files"
TEMP_PREFIX = ".quizdeck-"
# A temporary file of ours (SQLite may add a -journal beside a scratch database).
_DEBRIS = re.compile(r"\.quizdeck-[a-z0-9_]+\.tmp(-journal)?")
_MANIFEST_VERSION = 1


class OutputRefused(UsageError):
    """The output directory holds files quizdeck did not write (exit status 2)."""


# The earliest time a zip can hold, on every entry: a rebuild is byte-identical.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def add_zip_entry(archive: zipfile.ZipFile, name: str, data: bytes, mode: int = 0o644) -> None:
    """Add `name` to a zip, deflated, with the fixed time and a Unix `mode` (0o40755 for a folder)."""
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.create_system = 3
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def publish(temp: Path, path: Path) -> None:
    """Rename a finished temporary file onto `path`, readable like any other output."""
    os.chmod(temp, 0o644)  # mkstemp makes files private
    os.replace(temp, path)


def temp_file(directory: Path) -> tuple[int, Path]:
    """A new temporary file in `directory` (a short name, whatever the output is called)."""
    fd, name = tempfile.mkstemp(dir=directory, prefix=TEMP_PREFIX, suffix=".tmp")
    return fd, Path(name)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same directory."""
    fd, temp = temp_file(path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        publish(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


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
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
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
    write_atomic(directory / MANIFEST, text.encode("utf-8"))


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
    with locked(out_dir):
        foreign = foreign_entries(out_dir)
        if foreign:
            raise refusal(out_dir, foreign, "quizdeck replaces only its own files")
        remove_debris(out_dir)
        listed = manifest_files(out_dir)
        wanted = set(names)
        if not wanted <= listed:
            write_manifest(out_dir, (listed & _present(out_dir)) | wanted)
        yield


def write_all(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write rendered files (name → bytes) into a directory the caller has claimed."""
    written = []
    for name, data in files.items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    return written


def publish_files(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Claim `out_dir` for `files`, rendered beforehand, and write them all (each whole)."""
    with claim(out_dir, files):
        return write_all(out_dir, files)


def _present(directory: Path) -> set[str]:
    return {entry.name for entry in directory.iterdir()}
