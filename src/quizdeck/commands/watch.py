"""`check --watch`: the workspace's banks and articles, watched for saves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
