"""Each diagnostic code of the README, with a bank that triggers it and one that does not."""

from __future__ import annotations

import os

import pytest

from conftest import SAMPLE_ARTICLE, SAMPLE_BANK, WorkspaceBuilder, run_as_nobody
from quizdeck.checking.lint import LINT_CODES
from quizdeck.checking.report import format_text
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.resolve import negative_span
from quizdeck.workspace import Workspace


def run_check(workspace: WorkspaceBuilder) -> list[str]:
    """The grounding diagnostics (tests/test_lint.py tests the item-writing lint)."""
    result = check_workspace(Workspace(workspace.root)).selecting(ignore=LINT_CODES)
    return [format_text(d) for d in result.diagnostics]


def where(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based line and column of the nth occurrence of needle in text."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def bank_with(*replacements: tuple[str, str]) -> str:
    text = SAMPLE_BANK
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def check_bank(workspace: WorkspaceBuilder, text: str) -> list[str]:
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank("sample", text)
    return run_check(workspace)


def test_the_sample_bank_is_clean(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = check_workspace(Workspace(workspace.root))
    assert result.diagnostics == ()
    [checked] = result.banks
    assert [q.id for q in checked.bank.questions] == [
        "market-size",
        "source-and-field",
        "rank-second",
        "rnd-hub",
        "company-count",
        "government-support",
    ]
    assert checked.paragraphs == {
        "market-size": (2,),
        "source-and-field": (4,),
        "rank-second": (3,),
        "rnd-hub": (1,),
        "company-count": (3,),
        "government-support": (5,),
    }
    market = checked.resolved.questions[0]
    assert market.citation == "중국 AI 시장 급성장, ¶2"


def test_evidence_not_found_with_closest_passage(workspace: WorkspaceBuilder) -> None:
    text = bank_with(("규모는 414억 위안(약", "규모는 415억 위안(약"))
    line, column = where(text, '"올해 시장 규모는 415억')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: error[evidence-not-found] market-size: "
        "quote not found in seeds/sample.txt\n"
        "    closest (98%) at seeds/sample.txt:7:1: 올해 시장 규모는 [-415억-]{+414억+} 위안(약 6조9518억 원)에 …"
    ]


def test_evidence_may_differ_only_by_spacing(workspace: WorkspaceBuilder) -> None:
    # The article hard-wraps a word across lines; the quote writes it whole.
    workspace.article("sample.txt", SAMPLE_ARTICLE.replace("디딤돌이", "디딤\n돌이"))
    workspace.bank("sample", SAMPLE_BANK)
    assert run_check(workspace) == []


def test_evidence_outside_body(workspace: WorkspaceBuilder) -> None:
    text = bank_with(
        (
            'evidence: "중국이 세계 인공지능(AI) R&D 허브로 거듭나고 있다."',
            'evidence: ["중국이 세계 인공지능(AI) R&D 허브로 거듭나고 있다.", "무단전재 및 재배포 금지"]',
        )
    )
    line, column = where(text, '"무단전재 및 재배포 금지"')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: error[evidence-outside-body] rnd-hub: "
        "quote is outside the article body of seeds/sample.txt\n"
        "    found at seeds/sample.txt:15:3, in page chrome; adjust the quote or article.body"
    ]


def test_evidence_too_short(workspace: WorkspaceBuilder) -> None:
    text = bank_with(
        (
            'evidence: "중국 정부의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다."',
            'evidence: ["중국 정부의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다.", "디딤돌"]',
        )
    )
    line, column = where(text, '"디딤돌"]')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: warning[evidence-too-short] government-support: "
        "quote of 3 characters proves little\n"
        "    quote at least 8 characters: the sentence that supports the answer",
    ]


def test_evidence_ambiguous(workspace: WorkspaceBuilder) -> None:
    workspace.article(
        "sample.txt",
        SAMPLE_ARTICLE.replace(
            "중국 정부의 적극적인", "올해 시장 규모는 커졌고 중국 정부의 적극적인"
        ),
    )
    text = bank_with(
        (
            'evidence: "올해 시장 규모는 414억',
            'evidence: ["올해 시장 규모는", "올해 시장 규모는 414억',
        ),
        ('예측되고 있다."', '예측되고 있다."]'),
    )
    workspace.bank("sample", text)
    line, column = where(text, '"올해 시장 규모는"')
    assert run_check(workspace) == [
        f"questions/sample.yaml:{line}:{column}: warning[evidence-ambiguous] market-size: "
        "quote occurs 2 times in the body\n"
        "    at seeds/sample.txt:7:1, seeds/sample.txt:13:1; quote more of the sentence",
    ]


