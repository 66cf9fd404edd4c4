"""Synthetic scanning benchmark: filled answer sheets, printed, distorted, read back by scan.

    python benchmarks/scan_bench.py [--sheets 13] [--out benchmarks/SCAN_RESULTS.md]

Quizzes of 20, 40 and 60 questions (every type), forms A and B, are built and their blank
sheets printed by headless Chromium; each page is rasterised at 150 and 300 dpi with
pypdfium2. Each synthetic student's answers are drawn onto the page where the sheet's
layout puts each box (the same places the HTML's data attributes print at) with marks of
several kinds: solid, light pencil grey, a tick, a cross, a half-filled bubble, and on
boxes left empty an erased mark or a stray dot. The pages are then distorted as a
scanner does (rotation within ±5°, half of them upside down) or a phone does
(perspective tilt up to 20°, blur, noise, uneven light, a shadow, JPEG quality 60) and
read by quizdeck's scan, one page at a time on one core. The issue's targets are printed
with whether each is met.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pypdfium2

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from generate import generate  # noqa: E402
from printing import print_pdf  # noqa: E402
from quizdeck.checking.workspace_check import check_workspace  # noqa: E402
from quizdeck.forms import FormOptions, read_record, record_name  # noqa: E402
from quizdeck.outputs.pages import write_files  # noqa: E402
from quizdeck.readers.scan.responses import Response  # noqa: E402
from quizdeck.readers.scan.scanning import scan_page  # noqa: E402
from quizdeck.sheets import (  # noqa: E402
    Box,
    SheetLayout,
    sheet_layout,
    sheet_name,
)
from quizdeck.workspace import Workspace  # noqa: E402
from quizdeck.writers.html import render_quizzes  # noqa: E402
from quizdeck.writers.sheet import render_sheets  # noqa: E402

SIZES = (20, 40, 60)
DPIS = (150, 300)
SETS = ("scanner", "phone")
# The marks a student makes on a box meant as chosen, and how often.
CHOSEN_MARKS = {"solid": 0.45, "light": 0.15, "tick": 0.12, "cross": 0.12, "half": 0.16}
# What lands on a box meant as empty, per row: an erasure, a stray dot.
NOISE = {"erased": 0.06, "dot": 0.06}
TARGETS = {
    "identified_scanner": 1.0,
    "identified_phone": 0.995,
    "boxes_right_scanner": 0.999,
    "boxes_right_phone": 0.995,
    "review_at_most": 0.02,
    "silent_at_most": 0.001,
    "pages_per_second_300dpi_at_least": 1.0,
}


def rasterise(pdf: Path, dpi: int) -> list[np.ndarray]:
    """Each page of `pdf` in grey at `dpi`."""
    document = pypdfium2.PdfDocument(str(pdf))
    pages = []
    for index in range(len(document)):
        bitmap = document[index].render(scale=dpi / 72, grayscale=True)
        pages.append(np.array(bitmap.to_numpy(), dtype=np.uint8).copy())
    document.close()
    return pages


@dataclass
class Truth:
    """What a synthetic student marked: the expected response per question and the number."""

    student: str
    responses: dict[int, str] = field(default_factory=dict)
    marks: list[tuple[Box, str]] = field(default_factory=list)


def invent(layout: SheetLayout, rng: random.Random) -> Truth:
    """A student's answers, with the mark each box gets (chosen or noise)."""
    number = "".join(rng.choice("0123456789") for _ in range(layout.places))
    truth = Truth(number)
    pen = "solid" if rng.random() < 0.8 else "light"
    for page in layout.pages:
        for box in page.digits:
            if box.value == number[box.blank - 1]:
                truth.marks.append((box, pen))
        rows_by_question: dict[int, list[list[Box]]] = {}
        for row in page.rows:
            rows_by_question.setdefault(row.question.position, []).append(list(row.boxes))
        for position, rows in rows_by_question.items():
            question = next(r.question for r in page.rows if r.question.position == position)
            if question.type in ("choice", "truefalse", "multi"):
                boxes = rows[0]
                if rng.random() < 0.06:
                    chosen: list[Box] = []
                elif question.type == "multi":
                    chosen = rng.sample(boxes, rng.randint(1, min(3, len(boxes))))
                else:
                    chosen = [rng.choice(boxes)]
                chosen.sort(key=boxes.index)
                truth.responses[position] = ";".join(b.value for b in chosen)
                _mark(truth, boxes, chosen, rng)
            else:
                marked = rng.random() > 0.05
                answers = []
                for boxes in rows:
                    chosen = [rng.choice(boxes)] if marked else []
                    answers += [b.value for b in chosen]
                    _mark(truth, boxes, chosen, rng)
                truth.responses[position] = ";".join(answers)
    return truth


