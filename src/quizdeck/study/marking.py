"""Grading: whether a typed answer is right, for every question type (README: `quizdeck quiz`).

Decisions: an empty answer is a skip and counts as wrong. A short answer or cloze
blank is compared after NFKC and case folding, with spaces, hyphens and middle dots
ignored and one trailing Korean particle ignored on either side (정부 for 정부로부터);
one that is one edit away (Levenshtein distance 1, answers of three characters or
more) is a near miss that counts as wrong. Choices are named by the mark or number
they are shown with, or by their text; when the choices are numbers (a unit after, a
qualifier before: 414억 위안, 약 200년), the typed number (200, 200년) names the one
choice that has it, and one that is both a shown position and another choice's value
is refused as ambiguous.
Numbers are compared by value, with or without the unit, approximation markers
allowed (the tolerance is not widened by them). Input that cannot be read (not a
number for a numeric question, not UTF-8) raises InvalidAnswer: the caller asks again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizdeck.resolve import Blank, Resolved, assert_never
from quizdeck.sources.korean import split_particle
from quizdeck.sources.labels import YES_WORDS, mark_position
from quizdeck.sources.numbers import (
    APPROXIMATE_AFTER,
    find_numbers,
    fold_width,
    parse_number,
    same_value,
    scaled_tolerance,
    unit_multiplier,
    unit_spellings,
)
from quizdeck.sources.textnorm import answer_key, fold, normalize

TRUE_WORDS = frozenset({"o", "t", "true", "참", "○", "⭕"}) | YES_WORDS
FALSE_WORDS = frozenset({"x", "f", "false", "n", "no", "거짓", "아니오", "×", "✕", "✗", "❌"})
NEAR_MISS_MIN_LENGTH = 3
_SEPARATOR = re.compile(r"[\s,]+")
_LEADING_NUMERAL = re.compile(
    r"^\s*(?:[십백천만억조경]+|(?i:(?:hundred|thousand|million|billion|trillion)\b\s*)+)"
)


class InvalidAnswer(ValueError):
    """Input that is no answer to this kind of question: ask again.

    `reason` names why (the question's type, "numeric", "unreadable" or "ambiguous");
    `details` fills the one-line message the caller shows.
    """

    def __init__(self, given: str, reason: str, **details: str) -> None:
        super().__init__(given)
        self.given = given
        self.reason = reason
        self.details = details


@dataclass(frozen=True)
class Verdict:
    """The outcome of one answer."""

    correct: bool
    near_miss: bool = False


def check_answer(question: Resolved, given: str, order: Sequence[int] = ()) -> Verdict:
    """Judge an answer to a non-cloze question; `order` is how the choices were shown.

    Raises InvalidAnswer when the input is no answer at all, so the caller asks again.
    """
    _readable(given)
    if not given.strip():
        return Verdict(False)
    match question.type:
        case "choice" | "multi":
            shown = tuple(order) or tuple(range(len(question.choices)))
            picked = chosen(question, given, shown, single=question.type == "choice")
            return Verdict(picked == question.keys)
        case "truefalse":
            return Verdict(parse_truth(given) is question.truth)
        case "numeric":
            return Verdict(numeric_matches(question, given))
        case "short":
            return text_verdict(given, question.answers)
        case "cloze":
            raise ValueError(f"{question.type} questions are answered blank by blank")
        case _:
            assert_never(question.type)


def check_blank(blank: Blank, given: str) -> Verdict:
    """Judge the answer to one cloze blank: its text or one of its `accept` alternatives."""
    _readable(given)
    return text_verdict(given, (blank.text, *blank.accept)) if given.strip() else Verdict(False)


def _readable(given: str) -> None:
    """Refuse input that was not text: bytes that were not UTF-8 arrive as U+FFFD or surrogates."""
    if "\ufffd" in given or any("\ud800" <= ch <= "\udfff" for ch in given):
        raise InvalidAnswer(given, "unreadable")


def chosen(
    question: Resolved, given: str, order: Sequence[int], single: bool = False
) -> frozenset[int]:
    """The written indexes of the choices an answer names.

    Each part names the choice shown at a position by its number (1, 2 …) or its mark
    (①, A …); failing that, the whole answer may be a choice's text, or, when the
    choices are numbers, a choice's value. A number that names one choice by position
    and another by value is ambiguous and refused.
    """
    # Full-width forms fold (Ａ, １), circled marks stay marks (NFKC would make ③ a 3).
    folded = fold(fold_width(given))
    parts = [p.rstrip(".)") for p in _SEPARATOR.split(folded) if p]
    positions = [_position(part, len(order)) for part in parts]
    by_value = _choice_by_value(question, given) if single else None
    if parts and None not in positions and (not single or len(parts) == 1):
        picked = frozenset(order[p] for p in positions if p is not None)
        if by_value is not None and parts[0].isdecimal() and picked != {by_value}:
            position = positions[0]
            assert position is not None
            raise InvalidAnswer(
                given,
                "ambiguous",
                typed=parts[0],
                position=str(position + 1),
                position_text=question.choices[order[position]],
                value=str(order.index(by_value) + 1),
            )
        return picked
    for index, choice in enumerate(question.choices):
        if answer_key(folded) == answer_key(choice):
            return frozenset({index})
    if by_value is not None:
        return frozenset({by_value})
    raise InvalidAnswer(given, question.type)


def _choice_by_value(question: Resolved, given: str) -> int | None:
    """The one choice whose number a typed answer gives (unit optional), if the choices are numbers."""
    if question.choice_values is None:
        return None
    text = normalize(unicodedata.normalize("NFKC", given))
    value = parse_number(text, approximate=True)
    if value is None:
        mentions = find_numbers(text)
        if len(mentions) != 1 or mentions[0].start != 0:
            return None
        rest = answer_key(text[mentions[0].end :])
        value = mentions[0].value
        matches = [
            i
            for i, (choice, v) in enumerate(
                zip(question.choices, question.choice_values, strict=True)
            )
            if same_value(v, value) and answer_key(choice).endswith(rest)
        ]
    else:
        matches = [i for i, v in enumerate(question.choice_values) if same_value(v, value)]
    return matches[0] if len(matches) == 1 else None


def _position(part: str, count: int) -> int | None:
    """The 0-based shown position a typed part names: 3, ③ or c (folded)."""
    if part.isascii() and part.isdecimal():
        position: int | None = int(part) - 1
    else:
        position = mark_position(part)
    return position if position is not None and 0 <= position < count else None


def parse_truth(given: str) -> bool:
    """o/x, t/f, 참/거짓, y/n, true/false (any case, also ○/×) as a bool."""
    word = fold(unicodedata.normalize("NFKC", given))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidAnswer(given, "truefalse")


def numeric_matches(question: Resolved, given: str) -> bool:
    """True when `given` is the answer by value, with or without the unit, within the tolerance.

    For answer 414 with unit "억 위안", "414", "414억", "약 414억 위안" and "41,400,000,000"
    all match: the number is read as written and, failing that, in the unit. The unit may
    be typed in any of its spellings (15센티미터 for 15 cm, 1837년도 for 1837 년, 5프로
    for 5 %: sources/numbers UNIT_SPELLINGS), or left out. Raises InvalidAnswer
    when `given` is no number.
    """
    number = question.number
    if number is None or number.value is None:
        return False
    multiplier = unit_multiplier(number.unit)
    tolerance = scaled_tolerance(number.tolerance, number.unit)
    written = normalize(unicodedata.normalize("NFKC", given)).casefold()
    written = APPROXIMATE_AFTER.sub("", written)  # 5000명 가량: the marker after the unit
    # The unit's word after its numeral ("위안" of "억 위안"), typed or not.
    word = _LEADING_NUMERAL.sub("", number.unit or "").strip().casefold()
    for unit_word in unit_spellings(word):
        typed = re.search(
            r"\s*".join(map(re.escape, unit_word.replace(" ", ""))) + r"\s*$", written
        )
        if typed:
            written = written[: typed.start()]
            break
    value = parse_number(written, approximate=True)
    if value is None:
        # A number in another unit (414 달러 for 억 위안) is wrong; no number at all is asked again.
        mentions = find_numbers(written)
        if mentions and mentions[0].start == 0:
            return False
        raise InvalidAnswer(given, "numeric")
    target = number.value
    return same_value(value, target, tolerance) or same_value(value * multiplier, target, tolerance)


def _forms(text: str) -> set[str]:
    """The compared forms of an answer: as written and without one trailing Korean particle."""
    key = answer_key(text)
    stem, particle = split_particle(key, nouns=False)
    return {key, stem} if particle and len(stem) >= 2 else {key}


def text_verdict(given: str, accepted: Iterable[str]) -> Verdict:
    """Right when `given` equals an accepted text as compared (see the module); else near miss or wrong."""
    from rapidfuzz.distance import Levenshtein

    mine = _forms(given)
    near = False
    for text in accepted:
        theirs = _forms(text)
        if mine & theirs:
            return Verdict(True)
        key = answer_key(text)
        if len(key) >= NEAR_MISS_MIN_LENGTH and any(
            Levenshtein.distance(m, t) == 1 for m in mine for t in theirs
        ):
            near = True
    return Verdict(False, near)


def choices_in_text(question: Resolved, given: str, separator: str) -> frozenset[int]:
    """The written indexes of the choices a platform's text names (choice texts joined by
    `separator`); failing that, as a typed answer names them (`chosen`, written order).

    Raises InvalidAnswer when the text names no choice.
    """
    keys = [answer_key(choice) for choice in question.choices]
    # The platform's separator first; Google Sheets and others join with "," or ";".
    for joiner in dict.fromkeys((separator, ";", ",")):
        parts = [answer_key(part) for part in given.split(joiner)] if joiner else []
        parts = [part for part in parts if part]
        if parts and all(part in keys for part in parts):
            return frozenset(keys.index(part) for part in parts)
    whole = answer_key(given)
    if whole in keys:
        return frozenset({keys.index(whole)})
    return chosen(question, given, tuple(range(len(question.choices))))


def choice_credit(question: Resolved, picked: frozenset[int], partial: bool = False) -> float:
    """The mark (0 to 1) of the choices picked: 1 for exactly the key, else 0.

    With `partial`, a multi question takes Moodle's partial credit, the weights quizdeck's
    Moodle export writes: each key picked earns 1/keys, each wrong choice picked costs
    1/wrong choices, and the mark is never below 0.
    """
    if not partial or question.type != "multi":
        return 1.0 if picked == question.keys else 0.0
    wrong = len(question.choices) - len(question.keys)
    earned = len(picked & question.keys) / len(question.keys)
    lost = len(picked - question.keys) / wrong if wrong else 0.0
    return max(0.0, earned - lost)


def blank_marks(question: Resolved, given: str, separator: str) -> tuple[bool, ...]:
    """Each cloze blank right or not, from the blanks' answers joined by `separator`."""
    parts = [_CLOZE_PART.sub("", part).strip() for part in given.split(separator)]
    parts += [""] * (len(question.blanks) - len(parts))
    return tuple(
        bool(part) and check_blank(blank, part).correct
        for blank, part in zip(question.blanks, parts, strict=False)
    )


# Moodle writes a cloze response as "part 1: …; part 2: …".
_CLOZE_PART = re.compile(r"^\s*part \d+:\s*", re.IGNORECASE)
