"""Printed for real: headless Chromium turns each form into a PDF; poppler reads it back."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import WorkspaceBuilder, require
from english import english
from printing import CHROMIUM, print_pdf
from quizdeck.banks.model import Question
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.sources.textnorm import normalize
from quizdeck.workspace import Workspace

POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")


@pytest.fixture(autouse=True)
def _browser() -> None:
    require(CHROMIUM and POPPLER, "needs chromium and poppler-utils (pdftotext, pdfinfo)")


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text in reading order, whitespace removed: prompts may wrap anywhere."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [compact(page) for page in text.split("\f")[:-1]]


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def compact(text: str) -> str:
    return re.sub(r"\s+", "", normalize(text))


def printed_prompt(question: Question) -> str:
    return question.prompt or "빈칸에 들어갈 말을 쓰시오."


def assert_printed_whole(pages: list[str], questions: list[Question]) -> None:
    """Every prompt is printed, and each choice question's choices share its prompt's page."""
    for question in questions:
        prompt = compact(printed_prompt(question))
        where = [i for i, page in enumerate(pages) if prompt in page]
        assert where, f"{question.id}: prompt not in the PDF: {printed_prompt(question)}"
        for choice in question.choices:
            assert any(compact(choice) in pages[i] for i in where), (
                f"{question.id}: choice {choice!r} is not on the prompt's page {where[0] + 1}"
            )


@pytest.mark.slow
def test_sample_forms_and_keys_print(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    out = workspace.root / "out"
    result = workspace.run("html", "--forms", "2", "--seed", "print", "--out", str(out))
    assert result.exit_code == 0, result.output
    questions = list(check_workspace(Workspace(workspace.root)).banks[0].bank.questions)
    for form in "AB":
        pdf = print_pdf(out / f"sample-{form}.html", tmp_path / "profile")
        pages = pdf_pages(pdf)
        assert 1 <= page_count(pdf) == len(pages) <= len(questions)
        text = "".join(pages)
        assert_printed_whole(pages, questions)
        for label in ("이름", "반", "번호", "점수", f"{form}형"):
            assert label in pages[0]
        assert "<파이낸셜타임스>" in text
        assert "R&D" in text
        assert "¶1중국이세계인공지능(AI)R&D허브로" in text
        key = "".join(pdf_pages(print_pdf(out / f"sample-{form}-key.html", tmp_path / "profile")))
        assert "정답및해설" in key
        assert "(1)중국정부" in key
        assert "중국AI시장급성장,¶5" in key


@pytest.mark.slow
def test_seed_banks_print_every_question_whole(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.seeds()
    out = workspace.root / "out"
    result = workspace.run(
        "html", "--title", "중국 AI 산업", "--no-passage", "--seed", "1", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    banks = check_workspace(Workspace(workspace.root)).banks
    questions = [q for b in banks for q in b.bank.questions]
    pdf = print_pdf(out / "중국-ai-산업-A.html", tmp_path / "profile")
    pages = pdf_pages(pdf)
    assert 1 <= page_count(pdf) == len(pages) <= len(questions)
    assert "이름" in pages[0]
    assert "점수" in pages[0]
    assert_printed_whole(pages, questions)


@pytest.mark.slow
def test_a_key_quoting_a_list_of_evidence_closes_every_quote(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    english(
        workspace,
        (
            'evidence: "Half of the money will come from a national coastal fund. The council will borrow the rest over twenty years"',
            'evidence: ["Half of the money will come from a national coastal fund.", "The council will borrow the rest over twenty years"]',
        ),
    )
    out = workspace.root / "out"
    assert workspace.run("html", "--out", str(out)).exit_code == 0
    pdf = print_pdf(out / "harbour-wall-A-key.html", tmp_path / "profile")
    # As printed, curly quotes kept (pdf_pages normalises them to straight ones).
    text = re.sub(
        r"\s+",
        " ",
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout,
    )
    assert (
        "“Half of the money will come from a national coastal fund.” … "
        "“The council will borrow the rest over twenty years” —"
    ) in text
    assert text.count("“") == text.count("”") == 7
