"""Item-writing lint: the flaws that make a question unfair (README: `quizdeck check`).

One function per code, each returning its Diagnostics; `lint_question` runs the
per-question rules, `duplicate_evidence` and `truefalse_balance` look at the questions of
a bank, and
`apply_allow` honours a question's `allow:` list. Rules work in both languages of a
bank: English by words, Korean by eojeol (a spaced word) and a particle list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from quizdeck.banks.model import Diagnostic, Question
from quizdeck.checking.codes import ITEM_CODES, LINT_CODES, diagnostic
from quizdeck.checking.lint_blanks import (
    blank_long,
    blank_partial_word,
    blank_particle,
    trivial_blank,
)
from quizdeck.checking.lint_wording import (
    absolute_term,
    all_none_of_above,
    double_negative,
    key_longest,
    relative_time,
    stem_key_overlap,
    vague_term,
)
from quizdeck.checking.lint_words import (
    content_words,
    lint_diagnostic,
)
from quizdeck.resolve import is_negative
from quizdeck.sources.numbers import values_in
from quizdeck.sources.textnorm import did_you_mean, fold, normalize

Rule = Callable[[Question, str, str], list[Diagnostic]]
RULES: tuple[Rule, ...] = (
    key_longest,
    all_none_of_above,
    absolute_term,
    vague_term,
    stem_key_overlap,
    double_negative,
    blank_particle,
    blank_long,
    blank_partial_word,
    trivial_blank,
)


def lint_question(
    question: Question, bank: str, language: str, published: str | None = None
) -> list[Diagnostic]:
    """Every per-question item-writing rule on one question."""
    found = [d for rule in RULES for d in rule(question, bank, language)]
    return found + relative_time(question, bank, language, published)


_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")


def _sentences(question: Question) -> list[str]:
    return [
        fold(s) for q in question.evidence for s in _SENTENCE_END.split(normalize(q.value)) if s
    ]


def _same_sentence(mine: list[str], theirs: list[str]) -> bool:
    """True when a sentence of one question's evidence holds one of the other's."""
    return any(a in b or b in a for a in mine for b in theirs)


def _fact(question: Question, language: str) -> set[str]:
    """What a question tests: the words and numbers of its key (or blanks, or statement)."""
    if question.type == "cloze":
        texts = [b.value for b in question.blanks]
    elif question.type == "truefalse":
        texts = [question.prompt or ""]
    elif question.type == "numeric":
        texts = [f"{question.answer} {question.unit or ''}"]
    else:
        texts = [*question.answers, *question.accept]
    words = {w for t in texts for w in content_words(t, language)}
    numbers = {f"#{v:g}" for t in texts for v in values_in(normalize(t))}
    return words | numbers


# Earlier questions of a paragraph (and of a sentence) a question is compared with.
COMPARED = 64


def duplicate_evidence(
    questions: Sequence[Question],
    bank: str,
    language: str,
    paragraphs: Mapping[str, tuple[int, ...]],
) -> list[Diagnostic]:
    """Two questions rest on the same evidence sentence and test the same fact."""
    found = []
    by_paragraph: dict[int, list[Question]] = {}
    by_sentence: dict[str, list[Question]] = {}
    # Sentences of each question once; its fact only when it shares a sentence.
    sentences: dict[int, list[str]] = {}
    facts: dict[int, set[str]] = {}

    def fact_of(question: Question) -> set[str]:
        if id(question) not in facts:
            facts[id(question)] = _fact(question, language)
        return facts[id(question)]

    for question in questions:
        if is_negative(question, language):
            # A NOT question's key is false by design: it tests the other choices.
            continue
        mine = sentences[id(question)] = _sentences(question)
        # Bounded (finding 10): every question quoting the same sentence, and only the
        # latest of a paragraph for a sentence that holds another; no pass is quadratic.
        earlier = [q for s in mine for q in by_sentence.get(s, ())[-COMPARED:]]
        earlier += [
            q for n in paragraphs.get(question.id, ()) for q in by_paragraph.get(n, [])[-COMPARED:]
        ]
        # By identity: hashing a question dataclass hashes every field.
        for other in {id(q): q for q in earlier}.values():
            if not _same_sentence(mine, sentences[id(other)]):
                continue
            shared = sorted(fact_of(question) & fact_of(other))
            if shared:
                found.append(
                    lint_diagnostic(
                        question,
                        bank,
                        "duplicate-evidence",
                        "evidence",
                        f"rests on the same evidence as {other.id} (line {other.location.line}) "
                        f"and tests the same fact ({', '.join(s.lstrip('#') for s in shared)})",
                        "a bank tests each fact once: ask about another sentence, or drop one",
                    )
                )
                break
        for n in paragraphs.get(question.id, ()):
            by_paragraph.setdefault(n, []).append(question)
        for sentence in mine:
            by_sentence.setdefault(sentence, []).append(question)
    return found


# A bank's true/false keys lean one way when answering that way to all of them scores this much.
TRUEFALSE_LEAN = 0.65
TRUEFALSE_MIN = 4


def truefalse_balance(questions: Sequence[Question], bank: str) -> list[Diagnostic]:
    """Answering one way to every true/false question of a bank would score TRUEFALSE_LEAN or more."""
    keys = [q for q in questions if q.type == "truefalse" and isinstance(q.answer, bool)]
    if len(keys) < TRUEFALSE_MIN:
        return []
    false = sum(q.answer is False for q in keys)
    lean, count = ("false", false) if false * 2 >= len(keys) else ("true", len(keys) - false)
    if count / len(keys) < TRUEFALSE_LEAN:
        return []
    first = next(q for q in keys if (q.answer is False) == (lean == "false"))
    return [
        diagnostic(
            "truefalse-balance",
            first.location,
            f"answering {lean!r} to every true/false question scores {count / len(keys):.0%} "
            f"({count} of {len(keys)} are {lean})",
            bank,
            hints=(
                f"a learner who guesses {lean!r} every time passes: turn some {lean} statements "
                f"{'true' if lean == 'false' else 'false'} (at most {TRUEFALSE_LEAN:.0%} one way)",
            ),
        )
    ]


def apply_allow(
    questions: Iterable[Question], bank: str, diagnostics: Sequence[Diagnostic]
) -> list[Diagnostic]:
    """Drop the warnings each question's `allow:` names; an allow that silences nothing is a warning."""
    allowed = {q.id: q for q in questions if q.allow}
    if not allowed:
        return list(diagnostics)
    kept: list[Diagnostic] = []
    used: set[tuple[str, str]] = set()
    for found in diagnostics:
        question = allowed.get(found.question or "")
        if question and found.severity == "warning" and found.code in question.allow:
            used.add((question.id, found.code))
            continue
        kept.append(found)
    for question in allowed.values():
        for code in question.allow:
            # A statistics code silences nothing until a class's figures say so.
            if (question.id, code) in used or code in ITEM_CODES:
                continue
            close = did_you_mean(code, LINT_CODES) if code not in LINT_CODES else None
            hint = close or f"remove {code!r} from allow"
            kept.append(
                lint_diagnostic(
                    question,
                    bank,
                    "unused-allow",
                    "allow",
                    f"allow names {code!r}, which reports no warning here",
                    hint,
                )
            )
    return kept
