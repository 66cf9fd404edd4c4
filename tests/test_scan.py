"""`quizdeck scan`: sheets filled through their data attributes, printed by Chromium, read back."""

from __future__ import annotations

import csv
import io
import json
import math
import random
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pypdfium2
import pytest

from conftest import REPO, WorkspaceBuilder, require
from printing import CHROMIUM, print_pdf
from quizdeck.forms import RecordedForm, read_record
from quizdeck.limits import InputError
from quizdeck.readers.scan.responses import COLUMNS
from quizdeck.sheets import choice_values, sheet_layout

sys.path.insert(0, str(REPO / "benchmarks"))


@pytest.fixture(autouse=True)
def _browser() -> None:
    require(CHROMIUM, "needs chromium")


def answers_for(form: RecordedForm, rng: random.Random) -> dict[int, str]:
    """A response per question, as responses.csv writes it: labels, or right/wrong per blank."""
    answers = {}
    for question in form.questions:
        values = choice_values(question, form.language)
        if question.type == "multi":
            picked = sorted(rng.sample(range(len(values)), rng.randint(1, 3)))
            answers[question.position] = ";".join(values[k] for k in picked)
        elif question.type in ("choice", "truefalse"):
            answers[question.position] = rng.choice(values)
        else:
            marks = [rng.choice(("right", "wrong")) for _ in range(question.blanks)]
            answers[question.position] = ";".join(marks)
    return answers


def fill(sheet: Path, form: RecordedForm, answers: dict[int, str], student: str) -> Path:
    """The sheet with its chosen boxes filled in, found by their data attributes alone."""
    selectors = [f'[data-digit="{n}"][data-value="{d}"]' for n, d in enumerate(student, 1)]
    for question in form.questions:
        chosen = answers[question.position].split(";")
        if question.type in ("choice", "multi", "truefalse"):
            selectors += [
                f'[data-question="{question.position}"][data-choice="{c}"]' for c in chosen if c
            ]
        else:
            for blank, mark in enumerate(chosen, 1):
                only = f'[data-blank="{blank}"]' if question.type == "cloze" else ""
                selectors.append(f'[data-question="{question.position}"][data-mark="{mark}"]{only}')
    style = ",\n".join(selectors) + " { background: #1a1a1a !important; }\n"
    text = sheet.read_text(encoding="utf-8").replace("</style>", style + "</style>", 1)
    filled = sheet.with_name(sheet.stem + f"-{student}.html")
    filled.write_text(text, encoding="utf-8")
    return filled


def rows_of(csv_path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[int, str]]:
    """The sample workspace built, form A's sheet filled for student 20260417 and printed."""
    from conftest import WorkspaceBuilder as Builder

    tmp = tmp_path_factory.mktemp("scan")
    workspace = Builder(tmp / "ws")
    workspace.root.mkdir()
    workspace.sample()
    assert workspace.run("html", "--forms", "2", "--seed", "s").exit_code == 0
    html = workspace.root / "build" / "html"
    form = read_record((html / "sample.forms.json").read_bytes(), "record")[0]
    answers = answers_for(form, random.Random(3))
    filled = fill(html / "sample-A-sheet.html", form, answers, "20260417")
    pdf = print_pdf(filled, tmp / "profile", tmp / "sheet.pdf")
    return workspace.root, pdf, answers


def page_image(pdf: Path, dpi: int = 200) -> np.ndarray:
    document = pypdfium2.PdfDocument(str(pdf))
    bitmap = document[0].render(scale=dpi / 72, grayscale=True)
    pixels = np.array(bitmap.to_numpy(), dtype=np.uint8).copy()
    document.close()
    return pixels


