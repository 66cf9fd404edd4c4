"""The self-test: answer matching per type, choosing questions, sessions, the `quiz` command."""

from __future__ import annotations

import io
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import SAMPLE_IDS, WorkspaceBuilder, right_lines, session_plan
from quizdeck.banks.model import BlankText, Location, Question, Text
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.resolve import Blank, Resolved, ResolvedBank, Source, parse_types, resolve_question
from quizdeck.study.marking import InvalidAnswer, Verdict, check_answer, check_blank, text_verdict
from quizdeck.study.progress import ProgressStore
from quizdeck.study.selection import select_questions
from quizdeck.study.selftest import QuizOptions, Session, cloze_line, make_console, run_quiz
from quizdeck.workspace import Workspace

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
SEED = "7"


def typed(root: Path, wrong: dict[str, str] | None = None, seed: str = SEED) -> str:
    """What a learner types in `quiz --seed SEED`: every answer right but those in `wrong`."""
    lines = []
    for question, order in session_plan(root, seed):
        given = (wrong or {}).get(question.id)
        lines += [given] if given is not None else right_lines(question, order)
    return "".join(f"{line}\n" for line in lines)


def asked(root: Path, seed: str = SEED) -> list[str]:
    """The question ids `quiz --seed SEED` asks, in order."""
    return [question.id for question, _ in session_plan(root, seed)]


@pytest.fixture
def sample(workspace: WorkspaceBuilder) -> ResolvedBank:
    """The checked sample bank (one question of every type)."""
    workspace.sample()
    result = check_workspace(Workspace(workspace.root))
    assert not result.failed()
    return result.resolved[0]


def question(bank: ResolvedBank, question_id: str) -> Resolved:
    return next(q for q in bank.questions if q.id == question_id)


SOURCE = Source("기사", "ko")


def numeric(answer: str, unit: str | None, tolerance: float = 0.0) -> Resolved:
    written = Question(
        "n", "numeric", Location("x"), (), "?", answer=answer, unit=unit, tolerance=tolerance
    )
    return resolve_question("b", SOURCE, written, ())


# ---------------------------------------------------------------- matching per type


@pytest.mark.parametrize(
    ("given", "correct"),
    [
        ("1", True),
        (" 1 ", True),
        ("1)", True),
        ("①", True),
        ("a", True),
        ("414억 위안", True),
        ("2", False),
        ("", False),
    ],
)
def test_choice_is_answered_by_number_or_text(
    sample: ResolvedBank, given: str, correct: bool
) -> None:
    assert check_answer(question(sample, "market-size"), given) == Verdict(correct)


def worded_choice(choices: list[str], answer: str) -> Resolved:
    written = Question("c", "choice", Location("x"), (), "?", answer=answer, choices=tuple(choices))
    return resolve_question("b", SOURCE, written, ())


ABOUT_YEARS = ["약 100년", "약 200년", "약 300년", "약 400년"]


@pytest.mark.parametrize(
    ("given", "correct"),
    [("200", True), ("200년", True), ("약 200년", True), ("300", False), ("2", True), ("1", False)],
)
def test_the_bare_value_picks_a_choice_with_words_around_its_number(
    given: str, correct: bool
) -> None:
    assert check_answer(worded_choice(ABOUT_YEARS, "약 200년"), given) == Verdict(correct)


def test_a_bare_value_two_choices_hold_is_asked_again() -> None:
    question = worded_choice(["약 200년", "200년 이상", "약 300년", "약 400년"], "약 200년")
    with pytest.raises(InvalidAnswer) as raised:
        check_answer(question, "200")
    assert raised.value.reason == "choice"


def test_a_bare_value_that_is_also_a_position_is_ambiguous() -> None:
    question = worded_choice(["약 3년", "약 1년", "약 2년", "약 4년"], "약 1년")
    with pytest.raises(InvalidAnswer) as raised:
        check_answer(question, "1")
    assert (raised.value.reason, raised.value.details["value"]) == ("ambiguous", "2")


