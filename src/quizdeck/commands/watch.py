"""`check --watch`: the workspace's banks and articles, watched for saves."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from quizdeck.banks.loader import load_bank_file
from quizdeck.banks.model import Bank, Diagnostic
from quizdeck.checking.checker import check_bank
from quizdeck.checking.result import CheckedBank
from quizdeck.sources.articles import Article
from quizdeck.workspace import BANK_SUFFIXES, Workspace

# Saves that come together (an editor writes a backup, then the file) are one change.
DEBOUNCE_MS = 300
# How often the watcher says it is running when nothing changes.
READY_MS = 500


def watched(workspace: Workspace) -> list[Path]:
    """What to watch: questions/ and seeds/, or the root while they do not exist."""
    found = [d for d in (workspace.questions, workspace.seeds) if d.is_dir()]
    return found or [workspace.root]


def is_input(workspace: Workspace, path: Path) -> bool:
    """A bank in questions/ or an article in seeds/ (editor swap and backup files are not)."""
    name = path.name
    if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")):
        return False
    parent = path.parent.resolve()
    if parent == workspace.questions.resolve():
        return path.suffix in BANK_SUFFIXES
    return parent == workspace.seeds.resolve()


def saves(workspace: Workspace) -> Iterator[list[Path]]:
    """Each batch of saved banks and articles, as they happen; Ctrl-C raises KeyboardInterrupt.

    An empty batch now and then says the watcher is running: the first one comes once it
    watches, so a check made then misses no save. Ctrl-C is raised, not swallowed: the
    command line ends with status 130 and prints nothing (swallowed, watchfiles logs
    "KeyboardInterrupt caught, stopping watch", which reads like a crash, and exits 0).
    """
    import watchfiles

    for changes in watchfiles.watch(
        *watched(workspace),
        debounce=DEBOUNCE_MS,
        rust_timeout=READY_MS,
        yield_on_timeout=True,
        raise_interrupt=True,  # finding 16: Ctrl-C ends the command with 130
    ):
        yield sorted({Path(p) for _change, p in changes if is_input(workspace, Path(p))})


class CheckMemo:
    """Banks loaded and checked before (`check --watch`), kept while their file and article are.

    A bank is loaded again when its file changed (or was saved: `forget`), and checked
    again when it was, or when its article changed.
    """

    def __init__(self) -> None:
        self._loaded: dict[Path, tuple[object, str, Bank | None, list[Diagnostic]]] = {}
        self._checked: dict[Path, tuple[object, CheckedBank | None, list[Diagnostic]]] = {}
        self._articles: dict[Path, Path] = {}
        # How many banks were checked, not reused: what a watcher spends.
        self.checks = 0

    def forget(self, saved: Iterable[Path]) -> None:
        """Drop what depends on the saved files: the banks themselves, or their article's."""
        paths = {_where(p) for p in saved}
        for bank_path, article in list(self._articles.items()):
            if bank_path in paths or article in paths:
                self._checked.pop(bank_path, None)
        for bank_path in list(self._loaded):
            if bank_path in paths:
                del self._loaded[bank_path]

    def load(self, path: Path, shown: str) -> tuple[Bank | None, list[Diagnostic]]:
        """The bank at `path` as load_bank_file gives it, loaded again only when it changed."""
        key, state = _where(path), _state(path)
        kept = self._loaded.get(key)
        if kept is not None and kept[0] == state and kept[1] == shown:
            return kept[2], kept[3]
        bank, found = load_bank_file(path, shown)
        self._loaded[key] = (state, shown, bank, found)
        self._checked.pop(key, None)
        return bank, found

    def check(
        self,
        path: Path,
        bank: Bank,
        workspace: Workspace,
        articles: dict[Path, Article | Diagnostic],
    ) -> tuple[CheckedBank | None, list[Diagnostic]]:
        """The bank checked as check_bank does, again only when it or its article changed."""
        key = _where(path)
        article = _where(workspace.seeds / bank.article.source)
        state = _state(article)
        kept = self._checked.get(key)
        if kept is not None and kept[0] == state and self._articles.get(key) == article:
            return kept[1], kept[2]
        self.checks += 1
        checked, found = check_bank(bank, workspace, articles)
        self._checked[key], self._articles[key] = (state, checked, found), article
        return checked, found


def _where(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()


def _state(path: Path) -> object:
    """What tells a changed file from an unchanged one without reading it."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
