"""What the commands share: option types, checking before an output, printing diagnostics."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quizdeck.checking import report
from quizdeck.errors import QuizdeckError
from quizdeck.workspace import Workspace

if TYPE_CHECKING:
    from quizdeck.checking.result import CheckResult

Banks = Annotated[
    list[str] | None,
    typer.Argument(
        help="Bank ids or paths; default: every bank in questions/.",
        show_default=False,
        metavar="BANK",
    ),
]
OutDir = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Output directory; default: ROOT/build (anki: ROOT/build/anki, html: ROOT/build/html).",
        file_okay=False,
        show_default=False,
    ),
]
Root = Annotated[Path, typer.Option("--root", help="Workspace directory.", file_okay=False)]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        help="Worker processes checking (and rendering) banks; default: one per core.",
        metavar="N",
        show_default=False,
    ),
]
# quiz and html take the same --type values (README: `quizdeck quiz`).
Types = Annotated[
    list[str] | None,
    typer.Option("--type", help="Only questions of this type (repeatable).", metavar="TYPE"),
]
Store = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Progress file (default: quizdeck/progress.sqlite3 in the user data directory).",
        dir_okay=False,
        show_default=False,
    ),
]


class Format(str, enum.Enum):
    text = "text"
    json = "json"


class CheckFailed(QuizdeckError):
    """The banks have errors, so the command writes nothing (exit status 1)."""

    exit_code = 1


def check(
    root: Path, banks: list[str] | None, jobs: int | None = None, *, keep_banks: bool = True
) -> CheckResult:
    """Check the named banks (all when none are named) of the workspace at `root`, in
    `jobs` worker processes (None: one per core when there are enough banks)."""
    # Imported here: a build with nothing to check again never loads the checker.
    from quizdeck.checking.workspace_check import check_workspace

    return check_workspace(Workspace(root), banks or [], jobs=jobs, keep_banks=keep_banks)


def checked(
    root: Path, banks: list[str] | None, refusal: str, warnings: bool = True
) -> CheckResult:
    """Check before an output: diagnostics go to stderr, errors stop the command (exit 1).

    `warnings=False` shows errors only: a learner in `quiz` has nothing to fix in a bank.
    """
    result = check(root, banks)
    for diagnostic in sorted(result.diagnostics, key=report.sort_key):
        if warnings or diagnostic.severity == "error":
            typer.echo(report.format_text(diagnostic), err=True)
    if result.failed():
        raise CheckFailed(f"check failed: {refusal}")
    return result


def echo_lines(lines: Iterable[str], err: bool = False) -> None:
    """Each line, in one write (a workspace's build prints hundreds)."""
    text = "\n".join(lines)
    if text:
        typer.echo(text, err=err)


def print_diagnostics(result: CheckResult, fmt: Format = Format.text) -> None:
    """Diagnostics on stdout (text or JSON), the count on stderr."""
    diagnostics = sorted(result.diagnostics, key=report.sort_key)
    if fmt is Format.json:
        typer.echo(report.format_json(diagnostics))
        return
    echo_lines(map(report.format_text, diagnostics))
    typer.echo(
        f"{len(result.questions)} bank(s), {sum(result.questions)} question(s): "
        f"{result.errors} error(s), {result.warnings} warning(s)",
        err=True,
    )
