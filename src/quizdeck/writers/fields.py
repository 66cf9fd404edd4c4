"""A resolved question's words as HTML, for the formats that carry HTML fields.

Anki cards and the learning-platform files (Moodle, GIFT, Canvas) share one escaping,
one way to emphasise a negative word and one rule for links (README: what every output
shows); the printed quiz does the same in its jinja2 templates.
"""

from __future__ import annotations

import html
import re

from quizdeck.resolve import Resolved, Source


def text(value: str) -> str:
    """Plain text as HTML or XML text: `<파이낸셜타임스>` and `R&D` show as written, quotes stay readable."""
    return html.escape(value, quote=False)


def backslashed(value: str, specials: str) -> str:
    """`value` with a backslash before each character of `specials` (GIFT's, a Moodle Cloze
    answer's): one str.replace per character present, the backslash first, many times
    faster than str.translate with a table."""
    for special in sorted(specials, key=lambda ch: ch != "\\"):
        if special in value:
            value = value.replace(special, "\\" + special)
    return value


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


# A <meta> that only names the page's encoding or a property (its viewport, say) runs
# nothing and stays: without it a page read from disk has no encoding and a phone shows
# it at desktop width. Every other <meta> (http-equiv="refresh", …) is stripped.
_PLAIN_META = r"""\s+(?:charset="[\w-]+"|name="[\w-]+"\s+content="[^"<>]*")\s*/?>"""
# What is stripped from every rendered page (finding 18): scripts and what runs them.
_ACTIVE = re.compile(
    r"<(script|iframe|object|embed)\b.*?(?:</\1\s*>|\Z)"
    r"|<(?:script|iframe|object|embed|base)\b[^>]*>"
    rf"|<meta\b(?!{_PLAIN_META})[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_HANDLER = re.compile(r"""\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"""(\b(?:href|src|action|formaction)\s*=\s*["']?)\s*javascript:""", re.I)
# The letters re.IGNORECASE matches to an ASCII letter besides its two cases: dotted and
# dotless i, the long s, the Kelvin sign (tests/test_fields.py asks re for all of them).
FOLDED_TO_ASCII = {"i": "İı", "k": "\u212a", "s": "ſ"}


def any_case(word: str) -> str:
    """A pattern matching what `word` matches under re.IGNORECASE, written without it: a
    page is scanned several times faster."""
    return "".join(
        f"[{ch}{ch.upper()}{FOLDED_TO_ASCII.get(ch, '')}]" if ch.isalpha() else re.escape(ch)
        for ch in word
    )


# What every match of _HANDLER and of _SCRIPT_URL holds, under the same case folding: a page
# without it (nearly every page) is scanned once by this, not by the slower pattern.
ANY_CASE_LETTER = f"[a-zA-Z{''.join(FOLDED_TO_ASCII.values())}]"
_HANDLER_HINT = re.compile(any_case("on") + ANY_CASE_LETTER + r"+\s*=")
_SCRIPT_URL_HINT = re.compile(any_case("javascript:"))
# Where a match of _ACTIVE can begin: _ACTIVE is tried there alone, not at every "<".
_ELEMENTS = ("script", "iframe", "object", "embed", "base", "meta")
_ACTIVE_START = re.compile("<(?:" + "|".join(map(any_case, _ELEMENTS)) + r")\b")


def strip_active(html: str) -> str:
    """`html` without scripts, frames, objects, event handlers and javascript: links."""
    if "<" not in html:
        return html
    html = _without_active(html)
    handler, script_url = _hints(html)
    if handler:
        html = _HANDLER.sub("", html)
    if script_url:
        html = _SCRIPT_URL.sub(r"\1#", html)
    return html


# "on…=" in lower case, found by its first two letters (several times faster than any_case).
_HANDLER_LOWER = re.compile(r"on[a-z]+\s*=")
_FOLDED = "".join(FOLDED_TO_ASCII.values())


def _hints(html: str) -> tuple[bool, bool]:
    """Whether `html` may hold an event handler, and a javascript: link (every page that
    does, and a few that do not).

    A page without the letters re.IGNORECASE folds otherwise than str.lower() (nearly
    every page) is lowered once and searched without case folding.
    """
    if any(letter in html for letter in _FOLDED):
        return bool(_HANDLER_HINT.search(html)), bool(_SCRIPT_URL_HINT.search(html))
    lowered = html.lower()
    handler = any(
        found.start() > 0 and lowered[found.start() - 1].isspace()
        for found in _HANDLER_LOWER.finditer(lowered)
    )
    return handler, "javascript:" in lowered


def _without_active(html: str) -> str:
    """`_ACTIVE.sub("", html)`, the pattern tried only where _ACTIVE_START finds a start."""
    kept: list[str] = []
    done = 0
    start = _ACTIVE_START.search(html)
    while start is not None:
        found = _ACTIVE.match(html, start.start())
        if found is None:
            start = _ACTIVE_START.search(html, start.start() + 1)
            continue
        kept.append(html[done : found.start()])
        done = found.end()
        start = _ACTIVE_START.search(html, done)
    kept.append(html[done:])
    return "".join(kept)
