"""Hostile input (issue 20): bounded work on any input within the limits, and refusals."""

from __future__ import annotations

import pytest

from conftest import WorkspaceBuilder
from lint_corpus import q
from quizdeck.banks.loader import load_bank
from quizdeck.checking import lint
from quizdeck.checking.report import format_text
from quizdeck.limits import MAX_PER_CODE, MAX_YAML_EVENTS

HEAD = "article:\n  source: a.txt\n  title: t\nid: m\nquestions: []\n"


def test_finding_2_diagnostics_are_capped_per_code_and_file() -> None:
    """Finding 2: 4.9 M repeated keys printed 4.9 M errors; now the first 50 and one line."""
    data = (HEAD + "x: {" + ",".join(["a"] * 1000) + "}\n").encode()
    _, found = load_bank(data, "questions/m.yaml", "m")
    repeated = [d for d in found if d.code == "yaml-duplicate-key"]
    assert len(repeated) == MAX_PER_CODE + 1
    assert format_text(repeated[-1]) == (
        "questions/m.yaml:6:107: error[yaml-duplicate-key] 949 more yaml-duplicate-key "
        f"error(s) in this file from here on (the first {MAX_PER_CODE} are shown)"
    )


def test_finding_2_a_bank_of_too_many_values_is_refused_unread() -> None:
    """Finding 2: a 9.8 MB bank of 4.9 M keys took 6 GB; past the limit it is not composed."""
    data = (HEAD + "x: {" + ",".join(["a"] * (MAX_YAML_EVENTS // 2 + 10)) + "}\n").encode()
    bank, found = load_bank(data, "questions/m.yaml", "m")
    assert bank is None
    assert [format_text(d) for d in found] == [
        "questions/m.yaml:1:1: error[too-large] bank of more than 600,000 YAML values "
        "(keys, values, lists) is over the limit\n    split it: one bank per article"
    ]


def test_finding_2_the_check_command_caps_its_output(workspace: WorkspaceBuilder) -> None:
    """Finding 2: `check` prints the capped diagnostics, in text and in JSON."""
    workspace.article("a.txt", "One sentence of the article that is long enough.\n")
    workspace.bank("m", HEAD + "x: {" + ",".join(["a"] * 300) + "}\n")
    result = workspace.run("check", "--format", "json")
    assert result.exit_code == 1
    assert result.output.count('"yaml-duplicate-key"') == MAX_PER_CODE + 1
    assert "249 more yaml-duplicate-key error(s)" in result.output


def test_finding_10_duplicate_evidence_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 10: the duplicate-evidence lint compared every pair of a paragraph (55k: 79 s)."""
    calls = 0
    compare = lint._same_sentence

    def counted(mine: list[str], theirs: list[str]) -> bool:
        nonlocal calls
        calls += 1
        return compare(mine, theirs)

    monkeypatch.setattr(lint, "_same_sentence", counted)
    questions = [
        q(
            "short",
            qid=f"q{n}",
            evidence=f"Sentence number {n} of one long paragraph.",
            answer=f"w{n}",
        )
        for n in range(600)
    ]
    lint.duplicate_evidence(questions, "b", "en", {x.id: (1,) for x in questions})
    assert calls <= 600 * lint.COMPARED
    # Still found: two questions on one sentence testing one fact.
    same = [
        q("short", qid=f"s{n}", evidence="The harbour wall cost 2.4 million pounds.", answer="wall")
        for n in range(2)
    ]
    found = lint.duplicate_evidence(
        questions + same, "b", "en", {x.id: (1,) for x in questions + same}
    )
    assert [d.question for d in found] == ["s1"]


def test_finding_10_the_closest_passage_search_is_bounded(
    workspace: WorkspaceBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 10: 100 near-miss 5,000-character quotes took 118 s; searches are bounded."""
    from rapidfuzz import fuzz

    needles: list[int] = []
    align = fuzz.partial_ratio_alignment

    def counted(needle: str, text: str) -> object:
        needles.append(len(needle))
        return align(needle, text)

    monkeypatch.setattr(fuzz, "partial_ratio_alignment", counted)
    workspace.article("a.txt", "The harbour wall was rebuilt at a cost of 2.4 million pounds.\n")
    quote = "The harbour wall was rebuilt " + "again and " * 500
    items = "".join(
        f"  - id: q{n}\n    type: short\n    prompt: 'What? {'x' * n}'\n    answer: wall\n"
        f"    evidence: '{quote}{n}'\n"
        for n in range(100)
    )
    workspace.bank(
        "m", "article:\n  source: a.txt\n  title: t\n  language: en\nquestions:\n" + items
    )
    result = workspace.run("check")
    assert result.exit_code == 1
    assert len(needles) == 10 and max(needles) <= 120
    assert result.output.count("error[evidence-not-found]") == 51
    assert "50 more evidence-not-found error(s) in this file" in result.output
    assert (
        result.output.count(
            "closest passage not searched: more than 10 quotes of this bank are not found"
        )
        == 40
    )
    assert result.output.endswith("1 bank(s), 100 question(s): 100 error(s), 0 warning(s)\n")
