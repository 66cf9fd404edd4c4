"""responses.csv, the answers `scan` read (shared with `grade`), and the teacher's corrections."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, replace
from pathlib import Path

from quizdeck.limits import InputError

RESPONSES_NAME = "responses.csv"
CORRECTIONS_NAME = "corrections.csv"
# README: the responses file. One row per sheet and question, in this order.
COLUMNS = (
    "quiz",
    "form",
    "student",
    "source",
    "page",
    "position",
    "bank",
    "question",
    "response",
    "fill",
    "status",
)
STATUSES = ("ok", "blank", "multiple", "review")
# README: the corrections file. `position` is a question's position, or "student".
CORRECTION_COLUMNS = ("source", "page", "position", "response")
STUDENT = "student"


@dataclass(frozen=True)
class Response:
    """One row of responses.csv: what one sheet answered to one question."""

    quiz: str
    form: str
    student: str
    source: str
    page: int
    position: int
    bank: str
    question: str
    response: str
    fill: float
    status: str


def format_responses(rows: Iterable[Response]) -> bytes:
    """responses.csv: a header of COLUMNS, then each row (fill to three decimals)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        values = list(astuple(row))
        values[COLUMNS.index("fill")] = f"{row.fill:.3f}"
        writer.writerow(values)
    return out.getvalue().encode("utf-8")


def read_responses(path: Path) -> list[Response]:
    """The rows of a responses.csv; raises InputError naming the line that is not one."""
    rows = []
    for line, record in _records(path, COLUMNS):
        try:
            page, position, fill = (
                int(record["page"]),
                int(record["position"]),
                float(record["fill"]),
            )
        except ValueError:
            raise InputError(f"{path}:{line}: page, position and fill must be numbers") from None
        if record["status"] not in STATUSES:
            raise InputError(f"{path}:{line}: status must be one of {', '.join(STATUSES)}")
        rows.append(
            Response(
                quiz=record["quiz"],
                form=record["form"],
                student=record["student"],
                source=record["source"],
                page=page,
                position=position,
                bank=record["bank"],
                question=record["question"],
                response=record["response"],
                fill=fill,
                status=record["status"],
            )
        )
    return rows


@dataclass(frozen=True)
class Correction:
    """A teacher's decision on one row (or on a sheet's student number)."""

    source: str
    page: int
    position: str
    response: str
    # file:line of the decision, for messages.
    where: str = ""


def read_corrections(path: Path) -> list[Correction]:
    """The decisions of a corrections file; raises InputError naming the line at fault."""
    corrections = []
    for line, record in _records(path, CORRECTION_COLUMNS):
        position = record["position"].strip()
        if not (position == STUDENT or position.isdigit()):
            raise InputError(f"{path}:{line}: position must be a question number or '{STUDENT}'")
        if not record["page"].strip().isdigit():
            raise InputError(f"{path}:{line}: page must be a number")
        corrections.append(
            Correction(
                record["source"],
                int(record["page"]),
                position,
                record["response"].strip(),
                f"{path}:{line}",
            )
        )
    return corrections


def apply_corrections(
    rows: Iterable[Response], corrections: Iterable[Correction]
) -> list[Response]:
    """The rows with each decision applied: a corrected row is ok, multiple or blank.

    A student correction renames every row of that source page; a correction naming no
    row is an InputError, so a mistyped file or page is not silently ignored.
    """
    rows = list(rows)
    index: Mapping[tuple[str, int, str], int] = {
        (r.source, r.page, str(r.position)): n for n, r in enumerate(rows)
    }
    pages = {(r.source, r.page) for r in rows}
    for fix in corrections:
        if fix.position == STUDENT:
            if (fix.source, fix.page) not in pages:
                raise InputError(f"{fix.where}: no page {fix.page} of {fix.source} was read")
            rows = [
                replace(r, student=fix.response)
                if (r.source, r.page) == (fix.source, fix.page)
                else r
                for r in rows
            ]
            continue
        key = (fix.source, fix.page, fix.position)
        if key not in index:
            raise InputError(
                f"{fix.where}: no row for question {fix.position} of {fix.source} page {fix.page}"
            )
        n = index[key]
        rows[n] = replace(rows[n], response=fix.response, status=_status(fix.response))
    return rows


def _status(response: str) -> str:
    """The status a decided row takes: blank, multiple (labels joined by ;) or ok."""
    if not response:
        return "blank"
    return "multiple" if ";" in response and not _marks(response) else "ok"


def _marks(response: str) -> bool:
    """True for a teacher's marks (right;wrong per cloze blank), which are one answer."""
    return all(part in ("right", "wrong") for part in response.split(";"))


def _records(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise InputError(f"{path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        raise InputError(f"{path}:1: missing column(s) {', '.join(missing)}")
    records = []
    for record in reader:
        if None in record or any(record[c] is None for c in columns):
            raise InputError(f"{path}:{reader.line_num}: wrong number of fields")
        records.append((reader.line_num, {c: record[c] for c in columns}))
    return records
