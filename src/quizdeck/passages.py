"""Numbered paragraphs of an article body, for authors writing a bank."""

from __future__ import annotations

from pathlib import Path

from .articles import Article, ArticleDecodeError, load_article
from .loader import load_bank
from .workspace import Workspace


class PassageError(Exception):
    """The article cannot be shown (missing, unreadable, not UTF-8)."""


def read_article(workspace: Workspace, path: Path) -> Article:
    """The article at `path`; raises PassageError saying why it cannot be read."""
    try:
        return load_article(path, workspace.shown(path))
    except ArticleDecodeError as bad:
        raise PassageError(f"{workspace.shown(path)}:{bad.line}:{bad.column}: not UTF-8") from None
    except OSError as problem:
        raise PassageError(f"cannot read {path}: {problem.strerror}") from None


def article_paragraphs(workspace: Workspace, source: str) -> list[str]:
    """Lines "¶N  L<line>  text" for the body a bank gives the article (the whole text if none)."""
    path = next(
        (
            p
            for p in (workspace.seeds / source, Path(source), workspace.root / source)
            if p.is_file()
        ),
        None,
    )
    if path is None:
        raise PassageError(f"no article '{source}' under {workspace.shown(workspace.seeds)}/")
    article = read_article(workspace, path)
    start = end = None
    exclude: list[str] = []
    header = f"{article.path}: whole text (no bank gives a body)"
    for bank_path in workspace.bank_files() if workspace.questions.is_dir() else []:
        bank, _ = load_bank(bank_path.read_bytes(), workspace.shown(bank_path), bank_path.stem)
        if bank and Path(bank.article.source).name == path.name:
            start = bank.article.body_start.value if bank.article.body_start else None
            end = bank.article.body_end.value if bank.article.body_end else None
            exclude = [line.value for line in bank.article.body_exclude]
            header = f"{article.path}: body as {bank.path} gives it"
            break
    body = article.body(start, end) or article.body(None, None)
    assert body is not None
    body, _missing = body.excluding(exclude)
    lines = [header]
    for paragraph in body.paragraphs:
        line = article.location(paragraph.start).line
        lines.append(f"¶{paragraph.number:<3} L{line:<4} {paragraph.text}")
    return lines
