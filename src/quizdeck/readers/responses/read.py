"""Which importer reads a file, and the catalogue (banks and form records) answers map to."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quizdeck.forms import RecordedForm, read_record
from quizdeck.readers.responses.canvas import is_canvas, read_canvas
from quizdeck.readers.responses.google_forms import is_google_forms, read_google_forms
from quizdeck.readers.responses.microsoft_forms import is_microsoft_forms, read_microsoft_forms
from quizdeck.readers.responses.model import Catalogue, Responses
from quizdeck.readers.responses.moodle import is_moodle, read_moodle
from quizdeck.readers.responses.progress_store import is_progress_store, read_progress_store
from quizdeck.readers.responses.scan import (
    Corrections,
    is_corrections,
    is_scan,
    read_corrections,
    read_scan,
    unused_corrections,
)
from quizdeck.readers.responses.tables import Table, read_bytes, read_csv, read_xlsx
from quizdeck.readers.responses.zipgrade import is_zipgrade, read_zipgrade
from quizdeck.readers.scan.responses import COLUMNS as SCAN_COLUMNS
from quizdeck.readers.scan.responses import CORRECTION_COLUMNS
from quizdeck.resolve import ResolvedBank
from quizdeck.workspace import UsageError

RECORD_SUFFIX = ".forms.json"
XLSX_MAGIC = b"PK\x03\x04"

_FORMATS = (
    (is_google_forms, read_google_forms),
    (is_microsoft_forms, read_microsoft_forms),
    (is_moodle, read_moodle),
    (is_canvas, read_canvas),
    (is_zipgrade, read_zipgrade),
)


def catalogue(banks: Sequence[ResolvedBank], records: Sequence[Path]) -> Catalogue:
    """The questions of `banks` and every form in the form records (files or directories)."""
    forms: dict[tuple[str, str], RecordedForm] = {}
    for place in records:
        files = sorted(place.glob(f"*{RECORD_SUFFIX}")) if place.is_dir() else [place]
        for path in files:
            for form in read_record(read_bytes(path, str(path)), str(path)):
                forms[(form.quiz, form.form)] = form
    questions = {q.key: q for bank in banks for q in bank.questions}
    return Catalogue(questions, forms)


def read_answers(paths: Sequence[tuple[Path, str]], known: Catalogue) -> Responses:
    """Every answer in the files (path, name shown), each read by the importer its contents call for.

    Corrections files apply to the scan's responses files among them.
    """
    tables: list[tuple[Path, str, Table | None]] = []
    corrections: Corrections = {}
    for path, shown in paths:
        data = read_bytes(path, shown)
        if is_progress_store(data):
            tables.append((path, shown, None))
            continue
        table: Table | None = (
            read_xlsx(data, shown) if data.startswith(XLSX_MAGIC) else read_csv(data, shown)
        )
        assert table is not None
        if is_corrections(table):
            corrections.update(read_corrections(table))
        else:
            tables.append((path, shown, table))
    out = Responses()
    scanned = [t for _, _, t in tables if t is not None and is_scan(t)]
    if corrections and not scanned:
        raise UsageError(
            "a corrections file applies to the responses.csv of quizdeck scan: name it too"
        )
    used: set[tuple[str, str, str]] = set()
    for path, shown, table in tables:
        if table is None:
            out.extend(read_progress_store(path, shown, known))
        elif is_scan(table):
            out.extend(read_scan(table, known, corrections, used))
        else:
            out.extend(_read_platform(table, known))
    out.problems.extend(unused_corrections(corrections, used))
    return out


def _read_platform(table: Table, known: Catalogue) -> Responses:
    for recognise, read in _FORMATS:
        if recognise(table):
            return read(table, known)
    heads = ", ".join(h for h in table.header[:4])
    raise UsageError(
        f"{table.path}: no known answers format (heading: {heads} …); "
        f"quizdeck scan writes {','.join(SCAN_COLUMNS)}, a corrections file "
        f"{','.join(CORRECTION_COLUMNS)}; the README lists the platforms' formats"
    )
