"""Numbers in text, by value: digits mixed with Korean numerals, English number words,
Korean native counts, full-width forms (README: numbers are compared by value).

One reader serves checking/ (`values_in`, `find_numbers`) and study/marking (`parse_number`).
Scanning text is conservative: English "one" and Korean "한" alone are words, not
numbers; a Korean native count (두, 세 …) is a number only before a counter word, spaced
(두 가지, 세 곳) or written against it as news text does (세번, 다섯곳, 열명); digits in
a name or code (KOI8, B2B, UTF-8, ISO-8859-1, COVID-19, GPT-4) are part of the name.
A whole answer is read more freely: `parse_number` also takes those, fractions (1/30),
and with `approximate=True` the markers 약, 여, 가량, 정도, 쯤, 안팎,
about, around, approximately, some.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

SMALL_UNITS = {"십": 10, "백": 100, "천": 1000, "hundred": 100}
LARGE_UNITS = {
    "만": 10**4,
    "억": 10**8,
    "조": 10**12,
    "경": 10**16,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
_EN_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
EN_WORDS = {
    **{word: n for n, word in enumerate(_EN_ONES)},
    **{word: 10 * n for n, word in enumerate(_EN_TENS, start=2)},
}
# Korean native numbers: the attributive forms before a counter and the standalone ones.
KO_NATIVE = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4,
    "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "스무": 20, "스물": 20,
    "서른": 30, "마흔": 40, "쉰": 50, "예순": 60, "일흔": 70, "여든": 80, "아흔": 90,
}  # fmt: skip
# Counter words after which a native count is read in running text (두 가지, 세 곳).
_COUNTERS = "명|개국|개|곳|가지|번째|번|차례|배|살|권|대|척|종류|종|단계|마리|건|편|가구|해"
# The counters a native count is read against with no space (세번, 두개): not 대, 종, 배,
# 건 or 척, which make words with a native count (세대, 세종, 세배, 두건, 세척).
_GLUED_COUNTERS = "개국|개|곳|가지|번째|번|차례|명|마리|단계|권|살|종류|군데"
# What may follow a glued counter: the end of the word or a particle (두개골 is a skull).
_AFTER_GLUED = "(?![가-힣])|(?=[의이가을를은는에도만과와씩로부까보나째])"
_SCALES = "hundred|thousand|million|billion|trillion"
_EN_NUMBER_WORD = "|".join(sorted([*EN_WORDS, *_SCALES.split("|")], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?"
# A number starts with digits; Korean units may follow and mix with more digits
# (1천11, 6조9518억, 3백만), and English scales follow with a space or none (3.5 million).
# A unit never starts a number: 천망 is a word.
_DIGIT_NUMBER = (
    rf"(?:{_DIGITS})(?:{_DIGITS}|[십백천만억조경]|(?<=[만억조경])\s(?=\d[\d,.]*[십백천만억]))*"
    rf"(?:\s?(?i:{_SCALES})\b)*"
)
# English number words joined by spaces, hyphens or "and" (twenty-five, two hundred and six).
_EN_NUMBER = (
    rf"\b(?i:{_EN_NUMBER_WORD})(?:(?:-|\s+(?:and\s+)?)(?i:{_EN_NUMBER_WORD}))*\b"
    rf"(?![-'’]\w)"
)
_NATIVE_WORD = "|".join(sorted(KO_NATIVE, key=len, reverse=True))
_SCAN_NATIVE = "두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무"
# The lookahead lets the engine skip every other character quickly (values_in reads whole articles).
NUMBER = re.compile(
    rf"(?=[\dA-Za-z두세네다여일아열스])(?:{_DIGIT_NUMBER}|{_EN_NUMBER}|(?<![가-힣])(?:{_SCAN_NATIVE})"
    rf"(?=\s(?:{_COUNTERS})|(?:{_GLUED_COUNTERS})(?:{_AFTER_GLUED})))"
)
# A name or code before a digit run: Latin letters glued to it (KOI8, B2B, H100) or a
# name with a capital joined by a hyphen (UTF-8, COVID-19, ISO-8859-1); mid-2020 stays a year.
_CODE_BEFORE = re.compile(r"(?:[A-Za-z]|(?<![\w-])[\w-]*[A-Z][\w-]*-)$")
# A typed answer may be a native count of tens and ones (열세 is 13, 스물다섯 25).
_WHOLE = re.compile(rf"{_DIGIT_NUMBER}|{_EN_NUMBER}|(?:{_NATIVE_WORD})+")
_TOKEN = re.compile(
    rf"{_DIGITS}|[십백천만억조경]|(?i:{_EN_NUMBER_WORD})|{_NATIVE_WORD}", re.IGNORECASE
)
# Folds that keep every offset: full-width ASCII (１２, ＡＩ) to ASCII, minus signs to "-".
_WIDTH_FOLD = str.maketrans(
    {
        **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
        "\u3000": " ",
        **dict.fromkeys("\u2212\u2012\u2013\ufe63", "-"),
    }
)
_WIDE = re.compile("[\uff01-\uff5e\u3000\u2212\u2012\u2013\ufe63]")
_APPROX_BEFORE = re.compile(r"^(?:약|대략|about|around|approximately|approx\.?|roughly|some|~)\s*")
APPROXIMATE_AFTER = re.compile(
    r"\s*(?:가량|정도|쯤|안팎|남짓)$|(?<=[\d십백천만억조경])여(?=[십백천만억조경]*$)"
)
_FRACTION = re.compile(rf"({_DIGITS})\s*/\s*({_DIGITS})")
_SPACES = re.compile(r"\s+")
_SCALE_FIRST = re.compile(rf"(?i:{_SCALES})\b")
_UNIT_HEAD = re.compile(rf"\s*([십백천만억조경]+|(?i:{_SCALES})\b(?:\s+(?i:{_SCALES})\b)*)")


# One unit in its spellings (README: marking): an answer in 15 cm may be typed 15센티미터.
# Each group lists the commonest spelling of each script first (a key shows those).
# 년도 only follows a year; the counters' other words (세 군데 for 세 곳, 두 차례 for 두 번).
UNIT_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("cm", "센티미터", "센티", "센치", "centimetres", "centimeters", "centimetre", "centimeter"),
    ("mm", "밀리미터", "밀리", "millimetres", "millimeters", "millimetre", "millimeter"),
    ("km", "킬로미터", "킬로", "kilometres", "kilometers", "kilometre", "kilometer"),
    ("m", "미터", "metres", "meters", "metre", "meter"),
    ("kg", "킬로그램", "킬로", "kilograms", "kilogram", "kilos", "kilo"),
    ("g", "그램", "grams", "gram"),
    ("%", "퍼센트", "프로", "percent", "per cent", "pct"),
    ("년", "년도", "연도"),
    ("곳", "군데"),
    ("번", "회", "차례"),
    ("가지", "종류"),
)


@dataclass(frozen=True)
class NumberMention:
    """A number found in text: its value and where it was written."""

    value: float
    text: str
    start: int
    end: int


def fold_width(text: str) -> str:
    """Full-width forms as ASCII and every minus sign as "-", offsets kept."""
    return text.translate(_WIDTH_FOLD) if _WIDE.search(text) else text


def _token_value(token: str) -> float | None:
    """A token's own value (digits, number words), or None for a unit."""
    word = token.casefold()
    if word in EN_WORDS:
        return float(EN_WORDS[word])
    if token in KO_NATIVE:
        return float(KO_NATIVE[token])
    if word in SMALL_UNITS or word in LARGE_UNITS:
        return None
    return float(token.replace(",", ""))


