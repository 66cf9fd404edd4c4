"""What `analyse` writes: items.csv, options.csv, test.json, report.html and the bank's stats."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from html import escape
from pathlib import Path

from quizdeck.analysis import plots
from quizdeck.analysis.analyse import Analysis, ItemRow, percent
from quizdeck.analysis.grade_files import csv_bytes
from quizdeck.analysis.gradebook import key_text
from quizdeck.banks.model import Question
from quizdeck.checking.item_stats import (
    ItemRecord,
    StatsUnreadable,
    question_hash,
    read_stats,
    stats_path,
    stats_yaml,
)
from quizdeck.outputs.publish import foreign_entries, publish_files, refusal
from quizdeck.sources.labels import labels_for
from quizdeck.workspace import UsageError, Workspace

ITEM_COLUMNS = (
    "question", "n", "facility", "sd", "discrimination_index",
    "discriminative_efficiency", "d_upper_lower", "flags",
)  # fmt: skip
OPTION_COLUMNS = ("question", "option", "text", "key", "share", "point_biserial")


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def items_csv(analysis: Analysis) -> bytes:
    """A row per question: Moodle's figures, D, and the codes it is flagged with."""
    rows: list[Sequence[str]] = [ITEM_COLUMNS]
    for item in analysis.items:
        s = item.stats
        rows.append(
            (
                item.question.key,
                str(s.n),
                _figure(s.facility),
                _figure(s.sd),
                _figure(s.discrimination_index),
                _figure(s.discriminative_efficiency),
                _figure(s.d_upper_lower),
                ";".join(dict.fromkeys(code for code, _ in item.reasons)),
            )
        )
    return csv_bytes(rows)


def options_csv(analysis: Analysis) -> bytes:
    """A row per option of each choice question: share (0 to 1) and point-biserial."""
    rows: list[Sequence[str]] = [OPTION_COLUMNS]
    for item in analysis.items:
        for o in item.options:
            rows.append(
                (
                    item.question.key,
                    str(o.number),
                    o.text,
                    "1" if o.key else "0",
                    _figure(o.stats.share),
                    _figure(o.stats.point_biserial),
                )
            )
    return csv_bytes(rows)


def test_json(analysis: Analysis, group: str, day: str) -> bytes:
    """The whole test's figures, as Moodle's overall statistics name them."""
    t = analysis.test
    data = {
        "class": group,
        "date": day,
        "n": t.n,
        "questions": t.items,
        "mean": t.mean,
        "sd": t.sd,
        "cic": t.cic,
        "cic_method": t.cic_method,
        "error_ratio": t.error_ratio,
        "standard_error": t.standard_error,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


_STYLE = """
body { font-family: "Noto Sans CJK KR", "Noto Sans KR", sans-serif; font-size: 10pt; margin: 12mm 14mm; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 8mm; }
table { border-collapse: collapse; } th, td { border: 1px solid #aaa; padding: 1mm 2mm; text-align: left; }
td.n { text-align: right; }
.flag { border: 1px solid #b00020; padding: 3mm; margin: 4mm 0; page-break-inside: avoid; }
.reason { color: #b00020; font-weight: bold; }
.quote { color: #333; }
figure { margin: 2mm 0; page-break-inside: avoid; }
svg { max-width: 100%; height: auto; }
@page { size: A4; margin: 0; }
"""


def report_html(analysis: Analysis, group: str, day: str) -> bytes:
    """The printable report: test figures, the two plots, flagged questions, every option's bars."""
    t = analysis.test
    summary = [
        ("students", str(t.n)),
        ("questions", str(analysis.max_score)),
        ("mean", percent(t.mean)),
        ("sd", percent(t.sd)),
        (f"CIC ({t.cic_method}, %)", percent(t.cic)),
        ("error ratio (%)", percent(t.error_ratio)),
        ("standard error", percent(t.standard_error)),
    ]
    flagged = [item for item in analysis.items if item.reasons]
    with_figures = [
        i
        for i in analysis.items
        if i.stats.facility is not None and i.stats.discrimination_index is not None
    ]
    scatter = plots.scatter(
        [(i.stats.facility or 0.0, i.stats.discrimination_index or 0.0) for i in with_figures],
        [str(analysis.items.index(i) + 1) for i in with_figures],
        [bool(i.reasons) for i in with_figures],
    )
    parts = [
        f"<h1>Item analysis{' — ' + escape(group) if group else ''}</h1><p>{escape(day)}</p>",
        "<table>" + "".join(f"<tr><th>{escape(k)}</th><td class=n>{escape(v)}</td></tr>" for k, v in summary) + "</table>",
        "<h2>Facility against discrimination</h2><figure>" + scatter + "</figure>",
        "<h2>Scores</h2><figure>" + plots.histogram(analysis.totals, analysis.max_score) + "</figure>",
        f"<h2>Flagged questions ({len(flagged)})</h2>",
        *(_flagged(item, analysis.items.index(item) + 1) for item in flagged),
        "<h2>Every question</h2>",
        _item_table(analysis.items),
        *(_option_figure(item) for item in analysis.items if item.options),
    ]  # fmt: skip
    html = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Item analysis</title>'
        f"<style>{_STYLE}</style></head><body>{''.join(parts)}</body></html>\n"
    )
    return html.encode("utf-8")


