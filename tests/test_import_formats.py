"""Every answers format grades to the same marks as the scan route (README: grade).

Three students answer the sample bank (one question of every type) the same way in each
format: the scan's responses.csv (with a corrections file), a Google Forms CSV, a
Microsoft Forms workbook, a Moodle Responses report, a Canvas Student Analysis report, a
ZipGrade full export and the self-test's progress store, each with its real headings.
"""

from __future__ import annotations

import csv
from html import escape
from pathlib import Path

import pytest
from openpyxl import Workbook

from class_answers import records, scan_rows, write_csv, write_scan
from conftest import WorkspaceBuilder
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.resolve import Resolved
from quizdeck.study.progress import ProgressStore
from quizdeck.workspace import Workspace

IDS = ["1001", "1002", "1003"]
NAMES = ["Kim Minji", "Lee Jun", "Park Sora"]
# What each student answers, by question: choice texts, O/X, or typed text (None: blank).
ANSWERS: dict[str, list[str | list[str] | None]] = {
    "market-size": ["414억 위안", "6조 위안", None],
    "source-and-field": [
        ["<파이낸셜타임스>", "칭화대 보고서"],
        ["<파이낸셜타임스>", "하버드대 보고서"],
        ["<파이낸셜타임스>", "칭화대 보고서"],
    ],
    "rank-second": ["O", "X", "O"],
    "rnd-hub": ["연구개발", "예산", "R&D"],
    "company-count": ["1011", "1,011개", "1200"],
    "government-support": [["중국 정부", "디딤돌"], ["정부", "디딤돌"], ["중국 정부", "디딤돌"]],
}
EXPECTED = {
    "1001": [1, 1, 1, 1, 1, 1],
    "1002": [0, 0, 0, 0, 1, 0],
    "1003": [0, 1, 1, 1, 0, 1],
}
ORDER = list(ANSWERS)
CHOICE_QUESTIONS = ["market-size", "source-and-field", "rank-second"]


@pytest.fixture
def sample(workspace: WorkspaceBuilder) -> tuple[WorkspaceBuilder, dict[str, Resolved]]:
    workspace.sample()
    assert workspace.run("html", "--forms", "2", "--seed", "3").exit_code == 0
    banks = check_workspace(Workspace(workspace.root)).resolved
    return workspace, {q.id: q for q in banks[0].questions}


def heading(q: Resolved) -> str:
    """How a platform heads a question's column: its text (a cloze: its quote with blanks)."""
    if q.type == "cloze":
        return "".join(p.text if p.blank is None else f"({p.blank})____" for p in q.cloze[0])
    return q.prompt or ""


def text_of(q: Resolved, s: int, joiner: str) -> str:
    given = ANSWERS[q.id][s]
    if given is None:
        return ""
    return joiner.join(given) if isinstance(given, list) else given


def graded(ws: WorkspaceBuilder, *files: Path, exit_code: int = 0) -> dict[str, list[float]]:
    out = ws.root / "out"
    result = ws.run("grade", *map(str, files), "--out", str(out))
    assert result.exit_code == exit_code, result.output
    with (out / "scores.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {
        r["student"]: [float(r[f"sample/{q}"]) if r.get(f"sample/{q}") else -1 for q in ORDER]
        for r in rows
    }


def scan_route(ws: WorkspaceBuilder, questions: dict[str, Resolved]) -> Path:
    """The answers as the scanner writes them, written-in answers ticked by the teacher."""
    forms = records(ws.root / "build" / "html")
    rows: list[list[str]] = []
    for s, student in enumerate(IDS):

        def choose(_: str, q: Resolved, s: int = s) -> tuple[int, ...] | str | None:
            given = ANSWERS[q.id][s]
            if given is None:
                return None
            if q.type in ("choice", "multi"):
                texts = given if isinstance(given, list) else [given]
                return tuple(q.choices.index(t) for t in texts)
            if q.type == "truefalse":
                return str(given)
            right = EXPECTED[IDS[s]][ORDER.index(q.id)] == 1
            if q.type == "cloze":
                return ";".join(["right" if right else "wrong"] * len(q.blanks))
            return "right" if right else "wrong"

        rows += scan_rows(forms[s % 2], student, {q.key: q for q in questions.values()}, choose)
    return write_scan(ws.root / "responses.csv", rows)


