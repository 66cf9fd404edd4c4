"""Printed forms: which questions a quiz asks, in which order, with which choice order.

One plan serves every printed output of a form (the question paper, its key, its answer
sheet) and the record that `build` keeps of it (`<quiz>.forms.json`), which grading reads to
map a form's positions back to `bank/question` (README: the form record).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizdeck.resolve import Resolved, ResolvedBank, parse_types
from quizdeck.sources.labels import choice_mark, common_language
from quizdeck.workspace import UsageError

FORM_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
RECORD_VERSION = 1
# Places of the student number on an answer sheet: 8 unless --digits says otherwise.
STUDENT_DIGITS = 8
MAX_DIGITS = 12


@dataclass(frozen=True)
class FormOptions:
    """What to print: forms, shuffling seed, question selection, passage, combined title."""

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
    # Places of the student-number grid on each answer sheet.
    digits: int = STUDENT_DIGITS
    # Quiz ids taken by quizzes printed apart (a build's banks): the combined one avoids them.
    taken: tuple[str, ...] = ()

    def validate(self) -> None:
        """Raise UsageError for options no bank could satisfy."""
        if not 1 <= self.forms <= len(FORM_LETTERS):
            raise UsageError(f"--forms must be between 1 and {len(FORM_LETTERS)}, not {self.forms}")
        if self.count is not None and self.count < 1:
            raise UsageError(f"--count must be at least 1, not {self.count}")
        try:
            parse_types(self.types)
        except ValueError as problem:
            raise UsageError(str(problem)) from None
        if not 1 <= self.digits <= MAX_DIGITS:
            raise UsageError(f"--digits must be between 1 and {MAX_DIGITS}, not {self.digits}")
        if self.title is not None and not self.title.strip():
            raise UsageError("--title must not be empty")


@dataclass(frozen=True)
class Quiz:
    """One quiz: a file stem, a title and the banks it draws on, in order."""

    id: str
    title: str
    banks: tuple[ResolvedBank, ...]

    @property
    def language(self) -> str:
        """The language its labels follow: the banks' own, or English when they differ."""
        return common_language([b.language for b in self.banks])


@dataclass(frozen=True)
class FormEntry:
    """One question at its position on a form, with the order its choices are printed in."""

    position: int
    bank: ResolvedBank
    question: Resolved
    # order[k] is the written choice printed k-th (under the k-th mark).
    order: tuple[int, ...]


@dataclass(frozen=True)
class FormPlan:
    """One form of a quiz: its letter and its questions by article, in printed order."""

    quiz: Quiz
    letter: str
    sections: tuple[tuple[ResolvedBank, tuple[FormEntry, ...]], ...]

    @property
    def entries(self) -> tuple[FormEntry, ...]:
        """Every question of the form in printed order."""
        return tuple(entry for _, entries in self.sections for entry in entries)

    @property
    def digest(self) -> str:
        """A hash of the form's questions and choice orders: a sheet of another build differs."""
        parts = [self.quiz.id, self.letter]
        parts += [f"{e.bank.id}/{e.question.id}:{e.question.type}:{e.order}" for e in self.entries]
        return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()[:16]


def plan_quizzes(banks: Sequence[ResolvedBank], options: FormOptions) -> list[Quiz]:
    """The quizzes to print: each bank on its own, and/or all combined under the title."""
    per_bank = options.per_bank if options.per_bank is not None else options.title is None
    quizzes = [Quiz(b.id, b.source.title, (b,)) for b in banks] if per_bank else []
    if options.title is not None and banks:
        taken = {q.id for q in quizzes} | set(options.taken)
        stem = slug(options.title)
        while stem in taken:
            stem += "-all"
        quizzes.append(Quiz(stem, options.title.strip(), tuple(banks)))
    return quizzes


# File names hold 255 bytes: a stem leaves room for "-Z-sheet.html" and more.
MAX_STEM_BYTES = 120


def slug(title: str) -> str:
    """A file stem for a title: its words, lower case, joined by hyphens (120 bytes at most)."""
    stem = "-".join(re.findall(r"[^\W_]+", title.casefold())) or "quiz"
    cut = stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", errors="ignore")
    return cut.rstrip("-") or "quiz"


def select(quiz: Quiz, options: FormOptions) -> list[tuple[ResolvedBank, Resolved]]:
    """The quiz's questions after --type and --count, in the banks' order."""
    types = parse_types(options.types)
    pool = [
        (bank, question)
        for bank in quiz.banks
        for question in bank.questions
        if not types or question.type in types
    ]
    kinds = f" of type {', '.join(types)}" if types else ""
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


def plan_forms(quiz: Quiz, options: FormOptions) -> list[FormPlan]:
    """Every form of `quiz`: the same questions, each form in its own order."""
    key = (quiz.id, quiz.title, tuple(map(id, quiz.banks)), options)
    planned = _PLANNED.get(key)
    if planned is None:
        chosen = select(quiz, options)
        forms = range(options.forms)
        plans = tuple(_plan_form(quiz, chosen, FORM_LETTERS[n], n, options) for n in forms)
        if len(_PLANNED) >= _PLANNED_MAX:
            _PLANNED.clear()
        _PLANNED[key] = planned = (quiz.banks, plans)
    return list(planned[1])


