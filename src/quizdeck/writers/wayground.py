"""Wayground, formerly Quizizz (README: Wayground): a bank as its spreadsheet template.

Row 1 holds the headers, row 2 says what each column takes (as Wayground's template
does), and each question is a row from row 3: Multiple Choice (choice, true/false),
Checkbox (multi) or Fill-in-the-Blank (short, an exact numeric answer, a cloze of one
blank) with its accepted answers as options; the answer explanation carries the
evidence and "title, ¶N". What it cannot hold is left out and named.
"""

from __future__ import annotations

from quizdeck.resolve import Resolved, ResolvedBank, assert_never
from quizdeck.writers import live, live_platforms
from quizdeck.writers.platform import blank_answers, choice_order
from quizdeck.writers.xlsx import CellValue, workbook_bytes

PLATFORM = live_platforms.WAYGROUND
HEADERS = (
    "Question Text",
    "Question Type",
    "Option 1",
    "Option 2",
    "Option 3",
    "Option 4",
    "Option 5",
    "Correct Answer",
    "Time in seconds",
    "Image Link",
    "Answer explanation",
)
# Row 2: what each column takes, in the template's words.
GUIDE = (
    "Text of the question (required)",
    "Multiple Choice, Checkbox or Fill-in-the-Blank",
    "Option 1 (required; for Fill-in-the-Blank: an accepted answer)",
    "Option 2",
    "Option 3 (optional)",
    "Option 4 (optional)",
    "Option 5 (optional)",
    "The correct option(s), 1-5 (several: 1,3); blank for Fill-in-the-Blank",
    "Time in seconds",
    "Link of the image (optional)",
    "Explanation for the answer (optional)",
)
FIRST_ROW = 3


def render_wayground(bank: ResolvedBank, time_limit: int | None = None) -> live.LiveFile:
    """The bank as Wayground's spreadsheet, and the questions it cannot hold."""
    rows, left_out = live.sort_out(
        PLATFORM, bank.questions, lambda q: question_row(q, live.time_limit(q, time_limit))
    )
    return live.LiveFile(workbook_bytes("Wayground", [HEADERS, GUIDE, *rows]), left_out)


def question_row(question: Resolved, seconds: int) -> tuple[CellValue, ...] | str:
    """A question's row, or the reason Wayground cannot hold it."""
    text = live.prompt_text(question)
    correct: str | int | None = None
    match question.type:
        case "choice" | "multi":
            options, keys = live.shown_choices(question, choice_order(question))
            kind = "Multiple Choice" if question.type == "choice" else "Checkbox"
            correct = keys[0] if question.type == "choice" else ",".join(str(k) for k in keys)
            limit = PLATFORM.choices
        case "truefalse":
            options, keys = live.truth_answers(question)
            kind, correct, limit = "Multiple Choice", keys[0], PLATFORM.choices
        case "short":
            kind, options, limit = "Fill-in-the-Blank", list(question.answers), PLATFORM.typed
        case "numeric":
            assert question.number is not None
            if question.number.margin:
                return (
                    f"a tolerance ({question.number.margin}); "
                    "Wayground's Fill-in-the-Blank takes exact answers only"
                )
            kind, limit = "Fill-in-the-Blank", PLATFORM.typed
            options = list(dict.fromkeys([question.number.written, question.number.shown]))
        case "cloze":
            if len(question.blanks) != 1:
                return f"{len(question.blanks)} blanks; Wayground's Fill-in-the-Blank asks one"
            text += "\n" + live.cloze_text(question, lambda piece: live.GAP)
            kind, limit = "Fill-in-the-Blank", PLATFORM.typed
            options = list(blank_answers(question, question.blanks[0].number))
        case _:
            assert_never(question.type)
    explanation = live.feedback_text(question)
    what = "choices" if kind != "Fill-in-the-Blank" else "accepted answers"
    reason = live.first_reason(
        live.too_many(PLATFORM, what, len(options), limit),
        live.cell_reason(PLATFORM, [text, *options, explanation]),
    )
    if reason:
        return reason
    blanks: list[str | None] = [None] * (5 - len(options))
    return (text, kind, *options, *blanks, correct, seconds, None, explanation)
