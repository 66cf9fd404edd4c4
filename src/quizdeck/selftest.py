"""The terminal self-test: choosing questions, asking, matching answers, scoring.

Decisions (documented in README): question ids are always "bank/question", so they
are unique whatever banks are selected; an empty answer is a skip and counts as
wrong (and is logged, so the card comes back soon); a short answer or cloze blank
that differs only by spacing is right, one that is one edit away (Levenshtein
distance 1, answers of three characters or more) is reported as a near miss but
counts as wrong; choices are shown in the order the author wrote them.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

from .checker import CheckedBank, answer_value
from .model import QUESTION_TYPES, Question
from .numbers import parse_number, same_value, unit_multiplier, with_unit
from .progress import (
    BankProgress,
    Clock,
    ProgressStore,
    QuestionProgress,
    default_store_path,
    utc_now,
)
from .textnorm import fold, normalize, numbered_spans

TRUE_WORDS = frozenset({"o", "t", "true", "y", "yes", "참", "예", "○", "⭕"})
FALSE_WORDS = frozenset({"x", "f", "false", "n", "no", "거짓", "아니오", "×", "✕", "✗", "❌"})
NEAR_MISS_MIN_LENGTH = 3
_NUMBERS_SEPARATOR = re.compile(r"[\s,]+")
_LEADING_NUMERAL = re.compile(r"^\s*[십백천만억조경]+")

Reader = Callable[[str], str]


class InvalidAnswer(ValueError):
    """Input that is no answer to this kind of question: ask again."""


@dataclass(frozen=True)
class Verdict:
    """The outcome of one answer."""

    correct: bool
    near_miss: bool = False


# ---------------------------------------------------------------- answer matching


def check_answer(question: Question, given: str) -> Verdict:
    """Judge an answer to a non-cloze question; raises InvalidAnswer to ask again."""
    if not given.strip():
        return Verdict(False)
    if question.type == "choice":
        return Verdict(choice_numbers(question, given, single=True) == _answer_numbers(question))
    if question.type == "multi":
        return Verdict(choice_numbers(question, given) == _answer_numbers(question))
    if question.type == "truefalse":
        return Verdict(parse_truth(given) is question.answer)
    if question.type == "numeric":
        return Verdict(numeric_matches(question, given))
    if question.type == "short":
        return text_verdict(given, question.answers + question.accept)
    raise ValueError(f"{question.type} questions are answered blank by blank")


def check_blank(blank: str, given: str) -> Verdict:
    """Judge the answer to one cloze blank."""
    return text_verdict(given, (blank,)) if given.strip() else Verdict(False)


def choice_numbers(question: Question, given: str, single: bool = False) -> frozenset[int]:
    """The 1-based choice numbers an answer names ("1,3", "1 3", or a choice's text)."""
    folded = fold(given)
    parts = [p.rstrip(".)") for p in _NUMBERS_SEPARATOR.split(folded) if p]
    count = len(question.choices)
    in_range = all(p.isdecimal() and 1 <= int(p) <= count for p in parts)
    if parts and in_range and (not single or len(parts) == 1):
        return frozenset(int(p) for p in parts)
    # Not numbers as displayed: perhaps the text of a choice.
    for number, choice in enumerate(question.choices, 1):
        if folded == fold(choice):
            return frozenset({number})
    raise InvalidAnswer(given)


def _answer_numbers(question: Question) -> frozenset[int]:
    wanted = {fold(a) for a in question.answers}
    return frozenset(n for n, c in enumerate(question.choices, 1) if fold(c) in wanted)


def parse_truth(given: str) -> bool:
    """o/x, t/f, 참/거짓, y/n, true/false (any case, also ○/×) as a bool."""
    word = fold(given)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidAnswer(given)


def numeric_matches(question: Question, given: str) -> bool:
    """True when `given` is the answer by value, with or without the unit, within the tolerance.

    For answer 414 with unit "억 위안", "414", "414억", "414억 위안" and "41,400,000,000"
    all match: the number is read as written and, failing that, in the unit.
    """
    target = answer_value(question)
    if target is None:
        return False
    multiplier = unit_multiplier(question.unit)
    tolerance = question.tolerance * multiplier
    written = normalize(given).replace(" ", "")
    # The unit's word after its numeral ("위안" of "억 위안"), typed or not.
    word = _LEADING_NUMERAL.sub("", question.unit or "").replace(" ", "").casefold()
    if word and written.casefold().endswith(word):
        written = written[: -len(word)]
    value = parse_number(written)
    if value is None:
        return False
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


def cloze_text(question: Question) -> str:
    """The evidence with each blank replaced by "(N)____"."""
    text = " … ".join(normalize(e.value) for e in question.evidence)
    parts: list[str] = []
    position = 0
    for start, end, number in numbered_spans(text, [blank.value for blank in question.blanks]):
        parts += [text[position:start], f"({number})____"]
        position = end
    parts.append(text[position:])
    return "".join(parts)


# ---------------------------------------------------------------- choosing questions


@dataclass(frozen=True)
class Item:
    """A question to ask, with the bank it comes from."""

    checked: CheckedBank
    question: Question

    @property
    def key(self) -> str:
        """The id shown and reported: "bank/question"."""
        return f"{self.checked.bank.id}/{self.question.id}"


def parse_types(values: Iterable[str]) -> tuple[str, ...]:
    """Question types from --type values ("choice", "multi,short"); ValueError if unknown."""
    types: list[str] = []
    for value in values:
        for name in filter(None, (v.strip() for v in value.split(","))):
            if name not in QUESTION_TYPES:
                raise ValueError(
                    f"unknown question type '{name}' (choose from {', '.join(QUESTION_TYPES)})"
                )
            types.append(name)
    return tuple(dict.fromkeys(types))


def select_questions(
    banks: Sequence[CheckedBank],
    progress: Mapping[str, Mapping[str, QuestionProgress]],
    now: datetime,
    *,
    types: Sequence[str] = (),
    due: bool = False,
    missed: bool = False,
    seed: int | str | None = None,
    count: int | None = None,
) -> list[Item]:
    """The questions to ask, in order.

    Bank order unless `seed` shuffles; `due`: cards due now (earliest first), then
    never-answered ones; `missed`: exactly those whose last answer was wrong.
    """
    if due and missed:
        raise ValueError("--due and --missed cannot be combined")
    if count is not None and count < 1:
        raise ValueError("--count must be at least 1")
    items = [
        Item(checked, question)
        for checked in banks
        for question in checked.bank.questions
        if not types or question.type in types
    ]

    def known(item: Item) -> QuestionProgress | None:
        return progress.get(item.checked.bank.id, {}).get(item.question.id)

    shuffle = random.Random(seed).shuffle if seed is not None else None
    if missed:
        items = [i for i in items if (p := known(i)) is not None and not p.last_correct]
    if due:
        ready = [i for i in items if (p := known(i)) is not None and p.due <= now]
        fresh = [i for i in items if known(i) is None]
        if shuffle:
            shuffle(ready)
            shuffle(fresh)
        else:
            ready.sort(key=lambda i: known(i).due)  # type: ignore[union-attr]
        items = ready + fresh
    elif shuffle:
        shuffle(items)
    return items[:count] if count else items


# ---------------------------------------------------------------- the session

LABELS: dict[str, dict[str, str]] = {
    "ko": {
        "choice": "객관식",
        "multi": "복수 선택",
        "truefalse": "O/X",
        "short": "단답형",
        "numeric": "수치",
        "cloze": "빈칸 채우기",
        "ask-choice": "번호> ",
        "ask-multi": "번호 여러 개 (예: 1,3)> ",
        "ask-truefalse": "O/X> ",
        "ask-numeric": "숫자> ",
        "ask-short": "답> ",
        "unit": "단위: {unit}",
        "cloze-prompt": "빈칸에 들어갈 말을 쓰시오.",
        "invalid-choice": "1부터 {n}까지의 번호 하나로 답하세요.",
        "invalid-multi": "1부터 {n}까지의 번호를 쉼표나 빈칸으로 나눠 쓰세요 (예: 1,3).",
        "invalid-truefalse": "O 또는 X로 답하세요 (o/x, 참/거짓, t/f, y/n).",
        "right": "✓ 정답",
        "wrong": "✗ 오답",
        "skipped": "– 건너뜀 (오답으로 셉니다)",
        "near": "△ 거의 맞았습니다 (한 글자 차이) — 오답으로 셉니다",
        "answer": "정답",
        "accepted": "인정되는 답",
        "explanation": "해설",
        "evidence": "근거",
        "source": "출처",
        "true": "O (참)",
        "false": "X (거짓)",
        "score": "결과: {asked}문제 중 {correct}문제 정답 ({percent}%) · 걸린 시간 {time}",
        "missed": "틀린 문제: {ids}",
        "interrupted": "중단했습니다. 답한 {n}문제는 저장했습니다.",
        "stopped": "중단했습니다. 답한 문제가 없습니다.",
        "retry": "틀린 {n}문제를 다시 풀까요? [y/N]> ",
        "nothing": "물어볼 문제가 없습니다.",
        "minutes": "{m}분 {s}초",
        "seconds": "{s}초",
    },
    "en": {
        "choice": "multiple choice",
        "multi": "select all",
        "truefalse": "true/false",
        "short": "short answer",
        "numeric": "number",
        "cloze": "fill in the blanks",
        "ask-choice": "number> ",
        "ask-multi": "numbers (e.g. 1,3)> ",
        "ask-truefalse": "true/false> ",
        "ask-numeric": "number> ",
        "ask-short": "answer> ",
        "unit": "unit: {unit}",
        "cloze-prompt": "Fill in the blanks.",
        "invalid-choice": "Answer with one number from 1 to {n}.",
        "invalid-multi": "Answer with numbers from 1 to {n}, separated by commas or spaces (e.g. 1,3).",
        "invalid-truefalse": "Answer true or false (t/f, o/x, y/n).",
        "right": "✓ right",
        "wrong": "✗ wrong",
        "skipped": "– skipped (counts as wrong)",
        "near": "△ near miss (one character off) — counts as wrong",
        "answer": "answer",
        "accepted": "also accepted",
        "explanation": "explanation",
        "evidence": "evidence",
        "source": "source",
        "true": "true",
        "false": "false",
        "score": "Score: {correct}/{asked} right ({percent}%) · time {time}",
        "missed": "Missed: {ids}",
        "interrupted": "Stopped. The {n} answer(s) given were saved.",
        "stopped": "Stopped before the first answer.",
        "retry": "Retry the {n} missed question(s)? [y/N]> ",
        "nothing": "Nothing to ask.",
        "minutes": "{m} min {s} s",
        "seconds": "{s} s",
    },
}


@dataclass(frozen=True)
class Answer:
    """One answered question."""

    item: Item
    given: str
    verdict: Verdict
    blanks: tuple[Verdict, ...] = ()  # per blank, for cloze
    skipped: bool = False  # nothing typed (every blank empty for cloze)


@dataclass
class Summary:
    """What a session asked and how it went."""

    answers: list[Answer] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def correct(self) -> int:
        """How many answers were right."""
        return sum(a.verdict.correct for a in self.answers)

    @property
    def missed(self) -> list[Item]:
        """The questions answered wrong, in the order asked."""
        return [a.item for a in self.answers if not a.verdict.correct]

    def to_json(self) -> dict[str, object]:
        """The `--format json` object."""
        return {
            "asked": len(self.answers),
            "correct": self.correct,
            "missed": [i.key for i in self.missed],
            "seconds": round(self.seconds, 1),
            "results": [
                {"id": a.item.key, "given": a.given, "correct": a.verdict.correct}
                for a in self.answers
            ],
        }


def make_console(stream: TextIO) -> Console:
    """A rich console that never wraps (the terminal does) and plain text when not a terminal."""
    return Console(file=stream, highlight=False, markup=False, emoji=False, soft_wrap=True)


def line_reader(out: TextIO, stdin: TextIO) -> Reader:
    """Read one answer line; EOFError at end of input, KeyboardInterrupt on Ctrl-C."""
    if stdin.isatty() and out is sys.stdout and stdin is sys.stdin:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (line editing for input())
        return input

    def read(prompt: str) -> str:
        out.write(prompt)
        out.flush()
        line = stdin.readline()
        if not line:
            raise EOFError
        if not stdin.isatty():
            out.write(line if line.endswith("\n") else line + "\n")  # a readable transcript
        return line.rstrip("\r\n")

    return read


class Session:
    """Asks items one at a time, shows the verdict and evidence, records each answer."""

    def __init__(
        self,
        console: Console,
        read: Reader,
        store: ProgressStore | None,
        labels: Mapping[str, str],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.console = console
        self.read = read
        self.store = store
        self.labels = labels
        self.clock = clock

    def run(self, items: Sequence[Item]) -> Summary:
        """Ask every item; stop early, keeping what was answered, on EOF or Ctrl-C."""
        summary = Summary()
        started = self.clock()
        try:
            for number, item in enumerate(items, 1):
                answer = self.ask(item, number, len(items))
                if self.store is not None:
                    self.store.record(
                        item.checked.bank.id,
                        item.question.id,
                        answer.given,
                        answer.verdict.correct,
                    )
                summary.answers.append(answer)
                self.show_feedback(answer)
        except (EOFError, KeyboardInterrupt):
            summary.interrupted = True
            self.console.print()
        summary.seconds = self.clock() - started
        return summary

    def ask(self, item: Item, number: int, total: int) -> Answer:
        """Show one question and read its answer (every blank of a cloze)."""
        question, labels, say = item.question, self.labels, self.console.print
        say()
        say(f"[{number}/{total}] {labels[question.type]} · {item.key}", style="bold cyan")
        if question.type == "cloze":
            say(question.prompt or labels["cloze-prompt"], style="bold")
            say(cloze_text(question))
            typed = [self.read(f"({n})> ") for n in range(1, len(question.blanks) + 1)]
            marks = tuple(
                check_blank(b.value, g) for b, g in zip(question.blanks, typed, strict=True)
            )
            right = all(v.correct for v in marks)
            # Near only when every blank is right or nearly so.
            near = not right and all(v.correct or v.near_miss for v in marks)
            skipped = not any(t.strip() for t in typed)
            return Answer(item, " | ".join(typed), Verdict(right, near), marks, skipped)
        say(question.prompt or "", style="bold")
        for n, choice in enumerate(question.choices, 1):
            say(f"  {n}) {choice}")
        if question.type == "numeric" and question.unit:
            say(labels["unit"].format(unit=question.unit), style="dim")
        while True:
            given = self.read(labels[f"ask-{question.type}"])
            try:
                verdict = check_answer(question, given)
                return Answer(item, given, verdict, skipped=not given.strip())
            except InvalidAnswer:
                say(
                    labels[f"invalid-{question.type}"].format(n=len(question.choices)),
                    style="yellow",
                )

    def show_feedback(self, answer: Answer) -> None:
        """Right or wrong, the answer, the explanation, the evidence and where it stands."""
        question, labels, say = answer.item.question, self.labels, self.console.print
        if answer.verdict.correct:
            say(labels["right"], style="bold green")
        elif answer.skipped:
            say(labels["skipped"], style="bold red")
        elif answer.verdict.near_miss:
            say(labels["near"], style="bold yellow")
        else:
            say(labels["wrong"], style="bold red")
        self._field(labels["answer"], self.correct_answer(answer))
        if question.type == "short" and question.accept:
            self._field(labels["accepted"], ", ".join(question.accept))
        if question.explanation:
            self._field(labels["explanation"], question.explanation)
        for quote in question.evidence:
            self._field(labels["evidence"], f'"{normalize(quote.value)}"')
        self._field(labels["source"], answer.item.checked.citation(question))

    def correct_answer(self, answer: Answer) -> str:
        """The right answer as shown after a question."""
        question = answer.item.question
        if question.type == "cloze":
            return "  ".join(
                f"({n}) {blank.value} {_mark(mark)}"
                for n, (blank, mark) in enumerate(
                    zip(question.blanks, answer.blanks, strict=True), 1
                )
            )
        if question.type in ("choice", "multi"):
            return ", ".join(
                f"{n}) {question.choices[n - 1]}" for n in sorted(_answer_numbers(question))
            )
        if question.type == "truefalse":
            return self.labels["true" if question.answer else "false"]
        if question.type == "numeric":
            return with_unit(str(question.answer), question.unit)
        return question.answers[0]

    def _field(self, label: str, value: str) -> None:
        line = Text("  ")
        line.append(f"{label}: ", style="bold")
        line.append(value)
        self.console.print(line)

    def print_summary(self, summary: Summary) -> None:
        """Score, time taken and the missed ids."""
        labels, say = self.labels, self.console.print
        say()
        asked = len(summary.answers)
        if summary.interrupted and not asked:
            say(labels["stopped"], style="yellow")
            return
        if summary.interrupted:
            say(labels["interrupted"].format(n=asked), style="yellow")
        percent = round(100 * summary.correct / asked) if asked else 0
        say(
            labels["score"].format(
                asked=asked,
                correct=summary.correct,
                percent=percent,
                time=self.duration(summary.seconds),
            ),
            style="bold",
        )
        if summary.missed:
            say(labels["missed"].format(ids=", ".join(i.key for i in summary.missed)))

    def duration(self, seconds: float) -> str:
        """Seconds as "1분 5초" / "1 min 5 s"."""
        whole = round(seconds)
        if whole < 60:
            return self.labels["seconds"].format(s=whole)
        return self.labels["minutes"].format(m=whole // 60, s=whole % 60)

    def offer_retry(self, missed: int) -> bool:
        """Ask whether to go over the missed questions again."""
        try:
            reply = self.read(self.labels["retry"].format(n=missed))
        except (EOFError, KeyboardInterrupt):
            self.console.print()
            return False
        return fold(reply) in {"y", "yes", "예", "네", "응", "ㅇ"}


@dataclass(frozen=True)
class QuizOptions:
    """The choices of `quizdeck quiz`."""

    types: tuple[str, ...] = ()
    count: int | None = None
    seed: int | str | None = None
    due: bool = False
    missed: bool = False
    store: Path | None = None
    json_output: bool = False


def bank_language(banks: Sequence[CheckedBank]) -> str:
    """The UI language: Korean when every bank is Korean, English otherwise."""
    return "ko" if all(b.bank.article.language == "ko" for b in banks) else "en"


def open_store(path: Path | None, now: Clock = utc_now, create: bool = True) -> ProgressStore:
    """The store at `path`, or the default one (its directory created when needed)."""
    if path is None:
        path = default_store_path()
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
    return ProgressStore(path, now=now, create=create)


def run_quiz(
    banks: Sequence[CheckedBank],
    options: QuizOptions,
    *,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    now: Clock = utc_now,
    clock: Callable[[], float] = time.monotonic,
) -> Summary:
    """A whole `quiz` run: select, ask, save, summarise (JSON on stdout with json_output).

    Raises StoreError for an unusable store and ValueError for bad options.
    """
    chatter = stderr if options.json_output else stdout
    console = make_console(chatter)
    labels = LABELS[bank_language(banks)]
    interactive = stdin.isatty() and not options.json_output
    with open_store(options.store, now) as store:
        progress = {b.bank.id: store.progress(b.bank.id) for b in banks}
        items = select_questions(
            banks,
            progress,
            now(),
            types=options.types,
            due=options.due,
            missed=options.missed,
            seed=options.seed,
            count=options.count,
        )
        session = Session(console, line_reader(chatter, stdin), store, labels, clock)
        summary = first = session.run(items)
        if not items:
            console.print(labels["nothing"])
        else:
            session.print_summary(summary)
        while (
            interactive
            and summary.missed
            and not summary.interrupted
            and session.offer_retry(len(summary.missed))
        ):
            summary = session.run(summary.missed)
            session.print_summary(summary)
    if options.json_output:
        stdout.write(json.dumps(first.to_json(), ensure_ascii=False) + "\n")
    return first


def stats_lines(banks: Sequence[CheckedBank], store: ProgressStore) -> list[str]:
    """`quizdeck stats`: one row per bank, with a header."""
    rows = [("bank", "questions", "answered", "correct", "due now", "last session")]
    for checked in banks:
        progress = store.bank_progress(checked.bank.id, (q.id for q in checked.bank.questions))
        rows.append((checked.bank.id, *_stats_cells(progress)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:5], widths[1:5], strict=True)]
        cells.append(row[5])
        lines.append("  ".join(cells).rstrip())
    return lines


def _mark(verdict: Verdict) -> str:
    return "✓" if verdict.correct else "△" if verdict.near_miss else "✗"


def _stats_cells(progress: BankProgress) -> tuple[str, str, str, str, str]:
    rate = progress.correct_rate
    last = progress.last_answered
    return (
        str(progress.questions),
        str(progress.answered),
        "-" if rate is None else f"{round(100 * rate)}%",
        str(progress.due),
        "never" if last is None else last.astimezone().strftime("%Y-%m-%d %H:%M"),
    )
