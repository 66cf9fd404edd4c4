"""What a fair marker accepts (README: `quizdeck quiz`): one table of answer keys, typed
answers and verdicts, Korean and English, with the cases that must stay wrong."""

from __future__ import annotations

import pytest

from quizdeck.banks.model import Location, Question, Text
from quizdeck.resolve import Blank, Resolved, Source, resolve_question
from quizdeck.study.marking import InvalidAnswer, Verdict, check_answer, check_blank

HERE = Location("x")
KO = Source("기사", "ko")
EN = Source("article", "en")

RIGHT, WRONG, NEAR, AGAIN = "right", "wrong", "near miss", "asked again"


def numeric(answer: str, unit: str | None = None, tolerance: float = 0.0) -> Resolved:
    written = Question(
        "n", "numeric", HERE, (Text("e", HERE),), answer=answer, unit=unit, tolerance=tolerance
    )
    return resolve_question("b", KO, written, ())


def short(answer: str, *accept: str, source: Source = KO) -> Resolved:
    written = Question("s", "short", HERE, (Text("e", HERE),), answer=answer, accept=accept)
    return resolve_question("b", source, written, ())


def choice(choices: tuple[str, ...], answer: str, source: Source = KO) -> Resolved:
    written = Question(
        "c", "choice", HERE, (Text("e", HERE),), choices=choices, answer=answer, shuffle=False
    )
    return resolve_question("b", source, written, ())


def truth(answer: bool) -> Resolved:
    written = Question("t", "truefalse", HERE, (Text("e", HERE),), prompt="p", answer=answer)
    return resolve_question("b", KO, written, ())


def verdict_of(key: Resolved | Blank, typed: str) -> str:
    try:
        if isinstance(key, Blank):
            verdict = check_blank(key, typed)
        else:
            verdict = check_answer(key, typed, key.choice_order("s"))
    except InvalidAnswer:
        return AGAIN
    if verdict.correct:
        return RIGHT
    return NEAR if verdict == Verdict(False, near_miss=True) else WRONG


