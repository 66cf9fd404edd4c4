"""Plain model objects shared by every pipeline stage."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from quizdeck.sources.labels import DEFAULT_LANGUAGE

# A note informs and never fails a check (statistics taken before an edit).
Severity = Literal["error", "warning", "note"]

# The closed set of question types: a writer's dispatch over them is checked by mypy.
QuestionType = Literal["choice", "multi", "truefalse", "short", "numeric", "cloze"]
QUESTION_TYPES: tuple[QuestionType, ...] = get_args(QuestionType)
DIFFICULTIES = ("easy", "medium", "hard")
# The types answered by picking printed choices.
CHOICE_TYPES = ("choice", "multi")
# A bank id: lowercase letters and digits in words joined by single hyphens.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def bank_id_from(name: str) -> str:
    """A bank id made from a file name: its letters and digits, lower case, joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "bank"


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based line and column in a file, the path as shown to the user."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One finding of the loader or checker: data, never raised."""

    code: str
    severity: Severity
    location: Location
    message: str
    bank: str | None = None
    question: str | None = None
    hints: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The JSON shape of a diagnostic (README: `quizdeck check --format json`)."""
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity,
            "code": self.code,
            "bank": self.bank,
            "question": self.question,
            "message": self.message,
            "hints": list(self.hints),
        }


@dataclass(frozen=True)
class Text:
    """A string from a bank with the location it was written at."""

    value: str
    location: Location


@dataclass(frozen=True)
class BlankText(Text):
    """A cloze blank as written: the span it hides and other answers accepted for it."""

    accept: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """One question of a bank, as the author wrote it.

    `answer` is the written text for choice and short, a tuple for multi, a bool
    for truefalse, the number as written for numeric and None for cloze.
    """

    id: str
    type: str
    location: Location
    evidence: tuple[Text, ...]
    prompt: str | None = None
    choices: tuple[str, ...] = ()
    answer: str | tuple[str, ...] | bool | None = None
    accept: tuple[str, ...] = ()
    unit: str | None = None
    tolerance: float = 0.0
    blanks: tuple[BlankText, ...] = ()
    explanation: str | None = None
    tags: tuple[str, ...] = ()
    difficulty: str | None = None
    # "Which is NOT …": None leaves it to the prompt's wording (README: negative questions).
    negative: bool | None = None
    # False keeps the written order of the choices.
    shuffle: bool = True
    # Warning codes this question deliberately silences (README: item-writing lint).
    allow: tuple[str, ...] = ()
    # Where each key of the question was written, for pointing at one field.
    fields: Mapping[str, Location] = field(default_factory=dict, compare=False, hash=False)

    def at(self, key: str) -> Location:
        """The location of field `key`, or of the question when it is absent."""
        return self.fields.get(key, self.location)

    @property
    def answers(self) -> tuple[str, ...]:
        """The answer as a tuple of texts (empty for cloze)."""
        if isinstance(self.answer, tuple):
            return self.answer
        if isinstance(self.answer, bool):
            return ("true" if self.answer else "false",)
        return () if self.answer is None else (self.answer,)


@dataclass(frozen=True)
class ArticleRef:
    """The `article:` block of a bank."""

    source: str
    title: str
    location: Location
    language: str = DEFAULT_LANGUAGE
    published: str | None = None
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    body_start: Text | None = None
    body_end: Text | None = None
    # Whole lines inside the body that are page chrome (a "관련기사" label).
    body_exclude: tuple[Text, ...] = ()
    fields: Mapping[str, Location] = field(default_factory=dict, compare=False, hash=False)

    def at(self, key: str) -> Location:
        """The location of field `key`, or of the article block when absent."""
        return self.fields.get(key, self.location)


@dataclass(frozen=True)
class Bank:
    """A loaded question bank: questions/<id>.yaml."""

    id: str
    path: str
    article: ArticleRef
    questions: tuple[Question, ...]
    deck: str | None = None
    tags: tuple[str, ...] = ()
    # Questions with a schema error, holding the fields that did read: never output, but
    # their quotes, choices and blanks are still checked, so one error hides no other.
    incomplete: tuple[Question, ...] = ()

    @property
    def deck_name(self) -> str:
        """The Anki deck name: `deck`, or the article title."""
        return self.deck or self.article.title
