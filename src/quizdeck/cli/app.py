"""The `quizdeck` command line: parse, call the library, print, exit."""

from __future__ import annotations

import contextlib
import enum
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from quizdeck import __version__
from quizdeck.checking import report
from quizdeck.checking.checker import CheckResult, check_workspace
from quizdeck.cli.interrupt import interrupted
from quizdeck.sources.labels import LANGUAGES
from quizdeck.workspace import UsageError, Workspace

if TYPE_CHECKING:
    from quizdeck.writers.live import LeftOut

app = typer.Typer(
    help="Grounded question banks from news articles: check, Anki, printable quizzes, self-test.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_display_type = typer.core.TyperOption.display_type_rich


def _no_type_for_flags(self: typer.core.TyperOption, ctx: Any) -> str | None:
    """Help shows a value's type (`--root <dir>`), never one for a flag (`--strict`, `--help`)."""
    if self.is_flag and not self.count:
        return None
    return _display_type(self, ctx)


typer.core.TyperOption.display_type_rich = _no_type_for_flags  # type: ignore[method-assign]
# An argument's name says what it takes (BANK...): no Python type beside it.
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"quizdeck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Grounded question banks from news articles: check, Anki, printable quizzes, self-test."""


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


class Format(str, enum.Enum):
    text = "text"
    json = "json"


class Order(str, enum.Enum):
    shuffled = "shuffled"
    bank = "bank"


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


def _checked(root: Path, banks: list[str] | None, refusal: str) -> CheckResult:
    """Check before an output: diagnostics go to stderr, errors stop the command (exit 1)."""
    result = _check(root, banks)
    for diagnostic in sorted(result.diagnostics, key=report.sort_key):
        typer.echo(report.format_text(diagnostic), err=True)
    if result.failed():
        raise _fail(f"check failed: {refusal}", 1)
    return result


@app.command()
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
    root: Root = Path("."),
) -> None:
    """Prove every quote, answer and number of the banks against their articles, and lint them."""
    if watch:
        _watch(root, banks, strict, fmt, (select or (), ignore or ()))
        raise typer.Exit(0)
    try:
        result = _check(root, banks).selecting(select or (), ignore or ())
    except UsageError as problem:
        raise _fail(str(problem)) from None
    _print_diagnostics(result, fmt)
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
    from quizdeck.commands.watch import saves

    workspace = Workspace(root)

    def once(saved: list[Path]) -> None:
        if sys.stdout.isatty():
            typer.echo(CLEAR_SCREEN, nl=False)
        if saved:
            typer.echo(f"saved: {', '.join(workspace.shown(p) for p in saved)}", err=True)
        try:
            result = _check(root, banks).selecting(*codes)
        except UsageError as problem:
            raise _fail(str(problem)) from None
        _print_diagnostics(result, fmt)
        verdict = "FAILED" if result.failed(strict) else "ok"
        typer.echo(f"{verdict}; watching questions/ and seeds/ (Ctrl-C stops)", err=True)

    checked = False
    for saved in saves(workspace):
        # The first check waits for the watcher to run, so no save goes unseen.
        if saved or not checked:
            once(saved)
            checked = True


@app.command()
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

    try:
        done = init_workspace(directory, templates)
    except UsageError as problem:
        raise _fail(str(problem)) from None
    except OSError as problem:
        raise _fail(f"cannot write {problem.filename or directory}: {problem.strerror}") from None
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


@app.command()
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
    try:
        made = new_bank(workspace, source, bank_id, language)
    except UsageError as problem:
        raise _fail(str(problem)) from None
    except OSError as problem:
        raise _fail(f"cannot write {problem.filename}: {problem.strerror}") from None
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


@app.command()
def passages(
    source: Annotated[
        str,
        typer.Argument(help="An article: a file name under seeds/ or a path.", metavar="SOURCE"),
    ],
    root: Root = Path("."),
) -> None:
    """Print the numbered paragraphs of an article's body, for authors."""
    from quizdeck.banks.passages import PassageError, article_paragraphs

    try:
        lines = article_paragraphs(Workspace(root), source)
    except PassageError as problem:
        raise _fail(str(problem)) from None
    for line in lines:
        typer.echo(line)


@app.command()
def anki(
    banks: Banks = None,
    out: OutDir = None,
    root: Root = Path("."),
) -> None:
    """Check the banks, then write one Anki deck (.apkg) per bank."""
    from quizdeck.outputs.anki import export_anki
    from quizdeck.writers.anki import AnkiExportError

    result = _checked(root, banks, "no deck written")
    workspace = Workspace(root)
    try:
        decks = export_anki(
            result.resolved, out or root / "build" / "anki", workspace.template_dirs()
        )
    except AnkiExportError as problem:
        raise _fail(str(problem)) from None
    for deck in decks:
        typer.echo(
            f"{workspace.shown(deck.path)}: {deck.deck}: {deck.notes} notes "
            f"({deck.changed} changed), {deck.cards} cards"
        )


@app.command()
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
    types: Annotated[
        list[str] | None,
        typer.Option("--type", help="Only questions of this type (repeatable).", metavar="TYPE"),
    ] = None,
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
    from quizdeck.writers.templating import TemplateProblem

    options = FormOptions(forms, seed, count, tuple(types or ()), passage, title)
    target = out or root / "build" / "html"
    try:
        options.validate()
        result = _checked(root, banks, "nothing written")
        files = render_quizzes(result.resolved, options, Workspace(root).template_dirs())
        write_files(files, target)
    except UsageError as problem:
        raise _fail(str(problem)) from None
    except TemplateProblem as problem:
        raise _fail(f"template error: {problem}") from None
    except OSError as problem:
        raise _fail(f"cannot write {problem.filename or target}: {problem.strerror}") from None
    typer.echo(f"wrote {len(files)} file(s) to {target}")


