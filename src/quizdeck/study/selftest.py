"""The terminal self-test session: asks, shows the verdict and evidence, records, summarises.

Marking lives in `marking`, the choice of questions in `selection`, the store in
`progress`; this module is the conversation (README: `quizdeck quiz`). Ids are always
"bank/question"; choices are shown in an order drawn for the session (`--seed`
repeats it), and the marks typed refer to that order.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quizdeck.resolve import Piece, Resolved, ResolvedBank, assert_never
from quizdeck.sources.labels import (
    CHOICE_MARKS,
    YES_WORDS,
    choice_mark,
    common_language,
    labels_for,
    truth_label,
)
from quizdeck.sources.textnorm import clip_words, fold
from quizdeck.study.marking import InvalidAnswer, Verdict, check_answer, check_blank
from quizdeck.study.progress import Clock, ProgressStore, open_store, utc_now
from quizdeck.study.selection import select_questions

Reader = Callable[[str], str]


@dataclass(frozen=True)
class Answer:
    """One answered question."""

    item: Resolved
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
    def missed(self) -> list[Resolved]:
        """The questions answered wrong, in the order asked (near misses included)."""
        return [a.item for a in self.answers if not a.verdict.correct]

    @property
    def near_misses(self) -> list[Resolved]:
        """The questions answered wrong by a near miss, in the order asked."""
        return [a.item for a in self.answers if not a.verdict.correct and a.verdict.near_miss]

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
    """A rich console: on a terminal, lines wrap between words at its width, counting
    cells (a Korean syllable is two); elsewhere plain text, never wrapped."""
    console = Console(file=stream, highlight=False, markup=False, emoji=False)
    console.soft_wrap = not console.is_terminal
    return console


def line_reader(out: TextIO, stdin: TextIO) -> Reader:
    """Read one answer line; EOFError at end of input, KeyboardInterrupt on Ctrl-C.

    Bytes that are not UTF-8 arrive as U+FFFD (marking asks again) instead of an error.
    """
    reconfigure = getattr(stdin, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="replace")
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
        language: str,
        clock: Callable[[], float] = time.monotonic,
        salt: str = "",
    ) -> None:
        self.console = console
        self.read = read
        self.store = store
        self.language = language
        self.labels = labels_for(language)
        self.clock = clock
        # The session's choice order: drawn anew each session, repeated by --seed.
        self.salt = salt

    def run(self, items: Sequence[Resolved]) -> Summary:
        """Ask every item; stop early, keeping what was answered, on EOF or Ctrl-C."""
        summary = Summary()
        started = self.clock()
        try:
            for number, item in enumerate(items, 1):
                answer = self.ask(item, number, len(items))
                if self.store is not None:
                    self.store.record(item.bank, item.id, answer.given, answer.verdict.correct)
                summary.answers.append(answer)
                self.show_feedback(answer)
        except (EOFError, KeyboardInterrupt):
            summary.interrupted = True
            self.console.print()
        summary.seconds = self.clock() - started
        return summary

    def ask(self, item: Resolved, number: int, total: int) -> Answer:
        """Show one question and read its answer (every blank of a cloze)."""
        labels, say = self.labels, self.console.print
        say()
        say(f"[{number}/{total}] {labels['type_' + item.type]} · {item.key}", style="bold cyan")
        say(item.source.heading, style="dim")
        prompt = Text(style="bold")
        for text, emphasised in item.prompt_pieces():
            prompt.append(text, style="underline" if emphasised else "")
        say(prompt)
        if item.type == "cloze":
            for line in item.cloze:
                say(cloze_line(line))
            typed: list[str] = []
            verdicts: list[Verdict] = []
            for blank in item.blanks:
                given, verdict = self._read_until_valid(
                    item, f"({blank.number})> ", partial(check_blank, blank), 0
                )
                typed.append(given)
                verdicts.append(verdict)
            marks = tuple(verdicts)
            right = all(v.correct for v in marks)
            # Near only when every blank is right or nearly so.
            near = not right and all(v.correct or v.near_miss for v in marks)
            skipped = not any(t.strip() for t in typed)
            return Answer(item, " | ".join(typed), Verdict(right, near), marks, skipped)
        order = item.choice_order(self.salt)
        for shown, index in enumerate(order):
            self._hanging(
                Text(f"  {choice_mark(self.language, shown)} "), Text(item.choices[index])
            )
        if item.unit:
            say(labels["unit"].format(unit=item.unit), style="dim")
        given, verdict = self._read_until_valid(
            item, labels[f"ask_{item.type}"], lambda g: check_answer(item, g, order), len(order)
        )
        return Answer(item, given, verdict, skipped=not given.strip())

    def _read_until_valid(
        self, item: Resolved, prompt: str, judge: Callable[[str], Verdict], choices: int
    ) -> tuple[str, Verdict]:
        """Read until `judge` can read the answer, with a one-line reason each time it cannot."""
        while True:
            given = self.read(prompt)
            try:
                return given, judge(given)
            except InvalidAnswer as problem:
                self.console.print(self.invalid(problem, choices), style="yellow")

    def invalid(self, problem: InvalidAnswer, choices: int) -> str:
        """The one-line reason an answer was not read, for asking again."""
        marks = CHOICE_MARKS.get(self.language, CHOICE_MARKS["en"])[:choices]
        details = dict(problem.details)
        for key in ("position", "value"):
            if key in details:
                details[key] = choice_mark(self.language, int(details[key]) - 1)
        return self.labels[f"invalid_{problem.reason}"].format(
            n=choices, marks=", ".join(marks), **details
        )

    def show_feedback(self, answer: Answer) -> None:
        """Right or wrong, the answer, the explanation, the evidence and where it stands."""
        item, labels, say = answer.item, self.labels, self.console.print
        if answer.verdict.correct:
            say(labels["right"], style="bold green")
        elif answer.skipped:
            say(labels["skipped"], style="bold red")
        elif answer.verdict.near_miss:
            say(labels["near"], style="bold yellow")
        else:
            say(labels["wrong"], style="bold red")
        shown, accepted = self.correct_answer(answer)
        self._field(labels["answer"], shown)
        if accepted:
            self._field(labels["accepted"], accepted)
        if item.explanation:
            self._field(labels["explanation"], item.explanation)
        for quote in item.evidence:
            self._field(labels["evidence"], f'"{quote}"')
        self._field(labels["source"], item.citation)

    def correct_answer(self, answer: Answer) -> tuple[str, str]:
        """The right answer as shown after a question, and the other answers accepted."""
        item = answer.item
        match item.type:
            case "choice" | "multi":
                order = item.choice_order(self.salt)
                keys = ", ".join(
                    f"{choice_mark(self.language, shown)} {item.choices[index]}"
                    for shown, index in enumerate(order)
                    if index in item.keys
                )
                return keys, ""
            case "truefalse":
                return truth_label(self.language, bool(item.truth)), ""
            case "numeric":
                assert item.number is not None
                return item.number.shown, ""
            case "short":
                return item.answers[0], ", ".join(item.answers[1:])
            case "cloze":
                blanks = "  ".join(
                    f"({blank.number}) {blank.text} {_mark(mark)}"
                    for blank, mark in zip(item.blanks, answer.blanks, strict=True)
                )
                return blanks, ""
            case _:
                assert_never(item.type)

    def _field(self, label: str, value: str) -> None:
        self._hanging(Text.assemble("  ", (f"{label}: ", "bold")), Text(value))

    def _hanging(self, lead: Text, body: Text) -> None:
        """`lead` then `body`; on a terminal, body's wrapped lines keep their indent under it."""
        if not self.console.is_terminal:
            self.console.print(Text.assemble(lead, body))
            return
        grid = Table.grid()
        grid.add_column(no_wrap=True)
        grid.add_column()
        grid.add_row(lead, body)
        self.console.print(grid)

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
            labels["session_score"].format(
                asked=asked,
                correct=summary.correct,
                percent=percent,
                time=self.duration(summary.seconds),
            ),
            style="bold",
        )
        # The missed questions by their number in the session and their first words.
        numbered = {a.item.key: n for n, a in enumerate(summary.answers, 1)}
        near = summary.near_misses
        wrong = [i for i in summary.missed if all(i.key != n.key for n in near)]
        for label, items in (("missed", wrong), ("near_missed", near)):
            if items:
                say(labels[label])
                for item in items:
                    self._hanging(Text(f"  {numbered[item.key]}. "), Text(first_words(item)))

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
        return fold(reply) in YES_WORDS


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