def test_answer_not_in_choices_duplicate_and_too_few(workspace: WorkspaceBuilder) -> None:
    text = bank_with(
        ('answer: "414억 위안"', 'answer: "414억위안"'),
        (
            '["<파이낸셜타임스>", "칭화대 보고서", "하버드대 보고서", "R&D 예산"]',
            '["<파이낸셜타임스>", "칭화대  보고서"]',
        ),
        (
            'answer: ["<파이낸셜타임스>", "칭화대 보고서"]',
            'answer: ["<파이낸셜타임스>", "칭화대 보고서", "<파이낸셜타임스>"]',
        ),
    )
    a_line, a_col = where(text, '"414억위안"')
    c_line, c_col = where(text, '["<파이낸셜타임스>", "칭화대  보고서"]')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{a_line}:{a_col}: error[answer-not-in-choices] market-size: "
        "answer '414억위안' is not among the choices\n"
        "    did you mean '414억 위안'?",
        f"questions/sample.yaml:{c_line}:{c_col}: error[too-few-choices] source-and-field: "
        "2 choices, at least 3 are needed",
    ]


def test_duplicate_choice_after_normalisation(workspace: WorkspaceBuilder) -> None:
    text = bank_with(('"하버드대 보고서", "R&D 예산"]', '"하버드대 보고서", "칭화대\u00a0보고서"]'))
    line, column = where(text, '["<파이낸셜타임스>", "칭화대 보고서", "하버드대')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: error[duplicate-choice] source-and-field: "
        "choices '칭화대 보고서' and '칭화대\\xa0보고서' are the same"
    ]


def test_blank_not_in_evidence(workspace: WorkspaceBuilder) -> None:
    text = bank_with(
        ('blanks: ["중국 정부", "디딤돌"]', 'blanks: ["중국 정부", "디딤 돌이", "주춧돌"]')
    )
    line, column = where(text, '"주춧돌"')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: error[blank-not-in-evidence] government-support: "
        "blank '주춧돌' is not a span of the evidence"
    ]


def test_number_not_in_evidence_by_value(workspace: WorkspaceBuilder) -> None:
    text = bank_with(
        ("answer: 1011\n", "answer: 1012\n"),
        (
            'prompt: "중국 인공지능 기업 수는 세계 2위다."',
            'prompt: "중국 인공지능 기업 수는 세계 3위다."',
        ),
    )
    n_line, n_col = where(text, "1012")
    t_line, t_col = where(text, '"중국 인공지능 기업 수는 세계 3위다."')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{t_line}:{t_col}: error[number-not-in-evidence] rank-second: "
        "the number 3 in the true statement is not in the evidence",
        f"questions/sample.yaml:{t_line}:{t_col}: warning[prompt-number-not-in-article] rank-second: "
        "the number 3 in the prompt appears nowhere in seeds/sample.txt",
        f"questions/sample.yaml:{n_line}:{n_col}: error[number-not-in-evidence] company-count: "
        "the answer 1012 개 is not a number of the evidence\n"
        "    numbers in the evidence: 2, 6, 1,011",
    ]


def test_a_false_statement_may_carry_a_wrong_number(workspace: WorkspaceBuilder) -> None:
    text = bank_with(
        (
            'prompt: "중국 인공지능 기업 수는 세계 2위다."',
            'prompt: "중국 인공지능 기업 수는 세계 3위다."',
        ),
        ("answer: true", "answer: false"),
    )
    assert check_bank(workspace, text) == []


@pytest.mark.parametrize(
    ("answer", "unit"),
    [("414", "억 위안"), ("41,400,000,000", "위안"), ("4.14", "백억 위안"), ("414억", "위안")],
)
def test_numeric_answer_with_korean_unit_matches_by_value(
    workspace: WorkspaceBuilder, answer: str, unit: str
) -> None:
    text = bank_with(
        ('answer: 1011\n    unit: "개"', f'answer: "{answer}"\n    unit: "{unit}"'),
        (
            'evidence: "중국 인공지능 기업 수는 올해 6월 기준 1천11개로 미국에 이어 세계 2위다."\n    explanation: "1천11개',
            'evidence: "올해 시장 규모는 414억 위안(약 6조9518억 원)에 달할 것으로 예측되고 있다."\n    explanation: "1천11개',
        ),
        ('prompt: "올해 6월 기준 중국 인공지능 기업은 몇 개인가?"', 'prompt: "올해 시장 규모는?"'),
    )
    assert check_bank(workspace, text) == []


def test_numeric_tolerance_is_in_the_answer_unit(workspace: WorkspaceBuilder) -> None:
    text = bank_with(("answer: 1011\n", "answer: 1000\n    tolerance: 11\n"))
    assert check_bank(workspace, text) == []


def test_answer_not_in_evidence_and_negative_questions(workspace: WorkspaceBuilder) -> None:
    text = bank_with(('answer: "R&D"', 'answer: "생산 공장"'))
    line, column = where(text, '"생산 공장"')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: warning[answer-not-in-evidence] rnd-hub: "
        "most words of the answer '생산 공장' appear nowhere in the evidence\n"
        "    missing: 생산, 공장"
    ]
    # "Which is NOT in the article": the answer is the unsupported choice, and
    # the other choices are what must be supported.
    negative = bank_with(
        ('prompt: "기사에 나온 것을 모두 고르시오."', 'prompt: "기사에 나온 것이 아닌 것은?"'),
        ('answer: ["<파이낸셜타임스>", "칭화대 보고서"]', 'answer: ["하버드대 보고서"]'),
    )
    line, column = where(negative, '["<파이낸셜타임스>", "칭화대 보고서", "하버드대')
    assert check_bank(workspace, negative) == [
        f"questions/sample.yaml:{line}:{column}: warning[answer-not-in-evidence] source-and-field: "
        "most words of the choice 'R&D 예산' appear nowhere in the evidence\n"
        "    missing: R, D, 예산\n"
        "    the prompt asks which is NOT so: every other choice must be in the evidence"
    ]


