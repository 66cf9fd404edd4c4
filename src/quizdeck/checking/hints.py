"""Hints that show an author the difference: a misquote marked word by word, a quote that
skips text, an answer written as a choice's letter."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from quizdeck.banks.yaml_errors import quoted
from quizdeck.sources.articles import Article
from quizdeck.sources.labels import mark_position
from quizdeck.sources.textnorm import fold, normalize

# Words of context shown on each side of the words that differ.
CONTEXT_WORDS = 3
# Without a word that differs (spacing, punctuation), the excerpt is cut at this length.
EXCERPT = 40
ELLIPSIS = re.compile(r"\s*(?:\.\.\.+|…)\s*")
_EDGE_PUNCTUATION = re.compile(r"^[^\w…]+|[^\w…]+$")


def word_diff(quote: str, passage: str) -> tuple[str, bool]:
    """`passage` with the words the quote has instead marked `[-quote's-]{+article's+}`.

    Only the differing words and CONTEXT_WORDS on each side are kept (`…` marks a cut);
    the second value says whether any word differs.
    """
    old, new = quote.split(), passage.split()
    pieces: list[tuple[bool, str]] = []  # (differs, text)
    # Words are compared without the punctuation next to them: "defences," is "defences".
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, [_bare(w) for w in old], [_bare(w) for w in new], autojunk=False
    ).get_opcodes():
        if tag == "equal":
            pieces.extend((False, word) for word in new[j1:j2])
            continue
        removed = f"[-{' '.join(old[i1:i2])}-]" if i2 > i1 else ""
        added = f"{{+{' '.join(new[j1:j2])}+}}" if j2 > j1 else ""
        pieces.append((True, removed + added))
    marked = [i for i, (differs, _) in enumerate(pieces) if differs]
    if not marked:
        return " ".join(new), False
    first = max(0, marked[0] - CONTEXT_WORDS)
    last = min(len(pieces), marked[-1] + CONTEXT_WORDS + 1)
    shown = " ".join(text for _, text in pieces[first:last])
    return ("… " if first else "") + shown + (" …" if last < len(pieces) else ""), True


def _bare(word: str) -> str:
    """A word without the punctuation before or after it (a word of punctuation stays)."""
    return _EDGE_PUNCTUATION.sub("", word) or word


def closest_hint(article: Article, quote: str) -> tuple[str, ...]:
    """ "closest (N%) at path:line:col: …" with the differing words marked, or nothing."""
    passage = article.closest(quote)
    if passage is None:
        return ()
    start, end = passage.start, passage.end
    needle = normalize(quote)
    excerpt, differs = word_diff(needle, normalize(article.text[start:end]))
    # The alignment may stop short of a word that differs at either end: take in as many
    # words of the article on that side as the quote has there, and compare again.
    lead, trail = _unmatched_ends(needle.split(), normalize(article.text[start:end]).split())
    if lead or trail:
        start = _words_before(article.text, start, lead)
        end = _words_after(article.text, end, trail)
        excerpt, differs = word_diff(needle, normalize(article.text[start:end]))
    if not differs and len(excerpt) > EXCERPT:
        cut = excerpt.rfind(" ", 0, EXCERPT + 1)
        excerpt = excerpt[: cut if cut > 0 else EXCERPT] + " …"
    return (f"closest ({passage.similarity:.0f}%) at {article.location(start)}: {excerpt}",)


def _unmatched_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many words the quote has before the first and after the last word it shares."""
    blocks = [
        b
        for b in difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
        if b.size
    ]
    if not blocks:
        return 0, 0
    lead = max(0, blocks[0].a - blocks[0].b)
    trail = max(
        0, (len(old) - blocks[-1].a - blocks[-1].size) - (len(new) - blocks[-1].b - blocks[-1].size)
    )
    return lead, trail


def _words_before(text: str, start: int, count: int) -> int:
    for _ in range(count):
        while start > 0 and text[start - 1].isspace():
            start -= 1
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    return start


def _words_after(text: str, end: int, count: int) -> int:
    for _ in range(count):
        while end < len(text) and text[end].isspace():
            end += 1
        while end < len(text) and not text[end].isspace():
            end += 1
    return end


def ellipsis_hint(quote: str) -> str | None:
    """For a quote that skips text with `...` or `…`: split it into a list of quotes."""
    parts = [part.strip() for part in ELLIPSIS.split(quote) if part.strip()]
    if not ELLIPSIS.search(quote) or len(parts) < 2:
        return None
    listed = ", ".join(quoted(part) for part in parts)
    return f"the quote skips text with '...': split it into a list of quotes: evidence: [{listed}]"


def letter_hint(answer: str, choices: Sequence[str]) -> str | None:
    """For an answer written as a choice's letter or mark (`B`, `②`) that is no choice's text."""
    mark = answer.strip()
    if len(mark) != 1 or any(fold(choice) == fold(mark) for choice in choices):
        return None
    index = mark_position(mark)
    if index is None or index >= len(choices):
        return None
    return f"choice {mark} is {choices[index]!r}: write the choice's text"
