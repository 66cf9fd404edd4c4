"""The combined quiz of a build: every bank in one quiz, in two parts rendered side by side."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizdeck.outputs.jobs import form_options
from quizdeck.sources.labels import common_language, labels_for

if TYPE_CHECKING:
    from quizdeck.resolve import ResolvedBank


@dataclass
class Combined:
    """The combined quiz: its files (None: linked from the last build) and its index row."""

    files: dict[str, bytes | None]
    row: dict[str, object]


def combined_title(banks: Sequence[ResolvedBank]) -> str:
    """The combined quiz's title: the decks' common parent (중국 AI 산업), else a generic one."""
    parents = {b.deck.split("::")[0].strip() for b in banks if "::" in b.deck}
    if len(parents) == 1 and len(banks) > 1 and all("::" in b.deck for b in banks):
        return parents.pop()
    return labels_for(common_language([b.language for b in banks]))["all_questions"]


# The most questions a build combines into one quiz. Past it the combined quiz is an exam
# nobody prints (a hundred pages and more) and every edit of any bank would render all of
# it again: the cost of an edit would follow the workspace. `quizdeck html --title`
# combines the banks it is given, however many questions they hold.
MAX_COMBINED_QUESTIONS = 1_000


def combines(counts: Sequence[int], selection: bool) -> bool:
    """Whether a build of banks with these question counts makes their combined quiz: not for
    one bank, a selection of banks, or more than MAX_COMBINED_QUESTIONS in all."""
    return not selection and len(counts) > 1 and sum(counts) <= MAX_COMBINED_QUESTIONS


def combined_over(counts: Sequence[int]) -> int:
    """The questions of banks left uncombined for being too many (0: not for that reason)."""
    return sum(counts) if len(counts) > 1 and not combines(counts, selection=False) else 0


# The combined quiz is rendered in two parts, side by side when there are workers.
COMBINED_PARTS = ("quizzes", "sheets")
# Runs a function over argument tuples, in order: here, or in worker processes.
Runner = Callable[[Callable[..., Any], list[tuple[Any, ...]]], Iterable[Any]]


def in_process(function: Callable[..., Any], tasks: list[tuple[Any, ...]]) -> list[Any]:
    """Each task run here, in order."""
    return [function(*task) for task in tasks]


def combined_quiz(
    banks: Sequence[ResolvedBank | bytes],
    order: str,
    templates: Sequence[Path],
    run: Runner = in_process,
) -> Combined:
    """The combined quiz of the banks (when `combines` says so), rendered; the banks are
    given resolved or pickled (as a worker process receives them)."""
    files: dict[str, bytes | None] = {}
    rows: list[dict[str, object]] = []
    problems: list[tuple[str, int]] = []
    parts = run(combined_part, [(banks, order, tuple(templates), part) for part in COMBINED_PARTS])
    for part_files, part_rows, part_problems in parts:
        files.update(part_files)
        rows += part_rows
        problems += part_problems
    if problems:  # the quizzes' first, as a build renders them first
        from quizdeck.errors import QuizdeckError

        raise QuizdeckError(*problems[0])
    return Combined(files, rows[-1])


def combined_part(
    given: Sequence[ResolvedBank | bytes], order: str, templates: tuple[Path, ...], part: str
) -> tuple[dict[str, bytes], list[dict[str, object]], list[tuple[str, int]]]:
    """One part of the combined quiz (its forms, keys and record; or its answer sheets):
    the files, the index row (with the forms), a template's refusal as (message, status)."""
    import pickle

    from quizdeck.errors import QuizdeckError
    from quizdeck.forms import forget_plans
    from quizdeck.resolve import ResolvedBank
    from quizdeck.writers.html import index_rows, render_quizzes
    from quizdeck.writers.sheet import render_sheets

    banks = [b if isinstance(b, ResolvedBank) else pickle.loads(b) for b in given]
    options = form_options(order, combined_title(banks), tuple(b.id for b in banks))
    try:
        if part == "quizzes":
            pages = render_quizzes(banks, options, templates)
            rows = index_rows(banks, options)
        else:
            pages, rows = render_sheets(banks, options, templates), []
    except QuizdeckError as problem:
        return {}, [], [(str(problem), problem.exit_code)]
    finally:
        forget_plans()  # a worker's next task is another quiz
    return {p.name: p.text.encode("utf-8") for p in pages if p.name != "index.html"}, rows, []