def _mark(truth: Truth, boxes: Sequence[Box], chosen: Sequence[Box], rng: random.Random) -> None:
    kinds, weights = zip(*CHOSEN_MARKS.items(), strict=True)
    for box in chosen:
        truth.marks.append((box, rng.choices(kinds, weights)[0]))
    empty = [b for b in boxes if b not in chosen]
    for noise, chance in NOISE.items():
        if empty and rng.random() < chance:
            truth.marks.append((rng.choice(empty), noise))


def draw(page: np.ndarray, marks: Sequence[tuple[Box, str]], dpi: int, rng: random.Random) -> None:
    """Each mark drawn onto the page raster at its box (mm to pixels at `dpi`), darkening only."""
    mm = dpi / 25.4
    shift = 4  # sub-pixel precision of cv2's drawing
    for box, kind in marks:
        r = box.size / 2
        # A window around the box; marks are drawn on a copy and merged by the darker pixel.
        left, top = box.x - 1.0, box.y - 1.0
        x0, y0 = int(left * mm), int(top * mm)
        x1, y1 = int((box.x + box.size + 1.0) * mm) + 1, int((box.y + box.size + 1.0) * mm) + 1
        window = page[y0:y1, x0:x1]
        layer = np.full_like(window, 255)
        cx, cy = box.center[0] * mm - x0, box.center[1] * mm - y0

        def pt(dx: float, dy: float, cx: float = cx, cy: float = cy) -> tuple[int, int]:
            return round((cx + dx * mm) * 16), round((cy + dy * mm) * 16)

        ink = rng.randint(15, 70)
        width = max(1, round(rng.uniform(0.6, 0.9) * mm))
        if kind in ("solid", "light", "half", "erased"):
            value = {"solid": ink, "half": ink, "light": rng.randint(95, 125)}.get(kind, 0)
            value = value or rng.randint(205, 228)
            radius = r * rng.uniform(0.85, 1.02)
            if box.round:
                cv2.circle(layer, pt(0, 0), round(radius * mm * 16), value, -1, cv2.LINE_AA, shift)
            else:
                cv2.rectangle(
                    layer, pt(-radius, -radius), pt(radius, radius), value, -1, cv2.LINE_AA, shift
                )
            if kind == "half":
                angle = rng.uniform(0, 2 * math.pi)
                ys, xs = np.mgrid[: layer.shape[0], : layer.shape[1]]
                side = (xs - cx) * math.cos(angle) + (ys - cy) * math.sin(angle) > 0
                layer[side] = 255
        elif kind == "tick":
            points = np.array([pt(-0.7 * r, 0), pt(-0.15 * r, 0.7 * r), pt(0.85 * r, -0.85 * r)])
            cv2.polylines(layer, [points], False, ink, width, cv2.LINE_AA, shift)
        elif kind == "cross":
            d = 0.75 * r
            cv2.line(layer, pt(-d, -d), pt(d, d), ink, width, cv2.LINE_AA, shift)
            cv2.line(layer, pt(-d, d), pt(d, -d), ink, width, cv2.LINE_AA, shift)
        elif kind == "dot":
            angle, distance = rng.uniform(0, 2 * math.pi), rng.uniform(0, 0.6 * r)
            dot = rng.uniform(0.25, 0.5)
            at = pt(distance * math.cos(angle), distance * math.sin(angle))
            cv2.circle(layer, at, round(dot * mm * 16), ink, -1, cv2.LINE_AA, shift)
        np.minimum(window, layer, out=window)


