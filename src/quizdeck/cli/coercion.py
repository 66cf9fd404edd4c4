"""Command-line values read without pydantic where typer's own reading would give the same value.

typer 0.29 reads every parameter through a pydantic TypeAdapter: importing pydantic and
building the adapters costs more than an unchanged rebuild of 10,000 questions does
(benchmarks/RESULTS.md). quizdeck's parameters are text, whole numbers, paths and named
choices, and a value already in its final form needs none of that. `plain_value` reads
those, with typer's own path and choice checks; anything else (a bad number, an unknown
choice, a file where a folder belongs) goes to typer's reading, so that its message is
typer's own. tests/test_cli_coercion.py holds both readings equal for every parameter.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import typer.core
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path

# What pydantic reads as a whole number and int() reads the same.
_DIGITS = re.compile(r"[0-9]+")


class Declined(Exception):
    """This value is typer's to read (an error, or a form plain_value does not know)."""


def _leaf(annotation: Any, descriptor: TypeDescriptor, value: Any, ctx: Any) -> Any:
    """One value of `annotation` (not a list), or Declined."""
    info = descriptor.parameter_info
    if info.parser is not None or descriptor.is_file:
        raise Declined
    if annotation is str and isinstance(value, str):
        return value
    if annotation is int and not info.clamp:
        number = _whole_number(value)
        if (info.min is None or number >= info.min) and (info.max is None or number <= info.max):
            return number
        raise Declined
    if isinstance(annotation, type) and issubclass(annotation, Enum) and isinstance(value, str):
        try:
            return coerce_cli_choice(
                value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx
            )
        except ValueError:
            raise Declined from None
    if annotation is Path and info.path_type is None and isinstance(value, (str, Path)):
        try:
            return coerce_cli_path(Path(value), info, path_type=Path, ctx=ctx)
        except typer.BadParameter:
            raise Declined from None
    raise Declined


def _whole_number(value: Any) -> int:
    """An int as given, or ASCII digits as their number; anything else is Declined."""
    if type(value) is int:
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    raise Declined


def plain_value(descriptor: TypeDescriptor, value: Any, ctx: Any) -> Any:
    """`value` read as typer reads it for `descriptor`, or Declined."""
    annotation: Any = descriptor.annotation
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        items = value if isinstance(value, (list, tuple)) else [value]
        return [_leaf(item, descriptor, one, ctx) for one in items]
    return _leaf(annotation, descriptor, value, ctx)


class _PlainFirst(RuntimeParam):
    """Reads a value plainly when it can, else as typer does (built only then)."""

    def _coerce_value(self, value: Any, param: typer.core._TyperParameter, ctx: Any) -> Any:
        descriptor = param.type_descriptor
        try:
            return plain_value(descriptor, value, ctx)
        except Declined:
            return build_runtime_param(descriptor)._coerce_value(value, param=param, ctx=ctx)


def _runtime_param(self: typer.core._TyperParameter) -> RuntimeParam:
    """typer's lazy reader of this parameter's values: plain first."""
    if self._runtime_param is None:
        descriptor = self.type_descriptor
        self._runtime_param = _PlainFirst(
            parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
        )
    return self._runtime_param


def read_plainly() -> None:
    """Have typer read quizdeck's parameters plainly first (typer 0.29's own method, not public)."""
    typer.core._TyperParameter.get_runtime_param = _runtime_param  # type: ignore[method-assign]
