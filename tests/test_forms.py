"""The form plan and its record: what each printed form asks, in which order."""

from __future__ import annotations

import html
import json
import re

import pytest

from conftest import SAMPLE_IDS, WorkspaceBuilder
from quizdeck.checking.checker import check_workspace
from quizdeck.forms import FormOptions, plan_forms, plan_quizzes, read_record, record
from quizdeck.workspace import UsageError, Workspace


def test_the_record_names_each_position_as_the_form_prints_it(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    result = workspace.run("html", "--forms", "2", "--out", str(workspace.root / "out"))
    assert result.exit_code == 0, result.output
    out = workspace.root / "out"
    forms = read_record((out / "sample.forms.json").read_bytes(), "sample.forms.json")
    assert [f.form for f in forms] == ["A", "B"]
    assert forms[0].hash != forms[1].hash
    banks = {b.id: b for b in check_workspace(Workspace(workspace.root)).resolved}
    for form in forms:
        page = (out / f"sample-{form.form}.html").read_text(encoding="utf-8")
        printed = re.findall(r'value="(\d+)" data-question="([^"]+)"', page)
        assert [(str(q.position), q.question) for q in form.questions] == printed
        assert sorted(q.question for q in form.questions) == sorted(SAMPLE_IDS)
        for q in form.questions:
            question = next(x for x in banks[q.bank].questions if x.id == q.question)
            # The record's order is the printed one: the k-th label shows choice order[k].
            assert sorted(q.order) == list(range(len(question.choices)))
            assert len(q.labels) == len(question.choices)
            shown = [html.escape(question.choices[i], quote=False) for i in q.order]
            if shown:
                block = page.split(f'data-question="{q.question}"')[1].split("</ol>")[0]
                assert [block.index(text) for text in shown] == sorted(
                    block.index(text) for text in shown
                )
            assert q.blanks == (len(question.blanks) if q.type == "cloze" else 1)


def test_a_form_hash_changes_with_the_order_and_not_otherwise(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    banks = check_workspace(Workspace(workspace.root)).resolved
    options = FormOptions(forms=2, seed="x")
    [quiz] = plan_quizzes(banks, options)
    first, again = plan_forms(quiz, options), plan_forms(quiz, options)
    assert [f.digest for f in first] == [f.digest for f in again]
    other = plan_forms(quiz, FormOptions(forms=2, seed="y"))
    assert first[0].digest != other[0].digest
    assert record(first) == record(again)


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        (b'{"version": 9, "forms": []}', "version 9, expected 1"),
        (b'{"version": 1, "forms": [{"quiz": "q"}]}', "'title'"),
        (b"\xff", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
    ],
)
def test_a_damaged_record_is_a_message(data: bytes, detail: str) -> None:
    with pytest.raises(UsageError) as caught:
        read_record(data, "x.forms.json")
    assert str(caught.value) == f"x.forms.json: not a quizdeck form record ({detail})"


def test_a_selection_build_keeps_the_other_quizzes_records(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank("second", (workspace.root / "questions" / "sample.yaml").read_text())
    assert workspace.run("build").exit_code == 0
    before = (workspace.root / "build" / "html" / "sample.forms.json").read_bytes()
    assert workspace.run("build", "second").exit_code == 0
    assert (workspace.root / "build" / "html" / "sample.forms.json").read_bytes() == before
    assert json.loads(before)["forms"][0]["quiz"] == "sample"
