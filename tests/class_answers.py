"""Answers of a class, made by hand from the form record, in the documented file formats."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from quizdeck.readers.scan.responses import COLUMNS as SCAN_COLUMNS
from quizdeck.resolve import Resolved

# What a student answers to a question: the written choice indexes, or a text
# ("right"/"wrong" for a write-in the teacher marked, O/X for true/false), or None.
Choose = Callable[[str, Resolved], tuple[int, ...] | str | None]


def records(html_dir: Path) -> list[dict[str, object]]:
    """Every form of every <quiz>.forms.json that build wrote."""
    forms: list[dict[str, object]] = []
    for path in sorted(html_dir.glob("*.forms.json")):
        forms += json.loads(path.read_text(encoding="utf-8"))["forms"]
    return forms


def scan_rows(
    form: dict[str, object],
    student: str,
    questions: dict[str, Resolved],
    choose: Choose,
    page: int = 1,
) -> list[list[str]]:
    """The rows `quizdeck scan` writes for one sheet: a printed label per picked choice."""
    rows = []
    for q in form["questions"]:  # type: ignore[attr-defined]
        resolved = questions[f"{q['bank']}/{q['question']}"]
        picked = choose(student, resolved)
        if isinstance(picked, tuple):
            response = ";".join(q["labels"][q["order"].index(i)] for i in sorted(picked))
        else:
            response = picked or ""
        status = (
            "blank"
            if not response
            else "multiple"
            if ";" in response and resolved.type == "choice"
            else "ok"
        )
        rows.append(
            [
                str(form["quiz"]), str(form["form"]), student, f"{student}.pdf", str(page),
                str(q["position"]), q["bank"], q["question"], response, "0.82", status,
            ]
        )  # fmt: skip
    return rows


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    """A UTF-8 CSV file as the platforms and the scanner write them."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_scan(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    """A responses.csv in the scan's format."""
    return write_csv(path, SCAN_COLUMNS, rows)
