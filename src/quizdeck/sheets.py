"""Answer sheets: where every marker, bubble and box of a form's sheet is, in millimetres.

One layout serves the sheet writer (which prints each box at its place) and `quizdeck
scan` (which reads each box at its place through the page's homography), so a scanned
sheet is read from its form record alone, without the HTML (README: answer sheets).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from quizdeck.forms import MAX_DIGITS, STUDENT_DIGITS, RecordedForm, RecordedQuestion
from quizdeck.sources.labels import truth_label

# A4 portrait.
PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
# ArUco markers (DICT_4X4_50), one per corner: ids 0 top left, 1 top right, 2 bottom
# right, 3 bottom left. Their ids, not their look, say which way up a page is.
MARKER_DICTIONARY = "DICT_4X4_50"
MARKER_SIZE = 12.0
MARKER_MARGIN = 10.0
MARKER_IDS = (0, 1, 2, 3)
# Each marker's cells inside its black border, row by row ("1" black), as OpenCV draws
# DICT_4X4_50's (tests/test_sheets.py compares): printing a sheet needs no OpenCV.
MARKER_CELLS: dict[int, tuple[str, ...]] = {
    0: ("0100", "1010", "1100", "1101"),
    1: ("1111", "0000", "0110", "0101"),
    2: ("1100", "1100", "1101", "0010"),
    3: ("0110", "0110", "1011", "1001"),
}
# The QR code (with its quiet zone inside the square) beside the top left marker.
QR_BOX = (26.0, 8.0, 30.0)  # left, top, side
QR_PREFIX = "QD1"
# The student-number grid: a place per column, digits 0-9 down.
DIGIT_LEFT = 62.0
DIGIT_TOP = 34.0
DIGIT_PITCH_X = 6.0
DIGIT_PITCH_Y = 5.4
DIGIT_SIZE = 4.4
# The question rows: three columns under the header, down to the bottom markers.
ROWS_TOP = 98.0
ROWS_BOTTOM = 272.0
ROW_HEIGHT = 7.0
COLUMN_LEFTS = (11.0, 74.0, 137.0)
COLUMN_WIDTH = 61.0
NUMBER_WIDTH = 11.0
BUBBLE_SIZE = 4.6
BUBBLE_PITCH = 6.0
WRITE_WIDTH = 32.0
TICK_SIZE = 4.4
ROWS_PER_COLUMN = int((ROWS_BOTTOM - ROWS_TOP) // ROW_HEIGHT)
# Question types answered by bubbles; the others are written and ticked by the teacher.
BUBBLED = ("choice", "multi", "truefalse")
TEACHER_MARKS = ("right", "wrong")


@dataclass(frozen=True)
class Box:
    """One readable box: a choice bubble, a teacher's right/wrong box or a digit bubble.

    `kind` is "choice", "mark" or "digit"; `question` the position on the form (0 for a
    digit); `value` the printed label (B, ②, O), "right"/"wrong", or the digit; `blank`
    the cloze blank (1-based, 0 otherwise) or the digit's place. x, y: top left, mm.
    """

    kind: str
    question: int
    value: str
    blank: int
    x: float
    y: float
    size: float

    @property
    def round(self) -> bool:
        """Bubbles are round, the teacher's boxes square."""
        return self.kind != "mark"

    @property
    def center(self) -> tuple[float, float]:
        """The box's centre in mm."""
        return self.x + self.size / 2, self.y + self.size / 2


@dataclass(frozen=True)
class Row:
    """One answer row: a question (or one blank of a cloze) with its boxes, at x, y (mm)."""

    question: RecordedQuestion
    blank: int
    x: float
    y: float
    boxes: tuple[Box, ...]
    # A typed answer's row has a box to write in, at write_x (mm), before the ticks.
    write_x: float | None = None

    @property
    def label(self) -> str:
        """The row's number as printed: 7, or 7 (2) for a cloze blank."""
        return (
            f"{self.question.position} ({self.blank})"
            if self.blank
            else str(self.question.position)
        )


