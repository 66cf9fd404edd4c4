"""Reading one bank file: the diagnostics it collects, and the schema error a field raises."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml

from quizdeck.banks.model import Diagnostic, Location, Question

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
        location = where if isinstance(where, Location) else self.at(where)
        self.diagnostics.append(
            Diagnostic(code, "error", location, message, self.bank_id, question, hints)
        )

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
