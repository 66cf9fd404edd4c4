"""Item and test statistics as Moodle's quiz statistics report defines them (README: analyse).

Moodle's formulas, followed line by line: per question, moodle/moodle
question/classes/statistics/questions/calculator.php (`initial_question_walker`,
`secondary_steps_walker`, `secondary_question_walker`); per test,
mod/quiz/report/statistics/classes/calculator.php (`calculate`: CIC, error ratio,
standard error). A question's mark is a fraction of its maximum (1), a student's total the
sum of their marks. Percentages are Moodle's: facility, SD, discrimination index,
discriminative efficiency, CIC and error ratio are reported times 100.

Classical additions: the upper-lower discrimination D of Kelley's 27% groups (tie rule in
`upper_lower_groups`) and, per option, its share and point-biserial correlation with the
rest score (the total without this question, as Moodle's discrimination index uses).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]
Vector = npt.NDArray[np.float64]

UPPER_LOWER_SHARE = 0.27


@dataclass(frozen=True)
class ItemStatistics:
    """One question's figures over the students who were asked it."""

    n: int
    facility: float | None
    sd: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    d_upper_lower: float | None


@dataclass(frozen=True)
class OptionStatistics:
    """One choice: the share of students who picked it and its point-biserial with the rest score."""

    share: float
    point_biserial: float | None
    upper_share: float | None
    lower_share: float | None


@dataclass(frozen=True)
class OverallStatistics:
    """The whole test: Moodle's overall statistics of the students' totals."""

    n: int
    items: int
    mean: float | None
    sd: float | None
    cic: float | None
    # "KR-20" when every mark is right or wrong (0 or 1), else "alpha": the same formula.
    cic_method: str
    error_ratio: float | None
    standard_error: float | None


def _covariance(x: Vector, y: Vector) -> float:
    """Sample covariance (n - 1 in the denominator, as Moodle divides)."""
    return float(np.sum((x - x.mean()) * (y - y.mean())) / (len(x) - 1))


def item_statistics(marks: Vector, totals: Vector) -> ItemStatistics:
    """Moodle's figures for one question: `marks` (0..1) and the same students' `totals`."""
    s = len(marks)
    if s == 0:
        return ItemStatistics(0, None, None, None, None, None)
    rest = totals - marks
    facility = 100 * float(marks.mean())
    if s < 2:
        return ItemStatistics(s, facility, None, None, None, None)
    mark_variance = _covariance(marks, marks)
    rest_variance = _covariance(rest, rest)
    covariance = _covariance(marks, rest)
    # The largest covariance these marks could have with these rest scores: both sorted.
    sorted_marks, sorted_rest = np.sort(marks), np.sort(rest)
    covariance_max = float(
        np.sum((sorted_marks - marks.mean()) * (sorted_rest - rest.mean())) / (s - 1)
    )
    product = mark_variance * rest_variance
    index = 100 * covariance / math.sqrt(product) if product else None
    efficiency = 100 * covariance / covariance_max if covariance_max else None
    upper, lower = upper_lower_groups(totals)
    d = float(marks[upper].mean() - marks[lower].mean())
    return ItemStatistics(s, facility, 100 * math.sqrt(mark_variance), index, efficiency, d)


def upper_lower_groups(totals: Vector) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Kelley's upper and lower 27% of students by total score.

    Tie rule: a group is the round(27% of n) students (at least one) with the highest
    (lowest) totals, and every student tied with the last one taken is in the group too,
    so a group may hold more than 27% and, when nearly everyone ties, both groups may
    overlap. D is then the difference of the groups' mean marks.
    """
    size = max(1, round(UPPER_LOWER_SHARE * len(totals)))
    ordered = np.sort(totals)
    upper_cut = ordered[-size]
    lower_cut = ordered[size - 1]
    return totals >= upper_cut, totals <= lower_cut


def option_statistics(chose: Vector, marks: Vector, totals: Vector) -> OptionStatistics:
    """An option picked (1) or not (0) by each student: share, point-biserial with the rest score."""
    share = float(chose.mean()) if len(chose) else 0.0
    rest = totals - marks
    correlation = None
    if len(chose) > 1 and chose.std() > 0 and rest.std() > 0:
        correlation = float(np.corrcoef(chose, rest)[0, 1])
    upper, lower = upper_lower_groups(totals) if len(chose) else (chose > 0, chose > 0)
    upper_share = float(chose[upper].mean()) if upper.any() else None
    lower_share = float(chose[lower].mean()) if lower.any() else None
    return OptionStatistics(share, correlation, upper_share, lower_share)


def overall_statistics(marks: Matrix) -> OverallStatistics:
    """Moodle's overall statistics of a students × questions matrix of marks (0..1, complete)."""
    s, p = marks.shape if marks.ndim == 2 else (0, 0)
    right_wrong = bool(np.all((marks == 0) | (marks == 1)))
    method = "KR-20" if right_wrong else "alpha"
    if s == 0:
        return OverallStatistics(0, p, None, None, None, method, None, None)
    totals = marks.sum(axis=1)
    mean = float(totals.mean())
    if s < 2:
        return OverallStatistics(s, p, mean, None, None, method, None, None)
    power2 = float(np.sum((totals - mean) ** 2))
    sd = math.sqrt(power2 / (s - 1))
    cic = error_ratio = standard_error = None
    # Moodle: k2 = s * m2 / (s - 1), defined from three attempts; CIC from two questions.
    k2 = s * (power2 / s) / (s - 1)
    if s > 2 and k2 != 0 and p > 1:
        sum_of_mark_variance = float(np.sum(marks.var(axis=0, ddof=1)))
        cic = (100 * p / (p - 1)) * (1 - sum_of_mark_variance / k2)
        if cic <= 100:
            error_ratio = 100 * math.sqrt(1 - cic / 100)
            standard_error = error_ratio * sd / 100
    return OverallStatistics(s, p, mean, sd, cic, method, error_ratio, standard_error)


def complete_columns(marks: Matrix) -> Sequence[int]:
    """The questions every student has a mark for (a merged class may miss some)."""
    return [j for j in range(marks.shape[1]) if not np.isnan(marks[:, j]).any()]
