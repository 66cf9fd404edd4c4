"""The one family of operational errors: what went wrong, said once, and the exit status."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path


class QuizdeckError(Exception):
    """An operational error: the CLI prints `quizdeck: MESSAGE` and exits with `exit_code`.

    Raised by the library; cli/app.py handles the whole family in one place.
    """

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class OptionError(QuizdeckError, ValueError):
    """An option value no command can take (`--type essay`, `--due` with `--missed`)."""


class CannotWrite(QuizdeckError):
    """An output the operating system refused to write (disk full, permissions, …)."""


def cannot_write(problem: OSError, target: Path | str) -> str:
    """`cannot write PATH: REASON`; names `target` when the OS names no file (never "None")."""
    name = problem.filename if problem.filename not in (None, "") else target
    return f"cannot write {name}: {problem.strerror or problem}"


@contextlib.contextmanager
def writing(target: Path | str) -> Iterator[None]:
    """Turn an OSError met while writing `target` into CannotWrite, said by cannot_write."""
    try:
        yield
    except OSError as problem:
        raise CannotWrite(cannot_write(problem, target)) from None
