"""The resolved question: one rule for choice order, keys, cloze blanks and citations."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import SAMPLE_BANK, WorkspaceBuilder
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.resolve import Resolved, note_guid, numeric_choice_values
from quizdeck.workspace import Workspace

MAX_SHARE = 0.40


def seed_questions(workspace: WorkspaceBuilder) -> list[Resolved]:
    workspace.seeds()
    result = check_workspace(Workspace(workspace.root))
    assert result.errors == 0
    return [q for bank in result.resolved for q in bank.questions if q.choices]


def key_positions(questions: list[Resolved], salt_of: object) -> Counter[int]:
    """How often a key stands at each shown position (every key of a multi counts)."""
    counts: Counter[int] = Counter()
    for question in questions:
        order = question.choice_order(salt_of(question))  # type: ignore[operator]
        counts.update(order.index(k) for k in question.keys)
    return counts


def shares(counts: Counter[int]) -> list[float]:
    total = sum(counts.values())
    return [counts[p] / total for p in sorted(counts)]


@pytest.mark.parametrize(
    ("where", "salt_of"),
    [
        ("Anki decks (GUID order)", lambda q: note_guid(q.bank, q.id)),
        ("quiz --seed 1", lambda q: "1"),
        ("quiz --seed 2025", lambda q: "2025"),
        ("HTML build form A", lambda q: f"quizdeck\x1f{q.bank}\x1fA"),
    ],
)
def test_no_position_holds_more_than_40_percent_of_the_keys(
    workspace: WorkspaceBuilder, where: str, salt_of: object
) -> None:
    questions = seed_questions(workspace)
    written = shares(key_positions(questions, lambda q: None))
    shown = shares(key_positions(questions, salt_of))
    print(
        f"\n  {where}: keys by position "
        + " ".join(f"{s:.0%}" for s in shown)
        + "  (as written: "
        + " ".join(f"{s:.0%}" for s in written)
        + ")"
    )
    assert max(written) > MAX_SHARE  # the banks as written do favour the first choices
    assert max(shown) <= MAX_SHARE


def test_anki_order_is_fixed_per_note(workspace: WorkspaceBuilder) -> None:
    questions = seed_questions(workspace)
    first = [q.choice_order(note_guid(q.bank, q.id)) for q in questions]
    again = [q.choice_order(note_guid(q.bank, q.id)) for q in seed_questions(workspace)]
    assert first == again
    assert sum(order != tuple(range(len(order))) for order in first) > len(first) // 2


def test_a_tolerance_prints_the_same_in_anki_and_on_paper(workspace: WorkspaceBuilder) -> None:
    from conftest import SAMPLE_ARTICLE, SAMPLE_BANK
    from quizdeck.forms import FormOptions
    from quizdeck.writers.anki import note_fields
    from quizdeck.writers.html import render_quizzes

    workspace.article("sample.txt", SAMPLE_ARTICLE)
    workspace.bank(
        "sample", SAMPLE_BANK.replace('    unit: "개"\n', '    unit: "개"\n    tolerance: 5\n')
    )
    [bank] = check_workspace(Workspace(workspace.root)).resolved
    [count] = [q for q in bank.questions if q.id == "company-count"]
    assert count.number is not None and count.number.margin == "± 5개"
    assert note_fields(count)[1][3] == "1011, ± 5개"
    pages = render_quizzes([bank], FormOptions(), Workspace(workspace.root).template_dirs())
    key = next(p.text for p in pages if p.name == "sample-A-key.html")
    assert (
        '<strong>1011개 (± 5개)</strong> <span class="accepted">(인정 답안: 1011)</span>'
    ) in key


@pytest.mark.parametrize(
    ("bank", "question"),
    [("sample", "market-size"), ("중국-ai", "질문-1"), ("a__b", "c"), ("", ""), ("x", "\x1f{}")],
)
def test_note_guid_is_genankis_guid(bank: str, question: str) -> None:
    import genanki

    assert note_guid(bank, question) == genanki.guid_for(bank, question)


@pytest.mark.parametrize(
    ("choices", "values"),
    [
        # Numbers with words around them: one number each, ascending by value.
        (["more than 95%", "50%", "90%", "80%"], (95, 50, 90, 80)),
        (["약 300년", "약 100년", "약 400년", "약 200년"], (300, 100, 400, 200)),
        (["about 12 pounds", "about 3 pounds", "about 40 pounds"], (12, 3, 40)),
        (["414억 위안", "152억 위안"], (4.14e10, 1.52e10)),
        (["2015년", "2020년"], (2015, 2020)),
    ],
)
def test_choices_that_are_numbers_with_words_around_them_have_values(
    choices: list[str], values: tuple[float, ...]
) -> None:
    assert numeric_choice_values(choices) == values


@pytest.mark.parametrize(
    "choices",
    [
        ["3배 이상 2년", "2배"],  # two numbers in a choice
        ["B2B", "B2C", "C2C"],  # one value for every choice: names, not amounts
        ["the 1990s boom in Asian markets", "the 2000s"],  # a sentence, not a number
        ["50%", "모른다"],  # a choice without a number
    ],
)
def test_choices_that_are_not_all_numbers_have_no_values(choices: list[str]) -> None:
    assert numeric_choice_values(choices) is None


def test_numbers_with_words_around_them_ascend_on_every_form(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    workspace.bank(
        "sample",
        SAMPLE_BANK.replace(
            'choices: ["414억 위안", "1천11억 위안", "1,293억 위안", "6조 위안"]',
            'choices: ["약 414억 위안", "약 1천11억 위안", "약 1,293억 위안", "약 6조 위안"]',
        ).replace('answer: "414억 위안"', 'answer: "약 414억 위안"'),
    )
    [bank] = check_workspace(Workspace(workspace.root)).resolved
    question = next(q for q in bank.questions if q.id == "market-size")
    assert not question.shuffle
    for salt in ("1", "2", "3"):
        assert question.choice_order(salt) == (0, 1, 2, 3)


def test_a_key_lists_a_unit_spelled_another_way(workspace: WorkspaceBuilder) -> None:
    from conftest import SAMPLE_ARTICLE, SAMPLE_BANK
    from quizdeck.forms import FormOptions
    from quizdeck.writers.anki import note_fields
    from quizdeck.writers.html import render_quizzes

    article = SAMPLE_ARTICLE.replace("1천11개로", "1천11개로 (높이 15cm)")
    workspace.article("sample.txt", article)
    workspace.bank(
        "sample",
        SAMPLE_BANK.replace('answer: 1011\n    unit: "개"', 'answer: 15\n    unit: "cm"').replace(
            "기준 1천11개로 미국에", "기준 1천11개로 (높이 15cm) 미국에"
        ),
    )
    result = check_workspace(Workspace(workspace.root))
    assert not result.failed(), result.diagnostics
    [bank] = result.resolved
    [count] = [q for q in bank.questions if q.id == "company-count"]
    assert count.number is not None
    assert count.number.accepted == ("15", "15센티미터", "15 centimetres")
    assert note_fields(count)[1][3] == "15, 15센티미터, 15 centimetres"
    pages = render_quizzes([bank], FormOptions(), Workspace(workspace.root).template_dirs())
    key = next(p.text for p in pages if p.name == "sample-A-key.html")
    assert (
        '<strong>15 cm</strong> <span class="accepted">(인정 답안: 15, 15센티미터, 15 centimetres)</span>'
    ) in key


def test_a_shuffled_choice_order_is_randoms_own_and_kept() -> None:
    """choice_order keeps each order it drew (every output asks for it): the same order
    random.Random(seed).shuffle gives."""
    import random

    from quizdeck.resolve import _shuffled

    for count in range(1, 7):
        for seed in ("A\x1fq1", "B\x1fq1", "guid\x1fq2"):
            positions = list(range(count))
            random.Random(seed).shuffle(positions)
            assert _shuffled(count, seed) == tuple(positions)
            assert _shuffled(count, seed) is _shuffled(count, seed)