def value_of(expression: str) -> float:
    """The value of one numeral such as `1천11`, `414억`, `1,293`, `3.5 million` or `twenty-five`."""
    total = 0.0
    section = 0.0
    current: float | None = None
    for token in _TOKEN.findall(expression):
        word = token.casefold()
        if word in SMALL_UNITS:
            section += (1 if current is None else current) * SMALL_UNITS[word]
            current = None
        elif word in LARGE_UNITS:
            section += 0 if current is None else current
            total += (section or 1) * LARGE_UNITS[word]
            section, current = 0.0, None
        else:
            # Digits only follow a unit or a tens word here (1천11, twenty-five).
            section += current or 0.0
            current = _token_value(token)
    return total + section + (current or 0.0)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number written in `text`, in order (bare "one" and "한" are words)."""
    mentions = []
    folded = fold_width(text)
    for match in NUMBER.finditer(folded):
        written = match.group()
        if written.casefold() in ("one", "zero") or _SCALE_FIRST.match(written):
            # "one of", "in billion yuan", "hundreds": words, not numbers.
            continue
        if written[0].isdigit() and _in_code(folded, match.start()):
            continue
        mentions.append(
            NumberMention(value_of(written), text[match.start() : match.end()], *match.span())
        )
    return mentions


def _in_code(text: str, start: int) -> bool:
    """Whether the digits at `start` belong to a name or code (KOI8, UTF-8, COVID-19)."""
    if start == 0:
        return False
    # Every match of _CODE_BEFORE ends in a Latin letter or a hyphen: look no further
    # before most digits (after a space, a Hangul syllable, a bracket).
    before = text[start - 1]
    if before != "-" and not ("A" <= before <= "Z" or "a" <= before <= "z"):
        return False
    return bool(_CODE_BEFORE.search(text[max(0, start - 40) : start]))


_YEAR_AFTER = re.compile(r"\s?(?:년|연도)")
_YEAR_BEFORE = re.compile(r"(?i:\b(?:in|since|year|from|until|by|before|after)\s+)$")


def year_values(text: str) -> frozenset[float]:
    """The numbers `text` writes as years: 1000 to 2100 in four digits, before 년 or after "in"."""
    return frozenset(
        mention.value
        for mention in find_numbers(text)
        if len(mention.text) == 4
        and mention.text.isdigit()
        and 1000 <= mention.value <= 2100
        and (_YEAR_AFTER.match(text, mention.end) or _YEAR_BEFORE.search(text, 0, mention.start))
    )


def show_number(value: float, years: frozenset[float] = frozenset()) -> str:
    """A value as a message prints it: 1,293 and 2.5, but a year as a year (1837)."""
    if value in years:
        return f"{value:.0f}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


@functools.lru_cache(maxsize=1 << 14)
def values_in(text: str) -> frozenset[float]:
    """The set of values of the numbers written in `text`."""
    return frozenset(mention.value for mention in find_numbers(text))


def unit_multiplier(unit: str | None) -> float:
    """The factor a unit's leading numeral applies: `억 위안` is 10**8, `billion yuan` 10**9."""
    if not unit:
        return 1.0
    head = _UNIT_HEAD.match(unit)
    return value_of("1" + head.group(1)) if head else 1.0


