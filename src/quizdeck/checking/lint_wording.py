"""Item-writing rules on prompts and choices: the key stands out, absolute and vague words, negatives, relative time."""

from __future__ import annotations

import functools
import re

from quizdeck.banks.model import Diagnostic, Question
from quizdeck.checking.lint_words import (
    EOJEOL,
    WORD,
    content_words,
    has_choices,
    keys_and_distractors,
    lint_diagnostic,
)
from quizdeck.resolve import is_negative, negative_span, numeric_choice_values
from quizdeck.sources.korean import split_particle
from quizdeck.sources.textnorm import fold, normalize


def key_longest(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """The key of a choice question is clearly the longest option."""
    if question.type != "choice":
        return []
    keys, others = keys_and_distractors(question)
    if len(keys) != 1 or len(others) < 2:
        return []
    key = len(normalize(keys[0]))
    longest = max(len(normalize(c)) for c in others)
    if key < longest * 1.4 or key - longest < 8:
        return []
    if numeric_choice_values(question.choices) is not None:
        return []
    return [
        lint_diagnostic(
            question,
            bank,
            "key-longest",
            "choices",
            f"the key is clearly the longest choice ({key} characters, the next longest {longest})",
            "a length cue gives the key away: shorten the key or give the distractors as much detail",
        )
    ]


_ALL_NONE = re.compile(
    r"^(?:all|none|both|neither) of (?:the )?(?:above|these|them|those|the (?:above|choices|options|answers))\b"
    r"|^no (?:correct|right) answer\b|^(?:all|none) are (?:correct|true|wrong|false)\b"
    r"|위\s*(?:의\s*)?(?:보기|것|내용)\s*(?:모두|전부)|보기\s*(?:모두|전부)|모두\s*(?:옳|맞|정답|틀|해당|아니)"
    r"|(?:정답|답|해당)\s*(?:없음|없다)|(?:옳|맞)은\s*것\s*없음|정답이\s*없"
)


def all_none_of_above(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """A choice is "all/none of the above" (or 위 보기 모두, 정답 없음, …)."""
    if not has_choices(question):
        return []
    return [
        lint_diagnostic(
            question,
            bank,
            "all-none-of-above",
            "choices",
            f"the choice {choice!r} is an all/none-of-the-above option",
            "it rewards partial knowledge and breaks shuffling: replace it with a plausible distractor",
        )
        for choice in question.choices
        if _ALL_NONE.search(fold(choice))
    ]


_ABSOLUTE_EN = {
    "always", "never", "only", "all", "none", "every", "everyone", "everything", "nothing",
    "nobody", "completely", "entirely", "absolutely", "totally", "must", "forever", "solely",
}  # fmt: skip
_ABSOLUTE_KO = {
    "항상", "절대", "절대로", "반드시", "결코", "전혀", "모든", "오직", "오로지", "무조건",
    "언제나", "완전히", "전부", "누구나", "아무도", "유일한", "유일하게", "늘",
}  # fmt: skip


_ABSOLUTE_KO_STARTS = tuple(_ABSOLUTE_KO)
# A quick look for any absolute word before the texts are split into words.
_ABSOLUTE_ANY = re.compile("|".join(sorted(_ABSOLUTE_EN | _ABSOLUTE_KO)), re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 14)
def _absolutes(text: str, language: str) -> tuple[str, ...]:
    found: list[str] = []
    if not _ABSOLUTE_ANY.search(text):
        return ()
    for word in WORD.findall(normalize(text)):
        lowered = word.casefold()
        stem = split_particle(word)[0] if word.startswith(_ABSOLUTE_KO_STARTS) else lowered
        if lowered in _ABSOLUTE_EN or stem in _ABSOLUTE_KO:
            found.append(word)
    return tuple(found)


def absolute_term(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """Distractors, but not the key, use absolute words (the key, for a NOT question)."""
    if not has_choices(question):
        return []
    keys, others = keys_and_distractors(question)
    if not keys:
        return []
    key_words = [w for k in keys for w in _absolutes(k, language)]
    other_words = [w for c in others for w in _absolutes(c, language)]
    if is_negative(question, language):
        # In a NOT question the key is the false statement: the absolute word marks it.
        if not key_words or other_words:
            return []
        message = f"only the key uses an absolute word ({', '.join(key_words)})"
        hint = "absolute words mark the false statement: word the key as the others are"
    else:
        if not other_words or key_words:
            return []
        message = f"distractors use absolute words ({', '.join(other_words)}) and the key does not"
        hint = "absolute words mark distractors as false: drop them or use them in the key too"
    return [lint_diagnostic(question, bank, "absolute-term", "choices", message, hint)]


_VAGUE_EN = {
    "often", "usually", "sometimes", "frequently", "generally", "occasionally", "rarely",
    "seldom", "typically", "mostly", "normally", "commonly",
}  # fmt: skip
_VAGUE_KO = {
    "대체로", "종종", "가끔", "흔히", "자주", "대개", "일반적으로", "때때로", "간혹", "이따금",
    "가끔씩", "드물게", "빈번히", "통상",
}  # fmt: skip


_VAGUE_KO_STARTS = tuple(_VAGUE_KO)
_VAGUE_ANY = re.compile("|".join(sorted(_VAGUE_EN | _VAGUE_KO)), re.IGNORECASE)


def vague_term(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """The prompt or the choices use vague frequency words."""
    texts = [("prompt", question.prompt or "")] if question.type != "cloze" else []
    texts += [("choices", c) for c in question.choices]
    found: list[str] = []
    where = ""
    for field, text in texts:
        if not _VAGUE_ANY.search(text):
            continue
        for word in WORD.findall(normalize(text)):
            korean = word.startswith(_VAGUE_KO_STARTS) and split_particle(word)[0] in _VAGUE_KO
            if word.casefold() in _VAGUE_EN or word in _VAGUE_KO or korean:
                found.append(word)
                where = where or field
    if not found:
        return []
    return [
        lint_diagnostic(
            question,
            bank,
            "vague-term",
            where,
            f"vague frequency word{'s' if len(found) > 1 else ''} {', '.join(found)}",
            "readers differ on how often 'often' is: state the fact, with the article's figure if it gives one",
        )
    ]


def stem_key_overlap(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """A content word of the prompt reappears in the key and in no distractor."""
    if question.type != "choice" or is_negative(question, language):
        return []
    keys, others = keys_and_distractors(question)
    if len(keys) != 1 or not others:
        return []
    key = fold(keys[0])
    folded = [fold(c) for c in others]
    repeated = [
        word
        for word in dict.fromkeys(content_words(question.prompt or "", language))
        if word in key and not any(word in other for other in folded)
    ]
    if not repeated:
        return []
    return [
        lint_diagnostic(
            question,
            bank,
            "stem-key-overlap",
            "choices",
            f"the prompt's {', '.join(map(repr, repeated))} reappear{'s' if len(repeated) == 1 else ''} "
            "in the key and in no distractor",
            "a repeated word points at the key: reword the key, or use the word in a distractor too",
        )
    ]


# Korean negatives in every register and conjugation: 않 and 없 are always a negative
# (않는다, 않았다, 않음, 않습니다; 없다, 없는, 없음, 없었다), 아니 conjugated (아니다,
# 아닌, 아님, 아닙니다, and the formal and legal 아니한다, 아니하다, 아니함, 하지 아니한),
# 못 before 하다 (못한다, 못했다, 못함) or alone; not 아니면 (or) nor 연못 (a pond).
_NEGATIVE_CHOICE = re.compile(
    r"(?i:\b(?:not|no|never|none|neither|nor|cannot|without)\b|n't\b)"
    r"|않|없|아니[다며고었라하한함]|아닌|아님|아닙"
    r"|(?<![가-힣])못(?:\s?[하한했함해할]|(?![가-힣]))|\b안\s"
)


def double_negative(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """A negative question ("which is NOT …") has a negative choice."""
    if not has_choices(question) or not is_negative(question, language):
        return []
    negatives = [c for c in question.choices if _NEGATIVE_CHOICE.search(normalize(c))]
    if not negatives:
        return []
    span = negative_span(question.prompt or "", language)
    asked = (question.prompt or "")[span[0] : span[1]] if span else "NOT"
    return [
        lint_diagnostic(
            question,
            bank,
            "double-negative",
            "choices",
            f"the prompt asks {asked!r} and the choice {negatives[0]!r} is negative too",
            "a negative of a negative confuses readers: word the choice positively, or ask positively",
        )
    ]


_RELATIVE_KO = {
    "올해", "지난해", "작년", "내년", "이듬해", "금년", "전년", "이달", "지난달", "다음달",
    "이번달", "지난주", "이번주", "다음주", "어제", "오늘", "내일", "그저께", "모레", "올",
}  # fmt: skip
_RELATIVE_EN = re.compile(
    r"\b(?:(?i:this|last|next|past|coming) (?:(?i:year|month|week|weekend|quarter|spring|summer"
    r"|autumn|fall|winter|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    # A month in capitals: "this may" is a verb.
    r"|January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?i:(?:last|past|next|coming) (?:\d+|a few|few|several|two|three|four|five|six|seven"
    r"|eight|nine|ten) (?:days|weeks|months))"
    r"|(?i:yesterday|today|tomorrow|tonight))\b"
)
# Relative days, weeks and months written in words (지난 3일, 이번 주, 다음 달, 지난 5월,
# 오는 15일, 지난 3개월간), a particle or 간/동안 after them.
_RELATIVE_KO_PHRASE = re.compile(
    r"(?<![가-힣])(?:지난|이번|다음|오는|올|금주|이달)\s?"
    r"(?:주말|주|달|\d+\s?(?:일|주|주일|개월|달|월)|[월화수목금토일]요일)"
    r"(?:(?![가-힣])|(?=[의에은는이을를도부까간동]))"
)
_LATIN = re.compile(r"[A-Za-z]")
_RELATIVE_KO_ANY = re.compile("|".join(sorted(_RELATIVE_KO, key=len, reverse=True)))
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def relative_time(
    question: Question, bank: str, language: str, published: str | None = None
) -> list[Diagnostic]:
    """The prompt uses a relative time (올해, last month …), names no year, and the bank no date.

    A bank with `published` anchors it: every output shows "title · date" above the question.
    """
    prompt = normalize(question.prompt or "")
    if published or question.type == "cloze" or not prompt or _YEAR.search(prompt):
        return []
    found = (
        [m.group() for m in _RELATIVE_EN.finditer(prompt)]
        if prompt.isascii() or _LATIN.search(prompt)
        else []
    )
    found += [m.group() for m in _RELATIVE_KO_PHRASE.finditer(prompt)]
    if not found and _RELATIVE_KO_ANY.search(prompt):
        found += [
            w
            for w in EOJEOL.findall(prompt)
            if split_particle(w.strip("\"'(),.?"))[0] in _RELATIVE_KO
        ]
    if not found:
        return []
    return [
        lint_diagnostic(
            question,
            bank,
            "relative-time",
            "prompt",
            f"the prompt says {found[0]!r} and names no year",
            "nothing dates the question: name the year (올해 → 2018년) or give the bank article.published",
        )
    ]