@dataclass(frozen=True)
class SheetPage:
    """One page of a sheet: its number (1-based), student-number bubbles and answer rows."""

    number: int
    digits: tuple[Box, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class SheetLayout:
    """Every page of one form's answer sheet."""

    form: RecordedForm
    places: int
    pages: tuple[SheetPage, ...]


def choice_values(question: RecordedQuestion, language: str) -> tuple[str, ...]:
    """The labels of a question's bubbles: its printed choice labels, or O/X (T/F)."""
    if question.type == "truefalse":
        return tuple(truth_label(language, value)[:1] for value in (True, False))
    return question.labels


def sheet_layout(form: RecordedForm, places: int = STUDENT_DIGITS) -> SheetLayout:
    """Where every row and box of `form`'s sheet is; a question never spans two pages."""
    pages: list[list[Row]] = [[]]
    slot = 0
    capacity = ROWS_PER_COLUMN * len(COLUMN_LEFTS)
    for question in form.questions:
        blanks = question.blanks if question.type == "cloze" else 0
        needed = max(1, blanks)
        if slot + needed > capacity and slot > 0:
            pages.append([])
            slot = 0
        for blank in range(1, blanks + 1) if blanks else (0,):
            column, line = divmod(slot, ROWS_PER_COLUMN)
            column = min(column, len(COLUMN_LEFTS) - 1)
            x, y = COLUMN_LEFTS[column], ROWS_TOP + line * ROW_HEIGHT
            pages[-1].append(_row(form, question, blank, x, y))
            slot += 1
    return SheetLayout(
        form,
        places,
        tuple(
            SheetPage(number, _digit_boxes(places), tuple(rows))
            for number, rows in enumerate(pages, start=1)
        ),
    )


def _row(form: RecordedForm, question: RecordedQuestion, blank: int, x: float, y: float) -> Row:
    start = x + NUMBER_WIDTH
    if question.type in BUBBLED:
        top = y + (ROW_HEIGHT - BUBBLE_SIZE) / 2
        boxes = tuple(
            Box("choice", question.position, value, 0, start + k * BUBBLE_PITCH, top, BUBBLE_SIZE)
            for k, value in enumerate(choice_values(question, form.language))
        )
        return Row(question, blank, x, y, boxes)
    top = y + (ROW_HEIGHT - TICK_SIZE) / 2
    ticks = start + WRITE_WIDTH + 2.0
    boxes = tuple(
        Box("mark", question.position, mark, blank, ticks + k * (TICK_SIZE + 2.0), top, TICK_SIZE)
        for k, mark in enumerate(TEACHER_MARKS)
    )
    return Row(question, blank, x, y, boxes, write_x=start)


@functools.cache
def _digit_boxes(places: int) -> tuple[Box, ...]:
    return tuple(
        Box(
            "digit",
            0,
            str(digit),
            place,
            DIGIT_LEFT + (place - 1) * DIGIT_PITCH_X,
            DIGIT_TOP + digit * DIGIT_PITCH_Y,
            DIGIT_SIZE,
        )
        for place in range(1, places + 1)
        for digit in range(10)
    )


def marker_origin(marker_id: int) -> tuple[float, float]:
    """The top left corner (mm) of a corner marker, by its id."""
    far_x = PAGE_WIDTH - MARKER_MARGIN - MARKER_SIZE
    far_y = PAGE_HEIGHT - MARKER_MARGIN - MARKER_SIZE
    return {
        0: (MARKER_MARGIN, MARKER_MARGIN),
        1: (far_x, MARKER_MARGIN),
        2: (far_x, far_y),
        3: (MARKER_MARGIN, far_y),
    }[marker_id]


@dataclass(frozen=True)
class SheetCode:
    """What a sheet's QR code says: quiz, form, page of pages, student places, form hash."""

    quiz: str
    form: str
    page: int
    pages: int
    places: int
    hash: str

    def payload(self) -> str:
        """The QR code's text."""
        fields = (self.quiz, self.form, self.page, self.pages, self.places, self.hash)
        return "|".join([QR_PREFIX, *map(str, fields)])

    @classmethod
    def parse(cls, text: str) -> SheetCode | None:
        """The code a QR text carries, or None when it is not a quizdeck sheet's."""
        prefix, _, rest = text.partition("|")
        fields = rest.rsplit("|", 5)
        if prefix != QR_PREFIX or len(fields) != 6:
            return None
        quiz, form, page, pages, places, digest = fields
        try:
            code = cls(quiz, form, int(page), int(pages), int(places), digest)
        except ValueError:
            return None
        sane = 1 <= code.page <= code.pages and 1 <= code.places <= MAX_DIGITS
        return code if sane and quiz else None


def sheet_name(quiz_id: str, letter: str) -> str:
    """The file of one form's answer sheet, beside the form."""
    return f"{quiz_id}-{letter}-sheet.html"
