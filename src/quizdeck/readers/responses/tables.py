"""Reading the tables answers arrive in: CSV (the csv module) and .xlsx (openpyxl), row by row."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quizdeck.limits import InputError, TooLarge, read_input
from quizdeck.workspace import UsageError

# A class's answers are small; a file past this is not one.
MAX_TABLE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Table:
    """A table's heading row and its data rows, each with the line (or row) it was read from."""

    path: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def origin(self, line: int) -> str:
        """Where a row was read: "file:line"."""
        return f"{self.path}:{line}"

    def column(self, *names: str) -> int | None:
        """The index of the first heading among `names` (compared without case), or None."""
        folded = [h.strip().casefold() for h in self.header]
        for name in names:
            if name.casefold() in folded:
                return folded.index(name.casefold())
        return None


def read_bytes(path: Path, shown: str) -> bytes:
    """A file's bytes, or UsageError naming it."""
    try:
        return read_input(path, MAX_TABLE_BYTES)
    except InputError as problem:
        raise UsageError(f"cannot read {shown}: {problem}") from None
    except TooLarge as problem:
        raise UsageError(problem.refusal(shown)) from None


def read_csv(data: bytes, shown: str) -> Table:
    """A CSV file (UTF-8, a byte-order mark allowed) as a Table; UsageError if it is none."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UsageError(f"{shown}:{line}: not UTF-8 text; save the CSV as UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, tuple[str, ...]]] = []
    try:
        header = tuple(next(reader, ()))
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, tuple(row)))
            start = reader.line_num + 1
    except csv.Error as error:
        raise UsageError(f"{shown}:{reader.line_num}: not a CSV table ({error})") from None
    if not header:
        raise UsageError(f"{shown}: empty file, no heading row")
    return Table(shown, header, tuple(rows))


def read_xlsx(data: bytes, shown: str) -> Table:
    """The first sheet of an .xlsx workbook as a Table (cells as text), read by openpyxl."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UsageError(f"{shown}: not an .xlsx workbook ({error})") from None
    try:
        sheet = book.worksheets[0]
        values = [
            (number, tuple(_cell(value) for value in row))
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()
    if not values:
        raise UsageError(f"{shown}: empty workbook, no heading row")
    header = values[0][1]
    rows = tuple((n, row) for n, row in values[1:] if any(cell.strip() for cell in row))
    return Table(shown, header, rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell(row: Sequence[str], index: int | None) -> str:
    """The stripped text of a row's cell, empty when the column is absent or the row short."""
    if index is None or index >= len(row):
        return ""
    return row[index].strip()
