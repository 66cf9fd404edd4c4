"""The grounding checker: proves quotes, answers and numbers against the article."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from quizdeck.banks.model import Bank, Diagnostic, Question, Text
from quizdeck.banks.reader import cap_diagnostics
from quizdeck.checking.answer_words import evidence_haystacks, word_in
from quizdeck.checking.article_source import find_article, find_body
from quizdeck.checking.hints import closest_hint, ellipsis_hint, letter_hint
from quizdeck.checking.item_stats import stats_diagnostics
from quizdeck.checking.lint import (
    apply_allow,
    duplicate_evidence,
    lint_question,
    truefalse_balance,
)
from quizdeck.checking.quote_numbers import article_numbers, proven_numbers
from quizdeck.checking.result import CheckedBank, Findings
from quizdeck.resolve import answer_value, is_negative, key_indexes
from quizdeck.sources.articles import Article, Body
from quizdeck.sources.numbers import (
    same_value,
    scaled_tolerance,
    show_number,
    values_in,
    year_values,
)
from quizdeck.sources.textnorm import answer_key, did_you_mean, find_spans, fold, normalize
from quizdeck.workspace import Workspace

MIN_QUOTE_LENGTH = 8
# Quotes not found in one bank whose closest passage is searched for (each search reads the
# whole article).
MAX_SEARCHES = 10
_WORD = re.compile(r"[^\W_]+")


def check_bank(
    bank: Bank, workspace: Workspace, articles: dict[Path, Article | Diagnostic] | None = None
) -> tuple[CheckedBank | None, list[Diagnostic]]:
    """Check one loaded bank against its article."""
    findings = Findings(bank.id)
    article = find_article(bank, workspace, findings, {} if articles is None else articles)
    if article is None:
        return None, findings.items
    body = find_body(bank, article, findings)
    article_values = _article_values(article)
    paragraphs: dict[str, tuple[int, ...]] = {}
    seen_ids: dict[str, Question] = {}
    seen_prompts: dict[str, Question] = {}
    for question in bank.questions:
        findings.question = question.id
        if question.id in seen_ids:
            first = seen_ids[question.id].location.line
            findings.add(
                "duplicate-id",
                question.at("id"),
                f"{question.id}: id already used at line {first}",
                ("ids are never reused: pick a new one",),
            )
        seen_ids.setdefault(question.id, question)
        if question.prompt:
            # A cloze prompt is an instruction; what it asks is its evidence.
            asked = (
                question.prompt
                if question.type != "cloze"
                else " ".join([question.prompt, *(q.value for q in question.evidence)])
            )
            key = "".join(_WORD.findall(fold(asked)))
            if key in seen_prompts:
                other = seen_prompts[key]
                findings.add(
                    "duplicate-prompt",
                    question.at("prompt"),
                    f"{question.id}: asks the same as {other.id} (line {other.location.line})",
                )
            seen_prompts.setdefault(key, question)
        paragraphs[question.id] = _check_question(
            bank, question, article, body, article_values, findings
        )
        findings.items.extend(
            lint_question(question, bank.id, bank.article.language, bank.article.published)
        )
    for question in bank.incomplete:
        findings.question = question.id
        _check_incomplete(question, article, body, findings)
    findings.items.extend(
        duplicate_evidence(bank.questions, bank.id, bank.article.language, paragraphs)
    )
    findings.items.extend(truefalse_balance(bank.questions, bank.id))
    findings.items.extend(stats_diagnostics(bank, workspace))
    diagnostics = cap_diagnostics(apply_allow(bank.questions, bank.id, findings.items))
    return CheckedBank(bank, article, body, paragraphs), diagnostics


def _check_incomplete(question: Question, article: Article, body: Body, findings: Findings) -> None:
    """What can be checked of a question with a schema error: quotes, choices, blanks."""
    for quote in question.evidence:
        _check_quote(question, quote, article, body, findings)
    if question.type in ("choice", "multi") and question.choices and question.answer is not None:
        _check_choices(question, findings)
    if question.type == "cloze" and question.blanks and question.evidence:
        _check_blanks(question, findings)


def _article_values(article: Article) -> frozenset[float]:
    return frozenset(m.value for m in article_numbers(article.normalized.text).mentions)


def _check_question(
    bank: Bank,
    question: Question,
    article: Article,
    body: Body,
    article_values: frozenset[float],
    findings: Findings,
) -> tuple[int, ...]:
    cited: list[int] = []
    all_found = True
    # What the article itself says where each quote stands (finding 1): numbers, answers
    # and blanks are read from it, never from the quote as typed.
    spans: list[str] = []
    values: set[float] = set()
    for quote in question.evidence:
        found, paragraph = _check_quote(question, quote, article, body, findings)
        all_found = all_found and found is not None
        if found is not None:
            spans.append(normalize(article.text[found[0] : found[1]]))
            values.update(proven_numbers(question, quote, article, found, findings))
        if paragraph is not None and paragraph not in cited:
            cited.append(paragraph)
    evidence_text = " ".join(spans)
    if question.type in ("choice", "multi"):
        _check_choices(question, findings)
    if question.type == "cloze":
        _check_blanks(question, findings, spans if all_found else None)
    # Answers are proved against quotes that stand in the article, not against a typo.
    if all_found:
        negative = is_negative(question, bank.article.language)
        _check_numbers(question, negative, frozenset(values), evidence_text, findings)
        if question.type in ("choice", "multi", "short"):
            _check_answer_words(question, negative, evidence_text, findings)
    # A false statement changes a fact on purpose, numbers included.
    if question.prompt and not (question.type == "truefalse" and question.answer is False):
        for value in sorted(values_in(normalize(question.prompt))):
            if value not in article_values and not any(
                same_value(value, v) for v in article_values
            ):
                findings.add(
                    "prompt-number-not-in-article",
                    question.at("prompt"),
                    f"{question.id}: the number {show_number(value, year_values(normalize(question.prompt)))} in the prompt appears nowhere in {article.path}",
                )
    return tuple(cited)


def _check_quote(
    question: Question, quote: Text, article: Article, body: Body, findings: Findings
) -> tuple[tuple[int, int] | None, int | None]:
    """The article span where the quote stands (None if nowhere), and the body paragraph it cites."""
    spans = article.find_all(quote.value)
    if not spans:
        findings.add(
            "evidence-not-found",
            quote.location,
            f"{question.id}: quote not found in {article.path}",
            (
                *_closest(article, quote.value, findings),
                *filter(None, [ellipsis_hint(quote.value)]),
            ),
        )
        return None, None
    inside = [span for span in spans if body.contains(*span)]
    if not inside:
        findings.add(
            "evidence-outside-body",
            quote.location,
            f"{question.id}: quote is outside the article body of {article.path}",
            (
                f"found at {article.location(spans[0][0])}, in page chrome; adjust the quote or article.body",
            ),
        )
        return spans[0], None
    if len(normalize(quote.value)) < MIN_QUOTE_LENGTH:
        findings.add(
            "evidence-too-short",
            quote.location,
            f"{question.id}: quote of {len(normalize(quote.value))} characters proves little",
            (
                f"quote at least {MIN_QUOTE_LENGTH} characters: the sentence that supports the answer",
            ),
        )
    if len(inside) > 1:
        places = ", ".join(str(article.location(span[0])) for span in inside[:3])
        findings.add(
            "evidence-ambiguous",
            quote.location,
            f"{question.id}: quote occurs {len(inside)} times in the body",
            (f"at {places}; quote more of the sentence",),
        )
    paragraph = body.paragraph_at(inside[0][0])
    return inside[0], paragraph.number if paragraph else None


def _closest(article: Article, quote: str, findings: Findings) -> tuple[str, ...]:
    """The closest passage, for the first MAX_SEARCHES quotes of a bank not found (finding 10)."""
    findings.searches += 1
    if findings.searches > MAX_SEARCHES:
        return (
            f"closest passage not searched: more than {MAX_SEARCHES} quotes of this bank are not found",
        )
    return closest_hint(article, quote)


def _check_choices(question: Question, findings: Findings) -> None:
    where = question.at("choices")
    if len(question.choices) < 3:
        findings.add(
            "too-few-choices",
            where,
            f"{question.id}: {len(question.choices)} choices, at least 3 are needed",
        )
    seen: dict[str, str] = {}
    for choice in question.choices:
        key = fold(choice)
        if key in seen:
            findings.add(
                "duplicate-choice",
                where,
                f"{question.id}: choices {seen[key]!r} and {choice!r} are the same",
            )
        seen.setdefault(key, choice)
    for answer in question.answers:
        if fold(answer) not in seen:
            findings.add(
                "answer-not-in-choices",
                question.at("answer"),
                f"{question.id}: answer {answer!r} is not among the choices",
                (hint,)
                if (hint := letter_hint(answer, question.choices))
                else _did_you_mean(answer, question.choices),
            )


def _did_you_mean(value: str, options: Iterable[str]) -> tuple[str, ...]:
    close = did_you_mean(value, options)
    return (close,) if close else ()


def _check_blanks(
    question: Question, findings: Findings, in_article: list[str] | None = None
) -> None:
    """Blanks stand in the article's text where the quotes stand (or the quotes, if not found)."""
    quotes = (
        in_article if in_article is not None else [normalize(q.value) for q in question.evidence]
    )
    # Where each blank stands: (quote, start, end) for every place.
    places: list[set[tuple[int, int, int]]] = []
    for index, blank in enumerate(question.blanks):
        spans = {
            (n, start, end)
            for n, quote in enumerate(quotes)
            for start, end in find_spans(quote, blank.value, overlapping=True)
        }
        places.append(spans)
        for alternative in blank.accept:
            if answer_key(alternative) == answer_key(blank.value):
                findings.add(
                    "blank-accept-redundant",
                    blank.location,
                    f"{question.id}: blank {blank.value!r} accepts {alternative!r}, which is the blank itself as answers are compared",
                    ("spacing, case, hyphens and middle dots are forgiven already: drop it",),
                )
        if not spans:
            findings.add(
                "blank-not-in-evidence",
                blank.location,
                f"{question.id}: blank {blank.value!r} is not a span of the evidence",
                _did_you_mean(blank.value, _WORD.findall(" ".join(quotes))),
            )
            continue
        for earlier in range(index):
            other = question.blanks[earlier]
            if any(q == r and s < f and t < e for q, s, e in spans for r, t, f in places[earlier]):
                same = fold(blank.value) == fold(other.value)
                findings.add(
                    "blank-overlap",
                    blank.location,
                    f"{question.id}: blank {blank.value!r} "
                    + ("repeats" if same else f"overlaps blank {other.value!r}")
                    + f" (blank {earlier + 1})",
                    (
                        "a blank is hidden everywhere it stands: list it once"
                        if same
                        else "blanks must not share words: blank the shorter span, or one of them",
                    ),
                )
                break


