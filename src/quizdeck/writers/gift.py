"""GIFT (README: GIFT): a bank as Moodle's one-line-per-question text format.

`::bank/id::` titles; `[html]` text, escaped as HTML with braces as `&#123;`/`&#125;`, then
every GIFT special (`~ = # { } :` and backslash) escaped; short answers are plain text,
where a brace can only be escaped. `{=key ~other}`, `{~%50%key ~%-50%other}`, `{T}`/`{F}`,
`{#value:tolerance}`, `{=answer =accepted}`, and the general feedback after `####`.
GIFT has one answer field per question, so a cloze of N blanks becomes N missing-word
questions, `bank/id (1)` … `bank/id (N)`, each asking one blank with the others shown as
a line.
"""

from __future__ import annotations

from quizdeck.resolve import Piece, Resolved, ResolvedBank, assert_never
from quizdeck.writers import platform as lms
from quizdeck.writers.fields import backslashed, braces_escaped, text

SPECIALS = "\\~=#{}:"
# What stands for a blank another question of the same cloze asks.
LINE = "_____"


def escape(value: str) -> str:
    """GIFT text: every special character (`~ = # { } :` and backslash) escaped, newlines as \\n."""
    return backslashed(value, SPECIALS).replace("\r\n", "\n").replace("\n", "\\n")


def escape_html(value: str) -> str:
    """GIFT text of an HTML part: braces as character references, which no GIFT reader
    mistakes for the end of an answer, then every other special escaped."""
    return escape(braces_escaped(value))


def render_gift(bank: ResolvedBank) -> bytes:
    """The bank as one GIFT file: its category line, then a question per paragraph."""
    # The comment's text escaped too: a reader that misses a comment finds no question in it.
    blocks = [f"// {bank.id}: {escape(' '.join(bank.source.heading.split()))}"]
    # One line whatever the deck holds (finding 5: a line break injected questions).
    blocks.append("$CATEGORY: " + " ".join(lms.category_path(bank.deck).split()))
    for question in bank.questions:
        blocks.extend(questions(question))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def questions(question: Resolved) -> list[str]:
    """The GIFT question(s) of a resolved question: one, or one per cloze blank."""
    feedback = "####" + escape_html(lms.feedback_html(question))
    match question.type:
        case "choice" | "multi":
            right, penalty = lms.choice_weights(question)
            parts = []
            for i in lms.choice_order(question):
                choice = escape_html(text(question.choices[i]))
                if question.type == "choice":
                    parts.append(("=" if i in question.keys else "~") + choice)
                else:
                    parts.append(f"~%{right if i in question.keys else penalty}%{choice}")
            answers = " ".join(parts)
        case "truefalse":
            answers = "T" if question.truth else "F"
        case "numeric":
            number = question.number
            assert number is not None
            answers = f"#{lms.number(number.in_unit)}:{lms.number(number.tolerance)}"
        case "short":
            answers = " ".join("=" + escape(lms.shortanswer(a)) for a in question.answers)
        case "cloze":
            return [_blank_question(question, blank.number, feedback) for blank in question.blanks]
        case _:
            assert_never(question.type)
    head = f"::{escape(question.key)}::[html]{escape_html(lms.question_html(question))}"
    return [head + "{" + answers + feedback + "}"]


def _blank_question(question: Resolved, asked: int, feedback: str) -> str:
    """A missing-word question asking blank `asked`: `… {=디딤돌####…} …`."""
    title = question.key if len(question.blanks) == 1 else f"{question.key} ({asked})"
    field = False

    def blank(piece: Piece) -> str:
        nonlocal field
        if piece.blank == asked and not field:
            field = True
            return "\x00"
        return LINE

    body = escape_html(lms.question_html(question, lms.cloze_html(question, blank)))
    answers = " =".join(escape(lms.shortanswer(a)) for a in lms.blank_answers(question, asked))
    before, _, after = body.partition("\x00")
    return f"::{escape(title)}::[html]{before}" + "{=" + answers + feedback + "}" + after
