"""openpyxl's own .xlsx, the oracle of writers/xlsx.py, and the parts quizdeck ships from it.

    python tests/xlsx_parts.py     # writes src/quizdeck/writers/xlsx_parts.json again

tests/test_xlsx.py holds the shipped parts, and every sheet quizdeck writes, equal to these.
"""

from __future__ import annotations

import datetime
import io
import json
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).resolve().parents[1] / "src" / "quizdeck" / "writers" / "xlsx_parts.json"

# What a row of cells holds: text, a whole number or nothing (as writers/xlsx.CellValue).
Cells = Sequence[str | int | None]


def _written(title: str, rows: Sequence[Cells]) -> bytes:
    """openpyxl's .xlsx of one sheet, `title`, each value in its cell, text marked as text,
    with quizdeck's fixed times, in the zip entries openpyxl makes."""
    import openpyxl
    import openpyxl.xml
    from openpyxl.writer.excel import ExcelWriter

    from quizdeck.writers.archive import ZIP_TIME

    # lxml writes "<x/>"; ElementTree, where lxml is missing, "<x />": the oracle is lxml's.
    assert openpyxl.xml.LXML, "openpyxl writes through lxml here (a test extra)"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is not None:
                cell = sheet.cell(row_number, column, value)
                if isinstance(value, str):
                    cell.data_type = "s"
    workbook.properties.created = workbook.properties.modified = datetime.datetime(*ZIP_TIME)
    workbook.properties.creator = "quizdeck"
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(workbook, archive).save()
    return written.getvalue()


def openpyxl_workbook(title: str, rows: Sequence[Cells]) -> bytes:
    """The rows as openpyxl writes them, in the zip entries of writers/xlsx.workbook_bytes."""
    from quizdeck.writers.archive import add_zip_entry

    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_written(title, rows))) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for name in source.namelist():
            add_zip_entry(archive, name, source.read(name))
    return fixed.getvalue()


def openpyxl_parts() -> dict[str, Any]:
    """openpyxl's parts of a workbook of one empty sheet named xlsx.TITLE, as shipped."""
    import openpyxl

    from quizdeck.writers import xlsx

    with zipfile.ZipFile(io.BytesIO(_written(xlsx.TITLE, []))) as source:
        parts = [[name, source.read(name).decode("utf-8")] for name in source.namelist()]
    return {"openpyxl": openpyxl.__version__, "parts": parts}


def text(parts: dict[str, Any]) -> str:
    """The parts as the shipped file holds them."""
    return json.dumps(parts, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(SHIPPED.parents[2]))
    SHIPPED.write_text(text(openpyxl_parts()), encoding="utf-8")
    print(f"wrote {SHIPPED}")
