"""`responses.csv` from `quizdeck scan` and the teacher's corrections file (README: grade)."""

from __future__ import annotations

from quizdeck.banks.model import CHOICE_TYPES
from quizdeck.readers.responses.model import (
    Answer,
    Catalogue,
    Problem,
    Responses,
    Unmapped,
)
from quizdeck.readers.responses.tables import Table, cell
from quizdeck.readers.scan.responses import COLUMNS as SCAN_COLUMNS
from quizdeck.readers.scan.responses import CORRECTION_COLUMNS, STUDENT

TEACHER_MARKS = {"right": 1.0, "wrong": 0.0}

Corrections = dict[tuple[str, str, str], tuple[str, str]]


def is_scan(table: Table) -> bool:
    """True for a responses file written by `quizdeck scan`."""
    return tuple(h.strip() for h in table.header) == SCAN_COLUMNS


def is_corrections(table: Table) -> bool:
    """True for a corrections file."""
    return tuple(h.strip() for h in table.header) == CORRECTION_COLUMNS


def read_corrections(table: Table) -> Corrections:
    """Each correction by (source, page, position): the response and where it was written."""
    found: Corrections = {}
    for line, row in table.rows:
        source, page, position, response = (cell(row, i) for i in range(4))
        found[(source, page, position)] = (response, table.origin(line))
    return found


def read_scan(
    table: Table, catalogue: Catalogue, corrections: Corrections, used: set[tuple[str, str, str]]
) -> Responses:
    """Every row of a responses file as an Answer, through its form's record.

    A correction replaces its row's response; the places corrected are added to `used`.
    """
    out = Responses()
    column = {name: i for i, name in enumerate(SCAN_COLUMNS)}
    for line, row in table.rows:
        origin = table.origin(line)
        value = {name: cell(row, i) for name, i in column.items()}
        place = (value["source"], value["page"], value["position"])
        response, status = value["response"], value["status"]
        if place in corrections:
            response, corrected_at = corrections[place]
            origin = f"{origin} (corrected at {corrected_at})"
            used.add(place)
            status = "ok"
        student = value["student"]
        # A correction at position "student" gives the student number of a whole page.
        page = (value["source"], value["page"], STUDENT)
        if page in corrections:
            student = corrections[page][0]
            used.add(page)
        try:
            form = catalogue.form(value["quiz"], value["form"])
            recorded = catalogue.at_position(form, _position(value["position"]))
            if value["bank"] and (value["bank"], value["question"]) != (
                recorded.bank,
                recorded.question,
            ):
                raise Unmapped(
                    f"position {recorded.position} of form {form.form} is "
                    f"{recorded.bank}/{recorded.question}, not {value['bank']}/{value['question']}"
                )
            if not student:
                raise Unmapped("no student number: correct it or fill in the sheet's number")
        except Unmapped as problem:
            out.problems.append(Problem(origin, str(problem)))
            continue
        if status == "review":
            out.problems.append(
                Problem(origin, "still to review: decide it in a corrections file (graded blank)")
            )
            response = ""
        try:
            given, marked = _response(response, recorded.type, recorded.labels, recorded.order)
        except Unmapped as problem:
            out.problems.append(Problem(origin, str(problem)))
            given, marked = None, None
        out.answers.append(
            Answer(
                student,
                recorded.bank,
                recorded.question,
                origin,
                given,
                marked,
                quiz=form.quiz,
                form=form.form,
            )
        )
    return out


def unused_corrections(corrections: Corrections, used: set[tuple[str, str, str]]) -> list[Problem]:
    """Corrections that name no row: a typo in a page or position must not pass unnoticed."""
    return [
        Problem(where, "corrects no row of the responses files")
        for place, (_, where) in corrections.items()
        if place not in used
    ]


def _position(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise Unmapped(f"position {text!r} is not a number") from None


def _response(
    response: str, kind: str, labels: tuple[str, ...], order: tuple[int, ...]
) -> tuple[tuple[int, ...] | str | None, float | None]:
    """A response cell as the choices picked, the text to mark, or a teacher's mark."""
    if not response:
        return None, None
    if kind in CHOICE_TYPES:
        picked = []
        for label in response.split(";"):
            if label.strip() not in labels:
                raise Unmapped(f"{label.strip()!r} is no choice label ({' '.join(labels)})")
            picked.append(order[labels.index(label.strip())])
        return tuple(sorted(picked)), None
    if kind == "truefalse":
        return response, None
    marks = [m.strip().casefold() for m in response.split(";")]
    if not all(m in TEACHER_MARKS for m in marks):
        raise Unmapped(f"{response!r}: a write-in is marked right or wrong")
    # A cloze's blanks each get a tick: right only when every blank is right.
    return response, min(TEACHER_MARKS[m] for m in marks)
