"""The commands that write outputs: `anki`, `html`, `export` and `build` (all of them)."""

from __future__ import annotations

import contextlib
import enum
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from quizdeck.cli.common import Banks, OutDir, Root, Types, checked
from quizdeck.errors import writing
from quizdeck.workspace import Workspace


class Order(str, enum.Enum):
    shuffled = "shuffled"
    bank = "bank"


class LmsFormat(str, enum.Enum):
    moodle = "moodle"
    gift = "gift"
    qti = "qti"


def anki(
    banks: Banks = None,
    out: OutDir = None,
    root: Root = Path("."),
) -> None:
    """Check the banks, then write one Anki deck (.apkg) per bank."""
    from quizdeck.outputs.anki import export_anki

    result = checked(root, banks, "no deck written")
    workspace = Workspace(root)
    decks = export_anki(result.resolved, out or root / "build" / "anki", workspace.template_dirs())
    for deck in decks:
        typer.echo(
            f"{workspace.shown(deck.path)}: {deck.deck}: {deck.notes} notes "
            f"({deck.changed} changed), {deck.cards} cards"
        )


def html(
    banks: Banks = None,
    out: OutDir = None,
    forms: Annotated[
        int, typer.Option("--forms", help="Forms A, B, … to print, each with its own key.")
    ] = 1,
    seed: Annotated[
        str | None,
        typer.Option(
            "--seed",
            help="Shuffle every form with this seed (without it, form A keeps the bank's order).",
        ),
    ] = None,
    count: Annotated[
        int | None, typer.Option("--count", help="Sample this many questions per quiz.")
    ] = None,
    types: Types = None,
    passage: Annotated[
        bool,
        typer.Option(
            "--passage/--no-passage", help="Print the article's body with numbered paragraphs."
        ),
    ] = True,
    title: Annotated[
        str | None,
        typer.Option("--title", help="Combine the banks into one quiz under this title."),
    ] = None,
    root: Root = Path("."),
) -> None:
    """Render printable quiz forms and answer keys as self-contained HTML."""
    from quizdeck.forms import FormOptions
    from quizdeck.outputs.pages import write_files
    from quizdeck.writers.html import render_quizzes

    options = FormOptions(forms, seed, count, tuple(types or ()), passage, title)
    target = out or root / "build" / "html"
    options.validate()
    result = checked(root, banks, "nothing written")
    files = render_quizzes(result.resolved, options, Workspace(root).template_dirs())
    with writing(target):
        write_files(files, target)
    typer.echo(f"wrote {len(files)} file(s) to {target}")


def export(
    fmt: Annotated[LmsFormat, typer.Argument(metavar="FORMAT", help="moodle, gift or qti.")],
    banks: Banks = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Output directory; default: ROOT/build/lms.",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    root: Root = Path("."),
) -> None:
    """Check the banks, then write one Moodle XML, GIFT or Canvas QTI file per bank."""
    from quizdeck.outputs.platforms import export_lms

    result = checked(root, banks, "nothing written")
    target = out or root / "build" / "lms"
    with writing(target):
        files = export_lms(result.resolved, [fmt.value], target)
    workspace = Workspace(root)
    for path in files:
        typer.echo(workspace.shown(path))


# Above this many questions a build takes seconds: show a progress bar on a terminal.
LONG_BUILD = 2000


def build(
    banks: Banks = None,
    out: OutDir = None,
    order: Annotated[
        Order,
        typer.Option(
            "--order",
            help="shuffled: every form in its own order; bank: form A keeps the bank's order.",
        ),
    ] = Order.shuffled,
    root: Root = Path("."),
) -> None:
    """Check, then write every output: Anki decks, HTML quizzes (forms A and B, keys), Moodle/GIFT/QTI."""
    from quizdeck.outputs.build import STAGES
    from quizdeck.outputs.build import build as build_outputs

    result = checked(root, banks, "nothing written")
    workspace = Workspace(root)
    target = out or root / "build"
    questions = sum(len(b.bank.questions) for b in result.banks)
    # Naming some banks rebuilds theirs and keeps the others' outputs.
    selection = bool(banks) and set(workspace.bank_files(banks or [])) != set(
        workspace.bank_files()
    )
    show = questions >= LONG_BUILD and sys.stderr.isatty()
    with _stage_progress(len(STAGES), show) as on_stage, writing(target):
        summary = build_outputs(
            result.resolved, workspace, target, on_stage, selection, order.value
        )
    for bank_id, count in summary.questions:
        typer.echo(f"  {bank_id:<24} {count:>5} questions")
    shown = workspace.shown(summary.out)
    typer.echo(
        f"{len(summary.questions)} bank(s), {questions} question(s): "
        f"{len(summary.anki_files)} Anki deck(s) in {shown}/anki, "
        f"{sum(p.suffix == '.html' for p in summary.html_files)} HTML file(s) in {shown}/html "
        f"(open {shown}/html/index.html)"
    )
    typer.echo(
        f"{len(summary.lms_files)} learning-platform file(s) in {shown}/lms "
        "(Moodle XML, GIFT, Canvas QTI)"
    )


@contextlib.contextmanager
def _stage_progress(stages: int, show: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar over the build's stages when `show`, else a callback doing nothing."""
    if not show:
        yield lambda stage: None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=None) as progress:
        # Checking is done when the first stage starts: count it as the first step.
        task = progress.add_task("checked", total=stages + 1, completed=1)
        yield lambda stage: progress.update(task, description=stage, advance=1)
