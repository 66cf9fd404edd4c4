"""A resolved question's words as HTML, for the formats that carry HTML fields.

Anki cards and the learning-platform files (Moodle, GIFT, Canvas) share one escaping,
one way to emphasise a negative word and one rule for links (README: what every output
shows); the printed quiz does the same in its jinja2 templates.
"""

from __future__ import annotations

import html

from quizdeck.resolve import Resolved, Source


def text(value: str) -> str:
    """Plain text as HTML or XML text: `<파이낸셜타임스>` and `R&D` show as written, quotes stay readable."""
    return html.escape(value, quote=False)


def braces_escaped(value: str) -> str:
    """HTML with its braces as character references, which no Anki cloze ("{{c1::") or GIFT
    answer ("{") reader mistakes for markup."""
    return value.replace("{", "&#123;").replace("}", "&#125;")


def linked(source: Source, shown: str) -> str:
    """`shown` (already HTML) linked to the article when its URL is an http(s) address."""
    link = source.link
    return f'<a href="{html.escape(link)}">{shown}</a>' if link else shown


def prompt_html(question: Resolved) -> str:
    """The prompt with the negative word bold and underlined, as exam papers print it."""
    return "".join(
        f"<b><u>{text(piece)}</u></b>" if emphasised else text(piece)
        for piece, emphasised in question.prompt_pieces()
    )
