"""`quizdeck check` and `quizdeck passages` through typer's CliRunner."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_BANK, WorkspaceBuilder, run_as_nobody
from quizdeck.cli.app import NAMES, app, command_line


def test_check_clean_exits_zero(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = workspace.run("check")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "1 bank(s), 6 question(s): 0 error(s), 0 warning(s)\n"


def test_check_errors_exit_one_and_print_text(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank("broken", SAMPLE_BANK.replace("answer: true", "answer: yes please"))
    result = workspace.run("check")
    assert result.exit_code == 1
    assert result.stdout == (
        "questions/broken.yaml:31:13: error[schema] questions[2] (rank-second).answer: expected true "
        "or false, got text\n"
        "    write answer: true or answer: false, unquoted\n"
    )


def test_warnings_pass_unless_strict(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank(
        "short",
        SAMPLE_BANK.replace(
            '"중국 정부의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다."',
            '["중국 정부의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다.", "디딤돌"]',
        ),
    )
    assert workspace.run("check").exit_code == 0
    assert workspace.run("check", "--strict").exit_code == 1
    assert workspace.run("check", "sample", "--strict").exit_code == 0


def test_json_shape(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank("typo", SAMPLE_BANK.replace("1천11개로 미국에", "1천12개로 미국에", 1))
    result = workspace.run("check", "typo", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "questions/typo.yaml",
            "line": 32,
            "column": 15,
            "severity": "error",
            "code": "evidence-not-found",
            "bank": "typo",
            "question": "rank-second",
            "message": "rank-second: quote not found in seeds/sample.txt",
            "hints": [
                "closest (98%) at seeds/sample.txt:9:1: … 올해 6월 기준 [-1천12개로-]{+1천11개로+} 미국에 이어 세계 …"
            ],
        }
    ]


def test_file_level_problems_have_a_null_question(workspace: WorkspaceBuilder) -> None:
    workspace.bank("empty", "")
    result = workspace.run("check", "--format", "json")
    assert json.loads(result.stdout) == [
        {
            "path": "questions/empty.yaml",
            "line": 1,
            "column": 1,
            "severity": "error",
            "code": "schema",
            "bank": "empty",
            "question": None,
            "message": "empty bank: expected a mapping with article and questions",
            "hints": [],
        }
    ]


def test_usage_problems_exit_two(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = workspace.run("check", "nope")
    assert result.exit_code == 2
    assert result.stderr == "quizdeck: no bank 'nope' (banks in questions/: sample)\n"
    assert workspace.run("check", "--format", "xml").exit_code == 2


def test_bank_by_path(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = workspace.run("check", str(workspace.root / "questions" / "sample.yaml"))
    assert result.exit_code == 0


def test_passages_numbers_the_body(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = workspace.run("passages", "sample.txt")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "seeds/sample.txt: body as questions/sample.yaml gives it",
        "¶1   L5    중국이 세계 인공지능(AI) R&D 허브로 거듭나고 있다.",
        "¶2   L7    올해 시장 규모는 414억 위안(약 6조9518억 원)에 달할 것으로 예측되고 있다.",
        "¶3   L9    중국 인공지능 기업 수는 올해 6월 기준 1천11개로 미국에 이어 세계 2위다.",
        "¶4   L11   <파이낸셜타임스>에 따르면 칭화대 보고서는 인공지능 인재를 1,293명으로 집계했다.",
        "¶5   L13   중국 정부의 적극적인 인공지능 기술 개발 지원도 디딤돌이 되고 있다.",
    ]
    missing = workspace.run("passages", "nope.txt")
    assert missing.exit_code == 2
    assert missing.stderr == "quizdeck: no article 'nope.txt' under seeds/\n"


@pytest.mark.slow
def test_passages_passes_over_banks_it_cannot_read(public_workspace: WorkspaceBuilder) -> None:
    public_workspace.sample()
    public_workspace.bank("deep", b"[" * 50_000 + b"\n")
    unreadable = public_workspace.bank("aaa-locked", SAMPLE_BANK)
    unreadable.chmod(0)
    result = run_as_nobody("passages", "sample.txt", "--root", str(public_workspace.root))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:2] == [
        "seeds/sample.txt: body as questions/sample.yaml gives it",
        "¶1   L5    중국이 세계 인공지능(AI) R&D 허브로 거듭나고 있다.",
    ]
    for name in ("가" * 100 + ".txt", "a\x00b.txt"):
        odd = public_workspace.run("passages", name)
        assert odd.exit_code == 2
        assert odd.stderr == f"quizdeck: no article {name!r} under seeds/\n"


INTERRUPT_AT_IMPORT = """
import sys

