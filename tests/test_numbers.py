import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizdeck.sources.numbers import (
    _CODE_BEFORE,
    _in_code,
    find_numbers,
    parse_number,
    same_value,
    unit_multiplier,
    values_in,
    with_unit,
)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1천11개", 1011),
        ("414억", 41_400_000_000),
        ("6조9518억", 6_951_800_000_000),
        ("6조 9518억 원", 6_951_800_000_000),
        ("1,293", 1293),
        ("1조5000억 위안", 1_500_000_000_000),
        ("15억명", 1_500_000_000),
        ("3백만", 3_000_000),
        ("1.5배", 1.5),
        ("48%", 48),
    ],
)
def test_korean_numerals_mixed_with_digits(written: str, value: float) -> None:
    assert [m.value for m in find_numbers(written)] == [value]


def test_each_number_of_a_sentence_with_its_text_and_span() -> None:
    text = "올해 시장 규모는 414억 위안(약 6조9518억 원)에 달한다. 2018/09/19"
    found = find_numbers(text)
    assert [(m.text, m.value) for m in found] == [
        ("414억", 41_400_000_000),
        ("6조9518억", 6_951_800_000_000),
        ("2018", 2018),
        ("09", 9),
        ("19", 19),
    ]
    assert text[found[0].start : found[0].end] == "414억"


def test_units_never_start_a_number_and_bad_separators_split() -> None:
    assert values_in("천망(天網) 계획과 만리장성") == set()
    assert values_in("1,2345") == {1, 2345}
    assert values_in("2조 3개") == {2_000_000_000_000, 3}


def test_parse_number_reads_a_whole_answer() -> None:
    assert parse_number("1천11") == 1011
    assert parse_number(" 1,293 ") == 1293
    assert parse_number("-2.5") == -2.5
    assert parse_number("6조 9518억") == 6_951_800_000_000
    assert parse_number("414억 위안") is None
    assert parse_number("약 414") is None
    assert parse_number("") is None


def test_unit_multiplier_takes_the_leading_korean_numeral() -> None:
    assert unit_multiplier("억 위안") == 10**8
    assert unit_multiplier("조 달러") == 10**12
    assert unit_multiplier("천만 명") == 10**7
    assert unit_multiplier("개") == 1
    assert unit_multiplier(None) == 1


def test_same_value_honours_tolerance_and_float_noise() -> None:
    assert same_value(0.1 + 0.2, 0.3)
    assert same_value(414, 416, tolerance=2)
    assert not same_value(414, 417, tolerance=2)


def test_with_unit_joins_korean_units_and_spaces_latin_ones() -> None:
    assert with_unit("414", "억 위안") == "414억 위안"
    assert with_unit("75", "%") == "75%"
    assert with_unit("800", "Kg") == "800 Kg"
    assert with_unit("3", None) == "3"


@pytest.mark.parametrize(
    "text",
    ["ISO-8859-1", "KOI8-R", "UTF-8", "COVID-19", "B2B", "GPT-4", "H100 칩", "A4 용지", "G7"],
)
def test_digits_in_a_name_or_code_are_no_number(text: str) -> None:
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [("mid-2020", [2020]), ("8-bit", [8]), ("Windows 10", [10]), ("10km", [10])],
)
def test_digits_beside_lowercase_words_and_units_stay_numbers(
    text: str, values: list[float]
) -> None:
    assert [m.value for m in find_numbers(text)] == values


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("세번 만났다", [3]),
        ("다섯곳에서 열렸다", [5]),
        ("열명이 다쳤다", [10]),
        ("두개를 샀다", [2]),
        ("세차례나 미뤘다", [3]),
        ("두번째 공장", [2]),
    ],
)
def test_a_native_count_against_its_counter_is_a_number(text: str, values: list[float]) -> None:
    assert [m.value for m in find_numbers(text)] == values


@pytest.mark.parametrize(
    "text", ["세대 교체", "세종 24년에", "두개골 골절", "역세권", "세배를 했다", "열대 우림"]
)
def test_words_that_start_like_a_glued_count_are_words(text: str) -> None:
    assert [m.value for m in find_numbers(text)] == ([24] if "24" in text else [])


def test_a_unit_has_its_spellings_in_one_table() -> None:
    from quizdeck.sources.numbers import unit_spellings

    assert unit_spellings("cm") == (
        "cm", "centimetres", "centimeters", "centimetre", "centimeter", "센티미터", "센티", "센치"
    )  # fmt: skip
    assert unit_spellings("년") == ("년", "년도", "연도")
    assert unit_spellings("위안") == ("위안",)
    assert unit_spellings("") == ()


@settings(max_examples=500)
@given(st.text(alphabet="aZ-_ 1가(Kſ9.", max_size=30))
def test_the_quick_look_before_digits_agrees_with_the_code_pattern(text: str) -> None:
    for start in range(len(text)):
        whole = start > 0 and bool(_CODE_BEFORE.search(text[max(0, start - 40) : start]))
        assert _in_code(text, start) == whole
