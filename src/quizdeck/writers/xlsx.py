"""An .xlsx of one sheet, the same bytes on every rebuild: openpyxl's parts around the
cells, shipped, and the cells written here as openpyxl writes them.

openpyxl (with the numpy it imports) takes longer to import than one bank takes to
build, and a rebuild after one edit builds one bank: its workbook of one empty sheet is
shipped in xlsx_parts.json (tests/xlsx_parts.py writes it from openpyxl, and
tests/test_xlsx.py holds it, and every sheet written here, equal to openpyxl's own).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from quizdeck.writers.archive import add_zip_entry

# The most characters a spreadsheet cell holds (Excel, and the importers reading its files).
CELL_LIMIT = 32767
# What a spreadsheet cell holds (None: an empty cell).
CellValue = str | int | None
# The sheet's name in the shipped parts, replaced by the title given.
TITLE = "QUIZDECKTITLE"
# The control characters a worksheet cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE).
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_PARTS = Path(__file__).with_name("xlsx_parts.json")
_SHEET = "xl/worksheets/sheet1.xml"
_EMPTY_SHEET = re.compile(
    r'(?P<start>.*?)<dimension ref="A1:A1"/>(?P<middle>.*?)<sheetData></sheetData>(?P<end>.*)',
    re.DOTALL,
)
# Escapes of a cell's text, and of an attribute's, as openpyxl (through lxml) writes them.
_CELL_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE = (*_CELL_TEXT[:3], ('"', "&quot;"))


def workbook_bytes(title: str, rows: Iterable[Sequence[CellValue]]) -> bytes:
    """An .xlsx of one sheet, `title`, holding `rows` from row 1 (an empty row stays
    empty); text stays text, even `=1+1` (no formula is ever written); fixed times
    (document properties and zip entries): the same bytes on every rebuild."""
    parts = _parts(title)
    cells, dimension = _sheet_data(rows)
    empty = _EMPTY_SHEET.fullmatch(parts[_SHEET])
    if empty is None:
        raise RuntimeError(f"{_PARTS.name} holds an empty sheet quizdeck does not know")
    sheet = f'{empty["start"]}<dimension ref="{dimension}"/>{empty["middle"]}{cells}{empty["end"]}'
    fixed = io.BytesIO()
    with zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            # openpyxl writes a sheet's text beyond ASCII as character references.
            data = sheet.encode("ascii", "xmlcharrefreplace") if name == _SHEET else text.encode()
            add_zip_entry(archive, name, data)
    return fixed.getvalue()


def column_letter(column: int) -> str:
    """A column's letters: 1 is A, 27 is AA (openpyxl's get_column_letter)."""
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _escaped(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for special, reference in escapes:  # str.replace: many times faster than translate
        if special in text:
            text = text.replace(special, reference)
    return text


def _sheet_data(rows: Iterable[Sequence[CellValue]]) -> tuple[str, str]:
    """The sheet's cells as openpyxl writes them (text inline, numbers, a row only where
    a cell holds a value) and the range they span (A1:A1 when none does)."""
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
            at = f"{column_letter(column)}{number}"
            if not isinstance(value, str):
                written.append(f'<c r="{at}" t="n"><v>{int(value)}</v></c>')
                continue
            value = value[:CELL_LIMIT]
            if ILLEGAL_CHARACTERS.search(value):
                # The banks refuse control characters first (control-character).
                raise ValueError(f"{value} cannot be used in worksheets.")
            if not value:
                written.append(f'<c r="{at}" t="inlineStr"></c>')
                continue
            space = ' xml:space="preserve"' if value != value.strip() else ""
            written.append(
                f'<c r="{at}" t="inlineStr"><is><t{space}>{_escaped(value, _CELL_TEXT)}</t></is></c>'
            )
        if written:
            first_row = first_row or number
            last_row = number
            out.append(f'<row r="{number}">{"".join(written)}</row>')
    out.append("</sheetData>")
    if not last_row:
        return "".join(out), "A1:A1"
    first, last = column_letter(first_column), column_letter(last_column)
    return "".join(out), f"{first}{first_row}:{last}{last_row}"


@cache
def _parts(title: str) -> dict[str, str]:
    """The parts of openpyxl's .xlsx of one empty sheet, `title`, with fixed times."""
    shipped = json.loads(_PARTS.read_text(encoding="utf-8"))
    named = f'name="{_escaped(title, _ATTRIBUTE)}"'
    return {name: text.replace(f'name="{TITLE}"', named) for name, text in shipped["parts"]}