@pytest.mark.parametrize("given", ["0", "5", "1,2", "abc", "⑤", "e"])
def test_choice_out_of_range_asks_again(sample: ResolvedBank, given: str) -> None:
    with pytest.raises(InvalidAnswer):
        check_answer(question(sample, "market-size"), given)


@pytest.mark.parametrize(
    ("given", "correct"),
    [("1,2", True), ("2 1", True), ("1, 2", True), ("1,2,2", True), ("1", False), ("1,3", False)],
)
def test_multi_compares_sets_of_numbers(sample: ResolvedBank, given: str, correct: bool) -> None:
    assert check_answer(question(sample, "source-and-field"), given) == Verdict(correct)


@pytest.mark.parametrize("given", ["1,5", "1;2", "12"])
def test_multi_out_of_range_asks_again(sample: ResolvedBank, given: str) -> None:
    with pytest.raises(InvalidAnswer):
        check_answer(question(sample, "source-and-field"), given)


@pytest.mark.parametrize("given", ["o", "O", "t", "T", "true", "TRUE", "y", "Yes", "참", "○"])
def test_truefalse_true_words(sample: ResolvedBank, given: str) -> None:
    assert check_answer(question(sample, "rank-second"), given) == Verdict(True)


@pytest.mark.parametrize("given", ["x", "X", "f", "False", "n", "no", "거짓", "×"])
def test_truefalse_false_words(sample: ResolvedBank, given: str) -> None:
    assert check_answer(question(sample, "rank-second"), given) == Verdict(False)


def test_truefalse_other_words_ask_again(sample: ResolvedBank) -> None:
    with pytest.raises(InvalidAnswer):
        check_answer(question(sample, "rank-second"), "maybe")


@pytest.mark.parametrize(
    ("given", "correct"),
    [
        ("1011", True),
        ("1,011", True),
        ("1천11", True),
        ("1천11개", True),
        (" 1011 개 ", True),
        ("1010", False),
        ("", False),
    ],
)
def test_numeric_by_value(sample: ResolvedBank, given: str, correct: bool) -> None:
    assert check_answer(question(sample, "company-count"), given) == Verdict(correct)


def test_a_numeric_answer_that_is_no_number_is_asked_again(sample: ResolvedBank) -> None:
    with pytest.raises(InvalidAnswer) as raised:
        check_answer(question(sample, "company-count"), "모름")
    assert (raised.value.given, raised.value.reason) == ("모름", "numeric")


@pytest.mark.parametrize(
    ("given", "correct"),
    [
        ("414", True),
        ("414억", True),
        ("414억 위안", True),
        ("414 억 위안", True),
        ("41,400,000,000", True),
        ("413", False),
        ("414만", False),
        ("414 달러", False),
    ],
)
def test_numeric_with_or_without_the_unit(given: str, correct: bool) -> None:
    assert check_answer(numeric("414", "억 위안"), given) == Verdict(correct)


@pytest.mark.parametrize(
    ("answer", "unit", "given", "correct"),
    [
        ("15", "cm", "15센티미터", True),
        ("15", "cm", "15 센티", True),
        ("15", "cm", "15 centimetres", True),
        ("15", "센티미터", "15cm", True),
        ("15", "cm", "15 m", False),
        ("15", "cm", "15밀리미터", False),
        ("3", "mm", "3밀리미터", True),
        ("40", "m", "40미터", True),
        ("12", "km", "12킬로미터", True),
        ("12", "km", "12킬로", True),
        ("70", "kg", "70킬로그램", True),
        ("500", "g", "500그램", True),
        ("48", "%", "48퍼센트", True),
        ("48", "%", "48프로", True),
        ("48", "%", "48 percent", True),
        ("1837", "년", "1837년도", True),
        ("1837", "년", "1837년", True),
        ("1837", "년", "1838년도", False),
        ("3", "번", "세번", True),
        ("3", "번", "세 차례", True),
        ("5", "곳", "다섯곳", True),
        ("5", "곳", "다섯 군데", True),
        ("10", "명", "열명", True),
        ("2", "개", "두개", True),
    ],
)
def test_a_unit_in_any_of_its_spellings(answer: str, unit: str, given: str, correct: bool) -> None:
    assert check_answer(numeric(answer, unit), given) == Verdict(correct)