def scanner(page: np.ndarray, rng: random.Random) -> np.ndarray:
    """A flatbed scan: turned within ±5°, upside down half the time, a little noise."""
    angle = rng.uniform(-5, 5) + (180 if rng.random() < 0.5 else 0)
    # The scanner's glass is larger than the sheet: the turned sheet stays whole on it.
    pad = round(0.05 * page.shape[0])
    page = cv2.copyMakeBorder(page, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=235)
    h, w = page.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    matrix[:, 2] += (rng.uniform(-0.02, 0.02) * w, rng.uniform(-0.02, 0.02) * h)
    turned = cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=235)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 2.0, turned.shape)
    return np.clip(turned + noise, 0, 255).astype(np.uint8)


def phone(page: np.ndarray, rng: random.Random) -> np.ndarray:
    """A phone photo: tilted up to 20°, blurred, noisy, lit unevenly, shadowed, JPEG 60."""
    h, w = page.shape
    tilt_x, tilt_y = (math.radians(rng.uniform(-20, 20)) for _ in range(2))
    turn = math.radians(rng.uniform(-8, 8) + (180 if rng.random() < 0.2 else 0))
    rx = np.array(
        [
            [1, 0, 0],
            [0, math.cos(tilt_x), -math.sin(tilt_x)],
            [0, math.sin(tilt_x), math.cos(tilt_x)],
        ]
    )
    ry = np.array(
        [
            [math.cos(tilt_y), 0, math.sin(tilt_y)],
            [0, 1, 0],
            [-math.sin(tilt_y), 0, math.cos(tilt_y)],
        ]
    )
    rz = np.array(
        [[math.cos(turn), -math.sin(turn), 0], [math.sin(turn), math.cos(turn), 0], [0, 0, 1]]
    )
    rotation = rz @ ry @ rx
    corners = np.array(
        [[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]]
    )
    distance, focal = 1.6 * h, 1.6 * h
    moved = corners @ rotation.T + np.array([0, 0, distance])
    projected = moved[:, :2] / moved[:, 2:3] * focal
    # The photographer frames the whole sheet, with a margin of table of 2-8% on each side.
    low, high = projected.min(axis=0), projected.max(axis=0)
    margins = [rng.uniform(0.02, 0.08) * h for _ in range(4)]
    projected += np.array([margins[0], margins[1]]) - low
    out_w = round(high[0] - low[0] + margins[0] + margins[2])
    out_h = round(high[1] - low[1] + margins[1] + margins[3])
    source = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    homography = cv2.getPerspectiveTransform(source, projected.astype(np.float32))
    table = rng.randint(60, 140)
    photo = cv2.warpPerspective(
        page, homography, (out_w, out_h), flags=cv2.INTER_LINEAR, borderValue=table
    )
    sigma = rng.uniform(0.4, 1.3) * out_h / 1900
    photo = cv2.GaussianBlur(photo, (0, 0), sigma).astype(np.float32)
    # Uneven light: a gradient across the page, one side down to 55-80%.
    ys, xs = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    ramp = (xs * math.cos(angle) + ys * math.sin(angle)) / max(out_w, out_h)
    ramp = (ramp - ramp.min()) / (ramp.max() - ramp.min())
    photo *= 1 - rng.uniform(0.2, 0.45) * ramp
    # A shadow: a soft-edged band (a hand or a phone) at 60-80% of the light.
    shadow = np.zeros((out_h, out_w), np.float32)
    x0 = rng.uniform(0, out_w)
    band = np.array(
        [
            [x0, 0],
            [x0 + rng.uniform(0.15, 0.4) * out_w, 0],
            [x0 + rng.uniform(-0.2, 0.3) * out_w, out_h],
            [x0 - rng.uniform(0, 0.2) * out_w, out_h],
        ],
        np.int32,
    )
    cv2.fillPoly(shadow, [band], 1.0)
    shadow = cv2.GaussianBlur(shadow, (0, 0), out_h / 60)
    photo *= 1 - rng.uniform(0.2, 0.4) * shadow
    photo += np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(2, 6), photo.shape)
    photo = np.clip(photo, 0, 255).astype(np.uint8)
    ok, data = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)


