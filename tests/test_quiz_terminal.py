"""`quizdeck quiz` in a real terminal: tmux runs it, we type answers and read the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SAMPLE_ARTICLE, WorkspaceBuilder, require, right_lines, session_plan


@pytest.fixture(autouse=True)
def _tmux() -> None:
    require(shutil.which("tmux"), "tmux is not installed: the real-terminal tests need it")


WIDTH, HEIGHT = 100, 50


class Pane:
    """One detached tmux session on a private server socket."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
        )
        return done.stdout

    def start(self, command: str) -> None:
        # Keep the pane after the command ends so its last screen can be read.
        shell = f'{command}; echo "[exit $?]"; sleep 120'
        self.tmux("new-session", "-d", "-s", "quiz", "-x", str(WIDTH), "-y", str(HEIGHT), shell)

    def type(self, text: str) -> None:
        if text:
            self.tmux("send-keys", "-t", "quiz", "-l", text)
        self.tmux("send-keys", "-t", "quiz", "Enter")

    def screen(self) -> str:
        """The whole scrollback, wrapped lines joined."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "quiz")

    def wait_for(self, text: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen:\n{screen}")
            time.sleep(0.05)


@pytest.fixture
def pane() -> Iterator[Pane]:
    found = Pane(f"quizdeck-test-{uuid.uuid4().hex[:12]}")
    yield found
    subprocess.run(["tmux", "-L", found.socket, "kill-server"], capture_output=True, check=False)


def quizdeck(*args: str) -> str:
    script = Path(sys.executable).with_name("quizdeck")
    base = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from quizdeck.cli.app import main; main()"]
    )
    return shlex.join([*base, *args])


@pytest.mark.slow
def test_a_session_in_a_real_terminal(
    pane: Pane, workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    workspace.sample()
    store = tmp_path / "p.sqlite3"
    plan = session_plan(workspace.root, "3")
    pane.start(
        quizdeck("quiz", "--root", str(workspace.root), "--store", str(store), "--seed", "3")
    )
    typed: dict[str, str] = {}
    for number, (question, order) in enumerate(plan, 1):
        pane.wait_for(f"[{number}/6] ")
        if question.id == "source-and-field":  # the two choices that are not the key
            lines = [" ".join(str(order.index(i) + 1) for i in (2, 3))]
        elif question.id == "rnd-hub":
            lines = ["R&B"]  # one letter off: a near miss, counted wrong
        else:
            lines = right_lines(question, order)
        typed[question.id] = lines[0]
        for line in lines:
            pane.type(line)
    screen = pane.wait_for("[y/N]> ")
    lines = [line.rstrip() for line in screen.splitlines()]
    # The layout as a user sees it, Korean and markup-like text intact.
    number, (multi, order) = next(
        (n, entry) for n, entry in enumerate(plan, 1) if entry[0].id == "source-and-field"
    )
    start = lines.index(f"[{number}/6] 복수 선택 · sample/source-and-field")
    shown = [multi.choices[i] for i in order]
    keys = [f"{'①②③④'[n]} {multi.choices[i]}" for n, i in enumerate(order) if i in multi.keys]
    assert lines[start : start + 14] == [
        f"[{number}/6] 복수 선택 · sample/source-and-field",
        "중국 AI 시장 급성장 · 2018-09-19",
        "기사에 나온 것을 모두 고르시오.",
        *(f"  {'①②③④'[n]} {text}" for n, text in enumerate(shown)),
        f"번호 여러 개 (예: 1,3)> {typed['source-and-field']}",
        "✗ 오답",
        f"  정답: {', '.join(keys)}",
        "  해설: <파이낸셜타임스>와 칭화대 보고서가 인용되었다.",
        '  근거: "<파이낸셜타임스>에 따르면 칭화대 보고서는 인공지능 인재를 1,293명으로 집계했다."',
        "  출처: 중국 AI 시장 급성장, ¶4",
        "",
    ]
    assert "△ 거의 맞았습니다 (한 글자 차이) — 오답으로 셉니다" in lines
    assert "(1)____의 적극적인 인공지능 기술 개발 지원도 (2)____이 되고 있다." in lines
    missed = [q.key for q, _ in plan if q.id in ("source-and-field", "rnd-hub")]
    # The missed questions by their number as asked and their first words, not their ids.
    numbers = {question.id: n for n, (question, _) in enumerate(plan, 1)}
    end = lines.index("틀린 문제:")
    assert lines[end : end + 4] == [
        "틀린 문제:",
        f"  {numbers['source-and-field']}. 기사에 나온 것을 모두 고르시오.",
        "거의 맞은 문제 (오답으로 셉니다):",
        f"  {numbers['rnd-hub']}. 중국은 세계 인공지능 무엇의 허브로 거듭나고 있는가?",
    ]
    assert not any("sample/rnd-hub" in line for line in lines[end:])
    assert any(line.startswith("결과: 6문제 중 4문제 정답 (67%) · 걸린 시간 ") for line in lines)
    assert lines[-1] == "틀린 2문제를 다시 풀까요? [y/N]>"

    # Yes: the two missed questions again, in the same order and choice order, then the end.
    pane.type("y")
    for number, key in enumerate(missed, 1):
        pane.wait_for(f"[{number}/2] ")
        question, order = next(entry for entry in plan if entry[0].key == key)
        pane.type(right_lines(question, order)[0] if question.choices else "연구개발")
    screen = pane.wait_for("[exit 0]")
    assert "결과: 2문제 중 2문제 정답 (100%)" in screen
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*), sum(correct) FROM answers").fetchone() == (8, 6)


@pytest.mark.slow
def test_ctrl_c_mid_quiz_saves_and_summarises(
    pane: Pane, workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    workspace.sample()
    store = tmp_path / "p.sqlite3"
    pane.start(quizdeck("quiz", "--root", str(workspace.root), "--store", str(store)))
    pane.wait_for("번호> ")
    pane.type("1")
    pane.wait_for("번호 여러 개 (예: 1,3)> ")
    pane.tmux("send-keys", "-t", "quiz", "C-c")
    screen = pane.wait_for("[exit 0]")
    lines = [line.rstrip() for line in screen.splitlines()]
    end = lines.index("[exit 0]")
    assert lines[end - 2] == "중단했습니다. 답한 1문제는 저장했습니다."
    assert lines[end - 1].startswith("결과: 1문제 중 1문제 정답 (100%) · 걸린 시간 ")
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT question, correct FROM answers").fetchall() == [
            ("market-size", 1)
        ]


LONG_PROMPT = (
    "기사에 따르면 중국 정부의 적극적인 인공지능 기술 개발 지원과 투자 정책에 힘입어 빠르게 늘어난 "
    "중국의 인공지능 기업은 미국에 이어 세계 2위 규모인데, 올해 6월 기준으로 그 수는 모두 몇 개에 "
    "이르렀다고 하는가?"
)
LONG_EXPLANATION = (
    "중국 정부는 올해 6월 기준 중국의 인공지능 기업 수를 1천11개로 집계했는데, 이는 미국에 이어 "
    "세계 2위 규모이며 정부의 적극적인 기술 개발 지원과 투자가 그 바탕이 되었다고 기사는 전한다."
)
LONG_BANK = f"""\
article:
  source: sample.txt
  title: "중국 AI 시장 급성장"
  language: ko
