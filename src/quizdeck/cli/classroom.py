"""The commands for after a class: `quizdeck grade` and `quizdeck analyse` (README: grade)."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from quizdeck.cli.common import Root, checked
from quizdeck.errors import QuizdeckError, writing
from quizdeck.workspace import UsageError, Workspace


class MultiRule(str, enum.Enum):
    all = "all"
    partial = "partial"


def grade(
    responses: Annotated[
        list[Path],
        typer.Argument(
            help="Answer files: responses.csv of scan (and corrections), Google or Microsoft "
            "Forms, Moodle, Canvas, ZipGrade exports, progress stores.",
            metavar="RESPONSES",
            dir_okay=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Output directory; default: ROOT/results.",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    records: Annotated[
        list[Path] | None,
        typer.Option(
            "--records",
            help="Form records (<quiz>.forms.json or their directory); default: ROOT/build/html.",
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    multi: Annotated[
        MultiRule,
        typer.Option(
            "--multi", help="all: a multi question is right or wrong; partial: Moodle's credit."
        ),
    ] = MultiRule.all,
    root: Root = Path("."),
) -> None:
    """Mark a class's answers against the banks: scores.csv, answers.csv, results.html."""
    from quizdeck.analysis.grade_files import write_grade
    from quizdeck.analysis.gradebook import grade as grade_class
    from quizdeck.readers.responses.read import catalogue, read_answers

    result = checked(root, None, "nothing graded")
    workspace = Workspace(root)
    target = out or root / "results"
    # Platform exports need no form record: a workspace never built has none.
    default = [root / "build" / "html"] if (root / "build" / "html").is_dir() else []
    known = catalogue(result.resolved, records or default)
    answers = read_answers([(p, workspace.shown(p)) for p in responses], known)
    book = grade_class(answers, known, partial=multi is MultiRule.partial)
    if not book.students:
        raise UsageError("no answer could be graded")
    with writing(target):
        files = write_grade(book, target)
    for unmapped in book.problems:
        typer.echo(str(unmapped), err=True)
    typer.echo(
        f"graded {len(book.students)} student(s) on {len(book.questions)} question(s): "
        + ", ".join(workspace.shown(p) for p in files)
    )
    if book.problems:
        raise QuizdeckError(
            f"{len(book.problems)} answer(s) could not be graded as given (above)", exit_code=1
        )


def analyse(
    scores: Annotated[
        list[Path],
        typer.Argument(
            help="scores.csv files of quizdeck grade (answers.csv beside each adds the options).",
            metavar="SCORES",
            dir_okay=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Output directory; default: the first scores.csv's directory.",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    group: Annotated[
        str,
        typer.Option(
            "--class", help="The class the answers came from, recorded with the statistics."
        ),
    ] = "",
    root: Root = Path("."),
) -> None:
    """Item analysis: items.csv, options.csv, test.json, report.html; statistics to ROOT/stats/."""
    from quizdeck.analysis.analyse import analyse as analyse_scores
    from quizdeck.analysis.report import write_analysis

    result = checked(root, None, "nothing analysed")
    workspace = Workspace(root)
    target = out or scores[0].parent
    questions = {q.key: q for b in result.resolved for q in b.questions}
    written = {f"{c.bank.id}/{q.id}": q for c in result.banks for q in c.bank.questions}
    analysis = analyse_scores([(p, workspace.shown(p)) for p in scores], questions)
    if not analysis.items:
        raise UsageError("no question of the scores is in the banks")
    with writing(target):
        files = write_analysis(analysis, written, workspace, target, group)
    for unmapped in analysis.problems:
        typer.echo(str(unmapped), err=True)
    flagged = sum(bool(item.reasons) for item in analysis.items)
    typer.echo(
        f"analysed {analysis.test.n} student(s), {len(analysis.items)} question(s), "
        f"{flagged} flagged: " + ", ".join(workspace.shown(p) for p in files)
    )
