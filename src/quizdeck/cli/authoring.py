"""`quizdeck init` and `quizdeck new`: a workspace, then a bank for an article."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizdeck.cli.common import Root
from quizdeck.errors import writing
from quizdeck.sources.labels import LANGUAGES
from quizdeck.workspace import Workspace


def init(
    directory: Annotated[
        Path,
        typer.Argument(
            help="The new workspace; default: the current directory.",
            metavar="DIR",
            file_okay=False,
        ),
    ] = Path("."),
    templates: Annotated[
        bool,
        typer.Option("--templates", help="Also copy the Anki and HTML templates, to edit them."),
    ] = False,
) -> None:
    """Start a workspace: seeds/, questions/, an example article and bank, a .gitignore."""
    from quizdeck.commands.scaffold import init_workspace

    with writing(directory):
        done = init_workspace(directory, templates)
    workspace = Workspace(directory)
    shown = str(directory)
    typer.echo(f"quizdeck workspace in {shown}")
    for path in done.written:
        typer.echo(f"  wrote {workspace.shown(path)}")
    for path in done.kept:
        typer.echo(f"  kept  {workspace.shown(path)} (already there)")
    steps = [
        *([f"cd {shown}"] if directory != Path(".") else []),
        "quizdeck check --strict           # the example bank passes",
        "cp ~/article.txt seeds/           # your article, as UTF-8 text",
        "quizdeck new article.txt          # writes questions/article.yaml",
        "quizdeck passages article.txt     # the paragraphs you quote",
        "quizdeck check --watch            # re-checks on every save",
        "quizdeck build                    # Anki decks and printable quizzes in build/",
    ]
    typer.echo("Next steps:")
    for step in steps:
        typer.echo(f"  {step}")


def new(
    source: Annotated[
        str, typer.Argument(help="An article: a file name under seeds/.", metavar="SOURCE")
    ],
    bank_id: Annotated[
        str | None,
        typer.Option("--id", help="The bank id; default: from the file name.", show_default=False),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            help=f"The bank's language ({', '.join(LANGUAGES)}); default: guessed from the article.",
        ),
    ] = None,
    root: Root = Path("."),
) -> None:
    """Start a bank for an article: guessed title and body, its paragraphs, example questions."""
    from quizdeck.commands.scaffold import new_bank

    workspace = Workspace(root)
    with writing(workspace.questions):
        made = new_bank(workspace, source, bank_id, language)
    typer.echo(
        f"wrote {workspace.shown(made.path)} ({made.language}, {made.paragraphs} paragraphs)"
    )
    typer.echo("guessed from the article; compare, and edit the bank if they are wrong:")
    title_at = f"line {made.title_line}" if made.title_line else "none found"
    typer.echo(f"  title       ({title_at}): {made.title}")
    typer.echo(f"  body start  (line {made.body_start_line}): {made.body_start}")
    typer.echo(f"  body end    (line {made.body_end_line}): {made.body_end}")
    if made.left_out:
        typer.echo(f"  left out    {made.left_out} line(s) of page chrome (body: exclude:)")
    if made.id_note:
        typer.echo(f"note: {made.id_note}")
    typer.echo(f"next: quizdeck passages {Path(source).name}; quizdeck check --watch")
