"""Printable HTML quizzes: shuffled forms and their answer keys, rendered with jinja2."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from quizdeck.forms import (
    FORM_LETTERS,
    FormEntry,
    FormOptions,
    FormPlan,
    Quiz,
    plan_forms,
    plan_quizzes,
    record,
    record_name,
    select,
)
from quizdeck.resolve import Piece, Resolved, ResolvedBank, assert_never
from quizdeck.sheets import sheet_name
from quizdeck.sources.articles import Paragraph
from quizdeck.sources.labels import (
    choice_mark,
    common_language,
    labels_for,
    says_select_all,
    truth_label,
)
from quizdeck.sources.textnorm import clip_words
from quizdeck.writers.templating import RenderedFile, environment, render


@dataclass(frozen=True)
class Choice:
    """A choice as printed: its mark (③ or C) and text."""

    mark: str
    text: str
    correct: bool


@dataclass(frozen=True)
class Segment:
    """A piece of a printed cloze line: text, or blank number `blank`.

    `enclosed`: the article's parentheses stand right around the blank, which then prints
    hugged by them as one blank, (__(2)__), not ( (2) ).
    """

    text: str
    blank: int | None = None
    enclosed: bool = False


@dataclass(frozen=True)
class Item:
    """A question as printed on one form, with what its answer key shows."""

    number: int
    id: str
    type: str
    prompt: tuple[tuple[str, bool], ...]
    choices: tuple[Choice, ...]
    columns: int
    cloze: tuple[tuple[Segment, ...], ...]
    answers: tuple[str, ...]
    accepted: tuple[str, ...]
    unit: str
    explanation: str | None
    evidence: tuple[str, ...]
    citation: str
    # The answer as the key's answer grid shows it: ③, AC, O, T, 1,011개, a word.
    glance: str = ""
    # A multi question whose prompt does not say "select all" itself gets a badge saying it.
    select_all: bool = False


@dataclass(frozen=True)
class Section:
    """The questions of one article on a form, with its passage when printed."""

    title: str
    source: str
    published: str | None
    paragraphs: tuple[Paragraph, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Form:
    """One form of a quiz, ready for the page and key templates."""

    quiz: Quiz
    letter: str
    label: str
    labels: Mapping[str, str]
    # What the masthead prints under "Source": the articles' titles, or the outlet.
    sources: tuple[str, ...]
    # A one-article quiz whose article names an author and no outlet: "By …", unlabelled.
    author: str
    dates: str
    sections: tuple[Section, ...]
    instructions: tuple[str, ...]
    total: int
    page: str
    key: str
    sheet: str


def render_quizzes(
    banks: Sequence[ResolvedBank], options: FormOptions, templates: Sequence[Path]
) -> list[RenderedFile]:
    """Every form and key of every quiz, plus index.html; raises UsageError or TemplateProblem."""
    options.validate()
    environment = _environment(templates)
    plans = [plan_forms(quiz, options) for quiz in plan_quizzes(banks, options)]
    # A question's item without its number and choices, once: each bank's quiz and the
    # combined one print it on every form.
    known: dict[tuple[int, str], Item] = {}
    forms = [[_form(plan, options, known) for plan in quiz_plans] for quiz_plans in plans]
    files: list[RenderedFile] = []
    for quiz_forms in forms:
        for form in quiz_forms:
            files.append(RenderedFile(form.page, render(environment, "html/quiz.html", form=form)))
        for form in quiz_forms:
            files.append(RenderedFile(form.key, render(environment, "html/key.html", form=form)))
    labels = labels_for(common_language([b.language for b in banks]))
    index = render(environment, "html/index.html", quizzes=forms, labels=labels)
    files.append(RenderedFile("index.html", index))
    # What grading needs to read a quiz's answers back (README: the form record).
    for quiz_plans in plans:
        name = record_name(quiz_plans[0].quiz.id)
        files.append(RenderedFile(name, record(quiz_plans).decode("utf-8")))
    return files


def page_name(quiz_id: str, letter: str, key: bool = False) -> str:
    """The file of one form of a quiz, or of its answer key."""
    return f"{quiz_id}-{letter}-key.html" if key else f"{quiz_id}-{letter}.html"


@dataclass(frozen=True)
class IndexTitle:
    """What index.html shows of a quiz listed from a build's manifest: its title."""

    title: str


