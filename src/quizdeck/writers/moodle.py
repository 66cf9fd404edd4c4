"""Moodle XML (README: Moodle): a bank as a question-bank category of Moodle questions.

Choice and multi become `multichoice` (single or multiple), true/false `truefalse`,
short `shortanswer`, numeric `numerical` with the unit as a Moodle unit, cloze
`multianswer` with one `{1:SHORTANSWER:=…}` per blank. Question names are `bank/id`;
the general feedback is the explanation, the evidence and "title, ¶N".
"""

from __future__ import annotations

from collections.abc import Callable

from quizdeck.resolve import Piece, Resolved, ResolvedBank, assert_never
from quizdeck.writers.fields import backslashed, text
from quizdeck.writers.platform import (
    blank_answers,
    category_path,
    choice_order,
    choice_weights,
    feedback_html,
    marked_cloze_html,
    number,
    question_html,
    shortanswer,
)

# Moodle's own numbering closest to ①②③④ is 1. 2. 3.; English banks get A. B. C.
NUMBERING = {"ko": "123", "en": "ABCD"}
# Special characters inside a Cloze subquestion's answer (Moodle escapes them with \).
_CLOZE_SPECIALS = '\\}#~/"'


def render_moodle(bank: ResolvedBank) -> bytes:
    """The bank as one Moodle XML file: its category, then every question."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    parts.append(
        '  <question type="category">\n'
        f"    <category><text>{text(category_path(bank.deck))}</text></category>\n"
        "  </question>\n"
    )
    parts.extend(_question(question) for question in bank.questions)
    parts.append("</quiz>\n")
    return "".join(parts).encode("utf-8")


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _html(tag: str, value: str, indent: str = "    ") -> str:
    return f'{indent}<{tag} format="html"><text>{_cdata(value)}</text></{tag}>\n'


def _answer(fraction: str, value: str, fmt: str = "html", extra: str = "") -> str:
    body = _cdata(value) if fmt == "html" else text(value)
    return (
        f'    <answer fraction="{fraction}" format="{fmt}">\n'
        f"      <text>{body}</text>\n{extra}"
        '      <feedback format="html"><text></text></feedback>\n'
        "    </answer>\n"
    )


def _question(question: Resolved) -> str:
    kind, body, specifics = _kind(question)
    asked = (
        marked_cloze_html(question, _subquestions(question), "{}")
        if question.type == "cloze"
        else question_html(question, body)
    )
    return (
        f'  <question type="{kind}">\n'
        f"    <name><text>{text(question.key)}</text></name>\n"
        + _html("questiontext", asked)
        + _html("generalfeedback", feedback_html(question))
        + "    <defaultgrade>1</defaultgrade>\n"
        "    <penalty>0.3333333</penalty>\n"
        "    <hidden>0</hidden>\n"
        f"    <idnumber>{text(question.key)}</idnumber>\n" + specifics + "  </question>\n"
    )


def _kind(question: Resolved) -> tuple[str, str | None, str]:
    """Moodle's question type, the text under the prompt (cloze) and the type's own elements."""
    match question.type:
        case "choice" | "multi":
            return "multichoice", None, _multichoice(question)
        case "truefalse":
            answers = "".join(
                _answer(
                    "100" if value is question.truth else "0",
                    str(value).lower(),
                    "moodle_auto_format",
                )
                for value in (True, False)
            )
            return "truefalse", None, answers
        case "numeric":
            return "numerical", None, _numerical(question)
        case "short":
            answers = "".join(
                _answer("100", shortanswer(answer), "moodle_auto_format")
                for answer in question.answers
            )
            return "shortanswer", None, "    <usecase>0</usecase>\n" + answers
        case "cloze":
            return "multianswer", None, ""
        case _:
            assert_never(question.type)


def _multichoice(question: Resolved) -> str:
    single = question.type == "choice"
    right, penalty = choice_weights(question)
    answers = "".join(
        _answer(right if i in question.keys else penalty, text(question.choices[i]))
        for i in choice_order(question)
    )
    return (
        f"    <single>{'true' if single else 'false'}</single>\n"
        f"    <shuffleanswers>{'true' if question.shuffle else 'false'}</shuffleanswers>\n"
        f"    <answernumbering>{NUMBERING.get(question.source.language, 'ABCD')}</answernumbering>\n"
        + answers
    )


def _numerical(question: Resolved) -> str:
    assert question.number is not None
    tolerance = f"      <tolerance>{number(question.number.tolerance)}</tolerance>\n"
    answer = _answer("100", number(question.number.in_unit), "moodle_auto_format", tolerance)
    units = ""
    if question.number.unit:
        # The unit is optional when answering (README: numbers with or without the unit).
        units = (
            "    <units>\n      <unit>\n        <multiplier>1</multiplier>\n"
            f"        <unit_name>{text(question.number.unit)}</unit_name>\n"
            "      </unit>\n    </units>\n"
        )
    return (
        answer + units + "    <unitgradingtype>0</unitgradingtype>\n"
        "    <unitpenalty>0.1000000</unitpenalty>\n"
        f"    <showunits>{0 if question.number.unit else 3}</showunits>\n"
        "    <unitsleft>0</unitsleft>\n"
    )


def _subquestions(question: Resolved) -> Callable[[Piece], str]:
    def subquestion(piece: Piece) -> str:
        """A blank as a Cloze subquestion, 1 mark: `{1:SHORTANSWER:=디딤돌~=발판}`."""
        assert piece.blank is not None
        answers = blank_answers(question, piece.blank)
        return "{1:SHORTANSWER:" + "~".join("=" + _cloze_answer(a) for a in answers) + "}"

    return subquestion


def _cloze_answer(value: str) -> str:
    return shortanswer(backslashed(text(value), _CLOZE_SPECIALS))
