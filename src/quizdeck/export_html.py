"""Printable HTML quizzes: shuffled forms and their answer keys, rendered with jinja2."""

from __future__ import annotations

import contextlib
import os
import random
import re
import tempfile
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.bccache
import platformdirs

from .articles import Paragraph
from .checker import CheckedBank
from .model import QUESTION_TYPES, Bank, Question
from .numbers import with_unit
from .outputs import publish
from .textnorm import normalize, numbered_spans
from .workspace import UsageError

FORM_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CHOICE_MARKS = {"ko": "①②③④⑤⑥⑦⑧", "en": "ABCDEFGH"}

# Everything printed on a page that is not the bank's own text, per bank language.
LABELS: dict[str, dict[str, str]] = {
    "ko": {
        "lang": "ko",
        "name": "이름",
        "class": "반",
        "number": "번호",
        "score": "점수",
        "form": "{letter}형",
        "key": "정답 및 해설",
        "source": "출처",
        "published": "발행일",
        "questions": "문항 수",
        "passage": "제시문",
        "answer": "답",
        "explanation": "해설",
        "evidence": "근거",
        "accepted": "인정 답안",
        "tolerance": "허용 오차",
        "select_all": "모두 고르시오",
        "true": "O",
        "false": "X",
        "cloze_prompt": "빈칸에 들어갈 말을 쓰시오.",
        "index": "문제지와 정답",
        "quiz": "제목",
        "sheet_links": "문제지",
        "key_links": "정답",
        "intro": "각 문항을 읽고 알맞은 답을 고르거나 쓰시오.",
        "intro_passage": "제시문의 문단 번호(¶)는 정답 및 해설의 근거 표시와 같습니다.",
        "intro_choice": "객관식 문항은 알맞은 번호 하나에 ○표 하시오.",
        "intro_multi": "'모두 고르시오' 문항은 해당하는 번호를 모두 고르시오.",
        "intro_truefalse": "O/X 문항은 내용이 맞으면 O, 틀리면 X에 ○표 하시오.",
        "intro_cloze": "빈칸 문항은 (1), (2) … 빈칸에 들어갈 말을 쓰시오.",
    },
    "en": {
        "lang": "en",
        "name": "Name",
        "class": "Class",
        "number": "No.",
        "score": "Score",
        "form": "Form {letter}",
        "key": "Answer key",
        "source": "Source",
        "published": "Published",
        "questions": "Questions",
        "passage": "Reading passage",
        "answer": "Answer",
        "explanation": "Explanation",
        "evidence": "Evidence",
        "accepted": "Also accepted",
        "tolerance": "tolerance",
        "select_all": "Select all that apply",
        "true": "True",
        "false": "False",
        "cloze_prompt": "Fill in the blanks.",
        "index": "Quizzes and answer keys",
        "quiz": "Title",
        "sheet_links": "Quiz",
        "key_links": "Answer key",
        "intro": "Read each question and choose or write the answer.",
        "intro_passage": "Paragraph numbers (¶) match the citations in the answer key.",
        "intro_choice": "Multiple choice: circle the one best answer.",
        "intro_multi": "'Select all that apply': circle every correct answer.",
        "intro_truefalse": "True/false: circle True or False.",
        "intro_cloze": "Fill in the blanks: write what belongs in blanks (1), (2) ….",
    },
}


@dataclass(frozen=True)
class HtmlOptions:
    """What to render: forms, shuffling seed, question selection, passage, combined title."""

    forms: int = 1
    # None: form A keeps the bank's order, later forms are still shuffled reproducibly.
    seed: str | None = None
    count: int | None = None
    types: tuple[str, ...] = ()
    passage: bool = True
    # With a title, the banks are also combined into one quiz under it.
    title: str | None = None
    # Each bank as its own quiz too; None means "only when there is no title".
    per_bank: bool | None = None

    def validate(self) -> None:
        """Raise UsageError for options no bank could satisfy."""
        if not 1 <= self.forms <= len(FORM_LETTERS):
            raise UsageError(f"--forms must be between 1 and {len(FORM_LETTERS)}, not {self.forms}")
        if self.count is not None and self.count < 1:
            raise UsageError(f"--count must be at least 1, not {self.count}")
        for kind in self.types:
            if kind not in QUESTION_TYPES:
                raise UsageError(
                    f"unknown question type '{kind}' (types: {', '.join(QUESTION_TYPES)})"
                )
        if self.title is not None and not self.title.strip():
            raise UsageError("--title must not be empty")


