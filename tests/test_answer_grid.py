"""Answer keys open with an answer grid for fast marking; their badges never break a word."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from conftest import WorkspaceBuilder, require
from english import english
from quizdeck.writers.html import _clip
from test_html_print import CHROMIUM, POPPLER, print_pdf


def grid(page: Path) -> str:
    """The answer grid of a key page, as text."""
    text = page.read_text(encoding="utf-8")
    match = re.search(
        r'<section class="answer-grid".*?<span class="label">(.*?)</span>\s*<p>(.*?)</p>',
        text,
        re.S,
    )
    assert match, "no answer grid"
    return f"{match.group(1)}: " + html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).replace(
        "\xa0", " "
    )


def test_korean_grid_marks_choices_and_truth(workspace: WorkspaceBuilder) -> None:
    workspace.sample()
    out = workspace.root / "out"
    assert workspace.run("html", "--seed", "1", "--out", str(out)).exit_code == 0
    assert grid(out / "sample-A-key.html") == (
        "빠른 채점: 1 R&D · 2 ①④ · 3 1011개 · 4 ① · 5 O · 6 중국 정부/디딤돌"
    )


def test_english_grid_uses_letters_and_clips_long_words(workspace: WorkspaceBuilder) -> None:
    english(workspace)
    out = workspace.root / "out"
    assert workspace.run("html", "--seed", "1", "--out", str(out)).exit_code == 0
    # "flood defences" is clipped between words; the key below has it whole. Numbers are
    # never clipped.
    assert grid(out / "harbour-wall-A-key.html") == (
        "Answers at a glance: 1 12 pounds · 2 F · 3 flood… · 4 Tom Reyes · 5 A · 6 AD"
    )


def test_the_grid_never_cuts_a_word(workspace: WorkspaceBuilder) -> None:
    english(workspace, ('answer: "Tom Reyes"', 'answer: "harbour master, Tom Reyes"'))
    out = workspace.root / "out"
    result = workspace.run("html", "--seed", "1", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert " · 4 harbour… · " in grid(out / "harbour-wall-A-key.html")
    # A first word wider than the cell is kept whole; Korean clips between words too.
    assert _clip("Ausgleichsabgabenverordnung gilt") == "Ausgleichsabgabenverordnung…"
    assert _clip("중국 정부 기술 개발 지원") == "중국 정부…"
    assert _clip("non-Latin scripts") == "non-Latin…"


def layout_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.slow
def test_printed_grid_of_20_questions_takes_two_lines(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    require(CHROMIUM and POPPLER, "needs chromium and poppler-utils (pdftotext, pdfinfo)")
    workspace.seeds()
    out = workspace.root / "out"
    result = workspace.run("html", "rnd-hub", "--count", "20", "--seed", "1", "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = layout_text(print_pdf(out / "rnd-hub-A-key.html", tmp_path / "profile")).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("빠른 채점 1 "))
    end = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    assert end - start == 2, lines[start:end]
    assert re.search(r" · 20 \S+$", lines[start + 1].rstrip()), lines[start + 1]


@pytest.mark.slow
def test_printed_english_badges_are_whole_words(
    workspace: WorkspaceBuilder, tmp_path: Path
) -> None:
    require(CHROMIUM and POPPLER, "needs chromium and poppler-utils (pdftotext, pdfinfo)")
    english(workspace)
    out = workspace.root / "out"
    assert workspace.run("html", "--out", str(out)).exit_code == 0
    text = layout_text(print_pdf(out / "harbour-wall-A-key.html", tmp_path / "profile"))
    # Six questions, each with an Answer, Explanation and Evidence badge, none broken.
    assert len(re.findall(r"^\s*Explanation ", text, re.M)) == 6
    assert len(re.findall(r"^\s*Evidence ", text, re.M)) == 6
    assert len(re.findall(r"^\s*Answer ", text, re.M)) == 6
    assert "Answers at a glance 1 " in text
