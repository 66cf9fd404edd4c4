"""The article a bank quotes: found directly under seeds/, read once, its body cut out."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from quizdeck.banks.model import Bank, Diagnostic, Location
from quizdeck.banks.passages import bank_body
from quizdeck.checking.codes import diagnostic
from quizdeck.checking.hints import closest_hint
from quizdeck.checking.result import Findings
from quizdeck.limits import InputError, TooLarge
from quizdeck.sources.articles import Article, ArticleDecodeError, Body, load_article
from quizdeck.sources.textnorm import did_you_mean
from quizdeck.workspace import Workspace


def find_article(
    bank: Bank, workspace: Workspace, findings: Findings, cache: dict[Path, Article | Diagnostic]
) -> Article | None:
    """The article the bank quotes, read once per run (`cache`); None after a diagnostic."""
    source = bank.article.source
    where = bank.article.at("source")
    relative = Path(source)
    if relative.is_absolute() or source.startswith(("/", "\\")) or ".." in relative.parts:
        findings.add(
            "source-outside",
            where,
            f"article.source {source!r} is outside seeds/",
            ("name a file directly under seeds/, e.g. 000_724044e1fbc72102.txt",),
        )
        return None
    try:
        path = _article_path(bank, workspace, findings)
    except (OSError, RuntimeError) as problem:
        # A name too long, a symlink loop, an unreadable seeds/: the source can't be read.
        reason = getattr(problem, "strerror", None) or os.strerror(errno.ELOOP)
        findings.add(
            "source-missing",
            where,
            f"article.source {source!r}: cannot read article: {reason}",
        )
        return None
    if path is None:
        return None
    if path not in cache:
        shown = workspace.shown(path)
        try:
            cache[path] = load_article(path, shown)
        except ArticleDecodeError as bad:
            cache[path] = diagnostic(
                "encoding",
                Location(shown, bad.line, bad.column),
                f"article is not UTF-8 (invalid byte at offset {bad.offset})",
                hints=("save the article as UTF-8",),
            )
        except InputError as problem:
            cache[path] = diagnostic(
                "source-missing",
                where,
                f"article.source {source!r}: cannot read article: {problem}",
            )
        except TooLarge as problem:
            cache[path] = diagnostic(
                "too-large",
                where,
                problem.refusal(f"article {shown}"),
                hints=("quote from the article proper: save only its text",),
            )
    loaded = cache[path]
    if isinstance(loaded, Diagnostic):
        findings.items.append(Diagnostic(**{**loaded.__dict__, "bank": bank.id}))
        return None
    return loaded


def _article_path(bank: Bank, workspace: Workspace, findings: Findings) -> Path | None:
    """The file article.source names directly under seeds/, or None after a diagnostic."""
    source = bank.article.source
    where = bank.article.at("source")
    relative = Path(source)
    seeds = workspace.seeds.resolve()
    path = (workspace.seeds / relative).resolve()
    if not path.is_relative_to(seeds):
        findings.add("source-outside", where, f"article.source {source!r} links outside seeds/")
        return None
    if not path.is_file() or path.parent != seeds:
        names = sorted(p.name for p in seeds.iterdir()) if seeds.is_dir() else []
        close = did_you_mean(relative.name, names)
        findings.add(
            "source-missing",
            where,
            f"article.source {source!r}: no such file directly under seeds/",
            (close,) if close else (),
        )
        return None
    return path


def find_body(bank: Bank, article: Article, findings: Findings) -> Body:
    """The body between body.start and body.end, less body.exclude; the whole text if not found."""
    start, end = bank.article.body_start, bank.article.body_end
    given = bank_body(bank.article, article)
    if given is not None:
        return _exclude_chrome(bank, article, *given, findings)
    start_found = start is None or bool(article.find_all(start.value))
    if start is not None and not start_found:
        findings.add(
            "evidence-not-found",
            start.location,
            f"article.body.start not found in {article.path}",
            closest_hint(article, start.value),
        )
    after = start.value if start is not None and start_found else None
    if end is not None and article.body(after, end.value) is None:
        elsewhere = " after body.start" if article.find_all(end.value) else ""
        findings.add(
            "evidence-not-found",
            end.location,
            f"article.body.end not found in {article.path}{elsewhere}",
            closest_hint(article, end.value),
        )
    whole = article.body(None, None)
    assert whole is not None
    return whole


def _exclude_chrome(
    bank: Bank, article: Article, body: Body, missing: list[int], findings: Findings
) -> Body:
    lines = bank.article.body_exclude
    for index in missing:
        findings.add(
            "evidence-not-found",
            lines[index].location,
            f"article.body.exclude: no whole line of the body of {article.path} reads {lines[index].value!r}",
            (
                "exclude names whole lines of page chrome inside the body, written as in the article",
            ),
        )
    return body
