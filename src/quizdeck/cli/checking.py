"""`quizdeck check` (and `--watch`) and `quizdeck passages`: the author's side of checking."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from quizdeck.cli.common import Banks, Format, Jobs, Root, print_diagnostics
from quizdeck.cli.common import check as check_banks
from quizdeck.workspace import Workspace


def check(
    banks: Banks = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.text,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Report only these codes (repeatable).",
            show_default=False,
            metavar="CODE",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Do not report these codes (repeatable).",
            show_default=False,
            metavar="CODE",
        ),
    ] = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch", help="Check again on every save of a bank or article (Ctrl-C stops)."
        ),
    ] = False,
    jobs: Jobs = None,
    root: Root = Path("."),
) -> None:
    """Prove every quote, answer and number of the banks against their articles, and lint them."""
    if watch:
        _watch(root, banks, strict, fmt, (select or (), ignore or ()))
        raise typer.Exit(0)
    result = check_banks(root, banks, jobs, keep_banks=False).selecting(select or (), ignore or ())
    print_diagnostics(result, fmt)
    raise typer.Exit(1 if result.failed(strict) else 0)


# Cursor home, then erase the screen: each check starts on a clean terminal.
CLEAR_SCREEN = "\x1b[H\x1b[2J"


def _watch(
    root: Path,
    banks: list[str] | None,
    strict: bool,
    fmt: Format,
    codes: tuple[Iterable[str], Iterable[str]],
) -> None:
    """Check, then again after every save, the screen cleared first."""
    from quizdeck.checking.workspace_check import check_workspace
    from quizdeck.commands.watch import CheckMemo, saves

    workspace = Workspace(root)
    # Only the saved banks, and the banks of a saved article, are checked again.
    memo = CheckMemo()

    def once(saved: list[Path]) -> None:
        if sys.stdout.isatty():
            typer.echo(CLEAR_SCREEN, nl=False)
        if saved:
            typer.echo(f"saved: {', '.join(workspace.shown(p) for p in saved)}", err=True)
        memo.forget(saved)
        result = check_workspace(workspace, banks or [], memo).selecting(*codes)
        print_diagnostics(result, fmt)
        verdict = "FAILED" if result.failed(strict) else "ok"
        typer.echo(f"{verdict}; watching questions/ and seeds/ (Ctrl-C stops)", err=True)

    checked = False
    for saved in saves(workspace):
        # The first check waits for the watcher to run, so no save goes unseen.
        if saved or not checked:
            once(saved)
            checked = True


def passages(
    source: Annotated[
        str,
        typer.Argument(help="An article: a file name under seeds/ or a path.", metavar="SOURCE"),
    ],
    root: Root = Path("."),
) -> None:
    """Print the numbered paragraphs of an article's body, for authors."""
    from quizdeck.banks.passages import article_paragraphs
    from quizdeck.limits import printable

    for line in article_paragraphs(Workspace(root), source):
        typer.echo(printable(line))
