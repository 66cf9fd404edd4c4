"""`check --watch` for real: a subprocess on a terminal, a bank saved, the new result shown."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import WorkspaceBuilder
from english import english

CLEAR = "\x1b[H\x1b[2J"
# How long to wait for output before the test gives up (not a timing assertion).
PATIENCE = 60.0


def _take_terminal() -> None:
    """In the child, after setsid: make the pseudo-terminal its controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """`quizdeck check --watch` running on a pseudo-terminal, its output read as it comes."""

    def __init__(
        self, cwd: Path, command: list[str] | None = None, env: dict[str, str] | None = None
    ) -> None:
        main, child = pty.openpty()
        self.main = main
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "quizdeck", "check", "--watch"],
            cwd=cwd,
            env=env,
            stdin=child,
            stdout=child,
            stderr=child,
            close_fds=True,
            start_new_session=True,
            preexec_fn=_take_terminal,
        )
        # The pseudo-terminal is the command's controlling terminal: Ctrl-C reaches it.
        os.close(child)
        self.seen = ""

    def wait_for(self, text: str, after: int = 0) -> str:
        """Read until `text` appears after position `after`; all output so far."""
        deadline = time.monotonic() + PATIENCE
        while text not in self.seen[after:]:
            assert time.monotonic() < deadline, f"never saw {text!r} in:\n{self.seen}"
            ready, _, _ = select.select([self.main], [], [], 0.5)
            if ready:
                try:
                    self.seen += os.read(self.main, 65536).decode("utf-8", "replace")
                except OSError:
                    break
        return self.seen

    def interrupt(self) -> None:
        """Ctrl-C, as typed on the terminal."""
        os.write(self.main, b"\x03")

    def wait(self) -> int:
        """Read everything until the command ends; its exit status."""
        while True:
            ready, _, _ = select.select([self.main], [], [], PATIENCE)
            assert ready, f"the command did not end:\n{self.seen}"
            try:
                chunk = os.read(self.main, 65536)
            except OSError:
                break
            if not chunk:
                break
            self.seen += chunk.decode("utf-8", "replace")
        return self.process.wait(timeout=PATIENCE)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        os.close(self.main)


@pytest.mark.slow
def test_watch_checks_again_on_save_and_clears_the_screen(workspace: WorkspaceBuilder) -> None:
    english(workspace)
    terminal = Terminal(workspace.root)
    try:
        first = terminal.wait_for("watching questions/ and seeds/ (Ctrl-C stops)")
        assert first.startswith(CLEAR)
        assert "1 bank(s), 6 question(s): 0 error(s), 0 warning(s)\r\nok; watching" in first
        mark = len(first)
        bank = workspace.root / "questions" / "harbour-wall.yaml"
        bank.write_text(
            bank.read_text(encoding="utf-8").replace(
                "first repair the flood", "first fix the flood"
            ),
            encoding="utf-8",
        )
        after = terminal.wait_for("FAILED; watching", mark)[mark:]
        assert after.startswith(CLEAR)
        assert after.replace("\r\n", "\n") == (
            CLEAR + "saved: questions/harbour-wall.yaml\n"
            "questions/harbour-wall.yaml:52:15: error[evidence-not-found] flood-defences: "
            "quote not found in seeds/harbour-wall.txt\n"
            "    closest (95%) at seeds/harbour-wall.txt:12:31: "
            "… town should first [-fix-]{+repair+} the flood defences …\n"
            "1 bank(s), 6 question(s): 1 error(s), 0 warning(s)\n"
            "FAILED; watching questions/ and seeds/ (Ctrl-C stops)\n"
        )
    finally:
        terminal.close()


def test_only_banks_and_articles_count_as_saves(workspace: WorkspaceBuilder) -> None:
    from quizdeck.commands.watch import is_input
    from quizdeck.workspace import Workspace

    ws = Workspace(workspace.root)
    assert is_input(ws, workspace.root / "questions" / "a.yaml")
    assert is_input(ws, workspace.root / "seeds" / "a.txt")
    assert not is_input(ws, workspace.root / "questions" / ".a.yaml.swp")
    assert not is_input(ws, workspace.root / "questions" / "a.yaml~")
    assert not is_input(ws, workspace.root / "questions" / "notes.txt")
    assert not is_input(ws, workspace.root / "build" / "html" / "index.html")


@pytest.mark.slow
def test_ctrl_c_ends_the_watch_quietly_with_status_130(workspace: WorkspaceBuilder) -> None:
    english(workspace)
    terminal = Terminal(workspace.root)
    try:
        mark = len(terminal.wait_for("ok; watching questions/ and seeds/ (Ctrl-C stops)\r\n"))
        terminal.interrupt()
        # The README: Ctrl-C ends with exit status 130 and nothing printed (no
        # "KeyboardInterrupt caught, stopping watch" from the watcher's logger).
        assert terminal.wait() == 130
        assert terminal.seen[mark:] in ("", "^C")
    finally:
        terminal.close()


def test_a_save_checks_again_only_the_banks_it_touches(workspace: WorkspaceBuilder) -> None:
    from conftest import SAMPLE_ARTICLE, SAMPLE_BANK
    from quizdeck.checking.workspace_check import check_workspace
    from quizdeck.commands.watch import CheckMemo
    from quizdeck.workspace import Workspace

    workspace.sample()
    workspace.bank("second", SAMPLE_BANK.replace('deck: "테스트::시장"', 'deck: "테스트::둘째"'))
    workspace.article("other.txt", SAMPLE_ARTICLE)
    workspace.bank("third", SAMPLE_BANK.replace("source: sample.txt", "source: other.txt"))
    ws, memo = Workspace(workspace.root), CheckMemo()

    def same_as_fresh() -> None:
        assert check_workspace(ws, memo=memo) == check_workspace(ws)

    same_as_fresh()
    assert memo.checks == 3
    same_as_fresh()
    assert memo.checks == 3  # nothing saved, nothing checked again
    bank = workspace.bank(
        "second", SAMPLE_BANK.replace('answer: "414억 위안"', 'answer: "4억 위안"')
    )
    memo.forget([bank])
    same_as_fresh()
    assert memo.checks == 4
    article = workspace.article("other.txt", SAMPLE_ARTICLE.replace("414억", "415억"))
    memo.forget([article])
    same_as_fresh()
    assert memo.checks == 5  # the bank of that article only
    assert any(d.bank == "third" for d in check_workspace(ws, memo=memo).diagnostics)
