"""`quizdeck html`: forms, keys and index rendered from the real templates."""

from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
import pytest

from conftest import SAMPLE_ARTICLE, SAMPLE_BANK, SAMPLE_IDS, WorkspaceBuilder
from english import english
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.forms import FormEntry, FormOptions, plan_forms, plan_quizzes, slug
from quizdeck.outputs.pages import write_files
from quizdeck.outputs.publish import MANIFEST
from quizdeck.sources.labels import choice_mark, says_select_all
from quizdeck.workspace import UsageError, Workspace
from quizdeck.writers.html import Choice, Item, _answer, _item, _segments, render_quizzes
from quizdeck.writers.templating import RenderedFile

SAMPLE_PROMPTS = [
    "올해 중국 인공지능 시장 규모 예측치는?",
    "기사에 나온 것을 모두 고르시오.",
    "중국 인공지능 기업 수는 세계 2위다.",
    "중국은 세계 인공지능 무엇의 허브로 거듭나고 있는가?",
    "올해 6월 기준 중국 인공지능 기업은 몇 개인가?",
]

EN_ARTICLE = """\
Home | Sign in
Beijing bets on AI labs

Foreign firms opened 12 AI research labs in Beijing last year.
Officials expect the market to reach 41 billion yuan.
The city council approved a new data exchange in March.
All rights reserved
"""

EN_BANK = """\
article:
  source: en.txt
  title: "Beijing bets on AI labs"
  language: en
  published: 2019-03-01
  outlet: "Example Times"
  body:
    start: "Foreign firms opened"
    end: "data exchange in March."
questions:
  - id: labs
    type: choice
    prompt: "How many AI research labs did foreign firms open in Beijing?"
    choices: ["12", "41", "3", "7"]
    answer: "12"
    evidence: "Foreign firms opened 12 AI research labs in Beijing last year."
  - id: exchange
    type: truefalse
    prompt: "The city council approved a new data exchange in March."
    answer: true
    evidence: "The city council approved a new data exchange in March."
  - id: market
    type: numeric
    prompt: "How large do officials expect the market to be, in billion yuan?"
    answer: 41
    unit: "billion yuan"
    evidence: "Officials expect the market to reach 41 billion yuan."
"""


def read(out: Path) -> dict[str, str]:
    """The pages in `out` (without the manifest of the files quizdeck wrote)."""
    return {
        p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir()) if p.name != MANIFEST
    }


def order(page: str) -> list[str]:
    """Question ids in the order a form prints them."""
    return re.findall(
        r'<li class="(?:question|answer) [^"]*" value="\d+" data-question="([^"]+)"', page
    )


def choice_texts(page: str, question: str) -> list[str]:
    """The printed choices of one question, in order, unescaped."""
    block = page.split(f'data-question="{question}"', 1)[1].split("</ol>", 1)[0]
    return [
        html.unescape(t) for t in re.findall(r'<span class="mark">[^<]+</span> ([^<]+)</li>', block)
    ]


def render(workspace: WorkspaceBuilder, *args: str, out: str = "out") -> dict[str, str]:
    result = workspace.run("html", "--out", str(workspace.root / out), *args)
    assert result.exit_code == 0, result.output
    return read(workspace.root / out)