def _supported(question: Question, negative: bool) -> tuple[str, ...]:
    """What must stand in the evidence: the answer, or a NOT question's other choices."""
    if not negative:
        return question.answers
    keys = key_indexes(question)
    return tuple(c for i, c in enumerate(question.choices) if i not in keys)


def _check_numbers(
    question: Question,
    negative: bool,
    evidence_values: frozenset[float],
    evidence_text: str,
    findings: Findings,
) -> None:
    """The answer's numbers among the values the article's text of the quotes holds."""
    if question.type == "numeric":
        value = answer_value(question)
        tolerance = scaled_tolerance(question.tolerance, question.unit)
        if value is not None and not any(same_value(value, v, tolerance) for v in evidence_values):
            written = f"{question.answer} {question.unit or ''}".strip()
            years = year_values(evidence_text)
            if (question.unit or "").strip() in ("년", "년도", "연도", "year", "years"):
                years |= {v for v in evidence_values if v == int(v) and 1000 <= v <= 2100}
            shown = ", ".join(show_number(v, years) for v in sorted(evidence_values))
            findings.add(
                "number-not-in-evidence",
                question.at("answer"),
                f"{question.id}: the answer {written} is not a number of the evidence",
                (f"numbers in the evidence: {shown or 'none'}",),
            )
        return
    if question.type == "truefalse":
        texts = [question.prompt or ""] if question.answer is True else []
        where, what = question.at("prompt"), "true statement"
    elif negative:
        texts = list(_supported(question, negative))
        where, what = question.at("choices"), "choice"
    else:
        texts = list(question.answers)
        where, what = question.at("answer"), "answer"
    for text in texts:
        written = normalize(text)
        # The statement is the prompt the location points at; an answer or choice is named.
        named = f"{what} {text!r}" if what != "true statement" else what
        for value in sorted(values_in(written)):
            if not any(same_value(value, v) for v in evidence_values):
                findings.add(
                    "number-not-in-evidence",
                    where,
                    f"{question.id}: the number {show_number(value, year_values(written))} "
                    f"in the {named} is not in the evidence",
                )


def _check_answer_words(
    question: Question, negative: bool, evidence_text: str, findings: Findings
) -> None:
    haystacks = evidence_haystacks(evidence_text)
    what, where = (
        ("choice", question.at("choices")) if negative else ("answer", question.at("answer"))
    )
    choices = {fold(c) for c in question.choices}
    for text in _supported(question, negative):
        if question.type != "short" and fold(text) not in choices:
            continue  # answer-not-in-choices says so, with the letter hint if it is one
        words = _WORD.findall(normalize(text))
        missing = [w for w in words if not any(word_in(w, h) for h in haystacks)]
        if words and len(missing) * 2 > len(words):
            hints = [f"missing: {', '.join(missing)}"]
            if what == "choice":
                hints.append(
                    "the prompt asks which is NOT so: every other choice must be in the evidence"
                )
            findings.add(
                "answer-not-in-evidence",
                where,
                f"{question.id}: most words of the {what} {text!r} appear nowhere in the evidence",
                hints,
            )
