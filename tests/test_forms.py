"""The form plan and its record: what each printed form asks, in which order."""

from __future__ import annotations

import dataclasses
import html
import json
import random
import re
from collections import Counter

import pytest

from conftest import SAMPLE_IDS, WorkspaceBuilder
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.forms import (
    MAX_KEY_SHARE,
    RUN,
    SPREAD_FROM,
    FormOptions,
    FormPlan,
    Quiz,
    plan_forms,
    plan_quizzes,
    read_record,
    record,
    recorded,
    spread_keys,
)
from quizdeck.outputs.jobs import SEED as BUILD_SEED
from quizdeck.resolve import Resolved, ResolvedBank
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


def key_run(form: FormPlan) -> list[int]:
    """The printed key position of each single-answer choice question of a form, in order."""
    return [
        e.order.index(min(e.question.keys)) for e in form.entries if e.question.type == "choice"
    ]


def assert_spread(form: FormPlan) -> None:
    """No position over 40% of the form's choice keys, no three in a row at one position."""
    run = key_run(form)
    if len(run) < 4:
        return
    counts = Counter(run)
    assert max(counts.values()) <= 0.4 * len(run), (form.quiz.id, form.letter, run)
    triples = [run[n : n + 3] for n in range(len(run) - 2)]
    assert not any(len(set(t)) == 1 for t in triples), (form.quiz.id, form.letter, run)


@pytest.mark.slow
def test_keys_spread_on_every_form_of_the_seeds(workspace: WorkspaceBuilder) -> None:
    workspace.seeds()
    banks = check_workspace(Workspace(workspace.root)).resolved
    # As build prints them (forms A and B, one quiz per bank and the combined one), and
    # under other seeds and selections.
    plans = [
        FormOptions(forms=2, seed=BUILD_SEED, title="all", per_bank=True),
        *(FormOptions(forms=3, seed=str(n), title="all", per_bank=True) for n in range(20)),
        *(FormOptions(forms=2, seed=str(n), count=8) for n in range(20)),
        FormOptions(forms=2, title="all", per_bank=True),  # form A in the banks' order
    ]
    print()
    for options in plans:
        for quiz in plan_quizzes(banks, options):
            for form in plan_forms(quiz, options):
                assert_spread(form)
                if options.seed == BUILD_SEED:
                    run = key_run(form)
                    shown = " ".join(f"{'ABCDE'[p]}:{run.count(p)}" for p in range(max(run) + 1))
                    print(f"  {quiz.id} form {form.letter}: {len(run)} choice keys, {shown}")


def test_spreading_keeps_fixed_orders_and_is_reproducible(workspace: WorkspaceBuilder) -> None:
    workspace.seeds()
    banks = check_workspace(Workspace(workspace.root)).resolved
    options = FormOptions(forms=3, seed="x", title="all", per_bank=True)
    for quiz in plan_quizzes(banks, options):
        forms = plan_forms(quiz, options)
        assert [f.digest for f in forms] == [f.digest for f in plan_forms(quiz, options)]
        for form in forms:
            for entry in form.entries:
                question = entry.question
                assert sorted(entry.order) == list(range(len(question.choices)))
                if question.choice_values is not None:
                    values = [question.choice_values[i] for i in entry.order]
                    assert values == sorted(values)
                elif not question.shuffle:
                    assert entry.order == tuple(range(len(question.choices)))


def test_a_form_whose_drawn_keys_cluster_is_spread(workspace: WorkspaceBuilder) -> None:
    # Five choice questions whose written key is the first choice, never shuffled but one:
    # the shuffled one must not make a run of three.
    workspace.sample()
    banks = check_workspace(Workspace(workspace.root)).resolved
    [bank] = banks
    base = next(q for q in bank.questions if q.id == "market-size")
    fixed = dataclasses.replace(base, shuffle=False, choice_values=None)
    questions = [
        dataclasses.replace(fixed, id="q1"),
        dataclasses.replace(fixed, id="q2"),
        dataclasses.replace(base, id="q3", shuffle=True, choice_values=None),
        dataclasses.replace(fixed, id="q4"),
        dataclasses.replace(base, id="q5", shuffle=True, choice_values=None),
    ]
    for salt in map(str, range(50)):
        orders = spread_keys(questions, salt)
        run = [order.index(0) for order in orders]
        assert run[:2] == [0, 0] and run[3] == 0
        assert run[2] != 0 and run[4] != 0
        assert max(Counter(run).values()) <= 3  # three fixed at ①: the rest cannot add


def _runs_by_copy(placed: list[int | None], n: int, position: int) -> bool:
    """The reference: a run of RUN through place n, found on a copy of every place."""
    trial = [*placed[:n], position, *placed[n + 1 :]]
    return any(
        all(p == position for p in trial[start : start + RUN])
        for start in range(max(0, n - RUN + 1), min(n, len(trial) - RUN) + 1)
    )


