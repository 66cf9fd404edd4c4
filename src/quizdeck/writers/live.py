"""Live classroom quizzes and flashcards (README: live quizzes): what Kahoot, Wayground,
Blooket and Quizlet share.

Each platform is a writer of its own (kahoot, wayground, blooket, quizlet); this module
holds what they have in common: what each platform can hold (its limits, in one table),
how a question that does not fit is left out and named with its reason, the time limit a
question's difficulty gives, the plain-text words of a question, and spreadsheet bytes
that are the same on every rebuild with no text read as a formula.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from quizdeck.errors import QuizdeckError
from quizdeck.resolve import Piece, Resolved, assert_never
from quizdeck.sources.labels import labels_for, truth_label
from quizdeck.workspace import UsageError
from quizdeck.writers.archive import ZIP_TIME, add_zip_entry
from quizdeck.writers.live_platforms import (
    PLATFORMS,
    LeftOut,
    Platform,
)

# README: live quizzes, time limits. Seconds per question by difficulty (no difficulty:
# medium); every platform with a timer offers these three.
TIME_BY_DIFFICULTY: Mapping[str, int] = {"easy": 20, "medium": 30, "hard": 60}
DEFAULT_TIME = TIME_BY_DIFFICULTY["medium"]
# The most characters a spreadsheet cell holds (Excel, and the importers reading its files).
CELL_LIMIT = 32767
# What stands for a cloze blank in a live quiz's text.
GAP = "_____"
# A spreadsheet program reads a cell starting with one of these as a formula; a plain
# number (-3, +2.5%) it reads as a number, which is harmless.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")
# The fixed time of every .xlsx: an unchanged bank rebuilds to the same bytes.
_XLSX_TIME = datetime.datetime(*ZIP_TIME)

Row = TypeVar("Row")
# What a spreadsheet cell of a live quiz holds (None: an empty cell).
CellValue = str | int | None


@dataclass(frozen=True)
class LiveFile:
    """One platform file of a bank: its bytes and the questions left out of it."""

    data: bytes
    left_out: tuple[LeftOut, ...]


class LeftOutError(QuizdeckError):
    """`--strict` and a question some platform cannot hold: nothing is written (exit 1)."""

    exit_code = 1

    def __init__(self, left_out: Sequence[LeftOut]) -> None:
        super().__init__(f"{len(left_out)} question(s) left out")
        self.left_out = tuple(left_out)


def check_time_limit(platforms: Sequence[str], seconds: int | None) -> None:
    """Refuse a `--time-limit` one of the platforms does not offer (UsageError)."""
    if seconds is None:
        return
    for name in platforms:
        platform = PLATFORMS[name]
        if not platform.times:
            raise UsageError(f"--time-limit: {platform.title} has no time limit")
        if seconds not in platform.times:
            raise UsageError(
                f"--time-limit {seconds}: {platform.title} offers {offered(platform.times)} seconds"
            )


def offered(times: tuple[int, ...]) -> str:
    """The time limits a platform offers, as the README writes them: 5, 10 or 20; 5–300."""
    if len(times) > 12 and times == tuple(range(times[0], times[-1] + 1)):
        return f"{times[0]}–{times[-1]}"
    return ", ".join(str(t) for t in times[:-1]) + f" or {times[-1]}"


def time_limit(question: Resolved, override: int | None) -> int:
    """The seconds a question is shown: `--time-limit`, else from its difficulty."""
    if override is not None:
        return override
    return TIME_BY_DIFFICULTY.get(question.difficulty or "medium", DEFAULT_TIME)


def length(value: str) -> int:
    """A text's length as web platforms count it: UTF-16 units (an emoji counts two)."""
    return len(value.encode("utf-16-le")) // 2


def over(platform: Platform, what: str, values: Sequence[str], limit: int | None) -> str | None:
    """Why `values` do not fit `limit` characters on `platform`, or None when they do."""
    if limit is None:
        return None
    for value in values:
        if length(value) > limit:
            return f"{what} is {length(value)} characters; {platform.title} holds {limit}"
    return None