def test_prompt_number_not_in_article(workspace: WorkspaceBuilder) -> None:
    text = bank_with(("올해 6월 기준 중국 인공지능 기업은", "올해 7월 기준 중국 인공지능 기업은"))
    line, column = where(text, '"올해 7월 기준')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: warning[prompt-number-not-in-article] company-count: "
        "the number 7 in the prompt appears nowhere in seeds/sample.txt"
    ]


def test_duplicate_id_and_prompt(workspace: WorkspaceBuilder) -> None:
    text = bank_with(
        ("id: rnd-hub", "id: market-size"),
        (
            'prompt: "기사에 나온 것을 모두 고르시오."',
            'prompt: "올해 중국 인공지능 시장 규모 예측치는??"',
        ),
    )
    id_line, id_col = where(text, "market-size", 2)
    p_line, p_col = where(text, '"올해 중국 인공지능 시장 규모 예측치는??"')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{p_line}:{p_col}: warning[duplicate-prompt] source-and-field: "
        f"asks the same as market-size (line {where(text, '- id: market-size')[0]})",
        f"questions/sample.yaml:{id_line}:{id_col}: error[duplicate-id] market-size: "
        f"id already used at line {where(text, '- id: market-size')[0]}\n"
        "    ids are never reused: pick a new one",
    ]


def test_cloze_prompts_are_instructions_not_duplicates(workspace: WorkspaceBuilder) -> None:
    text = bank_with(
        (
            "  - id: government-support\n    type: cloze\n",
            '  - id: government-support\n    type: cloze\n    prompt: "빈칸을 채우시오."\n',
        ),
    ) + (
        '  - id: market-cloze\n    type: cloze\n    prompt: "빈칸을 채우시오."\n'
        '    evidence: "올해 시장 규모는 414억 위안(약 6조9518억 원)에 달할 것으로 예측되고 있다."\n'
        '    blanks: ["414억 위안"]\n'
    )
    assert check_bank(workspace, text) == []


def test_source_missing_outside_and_link_out(workspace: WorkspaceBuilder, tmp_path) -> None:
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    outside = tmp_path / "secret.txt"
    outside.write_text("비밀", encoding="utf-8")
    os.symlink(outside, workspace.root / "seeds" / "link.txt")
    for bank_id, source in [
        ("missing", "sampel.txt"),
        ("absolute", str(outside)),
        ("dotdot", "../secret.txt"),
        ("linked", "link.txt"),
    ]:
        workspace.bank(bank_id, SAMPLE_BANK.replace("source: sample.txt", f"source: {source}"))
    assert run_check(workspace) == [
        "questions/absolute.yaml:2:11: error[source-outside] "
        f"article.source {str(outside)!r} is outside seeds/\n"
        "    name a file directly under seeds/, e.g. 000_724044e1fbc72102.txt",
        "questions/dotdot.yaml:2:11: error[source-outside] article.source '../secret.txt' is outside seeds/\n"
        "    name a file directly under seeds/, e.g. 000_724044e1fbc72102.txt",
        "questions/linked.yaml:2:11: error[source-outside] article.source 'link.txt' links outside seeds/",
        "questions/missing.yaml:2:11: error[source-missing] "
        "article.source 'sampel.txt': no such file directly under seeds/\n"
        "    did you mean 'sample.txt'?",
    ]


def test_article_not_utf8(workspace: WorkspaceBuilder) -> None:
    workspace.article("sample.txt", "첫 줄\n둘째 ".encode() + b"\xff\xfe" + "줄".encode())
    workspace.bank("sample", SAMPLE_BANK)
    assert run_check(workspace) == [
        "seeds/sample.txt:2:4: error[encoding] article is not UTF-8 (invalid byte at offset 15)\n"
        "    save the article as UTF-8"
    ]


def test_body_words_not_found(workspace: WorkspaceBuilder) -> None:
    text = bank_with(('end: "디딤돌이 되고 있다."', 'end: "주춧돌이 되고 있다."'))
    line, column = where(text, '"주춧돌이 되고 있다."')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: error[evidence-not-found] "
        "article.body.end not found in seeds/sample.txt\n"
        "    closest (82%) at seeds/sample.txt:13:28: [-주춧돌이-]{+디딤돌이+} 되고 있다."
    ]


def test_every_file_is_checked_when_one_is_broken(workspace: WorkspaceBuilder) -> None:
    workspace.sample("a-good")
    workspace.bank("b-broken", "article: [\n")
    workspace.bank("c-good", SAMPLE_BANK)
    result = check_workspace(Workspace(workspace.root))
    assert [b.bank.id for b in result.banks] == ["a-good", "c-good"]
    assert [(d.location.path, d.code) for d in result.diagnostics] == [
        ("questions/b-broken.yaml", "yaml-syntax")
    ]


