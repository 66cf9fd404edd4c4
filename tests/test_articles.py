"""Articles: locating quotes in the original text, the body and its numbered paragraphs."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from quizdeck.banks.model import Location
from quizdeck.sources.articles import ArticleDecodeError, load_article


def article_of(tmp_path: Path, data: bytes):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    return load_article(path, "seeds/a.txt")


def test_quotes_are_located_in_the_original_lines_and_columns(tmp_path: Path) -> None:
    text = (
        "머리말\r\n\r\n첫 문단은 \u201c인공지능\u201d 이야기다.\r\n둘째 문단은 디딤\r\n돌이다.\r\n"
    )
    article = article_of(tmp_path, text.encode())
    [(start, end)] = article.find_all('"인공지능" 이야기다')
    assert article.location(start) == Location("seeds/a.txt", 3, 7)
    assert text[start:end] == "\u201c인공지능\u201d 이야기다"
    # Hard-wrapped: the word is split by a line break; only spacing differs.
    [(start, end)] = article.find_all("디딤돌이다.")
    assert article.location(start) == Location("seeds/a.txt", 4, 8)
    assert text[start:end] == "디딤\r\n돌이다."


def test_nfd_text_and_a_bom_are_located_in_the_file_as_written(tmp_path: Path) -> None:
    text = "\ufeff" + unicodedata.normalize("NFD", "한국어 기사\n중국 인공지능 시장")
    article = article_of(tmp_path, text.encode())
    [(start, _end)] = article.find_all("인공지능 시장")
    # Columns count the file's own characters: 중국 in NFD is six jamo, as editors count them.
    assert article.location(start) == Location("seeds/a.txt", 2, 8)


def test_body_paragraphs_are_non_blank_lines_numbered_from_one(tmp_path: Path) -> None:
    # No blank line in the body: every non-blank line is a paragraph.
    text = "메뉴\n\n본문 첫 줄이다.\n  본문 둘째 줄이다.  \n관련기사\n본문 끝 줄이다.\n\n저작권\n"
    article = article_of(tmp_path, text.encode())
    body = article.body("본문 첫", "끝 줄이다.")
    assert body is not None
    assert [(p.number, p.text) for p in body.paragraphs] == [
        (1, "본문 첫 줄이다."),
        (2, "본문 둘째 줄이다."),
        (3, "관련기사"),
        (4, "본문 끝 줄이다."),
    ]
    trimmed, missing = body.excluding(["관련기사", "없는 줄"])
    assert missing == [1]
    assert [(p.number, p.text) for p in trimmed.paragraphs][-2:] == [
        (2, "본문 둘째 줄이다."),
        (3, "본문 끝 줄이다."),
    ]
    [(start, end)] = article.find_all("관련기사")
    assert body.contains(start, end) and not trimmed.contains(start, end)
    assert trimmed.paragraph_at(text.index("둘째")).number == 2
    assert article.body("없는 시작", None) is None


def test_body_with_blank_lines_has_blocks_for_paragraphs(tmp_path: Path) -> None:
    text = (
        "메뉴\n\n본문 첫 문단의\n첫 줄과 둘째 줄.\n\n  둘째 문단이다.  \n관련기사\n"
        "\n셋째 문단이\n끝난다.\n저작권\n"
    )
    article = article_of(tmp_path, text.encode())
    body = article.body("본문 첫", "끝난다.")
    assert body is not None
    assert [(p.number, p.text) for p in body.paragraphs] == [
        (1, "본문 첫 문단의 첫 줄과 둘째 줄."),
        (2, "둘째 문단이다. 관련기사"),
        (3, "셋째 문단이 끝난다."),
    ]
    # A chrome line inside a block is left out of it; the block keeps its other lines.
    trimmed, missing = body.excluding(["관련기사"])
    assert missing == []
    assert [(p.number, p.text) for p in trimmed.paragraphs] == [
        (1, "본문 첫 문단의 첫 줄과 둘째 줄."),
        (2, "둘째 문단이다."),
        (3, "셋째 문단이 끝난다."),
    ]
    [(start, end)] = article.find_all("관련기사")
    assert body.contains(start, end) and not trimmed.contains(start, end)
    assert trimmed.paragraph_at(text.index("둘째 줄")).number == 1
    assert trimmed.paragraph_at(text.index("끝난다")).number == 3


def test_closest_passage_is_widened_to_whole_words(tmp_path: Path) -> None:
    article = article_of(tmp_path, "중국 정부의 적극적인 지원도 디딤돌이 되고 있다.\n".encode())
    passage = article.closest("적극적인 지윈도 디딤돌")
    assert passage is not None and passage.similarity > 80
    assert article.text[passage.start : passage.end] == "적극적인 지원도 디딤돌이"


def test_not_utf8_reports_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(ArticleDecodeError) as raised:
        article_of(tmp_path, "첫 줄\n둘".encode() + b"\xff")
    assert (raised.value.line, raised.value.column, raised.value.offset) == (2, 2, 11)


LISTED = """\
The filter sorts the scripts it meets into two
categories:
- The allow list holds scripts that are
  always shown as they are.
- The gray list holds scripts shown only
  when the user's language uses them.

A line may also - as here - hold a dash
- without starting a list.
"""


def test_a_hard_wrapped_list_keeps_its_items(tmp_path: Path) -> None:
    article = article_of(tmp_path, LISTED.encode())
    body = article.body(None, None)
    assert body is not None
    listed, prose = body.paragraphs
    # The paragraph's text (quotes, citations) joins its lines; printed, each item is a line.
    assert listed.text.startswith(
        "The filter sorts the scripts it meets into two categories: - The"
    )
    assert listed.runs == (
        "The filter sorts the scripts it meets into two categories:",
        "- The allow list holds scripts that are always shown as they are.",
        "- The gray list holds scripts shown only when the user's language uses them.",
    )
    # One line opening with a dash is a wrapped sentence, not a list.
    assert prose.runs == (prose.text,)
