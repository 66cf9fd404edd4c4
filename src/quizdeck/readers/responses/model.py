"""What every importer of answers produces: one Answer per student and question (README: grade)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from quizdeck.forms import RecordedForm, RecordedQuestion
from quizdeck.resolve import Resolved
from quizdeck.sources.textnorm import answer_key, fold, normalize


@dataclass(frozen=True)
class Answer:
    """One student's answer to one question, wherever it was given.

    `response` is the written indexes (0-based, the bank's order) of the choices picked,
    or the text given, or None when left blank. `marked` is a mark the source already
    gave (a teacher's right/wrong tick, the self-test's verdict); None lets grading mark.
    """

    student: str
    bank: str
    question: str
    origin: str
    response: tuple[int, ...] | str | None
    marked: float | None = None
    quiz: str = ""
    form: str = ""
    name: str = ""
    # How a text response separates several choices (a multi question) or cloze blanks.
    separator: str = ";"

    @property
    def key(self) -> str:
        """The question as "bank/question"."""
        return f"{self.bank}/{self.question}"


@dataclass(frozen=True)
class Problem:
    """An answer (or a whole row) that could not be mapped back to a question, and why."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass
class Responses:
    """What the importers read: the answers, and what they could not map."""

    answers: list[Answer] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: Responses) -> None:
        """Add another file's answers and problems."""
        self.answers.extend(other.answers)
        self.problems.extend(other.problems)


class Unmapped(Exception):
    """A heading or label that names no question or choice (the message says why)."""


_BANK_QUESTION = re.compile(r"^\s*([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)\b")


@dataclass(frozen=True)
class Catalogue:
    """The questions of the checked banks and the forms `build` recorded: what answers map to."""

    questions: Mapping[str, Resolved]
    forms: Mapping[tuple[str, str], RecordedForm]

    def question(self, bank: str, question: str) -> Resolved:
        """The question `bank/question`; raises Unmapped when no bank has it."""
        found = self.questions.get(f"{bank}/{question}")
        if found is None:
            raise Unmapped(f"no question {bank}/{question} in the banks")
        return found

    def form(self, quiz: str, letter: str) -> RecordedForm:
        """A recorded form; raises Unmapped naming the record that would hold it."""
        found = self.forms.get((quiz, letter))
        if found is None:
            raise Unmapped(
                f"no form {letter or '?'} of quiz {quiz!r} in the form records "
                f"(build writes build/html/{quiz}.forms.json)"
            )
        return found

    def at_position(self, form: RecordedForm, position: int) -> RecordedQuestion:
        """The question printed at `position` of a form."""
        for recorded in form.questions:
            if recorded.position == position:
                return recorded
        raise Unmapped(f"form {form.form} of quiz {form.quiz!r} has no question {position}")

    def quiz_named(self, name: str) -> str:
        """The quiz id a platform's quiz name gives: its id or title; the only quiz when one."""
        quizzes = {form.quiz: form.title for form in self.forms.values()}
        wanted = answer_key(name)
        for quiz, title in quizzes.items():
            if wanted in (answer_key(quiz), answer_key(title)):
                return quiz
        if len(quizzes) == 1:
            return next(iter(quizzes))
        shown = ", ".join(sorted(quizzes)) or "none; run quizdeck build"
        raise Unmapped(f"quiz {name!r} is none of the recorded quizzes ({shown})")

    def by_heading(self, heading: str) -> Resolved:
        """The question a column heading names: `bank/question`, or the text of its prompt.

        A platform heads a column with the question's text (Google and Microsoft Forms) or
        a text that contains it (Canvas: "id: text", Moodle's question summary): the
        question whose prompt the heading holds, the longest such prompt when several do.
        """
        named = _BANK_QUESTION.match(heading)
        if named and f"{named[1]}/{named[2]}" in self.questions:
            return self.questions[f"{named[1]}/{named[2]}"]
        text = answer_key(fold(normalize(heading)))
        if not text:
            raise Unmapped("an empty heading names no question")
        found = [
            (len(key), question)
            for question in self.questions.values()
            if (key := _prompt_key(question)) and key in text
        ]
        if not found:
            raise Unmapped(f"{_clip(heading)!r} is no question of the banks")
        longest = max(length for length, _ in found)
        best = [question for length, question in found if length == longest]
        if len(best) > 1:
            names = ", ".join(sorted(q.key for q in best))
            raise Unmapped(f"{_clip(heading)!r} could be any of {names}: head it bank/question")
        return best[0]


def _prompt_key(question: Resolved) -> str:
    """A question's prompt as headings are compared (a cloze: the longest text between blanks)."""
    if question.type == "cloze":
        pieces = [p.text for line in question.cloze for p in line if p.blank is None]
        return answer_key(fold(normalize(max(pieces, key=len, default=""))))
    return answer_key(fold(normalize(question.prompt or "")))


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
