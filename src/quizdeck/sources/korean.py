"""Korean words: the particle a spaced word (eojeol) ends in, one rule for every module.

The item-writing lint splits words with it (README: blank-particle and the word
rules), and study/marking ignores one trailing particle when it compares answers (README:
`quizdeck quiz`).
"""

from __future__ import annotations

import functools
import re

_HANGUL = re.compile(r"[가-힣]")

# Korean particles, longest first. Each comes with what the syllable before it must
# end in: "C" a final consonant (정책이), "V" a vowel (정부가), "VL" a vowel or ㄹ (서울로).
_PARTICLES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [
            ("으로부터", "C"),
            ("에서부터", ""),
            ("로부터", "VL"),
            ("에서는", ""),
            ("에서도", ""),
            ("에게서", ""),
            ("으로는", "C"),
            ("으로서", "C"),
            ("으로써", "C"),
            ("까지는", ""),
            ("부터는", ""),
            ("에서", ""),
            ("에게", ""),
            ("한테", ""),
            ("으로", "C"),
            ("까지", ""),
            ("부터", ""),
            ("처럼", ""),
            ("보다", ""),
            ("마다", ""),
            ("조차", ""),
            ("마저", ""),
            ("에는", ""),
            ("에도", ""),
            ("와의", "V"),
            ("이나", "C"),
            ("만큼", ""),
            ("과의", "C"),
            ("로서", "VL"),
            ("로써", "VL"),
            ("로는", "VL"),
            ("은", "C"),
            ("는", "V"),
            ("이", "C"),
            ("가", "V"),
            ("을", "C"),
            ("를", "V"),
            ("에", ""),
            ("로", "VL"),
            ("의", ""),
            ("와", "V"),
            ("과", "C"),
            ("도", ""),
            ("만", ""),
        ],
        key=lambda item: -len(item[0]),
    )
)
# One-syllable particles that also end many nouns: the stem must be two syllables or more.
_SHORT_AMBIGUOUS = {"이", "가", "로", "의", "와", "과", "도", "만"}
# Nouns whose last syllable looks like a particle (주의 is no 주 + 의).
_NOUN_ENDINGS = (
    "주의", "회의", "정의", "협의", "합의", "논의", "의의", "제도", "정도", "속도", "태도",
    "한도", "강도", "빈도", "밀도", "용도", "시도", "지도", "의도", "결과", "효과", "성과",
    "도로", "경로", "통로", "진로", "항로", "회로", "추가", "주가", "대가", "부가", "시가",
    "단가", "고가", "저가", "물가", "길이", "높이", "넓이", "깊이", "어린이", "차이", "년도",
    "연도", "비만", "불만", "미만", "수만", "천만", "백만", "억만",
)  # fmt: skip


def _final(syllable: str) -> int | None:
    """The final-consonant index of a Hangul syllable (0: none, 8: ㄹ), None for others."""
    if not _HANGUL.fullmatch(syllable):
        return None
    return (ord(syllable) - 0xAC00) % 28


# The particles by their last syllable: most eojeol end in none of them.
_BY_LAST: dict[str, tuple[tuple[str, str], ...]] = {}
for _particle in _PARTICLES:
    _BY_LAST[_particle[0][-1]] = (*_BY_LAST.get(_particle[0][-1], ()), _particle)


@functools.lru_cache(maxsize=65536)
def split_particle(eojeol: str, nouns: bool = True) -> tuple[str, str]:
    """(stem, particle) of a Korean eojeol: ("정부", "로부터"); ("국가", "") when none.

    With `nouns`, a word ending like a known noun stays whole (민주주의 is no 민주주 + 의),
    at the price of 정부가 (부가 is a noun too); marking compares both forms, so it passes
    nouns=False.
    """
    for particle, after in _BY_LAST.get(eojeol[-1:], ()):
        if not eojeol.endswith(particle) or len(eojeol) == len(particle):
            continue
        stem = eojeol[: -len(particle)]
        if particle in _SHORT_AMBIGUOUS and len(stem) < 2:
            continue
        if nouns and eojeol.endswith(_NOUN_ENDINGS):
            return eojeol, ""
        final = _final(stem[-1])
        if final is not None and (
            (after == "C" and final == 0)
            or (after == "V" and final != 0)
            or (after == "VL" and final not in (0, 8))
        ):
            continue
        return stem, particle
    return eojeol, ""
