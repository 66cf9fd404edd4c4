"""One bank's share of a build: load, check and render it, in a worker process or in this one.

Every output family renders a checked bank to `{file name: bytes}`; FAMILIES lists them
once, in the order a build writes them (its STAGES), and the build record keeps what each
wrote. The combined quiz and index.html are the build's own (outputs/build.py).
"""

from __future__ import annotations

import pickle
from collections import ChainMap
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizdeck.banks.model import Diagnostic
from quizdeck.digests import digest, file_digest
from quizdeck.errors import QuizdeckError
from quizdeck.outputs.cache import ABSENT, code_digest, kept, taken
from quizdeck.outputs.publish import write_claim, write_new
from quizdeck.outputs.stamps import StampRecord
from quizdeck.workspace import Workspace

if TYPE_CHECKING:
    from quizdeck.forms import FormOptions
    from quizdeck.resolve import ResolvedBank

# The printed forms every build writes: two forms, the same shuffle every time (an
# unchanged workspace rebuilds to the same bytes).
FORMS = 2
SEED = "quizdeck"


@dataclass(frozen=True)
class BankTask:
    """What a worker needs to build one bank."""

    root: Path
    path: Path
    shown: str
    # The bank's bytes as the build read them (None: let the loader report the problem).
    data: bytes | None
    order: str
    templates: tuple[Path, ...]
    templates_key: str
    clock: int
    # The previous build's stamp record (read, never written, by a worker), and its stat.
    stamps: Path
    stamps_state: object
    # The claim a worker writes the bank's files under, into the build's staging (see
    # build.Staging); None: the files go back in the result.
    claim: Path | None = None


@dataclass
class BankWork:
    """A worker's result: diagnostics, and for a clean bank its files per family."""

    shown: str
    bank_id: str | None
    load_diagnostics: tuple[Diagnostic, ...]
    check_diagnostics: tuple[Diagnostic, ...] = ()
    clean: bool = False
    # Questions in the bank as loaded, and as its outputs hold them.
    total: int = 0
    questions: int = 0
    language: str = ""
    files: dict[str, dict[str, bytes]] = field(default_factory=dict)
    rows: list[dict[str, object]] = field(default_factory=list)
    # Questions each live platform cannot hold, left out of its file (`export` names them).
    left_out: dict[str, int] = field(default_factory=dict)
    # Stamps given to notes and note types that were new or changed.
    stamps: dict[str, tuple[str, int]] = field(default_factory=dict)
    # (stage, message, exit status) of an output that could not be rendered.
    problems: list[tuple[int, str, int]] = field(default_factory=list)
    # The files read besides the bank (article, statistics) with the digests of their
    # bytes; empty when one changed while read. The stamps those files kept meanwhile.
    inputs: dict[str, str] = field(default_factory=dict)
    input_stamps: dict[str, list[int]] = field(default_factory=dict)
    resolved: bytes = b""


def form_options(order: str, title: str | None = None, taken: tuple[str, ...] = ()) -> FormOptions:
    """The printed forms of a build: each bank's quiz, or the combined one under `title`."""
    from quizdeck.forms import FormOptions

    return FormOptions(
        forms=FORMS,
        seed=SEED if order == "shuffled" else None,
        title=title,
        per_bank=title is None,
        taken=taken,
    )


@cache
def previous_stamps(path: Path, state: object) -> dict[str, tuple[str, int]]:
    """The previous build's stamps, read once per process and state of the file (the
    build's own process reads them for its banks and again to write them)."""
    return dict(StampRecord.load(path).entries)


@cache
def _card_templates(templates: tuple[Path, ...], key: str) -> Any:
    """The Anki card templates, read once per process for a given set of template files."""
    from quizdeck.writers.anki import load_templates

    return load_templates(templates)


def bank_stamps(base: MutableMapping[str, tuple[str, int]]) -> StampRecord:
    """The previous build's stamp record, left as it is, with one bank's new stamps over it."""
    return StampRecord(Path(), ChainMap({}, base))


def _anki(bank: ResolvedBank, task: BankTask, work: BankWork) -> dict[str, bytes]:
    from quizdeck.writers.anki import render_anki

    stamps = bank_stamps(previous_stamps(task.stamps, task.stamps_state))
    templates = _card_templates(task.templates, task.templates_key)
    decks = render_anki([bank], templates, stamps, task.clock)
    work.stamps = {key: stamps.entries[key] for key in stamps.changed}
    return {deck.name: deck.data for deck in decks}


def _html(bank: ResolvedBank, task: BankTask, work: BankWork) -> dict[str, bytes]:
    from quizdeck.writers.html import index_rows, render_quizzes
    from quizdeck.writers.sheet import render_sheets

    options = form_options(task.order)
    pages = render_quizzes([bank], options, task.templates)
    pages += render_sheets([bank], options, task.templates)
    work.rows = index_rows([bank], options)
    return {page.name: page.text.encode("utf-8") for page in pages if page.name != "index.html"}


def _lms(bank: ResolvedBank, task: BankTask, work: BankWork) -> dict[str, bytes]:
    from quizdeck.outputs.platforms import FORMATS, RENDERERS, SUFFIXES

    return {f"{bank.id}{SUFFIXES[fmt]}": RENDERERS[fmt](bank) for fmt in FORMATS}