@dataclass(frozen=True)
class RenderedFile:
    """One output file: a name inside the output directory and its text."""

    name: str
    text: str


class TemplateProblem(Exception):
    """A template that cannot be loaded or rendered, with the file and line at fault."""

    def __init__(self, path: str, line: int | None, detail: str) -> None:
        super().__init__(f"{path}:{line}: {detail}" if line else f"{path}: {detail}")
        self.path, self.line, self.detail = path, line, detail


@dataclass(frozen=True)
class Choice:
    """A choice as printed: its mark (③ or C) and text."""

    mark: str
    text: str
    correct: bool


@dataclass(frozen=True)
class Segment:
    """A piece of cloze text: plain text, or the numbered blank that replaces an answer."""

    text: str
    blank: int | None = None


@dataclass(frozen=True)
class Item:
    """A question as printed on one form, with what its answer key shows."""

    number: int
    question: Question
    prompt: str
    choices: tuple[Choice, ...]
    columns: int
    cloze: tuple[tuple[Segment, ...], ...]
    answers: tuple[str, ...]
    accepted: tuple[str, ...]
    unit: str
    evidence: tuple[str, ...]
    citation: str


@dataclass(frozen=True)
class Section:
    """The questions of one article on a form, with its passage when printed."""

    title: str
    source: str
    published: str | None
    paragraphs: tuple[Paragraph, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Quiz:
    """One quiz: a file stem, a title and the banks it draws on, in order."""

    id: str
    title: str
    banks: tuple[CheckedBank, ...]


@dataclass(frozen=True)
class Form:
    """One form of a quiz, ready for the page and key templates."""

    quiz: Quiz
    letter: str
    label: str
    labels: dict[str, str]
    sources: tuple[str, ...]
    dates: str
    sections: tuple[Section, ...]
    instructions: tuple[str, ...]
    total: int
    page: str
    key: str


def plan_quizzes(banks: Sequence[CheckedBank], options: HtmlOptions) -> list[Quiz]:
    """The quizzes to render: each bank on its own, and/or all combined under the title."""
    per_bank = options.per_bank if options.per_bank is not None else options.title is None
    quizzes = [Quiz(b.bank.id, b.bank.article.title, (b,)) for b in banks] if per_bank else []
    if options.title is not None and banks:
        taken = {q.id for q in quizzes}
        stem = slug(options.title)
        while stem in taken:
            stem += "-all"
        quizzes.append(Quiz(stem, options.title.strip(), tuple(banks)))
    return quizzes


def slug(title: str) -> str:
    """A file stem for a title: its words, lower case, joined by hyphens."""
    return "-".join(re.findall(r"[^\W_]+", title.casefold())) or "quiz"


def render_quizzes(
    banks: Sequence[CheckedBank], options: HtmlOptions, templates: Sequence[Path]
) -> list[RenderedFile]:
    """Every form and key of every quiz, plus index.html; raises UsageError or TemplateProblem."""
    options.validate()
    environment = _environment(templates)
    forms: list[list[Form]] = []
    for quiz in plan_quizzes(banks, options):
        chosen = _select(quiz, options)
        forms.append(
            [_form(quiz, chosen, FORM_LETTERS[n], n, options) for n in range(options.forms)]
        )
    files: list[RenderedFile] = []
    for quiz_forms in forms:
        for form in quiz_forms:
            files.append(RenderedFile(form.page, _render(environment, "html/quiz.html", form=form)))
        for form in quiz_forms:
            files.append(RenderedFile(form.key, _render(environment, "html/key.html", form=form)))
    labels = _labels(banks[0].bank) if banks else LABELS["ko"]
    index = _render(environment, "html/index.html", quizzes=forms, labels=labels)
    files.append(RenderedFile("index.html", index))
    return files


def write_files(files: Sequence[RenderedFile], out_dir: Path) -> None:
    """Write every file atomically: all to temporary files first, then each renamed into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for file in files:
            if Path(file.name).name != file.name:
                raise ValueError(f"output name {file.name!r} is not a plain file name")
            handle, temporary_name = tempfile.mkstemp(
                dir=out_dir, prefix=f".{file.name}.", suffix=".tmp"
            )
            staged.append((file.name, Path(temporary_name)))
            with os.fdopen(handle, "wb") as stream:
                stream.write(file.text.encode("utf-8"))
        for name, temporary in staged:
            publish(temporary, out_dir / name)
    finally:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)


def _labels(bank: Bank) -> dict[str, str]:
    return LABELS.get(bank.article.language, LABELS["en"])


def _select(quiz: Quiz, options: HtmlOptions) -> list[tuple[CheckedBank, Question]]:
    """The quiz's questions after --type and --count, in the banks' order."""
    pool = [
        (checked, question)
        for checked in quiz.banks
        for question in checked.bank.questions
        if not options.types or question.type in options.types
    ]
    kinds = f" of type {', '.join(options.types)}" if options.types else ""
    if not pool:
        raise UsageError(f"quiz '{quiz.id}' has no questions{kinds}")
    if options.count is None:
        return pool
    if options.count > len(pool):
        raise UsageError(
            f"--count {options.count}: quiz '{quiz.id}' has only {len(pool)} question(s){kinds}"
        )
    # The same sample on every form: only the order differs between forms.
    rng = random.Random(f"{options.seed or ''}\x1f{quiz.id}\x1fsample")
    return [pool[i] for i in sorted(rng.sample(range(len(pool)), options.count))]


def _form(
    quiz: Quiz,
    chosen: list[tuple[CheckedBank, Question]],
    letter: str,
    index: int,
    options: HtmlOptions,
) -> Form:
    labels = _labels(quiz.banks[0].bank)
    shuffle = options.seed is not None or index > 0
    rng = random.Random(f"{options.seed or ''}\x1f{quiz.id}\x1f{letter}")
    combined = len(quiz.banks) > 1
    sections: list[Section] = []
    number = 0
    for checked in quiz.banks:
        questions = [q for b, q in chosen if b is checked]
        if not questions:
            continue
        if shuffle:
            rng.shuffle(questions)
        items = []
        for question in questions:
            number += 1
            items.append(_item(checked, question, number, labels, rng if shuffle else None))
        article = checked.bank.article
        sections.append(
            Section(
                title=article.title,
                source=_credit(checked.bank),
                published=article.published,
                paragraphs=checked.body.paragraphs if options.passage else (),
                items=tuple(items),
            )
        )
    present = {item.question.type for s in sections for item in s.items}
    instructions = [labels["intro"]]
    if options.passage:
        instructions.append(labels["intro_passage"])
    instructions += [
        labels[f"intro_{t}"] for t in ("choice", "multi", "truefalse", "cloze") if t in present
    ]
    dates = sorted({s.published for s in sections if s.published})
    return Form(
        quiz=quiz,
        letter=letter,
        label=labels["form"].format(letter=letter),
        labels=labels,
        # A combined quiz names its articles; each section shows its own credit and date.
        sources=tuple(
            source
            for source in (
                f"'{c.bank.article.title}'" if combined else _credit(c.bank) for c in quiz.banks
            )
            if source
        ),
        dates=" – ".join([dates[0], dates[-1]] if len(dates) > 2 else dates),
        sections=tuple(sections),
        instructions=tuple(instructions),
        total=number,
        page=f"{quiz.id}-{letter}.html",
        key=f"{quiz.id}-{letter}-key.html",
    )


def _credit(bank: Bank) -> str:
    article = bank.article
    return ", ".join(p for p in (article.outlet, article.byline) if p)


def _item(
    checked: CheckedBank,
    question: Question,
    number: int,
    labels: dict[str, str],
    rng: random.Random | None,
) -> Item:
    marks = CHOICE_MARKS.get(labels["lang"], CHOICE_MARKS["en"])
    texts = list(question.choices)
    if rng is not None and question.type in ("choice", "multi"):
        rng.shuffle(texts)
    correct = set(question.answers)
    choices = tuple(Choice(marks[i], text, text in correct) for i, text in enumerate(texts))
    cloze: tuple[tuple[Segment, ...], ...] = ()
    answers: tuple[str, ...]
    if question.type in ("choice", "multi"):
        answers = tuple(f"{c.mark} {c.text}" for c in choices if c.correct)
    elif question.type == "truefalse":
        answers = (labels["true"] if question.answer is True else labels["false"],)
    elif question.type == "numeric":
        tolerance = f" (± {question.tolerance:g})" if question.tolerance else ""
        answers = (with_unit(str(question.answer), question.unit) + tolerance,)
    elif question.type == "cloze":
        cloze, blanks = _cloze(question)
        answers = tuple(f"({n}) {text}" for n, text in enumerate(blanks, 1))
    else:
        answers = question.answers
    longest = max((len(c.text) for c in choices), default=0)
    return Item(
        number=number,
        question=question,
        prompt=question.prompt or (labels["cloze_prompt"] if question.type == "cloze" else ""),
        choices=choices,
        columns=4 if longest <= 9 else 2 if longest <= 20 else 1,
        cloze=cloze,
        answers=answers,
        accepted=question.accept,
        unit=question.unit or "",
        evidence=tuple(e.value for e in question.evidence),
        citation=checked.citation(question),
    )


def _cloze(question: Question) -> tuple[tuple[tuple[Segment, ...], ...], list[str]]:
    """The evidence with each blank replaced by its number, numbered in reading order."""
    quotes = [normalize(e.value) for e in question.evidence]
    values = [blank.value for blank in question.blanks]
    spans_by_quote = [
        [(start, end, values[n - 1]) for start, end, n in numbered_spans(quote, values)]
        for quote in quotes
    ]
    shown = [i for i, spans in enumerate(spans_by_quote) if spans] or list(range(len(quotes)))
    numbers: dict[str, int] = {}
    lines: list[tuple[Segment, ...]] = []
    for i in shown:
        segments: list[Segment] = []
        position = 0
        for start, end, value in spans_by_quote[i]:
            if start > position:
                segments.append(Segment(quotes[i][position:start]))
            segments.append(Segment(value, numbers.setdefault(value, len(numbers) + 1)))
            position = end
        if position < len(quotes[i]):
            segments.append(Segment(quotes[i][position:]))
        lines.append(tuple(segments))
    # A blank found nowhere (the checker prevents it) still gets a numbered answer.
    for blank in question.blanks:
        numbers.setdefault(blank.value, len(numbers) + 1)
    return tuple(lines), sorted(numbers, key=numbers.__getitem__)


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in the user's cache directory; a cache that can't be written is skipped."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Store a compiled template, or do nothing when the directory refuses it."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    # Compiling the templates is a good share of a small build; keyed by their source,
    # so an edited template is compiled afresh.
    directory = Path(platformdirs.user_cache_dir("quizdeck")) / "templates"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BytecodeCache(str(directory))


def _environment(templates: Sequence[Path]) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in templates]),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(environment: jinja2.Environment, name: str, **context: object) -> str:
    try:
        return environment.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(
            error.filename or error.name or name, error.lineno, error.message or "syntax error"
        ) from None
    except jinja2.TemplateNotFound as error:
        dirs = ", ".join(str(d) for d in _search_path(environment))
        missing = error.name if isinstance(error.name, str) else name
        raise TemplateProblem(missing, None, f"template not found (searched {dirs})") from None
    except Exception as error:
        # A template's own mistake (undefined name, bad filter argument): point at its line.
        where = _template_frame(environment, error)
        if where is None:
            raise
        raise TemplateProblem(where[0], where[1], _describe(error)) from None


def _search_path(environment: jinja2.Environment) -> list[str]:
    loader = environment.loader
    return list(loader.searchpath) if isinstance(loader, jinja2.FileSystemLoader) else []


def _template_frame(environment: jinja2.Environment, error: Exception) -> tuple[str, int] | None:
    roots = [Path(d).resolve() for d in _search_path(environment)]
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename).resolve()
        if frame.lineno and any(path.is_relative_to(r) for r in roots):
            return frame.filename, frame.lineno
    return None


def _describe(error: Exception) -> str:
    text = str(error)
    return text if isinstance(error, jinja2.TemplateError) else f"{type(error).__name__}: {text}"
