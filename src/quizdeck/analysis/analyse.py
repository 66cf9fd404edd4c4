"""Item analysis of one or more classes' scores, merged by `bank/question` (README: analyse)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from quizdeck.analysis.grade_files import ANSWER_COLUMNS, ANSWERS, SCORE_COLUMNS
from quizdeck.analysis.statistics import (
    ItemStatistics,
    Matrix,
    OptionStatistics,
    OverallStatistics,
    complete_columns,
    item_statistics,
    option_statistics,
    overall_statistics,
)
from quizdeck.banks.model import CHOICE_TYPES
from quizdeck.checking.item_stats import flags
from quizdeck.readers.responses.model import Problem
from quizdeck.readers.responses.tables import Table, cell, read_bytes, read_csv
from quizdeck.resolve import Resolved
from quizdeck.workspace import UsageError


@dataclass(frozen=True)
class OptionRow:
    """One choice of a question: its number and text as the bank writes them, its figures."""

    number: int
    text: str
    key: bool
    stats: OptionStatistics


@dataclass(frozen=True)
class ItemRow:
    """One question's figures, its options and why it is flagged (code, reason)."""

    question: Resolved
    stats: ItemStatistics
    options: tuple[OptionRow, ...]
    reasons: tuple[tuple[str, str], ...]

    @property
    def unused_distractors(self) -> tuple[str, ...]:
        """The wrong choices nobody picked."""
        return tuple(o.text for o in self.options if not o.key and o.stats.share == 0)


@dataclass(frozen=True)
class Analysis:
    """A whole analysis: per question, per test, the students' totals."""

    items: tuple[ItemRow, ...]
    test: OverallStatistics
    totals: tuple[float, ...]
    max_score: int
    problems: tuple[Problem, ...]


@dataclass
class _Class:
    students: list[str]
    marks: dict[str, dict[int, float]]
    picked: dict[str, dict[int, frozenset[int]]]


def read_scores(paths: Sequence[tuple[Path, str]]) -> tuple[list[str], _Class, list[Problem]]:
    """The students and marks of scores.csv files (with answers.csv beside each, when there)."""
    merged = _Class([], {}, {})
    order: list[str] = []
    problems: list[Problem] = []
    for number, (path, shown) in enumerate(paths):
        table = read_csv(read_bytes(path, shown), shown)
        heads = tuple(h.strip() for h in table.header)
        if heads[: len(SCORE_COLUMNS)] != SCORE_COLUMNS:
            raise UsageError(f"{shown}:1: not a scores.csv of quizdeck grade (columns {heads[:4]})")
        keys = heads[len(SCORE_COLUMNS) :]
        order += [k for k in keys if k not in order]
        ids: dict[str, int] = {}
        for line, row in table.rows:
            student = len(merged.students)
            # Students of different files are different students, whatever their ids.
            merged.students.append(f"{number}:{cell(row, 0)}")
            ids[cell(row, 0)] = student
            for offset, key in enumerate(keys):
                text = cell(row, len(SCORE_COLUMNS) + offset)
                if not text:
                    continue
                try:
                    merged.marks.setdefault(key, {})[student] = float(text)
                except ValueError:
                    problems.append(Problem(table.origin(line), f"mark {text!r} is no number"))
        answers = path.parent / ANSWERS
        if answers.is_file():
            _read_picks(read_csv(read_bytes(answers, str(answers)), str(answers)), ids, merged)
    return order, merged, problems


def _read_picks(table: Table, ids: Mapping[str, int], into: _Class) -> None:
    column = {name: table.column(name) for name in ANSWER_COLUMNS}
    for _, row in table.rows:
        student = ids.get(cell(row, column["student"]))
        picked = cell(row, column["picked"])
        if student is None:
            continue
        numbers = [int(p) - 1 for p in picked.split(";") if p.strip().isdigit()]
        into.picked.setdefault(cell(row, column["question"]), {})[student] = frozenset(numbers)


def analyse(paths: Sequence[tuple[Path, str]], questions: Mapping[str, Resolved]) -> Analysis:
    """Every figure of the README's analysis, for the questions the banks still have."""
    order, data, problems = read_scores(paths)
    known = [k for k in order if k in questions]
    problems += [
        Problem(paths[0][1], f"{k} is no question of the banks: left out")
        for k in order
        if k not in questions
    ]
    s = len(data.students)
    marks: Matrix = np.full((s, len(known)), np.nan)
    for j, key in enumerate(known):
        for i, value in data.marks.get(key, {}).items():
            marks[i, j] = value
    totals = np.nansum(marks, axis=1)
    items = []
    for j, key in enumerate(known):
        taken = ~np.isnan(marks[:, j])
        x, t = marks[taken, j], totals[taken]
        stats = item_statistics(x, t)
        options = _options(questions[key], data.picked.get(key, {}), taken, x, t)
        unused = tuple(o.text for o in options if not o.key and o.stats.share == 0)
        reasons = flags(
            stats.n, stats.facility, stats.discrimination_index,
            stats.discriminative_efficiency, unused,
        )  # fmt: skip
        reasons += [
            (
                "distractor-stronger",
                f"the distractor {o.text!r} was chosen more by stronger students "
                f"({100 * (o.stats.upper_share or 0):.0f}% of the upper group) than by weaker "
                f"ones ({100 * (o.stats.lower_share or 0):.0f}% of the lower group)",
            )
            for o in options
            if not o.key
            and o.stats.upper_share is not None
            and o.stats.lower_share is not None
            and o.stats.upper_share > o.stats.lower_share
        ]
        items.append(ItemRow(questions[key], stats, options, tuple(reasons)))
    complete = list(complete_columns(marks))
    test = overall_statistics(marks[:, complete])
    return Analysis(
        tuple(items), test, tuple(float(v) for v in totals), len(known), tuple(problems)
    )


def _options(
    question: Resolved,
    picks: Mapping[int, frozenset[int]],
    taken: np.ndarray,
    marks: np.ndarray,
    totals: np.ndarray,
) -> tuple[OptionRow, ...]:
    if question.type not in CHOICE_TYPES or not picks:
        return ()
    students = [int(i) for i in np.flatnonzero(taken)]
    rows = []
    for index, text in enumerate(question.choices):
        chose = np.array([1.0 if index in picks.get(i, ()) else 0.0 for i in students])
        rows.append(
            OptionRow(
                index + 1, text, index in question.keys, option_statistics(chose, marks, totals)
            )
        )
    return tuple(rows)


def percent(value: float | None) -> str:
    """A figure as the report prints it: 85.0, or — when undefined."""
    return "—" if value is None or math.isnan(value) else f"{value:.1f}"