def _live(bank: ResolvedBank, task: BankTask, work: BankWork) -> dict[str, bytes]:
    from quizdeck.outputs.live import RENDERERS
    from quizdeck.writers.live_platforms import PLATFORMS

    files: dict[str, bytes] = {}
    for name, platform in PLATFORMS.items():
        rendered = RENDERERS[name](bank, None)
        files[f"{bank.id}{platform.suffix}"] = rendered.data
        if rendered.left_out:
            work.left_out[name] = len(rendered.left_out)
    return files


# Every output family of a bank, in the order a build reports their stages.
FAMILIES: dict[str, Callable[[ResolvedBank, BankTask, BankWork], dict[str, bytes]]] = {
    "anki": _anki,
    "html": _html,
    "lms": _lms,
    "live": _live,
}


def build_bank(task: BankTask, render: bool = True) -> BankWork:
    """Load and check one bank and, when clean and `render`, render every output family."""
    from quizdeck.banks.loader import load_bank, load_bank_file
    from quizdeck.checking.checker import check_bank
    from quizdeck.checking.item_stats import stats_path
    from quizdeck.forms import forget_plans

    if task.data is None:
        bank, found = load_bank_file(task.path, task.shown)
    else:
        bank, found = load_bank(task.data, task.shown, task.path.stem)
    work = BankWork(task.shown, bank.id if bank else None, tuple(found))
    if bank is None:
        return work
    workspace = Workspace(task.root)
    article = _article_path(workspace, bank.article.source)
    # What check reads besides the bank: its article, and its statistics (if any).
    stats = stats_path(workspace, bank.id).absolute()
    # Each input's stamp before its digests are taken, kept when it still has it after.
    stamped = {str(path): taken(path) for path in (article, stats) if path is not None}
    before = file_digest(article) if article else None
    stats_before = file_digest(stats) or ABSENT
    checked, diagnostics = check_bank(bank, workspace)
    work.check_diagnostics = tuple(diagnostics)
    if checked is None:
        return work
    work.total = len(checked.bank.questions)
    if any(d.severity == "error" for d in (*found, *diagnostics)):
        return work
    work.clean = True
    resolved = checked.resolved
    work.language, work.questions = resolved.language, len(resolved.questions)
    unchanged = (file_digest(stats) or ABSENT) == stats_before
    if article is not None and before is not None and file_digest(article) == before:
        work.inputs = {str(article): before, str(stats): stats_before} if unchanged else {}
        work.input_stamps = {
            path: stamp
            for path, before in stamped.items()
            if path in work.inputs and (stamp := kept(path, before)) is not None
        }
    work.resolved = pickle.dumps(resolved, protocol=pickle.HIGHEST_PROTOCOL)
    if render:
        render_bank(resolved, task, work)
        # Its plans were for its own files: kept, they would keep every bank a worker
        # rendered alive (the largest process of a build was a worker holding them).
        forget_plans()
        if task.claim is not None and not work.problems:
            write_claimed(task.claim, work.files)
    return work


def write_claimed(claim: Path, files: dict[str, dict[str, bytes]]) -> None:
    """Write a bank's files into the staged build's folders (`claim` is in the staging),
    claiming them first; the bytes in `files` are let go (empty), their names kept."""
    staging = claim.parent
    write_claim(staging, claim.name, files)
    for family, named in files.items():
        folder = staging / family
        folder.mkdir(exist_ok=True)
        for name, data in named.items():
            write_new(folder / name, data)
        named.update(dict.fromkeys(named, b""))


def render_bank(bank: ResolvedBank, task: BankTask, work: BankWork) -> None:
    """Every output family of a checked bank into `work`; an output's refusal is kept as
    a problem of its stage (the build reports the first), anything else raises."""
    for stage, (family, renderer) in enumerate(FAMILIES.items()):
        try:
            work.files[family] = renderer(bank, task, work)
        except QuizdeckError as problem:  # a template's mistake, a missing file
            work.problems.append((stage, str(problem), problem.exit_code))


def _article_path(workspace: Workspace, source: str) -> Path | None:
    """The article a bank names, as written (a link is read through again next time)."""
    try:
        path = (workspace.seeds / source).absolute()
        return path if path.is_file() else None
    except (OSError, RuntimeError, ValueError):
        return None


def bank_key(templates_key: str, order: str, shown: str, data: str) -> str:
    """The key of a bank's outputs: quizdeck's version and code, the options, templates,
    path, and the digest of its bytes (`data`)."""
    import quizdeck

    version = quizdeck.__version__
    return digest(version, code_digest(), order, str(FORMS), SEED, templates_key, shown, data)


def preload() -> None:
    """Import what building a bank, and the combined quiz, imports (build_bank, render_bank,
    the families, combined_part): for workers forked from this process."""
    import quizdeck.banks.loader
    import quizdeck.checking.checker
    import quizdeck.checking.item_stats
    import quizdeck.forms
    import quizdeck.outputs.live
    import quizdeck.outputs.platforms
    import quizdeck.writers.anki
    import quizdeck.writers.html
    import quizdeck.writers.live_platforms
    import quizdeck.writers.sheet  # noqa: F401
