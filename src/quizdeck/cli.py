"""The `quizdeck` command line: parse, call the library, print, exit."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import report
from .checker import CheckResult, check_workspace
from .workspace import UsageError, Workspace

app = typer.Typer(
    help="Grounded question banks from news articles: check, Anki, printable quizzes, self-test.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Banks = Annotated[list[str] | None, typer.Argument(help="Bank ids or paths; default: every bank in questions/.", show_default=False)]
Root = Annotated[Path, typer.Option("--root", help="Workspace directory.", file_okay=False)]


class Format(str, enum.Enum):
    text = "text"
    json = "json"


def _fail(message: str, status: int = 2) -> typer.Exit:
    typer.echo(f"quizdeck: {message}", err=True)
    return typer.Exit(status)


def _print_diagnostics(result: CheckResult, fmt: Format = Format.text) -> None:
    diagnostics = sorted(result.diagnostics, key=report.sort_key)
    if fmt is Format.json:
        typer.echo(report.format_json(diagnostics))
        return
    for diagnostic in diagnostics:
        typer.echo(report.format_text(diagnostic))
    questions = sum(len(b.bank.questions) for b in result.banks)
    typer.echo(
        f"{len(result.banks)} bank(s), {questions} question(s): "
        f"{result.errors} error(s), {result.warnings} warning(s)",
        err=True,
    )


def _check(root: Path, banks: list[str] | None) -> CheckResult:
    try:
        return check_workspace(Workspace(root), banks or [])
    except UsageError as problem:
        raise _fail(str(problem)) from None


@app.command()
def check(
    banks: Banks = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    root: Root = Path("."),
) -> None:
    """Prove every quote, answer and number of the banks against their articles."""
    result = _check(root, banks)
    _print_diagnostics(result, fmt)
    raise typer.Exit(1 if result.failed(strict) else 0)


@app.command()
def passages(
    source: Annotated[str, typer.Argument(help="An article: a file name under seeds/ or a path.")],
    root: Root = Path("."),
) -> None:
    """Print the numbered paragraphs of an article's body, for authors."""
    from .passages import PassageError, article_paragraphs

    try:
        lines = article_paragraphs(Workspace(root), source)
    except PassageError as problem:
        raise _fail(str(problem)) from None
    for line in lines:
        typer.echo(line)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
