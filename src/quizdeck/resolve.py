"""The resolved question: every fact an output shows, decided once, right after the check.

Anki, HTML, the self-test (and any later format) render these and nothing else: none
of them compares answer strings, searches for blanks or reads the bank's YAML again.
The rules are the README's: which choices are the key, in which order choices are
shown, where a cloze blank stands, when a question asks "which is NOT", how a number
is written, and what "title, ¶N" a question cites.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn, get_args

from quizdeck.banks.model import QUESTION_TYPES, Bank, Question, QuestionType
from quizdeck.errors import OptionError
from quizdeck.limits import is_web_address
from quizdeck.sources.articles import Paragraph
from quizdeck.sources.labels import labels_for
from quizdeck.sources.numbers import (
    find_numbers,
    parse_number,
    unit_alternatives,
    unit_multiplier,
    with_unit,
)
from quizdeck.sources.textnorm import fold, normalize, numbered_spans

# "Which is NOT …" (README: negative questions). Korean: a negative word before 것 at
# the end of the question, or one of the fixed phrases; "전례 없는 수준" is no question.
_KO_NEGATIVE = re.compile(
    r"(?P<word>(?:\S+지\s?(?:않[은는]|아니한|아니하는)|아닌|없는|틀린|잘못된|먼))\s*것(?:은|을|이|과|와)?\s*[?？]?\s*$"
    r"|(?P<phrase>(?:일치하지|해당하지|언급되지|옳지|맞지|부합하지)\s?(?:않[은는]|아니한|아니하는))"
)
# English: NOT or EXCEPT in capitals, "except" anywhere, or "not" right after the verb
# of a which/what/who question (no comma between: a "not" inside a clause does not count).
_EN_NEGATIVE = re.compile(
    r"(?P<word>\bNOT\b|\bEXCEPT\b|(?i:\bexcept\b))"
    r"|^\s*(?i:which|what|who)\b[^,;:]*?\b(?i:is|are|was|were|does|do|did|has|have|had|can|could|would|will|should)\s+(?P<not>(?i:not))\b"
    r"|^\s*(?i:which|what|who)\b[^,;:]*?\b(?P<nt>(?i:isn't|aren't|wasn't|weren't|doesn't|don't|didn't))",
)
_MAX_UNIT_LENGTH = 12
# Words before a choice's number: 약, about, more than, approximately.
_MAX_LEAD_LENGTH = 16
# The alphabet of Anki's GUIDs (genanki.util.BASE91_TABLE, in its order).
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


@dataclass(frozen=True)
class Source:
    """The article as outputs name it: title, language, date and credit."""

    title: str
    language: str
    published: str | None = None
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None

    @property
    def heading(self) -> str:
        """Title and date, the anchor for "올해" in a prompt: "제목 · 2018-09-19"."""
        return f"{self.title} · {self.published}" if self.published else self.title

    @property
    def link(self) -> str | None:
        """The article's URL when it is one a reader may follow (http or https), else None."""
        return self.url if self.url and is_web_address(self.url) else None

    @property
    def credit(self) -> str:
        """Outlet and byline ("조선일보, 홍길동 기자"); a byline alone is its author ("By …")."""
        if self.outlet:
            return ", ".join(p for p in (self.outlet, self.byline) if p)
        if self.byline:
            return labels_for(self.language)["byline"].format(name=self.byline)
        return ""


@dataclass(frozen=True)
class Piece:
    """A piece of cloze text: plain text, or blank number `blank` hiding `text`."""

    text: str
    blank: int | None = None


@dataclass(frozen=True)
class Blank:
    """A cloze blank, numbered in reading order, with the text it hides."""

    number: int
    text: str
    # Other answers the bank accepts for this blank.
    accept: tuple[str, ...] = ()


