"""Scanned sheets to responses: each page placed, identified by its QR code, and read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from quizdeck.forms import RecordedForm, read_record, record_name
from quizdeck.limits import InputError
from quizdeck.readers.scan.bubbles import Decision, Reading, decide, ink, read_boxes, student_number
from quizdeck.readers.scan.geometry import SCALE, place, read_code, warp
from quizdeck.readers.scan.pages import PageImage, read_pages
from quizdeck.readers.scan.responses import Response
from quizdeck.sheets import (
    COLUMN_WIDTH,
    DIGIT_LEFT,
    DIGIT_PITCH_X,
    DIGIT_TOP,
    ROW_HEIGHT,
    Row,
    SheetCode,
    SheetLayout,
    sheet_layout,
)
from quizdeck.workspace import UsageError


@dataclass(frozen=True)
class LeftOut:
    """A page that was not read, and why."""

    source: str
    page: int
    reason: str


@dataclass(frozen=True)
class ReviewItem:
    """A row (or a student number) to decide by eye: where it is, what was read, its crop."""

    source: str
    page: int
    student: str
    position: str
    what: str
    status: str
    fills: str
    crop: bytes


@dataclass
class ScanResult:
    """Everything one scan read: responses, pages left out, duplicates and rows to review."""

    responses: list[Response] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    reviews: list[ReviewItem] = field(default_factory=list)
    pages: int = 0


def scan_files(
    paths: Sequence[Path], forms_dir: Path, shown: Callable[[Path], str] = str
) -> ScanResult:
    """Read every page of `paths`; forms come from the records in `forms_dir`."""
    records = _Records(forms_dir)
    result = ScanResult()
    seen: dict[tuple[str, str, int, str], tuple[str, list[Response]]] = {}
    for path in paths:
        # One page in memory at a time: a scanned class is hundreds of pages.
        try:
            for number, page in enumerate(read_pages(path), start=1):
                result.pages += 1
                if isinstance(page, InputError):
                    result.left_out.append(LeftOut(shown(path), number, str(page)))
                    continue
                _scan_page(page, shown(path), records, result, seen)
        except InputError as error:  # the file itself cannot be opened
            result.left_out.append(LeftOut(shown(path), 0, str(error)))
    return result


def scan_page(pixels: np.ndarray, source: str, page: int, forms_dir: Path) -> ScanResult:
    """One page image read on its own (the benchmark's and the tests' entry)."""
    result = ScanResult(pages=1)
    _scan_page(PageImage(Path(source), page, pixels), source, _Records(forms_dir), result, {})
    return result


class _Records:
    """Form records by quiz id, read once each from the forms directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.forms: dict[str, list[RecordedForm] | str] = {}

    def form(self, code: SheetCode) -> RecordedForm | str:
        """The recorded form a QR code names, or why there is none."""
        if code.quiz not in self.forms:
            self.forms[code.quiz] = self._load(code.quiz)
        forms = self.forms[code.quiz]
        if isinstance(forms, str):
            return forms
        for form in forms:
            if form.form == code.form:
                if form.hash != code.hash:
                    return (
                        f"a sheet of another build of quiz '{code.quiz}' form {code.form} "
                        f"(its hash {code.hash} is not the form record's {form.hash})"
                    )
                return form
        return f"quiz '{code.quiz}' has no form {code.form} in its form record"

    def _load(self, quiz: str) -> list[RecordedForm] | str:
        name = record_name(quiz)
        if Path(name).name != name or name.startswith("."):
            return f"its QR code names no quiz of this build ('{quiz}')"
        path = self.directory / name
        try:
            return read_record(path.read_bytes(), str(path))
        except FileNotFoundError:
            return f"quiz '{quiz}': no form record {name} in {self.directory}"
        except OSError as error:
            return f"cannot read {path}: {error.strerror}"
        except UsageError as error:
            return str(error)


