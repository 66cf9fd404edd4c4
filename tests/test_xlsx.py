"""writers/xlsx.py: an .xlsx of one sheet, byte for byte what openpyxl writes, without openpyxl."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import openpyxl
import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from conftest import REPO
from quizdeck.writers import xlsx
from xlsx_parts import SHIPPED, openpyxl_parts, openpyxl_workbook, text


def test_the_shipped_parts_are_openpyxls_own() -> None:
    made = openpyxl_parts()
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    # openpyxl names its version in docProps/app.xml: a newer release differs there only.
    version = f"Openpyxl {made['openpyxl']}"
    made = json.loads(text(made).replace(version, f"Openpyxl {shipped['openpyxl']}"))
    assert made["parts"] == shipped["parts"], "python tests/xlsx_parts.py writes them again"


def test_a_sheet_is_the_bytes_openpyxl_writes() -> None:
    tricky: list[tuple[xlsx.CellValue, ...]] = [
        (),
        (None, "=SUM(A1,A2)", "#N/A", "@x", "+1", "-3", "=", ""),
        (" lead", "trail ", "a\r\nb\tc", "R&D <b> ]]> \"q\" 'a'", "é 한국어 🙂", 0, -7, 12345),
        tuple(str(n) for n in range(30)),
        (None, None, "x" * 40000),
        (None,) * 12,
        (None,) * 700 + ("far right",),
    ]
    # The sheet's range: from column A or B, with or without empty rows, or no cell at all.
    cases = [("Kahoot", tricky), ('R&D <"x">', tricky[1:]), ("Wayground", []), ("K", [(None, 5)])]
    for title, rows in cases:
        assert xlsx.workbook_bytes(title, rows) == openpyxl_workbook(title, rows), title


# Run where openpyxl has no lxml (a user's install: lxml is a test extra): quizdeck's
# bytes do not change, and openpyxl, through ElementTree, reads them back as written.
WITHOUT_LXML = """
import io, sys
import openpyxl, openpyxl.xml
sys.path[:0] = sys.argv[1:]
from quizdeck.writers import xlsx
assert not openpyxl.xml.LXML
rows = [(), (None, "=SUM(A1)", "#N/A", " lead", "a\\r\\nb", "R&D <b> 'a'", 0, -7), ("x",)]
ours = xlsx.workbook_bytes("Kahoot", rows)
values = [list(r) for r in openpyxl.load_workbook(io.BytesIO(ours)).active.values]
assert values[1] == [None, "=SUM(A1)", "#N/A", " lead", "a\\r\\nb", "R&D <b> 'a'", 0, -7], values
sys.stdout.buffer.write(ours)
"""


def test_a_sheet_is_the_same_where_openpyxl_has_no_lxml() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_LXML, str(REPO / "src")],
        env={**os.environ, "OPENPYXL_LXML": "False"},
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    rows = [(), (None, "=SUM(A1)", "#N/A", " lead", "a\r\nb", "R&D <b> 'a'", 0, -7), ("x",)]
    assert done.stdout == xlsx.workbook_bytes("Kahoot", rows)


def test_writing_a_sheet_does_not_import_openpyxl() -> None:
    code = (
        "import sys\nfrom quizdeck.writers import xlsx\n"
        "xlsx.workbook_bytes('Kahoot', [('a', 1)])\nprint('openpyxl' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout == "False\n"


def test_the_characters_refused_are_openpyxls() -> None:
    ours = {c for c in range(0x3000) if xlsx.ILLEGAL_CHARACTERS.search(chr(c))}
    theirs = {c for c in range(0x3000) if ILLEGAL_CHARACTERS_RE.search(chr(c))}
    assert ours == theirs and len(ours) == 29
    with pytest.raises(ValueError, match=re.escape("a\x07b cannot be used in worksheets.")):
        xlsx.workbook_bytes("Kahoot", [("a\x07b",)])


def test_column_letters_are_openpyxls() -> None:
    for column in [*range(1, 800), 16383, 16384]:
        assert xlsx.column_letter(column) == get_column_letter(column)


def test_a_sheet_reads_back_in_openpyxl() -> None:
    data = xlsx.workbook_bytes("Wayground", [("Question", "Answer"), ("=1+1", 7)])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None and sheet.title == "Wayground"
    assert [list(r) for r in sheet.values] == [["Question", "Answer"], ["=1+1", 7]]
