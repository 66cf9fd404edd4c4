"""An article as copied from a web page: its title, where its body starts and ends, its chrome.

`quizdeck new` writes these guesses into a bank (`body: start/end/exclude`), so that the
page's menus, headings, captions, contents and footer are left out of what questions quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizdeck.sources.articles import Article, Paragraph
from quizdeck.sources.textnorm import normalize

Line = tuple[int, int, str]

# A paragraph of prose: long enough, ending a sentence; page chrome (menus, credits) is not.
_SENTENCE_END = re.compile(r"[.!?。][\"'”’)\]]*$")
_CHROME = re.compile(
    r"\||ⓒ|©|\(c\)|all rights reserved|copyright|무단전재|재배포|https?://", re.IGNORECASE
)
# A menu bar: words between separators ("News -- Opinion -- Events", "Home · Sport · Local").
# A masthead laid out in columns: "COURIER        Weather: 14C        Tuesday".
_MENU = re.compile(r"(?:\s(?:--|—|–|·|/|>|•)\s.*){2,}|\S {3,}\S")
# Reference marks a wiki puts after a sentence or word: "[1]", "[12]", "[주 3]", "[note 2]".
REFERENCE_MARK = re.compile(r"\[(?:[^\W\d_]+ ?)?\d{1,3}\]")
# The edit link a wiki prints after each heading: "역사 편집", "History[edit]".
_EDIT_LINK = re.compile(r"\s*\[?(?:원본 편집|소스 편집|편집|edit source|edit)\]?$", re.IGNORECASE)
# The line under a plain-text heading: "=====" or "-----".
_UNDERLINE = re.compile(r"(?:={3,}|-{3,})")
# An encyclopedia's tagline under every title: never the title itself.
_TAGLINE = re.compile(
    r"^(?:위키백과, 우리 모두의 백과사전\.?|from wikipedia, the free encyclopedia\.?"
    r"|.{0,30}(?:백과사전|encyclopedia)\.?)$",
    re.IGNORECASE,
)
# Sections after the article proper: the body ends before the first of them.
_END_SECTIONS = frozenset(
    {
        "같이 보기",
        "함께 보기",
        "관련 항목",
        "각주",
        "주석",
        "출처",
        "참고 문헌",
        "참고문헌",
        "외부 링크",
        "see also",
        "notes",
        "references",
        "sources",
        "bibliography",
        "further reading",
        "external links",
    }
)
# A footer line: the page's edit date, its categories, its licence.
_FOOTER = re.compile(
    r"마지막으로 편집되었습니다|^분류:|this page was last edited|^categories:|^retrieved from",
    re.IGNORECASE,
)
# A bullet item: kept, even short (a list of names is content).
_BULLET = re.compile(r"^(?:[-*•·]|\d+[.)])\s")
PROSE_LENGTH = 40
START_WORDS = 6
END_WORDS = 5


@dataclass(frozen=True)
class PageGuess:
    """What `new` guessed: the title line, the body's opening and closing words, chrome lines."""

    title: Line | None
    start_words: str
    start_offset: int
    end_words: str
    end_offset: int
    exclude: tuple[str, ...]


def plain(text: str) -> str:
    """The text without reference marks and a heading's edit link, to judge what it is."""
    return _EDIT_LINK.sub("", REFERENCE_MARK.sub("", text)).strip()


def is_prose(text: str) -> bool:
    """A paragraph of the article proper: a long sentence-ending text without page chrome."""
    text = plain(text)
    return (
        len(text) >= PROSE_LENGTH and bool(_SENTENCE_END.search(text)) and not _CHROME.search(text)
    )


def _is_prose_paragraph(paragraph: Paragraph) -> bool:
    """Prose, and not only short lines and a tagline ("… 로그인 / 측우기 / 위키백과, … 백과사전.")."""
    content = [t for *_, t in paragraph.lines if not (_is_short_chrome(t) or _TAGLINE.match(t))]
    return is_prose(paragraph.text) and bool(content)


def is_sentence(text: str) -> bool:
    """A sentence of the article (a closing one may be short): no chrome, a sentence end."""
    text = plain(text)
    return len(text) >= 20 and bool(_SENTENCE_END.search(text)) and not _CHROME.search(text)


def is_heading(line: str, next_line: str | None) -> bool:
    """A heading: a short line with an edit link, or a text line underlined by ---- or ====."""
    text = line.strip()
    if next_line is not None and _UNDERLINE.fullmatch(next_line.strip()):
        return not _UNDERLINE.fullmatch(text)
    edited = _EDIT_LINK.search(text)
    return (
        edited is not None and edited.start() > 0 and len(text) <= PROSE_LENGTH and "." not in text
    )


def guess_title(lines: list[Line]) -> Line | None:
    """The first line that reads like a headline, before the prose: a few words, no menus or links."""
    for line in lines:
        text = line[2]
        if is_prose(text):
            break
        headline = 10 <= len(text) <= 150 and len(text.split()) >= 3
        chrome = _CHROME.search(text) or _MENU.search(text) or _TAGLINE.match(text)
        if headline and not chrome:
            return line
    return None


