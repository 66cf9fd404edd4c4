"""What `check` found: the checked banks, their diagnostics, and the collector of findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from quizdeck.banks.model import Bank, Diagnostic, Location
from quizdeck.checking.codes import diagnostic, validate_codes
from quizdeck.resolve import ResolvedBank, resolve_bank
from quizdeck.sources.articles import Article, Body


@dataclass(frozen=True)
class CheckedBank:
    """A bank whose article was found, and its resolved form: all the exporters read."""

    bank: Bank
    article: Article
    body: Body
    # Paragraph numbers quoted by each question, in evidence order.
    paragraphs: Mapping[str, tuple[int, ...]] = field(compare=False, hash=False)

    @cached_property
    def resolved(self) -> ResolvedBank:
        """The bank as every output renders it, resolved once, when an output first asks."""
        return resolve_bank(self.bank, self.body.paragraphs, self.paragraphs)


@dataclass(frozen=True)
class CheckResult:
    """Everything `check` found: usable banks and every diagnostic."""

    banks: tuple[CheckedBank, ...]
    diagnostics: tuple[Diagnostic, ...]
    # The questions of each usable bank, in order (kept even when the banks are not).
    questions: tuple[int, ...] = ()

    @property
    def resolved(self) -> tuple[ResolvedBank, ...]:
        """The checked banks as the outputs render them."""
        return tuple(checked.resolved for checked in self.banks)

    @property
    def errors(self) -> int:
        """How many diagnostics are errors."""
        return sum(1 + d.more for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        """How many diagnostics are warnings."""
        return sum(1 + d.more for d in self.diagnostics if d.severity == "warning")

    def selecting(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> CheckResult:
        """Only the codes `select` names (all when empty), less those `ignore` names, like ruff."""
        select, ignore = tuple(select), tuple(ignore)
        validate_codes(select + ignore)
        kept = tuple(
            d for d in self.diagnostics if (not select or d.code in select) and d.code not in ignore
        )
        return CheckResult(self.banks, kept, self.questions)

    def failed(self, strict: bool = False) -> bool:
        """True when building must stop: any error, or any warning under --strict."""
        return self.errors > 0 or (strict and self.warnings > 0)


@dataclass
class Findings:
    """The diagnostics found in one bank, each of the question being checked."""

    bank: str
    question: str | None = None
    items: list[Diagnostic] = field(default_factory=list)
    # Closest-passage searches made for quotes not found (bounded: MAX_SEARCHES).
    searches: int = 0

    def add(self, code: str, location: Location, message: str, hints: Iterable[str] = ()) -> None:
        """A diagnostic of `code`, with the registry's severity."""
        self.items.append(diagnostic(code, location, message, self.bank, self.question, hints))
