"""Whatever bytes a bank holds, the loader and checker give diagnostics, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_ARTICLE, SAMPLE_BANK
from quizdeck.banks.loader import load_bank
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.workspace import Workspace

KEYS = [
    "article",
    "questions",
    "source",
    "title",
    "body",
    "start",
    "end",
    "id",
    "type",
    "prompt",
    "choices",
    "answer",
    "evidence",
    "blanks",
    "unit",
    "tolerance",
    "accept",
    "tags",
    "deck",
    "choice",
    "multi",
    "truefalse",
    "short",
    "numeric",
    "cloze",
    "sample.txt",
    "../x",
    "/etc/passwd",
]
scalars = st.one_of(
    st.sampled_from(KEYS),
    st.text(max_size=12),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.sampled_from(["414억 위안", "1천11개", "중국 정부", "디딤돌이 되고 있다."]),
)
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.sampled_from(KEYS), children, max_size=6)
    ),
    max_leaves=30,
)


def check_bytes(root: Path, data: bytes) -> None:
    (root / "questions" / "fuzz.yaml").write_bytes(data)
    result = check_workspace(Workspace(root))
    for diagnostic in result.diagnostics:
        assert diagnostic.location.line >= 1 and diagnostic.location.column >= 1
        assert diagnostic.severity in ("error", "warning")


def make_root(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.rmtree(root, ignore_errors=True)
    (root / "seeds").mkdir(parents=True)
    (root / "questions").mkdir()
    (root / "seeds" / "sample.txt").write_text(SAMPLE_ARTICLE, encoding="utf-8")
    return root


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    check_bytes(make_root(tmp_path), data)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents)
@pytest.mark.slow
def test_random_yaml_documents(tmp_path: Path, document: object) -> None:
    check_bytes(make_root(tmp_path), yaml.safe_dump(document, allow_unicode=True).encode())


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
@pytest.mark.slow
def test_mutated_sample_bank(tmp_path: Path, data: st.DataObject) -> None:
    lines = SAMPLE_BANK.splitlines(keepends=True)
    index = data.draw(st.integers(0, len(lines) - 1))
    replacement = data.draw(
        st.sampled_from(["", "  - \n", "    answer: [\n", "  x: *a\n", "\t\n", "questions: 3\n"])
        | st.text(max_size=20)
    )
    lines[index] = replacement
    check_bytes(make_root(tmp_path), "".join(lines).encode("utf-8", "surrogatepass"))


def test_deep_nesting_is_a_diagnostic() -> None:
    bank, diagnostics = load_bank(b"[" * 5000 + b"]" * 5000, "q.yaml", "q")
    assert bank is None
    assert [d.code for d in diagnostics] in (["yaml-syntax"], ["schema"])
