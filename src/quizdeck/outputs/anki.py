"""`quizdeck anki`: every bank's deck and the stamp record, published as one set."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizdeck.outputs.publish import OutputRefused, publish_files
from quizdeck.outputs.stamps import RECORD_NAME, StampRecord
from quizdeck.resolve import ResolvedBank
from quizdeck.writers.anki import AnkiExportError, load_templates, render_anki


@dataclass(frozen=True)
class AnkiDeck:
    """One written .apkg: its deck, how many notes and cards, how many notes changed."""

    path: Path
    deck: str
    notes: int
    cards: int
    changed: int


def export_anki(
    banks: Sequence[ResolvedBank],
    out_dir: Path,
    template_dirs: Sequence[Path],
    now: Callable[[], float] = time.time,
) -> list[AnkiDeck]:
    """Write <out_dir>/<bank id>.apkg for every bank; only call it when the check passed."""
    templates = load_templates(template_dirs)
    record = StampRecord.load(out_dir / RECORD_NAME)
    decks = render_anki(banks, templates, record, int(now()))
    # The record goes first: if a rename fails, the next build reuses the stamps
    # recorded for the new content, which are still newer than what Anki has.
    files = {RECORD_NAME: record.to_bytes()} if record.changed else {}
    files.update((deck.name, deck.data) for deck in decks)
    try:
        publish_files(out_dir, files, claimed=[RECORD_NAME])
    except OutputRefused as problem:
        raise AnkiExportError(str(problem)) from None
    except OSError as problem:
        raise AnkiExportError(_cannot(out_dir, problem)) from None
    return [
        AnkiDeck(out_dir / deck.name, deck.deck, deck.notes, deck.cards, deck.changed)
        for deck in decks
    ]


def _cannot(out_dir: Path, problem: OSError) -> str:
    """The message for a directory that cannot be made, or written to."""
    if not out_dir.is_dir():
        return f"cannot create {out_dir}: {problem.strerror}"
    return f"cannot write to {out_dir}: {problem.strerror or problem}"