def test_body_exclude_drops_chrome_lines_inside_the_body(workspace: WorkspaceBuilder) -> None:
    workspace.article(
        "sample.txt",
        SAMPLE_ARTICLE.replace("중국 정부의 적극적인", "관련기사\n\n중국 정부의 적극적인"),
    )
    text = bank_with(
        (
            '    end: "디딤돌이 되고 있다."',
            '    end: "디딤돌이 되고 있다."\n    exclude: ["관련기사"]',
        )
    )
    workspace.bank("sample", text)
    result = check_workspace(Workspace(workspace.root))
    assert result.diagnostics == ()
    [checked] = result.banks
    assert [p.text for p in checked.body.paragraphs][-2:] == [
        "<파이낸셜타임스>에 따르면 칭화대 보고서는 인공지능 인재를 1,293명으로 집계했다.",
        "중국 정부의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다.",
    ]
    assert checked.paragraphs["government-support"] == (5,)
    quoting_chrome = text.replace(
        'evidence: "중국이 세계 인공지능(AI) R&D 허브로 거듭나고 있다."',
        'evidence: ["중국이 세계 인공지능(AI) R&D 허브로 거듭나고 있다.", "관련기사"]',
    )
    workspace.bank("sample", quoting_chrome)
    assert [d.code for d in check_workspace(Workspace(workspace.root)).diagnostics] == [
        "evidence-outside-body"
    ]


def test_body_exclude_must_name_a_whole_line(workspace: WorkspaceBuilder) -> None:
    text = bank_with(
        (
            '    end: "디딤돌이 되고 있다."',
            '    end: "디딤돌이 되고 있다."\n    exclude: "관련 기사"',
        )
    )
    line, column = where(text, '"관련 기사"')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: error[evidence-not-found] article.body.exclude: "
        "no whole line of the body of seeds/sample.txt reads '관련 기사'\n"
        "    exclude names whole lines of page chrome inside the body, written as in the article"
    ]


def test_body_end_must_come_after_body_start(workspace: WorkspaceBuilder) -> None:
    text = bank_with(
        ('start: "중국이 세계 인공지능(AI) R&D 허브로"', 'start: "올해 시장 규모는"'),
        ('end: "디딤돌이 되고 있다."', 'end: "R&D 허브로 거듭나고 있다."'),
    )
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank("sample", text)
    diagnostics = check_workspace(Workspace(workspace.root)).diagnostics
    line, column = where(text, '"R&D 허브로 거듭나고 있다."')
    assert (diagnostics[0].code, diagnostics[0].message, str(diagnostics[0].location)) == (
        "evidence-not-found",
        "article.body.end not found in seeds/sample.txt after body.start",
        f"questions/sample.yaml:{line}:{column}",
    )


def test_blank_overlap_repeated_or_overlapping(workspace: WorkspaceBuilder) -> None:
    repeated = bank_with(('blanks: ["중국 정부", "디딤돌"]', 'blanks: ["디딤돌", "디딤돌"]'))
    line, column = where(repeated, '"디딤돌"]')
    assert check_bank(workspace, repeated) == [
        f"questions/sample.yaml:{line}:{column}: error[blank-overlap] government-support: "
        "blank '디딤돌' repeats (blank 1)\n"
        "    a blank is hidden everywhere it stands: list it once"
    ]
    overlapping = bank_with(('blanks: ["중국 정부", "디딤돌"]', 'blanks: ["중국 정부", "정부"]'))
    line, column = where(overlapping, '"정부"]')
    assert check_bank(workspace, overlapping) == [
        f"questions/sample.yaml:{line}:{column}: error[blank-overlap] government-support: "
        "blank '정부' overlaps blank '중국 정부' (blank 1)\n"
        "    blanks must not share words: blank the shorter span, or one of them"
    ]


def test_a_negative_answer_may_carry_a_number_the_evidence_lacks(
    workspace: WorkspaceBuilder,
) -> None:
    # "옳지 않은 것은": the key is the false choice; its number is false on purpose.
    text = bank_with(
        (
            'prompt: "올해 중국 인공지능 시장 규모 예측치는?"',
            'prompt: "기사 내용과 일치하지 않는 것은?"',
        ),
        (
            'choices: ["414억 위안", "1천11억 위안", "1,293억 위안", "6조 위안"]\n    answer: "414억 위안"',
            'choices: ["시장 규모는 414억 위안", "시장 규모는 500억 위안", "6조9518억 원 규모", '
            '"올해 예측"]\n    answer: "시장 규모는 500억 위안"',
        ),
    )
    assert check_bank(workspace, text) == []
    # Without the negative wording the same key is a number the evidence lacks.
    plain = text.replace("기사 내용과 일치하지 않는 것은?", "기사 내용과 일치하는 것은?")
    line, column = where(plain, '"시장 규모는 500억 위안"', 2)
    assert check_bank(workspace, plain) == [
        f"questions/sample.yaml:{line}:{column}: error[number-not-in-evidence] market-size: "
        "the number 50,000,000,000 in the answer '시장 규모는 500억 위안' is not in the evidence"
    ]
    # negative: true overrides the wording.
    forced = plain.replace(
        '    answer: "시장 규모는 500억', '    negative: true\n    answer: "시장 규모는 500억'
    )
    assert check_bank(workspace, forced) == []


