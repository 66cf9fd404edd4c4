"""Articles: the source text, its normalised view, body span and paragraphs."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from quizdeck.banks.model import Location
from quizdeck.limits import MAX_ARTICLE_BYTES, read_input
from quizdeck.sources.textnorm import MappedText, normalize, normalize_mapped, occurrences

# Characters of a quote searched for when it is not found (its closest passage).
CLOSEST_NEEDLE = 120
# A line opening an item of a list: "- ", "* ", "• ", "1. ", "2) ".
_LIST_ITEM = re.compile(r"(?:[-*•]|\d{1,2}[.)])\s")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body, numbered from 1 (README: `quizdeck passages`).

    A block of lines between blank lines when the body separates its paragraphs
    with blank lines, its lines joined by a space; otherwise one non-blank line.
    `lines` holds each line of a block: its span of the original text and its text.
    """

    number: int
    text: str
    start: int
    end: int
    lines: tuple[tuple[int, int, str], ...] = ()

    @property
    def runs(self) -> tuple[str, ...]:
        """The paragraph as printed: its running text, then each item of a list in it.

        In a hard-wrapped block, a line opening with a list mark (`-`, `*`, `•`, `1.`)
        starts an item and the lines after it continue it, so a list stays a list; it
        takes two such lines (one line opening with a dash is a wrapped sentence).
        """
        opening = [n for n, (_, _, line) in enumerate(self.lines) if _LIST_ITEM.match(line)]
        if len(opening) < 2:
            return (self.text,)
        bounds = [0, *(n for n in opening if n), len(self.lines)]
        runs = [
            " ".join(line for _, _, line in self.lines[a:b]) for a, b in itertools.pairwise(bounds)
        ]
        return tuple(runs) if opening[0] else ("", *runs)


@dataclass(frozen=True)
class Passage:
    """The passage of an article closest to a quote that was not found."""

    similarity: float
    start: int
    end: int


