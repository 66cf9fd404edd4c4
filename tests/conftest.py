"""Shared fixtures: small workspaces built in tmp_path, commands run through CliRunner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from quizdeck.checking.workspace_check import check_workspace
from quizdeck.cli.app import app
from quizdeck.resolve import Resolved, ResolvedBank
from quizdeck.study.selection import select_questions
from quizdeck.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
# Set by .ci/run (and by CI itself): a test that cannot run there fails instead of skipping.
MUST_RUN = bool(os.environ.get("QUIZDECK_REQUIRE_ALL") or os.environ.get("CI"))


def require(available: object, what: str) -> None:
    """Skip a test whose system dependency is missing on a developer's machine; fail in CI."""
    if available:
        return
    if MUST_RUN:
        pytest.fail(f"{what} (CI must run this test: install it in scripts/system-deps)")
    pytest.skip(what)


# A small article with page chrome around the body, in the shape of the seeds.
SAMPLE_ARTICLE = """\
메뉴 | 로그인 | 구독
중국 AI 시장 급성장

입력 2018-09-19 08:19
중국이 세계 인공지능(AI) R&D 허브로 거듭나고 있다.

올해 시장 규모는 414억 위안(약 6조9518억 원)에 달할 것으로 예측되고 있다.

중국 인공지능 기업 수는 올해 6월 기준 1천11개로 미국에 이어 세계 2위다.

<파이낸셜타임스>에 따르면 칭화대 보고서는 인공지능 인재를 1,293명으로 집계했다.

중국 정부의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다.

ⓒ 무단전재 및 재배포 금지 | 관련기사 더보기
"""

# One question of every type, all grounded in SAMPLE_ARTICLE.
SAMPLE_BANK = """\
article:
  source: sample.txt
  title: "중국 AI 시장 급성장"
  language: ko
  published: 2018-09-19
  body:
    start: "중국이 세계 인공지능(AI) R&D 허브로"
    end: "디딤돌이 되고 있다."
deck: "테스트::시장"
tags: [china-ai]
questions:
  - id: market-size
    type: choice
    prompt: "올해 중국 인공지능 시장 규모 예측치는?"
    choices: ["414억 위안", "1천11억 위안", "1,293억 위안", "6조 위안"]
    answer: "414억 위안"
    evidence: "올해 시장 규모는 414억 위안(약 6조9518억 원)에 달할 것으로 예측되고 있다."
    explanation: "기사는 올해 시장 규모를 414억 위안으로 예측했다."
    tags: [market]
    difficulty: easy
  - id: source-and-field
    type: multi
    prompt: "기사에 나온 것을 모두 고르시오."
    choices: ["<파이낸셜타임스>", "칭화대 보고서", "하버드대 보고서", "R&D 예산"]
    answer: ["<파이낸셜타임스>", "칭화대 보고서"]
    evidence: "<파이낸셜타임스>에 따르면 칭화대 보고서는 인공지능 인재를 1,293명으로 집계했다."
    explanation: "<파이낸셜타임스>와 칭화대 보고서가 인용되었다."
  - id: rank-second
    type: truefalse
    prompt: "중국 인공지능 기업 수는 세계 2위다."
    answer: true
    evidence: "중국 인공지능 기업 수는 올해 6월 기준 1천11개로 미국에 이어 세계 2위다."
    explanation: "미국에 이어 세계 2위다."
  - id: rnd-hub
    type: short
    prompt: "중국은 세계 인공지능 무엇의 허브로 거듭나고 있는가?"
    answer: "R&D"
    accept: ["연구개발"]
    evidence: "중국이 세계 인공지능(AI) R&D 허브로 거듭나고 있다."
    explanation: "기사는 중국을 인공지능 R&D 허브로 묘사했다."
  - id: company-count
    type: numeric
    prompt: "올해 6월 기준 중국 인공지능 기업은 몇 개인가?"
    answer: 1011
    unit: "개"
    evidence: "중국 인공지능 기업 수는 올해 6월 기준 1천11개로 미국에 이어 세계 2위다."
    explanation: "1천11개, 곧 1011개다."
  - id: government-support
    type: cloze
    evidence: "중국 정부의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다."
    blanks: ["중국 정부", "디딤돌"]
    explanation: "정부 지원이 디딤돌이다."
"""


SAMPLE_IDS = [
    "market-size",
    "source-and-field",
    "rank-second",
    "rnd-hub",
    "company-count",
    "government-support",
]


