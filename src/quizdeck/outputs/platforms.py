"""Learning-platform files (README: learning platforms): each format's file per bank, published."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from quizdeck.outputs.publish import publish_files
from quizdeck.resolve import ResolvedBank
from quizdeck.writers.gift import render_gift
from quizdeck.writers.moodle import render_moodle
from quizdeck.writers.qti import render_qti

FORMATS = ("moodle", "gift", "qti")
# The file each format writes per bank: <bank-id><suffix>.
SUFFIXES = {"moodle": ".moodle.xml", "gift": ".gift", "qti": ".qti.zip"}
RENDERERS: dict[str, Callable[[ResolvedBank], bytes]] = {
    "moodle": render_moodle,
    "gift": render_gift,
    "qti": render_qti,
}


def export_lms(banks: Sequence[ResolvedBank], formats: Sequence[str], out_dir: Path) -> list[Path]:
    """Write `<bank-id>.moodle.xml`, `.gift` and/or `.qti.zip` per bank; only after a clean check."""
    files = {f"{bank.id}{SUFFIXES[fmt]}": RENDERERS[fmt](bank) for fmt in formats for bank in banks}
    return publish_files(out_dir, files)