@dataclass(frozen=True)
class NumericAnswer:
    """A numeric answer: as written, its unit and tolerance, and its value in the article's units."""

    written: str
    unit: str | None
    tolerance: float
    value: float | None
    # The number as written, in its unit (414 of 414억 위안): what platform files key.
    in_unit: float = 0.0

    @property
    def shown(self) -> str:
        """The answer with its unit: 414억 위안, 800 Kg."""
        return with_unit(self.written, self.unit)

    @property
    def accepted(self) -> tuple[str, ...]:
        """Other right answers as typed: the number without its unit (the unit is optional),
        and with the unit spelled another way (15센티미터, 15 centimetres for 15 cm)."""
        if not self.unit:
            return ()
        return (self.written, *(with_unit(self.written, u) for u in unit_alternatives(self.unit)))

    @property
    def margin(self) -> str | None:
        """The tolerance as every output prints it, "± 0.1%"; None when answers must be exact."""
        return "± " + with_unit(f"{self.tolerance:g}", self.unit) if self.tolerance else None


@dataclass(frozen=True)
class Resolved:
    """One checked question, as every output renders it."""

    bank: str
    id: str
    type: QuestionType
    # The Anki note GUID: the question keeps its history, and it salts the choice order.
    guid: str
    source: Source
    prompt: str | None
    # Where the negative word stands in the prompt, emphasised by every output.
    emphasis: tuple[int, int] | None
    negative: bool
    choices: tuple[str, ...]
    # 0-based indexes of the choices that are the key.
    keys: frozenset[int]
    # Whether the choices are shown shuffled: never when they are numbers (they ascend).
    shuffle: bool
    # The value of each choice when every choice is a number (shown in ascending order).
    choice_values: tuple[float, ...] | None
    truth: bool | None
    number: NumericAnswer | None
    # Short answers: the answer first, then every accepted alternative.
    answers: tuple[str, ...]
    cloze: tuple[tuple[Piece, ...], ...]
    blanks: tuple[Blank, ...]
    evidence: tuple[str, ...]
    citation: str
    explanation: str | None
    tags: tuple[str, ...]
    difficulty: str | None

    @property
    def key(self) -> str:
        """The id shown and reported everywhere: "bank/question"."""
        return f"{self.bank}/{self.id}"

    @property
    def unit(self) -> str | None:
        """The unit a numeric answer is asked in (named under the prompt), else None."""
        return self.number.unit if self.number else None

    def prompt_pieces(self) -> list[tuple[str, bool]]:
        """The prompt as (text, emphasised) pieces: the negative word stands out.

        A question without a prompt (a cloze may leave it out) shows the instruction
        "Fill in the blanks." in its language.
        """
        if not self.prompt:
            return [(labels_for(self.source.language)["cloze_prompt"], False)]
        prompt = self.prompt
        if self.emphasis is None:
            return [(prompt, False)]
        start, end = self.emphasis
        pieces = [(prompt[:start], False), (prompt[start:end], True), (prompt[end:], False)]
        return [piece for piece in pieces if piece[0]]

    def choice_order(self, salt: str | None) -> tuple[int, ...]:
        """The order choices are shown in (README: choice order).

        Numbers ascend; `shuffle: false` keeps the written order; otherwise the order is
        drawn from `salt` and the question's key, so the same salt gives the same order.
        """
        positions = range(len(self.choices))
        if self.choice_values is not None:
            return tuple(sorted(positions, key=lambda i: self.choice_values[i]))  # type: ignore[index]
        if self.shuffle and salt is not None:
            return _shuffled(len(self.choices), f"{salt}\x1f{self.key}")
        return tuple(positions)


@functools.lru_cache(maxsize=4096)
def _shuffled(count: int, seed: str) -> tuple[int, ...]:
    """0 … count-1 shuffled by a Random seeded with `seed`: every output of a bank asks for
    its questions' orders, and seeding a Random from text hashes it."""
    positions = list(range(count))
    random.Random(seed).shuffle(positions)
    return tuple(positions)


@dataclass(frozen=True)
class ResolvedBank:
    """A checked bank as outputs see it: identity, deck, article and resolved questions."""

    id: str
    deck: str
    tags: tuple[str, ...]
    source: Source
    paragraphs: tuple[Paragraph, ...]
    questions: tuple[Resolved, ...]

    @property
    def language(self) -> str:
        """The bank's language, which every label follows."""
        return self.source.language


