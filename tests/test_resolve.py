"""The resolved question: one rule for choice order, keys, cloze blanks and citations."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import WorkspaceBuilder
from quizdeck.checking.checker import check_workspace
from quizdeck.resolve import Resolved, note_guid
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
    assert note_fields(count)[1][3] == "± 5개"
    pages = render_quizzes([bank], FormOptions(), Workspace(workspace.root).template_dirs())
    key = next(p.text for p in pages if p.name == "sample-A-key.html")
    assert "<strong>1011개 (± 5개)</strong>" in key


@pytest.mark.parametrize(
    ("bank", "question"),
    [("sample", "market-size"), ("중국-ai", "질문-1"), ("a__b", "c"), ("", ""), ("x", "\x1f{}")],
)
def test_note_guid_is_genankis_guid(bank: str, question: str) -> None:
    import genanki

    assert note_guid(bank, question) == genanki.guid_for(bank, question)
