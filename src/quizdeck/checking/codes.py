"""The code registry: every diagnostic code `check` reports, its severity and what it means.

`CODES`, each diagnostic's severity, `--select`/`--ignore` validation and the codes an
`allow:` may name all come from here; tests/test_checker.py holds the README's tables
to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from quizdeck.banks.model import Diagnostic, Location, Severity
from quizdeck.sources.textnorm import did_you_mean
from quizdeck.workspace import UsageError


@dataclass(frozen=True)
class Code:
    """One diagnostic code: its name, severity, the check that reports it, and a summary."""

    name: str
    severity: Severity
    kind: Literal["reading", "grounding", "lint", "statistics"]
    summary: str


REGISTRY = (
    Code("yaml-syntax", "error", "reading", "the file is not valid YAML, nests too deep or holds a tag"),
    Code("yaml-duplicate-key", "error", "reading", "a key is repeated in one mapping"),
    Code("yaml-alias", "error", "reading", "an anchor or alias, refused in banks"),
    Code("encoding", "error", "reading", "a bank that is not UTF-8 or cannot be read"),
    Code("control-character", "error", "reading", "bank text holds a control character"),
    Code("too-large", "error", "reading", "a bank or article over its size limit"),
    Code("schema", "error", "reading", "a missing or unknown key, a wrong type, a bad id"),
    Code("source-missing", "error", "grounding", "article.source names no readable file in seeds/"),
    Code("source-outside", "error", "grounding", "article.source escapes seeds/"),
    Code("bank-id", "error", "reading", "the file name or id: is not a bank id"),
    Code("duplicate-id", "error", "grounding", "two questions, or two banks, share an id"),
    Code("evidence-not-found", "error", "grounding", "a quote is not in the article"),
    Code("evidence-outside-body", "error", "grounding", "a quote is only in page chrome"),
    Code("answer-not-in-choices", "error", "grounding", "an answer is none of the choices"),
    Code("duplicate-choice", "error", "grounding", "two choices are the same"),
    Code("too-few-choices", "error", "grounding", "a choice question with fewer than two choices"),
    Code("blank-not-in-evidence", "error", "grounding", "a cloze blank is not a span of its evidence"),
    Code("blank-overlap", "error", "grounding", "a cloze blank repeats or overlaps another"),
    Code("blank-accept-redundant", "warning", "grounding", "a blank's accept: repeats the blank"),
    Code("evidence-number-differs", "error", "grounding", "a quote splits, joins or cuts a number of the article"),
    Code("number-not-in-evidence", "error", "grounding", "a number of the answer is not in the evidence"),
    Code("evidence-too-short", "warning", "grounding", "a quote under 8 characters"),
    Code("evidence-ambiguous", "warning", "grounding", "a quote found more than once in the body"),
    Code("answer-not-in-evidence", "warning", "grounding", "most answer words are not in the evidence"),
    Code("prompt-number-not-in-article", "warning", "grounding", "a prompt's number is not in the article"),
    Code("duplicate-prompt", "warning", "grounding", "two questions ask the same thing"),
    Code("key-longest", "warning", "lint", "the key is clearly the longest choice"),
    Code("all-none-of-above", "warning", "lint", "a choice is 'all/none of the above'"),
    Code("absolute-term", "warning", "lint", "only distractors use absolute words"),
    Code("vague-term", "warning", "lint", "a vague frequency word in the prompt or a choice"),
    Code("stem-key-overlap", "warning", "lint", "a prompt word reappears only in the key"),
    Code("double-negative", "warning", "lint", "a negative question with a negative choice"),
    Code("relative-time", "warning", "lint", "a relative time with no year and no published date"),
    Code("blank-particle", "warning", "lint", "a Korean blank ends with a particle"),
    Code("blank-long", "warning", "lint", "a blank over three words or twenty characters"),
    Code("blank-partial-word", "error", "lint", "a blank starts or ends inside a word"),
    Code("duplicate-evidence", "warning", "lint", "two questions test the same fact of one sentence"),
    Code("trivial-blank", "warning", "lint", "a blank is a function word or given away"),
    Code("truefalse-balance", "warning", "lint", "a bank's true/false keys lean 65% or more one way"),
    Code("unused-allow", "warning", "lint", "an allow: names a code that reports nothing here"),
    Code("item-easy", "warning", "statistics", "90% or more of a class answered it right"),
    Code("item-hard", "warning", "statistics", "20% or fewer of a class answered it right"),
    Code("item-low-discrimination", "warning", "statistics", "discriminative efficiency under 15%"),
    Code("item-negative-discrimination", "warning", "statistics", "weaker students did better: check the key"),
    Code("distractor-unused", "warning", "statistics", "a wrong choice nobody picked"),
    Code("item-stats-outdated", "note", "statistics", "the question was edited after its statistics"),
    Code("item-stats-unreadable", "warning", "statistics", "a stats file quizdeck did not write"),
)  # fmt: skip

CODES = tuple(code.name for code in REGISTRY)
SEVERITY: dict[str, Severity] = {code.name: code.severity for code in REGISTRY}
LINT_CODES = tuple(code.name for code in REGISTRY if code.kind == "lint")
# The codes of a class's statistics (checking/item_stats): an allow: of one silences
# nothing until the figures say so, and is never "unused".
ITEM_CODES = tuple(code.name for code in REGISTRY if code.kind == "statistics")
# What a question's `allow:` may silence: warnings only, errors cannot be allowed.
WARNING_CODES = tuple(code.name for code in REGISTRY if code.severity == "warning")


def diagnostic(
    code: str,
    location: Location,
    message: str,
    bank: str | None = None,
    question: str | None = None,
    hints: Iterable[str] = (),
) -> Diagnostic:
    """A diagnostic of a registered code, with the registry's severity."""
    return Diagnostic(code, SEVERITY[code], location, message, bank, question, tuple(hints))


def duplicate_bank(bank_id: str, shown: str, first: str) -> Diagnostic:
    """The error of a bank whose id an earlier bank (`first`) already has."""
    return diagnostic(
        "duplicate-id",
        Location(shown),
        f"bank id {bank_id!r} is already the id of {first}",
        bank_id,
        hints=("a bank id names one bank: change the id: line or the file name",),
    )


def validate_codes(codes: Iterable[str]) -> None:
    """Raise UsageError for a code `--select`/`--ignore` names that is not registered."""
    for code in codes:
        if code not in SEVERITY:
            hint = did_you_mean(code, CODES) or "the README lists every code"
            raise UsageError(f"unknown code {code!r}: {hint}")