NUMBERS = ("3", "4", "5", "6")
TABLE: list[tuple[str, Resolved | Blank, str, str]] = [
    # Numbers, Korean: markers of approximation around the value, the unit optional.
    ("5000", numeric("5000", "명"), "5000여", RIGHT),
    ("5000", numeric("5000", "명"), "약 5000", RIGHT),
    ("5000", numeric("5000", "명"), "5000여 명", RIGHT),
    ("5000", numeric("5000", "명"), "5,000명 가량", RIGHT),
    ("5000", numeric("5000", "명"), "5천 명 정도", RIGHT),
    ("5000", numeric("5000", "명"), "5000명쯤", RIGHT),
    ("5000", numeric("5000", "명"), "5000 안팎", RIGHT),
    ("5000", numeric("5000", "명"), "５０００", RIGHT),
    ("5000", numeric("5000", "명"), "5001", WRONG),
    ("5000", numeric("5000", "명"), "5000만", WRONG),
    ("5000", numeric("5000", "명"), "약 5000만 명", WRONG),
    ("5000", numeric("5000", "명"), "모름", AGAIN),
    ("5000", numeric("5000", "명"), "많이", AGAIN),
    ("1011", numeric("1011", "개"), "1천11", RIGHT),
    ("1011", numeric("1011", "개"), "1천11개", RIGHT),
    ("1011", numeric("1011", "개"), "1,011 개", RIGHT),
    ("1011", numeric("1011", "개"), "1천1개", WRONG),
    ("414 억 위안", numeric("414", "억 위안"), "약 414억 위안", RIGHT),
    ("414 억 위안", numeric("414", "억 위안"), "414만", WRONG),
    ("3 개", numeric("3", "개"), "세 개", RIGHT),
    ("3 개", numeric("3", "개"), "셋", RIGHT),
    ("2 곳", numeric("2", "곳"), "두 곳", RIGHT),
    ("13 개", numeric("13", "개"), "열세 개", RIGHT),
    ("5000 개", numeric("5000", "개"), "5천여 개", RIGHT),
    ("5000 개", numeric("5000", "개"), "6천여 개", WRONG),
    ("25 명", numeric("25", "명"), "스물다섯", RIGHT),
    ("13 개", numeric("13", "개"), "열네 개", WRONG),
    ("2 곳", numeric("2", "곳"), "세 곳", WRONG),
    # Percent: the sign or word optional.
    ("99.7%", numeric("99.7", "%"), "99.7", RIGHT),
    ("99.7%", numeric("99.7", "%"), "99.7%", RIGHT),
    ("99.7%", numeric("99.7", "%"), "99.7 퍼센트", RIGHT),
    ("99.7%", numeric("99.7", "%"), "99.7프로", RIGHT),
    ("99.7%", numeric("99.7", "%"), "99.7 percent", RIGHT),
    ("99.7%", numeric("99.7", "%"), "99.6%", WRONG),
    ("48 퍼센트", numeric("48", "퍼센트"), "48%", RIGHT),
    # Fractions, minus signs, full-width digits.
    ("1/30", numeric("1/30"), "1/30", RIGHT),
    ("1/30", numeric("1/30"), "1 / 30", RIGHT),
    ("1/30", numeric("1/30"), "1/3", WRONG),
    ("-3", numeric("-3", "도"), "−3", RIGHT),
    ("-3", numeric("-3", "도"), "－3도", RIGHT),
    ("-3", numeric("-3", "도"), "3", WRONG),
    ("12", numeric("12"), "１２", RIGHT),
    # Numbers, English: words, scales and markers.
    ("2", numeric("2"), "two", RIGHT),
    ("2", numeric("2"), "Two", RIGHT),
    ("25", numeric("25"), "twenty-five", RIGHT),
    ("25", numeric("25"), "twenty five", RIGHT),
    ("25", numeric("25"), "twenty-six", WRONG),
    ("3 million", numeric("3", "million people"), "3 million", RIGHT),
    ("3 million", numeric("3", "million people"), "3,000,000 people", RIGHT),
    ("3 million", numeric("3", "million people"), "three million", RIGHT),
    ("3 million", numeric("3", "million people"), "3 billion", WRONG),
    ("3500000", numeric("3500000"), "3.5 million", RIGHT),
    ("10", numeric("10"), "about ten", RIGHT),
    ("10", numeric("10"), "around 10", RIGHT),
    ("40", numeric("40"), "approximately forty", RIGHT),
    ("40", numeric("40"), "some 40", RIGHT),
    ("206", numeric("206"), "two hundred and six", RIGHT),
    ("10", numeric("10"), "dunno", AGAIN),
    # Short answers: NFKC, case, spacing, hyphens and middle dots, a trailing particle.
    ("정부로부터", short("정부로부터"), "정부", RIGHT),
    ("정부", short("정부"), "정부로부터", RIGHT),
    ("정부", short("정부"), "정부가", RIGHT),
    ("중국 정부", short("중국 정부"), "중국정부는", RIGHT),
    ("인공지능", short("인공지능"), "인공 지능을", RIGHT),
    ("연구·개발", short("연구·개발"), "연구개발", RIGHT),
    ("연구·개발", short("연구·개발"), "연구-개발", RIGHT),
    ("AI", short("AI"), "ＡＩ", RIGHT),
    ("AI", short("AI"), "ai", RIGHT),
    ("e-commerce", short("e-commerce", source=EN), "E commerce", RIGHT),
    ("Tsinghua University", short("Tsinghua University", source=EN), "tsinghua-university", RIGHT),
    ("난징대학", short("난징대학", "난징대학교"), "난징대학교", RIGHT),
    ("난징대학", short("난징대학"), "난징대학교", NEAR),
    ("디딤돌", short("디딤돌"), "디딤돌을", RIGHT),
    ("디딤돌", short("디딤돌"), "걸림돌", WRONG),
    ("베이징", short("베이징"), "베이징이", RIGHT),
    ("베이징", short("베이징"), "베이징가", NEAR),  # 가 follows a vowel only: one letter extra
    ("중국", short("중국"), "한국", WRONG),
    # Cloze blanks: the same comparison, and the bank's alternatives for each blank.
    ("blank 디딤돌", Blank(1, "디딤돌"), "디딤 돌", RIGHT),
    ("blank 정부로부터", Blank(1, "정부로부터"), "정부", RIGHT),
    ("blank with accept", Blank(1, "인공지능", ("AI",)), "ai", RIGHT),
    ("blank with accept", Blank(1, "인공지능", ("AI",)), "인공지능", RIGHT),
    ("blank with accept", Blank(1, "인공지능", ("AI",)), "AR", WRONG),
    ("blank", Blank(1, "디딤돌"), "\ufffd\ufffd", AGAIN),
    # Choices whose choices are numbers: by shown label, or by a value no label shadows.
    ('["3","4","5","6"] key "5"', choice(NUMBERS, "5"), "③", RIGHT),
    ('["3","4","5","6"] key "5"', choice(NUMBERS, "5"), "C", RIGHT),
    ('["3","4","5","6"] key "5"', choice(NUMBERS, "5"), "5", RIGHT),
    ('["3","4","5","6"] key "5"', choice(NUMBERS, "5"), "3", AGAIN),
    ('["3","4","5","6"] key "5"', choice(NUMBERS, "5"), "1", WRONG),
    ('["3","4","5","6"] key "5"', choice(NUMBERS, "5"), "다섯", RIGHT),
    (
        '["3개","4개","5개","6개"] key "5개"',
        choice(("3개", "4개", "5개", "6개"), "5개"),
        "5개",
        RIGHT,
    ),
    (
        '["3개","4개","5개","6개"] key "5개"',
        choice(("3개", "4개", "5개", "6개"), "5개"),
        "3개",
        WRONG,
    ),
    (
        '["414억 위안", …] key 414억',
        choice(("414억 위안", "7000억 위안"), "414억 위안"),
        "414억위안",
        RIGHT,
    ),
    ("en choices by letter", choice(("Beijing", "Nanjing"), "Nanjing", source=EN), "b", RIGHT),
    ("en choices by letter", choice(("Beijing", "Nanjing"), "Nanjing", source=EN), "A", WRONG),
    ("en choices by letter", choice(("Beijing", "Nanjing"), "Nanjing", source=EN), "E", AGAIN),
    # True/false.
    ("true", truth(True), "Ｏ", RIGHT),
    ("true", truth(True), "거짓", WRONG),
    ("true", truth(True), "maybe", AGAIN),
]