def test_scan_route_with_a_correction(sample: tuple[WorkspaceBuilder, dict[str, Resolved]]) -> None:
    ws, questions = sample
    responses = scan_route(ws, questions)
    assert graded(ws, responses) == {k: [float(v) for v in m] for k, m in EXPECTED.items()}
    # results.html lists each student's questions as their form printed them.
    html = (ws.root / "out" / "results.html").read_text(encoding="utf-8")
    page = html.split("<section>")[2]
    assert "1002 · sample · B" in page
    form_b = records(ws.root / "build" / "html")[1]["questions"]
    shown = [questions[q["question"]] for q in form_b]  # type: ignore[attr-defined]
    assert [q.id for q in shown] != ORDER  # form B is shuffled
    places = [
        page.index(
            f"<div>{escape(heading(q) if q.type != 'cloze' else '빈칸에 들어갈 말을 쓰시오.')}</div>"
        )
        for q in shown
    ]
    assert places == sorted(places)
    # The scanner was unsure of 1002's first question; the teacher decides it from the sheet.
    lines = responses.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if ",1002," in line and "market-size" in line)
    cells = lines[row].split(",")
    form = records(ws.root / "build" / "html")[1]
    key_label = next(
        q["labels"][q["order"].index(0)]
        for q in form["questions"]
        if q["question"] == "market-size"  # type: ignore[attr-defined]
    )
    cells[8], cells[10] = "", "review"
    lines[row] = ",".join(cells)
    responses.write_text("\n".join(lines) + "\n", encoding="utf-8")
    review = ws.run("grade", str(responses), "--out", str(ws.root / "out"))
    assert review.exit_code == 1
    assert (
        f"responses.csv:{row + 1}: still to review: decide it in a corrections file (graded blank)"
        in review.stderr
    )
    corrections = write_csv(
        ws.root / "corrections.csv",
        ["source", "page", "position", "response"],
        [[cells[3], cells[4], cells[5], key_label]],
    )
    marks = graded(ws, responses, corrections)
    assert marks["1002"][0] == 1.0
    # The scanner could not read 1003's number: the teacher writes it for the whole page.
    text = responses.read_text(encoding="utf-8").replace(",1003,1003.pdf,", ",,1003.pdf,")
    responses.write_text(text, encoding="utf-8")
    unnamed = ws.run("grade", str(responses), str(corrections), "--out", str(ws.root / "out"))
    assert unnamed.exit_code == 1
    assert "no student number: correct it or fill in the sheet's number" in unnamed.stderr
    with corrections.open("a", encoding="utf-8") as f:
        f.write("1003.pdf,1,student,1003\n")
    assert graded(ws, responses, corrections)["1003"] == [float(m) for m in EXPECTED["1003"]]


def test_google_forms(sample: tuple[WorkspaceBuilder, dict[str, Resolved]]) -> None:
    ws, questions = sample
    header = [
        "Timestamp",
        "Email Address",
        "Score",
        "Student ID",
        *(heading(questions[q]) for q in ORDER),
    ]
    rows = [
        ["2026/12/01 9:00:00 AM GMT+9", f"s{i}@school.kr", "", student, *(text_of(questions[q], i, ";") for q in ORDER)]
        for i, student in enumerate(IDS)
    ]  # fmt: skip
    path = write_csv(ws.root / "google.csv", header, rows)
    assert graded(ws, path) == {k: [float(v) for v in m] for k, m in EXPECTED.items()}