@dataclass(frozen=True)
class IndexForm:
    """One form as index.html lists it, for quizzes kept from an earlier build."""

    quiz: IndexTitle
    total: int
    label: str
    page: str
    key: str
    sheet: str


def index_rows(banks: Sequence[ResolvedBank], options: FormOptions) -> list[dict[str, object]]:
    """What index.html lists of each quiz, as JSON data a build keeps in its manifest."""
    rows: list[dict[str, object]] = []
    for quiz in plan_quizzes(banks, options):
        labels = labels_for(common_language([b.language for b in quiz.banks]))
        letters = FORM_LETTERS[: options.forms]
        rows.append(
            {
                "id": quiz.id,
                "title": quiz.title,
                "total": len(select(quiz, options)),
                "banks": [bank.id for bank in quiz.banks],
                "record": record_name(quiz.id),
                "forms": [
                    [
                        labels["form"].format(letter=letter),
                        page_name(quiz.id, letter),
                        page_name(quiz.id, letter, key=True),
                        sheet_name(quiz.id, letter),
                    ]
                    for letter in letters
                ],
            }
        )
    return rows


def render_index(
    rows: Sequence[dict[str, Any]], language: str, templates: Sequence[Path]
) -> RenderedFile:
    """index.html listing quizzes given as index_rows; raises TemplateProblem."""
    quizzes = [
        [
            # A build before answer sheets listed no sheet: its index links none.
            IndexForm(IndexTitle(row["title"]), row["total"], *[*form, ""][:4])
            for form in row["forms"]
        ]
        for row in rows
    ]
    index = render(
        _environment(templates), "html/index.html", quizzes=quizzes, labels=labels_for(language)
    )
    return RenderedFile("index.html", index)


def _form(plan: FormPlan, options: FormOptions, known: dict[tuple[int, str], Item]) -> Form:
    quiz = plan.quiz
    language = quiz.language
    labels = labels_for(language)
    combined = len(quiz.banks) > 1
    sections = tuple(
        Section(
            title=bank.source.title,
            source=bank.source.credit,
            published=bank.source.published,
            paragraphs=bank.paragraphs if options.passage else (),
            items=tuple(_item(entry, language, known) for entry in entries),
        )
        for bank, entries in plan.sections
    )
    present = {item.type for s in sections for item in s.items}
    instructions = [labels["intro"]]
    if options.passage:
        instructions.append(labels["intro_passage"])
    instructions += [
        labels[f"intro_{t}"] for t in ("choice", "multi", "truefalse", "cloze") if t in present
    ]
    dates = sorted({s.published for s in sections if s.published})
    return Form(
        quiz=quiz,
        letter=plan.letter,
        label=labels["form"].format(letter=plan.letter),
        labels=labels,
        # A combined quiz names its articles; each section shows its own credit and date.
        sources=tuple(
            f"'{b.source.title}'" if combined else b.source.credit
            for b in quiz.banks
            if combined or b.source.outlet
        ),
        author="" if combined or quiz.banks[0].source.outlet else quiz.banks[0].source.credit,
        dates=" – ".join([dates[0], dates[-1]] if len(dates) > 2 else dates),
        sections=sections,
        instructions=tuple(instructions),
        total=len(plan.entries),
        page=page_name(quiz.id, plan.letter),
        key=page_name(quiz.id, plan.letter, key=True),
        sheet=sheet_name(quiz.id, plan.letter),
    )


