"""Marking a class's answers, whatever they came from, with the self-test's rules (README: grade)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from quizdeck.banks.model import CHOICE_TYPES
from quizdeck.readers.responses.model import Answer, Catalogue, Problem, Responses
from quizdeck.resolve import Resolved
from quizdeck.study.marking import (
    InvalidAnswer,
    blank_marks,
    check_answer,
    choice_credit,
    choices_in_text,
)


@dataclass(frozen=True)
class Mark:
    """One marked answer: the mark (0 to 1), the choices picked (written indexes) and the text."""

    mark: float
    picked: tuple[int, ...] | None
    given: str
    origin: str


@dataclass
class Student:
    """One student's marks by question ("bank/question")."""

    id: str
    name: str = ""
    quiz: str = ""
    form: str = ""
    marks: dict[str, Mark] = field(default_factory=dict)

    @property
    def score(self) -> float:
        """The sum of the student's marks."""
        return sum(m.mark for m in self.marks.values())


@dataclass(frozen=True)
class Gradebook:
    """A class marked: its questions in bank order, its students in the order first read."""

    questions: tuple[Resolved, ...]
    students: tuple[Student, ...]
    problems: tuple[Problem, ...]
    # Each recorded form's questions by position ("bank/question"), for printing results.
    forms: Mapping[tuple[str, str], tuple[tuple[int, str], ...]] = field(default_factory=dict)

    def in_form_order(self, student: Student) -> list[tuple[int, Resolved]]:
        """A student's questions numbered as their form printed them (else in bank order)."""
        by_key = {q.key: q for q in self.questions if q.key in student.marks}
        printed = self.forms.get((student.quiz, student.form), ())
        found = [(n, by_key.pop(key)) for n, key in printed if key in by_key]
        start = max((n for n, _ in found), default=0)
        return found + [(start + i, q) for i, q in enumerate(by_key.values(), start=1)]


def grade(responses: Responses, catalogue: Catalogue, partial: bool = False) -> Gradebook:
    """Mark every answer; a second answer to the same question is a problem, the first counts."""
    students: dict[str, Student] = {}
    problems = list(responses.problems)
    for answer in responses.answers:
        question = catalogue.questions.get(answer.key)
        if question is None:
            problems.append(Problem(answer.origin, f"no question {answer.key} in the banks"))
            continue
        student = students.setdefault(answer.student, Student(answer.student))
        student.name = student.name or answer.name
        student.quiz = student.quiz or answer.quiz
        student.form = student.form or answer.form
        if answer.key in student.marks:
            first = student.marks[answer.key].origin
            problems.append(
                Problem(answer.origin, f"{answer.student} answered {answer.key} before, at {first}")
            )
            continue
        marked, problem = mark(question, answer, partial)
        if problem:
            problems.append(Problem(answer.origin, problem))
        student.marks[answer.key] = marked
    asked = {key for s in students.values() for key in s.marks}
    questions = tuple(q for key, q in catalogue.questions.items() if key in asked)
    forms = {
        place: tuple((q.position, f"{q.bank}/{q.question}") for q in form.questions)
        for place, form in catalogue.forms.items()
    }
    return Gradebook(questions, tuple(students.values()), tuple(problems), forms)


def mark(question: Resolved, answer: Answer, partial: bool) -> tuple[Mark, str | None]:
    """One answer marked, and the problem with it when its text names no answer of its kind."""
    response = answer.response
    if isinstance(response, tuple):
        picked = frozenset(response)
        credit = choice_credit(question, picked, partial)
        mark = answer.marked if answer.marked is not None else credit
        return Mark(mark, tuple(sorted(picked)), _shown(question, picked), answer.origin), None
    given = response or ""
    if answer.marked is not None:
        return Mark(answer.marked, None, given, answer.origin), None
    if not given:
        return Mark(0.0, () if question.type in CHOICE_TYPES else None, "", answer.origin), None
    try:
        if question.type in CHOICE_TYPES:
            picked = choices_in_text(question, given, answer.separator)
            credit = choice_credit(question, picked, partial)
            return Mark(credit, tuple(sorted(picked)), given, answer.origin), None
        if question.type == "cloze":
            right = blank_marks(question, given, answer.separator)
            return Mark(1.0 if all(right) else 0.0, None, given, answer.origin), None
        verdict = check_answer(question, given)
    except InvalidAnswer:
        if question.type in CHOICE_TYPES or question.type == "truefalse":
            return Mark(
                0.0, (), given, answer.origin
            ), f"{given!r} names no choice of {question.key}"
        # A typed answer that is no number (모름) is simply wrong.
        return Mark(0.0, None, given, answer.origin), None
    return Mark(1.0 if verdict.correct else 0.0, None, given, answer.origin), None


def _shown(question: Resolved, picked: frozenset[int]) -> str:
    return "; ".join(question.choices[i] for i in sorted(picked))


def key_text(question: Resolved, labels: dict[str, str] | None = None) -> str:
    """The key as results and reports print it."""
    if question.type in CHOICE_TYPES:
        return "; ".join(question.choices[i] for i in sorted(question.keys))
    if question.truth is not None:
        if labels:
            return labels["true" if question.truth else "false"]
        return "O" if question.truth else "X"
    if question.number is not None:
        return question.number.shown
    if question.type == "cloze":
        return " / ".join(f"({b.number}) {b.text}" for b in question.blanks)
    return question.answers[0] if question.answers else ""


def max_score(questions: Sequence[Resolved]) -> float:
    """Each question is worth one mark."""
    return float(len(questions))