def test_microsoft_forms_workbook(sample: tuple[WorkspaceBuilder, dict[str, Resolved]]) -> None:
    ws, questions = sample
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    head = ["ID", "Start time", "Completion time", "Email", "Name", "Total points", "Quiz feedback"]
    for q in ORDER:
        head += [
            heading(questions[q]),
            f"Points - {heading(questions[q])}",
            f"Feedback - {heading(questions[q])}",
        ]
    sheet.append(head)
    for i, student in enumerate(IDS):
        row: list[object] = [i + 1, "12/1/26 9:00:00", "12/1/26 9:20:00", student, NAMES[i], "", ""]
        for q in ORDER:
            text = text_of(questions[q], i, ";")
            if questions[q].type == "multi":
                text += ";"  # Microsoft Forms ends a multiple answer with a separator
            row += [text or None, None, None]
        sheet.append(row)
    path = ws.root / "forms.xlsx"
    book.save(path)
    assert graded(ws, path) == {k: [float(v) for v in m] for k, m in EXPECTED.items()}
    # An anonymous form: every Email is "anonymous", the ID column tells students apart.
    for row in sheet.iter_rows(min_row=2):
        row[3].value = "anonymous"
    book.save(path)
    assert sorted(graded(ws, path)) == ["1", "2", "3"]


def test_moodle_responses_report(sample: tuple[WorkspaceBuilder, dict[str, Resolved]]) -> None:
    ws, questions = sample
    header = ["Surname", "First name", "Email address", "State", "Started on", "Completed", "Time taken", "Grade/6.00"]  # fmt: skip
    for n in range(1, len(ORDER) + 1):
        header += [f"Question {n}", f"Response {n}", f"Right answer {n}"]
    rows = []
    for i, student in enumerate(IDS):
        first, last = NAMES[i].split()
        row = [last, first, student, "Finished", "1 December 2026  9:00 AM", "1 December 2026  9:20 AM", "20 mins", ""]  # fmt: skip
        for q in ORDER:
            question = questions[q]
            summary = f"{question.source.heading} {heading(question)}"
            if question.choices:
                summary += ": " + "; ".join(question.choices)
            if question.type == "cloze":
                given = ANSWERS[q][i]
                assert isinstance(given, list)
                response = "; ".join(f"part {k}: {t}" for k, t in enumerate(given, 1))
            else:
                response = text_of(question, i, "; ") or "-"
            row += [summary, response, ""]
        rows.append(row)
    path = write_csv(ws.root / "moodle.csv", header, rows)
    assert graded(ws, path) == {k: [float(v) for v in m] for k, m in EXPECTED.items()}


def test_canvas_student_analysis(sample: tuple[WorkspaceBuilder, dict[str, Resolved]]) -> None:
    ws, questions = sample
    header = [
        "name",
        "id",
        "sis_id",
        "section",
        "section_id",
        "section_sis_id",
        "submitted",
        "attempt",
    ]
    for n, q in enumerate(ORDER):
        header += [f"{4100 + n}: {questions[q].source.heading} {heading(questions[q])}", "1.0"]
    header += ["n correct", "n incorrect", "score"]
    rows = []
    for i, student in enumerate(IDS):
        row = [NAMES[i], str(900 + i), student, "3-1", "77", "", "2026-12-01 09:20:00 UTC", "1"]
        for q in ORDER:
            row += [text_of(questions[q], i, ","), ""]
        rows.append([*row, "", "", ""])
    path = write_csv(ws.root / "canvas.csv", header, rows)
    assert graded(ws, path) == {k: [float(v) for v in m] for k, m in EXPECTED.items()}


