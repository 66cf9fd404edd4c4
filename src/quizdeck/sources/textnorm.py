"""The README's text normalisation, with a map back to the original offsets."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
        **dict.fromkeys("\u00b7\u2024\u2027\u2219\u22c5\u30fb\u318d\uff65", "\u00b7"),
        **dict.fromkeys(ZERO_WIDTH, None),
    }
)
_SPACE_RUN = re.compile(r"\s+")
_TOKEN = re.compile(rf"[^\s{ZERO_WIDTH}]+")
# Characters of class 0 that still compose with what precedes them (Hangul
# medial vowels and final consonants); a chunk boundary never falls before them.
_JAMO_VT = re.compile(r"[\u1160-\u11ff\ud7b0-\ud7ff]")


# Every rule (grounding, lint, resolution) normalises the same prompts and choices.
@functools.lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    """The normalised form of `text` used for every comparison."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    return _SPACE_RUN.sub(" ", text).strip()


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Normalised and case-folded, for comparing answers and choices."""
    return normalize(text).casefold()


_ANSWER_IGNORED = re.compile(r"[\s\-\u2010-\u2015\u00b7]+")


def answer_key(text: str) -> str:
    """A typed answer as compared: NFKC, case-folded, no spaces, hyphens or middle dots."""
    return _ANSWER_IGNORED.sub("", fold(unicodedata.normalize("NFKC", text)))


@dataclass(frozen=True)
class MappedText:
    """A derived view of a text: `text[i]` came from `original[starts[i]:ends[i]]`."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the derived span [start, end)."""
        return self.starts[start], self.ends[end - 1]

    def without_spaces(self) -> MappedText:
        """The same view with every space dropped (for hard-wrapped sources)."""
        keep = [i for i, ch in enumerate(self.text) if ch != " "]
        return MappedText(
            "".join(self.text[i] for i in keep),
            tuple(self.starts[i] for i in keep),
            tuple(self.ends[i] for i in keep),
        )


def _nfc_chunks(text: str) -> list[tuple[int, int, str]]:
    """Split `text` where NFC cannot join neighbours; NFC each piece."""
    if unicodedata.is_normalized("NFC", text):
        return [(i, i + 1, ch) for i, ch in enumerate(text)]
    chunks: list[tuple[int, int, str]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and (unicodedata.combining(text[i]) or _JAMO_VT.match(text[i])):
            continue
        chunks.append((start, i, unicodedata.normalize("NFC", text[start:i])))
        start = i
    return chunks


@functools.lru_cache(maxsize=1 << 12)
def normalize_mapped(text: str) -> MappedText:
    """`normalize(text)` with the original offsets of every character kept."""
    if unicodedata.is_normalized("NFC", text):
        return _fold_mapped(text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending_space = False
    for start, end, piece in _nfc_chunks(text):
        for ch in piece.translate(_FOLD):
            if ch.isspace():
                pending_space = bool(out)
                continue
            if pending_space:
                # A folded space stands where the whitespace began, as in the fast path.
                out.append(" ")
                starts.append(ends[-1])
                ends.append(ends[-1])
                pending_space = False
            out.append(ch)
            starts.append(start)
            ends.append(end)
    return MappedText("".join(out), tuple(starts), tuple(ends))


def _fold_mapped(text: str) -> MappedText:
    """The fast path for NFC text: runs of visible characters map one to one."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    previous_end = None
    # Tokens hold no zero-width characters, so folding the whole text keeps offsets.
    folded = text.translate(_FOLD) if not any(ch in text for ch in ZERO_WIDTH) else None
    for token in _TOKEN.finditer(text):
        start, end = token.span()
        # Gaps hold only whitespace and zero-width characters: a space if any whitespace.
        if previous_end is not None and text[previous_end:start].strip(ZERO_WIDTH):
            out.append(" ")
            starts.append(previous_end)
            ends.append(previous_end)
        out.append(folded[start:end] if folded is not None else token.group().translate(_FOLD))
        starts.extend(range(start, end))
        ends.extend(range(start + 1, end + 1))
        previous_end = end
    return MappedText("".join(out), tuple(starts), tuple(ends))


def occurrences(view: MappedText, needle: str, overlapping: bool = False) -> list[tuple[int, int]]:
    """Original spans of every occurrence of `needle` in a derived view."""
    spans = []
    index = view.text.find(needle) if needle else -1
    while index != -1:
        spans.append(view.span(index, index + len(needle)))
        index = view.text.find(needle, index + (1 if overlapping else len(needle)))
    return spans


@functools.lru_cache(maxsize=1 << 14)
def find_spans(text: str, needle: str, overlapping: bool = False) -> tuple[tuple[int, int], ...]:
    """Spans of `text` where `needle` stands, forgiving what the README forgives: normalisation, then spacing."""
    view, wanted = normalize_mapped(text), normalize(needle)
    return tuple(
        occurrences(view, wanted, overlapping)
        or occurrences(view.without_spaces(), wanted.replace(" ", ""), overlapping)
    )


def numbered_spans(text: str, needles: Sequence[str]) -> list[tuple[int, int, int]]:
    """(start, end, n) wherever needle n (from 1) stands in `text`; earlier needles win overlaps."""
    taken: list[tuple[int, int, int]] = []
    for number, needle in enumerate(needles, start=1):
        for start, end in find_spans(text, needle):
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, number))
    return sorted(taken)


# How alike (difflib's ratio) a misspelling and what was meant must be to suggest it.
CLOSE_ENOUGH = 0.6


def did_you_mean(value: str, options: Iterable[str]) -> str | None:
    """ "did you mean 'x'?" for the option `value` most likely misspells, else None."""
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=CLOSE_ENOUGH)
    return f"did you mean '{close[0]}'?" if close else None


def width(text: str) -> int:
    """Printed width in cells: a Hangul or CJK character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip_words(text: str, cells: int) -> str:
    """Text cut between words to `cells` wide, with "…"; a first word wider stays whole."""
    if width(text) <= cells:
        return text
    words = text.split()
    kept = words[0]
    for word in words[1:]:
        if width(f"{kept} {word}") > cells:
            break
        kept = f"{kept} {word}"
    return kept.rstrip(",;:") + "…"
