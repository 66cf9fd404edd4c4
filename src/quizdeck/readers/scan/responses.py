"""responses.csv, the answers `scan` read, and the corrections file's columns (both read by grade)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import astuple, dataclass

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
# README: review and corrections. A teacher's decision on a row: which page and position
# (or "student": the page's student number), and the response to use.
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
