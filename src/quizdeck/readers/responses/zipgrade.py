"""A ZipGrade export in the full format: `Key Version`, then StuN, PriKeyN, PointsN, MarkN."""

from __future__ import annotations

from quizdeck.banks.model import CHOICE_TYPES
from quizdeck.forms import FORM_LETTERS
from quizdeck.readers.responses.model import Answer, Catalogue, Problem, Responses, Unmapped
from quizdeck.readers.responses.tables import Table, cell
from quizdeck.sources.labels import mark_position


def is_zipgrade(table: Table) -> bool:
    """True for a ZipGrade full export (with the students' responses)."""
    heads = {h.strip() for h in table.header}
    return {"Key Version", "Stu1", "PriKey1"} <= heads


def read_zipgrade(table: Table, catalogue: Catalogue) -> Responses:
    """Key version 1, 2 … is form A, B …; a bubble letter A, B … names the printed choice."""
    out = Responses()
    version = table.column("Key Version")
    quiz_name = table.column("QuizName")
    student_id = table.column("StudentID", "ExternalId", "CustomID")
    first, last = table.column("FirstName"), table.column("LastName")
    written_in: set[str] = set()
    for line, row in table.rows:
        origin = table.origin(line)
        try:
            quiz = catalogue.quiz_named(cell(row, quiz_name))
            number = int(cell(row, version) or "1")
            if not 1 <= number <= len(FORM_LETTERS):
                raise Unmapped(f"key version {number} is no form")
            form = catalogue.form(quiz, FORM_LETTERS[number - 1])
        except (Unmapped, ValueError) as problem:
            out.problems.append(Problem(origin, str(problem)))
            continue
        student = cell(row, student_id)
        name = " ".join(p for p in (cell(row, first), cell(row, last)) if p)
        if not student:
            out.problems.append(Problem(origin, "no StudentID in this row"))
            continue
        for recorded in form.questions:
            if recorded.type not in (*CHOICE_TYPES, "truefalse"):
                # Written in on paper: ZipGrade has no bubbles for it.
                written_in.add(f"{recorded.position} ({recorded.bank}/{recorded.question})")
                continue
            column = table.column(f"Stu{recorded.position}")
            if column is None:
                out.problems.append(
                    Problem(
                        origin,
                        f"no Stu{recorded.position} column for question "
                        f"{recorded.position} ({recorded.bank}/{recorded.question})",
                    )
                )
                continue
            bubbles = cell(row, column)
            where = f"{origin} Stu{recorded.position}"
            response: tuple[int, ...] | str | None = None
            if bubbles:
                positions = [mark_position(letter) for letter in bubbles]
                labels = len(recorded.labels) if recorded.type != "truefalse" else 2
                if any(p is None or p >= labels for p in positions):
                    out.problems.append(
                        Problem(where, f"{bubbles!r} is no bubble of this question")
                    )
                    continue
                if recorded.type == "truefalse":
                    # The first bubble is O (True), the second X (False).
                    response = "o" if positions == [0] else "x" if positions == [1] else ";"
                else:
                    response = tuple(sorted(recorded.order[p] for p in positions if p is not None))
            out.answers.append(
                Answer(
                    student,
                    recorded.bank,
                    recorded.question,
                    where,
                    response,
                    quiz=quiz,
                    form=form.form,
                    name=name,
                )
            )
    if written_in:
        shown = ", ".join(sorted(written_in, key=lambda q: int(q.split()[0])))
        out.problems.append(
            Problem(table.origin(1), f"ZipGrade reads bubbles only: not graded: question {shown}")
        )
    return out
