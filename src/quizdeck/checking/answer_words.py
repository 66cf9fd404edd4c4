"""Whether an answer's words stand in its evidence, as a person would write them."""

from __future__ import annotations

import re

from quizdeck.sources.korean import split_particle

_PARENTHETICAL = re.compile(r"\s*[(（\[][^()（）\[\]]*[)）\]]")
_HANGUL_WORD = re.compile(r"[가-힣]{3,}")


def evidence_haystacks(evidence_text: str) -> set[str]:
    """The evidence as an answer's words are looked for in it."""
    # Spacing is forgiven here as in quotes (414억위안 is in "414억 위안"), and a
    # parenthetical of the evidence may be left out: 1442년에 for 1442년(세종 24년)에.
    return {
        evidence_text.casefold().replace(" ", ""),
        _PARENTHETICAL.sub("", evidence_text).casefold().replace(" ", ""),
    }


def word_in(word: str, haystack: str) -> bool:
    """A word of an answer stands in the evidence: as written, without its particle (측정이
    for 측정), or, for a Korean predicate, by its first half (제도화되었다 for 제도화된)."""
    folded = word.casefold()
    if folded in haystack:
        return True
    stem, particle = split_particle(folded, nouns=False)
    if particle and len(stem) >= 2 and stem in haystack:
        return True
    return bool(_HANGUL_WORD.fullmatch(folded)) and folded[: (len(folded) + 1) // 2] in haystack
