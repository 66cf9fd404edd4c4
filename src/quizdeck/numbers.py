"""Numbers in text, by value, with Korean numerals mixed with digits."""

from __future__ import annotations

import re
from dataclasses import dataclass

SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
LARGE_UNITS = {"만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}
_DIGITS = r"\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?"
# A number starts with digits; Korean units may follow and mix with more digits
# (1천11, 6조9518억, 3백만). A unit never starts a number: 천망 is a word.
NUMBER = re.compile(
    rf"(?:{_DIGITS})(?:{_DIGITS}|[십백천만억조경]|(?<=[만억조경])\s(?=\d[\d,.]*[십백천만억]))*"
)
_TOKEN = re.compile(rf"{_DIGITS}|[십백천만억조경]")


@dataclass(frozen=True)
class NumberMention:
    """A number found in text: its value and where it was written."""

    value: float
    text: str
    start: int
    end: int


def _digits_value(token: str) -> float:
    return float(token.replace(",", ""))


def value_of(expression: str) -> float:
    """The value of one numeral such as `1천11`, `414억` or `1,293`."""
    total = 0.0
    section = 0.0
    current: float | None = None
    for token in _TOKEN.findall(expression):
        if token in SMALL_UNITS:
            section += (1 if current is None else current) * SMALL_UNITS[token]
            current = None
        elif token in LARGE_UNITS:
            section += 0 if current is None else current
            total += (section or 1) * LARGE_UNITS[token]
            section, current = 0.0, None
        else:
            # Digits only follow a unit here (1천11): add what came before.
            section += current or 0.0
            current = _digits_value(token)
    return total + section + (current or 0.0)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number written in `text`, in order."""
    mentions = []
    for match in NUMBER.finditer(text):
        mentions.append(NumberMention(value_of(match.group()), match.group(), *match.span()))
    return mentions


def values_in(text: str) -> set[float]:
    """The set of values of the numbers written in `text`."""
    return {mention.value for mention in find_numbers(text)}


def unit_multiplier(unit: str | None) -> float:
    """The factor a unit's leading Korean numeral applies: `억 위안` is 10**8."""
    if not unit:
        return 1.0
    head = re.match(r"\s*([십백천만억조경]+)", unit)
    return value_of("1" + head.group(1)) if head else 1.0


def parse_number(text: str) -> float | None:
    """The value of a whole answer such as `414`, `1,293`, `1천11` or `-2.5`; None if not one."""
    stripped = text.strip().replace(" ", "")
    negative = stripped.startswith("-")
    body = stripped[1:] if negative else stripped
    if not NUMBER.fullmatch(body):
        return None
    value = value_of(body)
    return -value if negative else value


def same_value(a: float, b: float, tolerance: float = 0.0) -> bool:
    """True when two values agree within `tolerance` (and float noise)."""
    return abs(a - b) <= tolerance + 1e-9 * max(1.0, abs(a), abs(b))


def with_unit(number: str, unit: str | None) -> str:
    """A number as printed with its unit: Korean units join it (414억 위안), Latin ones take a space."""
    if not unit:
        return number
    return number + unit if unit[0] == "%" or not unit[0].isascii() else f"{number} {unit}"