def note_guid(bank_id: str, question_id: str) -> str:
    """A question's Anki GUID, as genanki.guid_for(bank_id, question_id) makes it.

    The first 8 bytes of the SHA-256 of "bank__question", written in Anki's base 91.
    """
    digest = hashlib.sha256(f"{bank_id}__{question_id}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    digits: list[str] = []
    while number > 0:
        number, digit = divmod(number, len(_BASE91))
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


def assert_never(value: NoReturn) -> NoReturn:
    """The end of a dispatch over a closed set: mypy proves it is never reached."""
    raise AssertionError(f"unhandled value {value!r}")


def parse_types(values: Iterable[str]) -> tuple[QuestionType, ...]:
    """Question types from --type values ("choice", "multi,short"), each once; OptionError if unknown."""
    types: list[QuestionType] = []
    for value in values:
        for name in filter(None, (v.strip() for v in value.split(","))):
            try:
                types.append(question_type(name))
            except ValueError:
                raise OptionError(
                    f"unknown question type '{name}' (choose from {', '.join(QUESTION_TYPES)})"
                ) from None
    return tuple(dict.fromkeys(types))


def question_type(written: str) -> QuestionType:
    """A checked question's type as the closed set every writer dispatches over."""
    for kind in get_args(QuestionType):
        if kind == written:
            return kind  # type: ignore[no-any-return]
    raise ValueError(f"unknown question type {written!r} (one of {', '.join(QUESTION_TYPES)})")


@functools.lru_cache(maxsize=1 << 14)
def negative_span(prompt: str, language: str) -> tuple[int, int] | None:
    """Where a "which is NOT …" prompt says so, or None (README: negative questions)."""
    pattern = _KO_NEGATIVE if language == "ko" else _EN_NEGATIVE
    match = pattern.search(prompt)
    if match is None and language == "ko":
        # A Korean bank may still ask in English words (NOT, EXCEPT).
        match = _EN_NEGATIVE.search(prompt)
    if match is None:
        return None
    group = next(name for name, value in match.groupdict().items() if value is not None)
    return match.span(group)


def is_negative(question: Question, language: str) -> bool:
    """True for a choice question whose key is what the article does NOT say."""
    if question.type not in ("choice", "multi"):
        return False
    if question.negative is not None:
        return question.negative
    return negative_span(question.prompt or "", language) is not None


def key_indexes(question: Question) -> frozenset[int]:
    """The 0-based indexes of the choices the answer names, compared after folding."""
    wanted = {fold(answer) for answer in question.answers}
    return frozenset(i for i, choice in enumerate(question.choices) if fold(choice) in wanted)


def answer_value(question: Question) -> float | None:
    """A numeric question's answer in the units the article writes (414 억 위안 is 4.14e10)."""
    if question.type != "numeric" or not isinstance(question.answer, str):
        return None
    value = parse_number(question.answer)
    return None if value is None else value * unit_multiplier(question.unit)


def numeric_choice_values(choices: Sequence[str]) -> tuple[float, ...] | None:
    """The values of choices that are all numbers, else None (README: choice order).

    A choice is one number with at most a few words around it and no other digit: a unit
    after it (`414억 위안`), a qualifier before it (`약 100년`, `more than 95%`). Choices
    that share one value are names (`B2B`, `B2C`), not amounts.
    """
    values = []
    for choice in choices:
        text = normalize(choice)
        mentions = find_numbers(text)
        if len(mentions) != 1:
            return None
        lead, rest = text[: mentions[0].start].strip(), text[mentions[0].end :].strip()
        if len(lead) > _MAX_LEAD_LENGTH or len(rest) > _MAX_UNIT_LENGTH:
            return None
        if any(ch.isdigit() for ch in lead + rest):
            return None
        values.append(mentions[0].value)
    return tuple(values) if values and len(set(values)) == len(values) else None


def cloze_pieces(
    quotes: Sequence[str], blanks: Sequence[str], accept: Sequence[tuple[str, ...]] = ()
) -> tuple[tuple[tuple[Piece, ...], ...], tuple[Blank, ...]]:
    """Each quote as pieces with every place a blank stands hidden, blanks numbered in reading order.

    The quotes are shown normalised (one space between words), one line each.
    """
    texts = [normalize(quote) for quote in quotes]
    numbers: dict[int, int] = {}  # written index -> number in reading order
    lines: list[tuple[Piece, ...]] = []
    for text in texts:
        pieces: list[Piece] = []
        position = 0
        for start, end, written in numbered_spans(text, blanks):
            number = numbers.setdefault(written, len(numbers) + 1)
            if start > position:
                pieces.append(Piece(text[position:start]))
            pieces.append(Piece(text[start:end], number))
            position = end
        if position < len(text):
            pieces.append(Piece(text[position:]))
        lines.append(tuple(pieces))
    # The checker refuses a blank found nowhere; it would still get an answer line.
    for written in range(1, len(blanks) + 1):
        numbers.setdefault(written, len(numbers) + 1)
    ordered = sorted(numbers, key=numbers.__getitem__)
    return tuple(lines), tuple(
        Blank(
            numbers[w],
            normalize(blanks[w - 1]),
            tuple(normalize(a) for a in accept[w - 1]) if w <= len(accept) else (),
        )
        for w in ordered
    )


def cloze_visible(quotes: Sequence[str], blanks: Sequence[str]) -> str:
    """What a cloze's reader still sees: its quotes with every blank hidden, one space between parts."""
    lines, _ = cloze_pieces(quotes, blanks)
    return " ".join(piece.text for line in lines for piece in line if piece.blank is None)


def citation(title: str, paragraphs: Sequence[int]) -> str:
    """Where a question's evidence stands: "title, ¶N"."""
    if not paragraphs:
        return title
    return f"{title}, " + ", ".join(f"¶{n}" for n in paragraphs)


def resolve_bank(
    bank: Bank, paragraphs: tuple[Paragraph, ...], cited: Mapping[str, tuple[int, ...]]
) -> ResolvedBank:
    """Resolve every question of a checked bank."""
    article = bank.article
    source = Source(
        article.title,
        article.language,
        article.published,
        article.outlet,
        article.byline,
        article.url,
    )
    questions = tuple(
        resolve_question(bank.id, source, question, cited.get(question.id, ()))
        for question in bank.questions
    )
    return ResolvedBank(bank.id, bank.deck_name, bank.tags, source, paragraphs, questions)


def resolve_question(
    bank_id: str, source: Source, question: Question, paragraphs: Sequence[int]
) -> Resolved:
    """One question as every output renders it."""
    negative = is_negative(question, source.language)
    emphasis = negative_span(question.prompt or "", source.language) if negative else None
    cloze, blanks = (
        cloze_pieces(
            [e.value for e in question.evidence],
            [b.value for b in question.blanks],
            [b.accept for b in question.blanks],
        )
        if question.type == "cloze"
        else ((), ())
    )
    number = None
    if question.type == "numeric":
        written = parse_number(str(question.answer))
        number = NumericAnswer(
            str(question.answer),
            question.unit,
            question.tolerance,
            answer_value(question),
            0.0 if written is None else written,
        )
    answers: tuple[str, ...] = ()
    if question.type == "short":
        answers = tuple(dict.fromkeys([*question.answers, *question.accept]))
    choosing = question.type in ("choice", "multi")
    choice_values = numeric_choice_values(question.choices) if choosing else None
    return Resolved(
        bank=bank_id,
        id=question.id,
        type=question_type(question.type),
        guid=note_guid(bank_id, question.id),
        source=source,
        prompt=question.prompt,
        emphasis=emphasis,
        negative=negative,
        choices=question.choices,
        keys=key_indexes(question) if choosing else frozenset(),
        shuffle=question.shuffle and choice_values is None,
        choice_values=choice_values,
        truth=question.answer if isinstance(question.answer, bool) else None,
        number=number,
        answers=answers,
        cloze=cloze,
        blanks=blanks,
        evidence=tuple(normalize(e.value) for e in question.evidence),
        citation=citation(source.title, paragraphs),
        explanation=question.explanation,
        tags=question.tags,
        difficulty=question.difficulty,
    )