@pytest.mark.parametrize(
    ("given", "correct"), [("2.5", True), ("2.6", True), ("2.55%", True), ("2.7", False)]
)
def test_numeric_within_tolerance(given: str, correct: bool) -> None:
    assert check_answer(numeric("2.5", "%", tolerance=0.1), given) == Verdict(correct)


@pytest.mark.parametrize(
    ("given", "verdict"),
    [
        ("R&D", Verdict(True)),
        ("r&d", Verdict(True)),
        ("  R&D ", Verdict(True)),
        ("연구개발", Verdict(True)),
        ("연구 개발", Verdict(True)),  # spacing aside, as quotes are compared
        ("R&B", Verdict(False, near_miss=True)),
        ("연구개빌", Verdict(False, near_miss=True)),
        ("디자인", Verdict(False)),
        ("", Verdict(False)),
    ],
)
def test_short_answers_fold_accept_and_near_misses(
    sample: ResolvedBank, given: str, verdict: Verdict
) -> None:
    assert check_answer(question(sample, "rnd-hub"), given) == verdict


def test_two_character_answers_have_no_near_miss() -> None:
    # 한국 is one syllable from 중국 but a different country, not a typo.
    assert text_verdict("한국", ["중국"]) == Verdict(False)


def cloze(quotes: list[str], blanks: list[str]) -> Resolved:
    written = Question(
        "c",
        "cloze",
        Location("x"),
        tuple(Text(q, Location("x")) for q in quotes),
        blanks=tuple(BlankText(b, Location("x")) for b in blanks),
    )
    return resolve_question("b", SOURCE, written, ())


def test_cloze_hides_each_blank_and_checks_each() -> None:
    # Every place a blank stands is hidden, as on the Anki card and the printed form:
    # a second 중국 left in view would give the answer away. Blanks number in reading order.
    question = cloze(["중국 정부의 지원이 중국 AI의 디딤돌이다."], ["디딤돌", "중국"])
    assert [cloze_line(line) for line in question.cloze] == [
        "(1)____ 정부의 지원이 (1)____ AI의 (2)____이다."
    ]
    assert question.blanks == (Blank(1, "중국"), Blank(2, "디딤돌"))
    # A blank the checker accepts because it differs only by spacing is hidden too.
    spaced = cloze(["중국 정부의 지원이 디딤\n돌이다.", "두 번째 인용문."], ["디딤돌"])
    assert [cloze_line(line) for line in spaced.cloze] == [
        "중국 정부의 지원이 (1)____이다.",
        "두 번째 인용문.",
    ]
    blank = Blank(1, "디딤돌")
    assert check_blank(blank, "디딤돌") == Verdict(True)
    assert check_blank(blank, "디딩돌") == Verdict(False, near_miss=True)
    assert check_blank(blank, " ") == Verdict(False)


def test_cloze_is_not_answered_whole(sample: ResolvedBank) -> None:
    with pytest.raises(ValueError, match="blank by blank"):
        check_answer(question(sample, "government-support"), "중국 정부")


def test_parse_types() -> None:
    assert parse_types(["choice", "multi,short", "choice"]) == ("choice", "multi", "short")
    with pytest.raises(ValueError, match="unknown question type 'essay'"):
        parse_types(["essay"])


# ---------------------------------------------------------------- choosing questions


def ids(items: list[Resolved]) -> list[str]:
    return [item.id for item in items]


def test_selection_keeps_bank_order_without_a_seed(sample: ResolvedBank) -> None:
    assert ids(select_questions([sample], {}, T0)) == SAMPLE_IDS


def test_seed_shuffles_reproducibly_and_count_limits(sample: ResolvedBank) -> None:
    first = ids(select_questions([sample], {}, T0, seed="7"))
    assert first == ids(select_questions([sample], {}, T0, seed="7"))
    assert sorted(first) == sorted(SAMPLE_IDS)
    assert first != SAMPLE_IDS
    assert ids(select_questions([sample], {}, T0, seed="7", count=2)) == first[:2]


