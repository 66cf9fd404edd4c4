"""The loader: YAML nodes to banks with locations; every malformed file becomes diagnostics."""

from __future__ import annotations

import textwrap

import pytest

from conftest import SAMPLE_BANK
from quizdeck.banks.loader import load_bank
from quizdeck.banks.model import Bank
from quizdeck.checking.report import format_text


def load(text: str | bytes) -> tuple[object, list[str]]:
    data = text if isinstance(text, bytes) else textwrap.dedent(text).encode("utf-8")
    bank, diagnostics = load_bank(data, "questions/b.yaml", "b")
    return bank, [format_text(d) for d in diagnostics]


MINIMAL = """\
article:
  source: sample.txt
  title: "제목"
questions:
  - id: q-one
    type: short
    prompt: "질문?"
    answer: "답"
    evidence: "근거가 되는 문장이다."
"""


def test_a_bank_with_locations_on_every_field() -> None:
    bank, diagnostics = load(SAMPLE_BANK)
    assert diagnostics == []
    assert bank.id == "b"
    assert bank.deck_name == "테스트::시장"
    assert bank.tags == ("china-ai",)
    assert bank.article.published == "2018-09-19"
    assert str(bank.article.at("source")) == "questions/b.yaml:2:11"
    assert str(bank.article.body_start.location) == "questions/b.yaml:7:12"
    first = bank.questions[0]
    assert str(first.location) == "questions/b.yaml:12:5"
    assert str(first.at("answer")) == "questions/b.yaml:16:13"
    assert str(first.evidence[0].location) == "questions/b.yaml:17:15"
    by_id = {q.id: q for q in bank.questions}
    assert by_id["source-and-field"].answer == ("<파이낸셜타임스>", "칭화대 보고서")
    assert by_id["rank-second"].answer is True
    assert by_id["company-count"].answer == "1011"
    assert by_id["company-count"].unit == "개"
    assert by_id["rnd-hub"].accept == ("연구개발",)
    assert [b.value for b in by_id["government-support"].blanks] == ["중국 정부", "디딤돌"]


def test_scalars_are_read_as_written() -> None:
    bank, diagnostics = load(
        MINIMAL.replace('answer: "답"', "answer: 1.10").replace(
            "type: short", "type: choice\n    choices: [2017, 2018, 1.10, 0x1F]"
        )
    )
    assert diagnostics == []
    assert bank.questions[0].choices == ("2017", "2018", "1.10", "0x1F")
    assert bank.questions[0].answer == "1.10"


def test_a_yaml_boolean_where_text_is_expected_says_to_quote_it() -> None:
    bank, diagnostics = load(MINIMAL.replace('answer: "답"', "answer: no"))
    assert diagnostics == [
        "questions/b.yaml:8:13: error[schema] questions[0] (q-one).answer: no is read by YAML as a "
        "boolean where text is expected\n"
        '    quote it: "no"'
    ]
    assert bank.questions == ()


def test_syntax_error_has_the_location_of_the_problem() -> None:
    assert load("article:\n  source: [a, b\nquestions: []\n")[1] == [
        "questions/b.yaml:3:10: error[yaml-syntax] while parsing a flow sequence did not find "
        "expected ',' or ']'\n"
        "    later errors in this file may be hidden: fix this one and check again"
    ]


def test_anchors_and_aliases_are_refused() -> None:
    text = MINIMAL.replace('title: "제목"', 'title: &t "제목"') + "deck: *t\n"
    assert load(text)[1] == [
        "questions/b.yaml:3:10: error[yaml-alias] anchor &t refused: anchors and aliases are not "
        "allowed in banks",
        "questions/b.yaml:10:7: error[yaml-alias] alias *t refused: write the value out in full",
    ]


def test_an_alias_bomb_is_refused_without_expanding() -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        levels.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    bank, diagnostics = load("\n".join(levels) + "\n")
    assert bank is None
    assert len(diagnostics) == 10 + 9 * 9
    assert all("error[yaml-alias]" in d for d in diagnostics)


def test_duplicate_keys_are_reported_at_the_repeat() -> None:
    text = MINIMAL.replace('    answer: "답"\n', '    answer: "답"\n    answer: "다른 답"\n')
    assert load(text)[1] == [
        "questions/b.yaml:9:5: error[yaml-duplicate-key] key 'answer' repeated (first at line 8)"
    ]


def test_unknown_key_gets_the_closest_known_key() -> None:
    _bank, diagnostics = load(MINIMAL.replace("    evidence:", "    evidense:"))
    assert diagnostics == [
        "questions/b.yaml:9:5: error[schema] questions[0] (q-one): unknown key 'evidense'\n"
        "    did you mean 'evidence'?",
        "questions/b.yaml:5:5: error[schema] questions[0] (q-one): missing key 'evidence'",
    ]


