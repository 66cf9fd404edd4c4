"""Reading one bank file: the diagnostics it collects, and the schema error a field raises."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import yaml

from quizdeck.banks.model import Diagnostic, Location, Question, Severity
from quizdeck.limits import MAX_PER_CODE

T = TypeVar("T")


class SchemaError(Exception):
    """Raised inside a field reader; turned into one schema diagnostic."""

    def __init__(self, node: yaml.Node, message: str, hints: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.node, self.message, self.hints = node, message, hints


@dataclass
class BankReader:
    """Collects diagnostics while one bank file is read."""

    path: str
    bank_id: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Lines of questions blanked out (`- ~`) after a syntax error: the rest is still read.
    blanked: set[int] = field(default_factory=set)
    # Questions with a schema error, with what did read (model.Bank.incomplete).
    incomplete: list[Question] = field(default_factory=list)
    # Diagnostics of each code, kept up to MAX_PER_CODE (finding 2: memory stays bounded).
    counts: Counter[str] = field(default_factory=Counter)
    first_omitted: dict[str, Location] = field(default_factory=dict)

    def at(self, where: Any) -> Location:
        """The location of a node or a mark (the C and pure-Python marks differ in type)."""
        mark = getattr(where, "start_mark", where)
        return Location(self.path, mark.line + 1, mark.column + 1)

    def error(
        self,
        code: str,
        where: Any,
        message: str,
        question: str | None = None,
        hints: tuple[str, ...] = (),
    ) -> None:
        self.counts[code] += 1
        if code in self.first_omitted:
            return
        location = where if isinstance(where, Location) else self.at(where)
        if self.counts[code] > MAX_PER_CODE:
            self.first_omitted[code] = location
            return
        self.diagnostics.append(
            Diagnostic(code, "error", location, message, self.bank_id, question, hints)
        )

    def summaries(self) -> list[Diagnostic]:
        """One line for each code with diagnostics past MAX_PER_CODE: how many more."""
        return [
            more_line(code, "error", location, self.counts[code] - MAX_PER_CODE, self.bank_id)
            for code, location in self.first_omitted.items()
        ]

    def read(self, reader: Callable[[], T], question: str | None = None) -> T | None:
        """Run a field reader; a SchemaError becomes a diagnostic and None."""
        try:
            return reader()
        except SchemaError as problem:
            self.report(problem, question)
            return None

    def field(
        self,
        read: Callable[[yaml.Node, str], T],
        node: yaml.Node,
        crumb: str,
        question: str | None = None,
    ) -> T | None:
        """Read one field's node; a SchemaError becomes a diagnostic and None."""
        return self.read(lambda: read(node, crumb), question)

    def report(self, problem: SchemaError, question: str | None = None) -> None:
        """Record a schema problem."""
        self.error("schema", problem.node, problem.message, question, problem.hints)


def more_line(
    code: str, severity: Severity, where: Location, more: int, bank: str | None
) -> Diagnostic:
    """The line that stands for the diagnostics of a code past MAX_PER_CODE in one file."""
    message = (
        f"{more:,} more {code} {severity}(s) in this file from here on "
        f"(the first {MAX_PER_CODE} are shown)"
    )
    return Diagnostic(code, severity, where, message, bank, more=more - 1)


def cap_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The first MAX_PER_CODE diagnostics of each code and file, then one line for the rest."""
    kept: list[Diagnostic] = []
    counts: Counter[tuple[str, str]] = Counter()
    omitted: dict[tuple[str, str], Diagnostic] = {}
    for found in diagnostics:
        key = (found.location.path, found.code)
        counts[key] += 1
        if counts[key] <= MAX_PER_CODE:
            kept.append(found)
        else:
            omitted.setdefault(key, found)
    for key, first in omitted.items():
        more = more_line(
            first.code, first.severity, first.location, counts[key] - MAX_PER_CODE, first.bank
        )
        kept.append(replace(more, question=first.question))
    return kept
