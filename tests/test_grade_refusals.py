"""grade and analyse on bad and hostile input: a message naming the file, never a traceback."""

from __future__ import annotations

import csv
import os

import pytest

from class_answers import write_csv
from conftest import WorkspaceBuilder
from quizdeck.analysis.grade_files import safe_cell

GOOGLE = [
    "Timestamp",
    "Email Address",
    "Score",
    "Student ID",
    "올해 중국 인공지능 시장 규모 예측치는?",
]


@pytest.fixture
def sample(workspace: WorkspaceBuilder) -> WorkspaceBuilder:
    workspace.sample()
    assert workspace.run("html", "--forms", "2").exit_code == 0
    return workspace


def test_files_that_are_no_answers_are_refused_and_nothing_is_written(
    sample: WorkspaceBuilder,
) -> None:
    root = sample.root
    latin1 = root / "latin1.csv"
    latin1.write_bytes(b"Timestamp,Email Address\nt,caf\xe9\n")
    out = root / "out"
    result = sample.run("grade", str(latin1), "--out", str(out))
    assert (result.exit_code, result.stderr) == (
        2,
        "quizdeck: latin1.csv:2: not UTF-8 text; save the CSV as UTF-8\n",
    )
    fake = root / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a workbook")
    result = sample.run("grade", str(fake), "--out", str(out))
    assert result.exit_code == 2 and result.stderr.startswith(
        "quizdeck: fake.xlsx: not an .xlsx workbook"
    )
    fifo = root / "pipe.csv"
    os.mkfifo(fifo)
    result = sample.run("grade", str(fifo), "--out", str(out))
    assert (result.exit_code, result.stderr) == (
        2,
        "quizdeck: cannot read pipe.csv: not a regular file (a FIFO)\n",
    )
    assert not out.exists()


def test_a_damaged_form_record_is_named(sample: WorkspaceBuilder) -> None:
    record = sample.root / "build" / "html" / "sample.forms.json"
    record.write_text('{"version": 1, "forms": [{"quiz": 3}]}', encoding="utf-8")
    path = write_csv(sample.root / "g.csv", GOOGLE, [["t", "a@b.c", "", "1", "414억 위안"]])
    result = sample.run("grade", str(path), "--out", str(sample.root / "out"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"quizdeck: {record}: not a quizdeck form record (")


def test_cells_that_a_spreadsheet_would_run_are_quoted(sample: WorkspaceBuilder) -> None:
    path = write_csv(
        sample.root / "g.csv",
        GOOGLE,
        [["t", "a@b.c", "", '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0"]],
    )
    out = sample.root / "out"
    result = sample.run("grade", str(path), "--out", str(out))
    assert result.exit_code == 1  # the answer names no choice: named, marked wrong
    with (out / "scores.csv").open(encoding="utf-8") as f:
        row = next(csv.DictReader(f))
    assert row["student"] == '\'=HYPERLINK("http://x","y")'
    with (out / "answers.csv").open(encoding="utf-8") as f:
        answer = next(csv.DictReader(f))
    assert answer["given"] == "'+cmd|' /C calc'!A0"
    assert [safe_cell(t) for t in ("-3", "-", "@x", "plain", "\tx")] == [
        "-3",
        "'-",
        "'@x",
        "plain",
        "'\tx",
    ]


def test_an_output_directory_of_the_users_is_refused(sample: WorkspaceBuilder) -> None:
    out = sample.root / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    path = write_csv(sample.root / "g.csv", GOOGLE, [["t", "a@b.c", "", "1", "414억 위안"]])
    result = sample.run("grade", str(path), "--out", str(out))
    assert result.exit_code == 2
    assert "holds files quizdeck did not write (notes.txt)" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_analyse_refuses_what_is_no_scores_file(sample: WorkspaceBuilder) -> None:
    other = write_csv(sample.root / "other.csv", ["a", "b"], [["1", "2"]])
    result = sample.run("analyse", str(other))
    assert (result.exit_code, result.stderr) == (
        2,
        "quizdeck: other.csv:1: not a scores.csv of quizdeck grade (columns ('a', 'b'))\n",
    )


def test_a_damaged_stats_file_is_a_warning_not_a_crash(sample: WorkspaceBuilder) -> None:
    stats = sample.root / "stats"
    stats.mkdir()
    (stats / "sample.yaml").write_text("questions: [1, 2\n", encoding="utf-8")
    result = sample.run("check", "--select", "item-stats-unreadable")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "stats/sample.yaml:1:1: warning[item-stats-unreadable] statistics of bank sample cannot be read: "
    )
    (stats / "sample.yaml").write_text(
        "questions:\n  market-size: {hash: x, date: d, n: many}\n", encoding="utf-8"
    )
    result = sample.run("check", "--select", "item-stats-unreadable")
    assert "not a quizdeck stats file" in result.stdout


def test_platform_answers_need_no_build(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    path = write_csv(workspace.root / "g.csv", GOOGLE, [["t", "a@b.c", "", "7", "414억 위안"]])
    result = workspace.run("grade", str(path))
    assert (result.exit_code, result.stdout) == (
        0,
        "graded 1 student(s) on 1 question(s): results/scores.csv, results/answers.csv, "
        "results/results.html\n",
    )