def test_types_filter(sample: ResolvedBank) -> None:
    chosen = select_questions([sample], {}, T0, types=("numeric", "cloze"))
    assert ids(chosen) == ["company-count", "government-support"]


def test_due_and_missed_are_exclusive(sample: ResolvedBank) -> None:
    with pytest.raises(ValueError, match="--due and --missed cannot be combined"):
        select_questions([sample], {}, T0, due=True, missed=True)


# ---------------------------------------------------------------- sessions


class Clock:
    """A settable injected clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def quiz(
    bank: ResolvedBank, store: Path, answers: str, now: Clock, **options: object
) -> tuple[dict[str, object], str]:
    """Run a quiz through the library; returns the JSON summary and the chatter."""
    stdout, stderr = io.StringIO(), io.StringIO()
    run_quiz(
        [bank],
        QuizOptions(store=store, json_output=True, **options),  # type: ignore[arg-type]
        stdin=io.StringIO(answers),
        stdout=stdout,
        stderr=stderr,
        now=now,
    )
    return json.loads(stdout.getvalue()), stderr.getvalue()


def test_due_after_reviews_with_an_injected_clock(sample: ResolvedBank, tmp_path: Path) -> None:
    store = tmp_path / "progress.sqlite3"
    clock = Clock(T0)
    # Four answered (two right, two wrong), then end of input.
    summary, _ = quiz(sample, store, "1\n1\no\nRD\n", clock)
    assert summary["missed"] == ["sample/source-and-field", "sample/rnd-hub"]

    # Straight away nothing answered is due: only the two new questions.
    summary, _ = quiz(sample, store, "", clock, due=True)
    assert summary["asked"] == 0
    progress_now = ProgressStore(store, now=clock).progress("sample")
    items = select_questions([sample], {"sample": progress_now}, clock(), due=True)
    assert ids(items) == ["company-count", "government-support"]

    # Two minutes later the wrong ones (again in 1 min) are due, before the new ones.
    clock.now = T0 + timedelta(minutes=2)
    summary, _ = quiz(sample, store, "3\n", clock, due=True)
    assert summary["results"] == [{"id": "sample/source-and-field", "given": "3", "correct": False}]
    with ProgressStore(store, now=clock) as reader:
        items = select_questions([sample], {"sample": reader.progress("sample")}, clock(), due=True)
    # source-and-field was just answered (wrong again): due in a minute, not now.
    assert ids(items) == ["rnd-hub", "company-count", "government-support"]

    # A day later every answered card is due, the earliest first, then the new ones.
    clock.now = T0 + timedelta(days=1)
    with ProgressStore(store, now=clock) as reader:
        items = select_questions([sample], {"sample": reader.progress("sample")}, clock(), due=True)
    assert ids(items) == [
        "rnd-hub",  # wrong at T0: again after 1 minute
        "source-and-field",  # wrong again at T0 + 2 min
        "market-size",  # right at T0: again after 10 minutes
        "rank-second",
        "company-count",
        "government-support",
    ]


def test_missed_asks_exactly_the_last_wrong(
    workspace: WorkspaceBuilder, sample: ResolvedBank, tmp_path: Path
) -> None:
    store = tmp_path / "progress.sqlite3"
    clock = Clock(T0)
    wrong = {"market-size": "2", "rank-second": "x", "company-count": "7"}
    quiz(sample, store, typed(workspace.root, wrong), clock, seed=SEED)
    summary, _ = quiz(sample, store, "1\n", clock, missed=True)
    # market-size is now right: it leaves the missed set; the other two stay.
    assert summary["results"] == [{"id": "sample/market-size", "given": "1", "correct": True}]
    summary, _ = quiz(sample, store, "o\n1011\n", clock, missed=True)
    assert [r["id"] for r in summary["results"]] == ["sample/rank-second", "sample/company-count"]
    summary, chatter = quiz(sample, store, "", clock, missed=True)
    assert summary["asked"] == 0
    assert chatter == "물어볼 문제가 없습니다.\n"


def test_keyboard_interrupt_keeps_what_was_answered(sample: ResolvedBank, tmp_path: Path) -> None:
    def answers() -> Iterator[str]:
        yield "1"
        yield "1"
        raise KeyboardInterrupt

    typed = answers()
    out = io.StringIO()
    with ProgressStore(tmp_path / "p.sqlite3", now=lambda: T0) as store:
        session = Session(make_console(out), lambda _: next(typed), store, "ko")
        summary = session.run(select_questions([sample], {}, T0))
        session.print_summary(summary)
        assert summary.interrupted
        assert [a.item.key for a in summary.answers] == [
            "sample/market-size",
            "sample/source-and-field",
        ]
        assert set(store.progress("sample")) == {"market-size", "source-and-field"}
    assert out.getvalue().endswith(
        "\n\n중단했습니다. 답한 2문제는 저장했습니다.\n"
        "결과: 2문제 중 1문제 정답 (50%) · 걸린 시간 0초\n"
        "틀린 문제:\n"
        "  2. 기사에 나온 것을 모두 고르시오.\n"
    )


# ---------------------------------------------------------------- the command


def test_quiz_transcript_piped(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    store = tmp_path / "p.sqlite3"
    result = workspace.run("quiz", "--type", "truefalse", "--store", str(store), input="maybe\no\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "\n"
        "[1/1] O/X · sample/rank-second\n"
        "중국 AI 시장 급성장 · 2018-09-19\n"
        "중국 인공지능 기업 수는 세계 2위다.\n"
        "O/X> maybe\n"
        "O 또는 X로 답하세요 (o/x, 참/거짓, t/f, y/n).\n"
        "O/X> o\n"
        "✓ 정답\n"
        "  정답: O\n"
        "  해설: 미국에 이어 세계 2위다.\n"
        '  근거: "중국 인공지능 기업 수는 올해 6월 기준 1천11개로 미국에 이어 세계 2위다."\n'
        "  출처: 중국 AI 시장 급성장, ¶3\n"
        "\n"
        "결과: 1문제 중 1문제 정답 (100%) · 걸린 시간 0초\n"
    )


def test_quiz_every_type_feedback(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    wrong = {"market-size": "2", "rank-second": "x", "rnd-hub": "R&B", "company-count": "1천11개"}
    answers = typed(workspace.root, wrong).replace("중국 정부\n디딤돌\n", "\n디딩돌\n")
    result = workspace.run(
        "quiz", "--seed", SEED, "--store", str(tmp_path / "p.sqlite3"), input=answers
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    verdicts = [line for line in lines if line[:1] in "✓✗△–" and line]
    expected = {
        "market-size": "✗ 오답",
        "source-and-field": "✓ 정답",
        "rank-second": "✗ 오답",
        "rnd-hub": "△ 거의 맞았습니다 (한 글자 차이) — 오답으로 셉니다",
        "company-count": "✓ 정답",
        "government-support": "✗ 오답",
    }
    order = asked(workspace.root)
    assert verdicts == [expected[i] for i in order]
    assert "(1)____의 적극적인 인공지능 기술 개발 지원도 (2)____이 되고 있다." in lines
    assert "  정답: (1) 중국 정부 ✗  (2) 디딤돌 △" in lines
    [(multi, shown)] = [
        e for e in session_plan(workspace.root, SEED) if e[0].id == "source-and-field"
    ]
    keys = ", ".join(
        f"{'①②③④'[n]} {multi.choices[i]}" for n, i in enumerate(shown) if i in multi.keys
    )
    assert f"  정답: {keys}" in lines
    assert "  정답: 1011개" in lines
    # The missed questions by their number as asked and their first words, not their ids.
    words = {
        "market-size": "올해 중국 인공지능 시장 규모 예측치는?",
        "rank-second": "중국 인공지능 기업 수는 세계 2위다.",
        "government-support": "(1)____의 적극적인 인공지능 기술 개발 지원도 (2)____이 되고…",
    }
    missed = [(n, i) for n, i in enumerate(order, 1) if i in words]
    assert lines[-7:] == [
        "결과: 6문제 중 2문제 정답 (33%) · 걸린 시간 0초",
        "틀린 문제:",
        *(f"  {n}. {words[i]}" for n, i in missed),
        "거의 맞은 문제 (오답으로 셉니다):",
        f"  {order.index('rnd-hub') + 1}. 중국은 세계 인공지능 무엇의 허브로 거듭나고 있는가?",
    ]


def test_an_empty_answer_is_a_skip(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    store = tmp_path / "p.sqlite3"
    result = workspace.run("quiz", "--type", "short", "--store", str(store), input="\n")
    assert "– 건너뜀 (오답으로 셉니다)" in result.stdout.splitlines()
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT given, correct FROM answers").fetchall() == [("", 0)]


def test_quiz_json_keeps_stdout_clean(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    store = str(tmp_path / "p.sqlite3")
    answers = typed(workspace.root)
    result = workspace.run(
        "quiz", "--seed", SEED, "--format", "json", "--store", store, input=answers
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert isinstance(summary.pop("seconds"), float)
    given = {
        question.id: " | ".join(right_lines(question, order))
        for question, order in session_plan(workspace.root, SEED)
    }
    assert summary == {
        "asked": 6,
        "correct": 6,
        "missed": [],
        "results": [
            {"id": f"sample/{i}", "given": given[i], "correct": True} for i in asked(workspace.root)
        ],
    }
    assert "[1/6] " in result.stderr


def test_ids_are_unique_across_banks(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample("first")
    workspace.sample("second")
    store = str(tmp_path / "p.sqlite3")
    result = workspace.run(
        "quiz", "--type", "truefalse", "--format", "json", "--store", store, input="o\nx\n"
    )
    summary = json.loads(result.stdout)
    assert summary["missed"] == ["second/rank-second"]
    assert [r["id"] for r in summary["results"]] == ["first/rank-second", "second/rank-second"]


def test_end_of_input_saves_and_summarises(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    store = tmp_path / "p.sqlite3"
    result = workspace.run("quiz", "--store", str(store), input="1\nx\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "\n"
        "중단했습니다. 답한 1문제는 저장했습니다.\n"
        "결과: 1문제 중 1문제 정답 (100%) · 걸린 시간 0초\n"
    )
    with sqlite3.connect(store) as db:
        saved = db.execute("SELECT bank, question, given, correct FROM answers ORDER BY id")
        assert saved.fetchall() == [("sample", "market-size", "1", 1)]


def test_progress_persists_across_runs(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    store = str(tmp_path / "p.sqlite3")
    wrong = {"market-size": "2", "rank-second": "x"}
    workspace.run("quiz", "--seed", SEED, "--store", store, input=typed(workspace.root, wrong))
    result = workspace.run("quiz", "--missed", "--format", "json", "--store", store, input="")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["asked"] == 0  # end of input before the first answer
    result = workspace.run("quiz", "--missed", "--store", store, input="1\no\n")
    assert "[1/2] 객관식 · sample/market-size" in result.stdout
    assert "[2/2] O/X · sample/rank-second" in result.stdout
    stats = workspace.run("stats", "--store", store)
    assert stats.exit_code == 0, stats.output
    with sqlite3.connect(store) as db:
        (last,) = db.execute("SELECT max(answered_at) FROM answers").fetchone()
    shown = datetime.fromisoformat(last).astimezone().strftime("%Y-%m-%d %H:%M")
    # 8 answers, 6 right; every card was answered minutes ago, so none is due yet.
    assert stats.stdout == (
        "bank    questions  answered  correct  due now  last session\n"
        f"sample          6         6      75%        0  {shown}\n"
    )


def test_stats_without_a_store_writes_nothing(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    store = tmp_path / "none.sqlite3"
    result = workspace.run("stats", "--store", str(store))
    assert result.stdout == (
        "bank    questions  answered  correct  due now  last session\n"
        "sample          6         0        -        0  never\n"
    )
    assert not store.exists()


def test_default_store_is_in_the_user_data_directory(
    workspace: WorkspaceBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    workspace.sample()
    result = workspace.run("quiz", "--type", "truefalse", input="o\n")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "quizdeck" / "progress.sqlite3").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--due", "--missed"], "quizdeck: --due and --missed cannot be combined\n"),
        (
            ["--type", "essay"],
            "quizdeck: unknown question type 'essay' "
            "(choose from choice, multi, truefalse, short, numeric, cloze)\n",
        ),
        (["nope"], "quizdeck: no bank 'nope' (banks in questions/: sample)\n"),
    ],
)
def test_usage_errors(
    workspace: WorkspaceBuilder, tmp_path: Path, args: list[str], message: str
) -> None:
    workspace.sample()
    result = workspace.run("quiz", *args, "--store", str(tmp_path / "p.sqlite3"))
    assert (result.exit_code, result.stderr) == (2, message)


def test_a_failing_bank_is_not_quizzed(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    bank = workspace.root / "questions" / "sample.yaml"
    bank.write_text(bank.read_text().replace('answer: "414억 위안"', 'answer: "415억 위안"'))
    store = tmp_path / "p.sqlite3"
    result = workspace.run("quiz", "--store", str(store), input="1\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith(
        "quizdeck: check failed: fix the banks before quizzing (run `quizdeck check`)\n"
    )
    assert "error[answer-not-in-choices]" in result.stderr
    assert not store.exists()


def test_a_learner_sees_no_lint_warnings(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    bank = workspace.sample()
    bank.write_text(bank.read_text().replace("  published: 2018-09-19\n", ""))
    assert "warning[relative-time]" in workspace.run("check").stdout
    store = str(tmp_path / "p.sqlite3")
    result = workspace.run("quiz", "--type", "truefalse", "--store", store, input="o\n")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "warning" not in result.stdout
    assert result.stdout.startswith("\n[1/1] O/X · sample/rank-second\n")


def test_labels_follow_the_bank_language(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    bank = workspace.sample()
    bank.write_text(bank.read_text().replace("language: ko", "language: en"))
    store = str(tmp_path / "p.sqlite3")
    result = workspace.run("quiz", "--type", "numeric", "--store", store, input="1,011 개\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "\n"
        "[1/1] number · sample/company-count\n"
        "중국 AI 시장 급성장 · 2018-09-19\n"
        "올해 6월 기준 중국 인공지능 기업은 몇 개인가?\n"
        "unit: 개\n"
        "number> 1,011 개\n"
        "✓ right\n"
        "  Answer: 1011개\n"
        "  Explanation: 1천11개, 곧 1011개다.\n"
        '  Evidence: "중국 인공지능 기업 수는 올해 6월 기준 1천11개로 미국에 이어 세계 2위다."\n'
        "  Source: 중국 AI 시장 급성장, ¶3\n"
        "\n"
        "Score: 1/1 right (100%) · time 0 s\n"
    )


def test_nothing_due_says_so(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    store = str(tmp_path / "p.sqlite3")
    workspace.run("quiz", "--type", "truefalse", "--store", store, input="o\n")
    result = workspace.run("quiz", "--type", "truefalse", "--due", "--store", store, input="")
    assert (result.exit_code, result.stdout) == (0, "물어볼 문제가 없습니다.\n")


def test_bytes_that_are_not_utf8_are_asked_again_not_an_abort(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    import subprocess
    import sys

    workspace.sample()
    args = ["--root", str(workspace.root), "--store", str(tmp_path / "p.sqlite3")]
    done = subprocess.run(
        [sys.executable, "-m", "quizdeck", "quiz", *args, "--type", "numeric"],
        input=b"\xff\xfe\n1011\n",
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    lines = done.stdout.decode("utf-8").splitlines()
    assert done.returncode == 0, done.stderr.decode()
    start = lines.index("숫자> \ufffd\ufffd")
    assert lines[start : start + 5] == [
        "숫자> \ufffd\ufffd",
        "입력을 읽을 수 없습니다 (UTF-8이 아닌 글자). 다시 입력하세요.",
        "숫자> 1011",
        "✓ 정답",
        "  정답: 1011개",
    ]
    assert lines[-1] == "결과: 1문제 중 1문제 정답 (100%) · 걸린 시간 0초"
