"""The commands that write outputs: `anki`, `html`, `export` and `build` (all of them)."""

from __future__ import annotations

import contextlib
import enum
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quizdeck.cli.common import Banks, CheckFailed, Jobs, OutDir, Root, Types, checked, echo_lines
from quizdeck.errors import QuizdeckError, writing
from quizdeck.workspace import UsageError, Workspace

if TYPE_CHECKING:
    from quizdeck.writers.live_platforms import LeftOut


class Order(str, enum.Enum):
    shuffled = "shuffled"
    bank = "bank"


class ExportFormat(str, enum.Enum):
    moodle = "moodle"
    gift = "gift"
    qti = "qti"
    kahoot = "kahoot"
    wayground = "wayground"
    blooket = "blooket"
    quizlet = "quizlet"


LMS_FORMATS = ("moodle", "gift", "qti")


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
    digits: Annotated[
        int, typer.Option("--digits", help="Places of the student number on the answer sheets.")
    ] = 8,
    root: Root = Path("."),
) -> None:
    """Render printable quiz forms, answer keys and answer sheets as self-contained HTML."""
    from quizdeck.forms import FormOptions
    from quizdeck.outputs.pages import write_files
    from quizdeck.writers.html import render_quizzes
    from quizdeck.writers.sheet import render_sheets

    options = FormOptions(forms, seed, count, tuple(types or ()), passage, title, digits=digits)
    target = out or root / "build" / "html"
    options.validate()
    result = checked(root, banks, "nothing written")
    templates = Workspace(root).template_dirs()
    files = render_quizzes(result.resolved, options, templates)
    files += render_sheets(result.resolved, options, templates)
    with writing(target):
        write_files(files, target)
    typer.echo(f"wrote {len(files)} file(s) to {target}")


def export(
    fmt: Annotated[
        ExportFormat,
        typer.Argument(
            metavar="FORMAT",
            help="moodle, gift or qti (learning platforms); kahoot, wayground, blooket or quizlet (live quizzes).",
        ),
    ],
    banks: Banks = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Output directory; default: ROOT/build/lms (live quizzes: ROOT/build/live).",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    time_limit: Annotated[
        int | None,
        typer.Option(
            "--time-limit",
            help="Seconds per question (Kahoot, Wayground, Blooket); default: from its difficulty.",
            metavar="SEC",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail, writing nothing, when a question is left out."),
    ] = False,
    root: Root = Path("."),
) -> None:
    """Check the banks, then write one file per bank for a learning platform or live quiz."""
    from quizdeck.outputs.live import export_live
    from quizdeck.outputs.platforms import export_lms
    from quizdeck.writers.live import LeftOutError

    lms = fmt.value in LMS_FORMATS
    if lms and time_limit is not None:
        raise UsageError(f"--time-limit: {fmt.value} has no time limit")
    result = checked(root, banks, "nothing written")
    target = out or root / "build" / ("lms" if lms else "live")
    left_out: tuple[LeftOut, ...] = ()
    with writing(target):
        if lms:
            files = export_lms(result.resolved, [fmt.value], target)
        else:
            try:
                done = export_live(result.resolved, [fmt.value], target, time_limit, strict)
            except LeftOutError as problem:
                # The questions left out first, then the refusal (exit status 1).
                _print_left_out(problem.left_out)
                raise QuizdeckError(f"--strict: {problem}; nothing written", 1) from None
            files, left_out = list(done.paths), done.left_out
    workspace = Workspace(root)
    for path in files:
        typer.echo(workspace.shown(path))
    _print_left_out(left_out)


def _print_left_out(left_out: Sequence[LeftOut]) -> None:
    """The left-out summary on stderr: every question a platform cannot hold, with the reason."""
    from quizdeck.writers.live import summary

    if not left_out:
        return
    typer.echo(f"left out where the platform cannot hold them ({len(left_out)}):", err=True)
    for line in summary(left_out):
        typer.echo(line, err=True)


# Above this many bytes of banks (some 2,000 questions) a build takes seconds: show a
# progress bar on a terminal.
LONG_BUILD_BYTES = 400_000


def _bank_bytes(workspace: Workspace, banks: list[str] | None) -> int:
    """The size of the banks a build reads (an unreadable one counts nothing)."""
    import os

    total = 0
    for path in workspace.bank_files(banks or []):
        with contextlib.suppress(OSError):
            total += os.path.getsize(path)
    return total


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
    jobs: Jobs = None,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Check and render every bank again (no build record)."),
    ] = False,
    root: Root = Path("."),
) -> None:
    """Check, then write every output: Anki decks, HTML quizzes (forms A and B, keys, answer sheets), Moodle/GIFT/QTI, live quizzes."""
    from quizdeck.checking import report
    from quizdeck.outputs.build import STAGES
    from quizdeck.outputs.combined import MAX_COMBINED_QUESTIONS
    from quizdeck.outputs.incremental import build_workspace

    workspace = Workspace(root)
    target = out or root / "build"
    show = sys.stderr.isatty() and _bank_bytes(workspace, banks) >= LONG_BUILD_BYTES
    with _stage_progress(len(STAGES), show) as on_stage, writing(target):
        result = build_workspace(
            workspace,
            target,
            banks or [],
            order=order.value,
            jobs=jobs,
            use_cache=not no_cache,
            on_stage=on_stage,
        )
    echo_lines(map(report.format_text, sorted(result.diagnostics, key=report.sort_key)), err=True)
    summary = result.summary
    if summary is None:
        raise CheckFailed("check failed: nothing written")
    questions = result.questions
    echo_lines(f"  {bank_id:<24} {count:>5} questions" for bank_id, count in summary.questions)
    shown = workspace.shown(summary.out)
    typer.echo(
        f"{len(summary.questions)} bank(s), {questions} question(s): "
        f"{len(summary.names['anki'])} Anki deck(s) in {shown}/anki, "
        f"{sum(n.endswith('.html') for n in summary.names['html'])} HTML file(s) in {shown}/html "
        f"(open {shown}/html/index.html)"
    )
    typer.echo(
        f"{len(summary.names['lms'])} learning-platform file(s) in {shown}/lms "
        "(Moodle XML, GIFT, Canvas QTI)"
    )
    typer.echo(
        f"{len(summary.names['live'])} live-quiz file(s) in {shown}/live "
        "(Kahoot, Wayground, Blooket, Quizlet)"
    )
    if summary.combined_over:
        typer.echo(
            f"no combined quiz: {summary.combined_over:,} questions are over the "
            f"{MAX_COMBINED_QUESTIONS:,} a build combines (quizdeck html --title TITLE "
            "BANK… combines the banks you name)",
            err=True,
        )
    if summary.left_out:
        typer.echo(
            "left out where the platform cannot hold them: "
            + ", ".join(f"{name} {count}" for name, count in summary.left_out.items())
            + " (quizdeck export PLATFORM names each)",
            err=True,
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
