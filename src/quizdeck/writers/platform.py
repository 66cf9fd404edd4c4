"""Learning-platform exports (README: learning platforms): what Moodle XML, GIFT and QTI share.

Each format is a renderer of the resolved bank (writers/moodle, gift, qti); this module
holds what they say alike: the question text (the source above the prompt, the negative
word emphasised, the unit named), the feedback (explanation, evidence and "title, ¶N" in
the bank's language), the key's weights and numbers written out in full. Writing the
files is outputs/platforms.py's job.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Sequence
from decimal import Decimal

from quizdeck.resolve import Piece, Resolved
from quizdeck.sources.labels import labels_for
from quizdeck.writers.fields import linked, prompt_html, text


def ident(*parts: str) -> str:
    """A stable XML-safe identifier derived from `parts` (e.g. a GUID)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
    return f"quizdeck_{digest}"


def choice_order(question: Resolved) -> tuple[int, ...]:
    """The choices in the order every platform file lists them (README: choice order).

    The order of the Anki note, drawn from the GUID: numbers ascend, `shuffle: false`
    keeps the written order, and a platform that does not shuffle gives nothing away.
    """
    return question.choice_order(question.guid)


def number(value: float) -> str:
    """A number written out in full, as every format's reader expects: 41400000000, 0.5."""
    written = format(Decimal(repr(float(value))).normalize(), "f")
    return written[:-2] if written.endswith(".0") else written


def choice_weights(question: Resolved) -> tuple[str, str]:
    """A key's and a wrong choice's weight in percent: 100 and 0 for one answer; in a multi
    question the keys share 100 and each wrong choice takes back its share."""
    if question.type != "multi":
        return "100", "0"
    wrong = len(question.choices) - len(question.keys)
    return weights(len(question.keys)), ("-" + weights(wrong)) if wrong else "0"


def weights(count: int) -> str:
    """Each of `count` keys' share of 100, as Moodle writes it: 50, 33.33333."""
    return f"{100 / count:.5f}".rstrip("0").rstrip(".")


def category_path(deck: str) -> str:
    """The Moodle category of a deck path: `$course$/top/중국 AI 산업/세계의 연구실`.

    A `/` inside a deck name is doubled, as Moodle reads a literal slash in a path.
    """
    names = [part.strip().replace("/", "//") for part in deck.split("::") if part.strip()]
    return "/".join(["$course$", "top", *names])


def question_html(question: Resolved, body: str | None = None) -> str:
    """The question text: the source (title · date) above the prompt, the unit below it.

    `body` replaces the prompt (a cloze's text with its blanks).
    """
    parts = [f"<p><em>{text(question.source.heading)}</em></p>"]
    parts.append(f"<p>{prompt_html(question)}</p>")
    if body is not None:
        parts.append(body)
    if question.unit:
        unit = labels_for(question.source.language)["unit"].format(unit=question.unit)
        parts.append(f"<p>({text(unit)})</p>")
    return "".join(parts)


def cloze_html(question: Resolved, blank: Callable[[Piece], str]) -> str:
    """The cloze quotes, one paragraph each, every blank rendered by `blank`."""
    return "".join(
        "<p>" + "".join(text(p.text) if p.blank is None else blank(p) for p in line) + "</p>"
        for line in question.cloze
    )


def marked_cloze_html(question: Resolved, blank: Callable[[Piece], str], specials: str) -> str:
    """A cloze's whole question text, each blank as `blank` writes it, and every character of
    `specials` elsewhere (title, prompt, quotes) as an HTML character reference, so the
    platform never reads text as its own markup: Moodle's `{1:SA:=…}`, Canvas's `[blank1]`
    (findings 4 and 14)."""
    token = "\ue000" + secrets.token_hex(8)
    marks: list[str] = []

    def placeholder(piece: Piece) -> str:
        marks.append(blank(piece))
        return f"{token}{len(marks) - 1}\ue001"

    html = question_html(question, cloze_html(question, placeholder))
    html = html.translate({ord(c): f"&#{ord(c)};" for c in specials})
    return filled(html, token, marks)


def filled(html: str, token: str, marks: Sequence[str]) -> str:
    """`html` with each placeholder `<token><n>\ue001` replaced by marks[n]."""
    # One pattern for every token (a pattern made per question was compiled per question):
    # a placeholder of another token, which a bank could write, stays as written.
    return _PLACEHOLDER.sub(
        lambda m: marks[int(m.group(2))] if m.group(1) == token else m.group(), html
    )


# A placeholder: a token (U+E000 and 16 hex digits), a number, U+E001.
_PLACEHOLDER = re.compile("(\ue000[0-9a-f]{16})(\\d+)\ue001")


def blank_answers(question: Resolved, number: int) -> tuple[str, ...]:
    """What blank `number` accepts: its text, then the bank's alternatives."""
    blank = next(b for b in question.blanks if b.number == number)
    return tuple(dict.fromkeys([blank.text, *blank.accept]))


def feedback_html(question: Resolved) -> str:
    """The general feedback: explanation, evidence quote(s) and "title, ¶N", labelled."""
    labels = labels_for(question.source.language)
    parts = []
    if question.explanation:
        parts.append(
            f"<p><strong>{labels['explanation']}</strong> {text(question.explanation)}</p>"
        )
    quotes = "<br>".join(text(quote) for quote in question.evidence)
    parts.append(f"<p><strong>{labels['evidence']}</strong> {quotes}</p>")
    cited = linked(question.source, text(question.citation))
    parts.append(f"<p><strong>{labels['source']}</strong> {cited}</p>")
    return "".join(parts)


def shortanswer(value: str) -> str:
    """A short answer as Moodle compares it: `*` is its wildcard, so a real one is `\\*`."""
    return value.replace("*", "\\*")
