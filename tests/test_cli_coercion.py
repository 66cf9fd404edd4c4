"""cli/coercion.py: values read without pydantic, exactly as typer reads them, or typer's."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import typer.main
from typer._click import Context
from typer._coercion import build_runtime_param

from quizdeck.cli.app import app
from quizdeck.cli.coercion import Declined, plain_value

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import run

COMMAND = typer.main.get_command(app)
PARAMETERS = [
    (name, param)
    for name, command in COMMAND.commands.items()  # type: ignore[attr-defined]
    for param in command.params
]


def candidates(annotation: Any, tmp_path: Path) -> list[Any]:
    """Values a user might give for `annotation`: usual ones and wrong ones."""
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        one = candidates(item, tmp_path)
        return [one[:2], tuple(one[:3]), one[0], [one[0], one[-1]]]
    if annotation is str:
        return ["", "bank", "중국 AI", "--", 3]
    if annotation is int:
        return [0, 2, "0", "1", "12", "007", "-1", " 3", "3.0", "1_000", "abc", "١٢", ""]
    if annotation is bool:
        return [True, False, "true", "no", ""]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        values = [member.value for member in annotation]
        return [*values, values[0].upper(), "nope", "", next(iter(annotation))]
    if annotation is Path:
        folder, file = tmp_path / "folder", tmp_path / "file.txt"
        folder.mkdir(exist_ok=True)
        file.write_text("x", encoding="utf-8")
        return [str(folder), str(file), str(tmp_path / "missing"), "", ".", folder, file, "-"]
    raise AssertionError(f"no candidates for {annotation!r}: add them")


def reading(read: Any, value: Any) -> tuple[str, Any]:
    """What reading `value` gives: ("value", v) or ("error", typer's message)."""
    try:
        return ("value", read(value))
    except typer.BadParameter as problem:
        return ("error", problem.format_message())


@pytest.mark.parametrize(("command", "param"), PARAMETERS, ids=lambda p: getattr(p, "name", p))
def test_each_parameter_reads_every_value_as_typer_does(
    command: str, param: Any, tmp_path: Path
) -> None:
    ctx = Context(COMMAND.commands[command])  # type: ignore[attr-defined]
    descriptor = param.type_descriptor
    typers = build_runtime_param(descriptor)
    ours = param.get_runtime_param()
    assert type(ours).__name__ == "_PlainFirst"
    for value in candidates(descriptor.annotation, tmp_path):
        theirs = reading(lambda v: typers.coerce(v, param=param, ctx=ctx), value)
        mine = reading(lambda v: ours.coerce(v, param=param, ctx=ctx), value)
        assert mine == theirs, (command, param.name, value)
        assert type(mine[1]) is type(theirs[1]), (command, param.name, value)


@pytest.mark.parametrize(
    ("annotation", "value", "read"),
    [
        (str, "bank", "bank"),
        (int, "12", 12),
        (int, 2, 2),
        (Path, "questions", Path("questions")),
        (list[str], ("a", "b"), ["a", "b"]),
        (list[Path], ["a.csv"], [Path("a.csv")]),
    ],
)
def test_the_usual_values_are_read_without_typer(annotation: Any, value: Any, read: Any) -> None:
    """The values every command gets are read plainly: else pydantic comes back."""
    descriptor = next(
        p.type_descriptor
        for _, p in PARAMETERS
        if p.type_descriptor.annotation == annotation
        and not getattr(p.type_descriptor.parameter_info, "min", None)
    )
    assert plain_value(descriptor, value, None) == read


@pytest.mark.parametrize("value", ["abc", "-1", "3.0", "١٢"])
def test_a_number_not_in_ascii_digits_is_typers_to_read(value: str) -> None:
    descriptor = next(p.type_descriptor for _, p in PARAMETERS if p.name == "jobs")
    with pytest.raises(Declined):
        plain_value(descriptor, value, None)


@pytest.mark.parametrize(
    ("arguments", "imported"),
    [(["check", "--jobs", "1"], False), (["check", "--jobs", "abc"], True)],
)
def test_a_command_imports_pydantic_only_for_a_value_typer_must_judge(
    tmp_path: Path, arguments: list[str], imported: bool
) -> None:
    (tmp_path / "questions").mkdir()
    (tmp_path / "seeds").mkdir()
    # The benchmark's own question: which third-party modules a run of quizdeck imports.
    modules = run.imported_by([*arguments, "--root", str(tmp_path)], dict(os.environ))
    assert ("pydantic" in modules) is imported, modules
