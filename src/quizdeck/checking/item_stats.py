"""A class's statistics back at the bank (README: statistics in check).

`quizdeck analyse` records each question's figures in `stats/<bank-id>.yaml` at the
workspace root (beside questions/, so no bank loader lists it), with the class, the date
and a hash of the question as analysed. `check` reports them at the question's line; a
question edited since gets a note instead, since the figures describe another version.
The thresholds live here, for `check` and for the report's flags alike.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from quizdeck.banks.model import Bank, Diagnostic, Location, Question
from quizdeck.checking.codes import diagnostic
from quizdeck.workspace import Workspace

STATS_DIR = "stats"
# Facility (percent right) at or above which a question is too easy, at or below too hard.
EASY_FACILITY = 90.0
HARD_FACILITY = 20.0
# Moodle flags a discriminative efficiency under 15%.
LOW_EFFICIENCY = 15.0
# Fewer students than this say too little about a question: no warnings.
MIN_STUDENTS = 10


@dataclass(frozen=True)
class ItemRecord:
    """One question's recorded statistics."""

    hash: str
    group: str
    date: str
    n: int
    facility: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    d_upper_lower: float | None
    unused_distractors: tuple[str, ...] = ()

    def to_yaml(self) -> dict[str, object]:
        """The mapping the stats file holds for a question."""
        return {
            "hash": self.hash,
            "class": self.group,
            "date": self.date,
            "n": self.n,
            "facility": _rounded(self.facility),
            "discrimination_index": _rounded(self.discrimination_index),
            "discriminative_efficiency": _rounded(self.discriminative_efficiency),
            "d_upper_lower": _rounded(self.d_upper_lower),
            "unused_distractors": list(self.unused_distractors),
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 4)


def question_hash(question: Question) -> str:
    """A hash of what a question asks and answers: editing any of it changes the hash."""
    content = [
        question.type,
        question.prompt,
        list(question.choices),
        list(question.answers),
        list(question.accept),
        question.unit,
        question.tolerance,
        [[b.value, list(b.accept)] for b in question.blanks],
        [quote.value for quote in question.evidence],
    ]
    text = json.dumps(content, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def flags(
    n: int,
    facility: float | None,
    discrimination_index: float | None,
    discriminative_efficiency: float | None,
    unused_distractors: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """The (code, reason) of everything a question's figures say is wrong with it."""
    if n < MIN_STUDENTS:
        return []
    found = []
    if facility is not None and facility >= EASY_FACILITY:
        found.append(("item-easy", f"facility {facility:.0f}% (at least {EASY_FACILITY:.0f}%)"))
    if facility is not None and facility <= HARD_FACILITY:
        found.append(("item-hard", f"facility {facility:.0f}% (at most {HARD_FACILITY:.0f}%)"))
    if discrimination_index is not None and discrimination_index < 0:
        found.append(
            (
                "item-negative-discrimination",
                f"discrimination index {discrimination_index:.0f}%: weaker students got it "
                "right more often than stronger ones; check the key",
            )
        )
    elif discriminative_efficiency is not None and discriminative_efficiency < LOW_EFFICIENCY:
        found.append(
            (
                "item-low-discrimination",
                f"discriminative efficiency {discriminative_efficiency:.0f}% "
                f"(under {LOW_EFFICIENCY:.0f}%): it barely tells stronger from weaker students",
            )
        )
    for text in unused_distractors:
        found.append(("distractor-unused", f"nobody chose the distractor {text!r}"))
    return found


def stats_path(workspace: Workspace, bank_id: str) -> Path:
    """Where a bank's statistics are kept."""
    return workspace.root / STATS_DIR / f"{bank_id}.yaml"


class StatsUnreadable(Exception):
    """A stats file that is not one quizdeck wrote (the message says why)."""


def read_stats(path: Path) -> dict[str, ItemRecord]:
    """The recorded statistics of a bank by question id; empty when there is no file."""
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions = data["questions"]
        return {
            str(qid): ItemRecord(
                hash=str(entry["hash"]),
                group=str(entry.get("class") or ""),
                date=str(entry["date"]),
                n=int(entry["n"]),
                facility=_number(entry.get("facility")),
                discrimination_index=_number(entry.get("discrimination_index")),
                discriminative_efficiency=_number(entry.get("discriminative_efficiency")),
                d_upper_lower=_number(entry.get("d_upper_lower")),
                unused_distractors=tuple(str(t) for t in entry.get("unused_distractors") or ()),
            )
            for qid, entry in questions.items()
        }
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise StatsUnreadable(str(error).splitlines()[0]) from None
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise StatsUnreadable(f"not a quizdeck stats file ({error!r})") from None


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{value!r} is not a number")
    return float(value)


def stats_yaml(bank_id: str, records: Mapping[str, ItemRecord]) -> bytes:
    """A bank's stats file."""
    data = {
        "bank": bank_id,
        "questions": {qid: records[qid].to_yaml() for qid in sorted(records)},
    }
    head = f"# quizdeck analyse: item statistics of bank {bank_id} (README: statistics in check)\n"
    return (head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)).encode("utf-8")


def stats_diagnostics(bank: Bank, workspace: Workspace) -> list[Diagnostic]:
    """The recorded statistics of a bank's questions as warnings at their lines."""
    path = stats_path(workspace, bank.id)
    try:
        records = read_stats(path)
    except StatsUnreadable as problem:
        return [
            diagnostic(
                "item-stats-unreadable",
                Location(workspace.shown(path)),
                f"statistics of bank {bank.id} cannot be read: {problem}",
                bank.id,
                hints=("run quizdeck analyse again, or delete the file",),
            )
        ]
    found = []
    for question in bank.questions:
        record = records.get(question.id)
        if record is None:
            continue
        taken = f"{record.n} students" + (f" of {record.group}" if record.group else "")
        taken += f", {record.date}"
        if record.hash != question_hash(question):
            found.append(
                diagnostic(
                    "item-stats-outdated",
                    question.location,
                    f"{question.id}: edited since its statistics were taken ({taken})",
                    bank.id,
                    question.id,
                    (
                        "its figures describe the earlier version: analyse a class that took this one",
                    ),
                )
            )
            continue
        for code, reason in flags(
            record.n,
            record.facility,
            record.discrimination_index,
            record.discriminative_efficiency,
            record.unused_distractors,
        ):
            where = question.at("choices") if code == "distractor-unused" else question.location
            found.append(
                diagnostic(
                    code,
                    where,
                    f"{question.id}: {reason} ({taken})",
                    bank.id,
                    question.id,
                )
            )
    return found
