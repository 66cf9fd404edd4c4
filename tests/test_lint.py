"""The item-writing lint: every code fires on its flawed items and not on their near misses."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_ARTICLE, SAMPLE_BANK
from lint_corpus import CASES, Case, choice, cloze, findings, q
from quizdeck.checking.codes import CODES
from quizdeck.checking.lint import LINT_CODES
from quizdeck.checking.report import format_text
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.sources.korean import split_particle
from quizdeck.workspace import Workspace


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: f"{c.code}-{c.language}-{'fires' if c.fires else 'clean'}"
)
def test_corpus_case(case: Case) -> None:
    fired = [d.code for d in findings(case)]
    assert (case.code in fired) == case.fires, fired


def test_the_corpus_has_flawed_and_clean_items_for_every_code() -> None:
    for code in LINT_CODES[:-1]:
        labels = {(c.language, c.fires) for c in CASES if c.code == code}
        assert {True, False} <= {fires for _, fires in labels}, code
        assert {"ko", "en"} <= {language for language, _ in labels}, code


def messages(case: Case, code: str) -> list[str]:
    return [format_text(d) for d in findings(case) if d.code == code]


WHOLE = [
    (
        Case("key-longest", "en", True, (choice("Why did it close?", ["Rain", "A strike", "Fog", "Cracks found in two of its steel beams"], "Cracks found in two of its steel beams"),)),
        "corpus.yaml:1:1: warning[key-longest] item: the key is clearly the longest choice (38 characters, the next longest 8)\n"
        "    a length cue gives the key away: shorten the key or give the distractors as much detail",
    ),
    (
        Case("blank-partial-word", "en", True, (cloze("The court upheld two software patents on Monday.", ["software patent"]),)),
        "corpus.yaml:1:1: error[blank-partial-word] item: blank 'software patent' ends inside the word 'software patents'\n"
        "    blank whole words: 'software patents'",
    ),
    (
        Case("blank-particle", "ko", True, (cloze("시는 정부로부터 예산을 받았다.", ["정부로부터"]),)),
        "corpus.yaml:1:1: warning[blank-particle] item: blank '정부로부터' ends with the particle '로부터'\n"
        "    blank the word, keep the particle: blank '정부' and leave '로부터' in the sentence",
    ),
    (
        Case("relative-time", "ko", True, (choice("올해 수출액은 얼마인가?", ["1억", "2억", "3억", "4억"], "2억"),)),
        "corpus.yaml:1:1: warning[relative-time] item: the prompt says '올해' and names no year\n"
        "    nothing dates the question: name the year (올해 → 2018년) or give the bank article.published",
    ),
    (
        Case("relative-time", "ko", True, (q("short", prompt="지난 5월 문을 연 매장은?", answer="본점"),)),
        "corpus.yaml:1:1: warning[relative-time] item: the prompt says '지난 5월' and names no year\n"
        "    nothing dates the question: name the year (올해 → 2018년) or give the bank article.published",
    ),
    (
        Case("relative-time", "en", True, (q("truefalse", prompt="The bridge reopened last May.", answer=True),)),
        "corpus.yaml:1:1: warning[relative-time] item: the prompt says 'last May' and names no year\n"
        "    nothing dates the question: name the year (올해 → 2018년) or give the bank article.published",
    ),
    (
        Case("double-negative", "ko", True, (choice("옳지 아니한 것은?", ["조합원은 탈퇴하지 못한다", "총회는 연 1회 연다", "이사는 3명이다"], "이사는 3명이다"),)),
        "corpus.yaml:1:1: warning[double-negative] item: the prompt asks '옳지 아니한' and the choice '조합원은 탈퇴하지 못한다' is negative too\n"
        "    a negative of a negative confuses readers: word the choice positively, or ask positively",
    ),
    (
        Case("double-negative", "en", True, (choice("Which is NOT true of the plan?", ["It adds buses", "It does not raise fares", "It builds parks"], "It builds parks"),)),
        "corpus.yaml:1:1: warning[double-negative] item: the prompt asks 'NOT' and the choice 'It does not raise fares' is negative too\n"
        "    a negative of a negative confuses readers: word the choice positively, or ask positively",
    ),
    (
        Case("stem-key-overlap", "en", True, (choice("Which vaccine did the agency approve?", ["A nasal spray", "The new flu vaccine", "A heart drug"], "The new flu vaccine"),)),
        "corpus.yaml:1:1: warning[stem-key-overlap] item: the prompt's 'vaccine' reappears in the key and in no distractor\n"
        "    a repeated word points at the key: reword the key, or use the word in a distractor too",
    ),
    (
        Case("trivial-blank", "ko", True, (cloze("정부는 수출 및 투자를 늘렸다.", ["및"]),)),
        "corpus.yaml:1:1: warning[trivial-blank] item: blank '및' is a function word\n"
        "    blank a content word the reader must recall",
    ),
    (
        Case("blank-long", "en", True, (cloze("The council approved a new flood defence scheme.", ["a new flood defence scheme"]),)),
        "corpus.yaml:1:1: warning[blank-long] item: blank 'a new flood defence scheme' hides 5 words\n"
        "    blank the key term (at most 3 words, 20 characters) and let the rest cue it",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("case", "expected"), WHOLE, ids=lambda v: getattr(v, "code", ""))
def test_whole_message(case: Case, expected: str) -> None:
    assert messages(case, case.code) == [expected]


def test_particles_follow_the_syllable_before_them() -> None:
    assert split_particle("정부로부터") == ("정부", "로부터")
    assert split_particle("정책이") == ("정책", "이")
    assert split_particle("국가") == ("국가", "")
    assert split_particle("차이") == ("차이", "")
    assert split_particle("민주주의") == ("민주주의", "")


ALLOWING = """\
    allow: [key-longest, vague-term]