def test_zipgrade_full_export(sample: tuple[WorkspaceBuilder, dict[str, Resolved]]) -> None:
    ws, questions = sample
    forms = records(ws.root / "build" / "html")
    count = len(ORDER)
    header = ["QuizName", "QuizClass", "FirstName", "LastName", "StudentID", "CustomID", "Earned Points",
              "Possible Points", "PercentCorrect", "QuizCreated", "DataExported", "Key Version"]  # fmt: skip
    for n in range(1, count + 1):
        header += [f"Stu{n}", f"PriKey{n}", f"Points{n}", f"Mark{n}"]
    rows = []
    for i, student in enumerate(IDS):
        form = forms[i % 2]
        first, last = NAMES[i].split()
        row = ["sample", "3-1", first, last, student, "", "", "", "", "", "", str(i % 2 + 1)]
        by_position = {q["position"]: q for q in form["questions"]}  # type: ignore[attr-defined]
        for n in range(1, count + 1):
            recorded = by_position[n]
            question = questions[recorded["question"]]
            given = ANSWERS[question.id][i]
            bubbles = ""
            if given is not None and question.type in ("choice", "multi"):
                texts = given if isinstance(given, list) else [given]
                positions = sorted(
                    recorded["order"].index(question.choices.index(t)) for t in texts
                )
                bubbles = "".join("ABCD"[p] for p in positions)
            elif question.type == "truefalse":
                bubbles = "A" if given == "O" else "B"
            row += [bubbles, "", "", ""]
        rows.append(row)
    path = write_csv(ws.root / "zipgrade.csv", header, rows)
    # Typed questions are written on paper, not bubbled: named, and left out.
    found = graded(ws, path, exit_code=1)
    for student, marks in EXPECTED.items():
        for q in CHOICE_QUESTIONS:
            assert found[student][ORDER.index(q)] == marks[ORDER.index(q)], (student, q)
        assert all(found[student][ORDER.index(q)] == -1 for q in ORDER if q not in CHOICE_QUESTIONS)


def test_progress_stores(sample: tuple[WorkspaceBuilder, dict[str, Resolved]]) -> None:
    ws, _ = sample
    stores = []
    for student, marks in EXPECTED.items():
        path = ws.root / f"{student}.sqlite3"
        with ProgressStore(path) as store:
            store.record(
                "sample", "market-size", "2", False
            )  # answered again below: the last counts
            for q, mark in zip(ORDER, marks, strict=True):
                store.record("sample", q, "typed", bool(mark))
        stores.append(path)
    assert graded(ws, *stores) == {k: [float(v) for v in m] for k, m in EXPECTED.items()}


def test_partial_credit_for_multi(sample: tuple[WorkspaceBuilder, dict[str, Resolved]]) -> None:
    ws, questions = sample
    path = scan_route(ws, questions)
    out = ws.root / "partial"
    assert ws.run("grade", str(path), "--multi", "partial", "--out", str(out)).exit_code == 0
    with (out / "scores.csv").open(encoding="utf-8") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    # 1002 picked one of the two keys and one of the two wrong choices: 1/2 − 1/2 = 0.
    assert rows["1002"]["sample/source-and-field"] == "0"
    assert rows["1001"]["sample/source-and-field"] == "1"


def test_answers_that_map_to_nothing_are_named(
    sample: tuple[WorkspaceBuilder, dict[str, Resolved]],
) -> None:
    ws, questions = sample
    header = [
        "Timestamp",
        "Email Address",
        "Score",
        "What is the capital of Mars?",
        heading(questions["market-size"]),
    ]
    path = write_csv(ws.root / "google.csv", header, [["t", "a@b.c", "", "x", "스무 개"]])
    result = ws.run("grade", str(path), "--out", str(ws.root / "out"))
    assert result.exit_code == 1
    assert (
        "google.csv:1: column 4: 'What is the capital of Mars?' is no question of the banks"
        in result.stderr
    )
    assert "google.csv:2 column 5: '스무 개' names no choice of sample/market-size" in result.stderr
    unknown = write_csv(ws.root / "other.csv", ["a", "b"], [["1", "2"]])
    refused = ws.run("grade", str(unknown), "--out", str(ws.root / "out2"))
    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        "quizdeck: other.csv: no known answers format (heading: a, b …)"
    )
    assert not (ws.root / "out2").exists()
