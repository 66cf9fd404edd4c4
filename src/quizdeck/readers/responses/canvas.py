"""A Canvas quiz "Student Analysis" report CSV: a `<id>: <question text>` column per question."""

from __future__ import annotations

import re

from quizdeck.readers.responses.model import Catalogue, Responses
from quizdeck.readers.responses.tables import Table
from quizdeck.readers.responses.wide import Layout, read_wide

_FIXED = {
    "name", "id", "sis_id", "section", "section_id", "section_sis_id", "submitted",
    "attempt", "n correct", "n incorrect", "score",
}  # fmt: skip
_POINTS = re.compile(r"^-?\d+(\.\d+)?$")


def _ignored(heading: str) -> bool:
    # After each question, a column headed by its points holds the student's score.
    return heading.casefold() in _FIXED or _POINTS.match(heading) is not None


LAYOUT = Layout(student=("sis_id", "id"), name=("name",), ignored=_ignored, separator=",")


def is_canvas(table: Table) -> bool:
    """True for a Canvas Student Analysis report."""
    heads = [h.strip() for h in table.header]
    return heads[:3] == ["name", "id", "sis_id"] and "attempt" in heads


def read_canvas(table: Table, catalogue: Catalogue) -> Responses:
    """A row per attempt; several answers (multiple answers, blanks) are joined with ","."""
    return read_wide(table, catalogue, LAYOUT)