def test_forms_keys_and_index_are_written(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    out = workspace.root / "out"
    result = workspace.run("html", "--forms", "2", "--seed", "s", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote 8 file(s) to {out}\n"
    assert sorted(read(out)) == [
        "index.html",
        "sample-A-key.html",
        "sample-A-sheet.html",
        "sample-A.html",
        "sample-B-key.html",
        "sample-B-sheet.html",
        "sample-B.html",
        "sample.forms.json",
    ]
    index = read(out)["index.html"]
    assert (
        '<tr><th>제목</th><th class="count">문항 수</th>'
        '<th class="links">문제지</th><th class="links">정답</th><th class="links">답안지</th></tr>'
    ) in index
    assert "<td>중국 AI 시장 급성장</td>" in index
    for name in ("sample-A.html", "sample-B.html", "sample-A-key.html", "sample-B-key.html"):
        assert f'href="{name}"' in index
    for name in ("sample-A-sheet.html", "sample-B-sheet.html"):
        assert f'href="{name}"' in index


def test_default_output_directory_is_build_html(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = workspace.run("html")
    assert result.exit_code == 0, result.output
    assert sorted(read(workspace.root / "build" / "html")) == [
        "index.html",
        "sample-A-key.html",
        "sample-A-sheet.html",
        "sample-A.html",
        "sample.forms.json",
    ]


def test_markup_in_bank_text_prints_as_written(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    files = render(workspace)
    for name in ("sample-A.html", "sample-A-key.html"):
        page = files[name]
        assert "&lt;파이낸셜타임스&gt;" in page
        assert "R&amp;D" in page
        assert "<파이낸셜타임스>" not in page
        assert "R&D" not in page


def test_page_has_every_prompt_choices_boxes_and_korean_labels(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    page = render(workspace)["sample-A.html"]
    for prompt in SAMPLE_PROMPTS:
        assert html.escape(prompt) in page
    assert "빈칸에 들어갈 말을 쓰시오." in page  # the cloze without a prompt
    for mark in "①②③④":
        assert f'<span class="mark">{mark}</span>' in page
    for label in ("<th>이름</th>", "<th>반</th>", "<th>번호</th>", "<th>점수</th>"):
        assert label in page
    assert '<html lang="ko">' in page
    assert '<span class="box">O</span><span class="box">X</span>' in page
    assert '<span class="line short"></span><span class="unit">개</span>' in page
    assert '<span class="badge">' not in page  # the multi prompt says 모두 고르시오 itself
    assert "<h1>중국 AI 시장 급성장</h1>" in page
    assert "발행일: 2018-09-19" in page


def test_cloze_shows_the_evidence_with_numbered_blanks(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    page = render(workspace, "--no-passage")["sample-A.html"]
    assert (
        '<p class="cloze"><span class="blank">(1)</span>의 적극적인 인공지능 기술 개발 지원도 '
        '<span class="blank">(2)</span>이 되고 있다.</p>'
    ) in page
    assert "중국 정부" not in page
    assert "디딤돌" not in page


def test_the_multi_instruction_is_said_once(workspace: WorkspaceBuilder) -> None:
    # The prompt says it: no badge repeats it.
    workspace.sample()
    page = render(workspace)["sample-A.html"]
    assert "기사에 나온 것을 모두 고르시오.</p>" in page
    assert '<span class="badge">' not in page
    # The prompt does not say it: the badge does, once.
    workspace.bank(
        "sample",
        SAMPLE_BANK.replace(
            'prompt: "기사에 나온 것을 모두 고르시오."', 'prompt: "기사에 나온 것은?"'
        ),
    )
    page = render(workspace, out="out2")["sample-A.html"]
    assert page.count('<span class="badge">모두 고르시오</span>') == 1
    assert '기사에 나온 것은? <span class="badge">모두 고르시오</span></p>' in page


def test_the_english_multi_instruction_is_said_once(workspace: WorkspaceBuilder) -> None:
    english(workspace)
    page = render(workspace)["harbour-wall-A.html"]
    assert "Where will the money come from? Choose all that apply.</p>" in page
    assert '<span class="badge">' not in page
    english(workspace, ("Choose all that apply.", "Tick every source."))
    page = render(workspace, out="out2")["harbour-wall-A.html"]
    assert 'Tick every source. <span class="badge">Select all that apply</span></p>' in page


def test_a_blank_inside_parentheses_prints_as_one_blank(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank(
        "sample",
        SAMPLE_BANK
        + """  - id: won-value
    type: cloze
    evidence: "올해 시장 규모는 414억 위안(약 6조9518억 원)에 달할 것으로 예측되고 있다."
    blanks: ["약 6조9518억 원"]
""",
    )
    page = render(workspace, "--no-passage")["sample-A.html"]
    # The article's parentheses hug the blank: (__(1)__), not ( (1) ).
    assert (
        '<p class="cloze">올해 시장 규모는 414억 위안(<span class="blank enclosed">(1)</span>)에 '
        "달할 것으로 예측되고 있다.</p>"
    ) in page
    assert ".blank.enclosed { margin: 0; }" in page
    # Elsewhere a blank keeps its space around it.
    assert '<p class="cloze"><span class="blank">(1)</span>의 적극적인' in page


def test_passage_prints_the_numbered_body_only(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    page = render(workspace)["sample-A.html"]
    assert '<span class="para-number">¶1</span>중국이 세계 인공지능(AI) R&amp;D 허브로' in page
    assert '<span class="para-number">¶5</span>중국 정부의 적극적인' in page
    assert "¶6" not in page
    assert "로그인" not in page
    assert "무단전재" not in page
    assert (
        '<span class="para-number">'
        not in render(workspace, "--no-passage", out="bare")["sample-A.html"]
    )


def test_page_is_self_contained_print_css(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    pages = {name: page for name, page in render(workspace).items() if name.endswith(".html")}
    for name, page in pages.items():
        assert "<style>" in page, name
        for outside in ("http:", "https:", "//", "url(", "<link", "src=", "@import"):
            assert outside not in page.replace("<!DOCTYPE html>", ""), (name, outside)
    page = render(workspace, out="again")["sample-A.html"]
    assert "size: A4;" in page
    assert "li.question, li.answer { break-inside: avoid;" in page
    assert '"Noto Sans CJK KR", "Noto Serif CJK KR", "Apple SD Gothic Neo", "Malgun Gothic"' in page


def test_key_gives_answer_explanation_evidence_and_citation(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    key = render(workspace)["sample-A-key.html"]
    expected = [
        "<strong>① 414억 위안</strong>",
        "<strong>O</strong>",
        '<strong>R&amp;D</strong> <span class="accepted">(인정 답안: 연구개발)</span>',
        "<strong>1011개</strong>",
        "<strong>(1) 중국 정부</strong>, <strong>(2) 디딤돌</strong>",
        "<div>기사는 올해 시장 규모를 414억 위안으로 예측했다.</div>",
        "<q>중국 정부의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다.</q>",
        "<cite>중국 AI 시장 급성장, ¶2</cite>",
        "<cite>중국 AI 시장 급성장, ¶5</cite>",
        "A형 · 정답 및 해설",
    ]
    for text in expected:
        assert text in key
    page = render(workspace)["sample-A.html"]
    printed = choice_texts(page, "source-and-field")
    keyed = [
        f"{'①②③④'[printed.index(t)]} {html.escape(t, quote=False)}"
        for t in ("<파이낸셜타임스>", "칭화대 보고서")
    ]
    assert ", ".join(f"<strong>{k}</strong>" for k in sorted(keyed)) in key


def test_the_key_lists_each_blanks_accepted_answers(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank(
        "sample",
        SAMPLE_BANK.replace(
            'blanks: ["중국 정부", "디딤돌"]',
            'blanks: [{text: "중국 정부", accept: ["정부", "중국 당국"]}, {text: "디딤돌", accept: ["발판"]}]',
        ),
    )
    key = render(workspace)["sample-A-key.html"]
    assert (
        "<strong>(1) 중국 정부</strong>, <strong>(2) 디딤돌</strong> "
        '<span class="accepted">(인정 답안: (1) 정부, (1) 중국 당국, (2) 발판)</span>'
    ) in key


def test_without_seed_form_a_keeps_the_bank_order(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    files = render(workspace)
    assert order(files["sample-A.html"]) == SAMPLE_IDS
    assert order(files["sample-A-key.html"]) == SAMPLE_IDS
    assert choice_texts(files["sample-A.html"], "market-size") == [
        "414억 위안",
        "1천11억 위안",
        "1,293억 위안",
        "6조 위안",
    ]


def test_same_seed_same_bytes_other_seed_other_order(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    first = render(workspace, "--forms", "3", "--seed", "class-2b", out="one")
    again = render(workspace, "--forms", "3", "--seed", "class-2b", out="two")
    other = render(workspace, "--forms", "3", "--seed", "class-2c", out="three")
    assert first == again
    assert first != other
    orders = {order(first[f"sample-{form}.html"]) == SAMPLE_IDS for form in "ABC"}
    assert orders == {False}, "every seeded form is shuffled"
    assert len({tuple(order(first[f"sample-{form}.html"])) for form in "ABC"}) == 3
    assert order(first["sample-A.html"]) != order(other["sample-A.html"])
    for form in "ABC":
        assert order(first[f"sample-{form}-key.html"]) == order(first[f"sample-{form}.html"])
        assert sorted(order(first[f"sample-{form}.html"])) == sorted(SAMPLE_IDS)


def test_each_key_marks_the_choice_as_its_form_prints_it(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    files = render(workspace, "--forms", "4", "--seed", "7")
    marks = []
    written = ["<파이낸셜타임스>", "칭화대 보고서", "하버드대 보고서", "R&D 예산"]
    for form in "ABCD":
        choices = choice_texts(files[f"sample-{form}.html"], "source-and-field")
        assert sorted(choices) == sorted(written)
        mark = "①②③④"[choices.index("칭화대 보고서")]
        assert f"<strong>{mark} 칭화대 보고서</strong>" in files[f"sample-{form}-key.html"]
        marks.append(mark)
    assert len(set(marks)) > 1, "choice order is shuffled between forms"


def test_choices_that_are_numbers_ascend_on_every_form(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    files = render(workspace, "--forms", "3", "--seed", "7")
    for form in "ABC":
        assert choice_texts(files[f"sample-{form}.html"], "market-size") == [
            "414억 위안",
            "1천11억 위안",
            "1,293억 위안",
            "6조 위안",
        ]


def test_shuffle_false_keeps_the_written_order(workspace: WorkspaceBuilder) -> None:
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank(
        "sample", SAMPLE_BANK.replace("    answer: [", "    shuffle: false\n    answer: [")
    )
    files = render(workspace, "--forms", "3", "--seed", "7")
    for form in "ABC":
        assert choice_texts(files[f"sample-{form}.html"], "source-and-field") == [
            "<파이낸셜타임스>",
            "칭화대 보고서",
            "하버드대 보고서",
            "R&D 예산",
        ]


def test_a_negative_word_is_bold_and_underlined(workspace: WorkspaceBuilder) -> None:
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank(
        "sample",
        SAMPLE_BANK.replace(
            '"기사에 나온 것을 모두 고르시오."', '"기사 내용과 일치하지 않는 것은?"'
        ).replace(
            'answer: ["<파이낸셜타임스>", "칭화대 보고서"]',
            'answer: ["하버드대 보고서", "R&D 예산"]',
        ),
    )
    files = render(workspace)
    for name in ("sample-A.html", "sample-A-key.html"):
        assert '기사 내용과 <strong class="negative">일치하지 않는</strong> 것은?' in files[name]
    assert "text-decoration: underline" in files["sample-A.html"]


def test_type_takes_a_comma_list_as_quiz_does(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    files = render(workspace, "--type", "choice,multi")
    assert render(workspace, "--type", "choice", "--type", "multi", out="again") == files
    assert order(files["sample-A.html"]) == [SAMPLE_IDS[0], SAMPLE_IDS[1]]


def test_count_samples_the_same_questions_on_every_form(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    files = render(workspace, "--count", "3", "--forms", "2", "--seed", "x")
    a, b = order(files["sample-A.html"]), order(files["sample-B.html"])
    assert len(a) == 3
    assert sorted(a) == sorted(b)
    assert set(a) <= set(SAMPLE_IDS)
    assert render(workspace, "--count", "3", "--forms", "2", "--seed", "x", out="again") == files


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--count", "7"], "quizdeck: --count 7: quiz 'sample' has only 6 question(s)\n"),
        (["--count", "0"], "quizdeck: --count must be at least 1, not 0\n"),
        (
            ["--count", "2", "--type", "numeric"],
            "quizdeck: --count 2: quiz 'sample' has only 1 question(s) of type numeric\n",
        ),
        (
            ["--type", "essay"],
            "quizdeck: unknown question type 'essay' "
            "(choose from choice, multi, truefalse, short, numeric, cloze)\n",
        ),
        (["--forms", "0"], "quizdeck: --forms must be between 1 and 26, not 0\n"),
        (["nope"], "quizdeck: no bank 'nope' (banks in questions/: sample)\n"),
    ],
)
def test_bad_options_are_usage_errors(
    workspace: WorkspaceBuilder, args: list[str], message: str
) -> None:
    workspace.sample()
    out = workspace.root / "out"
    result = workspace.run("html", "--out", str(out), *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert not out.exists()


def test_type_filters_questions(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    files = render(workspace, "--type", "truefalse", "--type", "numeric")
    assert order(files["sample-A.html"]) == ["rank-second", "company-count"]
    assert "문항 수: 2" in files["sample-A.html"]


def test_english_bank_gets_english_labels_and_letter_choices(workspace: WorkspaceBuilder) -> None:
    workspace.article("en.txt", EN_ARTICLE)
    workspace.bank("en", EN_BANK)
    files = render(workspace)
    page, key = files["en-A.html"], files["en-A-key.html"]
    for label in ("<th>Name</th>", "<th>Class</th>", "<th>No.</th>", "<th>Score</th>"):
        assert label in page
    for mark in "ABCD":
        assert f'<span class="mark">{mark}</span>' in page
    assert '<html lang="en">' in page
    assert "이름" not in page
    assert "①" not in page
    assert '<span class="box">True</span><span class="box">False</span>' in page
    assert '<span class="unit">billion yuan</span>' in page
    assert "Form A" in page
    assert choice_texts(page, "labs") == ["3", "7", "12", "41"]
    assert "<strong>C 12</strong>" in key
    assert "<strong>41 billion yuan</strong>" in key
    assert "<strong>True</strong>" in key
    assert "Source: Example Times" in page
    assert "Published: 2019-03-01" in page


def test_a_byline_without_an_outlet_prints_as_the_author(workspace: WorkspaceBuilder) -> None:
    english(workspace)  # byline: Mara Ellison, no outlet
    files = render(workspace)
    for name in ("harbour-wall-A.html", "harbour-wall-A-key.html"):
        assert '<p class="meta">\n<span>By Mara Ellison</span>' in files[name]
        assert "Source: Mara Ellison" not in files[name]
    workspace.sample()
    workspace.bank(
        "sample", SAMPLE_BANK.replace("language: ko\n", "language: ko\n  byline: 홍길동\n")
    )
    page = render(workspace, "sample", out="out2")["sample-A.html"]
    assert '<p class="meta">\n<span>글: 홍길동</span>' in page
    # With an outlet the byline follows it under Source.
    workspace.bank(
        "sample",
        SAMPLE_BANK.replace(
            "language: ko\n", "language: ko\n  byline: 홍길동 기자\n  outlet: 조선일보\n"
        ),
    )
    page = render(workspace, "sample", out="out3")["sample-A.html"]
    assert "<span>출처: 조선일보, 홍길동 기자</span>" in page


def test_title_combines_banks_into_one_quiz(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.article("en.txt", EN_ARTICLE)
    workspace.bank("en", EN_BANK)
    files = render(workspace, "--title", "Unit 3 <review> & quiz", "--forms", "2", "--seed", "1")
    assert sorted(files) == [
        "index.html",
        "unit-3-review-quiz-A-key.html",
        "unit-3-review-quiz-A-sheet.html",
        "unit-3-review-quiz-A.html",
        "unit-3-review-quiz-B-key.html",
        "unit-3-review-quiz-B-sheet.html",
        "unit-3-review-quiz-B.html",
        "unit-3-review-quiz.forms.json",
    ]
    page = files["unit-3-review-quiz-A.html"]
    assert "<h1>Unit 3 &lt;review&gt; &amp; quiz</h1>" in page
    assert "<h2>Beijing bets on AI labs</h2>" in page
    assert "<h2>중국 AI 시장 급성장</h2>" in page
    # Sections follow the banks; questions are numbered across them.
    ids = order(page)
    assert sorted(ids[:3]) == ["exchange", "labs", "market"]
    assert sorted(ids[3:]) == sorted(SAMPLE_IDS)
    assert 'value="9" data-question' in page


def test_library_renders_each_bank_and_the_combination_for_build(
    workspace: WorkspaceBuilder,
) -> None:
    workspace.sample()
    workspace.article("en.txt", EN_ARTICLE)
    workspace.bank("en", EN_BANK)
    ws = Workspace(workspace.root)
    banks = check_workspace(ws).resolved
    options = FormOptions(forms=2, seed="b", title="All articles", per_bank=True)
    files = render_quizzes(banks, options, ws.template_dirs())
    names = [f.name for f in files]
    assert names == [
        "en-A.html",
        "en-B.html",
        "en-A-key.html",
        "en-B-key.html",
        "sample-A.html",
        "sample-B.html",
        "sample-A-key.html",
        "sample-B-key.html",
        "all-articles-A.html",
        "all-articles-B.html",
        "all-articles-A-key.html",
        "all-articles-B-key.html",
        "index.html",
        "en.forms.json",
        "sample.forms.json",
        "all-articles.forms.json",
    ]
    index = files[-4].text
    assert index.count("<tr>") == 4  # heading and three quizzes
    with pytest.raises(UsageError, match="quiz 'en' has no questions of type cloze"):
        render_quizzes(banks, FormOptions(types=("cloze",)), ws.template_dirs())


def test_write_files_replaces_atomically(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_files([RenderedFile("a.html", "old")], out)
    write_files([RenderedFile("a.html", "새 내용"), RenderedFile("b.html", "b")], out)
    assert read(out) == {"a.html": "새 내용", "b.html": "b"}
    with pytest.raises(ValueError, match="not a plain file name"):
        write_files([RenderedFile("c.html", "c"), RenderedFile("../d.html", "d")], out)
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "a.html", "b.html"]
    assert not (tmp_path / "d.html").exists()


def test_check_errors_write_nothing(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank("sample", SAMPLE_BANK.replace('answer: "414억 위안"', 'answer: "415억 위안"'))
    out = workspace.root / "out"
    result = workspace.run("html", "--out", str(out))
    assert result.exit_code == 1
    assert "error[answer-not-in-choices] market-size" in result.stderr
    assert result.stderr.endswith("quizdeck: check failed: nothing written\n")
    assert not out.exists()


@pytest.mark.parametrize(
    ("template", "line", "detail"),
    [
        (
            "<li>\n  <p>{{ item.number }}. {{ no_such_thing }}</p>\n</li>\n",
            2,
            "'no_such_thing' is undefined",
        ),
        (
            "<li>\n{% if item.number %}\n</li>\n",
            3,
            "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
        ),
        (
            "<li>{{ item.nope }}</li>\n",
            1,
            "'quizdeck.writers.html.Item object' has no attribute 'nope'",
        ),
    ],
)
def test_broken_template_is_named_with_its_line(
    workspace: WorkspaceBuilder, template: str, line: int, detail: str
) -> None:
    workspace.sample()
    broken = workspace.root / "templates" / "html" / "question.html"
    broken.parent.mkdir(parents=True)
    broken.write_text(template, encoding="utf-8")
    out = workspace.root / "out"
    result = workspace.run("html", "--out", str(out))
    assert (result.exit_code, result.stderr) == (
        2,
        f"quizdeck: template error: {broken}:{line}: {detail}\n",
    )
    assert not out.exists()


def test_an_answer_equal_to_a_choice_after_normalisation_is_marked(
    workspace: WorkspaceBuilder,
) -> None:
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank("sample", SAMPLE_BANK.replace('answer: "414억 위안"', 'answer: "414억  위안"'))
    key = render(workspace)["sample-A-key.html"]
    assert "<strong>① 414억 위안</strong>" in key


# Hostile templates (issue 14): a shared workspace's templates run no code.


@pytest.mark.parametrize(
    ("template", "detail"),
    [
        (
            "{{ cycler.__init__.__globals__.os.popen('touch OWNED').read() }}\n",
            "access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
            "access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{% set x = item.__dict__ %}{{ x }}\n",
            "access to attribute '__dict__' of 'Item' object is unsafe.",
        ),
        (
            "{{ lipsum.__globals__['os'].system('touch OWNED') }}\n",
            "access to attribute '__globals__' of 'function' object is unsafe.",
        ),
    ],
)
def test_template_escapes_are_refused(
    workspace: WorkspaceBuilder, template: str, detail: str
) -> None:
    workspace.sample()
    evil = workspace.root / "templates" / "html" / "question.html"
    evil.parent.mkdir(parents=True)
    evil.write_text(template, encoding="utf-8")
    out = workspace.root / "out"
    result = workspace.run("html", "--out", str(out))
    assert (result.exit_code, result.stderr) == (
        2,
        f"quizdeck: template error: {evil}:1: {detail}\n",
    )
    assert not out.exists()
    assert not (Path.cwd() / "OWNED").exists()


def test_a_template_not_in_utf8_is_named(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    bad = workspace.root / "templates" / "html" / "question.html"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"<li>\xff\xfe</li>\n")
    result = workspace.run("html", "--out", str(workspace.root / "out"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"quizdeck: template error: {bad}: not UTF-8 (invalid byte at offset 4)\n",
    )


def test_html_out_replaces_only_its_own_files(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("my own home page")
    result = workspace.run("html", "--out", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"quizdeck: --out {out} holds files quizdeck did not write (index.html); "
        "quizdeck replaces only its own files, so choose an empty or new one\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text() == "my own home page"
    # A directory of someone else's files (a stand-in for `--out /`) is refused whole.
    crowded = tmp_path / "crowded"
    (crowded / "etc").mkdir(parents=True)
    (crowded / "notes.txt").write_text("x")
    result = workspace.run("html", "--out", str(crowded))
    assert result.exit_code == 2
    assert sorted(p.name for p in crowded.iterdir()) == ["etc", "notes.txt"]


def test_a_long_title_makes_short_file_names(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    title = "중국 인공지능 " * 60  # 480 characters, 1,380 bytes
    out = workspace.root / "out"
    result = workspace.run("html", "--title", title, "--out", str(out))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert all(len(name.encode()) <= 255 for name in names)
    assert f"{slug(title)}-A-key.html" in names
    assert len(slug(title).encode()) <= 120


def test_a_killed_runs_temporary_files_go_with_the_next_run(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    out = workspace.root / "out"
    assert workspace.run("html", "--out", str(out)).exit_code == 0
    (out / ".quizdeck-k1ll3d00.tmp").write_text("half a page")
    assert workspace.run("html", "--out", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        MANIFEST,
        "index.html",
        "sample-A-key.html",
        "sample-A-sheet.html",
        "sample-A.html",
        "sample.forms.json",
    ]


def _item_alone(entry: FormEntry, language: str) -> Item:
    """The reference: an item made from its entry alone, as html._item first made it."""
    question = entry.question
    choices = tuple(
        Choice(choice_mark(language, shown), question.choices[i], i in question.keys)
        for shown, i in enumerate(entry.order)
    )
    answers, accepted, glance = _answer(question, choices, language)
    longest = max((len(c.text) for c in choices), default=0)
    return Item(
        number=entry.position,
        id=question.id,
        type=question.type,
        prompt=tuple(question.prompt_pieces()),
        choices=choices,
        columns=4 if longest <= 9 else 2 if longest <= 20 else 1,
        cloze=tuple(_segments(line) for line in question.cloze),
        answers=answers,
        accepted=accepted,
        unit=question.unit or "",
        explanation=question.explanation,
        evidence=question.evidence,
        citation=question.citation,
        glance=glance,
        select_all=question.type == "multi" and not says_select_all(question.prompt or ""),
    )


def test_an_item_completed_from_its_questions_shared_part_is_the_item_made_alone(
    workspace: WorkspaceBuilder,
) -> None:
    workspace.sample()
    workspace.seeds()
    banks = check_workspace(Workspace(workspace.root)).resolved
    options = FormOptions(forms=3, seed="s", title="All", per_bank=True)
    known: dict[tuple[int, str], Item] = {}
    checked = 0
    for quiz in plan_quizzes(banks, options):
        for plan in plan_forms(quiz, options):
            for entry in plan.entries:
                assert _item(entry, quiz.language, known) == _item_alone(entry, quiz.language)
                checked += 1
    assert checked > 100 and len(known) < checked


def test_a_dict_key_is_read_in_templates_as_the_sandbox_reads_it(tmp_path: Path) -> None:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from quizdeck.writers.templating import environment

    sandbox = environment([tmp_path], ())
    plain = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    labels = {"name": "이름", "items": "shadowed", "__class__": "x", "": "empty", "get": "g"}
    for attribute in [*labels, "missing", "keys", "__init__", "mro", "__dict__"]:
        ours, theirs = sandbox.getattr(labels, attribute), plain.getattr(labels, attribute)
        assert type(ours) is type(theirs), attribute
        if not isinstance(theirs, jinja2.Undefined):
            assert ours == theirs, attribute
