"""The code registry (checking/codes.py): every code reported is registered, with its severity."""

from __future__ import annotations

import ast

import pytest

from conftest import REPO
from quizdeck.checking.codes import CODES, REGISTRY, SEVERITY, validate_codes
from quizdeck.workspace import UsageError

# The calls that make a diagnostic, and where their code argument stands.
MAKERS = {
    "diagnostic": 0,
    "add": 0,
    "error": 0,
    "lint_diagnostic": 2,
    "Diagnostic": 0,
    "append": 0,
}


def _reported() -> dict[str, set[str]]:
    """Each code written in src/ where a diagnostic is made, with the modules that make it."""
    found: dict[str, set[str]] = {}
    for path in (REPO / "src" / "quizdeck").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in MAKERS or len(node.args) <= MAKERS[name]:
                continue
            code = node.args[MAKERS[name]]
            if name == "append":
                # item_stats.flags lists (code, reason) pairs
                if not (isinstance(code, ast.Tuple) and path.stem == "item_stats"):
                    continue
                code = code.elts[0]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                found.setdefault(code.value, set()).add(path.stem)
    return found


def test_every_code_reported_is_registered_once() -> None:
    reported = _reported()
    assert len(CODES) == len(set(CODES))
    assert set(reported) == set(CODES)


def test_the_bank_reader_reports_only_errors() -> None:
    # banks/ sits below checking/: its diagnostics are all errors, as the registry says.
    reading = {
        code
        for code, modules in _reported().items()
        if modules & {"loader", "schema", "yaml_safety", "reader"}
    }
    assert {code: SEVERITY[code] for code in reading} == dict.fromkeys(reading, "error")
    assert {c.name for c in REGISTRY if c.kind == "reading"} <= reading


def test_blank_partial_word_is_an_error_and_cannot_be_allowed(workspace) -> None:
    assert SEVERITY["blank-partial-word"] == "error"
    workspace.sample()
    bank = workspace.root / "questions" / "sample.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8")
        + '  - id: partial\n    type: cloze\n    evidence: "Solar panels are cheap."\n'
        '    blanks: ["panel"]\n    allow: [blank-partial-word]\n',
        encoding="utf-8",
    )
    result = workspace.run("check", "--select", "blank-partial-word")
    assert result.exit_code == 1
    assert "error[blank-partial-word]" in result.stdout


def test_select_and_ignore_take_only_registered_codes() -> None:
    validate_codes(CODES)
    with pytest.raises(
        UsageError, match="unknown code 'blank-partial-wrd': did you mean 'blank-partial-word'"
    ):
        validate_codes(["blank-partial-wrd"])