def too_many(platform: Platform, what: str, count: int, limit: int | None) -> str | None:
    """Why `count` choices or answers do not fit `platform`, or None when they do."""
    if limit is None or count <= limit:
        return None
    return f"{count} {what}; {platform.title} holds {limit}"


def no_form(platform: Platform, question: Resolved, form: str) -> str:
    """The reason a question of a type the platform's import has no form for is left out."""
    return f"a {question.type} question; {platform.title}'s import has no {form}"


def first_reason(*reasons: str | None) -> str | None:
    """The first of `reasons` that is one (the checks in the order the README lists them)."""
    return next((reason for reason in reasons if reason), None)


def formula_like(value: str) -> bool:
    """True for text a spreadsheet program would read as a formula (CSV injection)."""
    return value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value)


def prompt_text(question: Resolved) -> str:
    """The prompt as plain text (a cloze's: the label asking for the blanks), unit named."""
    labels = labels_for(question.source.language)
    prompt = question.prompt if question.prompt is not None else labels["cloze_prompt"]
    if question.number is not None and question.number.unit:
        prompt += f" ({labels['unit'].format(unit=question.number.unit)})"
    return prompt


def cloze_text(question: Resolved, gap: Callable[[Piece], str], between: str = "\n") -> str:
    """The cloze quotes as one text, `between` each (a line), every blank written by `gap`."""
    return between.join(
        "".join(piece.text if piece.blank is None else gap(piece) for piece in line)
        for line in question.cloze
    )


def feedback_text(question: Resolved) -> str:
    """Explanation, evidence and "title, ¶N", labelled in the bank's language, one a line."""
    labels = labels_for(question.source.language)
    lines = [f"{labels['explanation']}: {question.explanation}"] if question.explanation else []
    lines.append(f"{labels['evidence']}: {' / '.join(question.evidence)}")
    lines.append(f"{labels['source']}: {question.citation}")
    return "\n".join(lines)


def key_numbers(order: Sequence[int], keys: frozenset[int]) -> list[int]:
    """The 1-based positions of the keys among choices shown in `order`."""
    return [position + 1 for position, index in enumerate(order) if index in keys]


def shown_choices(question: Resolved, order: Sequence[int]) -> tuple[list[str], list[int]]:
    """A choice question's answers in `order`, and the 1-based numbers of its keys."""
    return [question.choices[i] for i in order], key_numbers(order, question.keys)


def truth_answers(question: Resolved) -> tuple[list[str], list[int]]:
    """A true/false question as two answers, true then false in the bank's language, and
    the number of the right one."""
    language = question.source.language
    answers = [truth_label(language, True), truth_label(language, False)]
    return answers, [1 if question.truth else 2]


def picked_answers(
    platform: Platform, question: Resolved, order: Sequence[int]
) -> tuple[list[str], list[int]] | str:
    """A question as answers to pick from (in `order`) and its keys' numbers, or why a
    platform with no typed-answer form cannot hold it (Kahoot, Blooket)."""
    match question.type:
        case "choice" | "multi":
            return shown_choices(question, order)
        case "truefalse":
            return truth_answers(question)
        case "short" | "numeric" | "cloze":
            return no_form(platform, question, "typed-answer form")
        case _:
            assert_never(question.type)


def sort_out(
    platform: Platform, questions: Iterable[Resolved], row: Callable[[Resolved], Row | str]
) -> tuple[list[Row], tuple[LeftOut, ...]]:
    """Each question's row where `platform` holds it; the others left out with `row`'s reason."""
    rows: list[Row] = []
    left_out = []
    for question in questions:
        made = row(question)
        if isinstance(made, str):
            left_out.append(LeftOut(platform.name, question.key, made))
        else:
            rows.append(made)
    return rows, tuple(left_out)


def cell_reason(platform: Platform, values: Sequence[str]) -> str | None:
    """Why a row's texts do not fit a spreadsheet cell, or None when they do."""
    longest = max((len(value) for value in values), default=0)
    if longest > CELL_LIMIT:
        return f"a text of {longest} characters; a {platform.title} sheet's cell holds {CELL_LIMIT}"
    return None


