"""scan-review.html: every uncertain row and student number, cropped, to decide by eye."""

from __future__ import annotations

import base64
from html import escape

from quizdeck.readers.scan.responses import CORRECTION_COLUMNS, CORRECTIONS_NAME
from quizdeck.readers.scan.scanning import ScanResult

REVIEW_NAME = "scan-review.html"

_STYLE = """
body { font-family: "Noto Sans CJK KR", sans-serif; font-size: 10pt; margin: 12mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #888; padding: 1.5mm; vertical-align: top; text-align: left; }
td img { width: 62mm; border: 0.5pt solid #ccc; }
td.crop { width: 64mm; }
code { font-size: 9pt; }
tr { break-inside: avoid; }
"""


def review_page(result: ScanResult) -> str:
    """The review page: pages left out, duplicates, then a row per item to decide."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>quizdeck scan: review</title>',
        f"<style>{_STYLE}</style></head><body>",
        "<h1>quizdeck scan: review</h1>",
        f"<p>{result.pages} page(s) scanned, {len(result.responses)} response row(s), "
        f"{len(result.reviews)} item(s) to review, {len(result.left_out)} page(s) left out.</p>",
    ]
    if result.left_out:
        parts.append("<h2>Pages left out</h2><ul>")
        parts += [
            f"<li>{escape(item.source)}{f' page {item.page}' if item.page else ''}: "
            f"{escape(item.reason)}</li>"
            for item in result.left_out
        ]
        parts.append("</ul>")
    if result.duplicates:
        parts.append("<h2>Duplicates (read once)</h2><ul>")
        parts += [f"<li>{escape(text)}</li>" for text in result.duplicates]
        parts.append("</ul>")
    parts.append("<h2>To decide</h2>")
    if not result.reviews:
        parts.append("<p>Nothing to decide: every row was read with certainty.</p>")
    else:
        parts.append(
            f"<p>Write each decision as a line of <code>{CORRECTIONS_NAME}</code> (columns "
            f"<code>{','.join(CORRECTION_COLUMNS)}</code>): the printed label(s) joined by "
            "<code>;</code>, <code>right</code>/<code>wrong</code> for a teacher-marked "
            "question, nothing for blank, or the student number.</p>"
        )
        parts.append(
            "<table><thead><tr><th>File, page</th><th>Student</th><th>Question</th>"
            "<th>Read</th><th>Crop</th><th>Correction line</th></tr></thead><tbody>"
        )
        for item in result.reviews:
            image = base64.b64encode(item.crop).decode("ascii")
            line = f"{_csv(item.source)},{item.page},{item.position},"
            parts.append(
                f"<tr><td>{escape(item.source)}, page {item.page}</td>"
                f"<td>{escape(item.student or '?')}</td>"
                f"<td>{escape(item.position)}: {escape(item.what)}</td>"
                f"<td>{escape(item.status)}<br><code>{escape(item.fills)}</code></td>"
                f'<td class="crop"><img alt="crop" src="data:image/png;base64,{image}"></td>'
                f"<td><code>{escape(line)}</code></td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _csv(value: str) -> str:
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(c in value for c in ',"\n') else value
