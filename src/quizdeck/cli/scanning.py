"""`quizdeck scan`: answer sheets read back from scans and photos (README: quizdeck scan)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizdeck.cli.common import Root
from quizdeck.errors import writing


def scan(
    files: Annotated[
        list[Path],
        typer.Argument(help="Scanned PDFs, PNG or JPEG photos of answer sheets.", metavar="FILE"),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Output directory; default: ROOT/scan.",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    forms: Annotated[
        Path | None,
        typer.Option(
            "--forms",
            help="Where the form records are (<quiz>.forms.json); default: ROOT/build/html.",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    root: Root = Path("."),
) -> None:
    """Read answer sheets back: responses.csv and scan-review.html (exit 1 if a page was left out)."""
    from quizdeck.commands.scan import run_scan

    target = out or root / "scan"
    with writing(target):
        report = run_scan(files, target, forms or root / "build" / "html")
    for line in report.problems:
        typer.echo(line, err=True)
    for line in report.summary:
        typer.echo(line)
    if report.left_out:
        raise typer.Exit(1)
