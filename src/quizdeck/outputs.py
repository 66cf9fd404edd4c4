"""Writing outputs: a temporary file in the same directory, then a rename, so none is half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def publish(temp: Path, path: Path) -> None:
    """Rename a finished temporary file onto `path`, readable like any other output."""
    os.chmod(temp, 0o644)  # mkstemp makes files private
    os.replace(temp, path)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same directory."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        publish(Path(temp), path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
