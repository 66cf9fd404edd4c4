"""Quizlet (README: Quizlet): a bank as text for Quizlet's import box, one card a line.

The term and the definition are separated by a tab: the prompt (a choice question's
with its choices, marked ①②③④ or A B C D in the platform files' order; a cloze's is
its quote with the gap) and the answer with its citation. Every type has a card; a
question whose text holds a tab or a line break, which Quizlet reads as the end of a
term or a card, is left out and named.
"""

from __future__ import annotations

from quizdeck.resolve import Piece, Resolved, ResolvedBank, assert_never
from quizdeck.sources.labels import choice_mark, labels_for
from quizdeck.writers import live, live_platforms
from quizdeck.writers.platform import choice_order

PLATFORM = live_platforms.QUIZLET
# What Quizlet's import box reads between a term and its definition, and between cards.
TERM_END = "\t"
CARD_END = "\n"
# Text holding one of these would end a term or a card early.
SEPARATORS = (
    (TERM_END, "a tab", "term"),
    (CARD_END, "a line break", "card"),
    ("\r", "a line break", "card"),
)


def render_quizlet(bank: ResolvedBank, time_limit: int | None = None) -> live.LiveFile:
    """The bank as Quizlet cards, and the questions it cannot hold (Quizlet has no timer)."""
    cards, left_out = live.sort_out(PLATFORM, bank.questions, question_card)
    return live.LiveFile(
        "".join(TERM_END.join(c) + CARD_END for c in cards).encode("utf-8"), left_out
    )


def question_card(question: Resolved) -> tuple[str, str] | str:
    """A question's term and definition, or the reason Quizlet cannot hold it."""
    language = question.source.language
    labels = labels_for(language)
    term = live.prompt_text(question)
    match question.type:
        case "choice" | "multi":
            order = choice_order(question)
            marked = [
                f"{choice_mark(language, p)} {question.choices[i]}" for p, i in enumerate(order)
            ]
            term += " " + " ".join(marked)
            answer = ", ".join(marked[p - 1] for p in live.key_numbers(order, question.keys))
        case "truefalse":
            truths, keys = live.truth_answers(question)
            answer = truths[keys[0] - 1]
        case "short":
            answer = question.answers[0]
            if len(question.answers) > 1:
                answer += f" ({labels['accepted']}: {', '.join(question.answers[1:])})"
        case "numeric":
            assert question.number is not None
            margin = question.number.margin
            answer = question.number.shown + (f" ({margin})" if margin else "")
        case "cloze":
            single = len(question.blanks) == 1

            def gap(piece: Piece) -> str:
                return live.GAP if single else f"({piece.blank}){live.GAP}"

            term = live.cloze_text(question, gap, " / ")
            answer = " ".join(
                blank.text if single else f"({blank.number}) {blank.text}"
                for blank in question.blanks
            )
        case _:
            assert_never(question.type)
    definition = f"{answer} — {labels['source']}: {question.citation}"
    for what, value in (("the question", term), ("the answer", definition)):
        for char, name, end in SEPARATORS:
            if char in value:
                return f"{what} holds {name}, which Quizlet's import reads as the end of a {end}"
    return term, definition