questions:
  - id: company-count
    type: numeric
    prompt: "{LONG_PROMPT}"
    answer: 1011
    unit: "개"
    evidence: "중국 인공지능 기업 수는 올해 6월 기준 1천11개로 미국에 이어 세계 2위다."
    explanation: "{LONG_EXPLANATION}"
"""


def cells(text: str) -> int:
    """Terminal cells a line takes: Hangul syllables are two wide."""
    return sum(2 if "\uac00" <= ch <= "\ud7a3" else 1 for ch in text)


@pytest.mark.slow
def test_a_long_korean_prompt_wraps_between_words_and_a_non_number_is_asked_again(
    pane: Pane, workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank("long", LONG_BANK)
    store = tmp_path / "p.sqlite3"
    pane.start(quizdeck("quiz", "--root", str(workspace.root), "--store", str(store)))
    pane.wait_for("숫자> ")
    pane.type("모름")
    pane.wait_for("숫자로 읽을 수 없습니다")
    pane.type("약 1천11개")
    screen = pane.wait_for("[exit 0]")
    lines = [line.rstrip() for line in screen.splitlines()]
    start = lines.index("중국 AI 시장 급성장") + 1
    end = lines.index("단위: 개")
    shown = lines[start:end]
    # Wrapped by quizdeck at word boundaries (the pane joins only its own soft wraps).
    assert len(shown) >= 2
    assert " ".join(shown) == LONG_PROMPT
    assert all(cells(line) <= WIDTH for line in shown)
    # A wrapped line keeps its indent: the explanation's lines hang under its first word.
    start = next(n for n, line in enumerate(lines) if line.startswith("  해설: "))
    end = next(n for n, line in enumerate(lines) if line.startswith("  근거: "))
    wrapped = lines[start:end]
    assert len(wrapped) >= 2, wrapped
    assert all(line.startswith(" " * 8) and line[8] != " " for line in wrapped[1:]), wrapped
    assert " ".join(line.strip() for line in wrapped) == f"해설: {LONG_EXPLANATION}"
    asked = lines.index("숫자> 모름")
    assert lines[asked : asked + 4] == [
        "숫자> 모름",
        "숫자로 읽을 수 없습니다. 1011, 1천11, 약 5000처럼 숫자로 답하세요.",
        "숫자> 약 1천11개",
        "✓ 정답",
    ]
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT given, correct FROM answers").fetchall() == [("약 1천11개", 1)]
