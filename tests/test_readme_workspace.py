"""The README's "Your own workspace", run verbatim on a fresh directory: install, init,
new, passages, check --watch (on a terminal, a question saved while it watches, then
Ctrl-C), build; the deck imports into real Anki and the form prints in Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from anki.collection import Collection

from conftest import REPO, require
from test_export_anki import import_apkg
from test_html_print import pdf_pages
from test_watch import Terminal

README = (REPO / "README.md").read_text(encoding="utf-8")

# A teacher's own article: hard-wrapped, blank lines between its paragraphs.
ARTICLE = """\
Riverside Weekly -- News -- Opinion -- Events

Library opens late on weeknights after a year of requests

By Joan Ferris

The central library will stay open until nine o'clock on weeknights from
next month, after more than 1,200 residents signed a petition asking for
longer hours.

The library board agreed to the change on Monday. It will hire three new
staff members and pay for them from the budget that once covered the
mobile library van, which stopped running last spring.

Students were the largest group to sign the petition. Many said that the
reading rooms were the only quiet place where they could work after school.

The board will review the new hours after six months.

Share this article | Print | Subscribe to our newsletter
"""

QUESTION = """
  - id: petition-size
    type: numeric
    prompt: "How many residents signed the petition for longer hours?"
    answer: 1200
    evidence: "after more than 1,200 residents signed a petition asking for longer hours."
    explanation: "More than 1,200 residents signed the petition."
"""


def section_blocks() -> list[str]:
    section = README.split("## Your own workspace", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)


def test_the_section_has_the_install_and_the_workflow() -> None:
    install, workflow = section_blocks()
    assert "pip install" in install and "~/.local/bin" in install
    commands = [line.split()[1] for line in workflow.splitlines() if line.startswith("quizdeck ")]
    assert commands == ["init", "new", "passages", "check", "build"]
    assert "quizdeck check --watch" in workflow


@pytest.mark.slow
def test_your_own_workspace_runs_verbatim(tmp_path: Path) -> None:
    chromium = shutil.which("chromium")
    require(chromium and shutil.which("pdftotext"), "needs chromium and poppler-utils")
    install, workflow = section_blocks()
    home = tmp_path / "home"
    home.mkdir()
    (home / "article.txt").write_text(ARTICLE, encoding="utf-8")
    env = {
        **os.environ,
        "HOME": str(home),
        # ~/.local/bin is on the PATH of most shells; the clone's own venv is not on it.
        "PATH": f"{home}/.local/bin:" + os.environ["PATH"],
    }
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        ["bash", "-c", install], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert shutil.which("quizdeck", path=env["PATH"]) == str(home / ".local/bin/quizdeck")

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    terminal = Terminal(fresh, ["bash", "-c", workflow], env)
    try:
        seen = terminal.wait_for("ok; watching questions/ and seeds/ (Ctrl-C stops)")
        mark = len(seen)
        seen = seen.replace("\r\n", "\n")
        assert "wrote questions/article.yaml (en, 4 paragraphs)" in seen
        assert (
            "  title       (line 3): Library opens late on weeknights after a year of requests"
            in seen
        )
        assert (
            "¶1   L7    The central library will stay open until nine o'clock on weeknights" in seen
        )
        # The example bank init wrote is left out now that the teacher has a bank.
        assert "1 bank(s), 1 question(s): 0 error(s), 0 warning(s)" in seen
        # The author saves a question while check --watch runs.
        bank = fresh / "my-quizzes" / "questions" / "article.yaml"
        bank.write_text(bank.read_text(encoding="utf-8") + QUESTION, encoding="utf-8")
        seen = terminal.wait_for("ok; watching", mark)[mark:].replace("\r\n", "\n")
        assert "saved: questions/article.yaml" in seen
        assert "1 bank(s), 2 question(s): 0 error(s), 0 warning(s)" in seen
        terminal.interrupt()
        assert terminal.wait() == 0, terminal.seen
    finally:
        terminal.close()

    build = fresh / "my-quizzes" / "build"
    assert "1 bank(s), 2 question(s): 1 Anki deck(s) in build/anki" in terminal.seen
    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        assert import_apkg(collection, build / "anki" / "article.apkg") == (2, 0, 0)
        assert collection.decks.by_name("Library opens late on weeknights after a year of requests")
    finally:
        collection.close()
    pages = pdf_pages(fresh / "my-quizzes" / "quiz.pdf")
    assert len(pages) == 1
    assert "Howmanyresidentssignedthepetitionforlongerhours?" in pages[0]
    assert "¶1Thecentrallibrarywillstayopenuntilnineo'clock" in pages[0]
