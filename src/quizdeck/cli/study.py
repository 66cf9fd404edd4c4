"""`quizdeck quiz` and `quizdeck stats`: the terminal self-test and its progress."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from quizdeck.cli.common import Banks, Format, Root, Store, Types, check, checked


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
    types: Types = None,
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
    from quizdeck.study.selftest import QuizOptions, run_quiz

    refusal = "fix the banks before quizzing (run `quizdeck check`)"
    result = checked(root, banks, refusal, warnings=False)
    options = QuizOptions(
        parse_types(types or ()), count, seed, due, missed, store, fmt is Format.json
    )
    run_quiz(result.resolved, options, stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr)


def stats(banks: Banks = None, store: Store = None, root: Root = Path(".")) -> None:
    """Self-test progress per bank: questions, answered, correct rate, due now, last session."""
    from quizdeck.study.progress import open_store, stats_lines

    result = check(root, banks)
    if result.failed():
        typer.echo(
            "quizdeck: some banks have errors and are left out; run `quizdeck check`", err=True
        )
    with open_store(store, create=False) as progress:
        lines = stats_lines(
            [(b.id, [q.id for q in b.questions]) for b in result.resolved], progress
        )
    for line in lines:
        typer.echo(line)