class Interrupt:
    # Ctrl-C arriving while `quizdeck` is still importing its dependencies.
    def find_spec(self, name, path=None, target=None):
        if name == "{module}":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupt())
"""


@pytest.mark.parametrize("module", ["typer", "yaml", "genanki", "jinja2"])
def test_ctrl_c_while_importing_ends_quietly(
    workspace: WorkspaceBuilder, tmp_path: Path, module: str
) -> None:
    workspace.sample()
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(INTERRUPT_AT_IMPORT.replace("{module}", module))
    quizdeck = Path(sys.executable).with_name("quizdeck")
    result = subprocess.run(
        [str(quizdeck), "build", "--root", str(workspace.root)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(hook)},
    )
    assert (result.returncode, result.stderr) == (130, "")
    assert not (workspace.root / "build").exists()


def test_the_typer_internals_the_cli_replaces_are_still_there() -> None:
    """cli/app.py replaces typer's (non-public) display_type_rich: a release renaming it fails here."""
    import inspect

    import typer.core
    import typer.rich_utils

    from quizdeck.cli import app

    assert "param.display_type_rich(ctx=ctx)" in inspect.getsource(typer.rich_utils)
    assert typer.core.TyperOption.display_type_rich is app._no_type_for_flags
    assert "display_type_rich" in vars(typer.core.TyperArgument)
    assert app._display_type.__qualname__ == "TyperOption.display_type_rich"


def launched(arguments: list[str], listed: str) -> str:
    """What `quizdeck ARGUMENTS` prints, run by its console entry in a new Python, then the
    sorted names of the modules it imported for which `listed` (about `m`) holds."""
    script = (
        f"import sys; sys.argv = ['quizdeck', *{arguments!r}]\n"
        "from quizdeck.cli.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in sys.modules if {listed}))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_version_alone_prints_what_typer_prints_without_importing_the_commands() -> None:
    from typer.testing import CliRunner

    from quizdeck.cli.app import app

    listed = "m.split('.')[0] in ('typer', 'yaml', 'jinja2') or m.startswith('quizdeck.cli.app')"
    shown = launched(["--version"], listed)
    typer_shown = CliRunner().invoke(app, ["--version"])
    assert typer_shown.exit_code == 0
    assert shown == typer_shown.stdout + "[]\n"


@pytest.mark.parametrize("name", NAMES)
def test_a_command_alone_is_the_command_of_the_whole_line(name: str) -> None:
    """`quizdeck NAME …` builds the command line with NAME alone (cli/app.main): its help
    and its refusals are those of the whole line."""
    alone = command_line([name])
    for arguments in ([name, "--help"], [name, "--no-such-option"]):
        one = CliRunner().invoke(alone, arguments)
        whole = CliRunner().invoke(app, arguments)
        assert (one.exit_code, one.output) == (whole.exit_code, whole.output), arguments


def test_a_command_imports_its_own_module_alone() -> None:
    shown = launched(["build", "--help"], "m.startswith('quizdeck.cli.')")
    modules = ast.literal_eval(shown.splitlines()[-1])
    assert "quizdeck.cli.outputs" in modules
    assert not {"quizdeck.cli.classroom", "quizdeck.cli.scanning", "quizdeck.cli.study"} & set(
        modules
    )
