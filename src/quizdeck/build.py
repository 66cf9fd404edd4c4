"""`build`: every output of checked banks, staged and moved into place at once."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .export_anki import export_anki
from .export_html import HtmlOptions, render_quizzes, write_files
from .labels import common_language, labels_for
from .resolve import ResolvedBank
from .stamps import RECORD_NAME
from .workspace import UsageError, Workspace

# The same seed every build: an unchanged workspace rebuilds to the same bytes.
FORMS = 2
SEED = "quizdeck"
# What a build directory may hold; anything else means --out points somewhere else.
OWNED = frozenset({"anki", "html"})
STAGES = ("Anki decks", "HTML quizzes", "moving into place")
# README: `build --order`: shuffled (every form its own order) or bank (form A keeps it).
ORDERS = ("shuffled", "bank")


@dataclass(frozen=True)
class BuildSummary:
    """What a build wrote: questions per bank and the files, under `out`."""

    out: Path
    questions: tuple[tuple[str, int], ...]
    anki_files: tuple[Path, ...]
    html_files: tuple[Path, ...]


def combined_title(banks: Sequence[ResolvedBank]) -> str:
    """The combined quiz's title: the decks' common parent (중국 AI 산업), else a generic one."""
    parents = {b.deck.split("::")[0].strip() for b in banks if "::" in b.deck}
    if len(parents) == 1 and len(banks) > 1 and all("::" in b.deck for b in banks):
        return parents.pop()
    return labels_for(common_language([b.language for b in banks]))["all_questions"]


def build(
    banks: Sequence[ResolvedBank],
    workspace: Workspace,
    out: Path,
    on_stage: Callable[[str], None] = lambda stage: None,
    order: str = "shuffled",
) -> BuildSummary:
    """Write anki/ and html/ for checked banks into `out`; raises UsageError or the exporters' errors.

    Each bank is a quiz of its own, and with more than one bank they are also combined
    into one; `order` "bank" keeps the bank's order on form A (later forms are shuffled).
    """
    if order not in ORDERS:
        raise UsageError(f"--order must be one of {', '.join(ORDERS)}, not {order!r}")
    _refuse_foreign(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.staging-"))
    try:
        # The stamp record travels with the decks, so unchanged notes keep their stamps.
        previous_record = out / "anki" / RECORD_NAME
        if previous_record.is_file():
            (staging / "anki").mkdir()
            shutil.copy2(previous_record, staging / "anki" / RECORD_NAME)
        templates = workspace.template_dirs()
        on_stage(STAGES[0])
        decks = export_anki(banks, staging / "anki", templates)
        on_stage(STAGES[1])
        options = HtmlOptions(
            forms=FORMS,
            seed=SEED if order == "shuffled" else None,
            title=combined_title(banks) if len(banks) > 1 else None,
            per_bank=True,
        )
        pages = render_quizzes(banks, options, templates)
        write_files(pages, staging / "html")
        on_stage(STAGES[2])
        staging.chmod(0o755)  # mkdtemp makes it private; the build is for everyone to open
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildSummary(
        out,
        tuple((b.id, len(b.questions)) for b in banks),
        tuple(out / "anki" / d.path.name for d in decks),
        tuple(out / "html" / p.name for p in pages),
    )


def _refuse_foreign(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a directory")
    if out.is_dir():
        foreign = sorted(p.name for p in out.iterdir() if p.name not in OWNED)
        if foreign:
            shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
            raise UsageError(
                f"--out {out} holds files quizdeck did not write ({shown}); "
                "build replaces the whole directory, so choose an empty or new one"
            )


def _swap(staging: Path, out: Path) -> None:
    """Put the staged build in place: the old one is moved aside whole, then removed."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
        old.rmdir()
        out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
