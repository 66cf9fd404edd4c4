"""Digests of bytes, files and directory trees: the keys of what a build may reuse."""

from __future__ import annotations

import hashlib
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
    """Each file under `directory` (bytecode caches aside): its path there, its bytes' digest."""
    parts = []
    for path in sorted(directory.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(directory).as_posix(), file_digest(path) or "-"]
    return parts
