"""A Google Forms responses CSV: Timestamp, Email Address, Score, then a column per question."""

from __future__ import annotations

from quizdeck.readers.responses.model import Catalogue, Responses
from quizdeck.readers.responses.tables import Table
from quizdeck.readers.responses.wide import Layout, read_wide

# Columns a teacher may add to identify students; every other column must be a question.
IDENTITY = {"timestamp", "score", "name", "이름", "class", "반", "email address"}
LAYOUT = Layout(
    student=("Student ID", "학번", "Email Address"),
    name=("Name", "이름"),
    ignored=lambda heading: heading.casefold() in IDENTITY,
    separator=";",
)


def is_google_forms(table: Table) -> bool:
    """True for a Google Forms responses download."""
    return bool(table.header) and table.header[0].strip() == "Timestamp"


def read_google_forms(table: Table, catalogue: Catalogue) -> Responses:
    """A row per respondent; checkbox answers are joined with ";"."""
    return read_wide(table, catalogue, LAYOUT)
