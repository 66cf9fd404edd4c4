"""What the item-writing rules share: words and their stems in both languages, the diagnostic."""

from __future__ import annotations

import functools
import re

from quizdeck.banks.model import Diagnostic, Location, Question
from quizdeck.checking.codes import diagnostic
from quizdeck.resolve import key_indexes
from quizdeck.sources.korean import split_particle
from quizdeck.sources.textnorm import normalize

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
EOJEOL = re.compile(r"\S+")
HANGUL = re.compile(r"[가-힣]")


@functools.lru_cache(maxsize=65536)
def stem_of(word: str, language: str) -> str:
    """A word compared loosely: particles off in Korean, plural and tense endings in English."""
    word = word.casefold()
    if language == "ko" or HANGUL.search(word):
        return split_particle(word)[0]
    for ending in ("ies", "es", "s", "ed", "ing"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


STOP_EN = frozenset(
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
        "but", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that",
        "these", "those", "which", "what", "who", "whom", "whose", "when", "where", "why", "how",
        "does", "do", "did", "has", "have", "had", "not", "no", "than", "then", "there", "their",
        "they", "them", "he", "she", "his", "her", "we", "our", "you", "your", "i", "according",
        "article", "following", "statement", "true", "false", "says", "said", "can", "could",
        "would", "will", "should", "may", "might", "about", "into", "over", "under", "after",
        "before", "between", "more", "most", "less", "least"
    }
)  # fmt: skip
STOP_KO = frozenset(
    {
        "기사", "기사에", "따르면", "다음", "다음은", "중", "무엇", "무엇인가", "어느", "어떤", "어디", "누구", "언제", "얼마", "몇",
        "것", "것은", "것을", "가장", "관한", "관해", "대한", "대해", "설명", "설명으로", "내용", "내용으로", "옳은", "맞는", "및",
        "등", "이", "그", "저", "수", "더", "또", "위해", "통해", "따라", "인가", "인가요", "무엇을", "무엇이", "고르시오",
        "쓰시오", "위", "보기", "있다", "했다", "한다", "된다", "하는", "있는", "것이다", "밝혔다"
    }
)  # fmt: skip


@functools.lru_cache(maxsize=1 << 14)
def content_words(text: str, language: str) -> tuple[str, ...]:
    """The content words of a text, stemmed: no function words, no bare numbers."""
    words: list[str] = []
    for word in WORD.findall(normalize(text)):
        if word.isdigit() or word.casefold() in STOP_EN or word in STOP_KO:
            continue
        stem = stem_of(word, language)
        if stem in STOP_KO or stem in STOP_EN or len(stem) < (2 if HANGUL.search(stem) else 3):
            continue
        words.append(stem)
    return tuple(words)


def lint_diagnostic(
    question: Question,
    bank: str,
    code: str,
    where: str,
    message: str,
    hint: str,
) -> Diagnostic:
    location: Location = question.at(where)
    return diagnostic(code, location, f"{question.id}: {message}", bank, question.id, (hint,))


def has_choices(question: Question) -> bool:
    return question.type in ("choice", "multi") and len(question.choices) >= 2


def keys_and_distractors(question: Question) -> tuple[list[str], list[str]]:
    keys = key_indexes(question)
    chosen = [c for i, c in enumerate(question.choices) if i in keys]
    others = [c for i, c in enumerate(question.choices) if i not in keys]
    return chosen, others
