"""Blooket (README: Blooket): a bank as the CSV of Blooket's import template.

The title row padded to eight fields, the header, then a row per question: its number,
the prompt, two to four answers in the platform files' choice order, the time limit and
the correct answers' numbers. CRLF line ends, UTF-8 without a BOM, fields quoted where
CSV needs it (commas, quotes, line breaks stay inside their field). Blooket's import has
no typed-answer form, and a text a spreadsheet program would run as a formula is never
written: those questions are left out and named.
"""

from __future__ import annotations

import csv
import io

from quizdeck.resolve import Resolved, ResolvedBank
from quizdeck.writers import live, live_platforms
from quizdeck.writers.platform import choice_order

PLATFORM = live_platforms.BLOOKET
TITLE = "Blooket Import Template"
HEADERS = (
    "Question #",
    "Question Text",
    "Answer 1",
    "Answer 2",
    "Answer 3 (Optional)",
    "Answer 4 (Optional)",
    "Time Limit (sec) (Max: 300 seconds)",
    "Correct Answer(s) (Only include Answer #)",
)


def render_blooket(bank: ResolvedBank, time_limit: int | None = None) -> live.LiveFile:
    """The bank as Blooket's import CSV, and the questions it cannot hold."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([TITLE] + [""] * (len(HEADERS) - 1))
    writer.writerow(HEADERS)
    rows, left_out = live.sort_out(
        PLATFORM, bank.questions, lambda q: question_row(q, live.time_limit(q, time_limit))
    )
    for number, row in enumerate(rows, start=1):
        writer.writerow([str(number), *row])
    return live.LiveFile(out.getvalue().encode("utf-8"), left_out)


def question_row(question: Resolved, seconds: int) -> list[str] | str:
    """A question's fields after its number, or the reason Blooket cannot hold it."""
    picked = live.picked_answers(PLATFORM, question, choice_order(question))
    if isinstance(picked, str):
        return picked
    answers, keys = picked
    prompt = live.prompt_text(question)
    reason = live.too_many(PLATFORM, "choices", len(answers), PLATFORM.choices)
    if reason:
        return reason
    for what, value in (("the question", prompt), *(("the answer", a) for a in answers)):
        if live.formula_like(value):
            shown = value if len(value) <= 30 else value[:29] + "…"
            return (
                f"{what} {shown!r} starts with {value[0]!r}, which a spreadsheet runs as a formula"
            )
    blanks = [""] * (4 - len(answers))
    return [prompt, *answers, *blanks, str(seconds), ",".join(str(k) for k in keys)]