def run_quiz(
    banks: Sequence[ResolvedBank],
    options: QuizOptions,
    *,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    now: Clock = utc_now,
    clock: Callable[[], float] = time.monotonic,
) -> Summary:
    """A whole `quiz` run: select, ask, save, summarise (JSON on stdout with json_output).

    Raises StoreError for an unusable store and OptionError for bad options.
    """
    chatter = stderr if options.json_output else stdout
    console = make_console(chatter)
    language = common_language([b.language for b in banks])
    labels = labels_for(language)
    interactive = stdin.isatty() and not options.json_output
    with open_store(options.store, now) as store:
        progress = {b.id: store.progress(b.id) for b in banks}
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
        salt = str(options.seed) if options.seed is not None else secrets.token_hex(8)
        session = Session(console, line_reader(chatter, stdin), store, language, clock, salt)
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


# How much of a missed question the summary shows: its first words, about one line.
FIRST_WORDS_CELLS = 60


def first_words(item: Resolved) -> str:
    """A question as a learner knows it: the first words of its prompt (of its text, for a
    cloze, whose prompt is often the same "fill in the blanks" for all)."""
    if item.type == "cloze":
        text = " ".join(cloze_line(line) for line in item.cloze)
    else:
        text = "".join(piece for piece, _ in item.prompt_pieces())
    return clip_words(" ".join(text.split()), FIRST_WORDS_CELLS)


def cloze_line(pieces: Sequence[Piece]) -> str:
    """A cloze line as the terminal shows it: each blank "(N)____"."""
    return "".join(p.text if p.blank is None else f"({p.blank})____" for p in pieces)


def _mark(verdict: Verdict) -> str:
    return "✓" if verdict.correct else "△" if verdict.near_miss else "✗"