@dataclass
class WorkspaceBuilder:
    """A workspace under tmp_path, filled by the test."""

    root: Path

    def article(self, name: str, text: str | bytes) -> Path:
        """Write seeds/<name> (text is written as UTF-8)."""
        path = self.root / "seeds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    def bank(self, bank_id: str, text: str | bytes) -> Path:
        """Write questions/<bank_id>.yaml (str is dedented and written as UTF-8)."""
        path = self.root / "questions" / f"{bank_id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text if isinstance(text, bytes) else textwrap.dedent(text).encode("utf-8")
        path.write_bytes(data)
        return path

    def sample(self, bank_id: str = "sample") -> Path:
        """The sample article and its bank with one question of every type."""
        self.article("sample.txt", SAMPLE_ARTICLE)
        return self.bank(bank_id, SAMPLE_BANK)

    def seeds(self) -> None:
        """Copy the project's seeds and question banks."""
        shutil.copytree(REPO / "seeds", self.root / "seeds", dirs_exist_ok=True)
        shutil.copytree(REPO / "questions", self.root / "questions", dirs_exist_ok=True)

    def run(self, *args: str, input: str | None = None) -> Result:
        """Run `quizdeck ARGS --root ROOT` through typer's CliRunner."""
        return CliRunner().invoke(app, [*args, "--root", str(self.root)], input=input)


@pytest.fixture(scope="session")
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The user cache directory of the test session (compiled templates, build records)."""
    return tmp_path_factory.mktemp("user-cache")


@pytest.fixture(autouse=True)
def build_records(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, user_cache: Path
) -> Path:
    """Build records (README: incremental builds) go to a directory of the test's own; the
    commands a test starts as processes use the session's cache, never the user's."""
    import quizdeck.outputs.cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(user_cache))
    root = tmp_path_factory.mktemp("build-records")
    monkeypatch.setattr(quizdeck.outputs.cache, "cache_root", lambda: root)
    return root


@pytest.fixture
def workspace(tmp_path: Path) -> WorkspaceBuilder:
    """An empty workspace in tmp_path."""
    root = tmp_path / "ws"
    (root / "seeds").mkdir(parents=True)
    (root / "questions").mkdir()
    return WorkspaceBuilder(root)


def banks_of(root: Path) -> list[ResolvedBank]:
    """The resolved banks of a workspace that must pass its check."""
    result = check_workspace(Workspace(root))
    assert not result.failed(), [d.message for d in result.diagnostics]
    return list(result.resolved)


def session_plan(root: Path, seed: str) -> list[tuple[Resolved, tuple[int, ...]]]:
    """The questions `quizdeck quiz --seed SEED` asks (no store history), with each choice order."""
    banks = check_workspace(Workspace(root)).resolved
    questions = select_questions(banks, {}, datetime.now(timezone.utc), seed=seed)
    return [(q, q.choice_order(seed)) for q in questions]


def right_lines(question: Resolved, order: tuple[int, ...]) -> list[str]:
    """The lines a learner types to answer `question` right when its choices show in `order`."""
    if question.choices:
        return [",".join(str(order.index(k) + 1) for k in sorted(question.keys, key=order.index))]
    if question.truth is not None:
        return ["o" if question.truth else "x"]
    if question.number is not None:
        return [question.number.written]
    if question.blanks:
        return [blank.text for blank in question.blanks]
    return [question.answers[0]]


NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def public_workspace() -> Iterator[WorkspaceBuilder]:
    """A workspace another user can reach, for dropping privileges.

    Made directly in the system's temporary directory: tmp_path lies under
    pytest-of-<user>, which every pytest run (another checkout's too) resets to 0700.
    """
    base = Path(tempfile.mkdtemp(prefix="quizdeck-public-"))
    base.chmod(0o755)
    root = base / "ws"
    (root / "seeds").mkdir(parents=True)
    (root / "questions").mkdir()
    try:
        yield WorkspaceBuilder(root)
    finally:
        for path in (base, *base.rglob("*")):
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(base, ignore_errors=True)


def run_as_nobody(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed `quizdeck ARGS` as user nobody when root (who reads anything)."""
    quizdeck = Path(sys.executable).with_name("quizdeck")
    prefix = NOBODY if os.geteuid() == 0 else []
    return subprocess.run([*prefix, str(quizdeck), *args], capture_output=True, text=True)
