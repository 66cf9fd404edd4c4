"""Answer sheets: every box where the shared layout puts it, named by its data attributes."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import cv2
import numpy as np

from conftest import WorkspaceBuilder
from quizdeck.forms import read_record
from quizdeck.sheets import (
    MARKER_CELLS,
    MARKER_DICTIONARY,
    MARKER_IDS,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    QR_BOX,
    Box,
    SheetCode,
    choice_values,
    marker_origin,
    sheet_layout,
)
from quizdeck.writers.sheet import _code, _marker


def built(workspace: WorkspaceBuilder, *options: str) -> Path:
    workspace.sample()
    out = workspace.root / "out"
    result = workspace.run("html", "--out", str(out), *options)
    assert result.exit_code == 0, result.output
    return out


def test_each_form_has_a_sheet_naming_every_box(workspace: WorkspaceBuilder) -> None:
    out = built(workspace, "--forms", "2", "--seed", "s")
    for form in read_record((out / "sample.forms.json").read_bytes(), "record"):
        page = (out / f"sample-{form.form}-sheet.html").read_text(encoding="utf-8")
        for question in form.questions:
            position = question.position
            choices = re.findall(rf'data-question="{position}" data-choice="([^"]+)"', page)
            marks = re.findall(rf'data-question="{position}" data-mark="(\w+)"', page)
            if question.type in ("choice", "multi", "truefalse"):
                assert choices == list(choice_values(question, "ko")), question
                assert marks == []
            else:
                assert choices == []
                assert marks == ["right", "wrong"] * question.blanks, question
        types = {q.type for q in form.questions}
        assert types == {"choice", "multi", "truefalse", "short", "numeric", "cloze"}
        truefalse = next(q for q in form.questions if q.type == "truefalse")
        assert f'data-question="{truefalse.position}" data-choice="O"' in page
        assert f'data-question="{truefalse.position}" data-choice="X"' in page
        digits = re.findall(r'data-digit="(\d+)" data-value="(\d)"', page)
        assert digits == [(str(p), str(d)) for p in range(1, 9) for d in range(10)]
        assert "모두 고르기" in page and "학번" in page and "이름" in page
        assert page.count('<section class="page"') == 1


def test_digits_option_sets_the_student_number_places(workspace: WorkspaceBuilder) -> None:
    out = built(workspace, "--digits", "5")
    page = (out / "sample-A-sheet.html").read_text(encoding="utf-8")
    assert len(re.findall(r"data-digit=", page)) == 50
    result = workspace.run("html", "--digits", "13")
    assert result.exit_code == 2
    assert result.stderr == "quizdeck: --digits must be between 1 and 12, not 13\n"


def test_layout_keeps_boxes_apart_and_on_the_page(workspace: WorkspaceBuilder) -> None:
    out = built(workspace)
    form = read_record((out / "sample.forms.json").read_bytes(), "record")[0]
    # Long forms too: 200 questions run over several pages, each question whole on one.
    long = form.__class__(
        **{
            **form.__dict__,
            "questions": tuple(
                q.__class__(**{**q.__dict__, "position": n + 1})
                for n, q in enumerate(form.questions * 40)
            ),
        }
    )
    layout = sheet_layout(long, places=12)
    assert len(layout.pages) > 1
    seen = [row.question.position for page in layout.pages for row in page.rows]
    assert sorted(set(seen)) == list(range(1, 241))
    for page in layout.pages:
        boxes: list[Box] = [b for row in page.rows for b in row.boxes] + list(page.digits)
        for box in boxes:
            assert box.x > 10 and box.x + box.size < PAGE_WIDTH - 10
            assert box.y > 22 and box.y + box.size < PAGE_HEIGHT - 22
        for a, b in combinations(boxes, 2):
            apart_x = a.x + a.size <= b.x or b.x + b.size <= a.x
            apart_y = a.y + a.size <= b.y or b.y + b.size <= a.y
            assert apart_x or apart_y, (a, b)
        pages_of = {row.question.position for row in page.rows}
        assert all(
            p not in pages_of
            for other in layout.pages
            if other is not page
            for p in {r.question.position for r in other.rows}
        )


def test_markers_are_aruco_and_the_qr_code_names_the_form(workspace: WorkspaceBuilder) -> None:
    out = built(workspace)
    form = read_record((out / "sample.forms.json").read_bytes(), "record")[0]
    layout = sheet_layout(form)
    scale = 8  # px per mm: draw the marks as the printer does, then read them with OpenCV
    canvas = np.full((int(297 * scale), int(210 * scale)), 255, np.uint8)
    for marker_id in range(4):
        mark = _marker(marker_id)
        assert (mark.x, mark.y) == marker_origin(marker_id)
        _draw(canvas, mark.path, mark.x, mark.y, mark.size / mark.cells, scale)
    code = _code(layout, layout.pages[0])
    assert (code.x, code.y, code.size) == QR_BOX
    _draw(canvas, code.path, code.x, code.y, code.size / code.cells, scale)
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    _, ids, _ = cv2.aruco.ArucoDetector(dictionary).detectMarkers(canvas)
    assert sorted(ids.flatten().tolist()) == [0, 1, 2, 3]
    text = cv2.QRCodeDetector().detectAndDecode(canvas)[0]
    assert SheetCode.parse(text) == SheetCode("sample", "A", 1, 1, 8, form.hash)
    assert text == f"QD1|sample|A|1|1|8|{form.hash}"


def test_the_marker_cells_are_those_opencv_draws() -> None:
    # The writer draws the markers without OpenCV; the scanner finds them with it.
    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, MARKER_DICTIONARY))
    for marker_id in MARKER_IDS:
        drawn = cv2.aruco.generateImageMarker(dictionary, marker_id, 6, borderBits=1) == 0
        rows = tuple("".join("1" if black else "0" for black in row[1:5]) for row in drawn[1:5])
        assert MARKER_CELLS[marker_id] == rows
        assert drawn[0].all() and drawn[-1].all() and drawn[:, 0].all() and drawn[:, -1].all()


def test_a_qr_text_of_something_else_is_no_sheet_code() -> None:
    assert SheetCode.parse("https://example.com") is None
    assert SheetCode.parse("QD1|a|A|2|1|8|abc") is None  # page 2 of 1
    assert SheetCode.parse("QD1|a|A|x|1|8|abc") is None
    assert SheetCode.parse("QD1|a|b|A|1|1|8|abc") == SheetCode("a|b", "A", 1, 1, 8, "abc")


def _draw(canvas: np.ndarray, path: str, x: float, y: float, cell: float, scale: int) -> None:
    """Paint an SVG path of unit cells (M x y h w v1 h-w z) onto the canvas."""
    for cx, cy, width in re.findall(r"M(\d+) (\d+)h(\d+)", path):
        left = round((x + int(cx) * cell) * scale)
        top = round((y + int(cy) * cell) * scale)
        right = round((x + (int(cx) + int(width)) * cell) * scale)
        bottom = round((y + (int(cy) + 1) * cell) * scale)
        canvas[top:bottom, left:right] = 0


def test_an_english_sheet_labels_choices_a_to_d_and_true_false_t_f(
    workspace: WorkspaceBuilder,
) -> None:
    from test_export_html import EN_ARTICLE, EN_BANK

    workspace.article("en.txt", EN_ARTICLE)
    workspace.bank("en", EN_BANK)
    out = workspace.root / "out"
    assert workspace.run("html", "--out", str(out)).exit_code == 0
    page = (out / "en-A-sheet.html").read_text(encoding="utf-8")
    form = read_record((out / "en.forms.json").read_bytes(), "record")[0]
    kinds = {q.type: q.position for q in form.questions}
    assert re.findall(rf'data-question="{kinds["choice"]}" data-choice="(\w)"', page) == list(
        "ABCD"
    )
    assert re.findall(rf'data-question="{kinds["truefalse"]}" data-choice="(\w)"', page) == [
        "T",
        "F",
    ]
    assert "Student number" in page and "Answer sheet" in page and "page 1 of 1" in page
