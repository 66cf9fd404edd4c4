"""Kahoot (README: Kahoot): a bank as the spreadsheet of Kahoot's own quiz template.

Rows 1–7 name the quiz (Kahoot reads from row 9), the header stands on row 8 in
columns B–H, and each question is a row: its number in column A, the prompt, up to four
answers in the platform files' choice order, the time limit and the correct answers'
numbers. Choice and multi questions (several correct), true/false as two answers in the
bank's language; Kahoot's sheet has no typed-answer form, so short, numeric and cloze
questions are left out and named, as is any question over Kahoot's limits.
"""

from __future__ import annotations

from quizdeck.resolve import Resolved, ResolvedBank
from quizdeck.writers import live, live_platforms
from quizdeck.writers.platform import choice_order
from quizdeck.writers.xlsx import CellValue, workbook_bytes

PLATFORM = live_platforms.KAHOOT
HEADER_ROW = 8
HEADERS = (
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)


def render_kahoot(bank: ResolvedBank, time_limit: int | None = None) -> live.LiveFile:
    """The bank as Kahoot's quiz spreadsheet, and the questions it cannot hold."""
    rows, left_out = live.sort_out(
        PLATFORM, bank.questions, lambda q: question_row(q, live.time_limit(q, time_limit))
    )
    heading: list[tuple[CellValue, ...]] = [(None, bank.source.heading), (None, bank.deck)]
    heading += [()] * (HEADER_ROW - 3) + [(None, *HEADERS)]
    numbered = ((number, *row) for number, row in enumerate(rows, start=1))
    return live.LiveFile(workbook_bytes("Kahoot", [*heading, *numbered]), left_out)


def question_row(question: Resolved, seconds: int) -> tuple[CellValue, ...] | str:
    """Columns B–H of a question's row, or the reason Kahoot cannot hold it."""
    picked = live.picked_answers(PLATFORM, question, choice_order(question))
    if isinstance(picked, str):
        return picked
    answers, keys = picked
    prompt = live.prompt_text(question)
    reason = live.first_reason(
        live.too_many(PLATFORM, "choices", len(answers), PLATFORM.choices),
        live.over(PLATFORM, "the question", [prompt], PLATFORM.prompt),
        live.over(PLATFORM, "an answer", answers, PLATFORM.answer),
    )
    if reason:
        return reason
    correct: str | int = keys[0] if len(keys) == 1 else ",".join(str(k) for k in keys)
    blanks: list[str | None] = [None] * (4 - len(answers))
    return (prompt, *answers, *blanks, seconds, correct)