# Plans made: a build's question papers, keys and answer sheets plan the same forms, once
# (a second of a 10,000-question build). Keyed by the banks' identity (frozen objects), which
# an entry keeps alive, so no other bank can come to have one of their ids.
_PLANNED: dict[tuple[object, ...], tuple[tuple[ResolvedBank, ...], tuple[FormPlan, ...]]] = {}
_PLANNED_MAX = 256


def forget_plans() -> None:
    """Drop the plans and records kept (a worker process, between one bank and the next)."""
    _PLANNED.clear()
    _RECORDED.clear()


def _plan_form(
    quiz: Quiz,
    chosen: list[tuple[ResolvedBank, Resolved]],
    letter: str,
    index: int,
    options: FormOptions,
) -> FormPlan:
    shuffle = options.seed is not None or index > 0
    salt = f"{options.seed or ''}\x1f{quiz.id}\x1f{letter}"
    rng = random.Random(salt)
    ordered: list[tuple[ResolvedBank, list[Resolved]]] = []
    for bank in quiz.banks:
        questions = [q for b, q in chosen if b is bank]
        if not questions:
            continue
        if shuffle:
            rng.shuffle(questions)
        ordered.append((bank, questions))
    orders = iter(spread_keys([q for _, questions in ordered for q in questions], salt))
    sections: list[tuple[ResolvedBank, tuple[FormEntry, ...]]] = []
    position = 0
    for bank, questions in ordered:
        entries = []
        for question in questions:
            position += 1
            entries.append(FormEntry(position, bank, question, next(orders)))
        sections.append((bank, tuple(entries)))
    return FormPlan(quiz, letter, tuple(sections))


# Keys spread on every form (README: choice order): from this many single-answer choice
# questions on, no position holds more than 40% of their keys and no three in a row share one.
SPREAD_FROM = 4
MAX_KEY_SHARE = 0.4
RUN = 3


def spread_keys(questions: Sequence[Resolved], salt: str) -> list[tuple[int, ...]]:
    """The choice order of each question of a form, in printed order, keys spread.

    Each order is the one drawn from `salt`, unless its key would give a position more
    than its share or make a third key in a row there: then the key trades places with
    the choice at the least used position that does neither (ties drawn from `salt`).
    Fixed orders (numbers ascending, `shuffle: false`) stay and are counted.
    """
    orders = [q.choice_order(salt) for q in questions]
    single = [i for i, q in enumerate(questions) if q.type == "choice" and len(q.keys) == 1]
    if len(single) < SPREAD_FROM:
        return orders
    cap = int(MAX_KEY_SHARE * len(single))
    keys = {i: min(questions[i].keys) for i in single}
    placed: list[int | None] = [
        None if questions[i].shuffle else orders[i].index(keys[i]) for i in single
    ]
    counts = Counter(p for p in placed if p is not None)
    rng = random.Random(f"{salt}\x1fkeys")

    def runs(n: int, position: int) -> bool:
        """True when `position` at the n-th choice question completes a run of RUN.

        Only the RUN - 1 places either side of n can join it: looking at that window, not
        a copy of every place, keeps a 10,000-question form linear."""
        return any(
            all(k == n or placed[k] == position for k in range(start, start + RUN))
            for start in range(max(0, n - RUN + 1), min(n, len(placed) - RUN) + 1)
        )

    for n, i in enumerate(single):
        if placed[n] is not None:
            continue
        drawn = orders[i].index(keys[i])
        if counts[drawn] >= cap or runs(n, drawn):
            positions = list(range(len(orders[i])))
            rng.shuffle(positions)
            # Best first: within the share and no run, then no run, then the least used.
            positions.sort(key=lambda p: (counts[p] >= cap, runs(n, p), counts[p]))
            order = list(orders[i])
            order[drawn], order[positions[0]] = order[positions[0]], order[drawn]
            orders[i] = tuple(order)
        where = orders[i].index(keys[i])
        placed[n] = where
        counts[where] += 1
    return orders


def blank_count(question: Resolved) -> int:
    """How many answers a form asks of a question: one, or one per cloze blank."""
    return len(question.blanks) if question.type == "cloze" else 1


def record_name(quiz_id: str) -> str:
    """The file of a quiz's form record, beside its forms."""
    return f"{quiz_id}.forms.json"


_encode_string = json.encoder.encode_basestring


@dataclass(frozen=True)
class RecordedQuestion:
    """A question as a form record names it: position, bank/question, printed choice order."""

    position: int
    bank: str
    question: str
    type: str
    labels: tuple[str, ...]
    order: tuple[int, ...]
    blanks: int


