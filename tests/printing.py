"""Printing a page as a teacher's browser does: headless Chromium to PDF (tests, benchmarks)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)


def print_pdf(page: Path, profile: Path, pdf: Path | None = None) -> Path:
    """The page printed to `pdf` (default: beside it, .pdf) by headless Chromium."""
    pdf = pdf or page.with_suffix(".pdf")
    assert CHROMIUM is not None, "needs chromium"
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--disable-background-networking",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf}",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    return pdf
