"""The HTML every output shares: what strip_active leaves of a page."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import WorkspaceBuilder
from quizdeck.writers.fields import (
    _ACTIVE,
    _HANDLER,
    _SCRIPT_URL,
    ANY_CASE_LETTER,
    FOLDED_TO_ASCII,
    any_case,
    backslashed,
    strip_active,
)

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
    '<meta name="viewport" content="width=device-width">',
    '<meta http-equiv="refresh" content="0;url=javascript:go()">',
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


def test_a_meta_naming_the_encoding_or_a_property_stays_and_any_other_goes() -> None:
    kept = (
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
    )
    assert strip_active(kept) == kept
    refresh = '<meta http-equiv="refresh" content="0;url=https://example.com/">'
    assert strip_active(f"<p>{refresh}</p>") == "<p></p>"
    both = '<meta charset="utf-8" http-equiv="refresh" content="0">'
    assert strip_active(both) == ""


def test_a_printed_page_keeps_its_encoding_and_viewport(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    assert workspace.run("html", "sample").exit_code == 0
    page = (workspace.root / "build" / "html" / "sample-A.html").read_text(encoding="utf-8")
    assert page.startswith(
        '<!DOCTYPE html>\n<html lang="ko">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    )


# Every character but the surrogates, which no page holds.
EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


@pytest.mark.parametrize("letter", "abcdefghijklmnopqrstuvwxyz")
def test_any_case_matches_what_ignorecase_matches(letter: str) -> None:
    ignoring = re.findall(letter, EVERY_CHARACTER, re.IGNORECASE)
    assert re.findall(any_case(letter), EVERY_CHARACTER) == ignoring
    assert sorted(ignoring) == sorted(letter + letter.upper() + FOLDED_TO_ASCII.get(letter, ""))


def test_any_case_letter_matches_what_ignorecase_matches_of_a_to_z() -> None:
    ignoring = re.findall("[a-z]", EVERY_CHARACTER, re.IGNORECASE)
    assert re.findall(ANY_CASE_LETTER, EVERY_CHARACTER) == ignoring


@given(st.text(alphabet='\\~=#{}:/"a가', max_size=30))
def test_backslashed_is_translate_with_a_table(value: str) -> None:
    for specials in ("\\~=#{}:", '\\}#~/"', "~="):
        table = str.maketrans({c: "\\" + c for c in specials})
        assert backslashed(value, specials) == value.translate(table)