@dataclass(frozen=True)
class Body:
    """The article proper: a span of the text and its paragraphs."""

    start: int
    end: int
    paragraphs: tuple[Paragraph, ...]
    excluded: tuple[tuple[int, int], ...] = ()

    def contains(self, start: int, end: int) -> bool:
        """True when the span [start, end) lies inside the body and outside excluded lines."""
        inside = self.start <= start and end <= self.end
        return inside and not any(s < end and start < e for s, e in self.excluded)

    def excluding(self, lines: list[str]) -> tuple[Body, list[int]]:
        """The body without the lines (or whole paragraphs) equal to `lines`, and the indexes never seen."""
        wanted = [normalize(line) for line in lines]
        kept: list[Paragraph] = []
        dropped = list(self.excluded)
        seen: set[int] = set()
        for paragraph in self.paragraphs:
            text = normalize(paragraph.text)
            if text in wanted:
                seen.add(wanted.index(text))
                dropped.append((paragraph.start, paragraph.end))
                continue
            remaining = []
            for start, end, line in paragraph.lines:
                if normalize(line) in wanted:
                    seen.add(wanted.index(normalize(line)))
                    dropped.append((start, end))
                else:
                    remaining.append((start, end, line))
            if not remaining:
                continue
            if len(remaining) < len(paragraph.lines):
                paragraph = replace(
                    paragraph,
                    text=" ".join(line for _, _, line in remaining),
                    start=remaining[0][0],
                    end=remaining[-1][1],
                    lines=tuple(remaining),
                )
            kept.append(replace(paragraph, number=len(kept) + 1))
        missing = [i for i in range(len(wanted)) if i not in seen]
        return replace(self, paragraphs=tuple(kept), excluded=tuple(dropped)), missing

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding `offset`, if any."""
        index = bisect.bisect_right([p.start for p in self.paragraphs], offset) - 1
        if index >= 0 and offset < self.paragraphs[index].end:
            return self.paragraphs[index]
        return None


@dataclass(frozen=True)
class Article:
    """A source article, decoded, with everything needed to locate quotes."""

    path: str
    text: str
    normalized: MappedText = field(repr=False, compare=False)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
        return starts

    @cached_property
    def _compact(self) -> MappedText:
        return self.normalized.without_spaces()

    def location(self, offset: int) -> Location:
        """The 1-based line and column of an offset of the original text."""
        line = bisect.bisect_right(self._line_starts, offset)
        return Location(self.path, line, offset - self._line_starts[line - 1] + 1)

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Original spans of every occurrence of `quote`, forgiving only what the README forgives."""
        needle = normalize(quote)
        if not needle:
            return []
        # Every occurrence, overlapping ones too: the checker counts them.
        return occurrences(self.normalized, needle, overlapping=True) or occurrences(
            self._compact, needle.replace(" ", ""), overlapping=True
        )

    def body(self, start_words: str | None, end_words: str | None) -> Body | None:
        """The body between the opening and closing words (the whole text when unset)."""
        start, end = 0, len(self.text)
        if start_words:
            found = self.find_all(start_words)
            if not found:
                return None
            start = found[0][0]
        if end_words:
            after = [span for span in self.find_all(end_words) if span[0] >= start]
            if not after:
                return None
            end = after[0][1]
        return Body(start, end, self._paragraphs(start, end))

    def _paragraphs(self, start: int, end: int) -> tuple[Paragraph, ...]:
        """Blocks between blank lines when the body has blank lines, else its lines."""
        lines: list[tuple[int, int, str] | None] = []  # None: a blank line
        line_starts = self._line_starts
        first = bisect.bisect_right(line_starts, start) - 1
        for index in range(first, len(line_starts)):
            line_start = max(line_starts[index], start)
            if line_start >= end:
                break
            line_end = (
                line_starts[index + 1] - 1 if index + 1 < len(line_starts) else len(self.text)
            )
            raw = self.text[line_start : min(line_end, end)]
            if not raw.strip():
                lines.append(None)
                continue
            lead = len(raw) - len(raw.lstrip())
            text = raw.strip()
            lines.append((line_start + lead, line_start + lead + len(text), text))
        blocks: list[list[tuple[int, int, str]]] = [[]]
        by_blocks = any(line is None for line in lines)
        for line in lines:
            if line is None:
                blocks.append([])
            else:
                blocks[-1].append(line)
                if not by_blocks:
                    blocks.append([])
        return tuple(
            Paragraph(
                number, " ".join(t for _, _, t in block), block[0][0], block[-1][1], tuple(block)
            )
            for number, block in enumerate((b for b in blocks if b), start=1)
        )

    def closest(self, quote: str) -> Passage | None:
        """The passage most like `quote`, with its similarity in percent."""
        # Imported here: only a failing check pays for the fuzzy matcher.
        from rapidfuzz import fuzz

        # The search costs the needle's length times the article's (finding 10: a
        # 5,000-character quote took 38 s in a 4.9 MB article): its start is searched for.
        needle = normalize(quote)[:CLOSEST_NEEDLE]
        if not needle or not self.normalized.text:
            return None
        alignment = fuzz.partial_ratio_alignment(needle, self.normalized.text)
        if alignment is None or alignment.dest_end <= alignment.dest_start:
            return None
        start, end = self.normalized.span(alignment.dest_start, alignment.dest_end)
        # Widen to whole words, so the hint never starts or ends mid-word.
        while start > 0 and not self.text[start - 1].isspace():
            start -= 1
        while end < len(self.text) and not self.text[end].isspace():
            end += 1
        return Passage(alignment.score, start, end)


class ArticleDecodeError(ValueError):
    """The article file is not UTF-8; carries the offending byte offset."""

    def __init__(self, offset: int, line: int, column: int) -> None:
        super().__init__(f"invalid UTF-8 at byte {offset}")
        self.offset, self.line, self.column = offset, line, column


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 (a leading BOM is dropped); raise ArticleDecodeError with a line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8-sig", errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        raise ArticleDecodeError(error.start, line, column) from None


def load_article(path: Path, shown_as: str) -> Article:
    """Read and decode an article file; raises InputError, TooLarge or ArticleDecodeError."""
    text = decode_utf8(read_input(path, MAX_ARTICLE_BYTES))
    return Article(shown_as, text, normalize_mapped(text))
