"""Time `export_anki` against plain genanki writing the same notes.

    python benchmarks/bench_anki.py [--questions 10000] [--root DIR] [--repeat 3]

Without --root a synthetic workspace is generated (benchmarks/generate.py) under
benchmarks/work/. Plain genanki gets the finished field lists, so the ratio is
what quizdeck adds: building and escaping fields, content hashes and the stamp
record, and the fixed-timestamp zip. Target: ratio <= 1.5 at 10,000 notes.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sqlite3
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import genanki

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quizdeck.checking.workspace_check import check_workspace
from quizdeck.outputs.anki import export_anki
from quizdeck.outputs.stamps import RECORD_NAME
from quizdeck.resolve import ResolvedBank, note_guid
from quizdeck.workspace import Workspace
from quizdeck.writers.anki import (
    anki_tags,
    deck_id_for,
    load_templates,
    note_fields,
)

WORK = Path(__file__).resolve().parent / "work" / "anki"


def plain_genanki(
    banks: Sequence[ResolvedBank], template_dirs: Sequence[Path], tuned: bool = False
) -> Callable[[Path], None]:
    """A writer doing only what genanki does, on notes prepared beforehand."""
    templates = load_templates(template_dirs).files
    question = genanki.Model(
        1,
        "question",
        fields=[{"name": n} for n in ("P", "C", "A", "Ac", "E", "Ev", "S", "Ar")],
        templates=[
            {
                "name": "Card",
                "qfmt": templates["question-front.html"],
                "afmt": templates["question-back.html"],
            }
        ],
        css=templates["cards.css"],
    )
    cloze = genanki.Model(
        2,
        "cloze",
        fields=[{"name": n} for n in ("Text", "P", "E", "S", "Ar")],
        templates=[
            {
                "name": "Cloze",
                "qfmt": templates["cloze-front.html"],
                "afmt": templates["cloze-back.html"],
            }
        ],
        css=templates["cards.css"],
        model_type=genanki.Model.CLOZE,
    )
    prepared = []
    for bank in banks:
        notes = []
        for q in bank.questions:
            guid = note_guid(bank.id, q.id)
            kind, fields = note_fields(q)
            model = cloze if kind == "cloze" else question
            notes.append((model, fields, anki_tags(bank, q), guid))
        prepared.append((bank.id, bank.deck, notes))

    def write(out: Path) -> None:
        # genanki's write_to_file leaves its scratch database in the temporary
        # directory: point that at `out`, which the caller removes.
        previous, tempfile.tempdir = tempfile.tempdir, str(out)
        try:
            write_all(out)
        finally:
            tempfile.tempdir = previous

    def write_all(out: Path) -> None:
        for bank_id, deck_name, notes in prepared:
            deck = genanki.Deck(deck_id_for(deck_name), deck_name)
            for model, fields, tags, guid in notes:
                deck.add_note(genanki.Note(model=model, fields=fields, tags=tags, guid=guid))
            package = genanki.Package(deck)
            target = out / f"{bank_id}.apkg"
            if not tuned:
                package.write_to_file(str(target), timestamp=1.7e9)
                continue
            # genanki's own write_to_db, on a scratch database like export_anki's.
            db = out / f"{bank_id}.anki2"
            connection = sqlite3.connect(db)
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            package.write_to_db(connection.cursor(), 1.7e9, itertools.count(1_700_000_000_000))
            connection.commit()
            connection.close()
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(db, "collection.anki2")
                archive.writestr("media", "{}")
            db.unlink()

    return write


def timed(repeat: int, run: Callable[[Path], object], fresh: bool) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of `repeat` runs; each in a new directory when `fresh`."""
    times = []
    keep = Path(tempfile.mkdtemp(dir=WORK))
    for _ in range(repeat):
        out = Path(tempfile.mkdtemp(dir=WORK)) if fresh else keep
        wall, cpu = time.perf_counter(), time.process_time()
        run(out)
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument(
        "--root", type=Path, help="an existing workspace instead of a synthetic one"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    root = args.root
    if root is None:
        from generate import generate

        root = WORK / "workspace"
        generate(root, args.questions)
    workspace = Workspace(root)
    result = check_workspace(workspace)
    if result.failed():
        sys.exit(f"{root}: check failed with {result.errors} error(s)")
    notes = sum(len(b.questions) for b in result.resolved)
    dirs = workspace.template_dirs()

    def export(out: Path) -> object:
        return export_anki(result.resolved, out, dirs)

    rows = [
        ("genanki write_to_file", timed(args.repeat, plain_genanki(result.resolved, dirs), True)),
        (
            "genanki, scratch sqlite + deflate",
            timed(args.repeat, plain_genanki(result.resolved, dirs, tuned=True), True),
        ),
        ("export_anki, first build", timed(args.repeat, export, True)),
        # The first run writes the record; the others are unchanged rebuilds.
        ("export_anki, rebuild", timed(args.repeat + 1, export, False)[1:]),
    ]
    print(f"{len(result.resolved)} banks, {notes} notes; best of {args.repeat} runs")
    base_wall = min(w for w, _ in rows[0][1])
    base_cpu = min(c for _, c in rows[1][1])
    print(f"{'':34} {'wall':>7} {'CPU':>7}  wall/genanki  CPU/scratch genanki")
    for label, times in rows:
        wall, cpu = min(w for w, _ in times), min(c for _, c in times)
        print(
            f"{label:34} {wall:6.3f}s {cpu:6.3f}s  {wall / base_wall:12.2f}  {cpu / base_cpu:19.2f}"
        )
    print(f"(the stamp record {RECORD_NAME} lives next to the decks)")
    shutil.rmtree(WORK)


if __name__ == "__main__":
    main()
