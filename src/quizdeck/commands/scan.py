"""`quizdeck scan`: read the files, write responses.csv and scan-review.html, report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quizdeck.outputs.publish import publish_files
from quizdeck.readers.scan.responses import RESPONSES_NAME, format_responses
from quizdeck.readers.scan.review import REVIEW_NAME, review_page
from quizdeck.readers.scan.scanning import scan_files
from quizdeck.workspace import UsageError


@dataclass(frozen=True)
class ScanReport:
    """What to print: problems (stderr), the summary (stdout), and whether a page was left out."""

    problems: tuple[str, ...]
    summary: tuple[str, ...]
    left_out: int


def run_scan(files: Sequence[Path], out: Path, forms: Path) -> ScanReport:
    """Scan `files` against the form records in `forms`; write the results into `out`.

    Raises UsageError for a missing file or forms directory, or an `out` holding files
    quizdeck did not write (nothing is written then).
    """
    for path in files:
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
    if not forms.is_dir():
        raise UsageError(f"no form records: {forms} is not a directory (build first, or --forms)")
    result = scan_files(files, forms)
    publish_files(
        out,
        {
            RESPONSES_NAME: format_responses(result.responses),
            REVIEW_NAME: review_page(result).encode("utf-8"),
        },
    )
    problems = [
        f"{item.source}{f' page {item.page}' if item.page else ''}: left out: {item.reason}"
        for item in result.left_out
    ]
    problems += [f"duplicate: {text} (read once)" for text in result.duplicates]
    sheets = len({(r.source, r.page) for r in result.responses})
    summary = [
        f"{result.pages} page(s): {sheets} read, {len(result.left_out)} left out, "
        f"{len(result.duplicates)} duplicate(s); {len(result.responses)} response(s) in "
        f"{out / RESPONSES_NAME}"
    ]
    if result.reviews:
        summary.append(f"{len(result.reviews)} item(s) to review: open {out / REVIEW_NAME}")
    return ScanReport(tuple(problems), tuple(summary), len(result.left_out))
