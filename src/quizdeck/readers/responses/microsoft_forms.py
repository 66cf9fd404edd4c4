"""A Microsoft Forms results workbook (.xlsx): ID, Start time, Completion time, Email, Name, …"""

from __future__ import annotations

from quizdeck.readers.responses.model import Catalogue, Responses
from quizdeck.readers.responses.tables import Table
from quizdeck.readers.responses.wide import Layout, read_wide

_FIXED = {
    "id", "start time", "completion time", "email", "name", "last modified time",
    "total points", "quiz feedback",
}  # fmt: skip


def _ignored(heading: str) -> bool:
    folded = heading.casefold()
    return folded in _FIXED or folded.startswith(("points - ", "feedback - "))


LAYOUT = Layout(student=("Email", "ID"), name=("Name",), ignored=_ignored, separator=";")


def is_microsoft_forms(table: Table) -> bool:
    """True for the first sheet of a Microsoft Forms results workbook."""
    heads = [h.strip() for h in table.header[:3]]
    return heads == ["ID", "Start time", "Completion time"]


def read_microsoft_forms(table: Table, catalogue: Catalogue) -> Responses:
    """A row per respondent; several choices are joined with ";" (and end with one)."""
    return read_wide(table, catalogue, LAYOUT)