def scaled_tolerance(tolerance: float, unit: str | None) -> float:
    """A tolerance written in the answer's unit, in the article's units (± 1 억 is ± 10**8)."""
    return tolerance * unit_multiplier(unit)


def parse_number(text: str, approximate: bool = False) -> float | None:
    """The value of a whole answer, or None if it is not one number.

    Reads `414`, `1,293`, `1천11`, `-2.5` (any minus sign), `１２`, `1/30`, `3.5 million`,
    `twenty-five`, `두`; with `approximate`, also `약 5000`, `5000여`, `about 40`.
    """
    stripped = _SPACES.sub(" ", unicodedata.normalize("NFKC", fold_width(text))).strip()
    if approximate:
        stripped = APPROXIMATE_AFTER.sub("", _APPROX_BEFORE.sub("", stripped, count=1), count=1)
    negative = stripped.startswith("-")
    body = stripped[1:].lstrip() if negative else stripped
    fraction = _FRACTION.fullmatch(body)
    if fraction:
        denominator = value_of(fraction.group(2))
        if denominator == 0:
            return None
        value = value_of(fraction.group(1)) / denominator
    elif _WHOLE.fullmatch(body) or _WHOLE.fullmatch(body := body.replace(" ", "")):
        value = value_of(body)
    else:
        return None
    if not math.isfinite(value):
        return None  # 400 digits overflow to inf, which would equal every other inf
    return -value if negative else value


def same_value(a: float, b: float, tolerance: float = 0.0) -> bool:
    """True when two values agree within `tolerance` (and float noise)."""
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= tolerance + 1e-9 * max(1.0, abs(a), abs(b))


def unit_spellings(unit: str) -> tuple[str, ...]:
    """Every way to write `unit` (itself first, then longest first): `cm` gives 센티미터, 센티 …"""
    word = unit.strip().casefold()
    if not word:
        return ()
    group = next((g for g in UNIT_SPELLINGS if word in g), ())
    return (word, *sorted((s for s in group if s != word), key=len, reverse=True))


def unit_alternatives(unit: str | None) -> tuple[str, ...]:
    """A unit's other spellings a key lists: the first in Hangul and in Latin letters (센티미터, centimetres)."""
    word = (unit or "").strip().casefold()
    others = next((g for g in UNIT_SPELLINGS if word in g and word), ())
    hangul = [s for s in others if s != word and "가" <= s[0] <= "힣"]
    latin = [s for s in others if s != word and s[0].isascii() and s[0].isalpha()]
    return tuple(group[0] for group in (hangul, latin) if group)


def with_unit(number: str, unit: str | None) -> str:
    """A number as printed with its unit: Korean units join it (414억 위안), Latin ones take a space."""
    if not unit:
        return number
    return number + unit if unit[0] == "%" or not unit[0].isascii() else f"{number} {unit}"