def _item(entry: FormEntry, language: str, known: dict[tuple[int, str], Item]) -> Item:
    """A question as printed; its choices in the form's order (README: choice order)."""
    question = entry.question
    fixed = known.get((id(question), language))
    if fixed is None:
        fixed = known[id(question), language] = _fixed_item(question, language)
    if not entry.order:
        return dataclasses.replace(fixed, number=entry.position)
    choices = tuple(
        Choice(choice_mark(language, shown), question.choices[i], i in question.keys)
        for shown, i in enumerate(entry.order)
    )
    answers, accepted, glance = _answer(question, choices, language)
    return dataclasses.replace(
        fixed,
        number=entry.position,
        choices=choices,
        answers=answers,
        accepted=accepted,
        glance=glance,
    )


def _fixed_item(question: Resolved, language: str) -> Item:
    """What every form prints of a question whatever its place and choice order (the
    choices in their written order)."""
    choices = tuple(
        Choice(choice_mark(language, i), text, i in question.keys)
        for i, text in enumerate(question.choices)
    )
    answers, accepted, glance = _answer(question, choices, language)
    longest = max((len(c.text) for c in choices), default=0)
    return Item(
        number=0,
        id=question.id,
        type=question.type,
        prompt=tuple(question.prompt_pieces()),
        choices=choices,
        columns=4 if longest <= 9 else 2 if longest <= 20 else 1,
        cloze=tuple(_segments(line) for line in question.cloze),
        answers=answers,
        accepted=accepted,
        unit=question.unit or "",
        explanation=question.explanation,
        evidence=question.evidence,
        citation=question.citation,
        glance=glance,
        select_all=question.type == "multi" and not says_select_all(question.prompt or ""),
    )


def _segments(line: Sequence[Piece]) -> tuple[Segment, ...]:
    """A cloze line as printed, each blank marked when parentheses enclose it."""
    segments = []
    for n, piece in enumerate(line):
        before = line[n - 1].text if n > 0 and line[n - 1].blank is None else ""
        after = line[n + 1].text if n + 1 < len(line) and line[n + 1].blank is None else ""
        enclosed = piece.blank is not None and before.endswith("(") and after.startswith(")")
        segments.append(Segment(piece.text, piece.blank, enclosed))
    return tuple(segments)


# A text answer wider than this (a Hangul or CJK character counts two) is clipped in the
# answer grid; the key below has it whole.
GLANCE_WIDTH = 12


def _answer(
    question: Resolved, choices: tuple[Choice, ...], language: str
) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """The key's answers and accepted alternatives, and the answer grid's glance at them.

    The glance is the answer in the fewest characters (1 ③ · 2 ① …): text is clipped,
    a number never (15000억… would mislead).
    """
    match question.type:
        case "choice" | "multi":
            keys = [c for c in choices if c.correct]
            return tuple(f"{c.mark} {c.text}" for c in keys), (), "".join(c.mark for c in keys)
        case "truefalse":
            shown = truth_label(language, bool(question.truth))
            return (shown,), (), shown[:1]
        case "numeric":
            number = question.number
            assert number is not None
            margin = f" ({number.margin})" if number.margin else ""
            return (number.shown + margin,), number.accepted, number.shown
        case "short":
            first = question.answers[0] if question.answers else ""
            return question.answers[:1], question.answers[1:], _clip(first)
        case "cloze":
            answers = tuple(f"({blank.number}) {blank.text}" for blank in question.blanks)
            accepted = tuple(f"({b.number}) {a}" for b in question.blanks for a in b.accept)
            return answers, accepted, "/".join(_clip(blank.text) for blank in question.blanks)
        case _:
            assert_never(question.type)


def _clip(text: str) -> str:
    """Text clipped between words to GLANCE_WIDTH (a first word wider stays whole); a text
    with a number is left whole (800억… misleads)."""
    return text if any(ch.isdigit() for ch in text) else clip_words(text, GLANCE_WIDTH)


# The frozen dataclasses the templates read, with their fields (strings, numbers, tuples).
_PAGE_DATA = (Choice, Item, Section, Quiz, Form, IndexTitle, IndexForm, Segment, Paragraph)


def _environment(templates: Sequence[Path]) -> jinja2.Environment:
    return environment(templates, _PAGE_DATA)