def workbook_bytes(title: str, rows: Iterable[Sequence[CellValue]]) -> bytes:
    """An .xlsx of one sheet, `title`, holding `rows` from row 1 (an empty row stays
    empty); text stays text, even `=1+1` (no formula is ever written); fixed times
    (document properties and zip entries): the same bytes on every rebuild.

    The bytes are those openpyxl writes for a sheet of these cells (a test compares
    them): its parts around the cells are made once per title, the cells are written
    here, in one pass; openpyxl's cell objects took most of a cold build's time in the
    live quizzes.
    """
    parts = _workbook_parts(title)
    cells, dimension = _sheet_data(rows)
    # openpyxl writes through lxml when it is installed, else through ElementTree, which
    # puts a space before "/>": the empty sheet's range and data are found either way.
    empty = _EMPTY_SHEET.fullmatch(parts[_SHEET])
    if empty is None:
        raise RuntimeError(f"openpyxl wrote an empty sheet quizdeck does not know: {_SHEET}")
    written = cells.encode("ascii", "xmlcharrefreplace")
    sheet = b"".join(
        (
            empty["start"],
            f'<dimension ref="{dimension}"{empty["space"].decode()}/>'.encode(),
            empty["middle"],
            written,
            empty["end"],
        )
    )
    fixed = io.BytesIO()
    with zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            add_zip_entry(archive, name, sheet if name == _SHEET else data)
    return fixed.getvalue()


_SHEET = "xl/worksheets/sheet1.xml"
_EMPTY_SHEET = re.compile(
    rb'(?P<start>.*?)<dimension ref="A1:A1"(?P<space> ?)/>(?P<middle>.*?)'
    rb"(?:<sheetData></sheetData>|<sheetData ?/>)(?P<end>.*)",
    re.DOTALL,
)
# Escapes of a cell's text as openpyxl (lxml) writes it.
_CELL_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))


def _sheet_data(rows: Iterable[Sequence[CellValue]]) -> tuple[str, str]:
    """The sheet's cells as openpyxl writes them (text inline, numbers, a row only where
    a cell holds a value) and the range they span (A1:A1 when none does)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import IllegalCharacterError

    out = ["<sheetData>"]
    first_row = last_row = last_column = 0
    first_column = 1 << 14
    for number, row in enumerate(rows, start=1):
        written: list[str] = []
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            if not written:
                first_column = min(first_column, column)
            last_column = max(last_column, column)
            at = f"{get_column_letter(column)}{number}"
            if not isinstance(value, str):
                written.append(f'<c r="{at}" t="n"><v>{int(value)}</v></c>')
                continue
            value = value[:CELL_LIMIT]
            if ILLEGAL_CHARACTERS_RE.search(value):
                raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
            if not value:
                written.append(f'<c r="{at}" t="inlineStr"></c>')
                continue
            space = ' xml:space="preserve"' if value != value.strip() else ""
            text = value
            for special, reference in _CELL_TEXT:  # str.replace: many times faster than translate
                if special in text:
                    text = text.replace(special, reference)
            written.append(f'<c r="{at}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        if written:
            first_row = first_row or number
            last_row = number
            out.append(f'<row r="{number}">{"".join(written)}</row>')
    out.append("</sheetData>")
    if not last_row:
        return "".join(out), "A1:A1"
    first, last = get_column_letter(first_column), get_column_letter(last_column)
    return "".join(out), f"{first}{first_row}:{last}{last_row}"


@cache
def _workbook_parts(title: str) -> dict[str, bytes]:
    """The parts of openpyxl's .xlsx of one empty sheet, `title`, with fixed times."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    workbook.properties.created = _XLSX_TIME
    workbook.properties.modified = _XLSX_TIME
    workbook.properties.creator = "quizdeck"
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(workbook, archive).save()
    with zipfile.ZipFile(written) as source:
        return {name: source.read(name) for name in source.namelist()}


def summary(left_out: Sequence[LeftOut]) -> list[str]:
    """The left-out summary, one line a question: `kahoot  bank/id: reason`."""
    width = max((len(item.platform) for item in left_out), default=0)
    return [f"  {item.platform:<{width}}  {item.key}: {item.reason}" for item in left_out]