@dataclass
class Tally:
    """The counts of one set (scanner or phone)."""

    pages: int = 0
    identified: int = 0
    questions: int = 0
    reviewed: int = 0
    silent: int = 0
    boxes: int = 0
    boxes_right: int = 0
    students: int = 0
    students_wrong: int = 0
    read_seconds_300: float = 0.0
    pages_300: int = 0
    errors: list[str] = field(default_factory=list)


def score(
    tally: Tally,
    layout: SheetLayout,
    page_number: int,
    truth: Truth,
    rows: list[Response],
    student_review: bool,
) -> None:
    """Compare one page's responses with what was drawn."""
    page = layout.pages[page_number - 1]
    by_position = {r.position: r for r in rows}
    tally.students += 1
    if rows and not student_review and rows[0].student != truth.student:
        tally.students_wrong += 1
        tally.errors.append(f"student {rows[0].student} read, {truth.student} drawn")
    labels: dict[int, list[str]] = {}
    for row in page.rows:
        labels.setdefault(row.question.position, []).extend(b.value for b in row.boxes)
    for position, values in labels.items():
        tally.questions += 1
        read = by_position.get(position)
        if read is None:
            tally.errors.append(f"question {position} missing")
            continue
        if read.status == "review":
            tally.reviewed += 1
            continue
        expected = truth.responses[position]
        question_type = layout.form.questions[position - 1].type
        if question_type in ("choice", "truefalse", "multi"):
            wanted, got = set(expected.split(";")) - {""}, set(read.response.split(";")) - {""}
            tally.boxes += len(values)
            tally.boxes_right += sum((v in wanted) == (v in got) for v in values)
        else:
            wanted_list, got_list = expected.split(";"), read.response.split(";")
            tally.boxes += len(values)
            tally.boxes_right += sum(
                (w == "right") == (g == "right") and (w == "wrong") == (g == "wrong")
                for w, g in zip(wanted_list, got_list, strict=False)
                for _ in range(2)
            )
        if read.response != expected:
            tally.silent += 1
            tally.errors.append(
                f"question {position}: read {read.response!r} ({read.status}, fill {read.fill:.2f}), drawn {expected!r}"
            )


def prepare(
    work: Path, sizes: Sequence[int] = SIZES
) -> list[tuple[SheetLayout, Path, dict[int, list[np.ndarray]]]]:
    """Quizzes of 20, 40 and 60 questions, forms A and B: layout, forms dir, blank pages by dpi."""
    root = generate(work / "workspace", 100, seed=7)
    workspace = Workspace(root)
    banks = check_workspace(workspace).resolved
    prepared = []
    for size in sizes:
        out = work / f"html-{size}"
        options = FormOptions(forms=2, seed=f"bench-{size}", count=size, passage=False)
        files = render_quizzes(banks, options, workspace.template_dirs())
        files += render_sheets(banks, options, workspace.template_dirs())
        write_files(files, out)
        for form in read_record((out / record_name(banks[0].id)).read_bytes(), "record"):
            layout = sheet_layout(form)
            pdf = out / f"{form.quiz}-{form.form}-sheet.pdf"
            print_pdf(out / sheet_name(form.quiz, form.form), work / "profile", pdf)
            pages = {dpi: rasterise(pdf, dpi) for dpi in DPIS}
            assert len(pages[150]) == len(layout.pages), (pdf, len(pages[150]))
            prepared.append((layout, out, pages))
    return prepared


def run(
    sheets_per_case: int,
    seed: int = 1,
    keep: Path | None = None,
    sizes: Sequence[int] = SIZES,
) -> dict[str, Tally]:
    """Fill, distort and scan `sheets_per_case` sheets per layout, dpi and set."""
    cv2.setNumThreads(1)
    rng = random.Random(seed)
    tallies = {name: Tally() for name in SETS}
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        for layout, forms_dir, blanks in prepare(work, sizes):
            for dpi in DPIS:
                for name in SETS:
                    tally = tallies[name]
                    for _ in range(sheets_per_case):
                        truth = invent(layout, rng)
                        for number, blank in enumerate(blanks[dpi], start=1):
                            page = blank.copy()
                            draw(page, truth.marks, dpi, rng)
                            photo = scanner(page, rng) if name == "scanner" else phone(page, rng)
                            if keep is not None and tally.pages < 3:
                                keep.mkdir(parents=True, exist_ok=True)
                                cv2.imwrite(str(keep / f"{name}-{dpi}-{tally.pages}.jpg"), photo)
                            start = time.thread_time()  # CPU time: per core, whatever else runs
                            result = scan_page(photo, "bench", number, forms_dir)
                            elapsed = time.thread_time() - start
                            tally.pages += 1
                            if dpi == 300:
                                tally.read_seconds_300 += elapsed
                                tally.pages_300 += 1
                            if result.left_out:
                                tally.errors.append(f"{name} {dpi}: {result.left_out[0].reason}")
                                tally.questions += len(
                                    {r.question.position for r in layout.pages[number - 1].rows}
                                )
                                continue
                            tally.identified += 1
                            student_review = any(i.position == "student" for i in result.reviews)
                            score(tally, layout, number, truth, result.responses, student_review)
    return tallies


