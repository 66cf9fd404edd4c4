"""The `quizdeck` command line: the commands in order, and the one place errors are shown."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Collection
from typing import Annotated, Any

import typer
import typer.core

from quizdeck import __version__
from quizdeck.cli.coercion import read_plainly
from quizdeck.cli.interrupt import interrupted
from quizdeck.errors import QuizdeckError


class _Commands(typer.core.TyperGroup):
    """quizdeck's commands; a QuizdeckError from any of them is `quizdeck: MESSAGE` + its status."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; the library's errors end it here, never as a traceback."""
        try:
            return super().invoke(ctx)
        except QuizdeckError as problem:
            typer.echo(f"quizdeck: {problem}", err=True)
            raise typer.Exit(problem.exit_code) from None


_display_type = typer.core.TyperOption.display_type_rich


def _no_type_for_flags(self: typer.core.TyperOption, ctx: Any) -> str | None:
    """Help shows a value's type (`--root <dir>`), never one for a flag (`--strict`, `--help`)."""
    if self.is_flag and not self.count:
        return None
    return _display_type(self, ctx)


# typer 0.29's own method (not public; pyproject bounds typer, tests/test_cli.py checks it).
typer.core.TyperOption.display_type_rich = _no_type_for_flags  # type: ignore[method-assign]
# An argument's name says what it takes (BANK...): no Python type beside it.
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
# Values read without importing pydantic where typer's reading would give the same (cli/coercion.py).
read_plainly()


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"quizdeck {__version__}")
        raise typer.Exit()


def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Grounded question banks from news articles: check, Anki, printable quizzes, self-test."""


# The commands in the order `quizdeck --help` lists them, each with its module in cli/.
COMMANDS = (
    ("check", "checking"),
    ("init", "authoring"),
    ("new", "authoring"),
    ("passages", "checking"),
    ("anki", "outputs"),
    ("html", "outputs"),
    ("export", "outputs"),
    ("quiz", "study"),
    ("stats", "study"),
    ("build", "outputs"),
    ("scan", "scanning"),
    ("grade", "classroom"),
    ("analyse", "classroom"),
)
NAMES = tuple(name for name, _ in COMMANDS)


def command_line(names: Collection[str] = NAMES) -> typer.Typer:
    """The command line with the commands `names` (in COMMANDS' order), their modules
    imported: `quizdeck build` builds and imports its command alone, a tenth of an
    unchanged rebuild's time."""
    made = typer.Typer(
        cls=_Commands,
        help="Grounded question banks from news articles: check, Anki, printable quizzes, "
        "self-test.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    made.callback()(_main)
    for name, module in COMMANDS:
        if name in names:
            made.command()(getattr(importlib.import_module(f"quizdeck.cli.{module}"), name))
    return made


def __getattr__(name: str) -> typer.Typer:
    """`app`: the command line with every command (made when first asked for)."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    app = globals()["app"] = command_line()
    return app


def main() -> None:
    """Console entry point: the command named first alone, else every command (help, a
    misspelt name)."""
    named = [name for name in NAMES if sys.argv[1:2] == [name]]
    try:
        command_line(named or NAMES)()
    except KeyboardInterrupt:
        interrupted()