@dataclass(frozen=True)
class RecordedForm:
    """One form as the record keeps it."""

    quiz: str
    title: str
    form: str
    language: str
    hash: str
    questions: tuple[RecordedQuestion, ...]


def recorded(form: FormPlan) -> RecordedForm:
    """A form as its record keeps it: what grading and the answer sheet need of it."""
    known = _RECORDED.get(id(form))
    if known is None:
        if len(_RECORDED) >= _PLANNED_MAX * len(FORM_LETTERS):
            _RECORDED.clear()
        # The entry keeps the plan alive: no other plan can come to have its id.
        known = _RECORDED[id(form)] = (form, _recorded(form))
    return known[1]


# Forms recorded: a build's form record and its answer sheets record the same plans.
_RECORDED: dict[int, tuple[FormPlan, RecordedForm]] = {}


def _recorded(form: FormPlan) -> RecordedForm:
    language = form.quiz.language
    return RecordedForm(
        quiz=form.quiz.id,
        title=form.quiz.title,
        form=form.letter,
        language=language,
        hash=form.digest,
        questions=tuple(
            RecordedQuestion(
                position=entry.position,
                bank=entry.bank.id,
                question=entry.question.id,
                type=entry.question.type,
                labels=tuple(choice_mark(language, k) for k in range(len(entry.order))),
                order=entry.order,
                blanks=blank_count(entry.question),
            )
            for entry in form.entries
        ),
    )


def record(forms: Sequence[FormPlan]) -> bytes:
    """The form record of a quiz: every form's positions, questions and choice orders, as
    `json.dumps(..., ensure_ascii=False, indent=1)` writes `dataclasses.asdict` of each
    recorded form (a test compares them), written directly: the standard encoder indents
    in pure Python, and walking the dicts took most of a second for 10,000 questions."""
    listed = _json_list((_form_json(recorded(form)) for form in forms), 1)
    return f'{{\n "version": {RECORD_VERSION},\n "forms": {listed}\n}}\n'.encode()


def _form_json(form: RecordedForm) -> str:
    """One form of the record, in its place (level 2)."""
    fields = (
        ("quiz", _encode_string(form.quiz)),
        ("title", _encode_string(form.title)),
        ("form", _encode_string(form.form)),
        ("language", _encode_string(form.language)),
        ("hash", _encode_string(form.hash)),
        ("questions", _json_list(map(_question_json, form.questions), 3)),
    )
    return _json_object(fields, 2)


def _question_json(question: RecordedQuestion) -> str:
    """One question of a form's record, in its place (level 4), as `_json_object` would
    write it: the record's bulk, written as one string."""
    return (
        f'{{\n     "position": {int.__repr__(question.position)}'
        f',\n     "bank": {_encode_string(question.bank)}'
        f',\n     "question": {_encode_string(question.question)}'
        f',\n     "type": {_encode_string(question.type)}'
        f',\n     "labels": {_json_list(map(_encode_string, question.labels), 5)}'
        f',\n     "order": {_json_list(map(int.__repr__, question.order), 5)}'
        f',\n     "blanks": {int.__repr__(question.blanks)}\n    }}'
    )


def _json_object(fields: Iterable[tuple[str, str]], level: int) -> str:
    """Keys and values already in JSON as an object at `level`, as indent=1 writes it."""
    inner = "\n" + " " * (level + 1)
    joined = ("," + inner).join(f"{_encode_string(key)}: {value}" for key, value in fields)
    return f"{{{inner}{joined}\n{' ' * level}}}" if joined else "{}"


def _json_list(items: Iterable[str], level: int) -> str:
    """Items already in JSON as a list at `level`, as `json.dumps(indent=1)` writes it."""
    inner = "\n" + " " * (level + 1)
    joined = ("," + inner).join(items)
    return f"[{inner}{joined}\n{' ' * level}]" if joined else "[]"


def read_record(data: bytes, name: str) -> list[RecordedForm]:
    """The forms of a record written by `record`; raises UsageError naming `name` if damaged."""
    try:
        raw = json.loads(data.decode("utf-8"))
        if raw.get("version") != RECORD_VERSION:
            raise ValueError(f"version {raw.get('version')!r}, expected {RECORD_VERSION}")
        return [
            RecordedForm(
                quiz=str(form["quiz"]),
                title=str(form["title"]),
                form=str(form["form"]),
                language=str(form["language"]),
                hash=str(form["hash"]),
                questions=tuple(
                    RecordedQuestion(
                        position=int(q["position"]),
                        bank=str(q["bank"]),
                        question=str(q["question"]),
                        type=str(q["type"]),
                        labels=tuple(str(label) for label in q["labels"]),
                        order=tuple(int(i) for i in q["order"]),
                        blanks=int(q["blanks"]),
                    )
                    for q in form["questions"]
                ),
            )
            for form in raw["forms"]
        ]
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
        raise UsageError(f"{name}: not a quizdeck form record ({error})") from None
