"""The README is tested: its set-up commands are the ones CI runs."""

from __future__ import annotations

import re

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)


def test_the_first_two_commands_build_and_test() -> None:
    install, test = setup_commands()[:2]
    assert "pip install" in install and "quizdeck" in install
    assert "'.[test]'" in test and "pytest" in test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test = setup_commands()[1]
    assert test in (REPO / ".ci" / "run").read_text(encoding="utf-8")
