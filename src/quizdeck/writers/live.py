"""Live classroom quizzes and flashcards (README: live quizzes): what Kahoot, Wayground,
Blooket and Quizlet share.

Each platform is a writer of its own (kahoot, wayground, blooket, quizlet); this module
holds what they have in common: what each platform can hold (its limits, in one table),
how a question that does not fit is left out and named with its reason, the time limit a
question's difficulty gives, the plain-text words of a question, and spreadsheet bytes
that are the same on every rebuild with no text read as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from quizdeck.errors import QuizdeckError
from quizdeck.resolve import Piece, Resolved, assert_never
from quizdeck.sources.labels import labels_for, truth_label
from quizdeck.workspace import UsageError
from quizdeck.writers.live_platforms import (
    PLATFORMS,
    LeftOut,
    Platform,
)
from quizdeck.writers.xlsx import CELL_LIMIT

# README: live quizzes, time limits. Seconds per question by difficulty (no difficulty:
# medium); every platform with a timer offers these three.
TIME_BY_DIFFICULTY: Mapping[str, int] = {"easy": 20, "medium": 30, "hard": 60}
DEFAULT_TIME = TIME_BY_DIFFICULTY["medium"]
# What stands for a cloze blank in a live quiz's text.
GAP = "_____"
# A spreadsheet program reads a cell starting with one of these as a formula; a plain
# number (-3, +2.5%) it reads as a number, which is harmless.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")

Row = TypeVar("Row")


@dataclass(frozen=True)
class LiveFile:
    """One platform file of a bank: its bytes and the questions left out of it."""

    data: bytes
    left_out: tuple[LeftOut, ...]


class LeftOutError(QuizdeckError):
    """`--strict` and a question some platform cannot hold: nothing is written (exit 1)."""

    exit_code = 1

    def __init__(self, left_out: Sequence[LeftOut]) -> None:
        super().__init__(f"{len(left_out)} question(s) left out")
        self.left_out = tuple(left_out)


def check_time_limit(platforms: Sequence[str], seconds: int | None) -> None:
    """Refuse a `--time-limit` one of the platforms does not offer (UsageError)."""
    if seconds is None:
        return
    for name in platforms:
        platform = PLATFORMS[name]
        if not platform.times:
            raise UsageError(f"--time-limit: {platform.title} has no time limit")
        if seconds not in platform.times:
            raise UsageError(
                f"--time-limit {seconds}: {platform.title} offers {offered(platform.times)} seconds"
            )


def offered(times: tuple[int, ...]) -> str:
    """The time limits a platform offers, as the README writes them: 5, 10 or 20; 5–300."""
    if len(times) > 12 and times == tuple(range(times[0], times[-1] + 1)):
        return f"{times[0]}–{times[-1]}"
    return ", ".join(str(t) for t in times[:-1]) + f" or {times[-1]}"


def time_limit(question: Resolved, override: int | None) -> int:
    """The seconds a question is shown: `--time-limit`, else from its difficulty."""
    if override is not None:
        return override
    return TIME_BY_DIFFICULTY.get(question.difficulty or "medium", DEFAULT_TIME)


def length(value: str) -> int:
    """A text's length as web platforms count it: UTF-16 units (an emoji counts two)."""
    return len(value.encode("utf-16-le")) // 2


def over(platform: Platform, what: str, values: Sequence[str], limit: int | None) -> str | None:
    """Why `values` do not fit `limit` characters on `platform`, or None when they do."""
    if limit is None:
        return None
    for value in values:
        if length(value) > limit:
            return f"{what} is {length(value)} characters; {platform.title} holds {limit}"
    return None


def too_many(platform: Platform, what: str, count: int, limit: int | None) -> str | None:
    """Why `count` choices or answers do not fit `platform`, or None when they do."""
    if limit is None or count <= limit:
        return None
    return f"{count} {what}; {platform.title} holds {limit}"


def no_form(platform: Platform, question: Resolved, form: str) -> str:
    """The reason a question of a type the platform's import has no form for is left out."""
    return f"a {question.type} question; {platform.title}'s import has no {form}"


