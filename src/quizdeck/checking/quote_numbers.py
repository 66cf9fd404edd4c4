"""The numbers a quote proves, read from the article where it stands (issue 20, finding 1).

Quotes may differ from the article by spacing; a number may not: "1 2 pounds" found in
"12 pounds" (or a quote starting inside a number) is evidence-number-differs, and the
values the quote proves are the article's whole numbers its span touches.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from quizdeck.banks.model import Question, Text
from quizdeck.checking.result import Findings
from quizdeck.sources.articles import Article
from quizdeck.sources.numbers import NumberMention, find_numbers, fold_width
from quizdeck.sources.textnorm import normalize

# Digits as written, with their decimal point or thousands commas: "2.4", "1,293", "414".
_DIGIT_RUN = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class ArticleNumbers:
    """The numbers of an article's normalised text and its runs of digits, in order, with
    where each starts and ends (neither overlaps the next)."""

    mentions: tuple[NumberMention, ...]
    mention_spans: tuple[tuple[int, ...], tuple[int, ...]]
    runs: tuple[str, ...]
    run_spans: tuple[tuple[int, ...], tuple[int, ...]]


@functools.lru_cache(maxsize=64)
def article_numbers(text: str) -> ArticleNumbers:
    """The numbers of an article's normalised text, read once: every quote of a bank, and
    the check of its numbers, look here."""
    mentions = tuple(find_numbers(text))
    runs = list(_DIGIT_RUN.finditer(fold_width(text)))
    return ArticleNumbers(
        mentions,
        (tuple(m.start for m in mentions), tuple(m.end for m in mentions)),
        tuple(r.group() for r in runs),
        (tuple(r.start() for r in runs), tuple(r.end() for r in runs)),
    )


def _touching(spans: tuple[tuple[int, ...], tuple[int, ...]], start: int, end: int) -> slice:
    """Which of the spans (in order, none overlapping the next) overlap [start, end)."""
    starts, ends = spans
    return slice(bisect.bisect_right(ends, start), bisect.bisect_left(starts, end))


def proven_numbers(
    question: Question, quote: Text, article: Article, span: tuple[int, int], findings: Findings
) -> list[float]:
    """The values of the article's numbers the quote's span touches, whole (finding 1).

    The spacing a quote may differ by must not change a number: "1 2 pounds" found in
    "12 pounds", or a quote that starts inside one ("2 pounds" of "12 pounds"), is an error
    whose hint shows the article's number.
    """
    view = article.normalized
    start = bisect.bisect_left(view.starts, span[0])
    end = bisect.bisect_left(view.starts, span[1])
    numbers = article_numbers(view.text)
    touched = list(numbers.mentions[_touching(numbers.mention_spans, start, end)])
    runs = list(numbers.runs[_touching(numbers.run_spans, start, end)])
    typed = _DIGIT_RUN.findall(fold_width(normalize(quote.value)))
    values = [m.value for m in touched]
    if runs != typed:
        # Show only the numbers that differ, and the article's numbers among them.
        while runs and typed and runs[-1] == typed[-1]:
            runs, typed = runs[:-1], typed[:-1]
        shared = next((i for i, (a, b) in enumerate(zip(runs, typed, strict=False)) if a != b), 0)
        runs, typed = runs[shared:], typed[shared:]
        differing = set(runs)
        touched = [m for m in touched if differing & set(_DIGIT_RUN.findall(fold_width(m.text)))]
        findings.add(
            "evidence-number-differs",
            quote.location,
            f"{question.id}: the quote writes {_digits(typed)} where the article writes "
            f"{_digits(runs)}",
            (
                *(_number_hint(article, view.starts, m) for m in touched[:3]),
                "quote the number whole, with its digits as the article writes them",
            ),
        )
    return values


def _digits(runs: list[str]) -> str:
    return " ".join(runs) if runs else "no number"


def _number_hint(article: Article, starts: tuple[int, ...], mention: NumberMention) -> str:
    at = article.location(starts[mention.start])
    return f"the article has {mention.text!r} at {at}"
