"""The English example `quizdeck init` writes: a hard-wrapped article with blank lines
between its paragraphs, and a bank with one question of every type."""

from __future__ import annotations

from importlib import resources

from conftest import WorkspaceBuilder

EXAMPLE = resources.files("quizdeck") / "example"
ARTICLE = (EXAMPLE / "harbour-wall.txt").read_text(encoding="utf-8")
BANK = (EXAMPLE / "harbour-wall.yaml").read_text(encoding="utf-8")
TITLE = "Town council votes to rebuild the old harbour wall"


def english(workspace: WorkspaceBuilder, *edits: tuple[str, str]) -> None:
    """The example article and its bank, each edit (old, new) made once to the bank."""
    workspace.article("harbour-wall.txt", ARTICLE)
    text = BANK
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    workspace.bank("harbour-wall", text.encode("utf-8"))


def check(workspace: WorkspaceBuilder) -> str:
    """What `quizdeck check` prints on stdout (the summary goes to stderr)."""
    return workspace.run("check").stdout