def test_bank_id_from_the_file_name_or_an_id_line(workspace: WorkspaceBuilder) -> None:
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank("My Bank", SAMPLE_BANK)
    assert run_check(workspace) == [
        "questions/My Bank.yaml:1:1: error[bank-id] file name 'My Bank' is not a bank id: "
        "use lowercase letters, digits and single hyphens\n"
        "    rename the file to my-bank.yaml, or give the bank an id: line "
        "(it keeps Anki notes and progress when the file is renamed)"
    ]
    (workspace.root / "questions" / "My Bank.yaml").write_text(
        "id: market\n" + SAMPLE_BANK, encoding="utf-8"
    )
    result = check_workspace(Workspace(workspace.root))
    assert result.diagnostics == ()
    assert result.resolved[0].id == "market"
    # A renamed copy keeping the id is the same bank twice.
    workspace.bank("market-copy", "id: market\n" + SAMPLE_BANK)
    assert run_check(workspace) == [
        "questions/market-copy.yaml:1:1: error[duplicate-id] bank id 'market' is already the "
        "id of questions/My Bank.yaml\n"
        "    a bank id names one bank: change the id: line or the file name"
    ]


@pytest.mark.parametrize(
    ("prompt", "language", "emphasised"),
    [
        ("기사 내용과 일치하지 않는 것은?", "ko", "일치하지 않는"),
        ("다음 중 해당하지 않는 기업은?", "ko", "해당하지 않는"),
        ("기사에서 언급되지 않은 나라는?", "ko", "언급되지 않은"),
        ("옳지 않은 것은?", "ko", "옳지 않은"),
        ("중국 AI 기업에 대한 설명으로 틀린 것은?", "ko", "틀린"),
        ("다음 중 사실이 아닌 것은?", "ko", "아닌"),
        ("Which of these is NOT mentioned?", "en", "NOT"),
        ("All of the following are true EXCEPT", "en", "EXCEPT"),
        ("Which company did not open a lab in Beijing?", "en", "not"),
        ("Which statement isn't supported by the article?", "en", "isn't"),
    ],
)
def test_negative_wordings_are_found_and_emphasised(
    prompt: str, language: str, emphasised: str
) -> None:
    span = negative_span(prompt, language)
    assert span is not None and prompt[span[0] : span[1]] == emphasised


@pytest.mark.parametrize(
    ("prompt", "language"),
    [
        ("중국 AI는 전례 없는 속도로 성장했는가?", "ko"),
        ("전례 없는 투자를 한 기업은?", "ko"),
        ("기사에 나온 것을 모두 고르시오.", "ko"),
        ("Which lab, not far from the river, opened first?", "en"),
        ("What did the council approve in March?", "en"),
        ("Why is the market not growing, according to the report?", "en"),
    ],
)
def test_other_wordings_are_not_negative(prompt: str, language: str) -> None:
    assert negative_span(prompt, language) is None


def test_blank_alternatives_are_read_and_one_equal_to_the_blank_is_a_warning(
    workspace: WorkspaceBuilder,
) -> None:
    text = bank_with(
        (
            'blanks: ["중국 정부", "디딤돌"]',
            'blanks: [{text: "중국 정부", accept: ["중국-정부", "정부"]}, {text: "디딤돌", accept: "발판"}]',
        )
    )
    line, column = where(text, '"중국 정부"')
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: warning[blank-accept-redundant] government-support: "
        "blank '중국 정부' accepts '중국-정부', which is the blank itself as answers are compared\n"
        "    spacing, case, hyphens and middle dots are forgiven already: drop it",
    ]


def test_english_number_words_are_checked_like_digits(workspace: WorkspaceBuilder) -> None:
    text = bank_with(
        (
            'prompt: "중국 인공지능 기업 수는 세계 2위다."',
            'prompt: "중국 인공지능 기업 수는 세계 two위다."',
        ),
    )
    assert check_bank(workspace, text) == []
    wrong = bank_with(
        (
            'prompt: "중국 인공지능 기업 수는 세계 2위다."',
            'prompt: "The number of Chinese AI firms ranks three in the world."',
        ),
    )
    line, column = where(wrong, '"The number')
    assert check_bank(workspace, wrong) == [
        f"questions/sample.yaml:{line}:{column}: error[number-not-in-evidence] rank-second: "
        "the number 3 in the true statement is not in the evidence",
        f"questions/sample.yaml:{line}:{column}: warning[prompt-number-not-in-article] rank-second: "
        "the number 3 in the prompt appears nowhere in seeds/sample.txt",
    ]


# Hostile input (issue 14): odd files and names are diagnostics, never a traceback.


def test_odd_article_sources_are_diagnostics(workspace: WorkspaceBuilder) -> None:
    long_name = "가" * 100 + ".txt"  # 304 bytes: over a file name's 255
    text = bank_with(("source: sample.txt", f"source: {long_name}"))
    line, column = where(text, long_name)
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: error[source-missing] article.source "
        f"{long_name!r}: cannot read article: File name too long"
    ]
    os.symlink("loop.txt", workspace.root / "seeds" / "loop.txt")
    text = bank_with(("source: sample.txt", "source: loop.txt"))
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: error[source-missing] article.source "
        "'loop.txt': cannot read article: Too many levels of symbolic links"
    ]


