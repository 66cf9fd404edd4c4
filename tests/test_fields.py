"""The HTML every output shares: what strip_active leaves of a page."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizdeck.writers.fields import _ACTIVE, _HANDLER, _SCRIPT_URL, strip_active

# Pieces of pages, hostile and plain, with the letters re's case folding matches to ASCII
# (ſ is s, ı and İ are i, K is k): joined at random they make and break every pattern.
PIECES = [
    "<",
    ">",
    " ",
    "\n",
    "\t",
    '"',
    "'",
    "=",
    ":",
    "/",
    "a",
    "o",
    "n",
    "x",
    "ſ",
    "ı",
    "İ",
    "K",
    "<script>",
    "</script>",
    "<SCRIPT src=x>",
    "<iframe",
    "</iframe >",
    "<object>",
    "<embed ",
    "<base href=/>",
    '<meta charset="utf-8">',
    "<p>",
    "</p>",
    "<a ",
    " href=",
    "src=",
    " action = ",
    "formaction=",
    "javascript:",
    "JavaScript:",
    "javaſcript:",
    "jAvAscrİpt:",
    " onclick=",
    " ONLOAD = ",
    "on",
    "onerror",
    " onmouseover='x'",
    '"alert(1)"',
    "질문",
]


def _strip_every_time(html: str) -> str:
    """The reference: every pattern run over the whole page, whatever it holds."""
    if "<" not in html:
        return html
    html = _ACTIVE.sub("", html)
    html = _HANDLER.sub("", html)
    return _SCRIPT_URL.sub(r"\1#", html)


@settings(max_examples=2000)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@pytest.mark.slow
def test_a_page_is_stripped_as_running_every_pattern_over_it_strips_it(page: str) -> None:
    assert strip_active(page) == _strip_every_time(page)


def test_a_handler_and_a_script_link_are_stripped() -> None:
    page = '<a href="javascript:go()" onclick="go()">x</a><script>go()</script>'
    assert strip_active(page) == '<a href="#go()">x</a>'
