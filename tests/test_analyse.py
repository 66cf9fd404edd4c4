"""A simulated class through grade, analyse and check (README: grade, analyse, statistics in check).

60 students answer 30 choice questions after a two-parameter IRT model with known
difficulties (seeded numpy RNG), on two shuffled forms read back through the form
record: the easiest and the hardest question, one keyed wrong on purpose and one with a
distractor nobody would choose must be flagged, and `check` must then warn at their lines.
"""

from __future__ import annotations

import csv
import json
import math

import numpy as np
import pytest

from class_answers import records, scan_rows, write_scan
from conftest import WorkspaceBuilder
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.resolve import Resolved
from quizdeck.workspace import Workspace

TOWNS = [f"{a}{b}" for a in ("Bel", "Cor", "Dun", "Fal", "Gar", "Hol") for b in ("ford", "mere", "wick", "ton", "by")]  # fmt: skip
GOODS = [
    "wool", "salt", "timber", "copper", "grain", "cider", "slate", "amber", "linen", "pepper",
    "tin", "honey", "tea", "glass", "rope", "coal", "silk", "wax", "iron", "cheese",
    "leather", "paper", "soap", "cotton", "tobacco", "indigo", "marble", "coffee", "ivory", "zinc",
]  # fmt: skip
STUDENTS, QUESTIONS = 60, 30
EASY, HARD, MISKEYED, UNUSED = 0, 1, 2, 3


def article() -> str:
    lines = ["Trade of the northern ports", ""]
    lines += [f"The port of {town} mostly exported {good}.\n" for town, good in zip(TOWNS, GOODS, strict=True)]  # fmt: skip
    return "\n".join(lines)


def bank() -> str:
    out = [
        "article:",
        "  source: ports.txt",
        '  title: "Trade of the northern ports"',
        "  language: en",
        "questions:",
    ]
    for i, (town, good) in enumerate(zip(TOWNS, GOODS, strict=True)):
        others = [GOODS[(i + k) % QUESTIONS] for k in (7, 13, 19)]
        # The mis-keyed question names a distractor as its answer (the article says `good`).
        key = others[0] if i == MISKEYED else good
        out += [
            f"  - id: q-{i:02d}",
            "    type: choice",
            f'    prompt: "What did the port of {town} mostly export?"',
            f"    choices: [{good}, {', '.join(others)}]",
            f"    answer: {key}",
            f'    evidence: "The port of {town} mostly exported {good}."',
        ]
    return "\n".join(out) + "\n"


def simulate(questions: dict[str, Resolved]) -> dict[str, dict[str, tuple[int, ...]]]:
    """Each student's pick per question, after a 2PL model (seeded)."""
    rng = np.random.default_rng(2026)
    ability = rng.normal(0, 1, STUDENTS)
    a = rng.uniform(1.4, 2.2, QUESTIONS)
    b = rng.uniform(-1.0, 1.0, QUESTIONS)
    b[EASY], b[HARD], b[MISKEYED] = -4.0, 3.0, -0.5
    picks: dict[str, dict[str, tuple[int, ...]]] = {}
    for s in range(STUDENTS):
        student = f"s{s:02d}"
        picks[student] = {}
        for i in range(QUESTIONS):
            knows = rng.random() < 1 / (1 + math.exp(-a[i] * (ability[s] - b[i])))
            # Choice 0 is what the article says; a student who knows picks it.
            if knows:
                pick = 0
            else:
                wrong = [1, 2] if i == UNUSED else [1, 2, 3]
                pick = int(rng.choice(wrong))
            picks[student][f"ports/q-{i:02d}"] = (pick,)
    return picks


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> WorkspaceBuilder:
    root = tmp_path_factory.mktemp("class") / "ws"
    (root / "questions").mkdir(parents=True)
    ws = WorkspaceBuilder(root)
    ws.article("ports.txt", article())
    ws.bank("ports", bank())
    built = ws.run("html", "--forms", "2", "--seed", "7")
    assert built.exit_code == 0, built.output
    questions = {q.key: q for b in check_workspace(Workspace(root)).resolved for q in b.questions}
    picks = simulate(questions)
    forms = records(root / "build" / "html")
    rows = []
    for n, (student, chosen) in enumerate(picks.items()):
        rows += scan_rows(forms[n % 2], student, questions, lambda _, q, c=chosen: c[q.key])
    write_scan(root / "responses.csv", rows)
    graded = ws.run("grade", str(root / "responses.csv"))
    assert graded.exit_code == 0, graded.output
    done = ws.run("analyse", str(root / "results" / "scores.csv"), "--class", "3-1")
    assert done.exit_code == 0, done.output
    return ws


def items(ws: WorkspaceBuilder) -> dict[str, dict[str, str]]:
    with (ws.root / "results" / "items.csv").open(encoding="utf-8") as f:
        return {row["question"]: row for row in csv.DictReader(f)}


