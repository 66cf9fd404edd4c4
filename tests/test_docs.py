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


def fenced(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.+?)\n```", README, flags=re.S)


def test_the_bank_example_passes_check(workspace) -> None:
    workspace.seeds()
    for bank in (workspace.root / "questions").iterdir():
        bank.unlink()
    workspace.bank("example", fenced("yaml")[0] + "\n")
    result = workspace.run("check", "--strict")
    assert (result.exit_code, result.stdout) == (0, "")


def test_the_check_example_is_what_check_prints(workspace) -> None:
    example = next(block for block in fenced("text") if block.startswith("$ quizdeck check"))
    workspace.seeds()
    bank = workspace.root / "questions" / "rnd-hub.yaml"
    text = bank.read_text(encoding="utf-8")
    quote = 'evidence: "올해 시장 규모는 414억 위안(약 6조9518억 원)에 달할 것으로 예측되고 있다."'
    assert quote in text
    bank.write_text(
        text.replace(quote, quote.replace("414억 위안(", "415억 위안(")), encoding="utf-8"
    )
    command = example.splitlines()[0]
    result = workspace.run(*command.split()[2:])
    assert result.exit_code == 1
    assert command + "\n" + result.stdout == example + "\n"


def test_the_passages_example_is_what_passages_prints(workspace) -> None:
    example = next(block for block in fenced("text") if block.startswith("$ quizdeck passages"))
    command, *lines = example.splitlines()
    workspace.seeds()
    printed = workspace.run(*command.split()[2:]).stdout.splitlines()
    assert len(printed) >= len(lines)
    for shown, actual in zip(lines, printed, strict=False):
        assert actual.startswith(shown.removesuffix(" …"))


def test_ci_runs_the_development_checks() -> None:
    section = README.split("## Development", 1)[1]
    [checks] = re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)[:1]
    assert checks in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_runs_the_pinned_versions_then_the_newest_releases() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    pinned = ci.index('export PIP_CONSTRAINT="$PWD/constraints.txt"')
    newest = ci.index(
        ".venv-newest/bin/pip install -q --upgrade -e '.[test]' && .venv-newest/bin/pytest"
    )
    assert pinned < ci.index(setup_commands()[1]) < ci.index("unset PIP_CONSTRAINT") < newest


def test_the_pins_hold_every_dependency_and_the_readme_says_how_to_refresh_them() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["test"]

    def name(requirement: str) -> str:
        return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", requirement)[0]).lower()

    pins = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pinned = {name(line) for line in pins if "==" in line}
    current = [r for r in declared if "python_version < '3.11'" not in r]
    assert [r for r in current if name(r) not in pinned] == []
    development = README.split("## Development", 1)[1]
    assert "pip freeze --exclude-editable > constraints.txt" in development


def test_the_development_section_names_the_fast_inner_loop() -> None:
    development = README.split("## Development", 1)[1]
    assert '`.venv/bin/pytest -m "not slow"`' in development
    assert "slow:" in (REPO / "pyproject.toml").read_text(encoding="utf-8")
