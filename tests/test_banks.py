"""The shipped content: seeds as given, and five banks at exam grade (README: the seed banks)."""

from __future__ import annotations

import filecmp
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO, require
from quizdeck.banks.model import QUESTION_TYPES
from quizdeck.checking.report import format_text
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.workspace import Workspace

SHARED_SEEDS = REPO.parent / "shared" / "seeds"
MIN_QUESTIONS = 25
MIN_COVERAGE = 0.90
MAX_PER_PARAGRAPH = 3
MAX_ALLOWS = 5
MAX_TRUEFALSE_SHARE = 0.65


def test_seeds_are_byte_identical_to_the_shared_articles() -> None:
    require(SHARED_SEEDS.is_dir(), f"{SHARED_SEEDS} is not beside this checkout")
    names = sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    assert names == sorted(p.name for p in (REPO / "seeds").glob("*.txt"))
    _, mismatch, errors = filecmp.cmpfiles(SHARED_SEEDS, REPO / "seeds", names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_every_seed_has_a_bank_and_strict_check_finds_nothing() -> None:
    result = check_workspace(Workspace(REPO))
    # Grounding and the item-writing lint alike: nothing, not even a warning.
    assert [format_text(d) for d in result.diagnostics] == []
    sources = sorted(b.bank.article.source for b in result.banks)
    assert sources == sorted(p.name for p in (REPO / "seeds").glob("*.txt"))


def bank_report() -> list[tuple[str, int, dict[str, int], float]]:
    rows = []
    for checked in check_workspace(Workspace(REPO)).banks:
        types = Counter(q.type for q in checked.bank.questions)
        quoted = {n for numbers in checked.paragraphs.values() for n in numbers}
        coverage = len(quoted) / len(checked.body.paragraphs)
        rows.append((checked.bank.id, len(checked.bank.questions), dict(types), coverage))
    return rows


def test_bank_sizes_types_and_paragraph_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    rows = bank_report()
    with capsys.disabled():
        print()
        for bank_id, count, types, coverage in rows:
            kinds = ", ".join(f"{t} {n}" for t, n in sorted(types.items()))
            print(f"  {bank_id:<16} {count:>3} questions  {coverage:5.0%} of paragraphs  ({kinds})")
    for bank_id, count, types, coverage in rows:
        assert count >= MIN_QUESTIONS, f"{bank_id}: {count} questions"
        assert set(types) == set(QUESTION_TYPES), f"{bank_id}: types {sorted(types)}"
        assert coverage >= MIN_COVERAGE, f"{bank_id}: {coverage:.0%} of paragraphs quoted"


def test_no_paragraph_carries_more_than_three_questions() -> None:
    for checked in check_workspace(Workspace(REPO)).banks:
        load = Counter(n for numbers in checked.paragraphs.values() for n in set(numbers))
        crowded = {n: c for n, c in load.items() if c > MAX_PER_PARAGRAPH}
        assert crowded == {}, f"{checked.bank.id}: questions per paragraph {crowded}"


def test_true_false_keys_are_balanced_in_every_bank() -> None:
    # Answering "false" (or "true") to every statement must not pass a bank's quiz.
    for checked in check_workspace(Workspace(REPO)).banks:
        keys = Counter(q.answer for q in checked.bank.questions if q.type == "truefalse")
        share = max(keys.values()) / sum(keys.values())
        assert share < MAX_TRUEFALSE_SHARE, f"{checked.bank.id}: true/false keys {dict(keys)}"


def test_few_allows_and_each_says_why() -> None:
    allows = 0
    for path in sorted((REPO / "questions").glob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("allow:"):
                allows += 1
                assert "#" in line, f"{path.name}: an allow without a comment saying why: {line}"
    assert allows <= MAX_ALLOWS


def test_bodies_cut_away_page_chrome() -> None:
    chrome = ("관련기사", "가 +", "무단전재", "기사듣기", "Copyright", "네티즌의견", "닫기")
    for checked in check_workspace(Workspace(REPO)).banks:
        body_text = "\n".join(p.text for p in checked.body.paragraphs)
        assert [c for c in chrome if c in body_text] == [], checked.bank.id


def test_ids_name_facts_and_every_question_explains(tmp_path: Path) -> None:
    for checked in check_workspace(Workspace(REPO)).banks:
        for question in checked.bank.questions:
            assert question.explanation, f"{checked.bank.id}/{question.id}"
            assert question.difficulty in ("easy", "medium", "hard"), (
                f"{checked.bank.id}/{question.id}"
            )
            assert question.tags, f"{checked.bank.id}/{question.id}"
            assert not any(
                bad in choice
                for choice in question.choices
                for bad in ("모두 정답", "정답 없음", "all of the above")
            )
