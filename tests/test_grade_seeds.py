"""The seeds end to end: build, answer the sheets, grade, analyse, check, print (README: grade).

The answers are made by hand from the form record (the scanner's responses.csv format),
for 24 students on forms A and B of rnd-hub; results.html and report.html are printed by
headless Chromium and read back with poppler.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from class_answers import records, scan_rows, write_scan
from conftest import WorkspaceBuilder
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.resolve import Resolved
from quizdeck.workspace import Workspace
from test_html_print import _browser, compact, page_count, pdf_pages, print_pdf

STUDENTS = 24
EVERYONE_RIGHT = "market-size-2018"
STRONG_PICK_WRONG = "ai-company-growth"

pytestmark = pytest.mark.slow
__all__ = ["_browser"]


def choose_for(
    ability: float, rng: np.random.Generator, q: Resolved
) -> tuple[int, ...] | str | None:
    """A student's answer: right with a 2PL chance; two questions rigged for the analysis."""
    right = rng.random() < 1 / (1 + math.exp(-1.7 * (ability - 0.0)))
    if q.id == EVERYONE_RIGHT:
        right = True
    if q.type in ("choice", "multi"):
        wrong = tuple(sorted({(min(q.keys) + 1) % len(q.choices)}))
        if q.id == STRONG_PICK_WRONG:
            return wrong if ability > 0 else tuple(sorted(q.keys))
        return tuple(sorted(q.keys)) if right else wrong
    if q.type == "truefalse":
        return ("O" if q.truth else "X") if right else ("X" if q.truth else "O")
    if q.type == "cloze":
        return ";".join(["right" if right else "wrong"] * len(q.blanks))
    return "right" if right else "wrong"


def test_seeds_build_grade_analyse_check_and_print(workspace: WorkspaceBuilder) -> None:
    workspace.seeds()
    assert workspace.run("build").exit_code == 0
    root = workspace.root
    questions = {q.key: q for b in check_workspace(Workspace(root)).resolved for q in b.questions}
    forms = [f for f in records(root / "build" / "html") if f["quiz"] == "rnd-hub"]
    rng = np.random.default_rng(7)
    rows = []
    for s in range(STUDENTS):
        ability = float(rng.normal())
        student = f"2026{s:04d}"
        rows += scan_rows(
            forms[s % 2], student, questions, lambda _, q, a=ability: choose_for(a, rng, q)
        )
    write_scan(root / "responses.csv", rows)

    graded = workspace.run("grade", str(root / "responses.csv"))
    assert graded.exit_code == 0, graded.output
    assert graded.stdout == (
        "graded 24 student(s) on 25 question(s): results/scores.csv, results/answers.csv, "
        "results/results.html\n"
    )
    analysed = workspace.run("analyse", str(root / "results" / "scores.csv"), "--class", "2-3")
    assert analysed.exit_code == 0, analysed.output

    bank = (root / "questions" / "rnd-hub.yaml").read_text(encoding="utf-8").splitlines()
    line = {qid: next(n for n, t in enumerate(bank, 1) if f"id: \"{qid}\"" in t) for qid in (EVERYONE_RIGHT, STRONG_PICK_WRONG)}  # fmt: skip
    checked = workspace.run(
        "check", "rnd-hub", "--format", "json", "--select", "item-easy",
        "--select", "item-negative-discrimination",
    )  # fmt: skip
    found = {(d["code"], d["question"], d["line"]) for d in json.loads(checked.stdout)}
    assert ("item-easy", EVERYONE_RIGHT, line[EVERYONE_RIGHT]) in found
    assert ("item-negative-discrimination", STRONG_PICK_WRONG, line[STRONG_PICK_WRONG]) in found
    # The statistics are warnings: the seeds still build.
    assert workspace.run("build").exit_code == 0

    profile = root / "profile"
    results = print_pdf(root / "results" / "results.html", profile)
    pages = pdf_pages(results)
    assert page_count(results) == len(pages) >= STUDENTS
    # Each student's results start on a page of their own.
    starts = [page for page in pages if page.startswith(compact("채점 결과"))]
    assert [page[len(compact("채점 결과")) :][:8] for page in starts] == [
        f"2026{s:04d}" for s in range(STUDENTS)
    ]
    assert all(compact("점수:") in page and "/25#" in page for page in starts)
    report = "".join(pdf_pages(print_pdf(root / "results" / "report.html", profile)))
    assert compact("Flagged questions") in report
    assert compact(questions[f"rnd-hub/{STRONG_PICK_WRONG}"].prompt or "") in report
    assert compact("check the key") in report
