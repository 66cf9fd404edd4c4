"""Numbered paragraphs of an article body, for authors writing a bank."""

from __future__ import annotations

from pathlib import Path

from quizdeck.banks.loader import load_bank_file
from quizdeck.banks.model import ArticleRef
from quizdeck.errors import QuizdeckError
from quizdeck.limits import InputError, TooLarge, is_file
from quizdeck.sources.articles import Article, ArticleDecodeError, Body, load_article
from quizdeck.workspace import UsageError, Workspace


def bank_body(ref: ArticleRef, article: Article) -> tuple[Body, list[int]] | None:
    """The body a bank's `article:` gives (body.start, body.end, body.exclude), with the
    indexes of the `exclude` lines found nowhere; None when start or end is not found."""
    start, end = ref.body_start, ref.body_end
    body = article.body(start.value if start else None, end.value if end else None)
    return None if body is None else body.excluding([line.value for line in ref.body_exclude])


class PassageError(QuizdeckError):
    """The article cannot be shown (missing, unreadable, not UTF-8)."""


def read_article(workspace: Workspace, path: Path) -> Article:
    """The article at `path`; raises PassageError saying why it cannot be read."""
    try:
        return load_article(path, workspace.shown(path))
    except ArticleDecodeError as bad:
        raise PassageError(f"{workspace.shown(path)}:{bad.line}:{bad.column}: not UTF-8") from None
    except InputError as problem:
        raise PassageError(f"cannot read {path}: {problem}") from None
    except TooLarge as problem:
        raise PassageError(problem.refusal(f"article {workspace.shown(path)}")) from None


def article_paragraphs(workspace: Workspace, source: str) -> list[str]:
    """Lines "¶N  L<line>  text" for the body a bank gives the article (the whole text if none)."""
    path = next(
        (
            p
            for p in (workspace.seeds / source, Path(source), workspace.root / source)
            if is_file(p)
        ),
        None,
    )
    if path is None:
        raise PassageError(f"no article {source!r} under {workspace.shown(workspace.seeds)}/")
    article = read_article(workspace, path)
    given = None
    header = f"{article.path}: whole text (no bank gives a body)"
    for bank_path in _bank_files(workspace):
        # A bank that cannot be read is `check`'s to report; here it only gives no body.
        bank, _ = load_bank_file(bank_path, workspace.shown(bank_path))
        if bank and Path(bank.article.source).name == path.name:
            given = bank_body(bank.article, article)
            header = f"{article.path}: body as {bank.path} gives it"
            break
    body = given[0] if given else article.body(None, None)
    assert body is not None
    lines = [header]
    for paragraph in body.paragraphs:
        line = article.location(paragraph.start).line
        lines.append(f"¶{paragraph.number:<3} L{line:<4} {paragraph.text}")
    return lines


def _bank_files(workspace: Workspace) -> list[Path]:
    try:
        return workspace.bank_files(examples=True) if workspace.questions.is_dir() else []
    except UsageError:
        return []
