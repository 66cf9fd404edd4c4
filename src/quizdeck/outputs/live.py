"""Live classroom quizzes (README: live quizzes): each platform's file per bank, published."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizdeck.outputs.publish import publish_files
from quizdeck.resolve import ResolvedBank
from quizdeck.writers.blooket import render_blooket
from quizdeck.writers.kahoot import render_kahoot
from quizdeck.writers.live import LeftOutError, LiveFile, check_time_limit
from quizdeck.writers.live_platforms import PLATFORMS, LeftOut
from quizdeck.writers.quizlet import render_quizlet
from quizdeck.writers.wayground import render_wayground

RENDERERS: dict[str, Callable[[ResolvedBank, int | None], LiveFile]] = {
    "kahoot": render_kahoot,
    "wayground": render_wayground,
    "blooket": render_blooket,
    "quizlet": render_quizlet,
}


@dataclass(frozen=True)
class LiveExport:
    """What a live-quiz export wrote, and the questions left out where they do not fit."""

    paths: tuple[Path, ...]
    left_out: tuple[LeftOut, ...]


def export_live(
    banks: Sequence[ResolvedBank],
    platforms: Sequence[str],
    out_dir: Path,
    time_limit: int | None = None,
    strict: bool = False,
) -> LiveExport:
    """Write `<bank-id>.kahoot.xlsx`, `.wayground.xlsx`, `.blooket.csv` and/or `.quizlet.txt`
    per bank (README: live quizzes); with `strict`, a question left out raises LeftOutError
    and nothing is written."""
    check_time_limit(platforms, time_limit)
    rendered = [
        (f"{bank.id}{PLATFORMS[name].suffix}", RENDERERS[name](bank, time_limit))
        for name in platforms
        for bank in banks
    ]
    left_out = tuple(item for _, file in rendered for item in file.left_out)
    if strict and left_out:
        raise LeftOutError(left_out)
    paths = publish_files(out_dir, {name: file.data for name, file in rendered})
    return LiveExport(tuple(paths), left_out)