def first_reason(*reasons: str | None) -> str | None:
    """The first of `reasons` that is one (the checks in the order the README lists them)."""
    return next((reason for reason in reasons if reason), None)


def formula_like(value: str) -> bool:
    """True for text a spreadsheet program would read as a formula (CSV injection)."""
    return value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value)


def prompt_text(question: Resolved) -> str:
    """The prompt as plain text (a cloze's: the label asking for the blanks), unit named."""
    labels = labels_for(question.source.language)
    prompt = question.prompt if question.prompt is not None else labels["cloze_prompt"]
    if question.number is not None and question.number.unit:
        prompt += f" ({labels['unit'].format(unit=question.number.unit)})"
    return prompt


def cloze_text(question: Resolved, gap: Callable[[Piece], str], between: str = "\n") -> str:
    """The cloze quotes as one text, `between` each (a line), every blank written by `gap`."""
    return between.join(
        "".join(piece.text if piece.blank is None else gap(piece) for piece in line)
        for line in question.cloze
    )


def feedback_text(question: Resolved) -> str:
    """Explanation, evidence and "title, ¶N", labelled in the bank's language, one a line."""
    labels = labels_for(question.source.language)
    lines = [f"{labels['explanation']}: {question.explanation}"] if question.explanation else []
    lines.append(f"{labels['evidence']}: {' / '.join(question.evidence)}")
    lines.append(f"{labels['source']}: {question.citation}")
    return "\n".join(lines)


def key_numbers(order: Sequence[int], keys: frozenset[int]) -> list[int]:
    """The 1-based positions of the keys among choices shown in `order`."""
    return [position + 1 for position, index in enumerate(order) if index in keys]


def shown_choices(question: Resolved, order: Sequence[int]) -> tuple[list[str], list[int]]:
    """A choice question's answers in `order`, and the 1-based numbers of its keys."""
    return [question.choices[i] for i in order], key_numbers(order, question.keys)


def truth_answers(question: Resolved) -> tuple[list[str], list[int]]:
    """A true/false question as two answers, true then false in the bank's language, and
    the number of the right one."""
    language = question.source.language
    answers = [truth_label(language, True), truth_label(language, False)]
    return answers, [1 if question.truth else 2]


def picked_answers(
    platform: Platform, question: Resolved, order: Sequence[int]
) -> tuple[list[str], list[int]] | str:
    """A question as answers to pick from (in `order`) and its keys' numbers, or why a
    platform with no typed-answer form cannot hold it (Kahoot, Blooket)."""
    match question.type:
        case "choice" | "multi":
            return shown_choices(question, order)
        case "truefalse":
            return truth_answers(question)
        case "short" | "numeric" | "cloze":
            return no_form(platform, question, "typed-answer form")
        case _:
            assert_never(question.type)


def sort_out(
    platform: Platform, questions: Iterable[Resolved], row: Callable[[Resolved], Row | str]
) -> tuple[list[Row], tuple[LeftOut, ...]]:
    """Each question's row where `platform` holds it; the others left out with `row`'s reason."""
    rows: list[Row] = []
    left_out = []
    for question in questions:
        made = row(question)
        if isinstance(made, str):
            left_out.append(LeftOut(platform.name, question.key, made))
        else:
            rows.append(made)
    return rows, tuple(left_out)


def cell_reason(platform: Platform, values: Sequence[str]) -> str | None:
    """Why a row's texts do not fit a spreadsheet cell, or None when they do."""
    longest = max((len(value) for value in values), default=0)
    if longest > CELL_LIMIT:
        return f"a text of {longest} characters; a {platform.title} sheet's cell holds {CELL_LIMIT}"
    return None


def summary(left_out: Sequence[LeftOut]) -> list[str]:
    """The left-out summary, one line a question: `kahoot  bank/id: reason`."""
    width = max((len(item.platform) for item in left_out), default=0)
    return [f"  {item.platform:<{width}}  {item.key}: {item.reason}" for item in left_out]
