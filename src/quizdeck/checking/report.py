"""Diagnostics as text and JSON, in the formats the README shows."""

from __future__ import annotations

import json
from collections.abc import Iterable

from quizdeck.banks.model import Diagnostic
from quizdeck.limits import printable


def format_text(diagnostic: Diagnostic) -> str:
    """One line per diagnostic, then its hints indented."""
    subject = (
        f"{diagnostic.location}: {diagnostic.severity}[{diagnostic.code}] {diagnostic.message}"
    )
    return printable("\n".join([subject, *(f"    {hint}" for hint in diagnostic.hints)]))


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    """The JSON list of diagnostics the README documents."""
    return json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2)


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    """Order diagnostics by file, line and column."""
    loc = diagnostic.location
    return (loc.path, loc.line, loc.column, diagnostic.code)