@pytest.mark.parametrize(
    ("key", "question", "typed", "expected"), TABLE, ids=[f"{r[0]}|{r[2]}" for r in TABLE]
)
def test_a_fair_marker(key: str, question: Resolved | Blank, typed: str, expected: str) -> None:
    assert verdict_of(question, typed) == expected


def test_the_table_is_large_enough_for_the_issue() -> None:
    assert len(TABLE) >= 60


def test_an_ambiguous_number_names_both_readings() -> None:
    with pytest.raises(InvalidAnswer) as raised:
        check_answer(choice(NUMBERS, "5"), "3", (0, 1, 2, 3))
    assert raised.value.reason == "ambiguous"
    assert raised.value.details == {
        "typed": "3",
        "position": "3",
        "position_text": "5",
        "value": "1",
    }


def test_the_yes_words_of_retry_are_true_and_the_most_choices_follow_the_marks() -> None:
    from quizdeck.sources.labels import CHOICE_MARKS, MAX_CHOICES, YES_WORDS
    from quizdeck.study.marking import FALSE_WORDS, TRUE_WORDS, parse_truth

    assert YES_WORDS <= TRUE_WORDS and not YES_WORDS & FALSE_WORDS
    assert parse_truth("네") is True and parse_truth("Yes") is True
    assert MAX_CHOICES == 8 == len(CHOICE_MARKS["ko"]) == len(CHOICE_MARKS["en"])