def test_a_key_of_another_type() -> None:
    assert load(MINIMAL.replace('answer: "답"', 'answer: "답"\n    choices: ["a", "b", "c"]'))[
        1
    ] == [
        "questions/b.yaml:9:5: error[schema] questions[0] (q-one): key 'choices' is not used by type short"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("id: q-one", "id: Q_One"),
            "questions/b.yaml:5:9: error[schema] questions[0].id: bad id 'Q_One': use lowercase "
            "letters, digits and single hyphens\n    for example: market-size-2018",
        ),
        (
            ("type: short", "type: shrot"),
            "questions/b.yaml:6:11: error[schema] questions[0] (q-one).type: unknown type 'shrot'\n"
            "    did you mean 'short'?",
        ),
        (
            ('evidence: "근거가 되는 문장이다."', "evidence: {a: 1}"),
            "questions/b.yaml:9:15: error[schema] questions[0] (q-one).evidence: expected text or a "
            "list of text, got a mapping",
        ),
        (
            ('prompt: "질문?"', "prompt: [1, 2]"),
            "questions/b.yaml:7:13: error[schema] questions[0] (q-one).prompt: expected text, got a list",
        ),
        (
            ('title: "제목"', "title:"),
            "questions/b.yaml:3:9: error[schema] article.title: expected text, got nothing",
        ),
        (
            ("source: sample.txt", "source: sample.txt\n  published: 19 Sept 2018"),
            "questions/b.yaml:3:14: error[schema] article.published: expected an ISO date like "
            "2018-09-19, got '19 Sept 2018'",
        ),
        (
            ("source: sample.txt", "source: sample.txt\n  language: fr"),
            "questions/b.yaml:3:13: error[schema] article.language: unsupported language 'fr'\n"
            "    one of: ko, en",
        ),
    ],
)
def test_wrong_types_and_values(change: tuple[str, str], message: str) -> None:
    assert load(MINIMAL.replace(*change))[1] == [message]


def test_type_specific_answers() -> None:
    text = (
        MINIMAL.replace("type: short", "type: truefalse").replace('answer: "답"', 'answer: "true"')
        + '  - id: q-two\n    type: numeric\n    prompt: "몇?"\n    answer: "많이"\n'
        '    evidence: "근거가 되는 문장이다."\n'
        '  - id: q-three\n    type: multi\n    prompt: "고르시오"\n    choices: ["a", "b", "c"]\n'
        '    answer: "a"\n    evidence: "근거가 되는 문장이다."\n'
    )
    assert load(text)[1] == [
        "questions/b.yaml:8:13: error[schema] questions[0] (q-one).answer: expected true or false, "
        "got text\n    write answer: true or answer: false, unquoted",
        "questions/b.yaml:13:13: error[schema] questions[1] (q-two).answer: expected a number, got '많이'",
        "questions/b.yaml:19:13: error[schema] questions[2] (q-three).answer: expected a list, got text",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"",
            "questions/b.yaml:1:1: error[schema] empty bank: expected a mapping with article and questions",
        ),
        (
            b"# only a comment\n",
            "questions/b.yaml:1:1: error[schema] empty bank: expected a mapping with article and questions",
        ),
        (b"- a\n- b\n", "questions/b.yaml:1:1: error[schema] bank: expected a mapping, got a list"),
        (
            'article:\n  title: "가'.encode() + b'\xc3\x28"\n',
            "questions/b.yaml:2:12: error[encoding] bank is not UTF-8 (invalid byte at offset 22)\n"
            "    save the file as UTF-8",
        ),
        (b"just text\n", "questions/b.yaml:1:1: error[schema] bank: expected a mapping, got text"),
    ],
)
def test_files_that_are_not_banks(data: bytes, message: str) -> None:
    bank, diagnostics = load(data)
    assert bank is None
    assert diagnostics == [message]


def test_missing_top_level_keys_and_broken_questions_are_each_reported() -> None:
    text = "article:\n  source: s.txt\n  title: t\nquestion: []\n"
    assert load(text)[1] == [
        "questions/b.yaml:4:1: error[schema] bank: unknown key 'question'\n    did you mean 'questions'?",
        "questions/b.yaml:1:1: error[schema] bank: missing key 'questions'",
    ]
    # One broken question does not hide the good ones.
    bank, diagnostics = load(MINIMAL + "  - just a string\n")
    assert [q.id for q in bank.questions] == ["q-one"]
    assert diagnostics == [
        "questions/b.yaml:10:5: error[schema] questions[1]: expected a mapping, got text"
    ]


CLOZE = """\
article:
  source: sample.txt
  title: "제목"
questions:
  - id: c
    type: cloze
    evidence: "난징대학 연구진이 발표했다."
    blanks: BLANKS
"""


def test_a_blank_may_carry_its_alternatives() -> None:
    good, problems = load(
        CLOZE.replace(
            "BLANKS", '["연구진", {text: "난징대학", accept: ["난징대학교", "南京大学"]}]'
        )
    )
    assert problems == []
    assert isinstance(good, Bank)
    assert [(b.value, b.accept) for b in good.questions[0].blanks] == [
        ("연구진", ()),
        ("난징대학", ("난징대학교", "南京大学")),
    ]