def scan(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizdeck", "scan", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_a_printed_sheet_reads_back_as_filled(
    printed: tuple[Path, Path, dict[int, str]],
) -> None:
    root, pdf, answers = printed
    done = scan(root, str(pdf))
    assert done.returncode == 0, done.stderr
    out = root / "scan"
    assert done.stdout == (
        f"1 page(s): 1 read, 0 left out, 0 duplicate(s); 6 response(s) in {out}/responses.csv\n"
    )
    assert done.stderr == ""
    header = (out / "responses.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(COLUMNS)
    rows = rows_of(out / "responses.csv")
    form = read_record((root / "build/html/sample.forms.json").read_bytes(), "r")[0]
    assert [(r["position"], r["bank"], r["question"]) for r in rows] == [
        (str(q.position), q.bank, q.question) for q in form.questions
    ]
    assert {int(r["position"]): r["response"] for r in rows} == answers
    assert [r["status"] for r in rows] == [
        "multiple" if ";" in answers[q.position] and q.type == "multi" else "ok"
        for q in form.questions
    ]
    assert {(r["quiz"], r["form"], r["student"], r["source"], r["page"]) for r in rows} == {
        ("sample", "A", "20260417", str(pdf), "1")
    }
    assert all(float(r["fill"]) > 0.6 for r in rows)
    review = (out / "scan-review.html").read_text(encoding="utf-8")
    assert "Nothing to decide: every row was read with certainty." in review


@pytest.mark.slow
def test_pages_upside_down_twice_and_as_photos(
    printed: tuple[Path, Path, dict[int, str]], tmp_path: Path
) -> None:
    root, pdf, answers = printed
    turned = tmp_path / "turned.png"
    cv2.imwrite(str(turned), cv2.rotate(page_image(pdf), cv2.ROTATE_180))
    photo = tmp_path / "photo.jpg"
    cv2.imwrite(str(photo), tilted(page_image(pdf, 150)), [cv2.IMWRITE_JPEG_QUALITY, 60])
    done = scan(root, str(turned), str(pdf), str(photo), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        f"duplicate: {pdf} page 1 repeats {turned} page 1 (read once)\n"
        f"duplicate: {photo} page 1 repeats {turned} page 1 (read once)\n"
    )
    rows = rows_of(tmp_path / "out" / "responses.csv")
    assert {int(r["position"]): r["response"] for r in rows} == answers
    assert {r["source"] for r in rows} == {str(turned)}


def tilted(page: np.ndarray) -> np.ndarray:
    """A phone's view: the page tilted in perspective on a grey table, lit from one side."""
    h, w = page.shape
    source = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    target = np.array([[0.12 * w, 0.06 * h], [0.9 * w, 0.02 * h], [w, h], [0.02 * w, 0.93 * h]])
    matrix = cv2.getPerspectiveTransform(source, (target * 1.05).astype(np.float32))
    photo = cv2.warpPerspective(page, matrix, (round(w * 1.1), round(h * 1.1)), borderValue=90)
    light = np.linspace(1.0, 0.6, photo.shape[1], dtype=np.float32)[None, :]
    return np.clip(cv2.GaussianBlur(photo, (0, 0), 1.0) * light, 0, 255).astype(np.uint8)


@pytest.mark.slow
def test_pages_of_another_build_or_unreadable_are_left_out(
    printed: tuple[Path, Path, dict[int, str]], tmp_path: Path
) -> None:
    root, pdf, _ = printed
    other = tmp_path / "forms"
    other.mkdir()
    record = json.loads((root / "build/html/sample.forms.json").read_text(encoding="utf-8"))
    old_hash = record["forms"][0]["hash"]
    record["forms"][0]["hash"] = "0" * 16
    (other / "sample.forms.json").write_text(json.dumps(record), encoding="utf-8")
    noise = tmp_path / "noise.png"
    cv2.imwrite(str(noise), np.random.default_rng(1).integers(0, 255, (900, 600), np.uint8))
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf")
    done = scan(
        root, str(pdf), str(noise), str(fake), "--forms", str(other), "--out", str(tmp_path / "o")
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{pdf} page 1: left out: a sheet of another build of quiz 'sample' form A "
        f"(its hash {old_hash} is not the form record's {'0' * 16})",
        f"{noise} page 1: left out: corner markers not found (three of the four are needed)",
        f"{fake}: left out: not a readable PDF (Failed to load document (PDFium: Data format error).)",
    ]
    assert rows_of(tmp_path / "o" / "responses.csv") == []
    review = (tmp_path / "o" / "scan-review.html").read_text(encoding="utf-8")
    assert f"<li>{noise} page 1: corner markers not found" in review


@pytest.mark.slow
def test_missing_file_record_or_a_foreign_output_is_refused(
    printed: tuple[Path, Path, dict[int, str]], tmp_path: Path
) -> None:
    root, pdf, _ = printed
    done = scan(root, str(tmp_path / "nope.pdf"))
    assert (done.returncode, done.stderr) == (2, f"quizdeck: no such file: {tmp_path}/nope.pdf\n")
    done = scan(root, str(pdf), "--forms", str(tmp_path / "none"))
    assert done.returncode == 2
    assert done.stderr == (
        f"quizdeck: no form records: {tmp_path}/none is not a directory (build first, or --forms)\n"
    )
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    done = scan(root, str(pdf), "--out", str(tmp_path / "mine"))
    assert done.returncode == 2
    assert "notes.txt" in done.stderr and (tmp_path / "mine" / "notes.txt").read_text() == "keep"
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["notes.txt"]
    done = scan(root, str(pdf), "--forms", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr == (
        f"{pdf} page 1: left out: quiz 'sample': no form record sample.forms.json in {tmp_path}\n"
    )


@pytest.mark.slow
def test_an_uncertain_box_goes_to_review_and_a_correction_decides_it(
    printed: tuple[Path, Path, dict[int, str]], tmp_path: Path
) -> None:
    root, pdf, answers = printed
    page = page_image(pdf)
    form = read_record((root / "build/html/sample.forms.json").read_bytes(), "r")[0]
    layout = sheet_layout(form)
    choice = next(q for q in form.questions if q.type == "choice")
    row = next(r for r in layout.pages[0].rows if r.question.position == choice.position)
    empty = next(b for b in row.boxes if b.value != answers[choice.position])
    mm = 200 / 25.4
    # A smudge over about a sixth of the bubble (with its soft edge): neither filled nor empty.
    cx, cy = (c * mm for c in empty.center)
    radius = empty.size / 2 * 0.74 * math.sqrt(0.12) * mm
    cv2.circle(page, (round(cx), round(cy)), round(radius), 40, -1, cv2.LINE_AA)
    # A heavy erasure: the whole bubble left mid grey, not ink and not paper.
    truefalse = next(q for q in form.questions if q.type == "truefalse")
    row = next(r for r in layout.pages[0].rows if r.question.position == truefalse.position)
    erased = next(b for b in row.boxes if b.value != answers[truefalse.position])
    cx, cy = (c * mm for c in erased.center)
    cv2.circle(page, (round(cx), round(cy)), round(erased.size / 2 * 0.9 * mm), 180, -1)
    image = tmp_path / "smudged.png"
    cv2.imwrite(str(image), page)
    done = scan(root, str(image), "--out", str(tmp_path / "o"))
    assert done.returncode == 0, done.stderr
    last = done.stdout.splitlines()[-1]
    assert last == f"2 item(s) to review: open {tmp_path}/o/scan-review.html"
    rows = rows_of(tmp_path / "o" / "responses.csv")
    for position in (choice.position, truefalse.position):
        smudged = next(r for r in rows if r["position"] == str(position))
        assert (smudged["response"], smudged["status"]) == ("", "review")
    decided = (str(choice.position), str(truefalse.position))
    assert {r["status"] for r in rows if r["position"] not in decided} <= {"ok", "multiple"}
    review = (tmp_path / "o" / "scan-review.html").read_text(encoding="utf-8")
    assert f"{image},1,{choice.position}," in review
    assert "data:image/png;base64," in review
    # The teacher decides both rows and the student number; grade applies the decisions.
    corrections = tmp_path / "corrections.csv"
    corrections.write_text(
        "source,page,position,response\n"
        f"{image},1,{choice.position},{answers[choice.position]}\n"
        f"{image},1,{truefalse.position},{answers[truefalse.position]}\n"
        f"{image},1,student,20269999\n"
        f"{image},1,99,A\n",
        encoding="utf-8",
    )
    graded = subprocess.run(
        [
            sys.executable,
            "-m",
            "quizdeck",
            "grade",
            "--root",
            str(root),
            "--out",
            str(tmp_path / "results"),
            str(tmp_path / "o" / "responses.csv"),
            str(corrections),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "corrects no row of the responses files" in graded.stderr, graded.stderr
    assert "still to review" not in graded.stderr
    marked = rows_of(tmp_path / "results" / "answers.csv")
    assert {r["student"] for r in marked} == {"20269999"}
    assert len(marked) == len(form.questions)
    assert sum("corrected at" in r["origin"] for r in marked) == 2


@pytest.mark.slow
def test_bench_sample_meets_the_targets() -> None:
    import scan_bench

    tallies = scan_bench.run(1, seed=5, sizes=(20,))
    for name, tally in tallies.items():
        assert tally.identified == tally.pages == 4, (name, tally.errors)
        assert tally.silent == 0 and tally.students_wrong == 0, (name, tally.errors)
        assert tally.reviewed <= 2, (name, tally.errors)
        assert tally.boxes_right == tally.boxes > 0


@pytest.mark.slow
def test_seed_sheets_end_to_end(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.seeds()
    assert workspace.run("build").exit_code == 0
    html = workspace.root / "build" / "html"
    expected: dict[tuple[str, str, str], dict[int, str]] = {}
    pdfs = []
    rng = random.Random(11)
    for record in sorted(html.glob("*.forms.json")):
        for form in read_record(record.read_bytes(), str(record)):
            student = f"{len(pdfs) + 1:08d}"
            answers = answers_for(form, rng)
            expected[(form.quiz, form.form, student)] = answers
            filled = fill(html / f"{form.quiz}-{form.form}-sheet.html", form, answers, student)
            pdfs.append(print_pdf(filled, tmp_path / "profile", tmp_path / f"{student}.pdf"))
    assert len(pdfs) == 12
    done = scan(workspace.root, *map(str, pdfs))
    assert done.returncode == 0, done.stderr
    read: dict[tuple[str, str, str], dict[int, str]] = {}
    for row in rows_of(workspace.root / "scan" / "responses.csv"):
        assert row["status"] in ("ok", "multiple"), row
        read.setdefault((row["quiz"], row["form"], row["student"]), {})[int(row["position"])] = row[
            "response"
        ]
    assert read == expected


@pytest.mark.slow
def test_an_image_too_large_is_left_out_unread(tmp_path: Path) -> None:
    from quizdeck.readers.scan.pages import read_pages

    huge = tmp_path / "huge.png"
    cv2.imwrite(str(huge), np.full((9000, 9000), 255, np.uint8))
    [page] = list(read_pages(huge))
    assert isinstance(page, InputError)
    assert str(page) == "image larger than 80 million pixels"
    with pytest.raises(InputError) as refused:
        list(read_pages(tmp_path / "notes.txt"))
    assert str(refused.value) == "not a PDF, PNG or JPEG file (.txt)"


def test_two_marks_where_one_belongs_go_to_review_several_in_a_multi_are_multiple() -> None:
    from quizdeck.readers.scan.bubbles import Reading, decide
    from quizdeck.sheets import Box

    def row(*fills: float, shade: float = 0.0) -> list[Reading]:
        return [
            Reading(Box("choice", 1, label, 0, 0.0, 0.0, 4.6), fill, shade)
            for label, fill in zip("ABCD", fills, strict=False)
        ]

    assert decide(row(0.9, 0.0, 0.0, 0.0), single=True) == decide(row(0.9, 0, 0, 0), single=False)
    assert decide(row(0.9, 0.0, 0.0, 0.0), single=True).response == "A"
    assert decide(row(0.9, 0.0, 0.8, 0.0), single=True).status == "review"
    assert decide(row(0.9, 0.0, 0.8, 0.0), single=False).response == "A;C"
    assert decide(row(0.9, 0.0, 0.8, 0.0), single=False).status == "multiple"
    assert decide(row(0.0, 0.05, 0.0, 0.0), single=True).status == "blank"
    assert decide(row(0.9, 0.18, 0.0, 0.0), single=True).status == "review"  # between
    heavy_erasure = decide(row(0.9, 0.0, 0.0, 0.0, shade=0.8), single=True)
    assert (heavy_erasure.response, heavy_erasure.status) == ("", "review")