def test_an_article_over_the_size_limit_is_refused(workspace: WorkspaceBuilder) -> None:
    workspace.article("big.txt", SAMPLE_ARTICLE + "가" * (2 * 1024 * 1024))
    text = bank_with(("source: sample.txt", "source: big.txt"))
    line, column = where(text, "big.txt")
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: error[too-large] article seeds/big.txt of "
        "6.0 MB is over the limit of 5 MB\n"
        "    quote from the article proper: save only its text"
    ]


def test_a_numeric_answer_too_big_for_a_float_is_not_a_number(workspace: WorkspaceBuilder) -> None:
    digits = "9" * 400
    text = bank_with(("answer: 1011", f"answer: {digits}"))
    line, column = where(text, digits)
    assert check_bank(workspace, text) == [
        f"questions/sample.yaml:{line}:{column}: error[schema] questions[4] (company-count).answer: "
        f"expected a number, got '{'9' * 20}…' (400 characters)"
    ]


def test_banks_that_cannot_be_read_are_reported_not_skipped(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    questions = workspace.root / "questions"
    os.symlink("gone.yaml", questions / "broken.yaml")
    os.symlink("loop.yaml", questions / "loop.yaml")
    os.symlink("/dev/zero", questions / "device.yaml")
    os.mkfifo(questions / "fifo.yaml")
    assert run_check(workspace) == [
        "questions/broken.yaml:1:1: error[encoding] cannot read bank: broken symbolic link",
        "questions/device.yaml:1:1: error[encoding] cannot read bank: not a regular file "
        "(a character device)",
        "questions/fifo.yaml:1:1: error[encoding] cannot read bank: not a regular file (a FIFO)",
        "questions/loop.yaml:1:1: error[encoding] cannot read bank: Too many levels of symbolic links",
    ]


@pytest.mark.slow
def test_unreadable_directories_are_a_message_not_a_traceback(
    public_workspace: WorkspaceBuilder,
) -> None:
    public_workspace.sample()
    questions = public_workspace.root / "questions"
    questions.chmod(0)
    try:
        result = run_as_nobody("check", "--root", str(public_workspace.root))
    finally:
        questions.chmod(0o755)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"quizdeck: cannot read {questions}: Permission denied\n"
    seeds = public_workspace.root / "seeds"
    seeds.chmod(0)
    try:
        result = run_as_nobody("check", "--root", str(public_workspace.root))
    finally:
        seeds.chmod(0o755)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "questions/sample.yaml:2:11: error[source-missing] article.source 'sample.txt': "
        "cannot read article: Permission denied\n"
    )


def test_every_code_in_the_readme_table_can_be_selected() -> None:
    from conftest import REPO
    from quizdeck.checking.codes import CODES, SEVERITY

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("### `quizdeck check", 1)[1].split("\n### ", 1)[0]
    rows = [line.split("|")[1:3] for line in table.splitlines() if line.startswith("| ")]
    documented = {
        code.strip().strip("`"): severity.strip()
        for codes, severity in rows
        for code in codes.split(",")
        if code.strip() != "code"
    }
    # Exactly the registry's codes, each with the registry's severity.
    assert documented == SEVERITY
    assert len(CODES) == len(set(CODES)) == len(documented)


def _example_workspace(workspace: WorkspaceBuilder) -> str:
    from importlib.resources import files

    example = files("quizdeck") / "example"
    workspace.article("harbour-wall.txt", (example / "harbour-wall.txt").read_text("utf-8"))
    return (example / "harbour-wall.yaml").read_text("utf-8")


def test_finding_1_a_space_inside_a_number_proves_nothing(workspace: WorkspaceBuilder) -> None:
    """Finding 1: numbers are read from the article where the quote stands, not from the quote."""
    bank = _example_workspace(workspace)
    bank = bank.replace("answer: 12\n", "answer: 2\n").replace(
        "which will add about 12 pounds", "which will add about 1 2 pounds"
    )
    bank = bank.replace('answer: "2.4 million pounds"', 'answer: "4 million pounds"').replace(
        'choices: ["2.4 million pounds"', 'choices: ["4 million pounds"'
    )
    bank = bank.replace('a cost of 2.4 million pounds."', 'a cost of 2. 4 million pounds."')
    workspace.bank("harbour-wall", bank)
    found = run_check(workspace)
    errors = [line for line in found if "error[" in line]
    cost = where(bank, '"rebuild the old harbour wall')
    added = where(bank, '"which will add about 1 2')
    assert errors == [
        f"questions/harbour-wall.yaml:{cost[0]}:{cost[1]}: error[evidence-number-differs] "
        "wall-cost: the quote writes 2 4 where the article writes 2.4\n"
        "    the article has '2.4 million' at seeds/harbour-wall.txt:8:49\n"
        "    quote the number whole, with its digits as the article writes them",
        f"questions/harbour-wall.yaml:{cost[0] - 1}:13: error[number-not-in-evidence] "
        "wall-cost: the number 4,000,000 in the answer '4 million pounds' is not in the evidence",
        f"questions/harbour-wall.yaml:{added[0]}:{added[1]}: error[evidence-number-differs] "
        "household-bill: the quote writes 1 2 where the article writes 12\n"
        "    the article has '12' at seeds/harbour-wall.txt:20:57\n"
        "    quote the number whole, with its digits as the article writes them",
        f"questions/harbour-wall.yaml:{added[0] - 2}:13: error[number-not-in-evidence] "
        "household-bill: the answer 2 pounds is not a number of the evidence\n"
        "    numbers in the evidence: 12",
    ]


