"""Answer sheets: one printable page set per form, its boxes where `sheets.sheet_layout` puts them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import segno

from quizdeck.forms import (
    FormOptions,
    RecordedForm,
    RecordedQuestion,
    plan_forms,
    plan_quizzes,
    recorded,
)
from quizdeck.resolve import ResolvedBank
from quizdeck.sheets import (
    MARKER_CELLS,
    MARKER_IDS,
    MARKER_SIZE,
    QR_BOX,
    WRITE_WIDTH,
    Box,
    Row,
    SheetCode,
    SheetLayout,
    SheetPage,
    marker_origin,
    sheet_layout,
    sheet_name,
)
from quizdeck.sources.labels import labels_for
from quizdeck.writers.templating import RenderedFile, environment, render


@dataclass(frozen=True)
class Mark:
    """A square of black modules (a marker or the QR code) as an SVG path, at x, y (mm)."""

    x: float
    y: float
    size: float
    cells: int
    path: str


@dataclass(frozen=True)
class PrintedPage:
    """One sheet page ready for the template: its layout, markers and QR code."""

    page: SheetPage
    pages: int
    markers: tuple[Mark, ...]
    code: Mark


def render_sheets(
    banks: Sequence[ResolvedBank], options: FormOptions, templates: Sequence[Path]
) -> list[RenderedFile]:
    """The answer sheet of every form of every quiz; raises UsageError or TemplateProblem."""
    options.validate()
    layouts = [
        sheet_layout(recorded(plan), options.digits)
        for quiz in plan_quizzes(banks, options)
        for plan in plan_forms(quiz, options)
    ]
    return render_sheet_files(layouts, templates)


def render_sheet_files(
    quizzes: Sequence[SheetLayout], templates: Sequence[Path]
) -> list[RenderedFile]:
    """`<quiz>-<form>-sheet.html` for each layout."""
    jinja = environment(templates, _PAGE_DATA)
    jinja.filters["at"] = _at
    markers = tuple(_marker(marker_id) for marker_id in MARKER_IDS)
    files = []
    for layout in quizzes:
        form = layout.form
        pages = tuple(
            PrintedPage(page, len(layout.pages), markers, _code(layout, page))
            for page in layout.pages
        )
        text = render(
            jinja,
            "html/sheet.html",
            form=form,
            layout=layout,
            pages=pages,
            labels=labels_for(form.language),
            write_width=WRITE_WIDTH,
        )
        files.append(RenderedFile(sheet_name(form.quiz, form.form), text))
    return files


def _at(place: Box | tuple[float, float]) -> str:
    """The CSS placing a box (left, top, size) or a point (left, top), in mm."""
    if isinstance(place, Box):
        return (
            f"left:{place.x:.2f}mm;top:{place.y:.2f}mm;width:{place.size}mm;height:{place.size}mm"
        )
    return f"left:{place[0]:.2f}mm;top:{place[1]:.2f}mm"


def _marker(marker_id: int) -> Mark:
    inner = [[True, *(cell == "1" for cell in row), True] for row in MARKER_CELLS[marker_id]]
    edge = [True] * len(inner[0])
    x, y = marker_origin(marker_id)
    return Mark(x, y, MARKER_SIZE, len(edge), _path([edge, *inner, edge]))


def _code(layout: SheetLayout, page: SheetPage) -> Mark:
    form = layout.form
    code = SheetCode(form.quiz, form.form, page.number, len(layout.pages), layout.places, form.hash)
    # A fixed mask: choosing the best of eight costs 50 ms a page and reads no better here.
    qr = segno.make(code.payload(), error="m", micro=False, mask=0)
    border = 4
    quiet = [False] * border
    rows = [[*quiet, *map(bool, row), *quiet] for row in qr.matrix]
    blank = [False] * len(rows[0])
    framed = [blank] * border + rows + [blank] * border
    x, y, side = QR_BOX
    return Mark(x, y, side, len(framed), _path(framed))


def _path(black: Sequence[Sequence[bool]]) -> str:
    """An SVG path of the black cells, one run of cells per rectangle."""
    parts = []
    for row, line in enumerate(black):
        column = 0
        while column < len(line):
            if not line[column]:
                column += 1
                continue
            start = column
            while column < len(line) and line[column]:
                column += 1
            parts.append(f"M{start} {row}h{column - start}v1h-{column - start}z")
    return "".join(parts)


_PAGE_DATA = (Mark, PrintedPage, SheetPage, SheetLayout, Row, Box, RecordedForm, RecordedQuestion)
