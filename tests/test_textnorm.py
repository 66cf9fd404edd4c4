import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizdeck.sources.textnorm import (
    did_you_mean,
    find_spans,
    fold,
    normalize,
    normalize_mapped,
    numbered_spans,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (unicodedata.normalize("NFD", "한국어 뉴스"), "한국어 뉴스"),
        ("\u2018세계의 공장\u2019 \u201c연구실\u201d", "'세계의 공장' \"연구실\""),
        ("\u201e\u201f\u201a\u201b", "\"\"''"),
        (
            "AR\u2027VR AR\u30fbVR AR\u318dVR AR\u2219VR AR\u22c5VR AR\u2024VR AR\uff65VR",
            " ".join(["AR·VR"] * 7),
        ),
        ("414억\u00a0위안", "414억 위안"),
        ("세계의\u3000연구실", "세계의 연구실"),
        ("첫 줄\r\n둘째 줄\n\n셋째\f줄", "첫 줄 둘째 줄 셋째 줄"),
        ("인공\u200b지능\ufeff", "인공지능"),
        ("  \t 앞뒤 공백 \n", "앞뒤 공백"),
    ],
)
def test_normalize_forgives_what_the_readme_forgives(written: str, expected: str) -> None:
    assert normalize(written) == expected


def test_normalize_keeps_what_the_readme_does_not_forgive() -> None:
    assert normalize("414억 위안.") != normalize("414억 위안")
    assert normalize("R&D") != normalize("r&d")
    assert fold("R&D") == fold("r&d")


def test_mapped_view_points_back_to_original_offsets() -> None:
    original = "  가\u00a0\u00a0나\r\n\u201c다\u201d " + unicodedata.normalize("NFD", "한")
    view = normalize_mapped(original)
    assert view.text == normalize(original) == '가 나 "다" 한'
    start, end = view.span(view.text.index("나"), view.text.index("나") + 1)
    assert original[start:end] == "나"
    start, end = view.span(view.text.index("한"), len(view.text))
    assert original[start:end] == unicodedata.normalize("NFD", "한")
    start, end = view.span(view.text.index('"'), view.text.index('"') + 1)
    assert original[start:end] == "\u201c"


def test_without_spaces_keeps_the_map() -> None:
    view = normalize_mapped("세계의 연\n구실").without_spaces()
    assert view.text == "세계의연구실"
    start, end = view.span(3, 6)
    assert "세계의 연\n구실"[start:end] == "연\n구실"


texts = st.text(
    alphabet=st.sampled_from(
        [*list("가나다 abc\n\r\t\xa0\u3000\u200b‘’“”・ㆍ.,0123"), "ᄀ", "ᅡ", "ᆨ", "e", "́"]
    ),
    max_size=60,
)


@given(texts)
def test_mapped_view_equals_plain_normalisation(text: str) -> None:
    view = normalize_mapped(text)
    assert view.text == normalize(text)
    joins = any(unicodedata.combining(ch) or "\u1160" <= ch <= "\u11ff" for ch in text)
    if unicodedata.is_normalized("NFC", text) and not joins:
        # The fast path and the chunked NFC path map offsets the same way.
        from quizdeck.sources.textnorm import _fold_mapped

        slow = normalize_mapped(text + "\u1100\u1161")
        fast = _fold_mapped(text)
        assert slow.starts[: len(fast.starts)] == fast.starts
        assert slow.ends[: len(fast.ends) - 1] == fast.ends[:-1]
    assert len(view.starts) == len(view.ends) == len(view.text)
    assert all(0 <= s <= e <= len(text) for s, e in zip(view.starts, view.ends, strict=True))


def test_find_spans_forgives_normalisation_then_spacing() -> None:
    text = "중국 \u201c정부\u201d의 지원이 디딤\n돌이다. 중국 정부"
    assert [text[s:e] for s, e in find_spans(text, '"정부"')] == ["\u201c정부\u201d"]
    assert [text[s:e] for s, e in find_spans(text, "디딤돌")] == ["디딤\n돌"]
    assert find_spans(text, "주춧돌") == ()
    assert find_spans("aaaa", "aa") == ((0, 2), (2, 4))
    assert find_spans("aaaa", "aa", overlapping=True) == ((0, 2), (1, 3), (2, 4))


def test_numbered_spans_mark_every_place_and_earlier_needles_win() -> None:
    text = "중국 정부의 지원이 중국 AI의 디딤돌이다."
    assert numbered_spans(text, ["디딤돌", "중국", "중국 정부"]) == [
        (0, 2, 2),
        (11, 13, 2),
        (18, 21, 1),
    ]


def test_did_you_mean_names_the_closest_option_or_nothing() -> None:
    assert did_you_mean("mutli", ("choice", "multi", "short")) == "did you mean 'multi'?"
    assert (
        did_you_mean("파이낸셜", ["파이낸셜타임스", "로이터"]) == "did you mean '파이낸셜타임스'?"
    )
    assert did_you_mean("essay", ("choice", "multi", "short")) is None