def test_finding_1_a_quote_starting_inside_a_number(workspace: WorkspaceBuilder) -> None:
    """Finding 1: "2 pounds" cut from "12 pounds" proves 12, and is an error itself."""
    bank = _example_workspace(workspace)
    bank = bank.replace("answer: 12\n", "answer: 2\n").replace(
        '"which will add about 12 pounds a year', '"2 pounds a year'
    )
    workspace.bank("harbour-wall", bank)
    errors = [line for line in run_check(workspace) if "error[" in line]
    assert any(
        "error[evidence-number-differs]" in line
        and "the quote writes 2 where the article writes 12" in line
        for line in errors
    ), errors
    assert any("error[number-not-in-evidence]" in line for line in errors), errors


def test_finding_1_korean_digits_split_differently(workspace: WorkspaceBuilder) -> None:
    """Finding 1: `41 4억` is found in "414억" by spacing, but does not prove 4억 위안."""
    text = bank_with(
        ('choices: ["414억 위안"', 'choices: ["4억 위안"'),
        ('answer: "414억 위안"', 'answer: "4억 위안"'),
        ('"올해 시장 규모는 414억 위안', '"올해 시장 규모는 41 4억 위안'),
    )
    found = check_bank(workspace, text)
    errors = [line for line in found if "error[" in line]
    assert any(
        "error[evidence-number-differs] market-size: the quote writes 41 4 where the article "
        "writes 414"
        in line
        and "the article has '414억' at seeds/sample.txt:7:" in line
        for line in errors
    ), errors
    assert any(
        "error[number-not-in-evidence] market-size: the number 400,000,000 in the answer" in line
        for line in errors
    ), errors


ENCODINGS_ARTICLE = """Text encodings

Early web pages in Russia used KOI8-R, and pages in Western Europe used ISO-8859-1.
Today UTF-8 carries nearly every page, and the standard had three revisions.

위원회는 회의를 세번 열었고 다섯곳에서 의견을 들었다.
"""


def check_article(
    workspace: WorkspaceBuilder, name: str, article: str, title: str, language: str, questions: str
) -> tuple[str, list[str]]:
    """A bank `name` on the article seeds/`name`.txt with these questions: its text and findings."""
    workspace.article(f"{name}.txt", article)
    text = f"""article:
  source: {name}.txt
  title: "{title}"
  language: {language}
questions:
{questions}"""
    workspace.bank(name, text)
    return text, run_check(workspace)


def check_encodings(workspace: WorkspaceBuilder, questions: str) -> tuple[str, list[str]]:
    return check_article(
        workspace, "encodings", ENCODINGS_ARTICLE, "Text encodings", "en", questions
    )


def test_digits_in_names_and_codes_are_not_numbers(workspace: WorkspaceBuilder) -> None:
    _, found = check_encodings(
        workspace,
        """  - id: today
    type: truefalse
    prompt: "Today UTF-8 carries nearly every page; COVID-19 did not change it."
    answer: true
    evidence: "Today UTF-8 carries nearly every page"
""",
    )
    assert found == []


def test_a_native_count_against_its_counter_is_checked_by_value(
    workspace: WorkspaceBuilder,
) -> None:
    _, found = check_encodings(
        workspace,
        """  - id: meetings
    type: truefalse
    prompt: "위원회는 회의를 세 번 열었고 다섯 곳에서 의견을 들었다."
    answer: true
    evidence: "위원회는 회의를 세번 열었고 다섯곳에서 의견을 들었다."
""",
    )
    assert found == []


RAIN_ARTICLE = """측우기

측우기는 1442년(세종 24년) 강우량 측정 제도가 전국에 제도화된 뒤 널리 쓰였다. 측우기의 높이는 약 30cm였다.
"""
RAIN_EVIDENCE = "측우기는 1442년(세종 24년) 강우량 측정 제도가 전국에 제도화된 뒤 널리 쓰였다."


def check_rain(workspace: WorkspaceBuilder, questions: str) -> tuple[str, list[str]]:
    return check_article(workspace, "rain", RAIN_ARTICLE, "측우기", "ko", questions)


def test_a_paraphrase_may_leave_out_a_parenthetical_and_conjugate(
    workspace: WorkspaceBuilder,
) -> None:
    _, found = check_rain(
        workspace,
        f"""  - id: when
    type: choice
    prompt: "측우기에 대한 설명으로 옳은 것은?"
    choices: ["1442년에 강우량 측정이 제도화되었다", "1500년에 처음 만들어졌다", "높이는 약 50cm였다"]
    answer: "1442년에 강우량 측정이 제도화되었다"
    evidence: "{RAIN_EVIDENCE}"
""",
    )
    assert found == []


