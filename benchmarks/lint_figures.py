"""Recall and false-flag rate of every item-writing lint code on the labelled corpus.

    python benchmarks/lint_figures.py

The corpus is tests/lint_corpus.py: for every code, flawed items (must fire) and near
misses (must not), in Korean and English. Recall: the share of flawed items the code
fires on; false flags: the share of near misses it fires on.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from lint_corpus import CASES, findings


def table() -> list[tuple[str, int, int, int, int]]:
    """(code, flawed, caught, near misses, falsely flagged) per code."""
    rows: dict[str, list[int]] = {}
    for case in CASES:
        row = rows.setdefault(case.code, [0, 0, 0, 0])
        fired = any(d.code == case.code for d in findings(case))
        if case.fires:
            row[0] += 1
            row[1] += fired
        else:
            row[2] += 1
            row[3] += fired
    return [(code, *counts) for code, counts in rows.items()]  # type: ignore[misc]


def main() -> None:
    print("| code | flawed | recall | near misses | false flags |")
    print("|---|---|---|---|---|")
    for code, flawed, caught, clean, flagged in table():
        print(f"| {code} | {flawed} | {caught / flawed:.0%} | {clean} | {flagged / clean:.0%} |")


if __name__ == "__main__":
    main()