def _flagged(item: ItemRow, number: int) -> str:
    q = item.question
    labels = dict(labels_for(q.source.language))
    reasons = "".join(f'<li class="reason">{escape(r)}</li>' for _, r in item.reasons)
    quotes = " ".join(q.evidence)
    return (
        f'<div class="flag"><h3>{number}. {escape(q.key)}</h3><p>{escape(q.prompt or labels["cloze_prompt"])}</p>'
        f"<p><strong>{escape(labels['answer'])}</strong> {escape(key_text(q, labels))}</p>"
        f'<p class="quote"><strong>{escape(labels["evidence"])}</strong> {escape(quotes)} '
        f"({escape(q.citation)})</p><ul>{reasons}</ul>"
        + (_option_figure(item) if item.options else "")
        + "</div>"
    )


def _item_table(items: Sequence[ItemRow]) -> str:
    head = "".join(
        f"<th>{escape(c)}</th>"
        for c in ("question", "n", "facility %", "SD %", "discrimination %", "efficiency %", "D")
    )
    rows = "".join(
        f"<tr><td class=n>{n}</td><td>{escape(i.question.key)}</td><td class=n>{i.stats.n}</td>"
        f"<td class=n>{percent(i.stats.facility)}</td><td class=n>{percent(i.stats.sd)}</td>"
        f"<td class=n>{percent(i.stats.discrimination_index)}</td>"
        f"<td class=n>{percent(i.stats.discriminative_efficiency)}</td>"
        f"<td class=n>{'—' if i.stats.d_upper_lower is None else f'{i.stats.d_upper_lower:.2f}'}</td></tr>"
        for n, i in enumerate(items, start=1)
    )  # fmt: skip
    return f"<table><tr>{head}</tr>{rows}</table>"


def _option_figure(item: ItemRow) -> str:
    labels = [f"{o.number}. {o.text[:28]}" for o in item.options]
    bars = plots.option_bars(
        labels, [o.stats.share for o in item.options], [o.key for o in item.options]
    )
    pb = ", ".join(
        f"{o.number}: {'—' if o.stats.point_biserial is None else f'{o.stats.point_biserial:.2f}'}"
        for o in item.options
    )
    return (
        f"<figure><figcaption>{escape(item.question.key)} — point-biserial {escape(pb)}"
        f"</figcaption>{bars}</figure>"
    )


def stats_files(
    analysis: Analysis, questions: dict[str, Question], workspace: Workspace, group: str, day: str
) -> dict[str, bytes]:
    """Each analysed bank's stats file, merged with what it held for other questions."""
    banks: dict[str, dict[str, ItemRecord]] = {}
    for item in analysis.items:
        q = item.question
        if q.bank not in banks:
            try:
                banks[q.bank] = read_stats(stats_path(workspace, q.bank))
            except StatsUnreadable:
                banks[q.bank] = {}
        s = item.stats
        banks[q.bank][q.id] = ItemRecord(
            question_hash(questions[q.key]), group, day, s.n, s.facility,
            s.discrimination_index, s.discriminative_efficiency, s.d_upper_lower,
            item.unused_distractors,
        )  # fmt: skip
    return {f"{bank}.yaml": stats_yaml(bank, records) for bank, records in banks.items()}


def write_analysis(
    analysis: Analysis,
    questions: dict[str, Question],
    workspace: Workspace,
    out_dir: Path,
    group: str,
    day: str | None = None,
) -> list[Path]:
    """Write the report files into `out_dir` and the stats into ROOT/stats/, rendered first."""
    day = day or date.today().isoformat()
    files = {
        "items.csv": items_csv(analysis),
        "options.csv": options_csv(analysis),
        "test.json": test_json(analysis, group, day),
        "report.html": report_html(analysis, group, day),
    }
    stats = stats_files(analysis, questions, workspace, group, day)
    stats_dir = stats_path(workspace, "x").parent
    if stats_dir.resolve() == out_dir.resolve():
        raise UsageError(f"--out {out_dir} is where the bank statistics live: choose another")
    # Both directories are looked at before anything is written: a refusal leaves both as
    # they were (publish_files claims each again while it writes).
    for directory in (out_dir, stats_dir):
        foreign = foreign_entries(directory) if directory.is_dir() else []
        if foreign:
            raise refusal(directory, foreign, "quizdeck replaces only its own files")
    return publish_files(out_dir, files) + publish_files(stats_dir, stats)
