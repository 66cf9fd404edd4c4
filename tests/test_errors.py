"""One error family: every operational error is a QuizdeckError, shown once by the CLI."""

from __future__ import annotations

import errno
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import quizdeck
from quizdeck.errors import CannotWrite, QuizdeckError, cannot_write, writing

# Exceptions that never leave the library: each is turned into a diagnostic or a retry.
INTERNAL = {
    "quizdeck.banks.reader.SchemaError": "a schema diagnostic",
    "quizdeck.banks.yaml_safety._TooDeep": "a yaml-syntax diagnostic",
    "quizdeck.sources.articles.ArticleDecodeError": "an encoding diagnostic or PassageError",
    "quizdeck.study.marking.InvalidAnswer": "the self-test asks again",
    "quizdeck.checking.item_stats.StatsUnreadable": "an item-stats-unreadable diagnostic",
    "quizdeck.readers.responses.model.Unmapped": "an answer grade names as not graded",
    "quizdeck.writers.templating._TooLong": "a TemplateProblem (rendering took over its time)",
    "quizdeck.cli.coercion.Declined": "typer reads the value itself (its message)",
}


def _exception_classes() -> list[type[BaseException]]:
    found = []
    for module in pkgutil.walk_packages(quizdeck.__path__, "quizdeck."):
        if module.name.endswith("__main__"):
            continue
        loaded = importlib.import_module(module.name)
        for _, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == module.name:
                found.append(value)
    return found


def test_every_operational_error_is_a_quizdeck_error() -> None:
    classes = _exception_classes()
    assert len(classes) >= 10
    outside = [
        f"{c.__module__}.{c.__qualname__}"
        for c in classes
        if not issubclass(c, QuizdeckError) and f"{c.__module__}.{c.__qualname__}" not in INTERNAL
    ]
    assert outside == []


def test_cannot_write_names_the_file_or_the_target_never_none() -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    assert cannot_write(full, Path("build")) == "cannot write build: No space left on device"
    named = PermissionError(errno.EACCES, "Permission denied", "build/anki/x.apkg")
    assert cannot_write(named, "build") == "cannot write build/anki/x.apkg: Permission denied"
    bare = OSError("disk went away")
    assert cannot_write(bare, "out") == "cannot write out: disk went away"


def test_writing_turns_an_os_error_into_cannot_write_with_exit_status_two() -> None:
    with pytest.raises(CannotWrite) as raised, writing("build"):
        raise OSError(errno.EROFS, "Read-only file system")
    assert (str(raised.value), raised.value.exit_code) == (
        "cannot write build: Read-only file system",
        2,
    )


def test_the_cli_shows_a_library_error_once_with_its_status(workspace) -> None:
    workspace.sample()
    result = workspace.run("check", "no-such-bank")
    assert result.exit_code == 2
    assert result.stderr == "quizdeck: no bank 'no-such-bank' (banks in questions/: sample)\n"