"""


def test_allow_silences_a_warning_and_an_unused_allow_is_reported(workspace) -> None:
    long_key = (
        'choices: ["414억 위안에 달할 것으로 보이는 전망치", "1천억 위안", "2천억 위안", "3천억 위안"]\n'
        '    answer: "414억 위안에 달할 것으로 보이는 전망치"'
    )
    written = 'choices: ["414억 위안", "1천11억 위안", "1,293억 위안", "6조 위안"]\n    answer: "414억 위안"'
    assert written in SAMPLE_BANK
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank("sample", SAMPLE_BANK.replace(written, long_key))
    codes = [d.code for d in check_workspace(Workspace(workspace.root)).diagnostics]
    assert codes == ["key-longest"]
    anchor = "  - id: market-size\n"
    workspace.bank(
        "sample", SAMPLE_BANK.replace(written, long_key).replace(anchor, anchor + ALLOWING)
    )
    result = check_workspace(Workspace(workspace.root))
    assert [format_text(d).split(": ", 1)[1] for d in result.diagnostics] == [
        "warning[unused-allow] market-size: allow names 'vague-term', which reports no warning here\n"
        "    remove 'vague-term' from allow"
    ]


def test_select_and_ignore(workspace) -> None:
    # Without a date, the sample's "올해" prompts are relative times; other codes fire too.
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank("sample", SAMPLE_BANK.replace("  published: 2018-09-19\n", ""))
    assert "[relative-time]" in workspace.run("check").stdout
    selected = workspace.run("check", "--select", "relative-time")
    assert selected.stdout and all(
        "[relative-time]" in line
        for line in selected.stdout.splitlines()
        if not line.startswith(" ")
    )
    ignored = workspace.run("check", "--ignore", "relative-time")
    assert "[relative-time]" not in ignored.stdout
    unknown = workspace.run("check", "--select", "relative-tim")
    assert unknown.exit_code == 2
    assert "unknown code 'relative-tim': did you mean 'relative-time'?" in unknown.stderr


def test_the_readme_lists_every_code() -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = {
        c.strip()
        for row in readme.splitlines()
        if row.startswith("| ")
        and any(f"| {kind} |" in row for kind in ("error", "warning", "note"))
        for c in row.split("|")[1].split(",")
    }
    assert set(CODES) <= listed, sorted(set(CODES) - listed)


def test_a_bank_whose_true_false_keys_lean_one_way(workspace) -> None:
    # The sample's true statement, made false three more times: always "false" scores 75%.
    statement = """  - id: rank-second
    type: truefalse
    prompt: "중국 인공지능 기업 수는 세계 2위다."
    answer: true
    evidence: "중국 인공지능 기업 수는 올해 6월 기준 1천11개로 미국에 이어 세계 2위다."
"""
    assert statement in SAMPLE_BANK
    wrong = [("3위", "rank-third"), ("1위", "rank-first"), ("4위", "rank-fourth")]
    false = "".join(
        statement.replace("rank-second", qid).replace(
            '2위다."\n    answer: true', f'{rank}다."\n    answer: false'
        )
        for rank, qid in wrong
    )
    text = SAMPLE_BANK.replace(statement, statement + false)
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank("sample", text)
    result = check_workspace(Workspace(workspace.root))
    line = text[: text.index("  - id: rank-third")].count("\n") + 1
    balance = result.selecting(select=("truefalse-balance",)).diagnostics
    assert [format_text(d) for d in balance] == [
        f"questions/sample.yaml:{line}:5: warning[truefalse-balance] answering 'false' to every "
        "true/false question scores 75% (3 of 4 are false)\n"
        "    a learner who guesses 'false' every time passes: turn some false statements true "
        "(at most 65% one way)"
    ]
    # One more true statement: 3 of 5 (60%) is balanced enough.
    more = statement.replace("rank-second", "rank-second-again")
    workspace.bank("sample", text + more.replace('세계 2위다."\n', '세계 2위다!"\n', 1))
    again = check_workspace(Workspace(workspace.root)).selecting(select=("truefalse-balance",))
    assert again.diagnostics == ()
