"""Digests of bytes, files and directory trees: the keys of what a build may reuse."""

from __future__ import annotations

import functools
import hashlib
import stat
from collections.abc import Sequence
from pathlib import Path


def digest(*parts: bytes | str) -> str:
    """A sha256 over `parts`, each length-prefixed (no two lists of parts share a digest)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: Path) -> str | None:
    """The digest of a file's bytes; None when it cannot be read."""
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def tree_digest(directories: Sequence[Path]) -> str:
    """A digest of every file (path and bytes) under `directories`, in order."""
    parts: list[bytes | str] = []
    for directory in directories:
        parts += [str(directory), *tree_parts(directory)]
    return digest(*parts)


def tree_parts(directory: Path) -> list[str]:
    """Each file under `directory` (bytecode caches aside): its path there, its bytes' digest.

    Read once per process while no file changes: every page of a build asks for the
    templates' (the files' inodes, sizes and times say whether one did; a write changes
    a file's ctime, which no program sets back)."""
    files = [p for p in sorted(directory.rglob("*")) if "__pycache__" not in p.parts]
    state = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            key = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            state.append((path.relative_to(directory).as_posix(), str(path), key))
    return list(_read_parts(tuple(state)))


@functools.lru_cache(maxsize=32)
def _read_parts(state: tuple[tuple[str, str, tuple[int, int, int, int]], ...]) -> tuple[str, ...]:
    parts: list[str] = []
    for shown, path, _ in state:
        parts += [shown, file_digest(Path(path)) or "-"]
    return tuple(parts)