def report(tallies: dict[str, Tally], sheets: int) -> tuple[list[str], bool]:
    """The results as Markdown lines, each target with whether it is met."""
    lines = [
        "## Scanning benchmark (benchmarks/scan_bench.py)",
        "",
        f"{sheets} sheets: quizzes of {', '.join(map(str, SIZES))} questions, forms A and B, "
        f"{' and '.join(map(str, DPIS))} dpi, scanner and phone sets.",
        "",
        "| set | pages | identified | questions | review | silent errors | boxes right (read without review) | student numbers wrong |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, t in tallies.items():
        lines.append(
            f"| {name} | {t.pages} | {t.identified / t.pages:.2%} | {t.questions} | "
            f"{t.reviewed / t.questions:.2%} | {t.silent / t.questions:.3%} | "
            f"{t.boxes_right / max(t.boxes, 1):.4%} | {t.students_wrong} of {t.students} |"
        )
    scan, photo = tallies["scanner"], tallies["phone"]
    seconds = (scan.read_seconds_300 + photo.read_seconds_300) / max(
        scan.pages_300 + photo.pages_300, 1
    )
    questions = scan.questions + photo.questions
    checks = [
        ("page and form identified, scanner = 100%", scan.identified / scan.pages, ">=", 1.0),
        ("page and form identified, phone ≥ 99.5%", photo.identified / photo.pages, ">=", 0.995),
        (
            "boxes read without review right, scanner ≥ 99.9%",
            scan.boxes_right / max(scan.boxes, 1),
            ">=",
            0.999,
        ),
        (
            "boxes read without review right, phone ≥ 99.5%",
            photo.boxes_right / max(photo.boxes, 1),
            ">=",
            0.995,
        ),
        ("questions sent to review ≤ 2%", (scan.reviewed + photo.reviewed) / questions, "<=", 0.02),
        ("silent errors ≤ 0.1%", (scan.silent + photo.silent) / questions, "<=", 0.001),
        (
            "student numbers exact or sent to review",
            scan.students_wrong + photo.students_wrong,
            "<=",
            0,
        ),
        ("300-dpi pages read per second per core ≥ 1", 1 / seconds if seconds else 0.0, ">=", 1.0),
    ]
    lines += ["", "| target | measured | met |", "| --- | ---: | :---: |"]
    met_all = True
    for label, value, sense, bound in checks:
        met = value >= bound if sense == ">=" else value <= bound
        met_all &= met
        shown = (
            f"{value:.4%}"
            if isinstance(value, float) and value <= 1 and "second" not in label
            else f"{value:.2f}"
            if isinstance(value, float)
            else str(value)
        )
        lines.append(f"| {label} | {shown} | {'yes' if met else 'NO'} |")
    return lines, met_all


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=13, help="sheets per quiz, form, dpi and set")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write the results (Markdown) here")
    parser.add_argument("--keep", type=Path, help="keep a few distorted pages here to look at")
    args = parser.parse_args()
    tallies = run(args.sheets, args.seed, args.keep)
    sheets = args.sheets * len(SIZES) * 2 * len(DPIS) * len(SETS)
    lines, met = report(tallies, sheets)
    for name, tally in tallies.items():
        for error in tally.errors[:15]:
            print(f"{name}: {error}", file=sys.stderr)
    print("\n".join(lines))
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raise SystemExit(0 if met else 1)


if __name__ == "__main__":
    main()