def test_analyse_flags_the_easiest_hardest_miskeyed_and_unused(analysed: WorkspaceBuilder) -> None:
    found = items(analysed)
    assert len(found) == QUESTIONS
    assert "item-easy" in found["ports/q-00"]["flags"]
    assert "item-hard" in found["ports/q-01"]["flags"]
    assert "item-negative-discrimination" in found["ports/q-02"]["flags"]
    assert "distractor-unused" in found["ports/q-03"]["flags"]
    facility = {k: float(v["facility"]) for k, v in found.items()}
    ordinary = {
        k: v for k, v in facility.items() if k not in ("ports/q-00", "ports/q-01", "ports/q-02")
    }
    assert facility["ports/q-00"] > max(ordinary.values())
    assert facility["ports/q-01"] < min(ordinary.values())
    # Only the mis-keyed question discriminates negatively; besides q-03, only the easiest
    # question (which nearly everyone got right) leaves a choice unpicked.
    assert [k for k, v in found.items() if "negative" in v["flags"]] == ["ports/q-02"]
    unused = [k for k, v in found.items() if "distractor-unused" in v["flags"]]
    assert unused == ["ports/q-00", "ports/q-03"]
    test = json.loads((analysed.root / "results" / "test.json").read_text(encoding="utf-8"))
    assert (test["n"], test["questions"], test["cic_method"], test["class"]) == (
        60,
        30,
        "KR-20",
        "3-1",
    )
    assert test["cic"] > 75  # Moodle calls a CIC over 75% satisfactory


def test_check_warns_at_the_questions_lines_and_notes_an_edit(analysed: WorkspaceBuilder) -> None:
    text = (analysed.root / "questions" / "ports.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()

    def line_of(snippet: str, after: int = 0) -> int:
        return next(n for n, line in enumerate(lines, 1) if n > after and snippet in line)

    result = analysed.run("check", "--format", "json", "--select", "item-easy",
                          "--select", "item-hard", "--select", "item-negative-discrimination",
                          "--select", "distractor-unused")  # fmt: skip
    assert result.exit_code == 0
    found = {(d["code"], d["question"], d["line"]) for d in json.loads(result.stdout)}
    assert ("item-easy", "q-00", line_of("id: q-00")) in found
    assert ("item-hard", "q-01", line_of("id: q-01")) in found
    assert ("item-negative-discrimination", "q-02", line_of("id: q-02")) in found
    assert ("distractor-unused", "q-03", line_of("choices:", line_of("id: q-03"))) in found
    text_out = analysed.run("check", "--select", "item-negative-discrimination")
    assert text_out.stdout.splitlines()[0].startswith(
        f"questions/ports.yaml:{line_of('id: q-02')}:5: warning[item-negative-discrimination] "
        "q-02: discrimination index -"
    )
    assert "check the key (60 students of 3-1, " in text_out.stdout
    # allow: silences a statistics warning like any other.
    analysed.bank("ports", text.replace("  - id: q-00\n", "  - id: q-00\n    allow: [item-easy]\n"))
    allowed = analysed.run("check", "--select", "item-easy", "--select", "unused-allow")
    assert "q-00" not in allowed.stdout
    # An edited question's figures describe its old version: a note, not a warning.
    analysed.bank(
        "ports", text.replace("What did the port of Belford", "Which good did the port of Belford")
    )
    edited = analysed.run(
        "check", "--select", "item-easy", "--select", "item-stats-outdated", "--strict"
    )
    assert edited.exit_code == 0, edited.stdout
    assert edited.stdout.startswith(
        f"questions/ports.yaml:{line_of('id: q-00')}:5: note[item-stats-outdated] q-00: edited since "
        "its statistics were taken (60 students of 3-1, "
    )
    assert "item-easy" not in edited.stdout
    analysed.bank("ports", text)


def test_report_shows_the_flagged_questions_with_plots(analysed: WorkspaceBuilder) -> None:
    html = (analysed.root / "results" / "report.html").read_text(encoding="utf-8")
    flagged = html.split("<h2>Flagged questions", 1)[1].split("<h2>Every question", 1)[0]
    # The scatter, the histogram, option bars for every question and again for each flagged one.
    assert html.count("<svg") == 2 + QUESTIONS + flagged.count('<div class="flag">')
    assert flagged.count('<div class="flag">') >= 4
    assert "ports/q-02" in flagged and "What did the port of Dunford mostly export?" not in flagged
    assert "check the key" in flagged
    assert "The port of Belmere mostly exported salt. (Trade of the northern ports, ¶" in flagged
    stats = (analysed.root / "stats" / "ports.yaml").read_text(encoding="utf-8")
    assert "class: 3-1" in stats and "unused_distractors:\n    - " in stats
