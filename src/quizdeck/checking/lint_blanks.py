"""Item-writing rules on cloze blanks: particles, length, partial words, blanks given away."""

from __future__ import annotations

from quizdeck.banks.model import Diagnostic, Question
from quizdeck.checking.codes import diagnostic
from quizdeck.checking.lint_words import (
    HANGUL,
    STOP_EN,
    WORD,
    content_words,
    stem_of,
)
from quizdeck.resolve import cloze_visible
from quizdeck.sources.korean import split_particle
from quizdeck.sources.numbers import values_in
from quizdeck.sources.textnorm import find_spans, normalize


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
                diagnostic(
                    "blank-particle",
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
            diagnostic(
                "blank-long",
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
                    and not HANGUL.match(quote[end])
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
                    diagnostic(
                        "blank-partial-word",
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


_FUNCTION_EN = STOP_EN - {"true", "false", "article", "following", "statement", "according"}
_FUNCTION_KO = {
    "및", "등", "또는", "그리고", "그러나", "하지만", "그", "이", "저", "것", "수", "더", "또",
    "중", "위해", "통해", "대한", "의", "를", "을", "은", "는", "이다", "있다", "했다", "한",
}  # fmt: skip


def _visible_stems(question: Question, quotes: list[str], language: str) -> set[str]:
    """The stems of what the reader still sees: every blank hidden everywhere it stands."""
    visible = cloze_visible(quotes, [b.value for b in question.blanks])
    return {stem_of(w, language) for w in WORD.findall(visible)}


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
            and not WORD.sub("", text).strip(" .,%")
            and (values_in(text) & values_in(prompt))
        ):
            reason = "is a number the prompt already gives"
            hint = "take the number out of the prompt, or blank another word"
        else:
            if seen is None:
                seen = _visible_stems(question, quotes, language)
            words = content_words(text, language)
            shown = [w for w in words if w in seen]
            shown += [w for w in words if w.casefold() in prompt.casefold()]
            if shown:
                reason = f"is repeated by the text around it ({shown[0]!r})"
                hint = "blank a word the reader cannot copy from the rest of the text"
        if reason:
            found.append(
                diagnostic(
                    "trivial-blank",
                    blank.location,
                    f"{question.id}: blank {blank.value!r} {reason}",
                    bank,
                    question.id,
                    (hint,),
                )
            )
    return found
