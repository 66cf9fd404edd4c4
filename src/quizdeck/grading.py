"""Grading: whether a typed answer is right, for every question type (README: `quizdeck quiz`).

Decisions: an empty answer is a skip and counts as wrong; a short answer or cloze
blank that differs only by spacing or case is right, one that is one edit away
(Levenshtein distance 1, answers of three characters or more) is a near miss that
counts as wrong; choices are named by the mark or number they are shown with, or by
their text; numbers are compared by value, with or without the unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .labels import CHOICE_MARKS
from .numbers import parse_number, same_value, unit_multiplier
from .resolve import Blank, Resolved
from .textnorm import fold, normalize

TRUE_WORDS = frozenset({"o", "t", "true", "y", "yes", "참", "예", "○", "⭕"})
FALSE_WORDS = frozenset({"x", "f", "false", "n", "no", "거짓", "아니오", "×", "✕", "✗", "❌"})
NEAR_MISS_MIN_LENGTH = 3
_SEPARATOR = re.compile(r"[\s,]+")
_LEADING_NUMERAL = re.compile(r"^\s*[십백천만억조경]+")


class InvalidAnswer(ValueError):
    """Input that is no answer to this kind of question: ask again."""


@dataclass(frozen=True)
class Verdict:
    """The outcome of one answer."""

    correct: bool
    near_miss: bool = False


def check_answer(question: Resolved, given: str, order: Sequence[int] = ()) -> Verdict:
    """Judge an answer to a non-cloze question; `order` is how the choices were shown.

    Raises InvalidAnswer when the input is no answer at all, so the caller asks again.
    """
    if not given.strip():
        return Verdict(False)
    if question.type in ("choice", "multi"):
        shown = tuple(order) or tuple(range(len(question.choices)))
        picked = chosen(question, given, shown, single=question.type == "choice")
        return Verdict(picked == question.keys)
    if question.truth is not None:
        return Verdict(parse_truth(given) is question.truth)
    if question.number is not None:
        return Verdict(numeric_matches(question, given))
    if question.type == "short":
        return text_verdict(given, question.answers)
    raise ValueError(f"{question.type} questions are answered blank by blank")


def check_blank(blank: Blank, given: str) -> Verdict:
    """Judge the answer to one cloze blank."""
    return text_verdict(given, (blank.text,)) if given.strip() else Verdict(False)


def chosen(
    question: Resolved, given: str, order: Sequence[int], single: bool = False
) -> frozenset[int]:
    """The written indexes of the choices an answer names.

    Each part names the choice shown at a position by its number (1, 2 …) or its mark
    (①, A …); failing that, the whole answer may be a choice's text.
    """
    folded = fold(given)
    parts = [p.rstrip(".)") for p in _SEPARATOR.split(folded) if p]
    positions = [_position(part, len(order)) for part in parts]
    if parts and None not in positions and (not single or len(parts) == 1):
        return frozenset(order[p] for p in positions if p is not None)
    for index, choice in enumerate(question.choices):
        if folded == fold(choice):
            return frozenset({index})
    raise InvalidAnswer(given)


def _position(part: str, count: int) -> int | None:
    """The 0-based shown position a typed part names: 3, ③ or c (folded)."""
    position = -1
    if part.isascii() and part.isdecimal():
        position = int(part) - 1
    elif len(part) == 1:
        marks = [m.casefold() for m in CHOICE_MARKS.values()]
        position = next((m.find(part) for m in marks if part in m), -1)
    return position if 0 <= position < count else None


def parse_truth(given: str) -> bool:
    """o/x, t/f, 참/거짓, y/n, true/false (any case, also ○/×) as a bool."""
    word = fold(given)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidAnswer(given)


def numeric_matches(question: Resolved, given: str) -> bool:
    """True when `given` is the answer by value, with or without the unit, within the tolerance.

    For answer 414 with unit "억 위안", "414", "414억", "414억 위안" and "41,400,000,000"
    all match: the number is read as written and, failing that, in the unit.
    """
    number = question.number
    if number is None or number.value is None:
        return False
    multiplier = unit_multiplier(number.unit)
    tolerance = number.tolerance * multiplier
    written = normalize(given).replace(" ", "")
    # The unit's word after its numeral ("위안" of "억 위안"), typed or not.
    word = _LEADING_NUMERAL.sub("", number.unit or "").replace(" ", "").casefold()
    if word and written.casefold().endswith(word):
        written = written[: -len(word)]
    value = parse_number(written)
    if value is None:
        return False
    target = number.value
    return same_value(value, target, tolerance) or same_value(value * multiplier, target, tolerance)


def text_verdict(given: str, accepted: Iterable[str]) -> Verdict:
    """Right when `given` equals an accepted text after folding (spacing aside); else near miss or wrong."""
    from rapidfuzz.distance import Levenshtein

    mine = fold(given).replace(" ", "")
    near = False
    for text in accepted:
        theirs = fold(text).replace(" ", "")
        if mine == theirs:
            return Verdict(True)
        if len(theirs) >= NEAR_MISS_MIN_LENGTH and Levenshtein.distance(mine, theirs) == 1:
            near = True
    return Verdict(False, near)