def test_an_answer_written_as_a_letter_gets_the_letter_hint_alone(
    workspace: WorkspaceBuilder,
) -> None:
    text, found = check_rain(
        workspace,
        """  - id: height
    type: choice
    prompt: "측우기의 높이는?"
    choices: ["약 10cm", "약 30cm", "약 50cm"]
    answer: B
    evidence: "측우기의 높이는 약 30cm였다."
""",
    )
    line, column = where(text, "B\n")
    assert found == [
        f"questions/rain.yaml:{line}:{column}: error[answer-not-in-choices] height: "
        "answer 'B' is not among the choices\n"
        "    choice B is '약 30cm': write the choice's text"
    ]


def test_a_year_is_printed_as_a_year(workspace: WorkspaceBuilder) -> None:
    text, found = check_rain(
        workspace,
        f"""  - id: year
    type: numeric
    prompt: "측우기 제도화 연도는?"
    answer: 1443
    unit: 년
    evidence: "{RAIN_EVIDENCE}"
  - id: year-choice
    type: choice
    prompt: "측우기가 제도화된 해는?"
    choices: ["1442년", "1443년", "1500년"]
    answer: "1443년"
    evidence: "{RAIN_EVIDENCE}"
""",
    )
    line, column = where(text, "1443\n")
    choice_line, choice_column = where(text, '"1443년"\n')
    assert found == [
        f"questions/rain.yaml:{line}:{column}: error[number-not-in-evidence] year: "
        "the answer 1443 년 is not a number of the evidence\n"
        "    numbers in the evidence: 24, 1442",
        f"questions/rain.yaml:{choice_line}:{choice_column}: error[number-not-in-evidence] "
        "year-choice: the number 1443 in the answer '1443년' is not in the evidence",
        f"questions/rain.yaml:{choice_line}:{choice_column}: warning[answer-not-in-evidence] "
        "year-choice: most words of the answer '1443년' appear nowhere in the evidence\n"
        "    missing: 1443년",
    ]


def test_a_number_message_names_the_choice(workspace: WorkspaceBuilder) -> None:
    # A NOT question: every other choice must stand in the evidence, numbers included.
    text, found = check_encodings(
        workspace,
        """  - id: encodings
    type: choice
    prompt: "Which is NOT an encoding the text names?"
    choices: ["KOI8-R", "ISO-8859-1", "UTF-8", "EBCDIC", "the 4 revisions of UTF-8"]
    answer: "EBCDIC"
    evidence: "Early web pages in Russia used KOI8-R, and pages in Western Europe used ISO-8859-1."
""",
    )
    line, column = where(text, '["KOI8-R"')
    assert found == [
        f"questions/encodings.yaml:{line}:{column}: error[number-not-in-evidence] encodings: "
        "the number 4 in the choice 'the 4 revisions of UTF-8' is not in the evidence",
        f"questions/encodings.yaml:{line}:{column}: warning[answer-not-in-evidence] encodings: "
        "most words of the choice 'the 4 revisions of UTF-8' appear nowhere in the evidence\n"
        "    missing: the, 4, revisions, of, UTF\n"
        "    the prompt asks which is NOT so: every other choice must be in the evidence",
    ]


def test_banks_checked_in_worker_processes_give_the_same_result(
    workspace: WorkspaceBuilder,
) -> None:
    """check --jobs: the banks, the diagnostics and their order as in one process."""
    workspace.seeds()
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank("sample", SAMPLE_BANK)
    # A bank with an error, one whose id an earlier bank has, and one that cannot load.
    workspace.bank("broken", bank_with(("올해 시장 규모는", "올해 시장 크기는")))
    workspace.bank("zz-copy", "id: sample\n" + SAMPLE_BANK)
    workspace.bank("unreadable", "questions: [\n")
    one = check_workspace(Workspace(workspace.root), jobs=1)
    two = check_workspace(Workspace(workspace.root), jobs=2)
    codes = [d.code for d in one.diagnostics]
    assert "duplicate-id" in codes and "yaml-syntax" in codes and len(one.banks) > 5
    assert [format_text(d) for d in two.diagnostics] == [format_text(d) for d in one.diagnostics]
    assert two.resolved == one.resolved
    assert one.questions == two.questions == tuple(len(b.bank.questions) for b in one.banks)
    # What `quizdeck check` asks for: the same diagnostics and counts, no bank sent back.
    for jobs in (1, 2):
        counted = check_workspace(Workspace(workspace.root), jobs=jobs, keep_banks=False)
        assert counted.banks == ()
        assert counted.questions == one.questions
        assert counted.diagnostics == one.diagnostics


def test_check_jobs_on_the_command_line(workspace: WorkspaceBuilder) -> None:
    workspace.seeds()
    one = workspace.run("check", "--jobs", "1", "--format", "json")
    two = workspace.run("check", "--jobs", "2", "--format", "json")
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    refused = workspace.run("check", "--jobs", "0")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "quizdeck: --jobs must be at least 1, not 0\n",
    )