def _spread_by_copy(questions: list[Resolved], salt: str) -> list[tuple[int, ...]]:
    """spread_keys as first written (the whole list copied per trial): the reference."""
    orders = [q.choice_order(salt) for q in questions]
    single = [i for i, q in enumerate(questions) if q.type == "choice" and len(q.keys) == 1]
    if len(single) < SPREAD_FROM:
        return orders
    cap = int(MAX_KEY_SHARE * len(single))
    keys = {i: min(questions[i].keys) for i in single}
    placed: list[int | None] = [
        None if questions[i].shuffle else orders[i].index(keys[i]) for i in single
    ]
    counts = Counter(p for p in placed if p is not None)
    rng = random.Random(f"{salt}\x1fkeys")
    for n, i in enumerate(single):
        if placed[n] is not None:
            continue
        drawn = orders[i].index(keys[i])
        if counts[drawn] >= cap or _runs_by_copy(placed, n, drawn):
            positions = list(range(len(orders[i])))
            rng.shuffle(positions)
            positions.sort(key=lambda p: (counts[p] >= cap, _runs_by_copy(placed, n, p), counts[p]))
            order = list(orders[i])
            order[drawn], order[positions[0]] = order[positions[0]], order[drawn]
            orders[i] = tuple(order)
        where = orders[i].index(keys[i])
        placed[n] = where
        counts[where] += 1
    return orders


def test_spreading_keys_looks_at_a_window_and_spreads_as_a_copy_of_every_place_did(
    workspace: WorkspaceBuilder,
) -> None:
    workspace.sample()
    [bank] = check_workspace(Workspace(workspace.root)).resolved
    choice = next(q for q in bank.questions if q.type == "choice" and len(q.keys) == 1)
    others = [q for q in bank.questions if q is not choice]
    rng = random.Random(25)
    for trial in range(300):
        questions = []
        for n in range(rng.randrange(0, 40)):
            if rng.random() < 0.2 and others:
                questions.append(dataclasses.replace(rng.choice(others), id=f"o{n}"))
                continue
            size = rng.randrange(2, 6)
            questions.append(
                dataclasses.replace(
                    choice,
                    id=f"q{n}",
                    choices=tuple(f"c{k}" for k in range(size)),
                    keys=frozenset({rng.randrange(size)}),
                    shuffle=rng.random() < 0.8,
                    choice_values=None,
                )
            )
        salt = f"salt{trial}"
        assert spread_keys(questions, salt) == _spread_by_copy(questions, salt)


def test_the_record_holds_what_asdict_of_each_recorded_form_holds(
    workspace: WorkspaceBuilder,
) -> None:
    workspace.sample()
    workspace.seeds()
    banks = check_workspace(Workspace(workspace.root)).resolved
    for forms, seed in ((1, None), (2, "a"), (3, BUILD_SEED)):
        title = 'All "of it" \\ 모두 </x>'
        options = FormOptions(forms=forms, seed=seed, title=title, per_bank=True)
        for quiz in plan_quizzes(banks, options):
            plans = plan_forms(quiz, options)
            reference = {
                "version": 1,
                "forms": [dataclasses.asdict(recorded(plan)) for plan in plans],
            }
            written = json.dumps(reference, ensure_ascii=False, indent=1) + "\n"
            assert record(plans) == written.encode("utf-8")
    assert record([]) == b'{\n "version": 1,\n "forms": []\n}\n'


def _sample_quiz(workspace: WorkspaceBuilder, options: FormOptions) -> tuple[ResolvedBank, Quiz]:
    """The sample bank, checked, and its quiz."""
    workspace.sample()
    [bank] = check_workspace(Workspace(workspace.root)).resolved
    [quiz] = plan_quizzes([bank], options)
    return bank, quiz


def test_a_quiz_planned_again_gets_the_same_plans_and_another_bank_its_own(
    workspace: WorkspaceBuilder,
) -> None:
    options = FormOptions(forms=2, seed="s")
    bank, quiz = _sample_quiz(workspace, options)
    first = plan_forms(quiz, options)
    assert plan_forms(quiz, options) == first
    assert plan_forms(quiz, dataclasses.replace(options, seed="t")) != first
    # A bank of the same id and title, its questions reversed: planned afresh, not reused.
    other = dataclasses.replace(bank, questions=bank.questions[::-1])
    [again] = plan_quizzes([other], options)
    planned = plan_forms(again, options)
    assert other != bank
    assert all(e.bank is other for p in planned for e in p.entries)


def test_a_plan_recorded_again_gives_its_record_and_another_plan_its_own(
    workspace: WorkspaceBuilder,
) -> None:
    options = FormOptions(forms=2, seed="r")
    _, quiz = _sample_quiz(workspace, options)
    first, second = plan_forms(quiz, options)
    assert recorded(first) is recorded(first)
    assert [recorded(first).form, recorded(second).form] == ["A", "B"]
    copy = dataclasses.replace(first, letter="C")
    assert recorded(copy).form == "C" and recorded(copy).questions == recorded(first).questions