def _scan_page(
    image: PageImage,
    source: str,
    records: _Records,
    result: ScanResult,
    seen: dict[tuple[str, str, int, str], tuple[str, list[Response]]],
) -> None:
    def leave(reason: str) -> None:
        result.left_out.append(LeftOut(source, image.page, reason))

    placed = place(image.pixels)
    if placed is None:
        return leave("corner markers not found (three of the four are needed)")
    text = read_code(image.pixels, placed)
    if text is None:
        return leave("its QR code cannot be read")
    code = SheetCode.parse(text)
    if code is None:
        return leave("its QR code is not a quizdeck answer sheet's")
    form = records.form(code)
    if isinstance(form, str):
        return leave(form)
    layout = sheet_layout(form, code.places)
    if code.pages != len(layout.pages):
        return leave(f"a sheet of another build of quiz '{code.quiz}' form {code.form}")
    page = layout.pages[code.page - 1]
    straight = warp(image.pixels, placed)
    inked = ink(straight)
    digits = read_boxes(inked, page.digits)
    student, certain = student_number(digits, layout.places)
    if not certain:
        result.reviews.append(
            ReviewItem(
                source,
                image.page,
                student,
                "student",
                "student number",
                "review",
                _fills(digits, marked_only=True),
                _crop_digits(straight, layout),
            )
        )
    rows: list[Response] = []
    for position, question_rows in _by_question(page.rows):
        question = question_rows[0].question
        readings = [read_boxes(inked, row.boxes) for row in question_rows]
        decision = _decide(question.type, readings)
        rows.append(
            Response(
                form.quiz,
                form.form,
                student,
                source,
                image.page,
                position,
                question.bank,
                question.question,
                decision.response,
                decision.fill,
                decision.status,
            )
        )
        if decision.status == "review":
            flat = [r for rr in readings for r in rr]
            result.reviews.append(
                ReviewItem(
                    source,
                    image.page,
                    student,
                    str(position),
                    f"{question.bank}/{question.question} ({question.type})",
                    decision.status,
                    _fills(flat),
                    _crop_rows(straight, question_rows),
                )
            )
    if certain:
        key = (form.quiz, form.form, code.page, student)
        if key in seen:
            first, earlier = seen[key]
            same = [(r.response, r.status) for r in earlier] == [
                (r.response, r.status) for r in rows
            ]
            if same:
                result.duplicates.append(f"{source} page {image.page} repeats {first}")
                return None
            return leave(
                f"student {student} already has page {code.page} of this sheet ({first}) with other answers"
            )
        seen[key] = (f"{source} page {image.page}", rows)
    result.responses += rows
    return None


def _by_question(rows: Sequence[Row]) -> list[tuple[int, list[Row]]]:
    grouped: dict[int, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.question.position, []).append(row)
    return list(grouped.items())


def _decide(kind: str, readings: list[list[Reading]]) -> Decision:
    """A question's decision: its bubbles, or its teacher's marks (one per cloze blank)."""
    if kind in ("choice", "truefalse", "multi"):
        return decide(readings[0], single=kind != "multi")
    blanks = [decide(row, single=True) for row in readings]
    darkest = max(d.fill for d in blanks)
    statuses = {d.status for d in blanks}
    if "review" in statuses:
        return Decision("", darkest, "review")
    if statuses == {"blank"}:
        return Decision("", darkest, "blank")
    if "blank" in statuses:
        # Some blanks marked, some not: the teacher has not finished this question.
        return Decision("", darkest, "review")
    return Decision(";".join(d.response for d in blanks), darkest, "ok")


def _fills(readings: Sequence[Reading], marked_only: bool = False) -> str:
    shown = [r for r in readings if not marked_only or r.fill > 0.05]
    return ", ".join(f"{_name(r)}\u00a0{r.fill:.2f}" for r in shown)


def _name(reading: Reading) -> str:
    box = reading.box
    if box.kind == "digit":
        return f"{box.blank}:{box.value}"
    return f"({box.blank}){box.value}" if box.blank else box.value


def _crop_rows(page: np.ndarray, rows: Sequence[Row]) -> bytes:
    top = min(r.y for r in rows) - 1
    bottom = max(r.y for r in rows) + ROW_HEIGHT + 1
    return _png(page, rows[0].x - 1, top, rows[0].x + COLUMN_WIDTH + 1, bottom)


def _crop_digits(page: np.ndarray, layout: SheetLayout) -> bytes:
    right = DIGIT_LEFT + layout.places * DIGIT_PITCH_X + 1
    return _png(page, DIGIT_LEFT - 2, DIGIT_TOP - 8, right, DIGIT_TOP + 56)


def _png(page: np.ndarray, left: float, top: float, right: float, bottom: float) -> bytes:
    y0, y1 = max(0, round(top * SCALE)), round(bottom * SCALE)
    x0, x1 = max(0, round(left * SCALE)), round(right * SCALE)
    ok, data = cv2.imencode(".png", page[y0:y1, x0:x1])
    return bytes(data) if ok else b""
