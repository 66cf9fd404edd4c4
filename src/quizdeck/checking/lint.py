"""Item-writing lint: the flaws that make a question unfair (README: `quizdeck check`).

One function per code, each returning its Diagnostics; `lint_question` runs the
per-question rules, `duplicate_evidence` compares the questions of a bank, and
`apply_allow` honours a question's `allow:` list. Rules work in both languages of a
bank: English by words, Korean by eojeol (a spaced word) and a particle list.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from quizdeck.banks.model import Diagnostic, Location, Question, Severity
from quizdeck.checking.item_stats import ITEM_CODES
from quizdeck.resolve import (
    cloze_visible,
    is_negative,
    key_indexes,
    negative_span,
    numeric_choice_values,
)
from quizdeck.sources.korean import split_particle
from quizdeck.sources.numbers import values_in
from quizdeck.sources.textnorm import did_you_mean, find_spans, fold, normalize

LINT_CODES = (
    "key-longest",
    "all-none-of-above",
    "absolute-term",
    "vague-term",
    "stem-key-overlap",
    "double-negative",
    "relative-time",
    "blank-particle",
    "blank-long",
    "blank-partial-word",
    "duplicate-evidence",
    "trivial-blank",
    "unused-allow",
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_EOJEOL = re.compile(r"\S+")
_HANGUL = re.compile(r"[가-힣]")


@functools.lru_cache(maxsize=65536)
def _stem(word: str, language: str) -> str:
    """A word compared loosely: particles off in Korean, plural and tense endings in English."""
    word = word.casefold()
    if language == "ko" or _HANGUL.search(word):
        return split_particle(word)[0]
    for ending in ("ies", "es", "s", "ed", "ing"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


_STOP_EN = frozenset(
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
        "but", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that",
        "these", "those", "which", "what", "who", "whom", "whose", "when", "where", "why", "how",
        "does", "do", "did", "has", "have", "had", "not", "no", "than", "then", "there", "their",
        "they", "them", "he", "she", "his", "her", "we", "our", "you", "your", "i", "according",
        "article", "following", "statement", "true", "false", "says", "said", "can", "could",
        "would", "will", "should", "may", "might", "about", "into", "over", "under", "after",
        "before", "between", "more", "most", "less", "least"
    }
)  # fmt: skip
_STOP_KO = frozenset(
    {
        "기사", "기사에", "따르면", "다음", "다음은", "중", "무엇", "무엇인가", "어느", "어떤", "어디", "누구", "언제", "얼마", "몇",
        "것", "것은", "것을", "가장", "관한", "관해", "대한", "대해", "설명", "설명으로", "내용", "내용으로", "옳은", "맞는", "및",
        "등", "이", "그", "저", "수", "더", "또", "위해", "통해", "따라", "인가", "인가요", "무엇을", "무엇이", "고르시오",
        "쓰시오", "위", "보기", "있다", "했다", "한다", "된다", "하는", "있는", "것이다", "밝혔다"
    }
)  # fmt: skip


@functools.lru_cache(maxsize=1 << 14)
def _content_words(text: str, language: str) -> tuple[str, ...]:
    """The content words of a text, stemmed: no function words, no bare numbers."""
    words: list[str] = []
    for word in _WORD.findall(normalize(text)):
        if word.isdigit() or word.casefold() in _STOP_EN or word in _STOP_KO:
            continue
        stem = _stem(word, language)
        if stem in _STOP_KO or stem in _STOP_EN or len(stem) < (2 if _HANGUL.search(stem) else 3):
            continue
        words.append(stem)
    return tuple(words)


def _diagnostic(
    question: Question,
    bank: str,
    code: str,
    where: str,
    message: str,
    hint: str,
    severity: Severity = "warning",
) -> Diagnostic:
    location: Location = question.at(where)
    return Diagnostic(
        code, severity, location, f"{question.id}: {message}", bank, question.id, (hint,)
    )


def _has_choices(question: Question) -> bool:
    return question.type in ("choice", "multi") and len(question.choices) >= 2


def _keys_and_distractors(question: Question) -> tuple[list[str], list[str]]:
    keys = key_indexes(question)
    chosen = [c for i, c in enumerate(question.choices) if i in keys]
    others = [c for i, c in enumerate(question.choices) if i not in keys]
    return chosen, others


def key_longest(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """The key of a choice question is clearly the longest option."""
    if question.type != "choice":
        return []
    keys, others = _keys_and_distractors(question)
    if len(keys) != 1 or len(others) < 2:
        return []
    key = len(normalize(keys[0]))
    longest = max(len(normalize(c)) for c in others)
    if key < longest * 1.4 or key - longest < 8:
        return []
    if numeric_choice_values(question.choices) is not None:
        return []
    return [
        _diagnostic(
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
    if not _has_choices(question):
        return []
    return [
        _diagnostic(
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
    for word in _WORD.findall(normalize(text)):
        lowered = word.casefold()
        stem = split_particle(word)[0] if word.startswith(_ABSOLUTE_KO_STARTS) else lowered
        if lowered in _ABSOLUTE_EN or stem in _ABSOLUTE_KO:
            found.append(word)
    return tuple(found)


def absolute_term(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """Distractors, but not the key, use absolute words (the key, for a NOT question)."""
    if not _has_choices(question):
        return []
    keys, others = _keys_and_distractors(question)
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
    return [_diagnostic(question, bank, "absolute-term", "choices", message, hint)]


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
        for word in _WORD.findall(normalize(text)):
            korean = word.startswith(_VAGUE_KO_STARTS) and split_particle(word)[0] in _VAGUE_KO
            if word.casefold() in _VAGUE_EN or word in _VAGUE_KO or korean:
                found.append(word)
                where = where or field
    if not found:
        return []
    return [
        _diagnostic(
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
    keys, others = _keys_and_distractors(question)
    if len(keys) != 1 or not others:
        return []
    key = fold(keys[0])
    folded = [fold(c) for c in others]
    repeated = [
        word
        for word in dict.fromkeys(_content_words(question.prompt or "", language))
        if word in key and not any(word in other for other in folded)
    ]
    if not repeated:
        return []
    return [
        _diagnostic(
            question,
            bank,
            "stem-key-overlap",
            "choices",
            f"the prompt's {', '.join(map(repr, repeated))} reappear{'s' if len(repeated) == 1 else ''} "
            "in the key and in no distractor",
            "a repeated word points at the key: reword the key, or use the word in a distractor too",
        )
    ]


_NEGATIVE_CHOICE = re.compile(
    r"(?i:\b(?:not|no|never|none|neither|nor|cannot|without)\b|n't\b)"
    r"|지\s?않|않[는은았다]|없[다는었음이고]|아니[다며고었]|아닌|못\s?[하한했]|\b못\b|\b안\s"
)


def double_negative(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """A negative question ("which is NOT …") has a negative choice."""
    if not _has_choices(question) or not is_negative(question, language):
        return []
    negatives = [c for c in question.choices if _NEGATIVE_CHOICE.search(normalize(c))]
    if not negatives:
        return []
    span = negative_span(question.prompt or "", language)
    asked = (question.prompt or "")[span[0] : span[1]] if span else "NOT"
    return [
        _diagnostic(
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
    r"\b(?:(?:this|last|next|past) (?:year|month|week|quarter|spring|summer|autumn|fall|winter)"
    r"|yesterday|today|tomorrow|tonight)\b",
    re.IGNORECASE,
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
    if _RELATIVE_KO_ANY.search(prompt):
        found += [
            w
            for w in _EOJEOL.findall(prompt)
            if split_particle(w.strip("\"'(),.?"))[0] in _RELATIVE_KO
        ]
    if not found:
        return []
    return [
        _diagnostic(
            question,
            bank,
            "relative-time",
            "prompt",
            f"the prompt says {found[0]!r} and names no year",
            "nothing dates the question: name the year (올해 → 2018년) or give the bank article.published",
        )
    ]


def blank_particle(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """A Korean cloze blank ends with a particle."""
    if question.type != "cloze" or language != "ko":
        return []
    found = []
    for blank in question.blanks:
        words = normalize(blank.value).split(" ")
        stem, particle = split_particle(words[-1])
        if particle:
            kept = " ".join([*words[:-1], stem])
            found.append(
                Diagnostic(
                    "blank-particle",
                    "warning",
                    blank.location,
                    f"{question.id}: blank {blank.value!r} ends with the particle {particle!r}",
                    bank,
                    question.id,
                    (
                        f"blank the word, keep the particle: blank {kept!r} and leave {particle!r} in the sentence",
                    ),
                )
            )
    return found


MAX_BLANK_WORDS = 3
MAX_BLANK_CHARACTERS = 20


def blank_long(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """A cloze blank is longer than three words or twenty characters."""
    found = []
    for blank in question.blanks if question.type == "cloze" else ():
        text = normalize(blank.value)
        words = len(text.split(" "))
        if words > MAX_BLANK_WORDS:
            size = f"{words} words"
        elif len(text) > MAX_BLANK_CHARACTERS:
            size = f"{len(text)} characters"
        else:
            continue
        found.append(
            Diagnostic(
                "blank-long",
                "warning",
                blank.location,
                f"{question.id}: blank {blank.value!r} hides {size}",
                bank,
                question.id,
                (
                    f"blank the key term (at most {MAX_BLANK_WORDS} words, {MAX_BLANK_CHARACTERS} characters) and let the rest cue it",
                ),
            )
        )
    return found


def _word_char(ch: str) -> bool:
    return ch.isalnum()


def blank_partial_word(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """A blank starts (or, in English, ends) inside a word: the print shows "(1)s"."""
    found = []
    for blank in question.blanks if question.type == "cloze" else ():
        for quote in (normalize(q.value) for q in question.evidence):
            # Overlapping, as the checker asks: the spans are then cached, not found again.
            for start, end in find_spans(quote, blank.value, overlapping=True):
                inside_start = (
                    start > 0 and _word_char(quote[start - 1]) and _word_char(quote[start])
                )
                # A particle may follow a Korean word; an English word has no such tail.
                inside_end = (
                    end < len(quote)
                    and not _HANGUL.match(quote[end])
                    and _word_char(quote[end])
                    and _word_char(quote[end - 1])
                )
                if not (inside_start or inside_end):
                    continue
                left = start
                while left > 0 and _word_char(quote[left - 1]):
                    left -= 1
                right = end
                while inside_end and right < len(quote) and _word_char(quote[right]):
                    right += 1
                where = "starts" if inside_start else "ends"
                found.append(
                    Diagnostic(
                        "blank-partial-word",
                        "error",
                        blank.location,
                        f"{question.id}: blank {blank.value!r} {where} inside the word {quote[left:right]!r}",
                        bank,
                        question.id,
                        (f"blank whole words: {quote[left:right]!r}",),
                    )
                )
                break
            else:
                continue
            break
    return found


_FUNCTION_EN = _STOP_EN - {"true", "false", "article", "following", "statement", "according"}
_FUNCTION_KO = {
    "및", "등", "또는", "그리고", "그러나", "하지만", "그", "이", "저", "것", "수", "더", "또",
    "중", "위해", "통해", "대한", "의", "를", "을", "은", "는", "이다", "있다", "했다", "한",
}  # fmt: skip


def _visible_stems(question: Question, quotes: list[str], language: str) -> set[str]:
    """The stems of what the reader still sees: every blank hidden everywhere it stands."""
    visible = cloze_visible(quotes, [b.value for b in question.blanks])
    return {_stem(w, language) for w in _WORD.findall(visible)}


def trivial_blank(question: Question, bank: str, language: str) -> list[Diagnostic]:
    """A blank is a function word, a number the prompt gives, or a word the sentence repeats."""
    if question.type != "cloze":
        return []
    found = []
    quotes = [normalize(q.value) for q in question.evidence]
    prompt = normalize(question.prompt or "")
    seen: set[str] | None = None
    for blank in question.blanks:
        text = normalize(blank.value)
        reason = None
        hint = "blank a content word the reader must recall"
        if text.casefold() in _FUNCTION_EN or text in _FUNCTION_KO:
            reason = "is a function word"
        elif (
            values_in(text)
            and not _WORD.sub("", text).strip(" .,%")
            and (values_in(text) & values_in(prompt))
        ):
            reason = "is a number the prompt already gives"
            hint = "take the number out of the prompt, or blank another word"
        else:
            if seen is None:
                seen = _visible_stems(question, quotes, language)
            words = _content_words(text, language)
            shown = [w for w in words if w in seen]
            shown += [w for w in words if w.casefold() in prompt.casefold()]
            if shown:
                reason = f"is repeated by the text around it ({shown[0]!r})"
                hint = "blank a word the reader cannot copy from the rest of the text"
        if reason:
            found.append(
                Diagnostic(
                    "trivial-blank",
                    "warning",
                    blank.location,
                    f"{question.id}: blank {blank.value!r} {reason}",
                    bank,
                    question.id,
                    (hint,),
                )
            )
    return found


Rule = Callable[[Question, str, str], list[Diagnostic]]
RULES: tuple[Rule, ...] = (
    key_longest,
    all_none_of_above,
    absolute_term,
    vague_term,
    stem_key_overlap,
    double_negative,
    blank_particle,
    blank_long,
    blank_partial_word,
    trivial_blank,
)


def lint_question(
    question: Question, bank: str, language: str, published: str | None = None
) -> list[Diagnostic]:
    """Every per-question item-writing rule on one question."""
    found = [d for rule in RULES for d in rule(question, bank, language)]
    return found + relative_time(question, bank, language, published)


_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")


def _sentences(question: Question) -> list[str]:
    return [
        fold(s) for q in question.evidence for s in _SENTENCE_END.split(normalize(q.value)) if s
    ]


def _fact(question: Question, language: str) -> set[str]:
    """What a question tests: the words and numbers of its key (or blanks, or statement)."""
    if question.type == "cloze":
        texts = [b.value for b in question.blanks]
    elif question.type == "truefalse":
        texts = [question.prompt or ""]
    elif question.type == "numeric":
        texts = [f"{question.answer} {question.unit or ''}"]
    else:
        texts = [*question.answers, *question.accept]
    words = {w for t in texts for w in _content_words(t, language)}
    numbers = {f"#{v:g}" for t in texts for v in values_in(normalize(t))}
    return words | numbers


def duplicate_evidence(
    questions: Sequence[Question],
    bank: str,
    language: str,
    paragraphs: Mapping[str, tuple[int, ...]],
) -> list[Diagnostic]:
    """Two questions rest on the same evidence sentence and test the same fact."""
    found = []
    by_paragraph: dict[int, list[Question]] = {}
    # Sentences of each question once; its fact only when it shares a sentence.
    sentences: dict[int, list[str]] = {}
    facts: dict[int, set[str]] = {}

    def fact_of(question: Question) -> set[str]:
        if id(question) not in facts:
            facts[id(question)] = _fact(question, language)
        return facts[id(question)]

    for question in questions:
        if is_negative(question, language):
            # A NOT question's key is false by design: it tests the other choices.
            continue
        earlier = [q for n in paragraphs.get(question.id, ()) for q in by_paragraph.get(n, [])]
        mine = sentences[id(question)] = _sentences(question)
        # By identity: hashing a question dataclass hashes every field.
        for other in {id(q): q for q in earlier}.values():
            theirs = sentences[id(other)]
            if not any(a in b or b in a for a in mine for b in theirs):
                continue
            shared = sorted(fact_of(question) & fact_of(other))
            if shared:
                found.append(
                    _diagnostic(
                        question,
                        bank,
                        "duplicate-evidence",
                        "evidence",
                        f"rests on the same evidence as {other.id} (line {other.location.line}) "
                        f"and tests the same fact ({', '.join(s.lstrip('#') for s in shared)})",
                        "a bank tests each fact once: ask about another sentence, or drop one",
                    )
                )
                break
        for n in paragraphs.get(question.id, ()):
            by_paragraph.setdefault(n, []).append(question)
    return found


def apply_allow(
    questions: Iterable[Question], bank: str, diagnostics: Sequence[Diagnostic]
) -> list[Diagnostic]:
    """Drop the warnings each question's `allow:` names; an allow that silences nothing is a warning."""
    allowed = {q.id: q for q in questions if q.allow}
    if not allowed:
        return list(diagnostics)
    kept: list[Diagnostic] = []
    used: set[tuple[str, str]] = set()
    for diagnostic in diagnostics:
        question = allowed.get(diagnostic.question or "")
        if question and diagnostic.severity == "warning" and diagnostic.code in question.allow:
            used.add((question.id, diagnostic.code))
            continue
        kept.append(diagnostic)
    for question in allowed.values():
        for code in question.allow:
            # A statistics code silences nothing until a class's figures say so.
            if (question.id, code) in used or code in ITEM_CODES:
                continue
            close = did_you_mean(code, LINT_CODES) if code not in LINT_CODES else None
            hint = close or f"remove {code!r} from allow"
            kept.append(
                _diagnostic(
                    question,
                    bank,
                    "unused-allow",
                    "allow",
                    f"allow names {code!r}, which reports no warning here",
                    hint,
                )
            )
    return kept