def guess_page(article: Article) -> PageGuess:
    """Title, body span and chrome lines of an article (a copied web page or a plain text)."""
    whole = article.body(None, None)
    assert whole is not None
    paragraphs = whole.paragraphs
    lines = [line for p in paragraphs for line in p.lines]
    first = next(
        (p for p in paragraphs if _is_prose_paragraph(p)),
        next((p for p in paragraphs if not _only_headings(p)), paragraphs[0]),
    )
    before = [line for line in lines if line[1] <= first.start]
    title = _page_title(before, first) or guess_title(lines)
    last = _closing_paragraph(paragraphs, first)
    opening = next(
        (
            line
            for line in first.lines
            if len(line[2]) >= PROSE_LENGTH or _SENTENCE_END.search(plain(line[2]))
        ),
        first.lines[0],
    )
    start_words = _unique_words(article, normalize(article.text[opening[0] : first.end]))
    end_words, end = _closing_words(article, start_words, last, opening[0])
    body = article.body(start_words, end_words)
    assert body is not None
    # The lines the body starts and ends on stay, whatever they look like.
    ends = {opening[2], body.paragraphs[-1].lines[-1][2]}
    chrome = tuple(line for line in chrome_lines(body.paragraphs) if line not in ends)
    return PageGuess(title, start_words, opening[0], end_words, end, chrome)


def _page_title(before: list[Line], first: Paragraph) -> Line | None:
    """A title a page shows as such: underlined, or the name its first sentence starts with."""
    texts = [line[2] for line in before]
    for index, line in enumerate(before[:-1]):
        if texts[index + 1].startswith("=") and is_heading(line[2], texts[index + 1]):
            return line
    # An encyclopedia's first sentence starts with its title: "측우기(測雨器)는 …".
    lede = normalize(first.text).casefold()
    named = [
        line
        for line in before
        if lede.startswith(normalize(line[2]).casefold())
        and not lede[len(normalize(line[2])) :][:1].isalnum()
        and not _TAGLINE.match(line[2])
    ]
    if named:
        return max(named, key=lambda line: len(line[2]))
    # Else the line above the tagline.
    for index, text in enumerate(texts):
        if _TAGLINE.match(text) and index > 0:
            return before[index - 1]
    return None


def _closing_paragraph(paragraphs: tuple[Paragraph, ...], first: Paragraph) -> Paragraph:
    """The last sentence paragraph after `first`, before the references and the footer."""
    following = [p for p in paragraphs if p.start >= first.start]
    kept: list[Paragraph] = []
    for paragraph in following:
        heading = plain(paragraph.lines[0][2]).casefold()
        if heading in _END_SECTIONS or any(_FOOTER.search(t) for *_, t in paragraph.lines):
            break
        kept.append(paragraph)
    closing = [p for p in kept if is_sentence(p.text)]
    return closing[-1] if closing else first


def chrome_lines(paragraphs: tuple[Paragraph, ...]) -> list[str]:
    """Lines inside the body that are not the article's text: headings, contents, captions.

    A heading (edit link, or underlined) and its underline, the short lines at the head
    of a block that do not end a sentence (a caption above its paragraph, a table of
    contents), and lines of reference marks alone ("[1]") anywhere.
    """
    found: list[str] = []
    lines = [(number, line[2]) for number, p in enumerate(paragraphs) for line in p.lines]
    for number, paragraph in enumerate(paragraphs):
        leading = True
        for text in (line[2] for line in paragraph.lines):
            at = lines.index((number, text))
            previous = lines[at - 1][1] if at > 0 else None
            following = lines[at + 1][1] if at + 1 < len(lines) else None
            underline = (
                previous is not None
                and _UNDERLINE.fullmatch(text) is not None
                and is_heading(previous, text)
            )
            # Headings and reference marks alone ("[1]") anywhere; short lines at the head.
            anywhere = is_heading(text, following) or underline or not plain(text)
            if anywhere or (leading and _is_short_chrome(text)):
                found.append(text)
            else:
                leading = False
    return list(dict.fromkeys(found))


def _only_headings(paragraph: Paragraph) -> bool:
    """A block of headings, underlines and reference marks only."""
    texts = [t for *_, t in paragraph.lines] + [""]
    return all(
        not plain(t) or _UNDERLINE.fullmatch(t) or is_heading(t, texts[i + 1] or None)
        for i, t in enumerate(texts[:-1])
    )


def _is_short_chrome(text: str) -> bool:
    return (
        len(text) < PROSE_LENGTH
        and not _SENTENCE_END.search(plain(text))
        and not _BULLET.match(text)
    )


def _unique_words(article: Article, text: str) -> str:
    """The fewest opening words of `text`, from START_WORDS on, found only once."""
    words = text.split()
    for count in range(min(START_WORDS, len(words)), len(words) + 1):
        shown = " ".join(words[:count])
        if len(article.find_all(shown)) == 1:
            return shown
    return text


def _closing_words(
    article: Article, start_words: str, last: Paragraph, start: int
) -> tuple[str, int]:
    """The fewest closing words of the last paragraph (after `start`, its reference marks
    left out) whose first place after the start is its own, and the offset they end at."""
    text = article.text[max(last.start, start) : last.end]
    mark = re.search(rf"(?:\s*{REFERENCE_MARK.pattern})+$", text)
    if mark and mark.start() > 0:
        text = text[: mark.start()]
    end = max(last.start, start) + len(text)
    words = text.split()
    for count in range(min(END_WORDS, len(words)), len(words) + 1):
        shown = " ".join(words[-count:])
        body = article.body(start_words, shown)
        if body is not None and body.end == end:
            return shown, end
    return " ".join(words), end