@pytest.mark.parametrize(
    ("blanks", "problem"),
    [
        (
            '[{text: "난징대학", except: ["난징대"]}, {accept: ["x"]}]',
            "questions/b.yaml:8:29: error[schema] questions[0] (c).blanks[0]: unknown key 'except'\n"
            "    a blank is {text: …, accept: […]}",  # one problem per field, as for every field
        ),
        (
            '["연구진", {accept: x}]',
            "questions/b.yaml:8:21: error[schema] questions[0] (c).blanks[1]: missing key 'text'",
        ),
    ],
)
def test_a_blank_mapping_names_its_text_and_nothing_else(blanks: str, problem: str) -> None:
    assert load(CLOZE.replace("BLANKS", blanks))[1] == [problem]


# Hostile input (issue 14): every case a diagnostic with the real place, never a crash.


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"[" * 50_000 + b"\n",
            "questions/b.yaml:1:65: error[yaml-syntax] nesting deeper than 64 levels\n"
            "    a bank needs a handful of levels: article, questions, one question, its lists",
        ),
        (
            b"- " * 40_000 + b"x\n",
            "questions/b.yaml:1:129: error[yaml-syntax] nesting deeper than 64 levels\n"
            "    a bank needs a handful of levels: article, questions, one question, its lists",
        ),
        (
            "".join(f"{' ' * i}k{i}:\n" for i in range(100)).encode(),
            "questions/b.yaml:65:65: error[yaml-syntax] nesting deeper than 64 levels\n"
            "    a bank needs a handful of levels: article, questions, one question, its lists",
        ),
    ],
)
def test_deep_nesting_is_refused_without_crashing(data: bytes, message: str) -> None:
    bank, diagnostics = load(data)
    assert bank is None
    assert diagnostics == [message]


def test_control_characters_are_reported_where_they_stand() -> None:
    raw = MINIMAL.replace('prompt: "질문?"', 'prompt: "질\x07문?"').replace("근거가", "근\x00거가")
    assert load(raw)[1] == [
        "questions/b.yaml:7:15: error[control-character] control character U+0007 in bank text\n"
        "    banks hold printable text: only tab and line breaks are allowed",
        "questions/b.yaml:9:17: error[control-character] control character U+0000 in bank text\n"
        "    banks hold printable text: only tab and line breaks are allowed",
    ]
    # Written as YAML escapes, they reach the values: reported at the scalar.
    escaped = MINIMAL.replace('prompt: "질문?"', r'prompt: "\e]0;OWNED\a\e[2J질문?"')
    assert load(escaped)[1] == [
        "questions/b.yaml:7:13: error[control-character] control character U+001B in bank text\n"
        "    banks hold printable text: only tab and line breaks are allowed",
    ]
    c1 = MINIMAL.replace('title: "제목"', r'title: "제\x9b목"')
    assert load(c1)[1] == [
        "questions/b.yaml:3:10: error[control-character] control character U+009B in bank text\n"
        "    banks hold printable text: only tab and line breaks are allowed",
    ]


def test_unknown_yaml_tags_are_refused() -> None:
    text = MINIMAL.replace('title: "제목"', 'title: !foo "제목"').replace(
        'answer: "답"', "answer: !!python/object:os.system 답"
    )
    assert load(text)[1] == [
        "questions/b.yaml:3:10: error[yaml-syntax] unknown YAML tag !foo: banks use plain values",
        "questions/b.yaml:8:13: error[yaml-syntax] unknown YAML tag "
        "tag:yaml.org,2002:python/object:os.system: banks use plain values",
    ]


def test_a_bank_over_the_size_limit_is_refused_unread() -> None:
    data = MINIMAL.encode() + b"# " + b"x" * (10 * 1024 * 1024) + b"\n"
    assert load(data)[1] == [
        "questions/b.yaml:1:1: error[too-large] bank of 10.0 MB is over the limit of 10 MB\n"
        "    split it: one bank per article"
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"])
def test_only_web_addresses_are_accepted_as_article_url(url: str) -> None:
    text = MINIMAL.replace('title: "제목"', f'title: "제목"\n  url: "{url}"')
    assert load(text)[1] == [
        f"questions/b.yaml:4:8: error[schema] article.url: {url!r} is not a web address\n"
        "    only http:// and https:// addresses link"
    ]
    ok = MINIMAL.replace('title: "제목"', 'title: "제목"\n  url: "https://example.com/a?b=1"')
    assert load(ok)[1] == []


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        ("article: {source: a.txt}\nquestions: [{id: a, choices: [x, y]}]\n", False),
        ("[" * 65 + "]" * 65, True),
        ("- " * 65 + "x", True),
        ("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 66)), True),
        ('title: "[[[[ brackets in a string only over-estimate ]"\n', False),
    ],
)
def test_only_files_that_may_nest_deep_take_the_counted_composer(text: str, deep: bool) -> None:
    from quizdeck.banks.yaml_safety import _may_nest_too_deep

    assert _may_nest_too_deep(text) is deep