class ExportFormat(str, enum.Enum):
    moodle = "moodle"
    gift = "gift"
    qti = "qti"
    kahoot = "kahoot"
    wayground = "wayground"
    blooket = "blooket"
    quizlet = "quizlet"


LMS_FORMATS = ("moodle", "gift", "qti")


@app.command()
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
        raise _fail(f"--time-limit: {fmt.value} has no time limit")
    result = _checked(root, banks, "nothing written")
    target = out or root / "build" / ("lms" if lms else "live")
    left_out: tuple[LeftOut, ...] = ()
    try:
        if lms:
            files = export_lms(result.resolved, [fmt.value], target)
        else:
            done = export_live(result.resolved, [fmt.value], target, time_limit, strict)
            files, left_out = list(done.paths), done.left_out
    except LeftOutError as problem:
        _print_left_out(problem.left_out)
        raise _fail(f"--strict: {problem}; nothing written", 1) from None
    except UsageError as problem:
        raise _fail(str(problem)) from None
    except OSError as problem:
        raise _fail(f"cannot write {problem.filename or target}: {problem.strerror}") from None
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


Store = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Progress file (default: quizdeck/progress.sqlite3 in the user data directory).",
        dir_okay=False,
        show_default=False,
    ),
]


@app.command()
def quiz(
    banks: Banks = None,
    count: Annotated[
        int | None, typer.Option("--count", help="Ask at most this many questions.", min=1)
    ] = None,
    seed: Annotated[
        str | None,
        typer.Option(
            "--seed",
            help="Shuffle the questions reproducibly with this seed; without it, bank order.",
        ),
    ] = None,
    types: Annotated[
        list[str] | None,
        typer.Option("--type", help="Only questions of this type (repeatable).", metavar="TYPE"),
    ] = None,
    due: Annotated[
        bool, typer.Option("--due", help="Questions due for review now, then new ones.")
    ] = False,
    missed: Annotated[
        bool, typer.Option("--missed", help="Only questions whose last answer was wrong.")
    ] = False,
    store: Store = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="json: one result object on stdout at the end.")
    ] = Format.text,
    root: Root = Path("."),
) -> None:
    """Drill yourself in the terminal; answers are saved and scheduled for review."""
    from quizdeck.resolve import parse_types
    from quizdeck.study.progress import StoreError
    from quizdeck.study.selftest import QuizOptions, run_quiz

    result = _checked(root, banks, "fix the banks before quizzing")
    try:
        options = QuizOptions(
            parse_types(types or ()), count, seed, due, missed, store, fmt is Format.json
        )
        run_quiz(result.resolved, options, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr)
    except (StoreError, ValueError) as problem:
        raise _fail(str(problem)) from None


@app.command()
def stats(banks: Banks = None, store: Store = None, root: Root = Path(".")) -> None:
    """Self-test progress per bank: questions, answered, correct rate, due now, last session."""
    from quizdeck.study.progress import StoreError, open_store, stats_lines

    result = _check(root, banks)
    if result.failed():
        typer.echo(
            "quizdeck: some banks have errors and are left out; run `quizdeck check`", err=True
        )
    try:
        with open_store(store, create=False) as progress:
            lines = stats_lines(
                [(b.id, [q.id for q in b.questions]) for b in result.resolved], progress
            )
    except StoreError as problem:
        raise _fail(str(problem)) from None
    for line in lines:
        typer.echo(line)


# Above this many questions a build takes seconds: show a progress bar on a terminal.
LONG_BUILD = 2000


@app.command()
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
    from quizdeck.outputs.build import STAGES, build
    from quizdeck.writers.anki import AnkiExportError
    from quizdeck.writers.templating import TemplateProblem

    result = _checked(root, banks, "nothing written")
    workspace = Workspace(root)
    target = out or root / "build"
    questions = sum(len(b.bank.questions) for b in result.banks)
    # Naming some banks rebuilds theirs and keeps the others' outputs.
    selection = bool(banks) and set(workspace.bank_files(banks or [])) != set(
        workspace.bank_files()
    )
    with _stage_progress(len(STAGES), questions >= LONG_BUILD and sys.stderr.isatty()) as on_stage:
        try:
            summary = build(result.resolved, workspace, target, on_stage, selection, order.value)
        except (UsageError, AnkiExportError, TemplateProblem) as problem:
            raise _fail(str(problem)) from None
        except OSError as problem:
            raise _fail(f"cannot write {problem.filename or target}: {problem.strerror}") from None
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
    typer.echo(
        f"{len(summary.live_files)} live-quiz file(s) in {shown}/live "
        "(Kahoot, Wayground, Blooket, Quizlet)"
    )
    if summary.left_out:
        counts = Counter(item.platform for item in summary.left_out)
        typer.echo(
            "left out where the platform cannot hold them: "
            + ", ".join(f"{name} {count}" for name, count in counts.items())
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


# After a class: grade and analyse, registered on `app` by importing their module.
from quizdeck.cli import classroom  # noqa: E402, F401


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        interrupted()
