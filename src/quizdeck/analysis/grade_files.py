"""What `grade` writes: scores.csv, answers.csv and the printable results.html (README: grade)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

from quizdeck.analysis.gradebook import Gradebook, Student, key_text, max_score
from quizdeck.outputs.publish import publish_files
from quizdeck.resolve import Resolved
from quizdeck.sources.labels import common_language, labels_for

SCORES = "scores.csv"
ANSWERS = "answers.csv"
RESULTS = "results.html"
SCORE_COLUMNS = ("student", "name", "quiz", "form", "score", "max_score", "percent")
ANSWER_COLUMNS = ("student", "quiz", "form", "question", "picked", "given", "mark", "origin")


def number(value: float) -> str:
    """A mark or score as the CSV files write it: 1, 0, 0.5, 0.3333."""
    return f"{round(value, 4):g}"


def csv_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    """Rows as the CSV files grade and analyse write: UTF-8, one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def scores_csv(book: Gradebook) -> bytes:
    """A row per student: who, which form, score, percent, then a mark per question."""
    total = max_score(book.questions)
    rows: list[Sequence[str]] = [(*SCORE_COLUMNS, *(q.key for q in book.questions))]
    for s in book.students:
        percent = 100 * s.score / total if total else 0.0
        marks = [number(s.marks[q.key].mark) if q.key in s.marks else "" for q in book.questions]
        rows.append(
            (
                safe_cell(s.id), safe_cell(s.name), s.quiz, s.form,
                number(s.score), number(total), number(percent), *marks,
            )
        )  # fmt: skip
    return csv_bytes(rows)


def answers_csv(book: Gradebook) -> bytes:
    """A row per student and question: the choices picked (1-based, the bank's order), the text."""
    rows: list[Sequence[str]] = [ANSWER_COLUMNS]
    for s in book.students:
        for q in book.questions:
            m = s.marks.get(q.key)
            if m is None:
                continue
            picked = ";".join(str(i + 1) for i in m.picked) if m.picked else ""
            rows.append(
                (
                    safe_cell(s.id), s.quiz, s.form, q.key, picked,
                    safe_cell(m.given), number(m.mark), safe_cell(m.origin),
                )
            )  # fmt: skip
    return csv_bytes(rows)


_STYLE = """
body { font-family: "Noto Sans CJK KR", "Noto Sans KR", sans-serif; font-size: 10.5pt; margin: 0; }
section { page-break-after: always; padding: 12mm 14mm; }
section:last-child { page-break-after: auto; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
.who { margin-bottom: 4mm; color: #333; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
tr { page-break-inside: avoid; }
td.mark { text-align: center; width: 10mm; font-weight: bold; }
.wrong td.mark { color: #b00020; }
.evidence { color: #444; font-size: 9pt; }
@page { size: A4; margin: 0; }
"""


def results_html(book: Gradebook) -> bytes:
    """A printable page per student: each question, their answer, the key, evidence and ¶."""
    language = common_language([q.source.language for q in book.questions])
    labels = dict(labels_for(language))
    total = max_score(book.questions)
    pages = [_student_page(s, book.in_form_order(s), labels, total) for s in book.students]
    html = (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{escape(labels['results'])}</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(pages)}</body></html>\n"
    )
    return html.encode("utf-8")


def _student_page(
    student: Student,
    questions: Sequence[tuple[int, Resolved]],
    labels: dict[str, str],
    total: float,
) -> str:
    who = " · ".join(
        escape(p)
        for p in (student.id, student.name, student.quiz, student.form and f"{student.form}")
        if p
    )
    rows = []
    for n, q in questions:
        m = student.marks[q.key]
        ql = dict(labels_for(q.source.language))
        right = m.mark >= 1
        shown = "✓" if right else "✗" if m.mark == 0 else number(m.mark)
        rows.append(
            f'<tr class="{"right" if right else "wrong"}"><td>{n}</td><td>'
            f"<div>{escape(q.prompt or ql['cloze_prompt'])}</div>"
            f'<div class="evidence">{escape(ql["evidence"])}: '
            f"{escape(' '.join(q.evidence))} ({escape(q.citation)})</div></td>"
            f"<td>{escape(m.given) if m.given else escape(ql['blank'])}</td>"
            f"<td>{escape(key_text(q, ql))}</td>"
            f'<td class="mark">{shown}</td></tr>'
        )
    head = (
        f"<tr><th>#</th><th>{escape(labels['question'])}</th><th>{escape(labels['given'])}</th>"
        f"<th>{escape(labels['answer'])}</th><th>{escape(labels['mark'])}</th></tr>"
    )
    score = f"{escape(labels['score'])}: {number(student.score)} / {number(total)}"
    return (
        f"<section><h1>{escape(labels['results'])}</h1>"
        f'<div class="who">{who} — <strong>{score}</strong></div>'
        f"<table>{head}{''.join(rows)}</table></section>"
    )


def write_grade(book: Gradebook, out_dir: Path) -> list[Path]:
    """Write scores.csv, answers.csv and results.html, all or none."""
    files = {SCORES: scores_csv(book), ANSWERS: answers_csv(book), RESULTS: results_html(book)}
    return publish_files(out_dir, files)


_FORMULA = re.compile(r"^(?:[=+@\t\r]|-(?![\d.]))")


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet will not run: one starting like a formula gets a leading '."""
    return "'" + text if _FORMULA.match(text) else text
