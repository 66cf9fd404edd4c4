"""analysis.statistics against independent computations of Moodle's formulas (README: analyse).

The expected figures are computed here in plain Python, step by step as Moodle's
calculators (question/classes/statistics/questions/calculator.php and
mod/quiz/report/statistics/classes/calculator.php) describe them, and alpha once more by
pingouin; none of it calls the code under test.
"""

from __future__ import annotations

import math
import statistics as stdlib

import numpy as np
import pandas as pd
import pingouin
import pytest

from quizdeck.analysis.statistics import (
    item_statistics,
    option_statistics,
    overall_statistics,
    upper_lower_groups,
)

# 12 students × 5 questions, right (1) or wrong (0); question 4 is answered right by the weak.
RIGHT_WRONG = [
    [1, 1, 1, 0, 1],
    [1, 1, 0, 0, 1],
    [1, 0, 1, 0, 1],
    [1, 1, 1, 0, 0],
    [0, 1, 1, 1, 1],
    [1, 0, 0, 0, 1],
    [1, 1, 0, 1, 0],
    [0, 0, 1, 1, 0],
    [1, 0, 0, 1, 0],
    [0, 0, 0, 1, 1],
    [0, 1, 0, 1, 0],
    [0, 0, 0, 1, 0],
]
# The same shape with partial marks (a multi question with Moodle's credit).
PARTIAL = [[m * (0.5 if (i + j) % 4 == 0 else 1) for j, m in enumerate(row)] for i, row in enumerate(RIGHT_WRONG)]  # fmt: skip


def cov(x: list[float], y: list[float]) -> float:
    mx, my = sum(x) / len(x), sum(y) / len(y)
    return sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True)) / (len(x) - 1)


def moodle_item(rows: list[list[float]], j: int) -> dict[str, float]:
    """One question's figures, the way Moodle's question calculator walks the steps."""
    x = [row[j] for row in rows]
    rest = [sum(row) - row[j] for row in rows]
    covariance = cov(x, rest)
    mx, mr = sum(x) / len(x), sum(rest) / len(rest)
    covariance_max = sum(
        (a - mx) * (b - mr) for a, b in zip(sorted(x), sorted(rest), strict=True)
    ) / (len(x) - 1)
    return {
        "facility": 100 * mx,
        "sd": 100 * math.sqrt(cov(x, x)),
        "discrimination_index": 100 * covariance / math.sqrt(cov(x, x) * cov(rest, rest)),
        "discriminative_efficiency": 100 * covariance / covariance_max,
    }


def moodle_test(rows: list[list[float]]) -> dict[str, float]:
    """The overall figures, as Moodle's quiz calculator computes them from the totals."""
    totals = [sum(row) for row in rows]
    s, p = len(rows), len(rows[0])
    mean = sum(totals) / s
    power2 = sum((t - mean) ** 2 for t in totals)
    sd = math.sqrt(power2 / (s - 1))
    k2 = s * (power2 / s) / (s - 1)
    sum_of_mark_variance = sum(stdlib.variance([row[j] for row in rows]) for j in range(p))
    cic = (100 * p / (p - 1)) * (1 - sum_of_mark_variance / k2)
    error_ratio = 100 * math.sqrt(1 - cic / 100)
    return {
        "mean": mean,
        "sd": sd,
        "cic": cic,
        "error_ratio": error_ratio,
        "standard_error": error_ratio * sd / 100,
    }


@pytest.mark.parametrize("rows", [RIGHT_WRONG, PARTIAL], ids=["right-wrong", "partial"])
def test_item_figures_equal_moodles_formulas(rows: list[list[float]]) -> None:
    marks = np.array(rows, dtype=float)
    totals = marks.sum(axis=1)
    for j in range(marks.shape[1]):
        found = item_statistics(marks[:, j], totals)
        expected = moodle_item(rows, j)
        assert found.n == len(rows)
        for name, value in expected.items():
            assert getattr(found, name) == pytest.approx(value, abs=1e-6), (j, name)


@pytest.mark.parametrize("rows", [RIGHT_WRONG, PARTIAL], ids=["right-wrong", "partial"])
def test_test_figures_equal_moodles_formulas_and_alpha_equals_pingouin(
    rows: list[list[float]],
) -> None:
    found = overall_statistics(np.array(rows, dtype=float))
    expected = moodle_test(rows)
    for name, value in expected.items():
        assert getattr(found, name) == pytest.approx(value, abs=1e-6), name
    alpha, _ = pingouin.cronbach_alpha(data=pd.DataFrame(rows))
    assert found.cic == pytest.approx(100 * alpha, abs=1e-6)
    assert found.cic_method == ("KR-20" if rows is RIGHT_WRONG else "alpha")


def test_kr20_is_the_textbook_formula_on_right_wrong_marks() -> None:
    rows = RIGHT_WRONG
    s, k = len(rows), len(rows[0])
    p = [sum(row[j] for row in rows) / s for j in range(k)]
    totals = [sum(row) for row in rows]
    mean = sum(totals) / s
    population_variance = sum((t - mean) ** 2 for t in totals) / s
    kr20 = k / (k - 1) * (1 - sum(pj * (1 - pj) for pj in p) / population_variance)
    assert overall_statistics(np.array(rows, dtype=float)).cic == pytest.approx(
        100 * kr20, abs=1e-6
    )


def test_the_reversed_question_discriminates_negatively() -> None:
    marks = np.array(RIGHT_WRONG, dtype=float)
    found = item_statistics(marks[:, 3], marks.sum(axis=1))
    assert found.discrimination_index is not None and found.discrimination_index < 0
    assert found.d_upper_lower is not None and found.d_upper_lower < 0


def test_upper_lower_groups_take_in_everyone_tied_at_the_cut() -> None:
    # 10 students: 27% is 3; the third highest total (7) is shared by two more students.
    totals = np.array([9, 8, 7, 7, 7, 5, 4, 3, 3, 2], dtype=float)
    upper, lower = upper_lower_groups(totals)
    assert totals[upper].tolist() == [9, 8, 7, 7, 7]
    assert totals[lower].tolist() == [3, 3, 2]
    marks = np.array([1, 1, 1, 0, 1, 1, 0, 1, 0, 0], dtype=float)
    # D = mean mark of the upper group − that of the lower group: 4/5 − 1/3.
    assert item_statistics(marks, totals).d_upper_lower == pytest.approx(4 / 5 - 1 / 3, abs=1e-9)


def test_option_share_and_point_biserial_against_the_rest_score() -> None:
    marks = np.array(RIGHT_WRONG, dtype=float)
    totals = marks.sum(axis=1)
    j = 0
    chose = np.array([0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1], dtype=float)  # those wrong
    found = option_statistics(chose, marks[:, j], totals)
    rest = (totals - marks[:, j]).tolist()
    x = chose.tolist()
    expected = cov(x, rest) / math.sqrt(cov(x, x) * cov(rest, rest))
    assert found.share == pytest.approx(5 / 12)
    assert found.point_biserial == pytest.approx(expected, abs=1e-6)
    nobody = option_statistics(np.zeros(12), marks[:, j], totals)
    assert (nobody.share, nobody.point_biserial) == (0.0, None)


def test_figures_moodle_leaves_undefined_are_none() -> None:
    constant = np.ones(5)
    found = item_statistics(constant, np.array([3.0, 2.0, 5.0, 4.0, 1.0]) + 1)
    assert found.facility == 100.0
    assert (found.discrimination_index, found.discriminative_efficiency) == (None, None)
    one = overall_statistics(np.array([[1.0, 0.0]]))
    assert (one.n, one.sd, one.cic) == (1, None, None)
