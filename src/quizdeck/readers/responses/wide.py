"""Tables with a row per student and a column per question (forms and platform exports)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from quizdeck.readers.responses.model import Answer, Catalogue, Problem, Responses, Unmapped
from quizdeck.readers.responses.tables import Table, cell
from quizdeck.resolve import Resolved


@dataclass(frozen=True)
class Layout:
    """Which columns of a wide table say who answered, and how a text joins several choices."""

    student: tuple[str, ...]
    name: tuple[str, ...] = ()
    # Columns that are neither the student nor a question (times, scores, feedback).
    ignored: Callable[[str], bool] = lambda heading: False
    separator: str = ";"
    # A response meaning "not answered" (Moodle writes "-").
    blank: tuple[str, ...] = ()


def question_columns(
    table: Table, catalogue: Catalogue, layout: Layout, out: Responses
) -> list[tuple[int, Resolved]]:
    """Each column that holds a question's answers, mapped through its heading."""
    columns = []
    taken = {table.column(*layout.student), table.column(*layout.name)}
    for index, heading in enumerate(table.header):
        if index in taken or layout.ignored(heading.strip()) or not heading.strip():
            continue
        try:
            columns.append((index, catalogue.by_heading(heading)))
        except Unmapped as problem:
            out.problems.append(Problem(f"{table.origin(1)}", f"column {index + 1}: {problem}"))
    return columns


def student_of(table: Table, row: Sequence[str], layout: Layout) -> tuple[str, str]:
    """A row's student id (the first id column that names one) and name.

    An anonymous form writes "anonymous" as every Email: the next column (ID) tells them apart.
    """
    ids = [cell(row, table.column(name)) for name in layout.student]
    student = next((i for i in ids if i and i.casefold() != "anonymous"), "")
    return student, cell(row, table.column(*layout.name))


def read_wide(
    table: Table,
    catalogue: Catalogue,
    layout: Layout,
    columns: list[tuple[int, Resolved]] | None = None,
    name_of: Callable[[Sequence[str]], str] | None = None,
) -> Responses:
    """Every answer of a wide table: one per student and question column."""
    out = Responses()
    if columns is None:
        columns = question_columns(table, catalogue, layout, out)
    for line, row in table.rows:
        student, name = student_of(table, row, layout)
        if name_of is not None:
            name = name_of(row)
        if not student:
            out.problems.append(Problem(table.origin(line), "no student id in this row"))
            continue
        for index, question in columns:
            text = cell(row, index)
            out.answers.append(
                Answer(
                    student,
                    question.bank,
                    question.id,
                    f"{table.origin(line)} column {index + 1}",
                    None if not text or text in layout.blank else text,
                    name=name,
                    separator=layout.separator,
                )
            )
    return out
