"""YAML syntax errors explained for authors, and the rest of a bank read past them.

A syntax error inside one question's list item is recovered from by blanking that item
(its lines become empty, so every later line keeps its number) and reading the file
again; an error anywhere else stops the file, and the message says later errors may be
hidden.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

HIDDEN = "later errors in this file may be hidden: fix this one and check again"
TAB = "YAML does not allow tabs for indentation: use spaces"
_KEY_LINE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):\s+(.*?)\s*$")
_QUESTIONS = re.compile(r"^questions\s*:")
_ITEM = re.compile(r"^(\s*)-(\s|$)")


@dataclass(frozen=True)
class SyntaxProblem:
    """One YAML syntax error: 0-based line and column, a message and hints."""

    line: int
    column: int
    message: str
    hints: tuple[str, ...]


def explain(text: str, problem: yaml.MarkedYAMLError) -> SyntaxProblem:
    """The error as an author reads it: tabs and unquoted colons get their own message."""
    mark = problem.problem_mark or problem.context_mark
    lines = text.split("\n")
    line, column = (mark.line, mark.column) if mark else (0, 0)
    raw = " ".join(str(part) for part in (problem.context, problem.problem) if part)
    here = lines[line] if line < len(lines) else ""
    if "\\t" in str(problem.problem) or "\t" in here[: len(here) - len(here.lstrip())]:
        return SyntaxProblem(line, column, "a tab where YAML expects spaces", (TAB,))
    if str(problem.problem).startswith("mapping values are not allowed"):
        match = _KEY_LINE.match(here)
        if match and match.group(3)[:1] not in "\"'[{|>":
            _indent, key, value = match.groups()
            return SyntaxProblem(
                line,
                column,
                f"{key}: the text holds a colon followed by a space, which YAML reads as a new key",
                (f"quote the text: {key}: {quoted(value)}",),
            )
        return SyntaxProblem(
            line,
            column,
            "a colon followed by a space inside unquoted text",
            ('quote the text: "…"',),
        )
    return SyntaxProblem(line, column, raw or "invalid YAML", ())


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def blank_question(text: str, problem: yaml.MarkedYAMLError) -> tuple[str, int] | None:
    """`text` with the question holding the error blanked out, and the line of its `- ~`.

    The item becomes a null item (`- ~`) and empty lines, so the questions after it keep
    their index and line; None when the error is not inside a question.
    """
    scanning = str(problem.context or "").startswith("while scanning")
    mark = (problem.context_mark if scanning else None) or problem.problem_mark
    if mark is None:
        return None
    lines = text.split("\n")
    span = _item_at(lines, mark.line)
    if span is None:
        return None
    start, end = span
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    blanked = [
        f"{indent}- ~" if i == start else "" if start < i < end else line
        for i, line in enumerate(lines)
    ]
    return "\n".join(blanked), start


def _item_at(lines: list[str], line: int) -> tuple[int, int] | None:
    """The lines [start, end) of the item of the top-level `questions:` list holding `line`."""
    top = next((i for i, text in enumerate(lines) if _QUESTIONS.match(text)), None)
    if top is None or line <= top:
        return None
    indent: str | None = None
    starts: list[int] = []
    end = len(lines)
    for i in range(top + 1, len(lines)):
        text = lines[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        item = _ITEM.match(text)
        if indent is None:
            if item is None:
                return None
            indent = item.group(1)
        if item is not None and item.group(1) == indent:
            starts.append(i)
        elif not text[:1].isspace():  # the next top-level key
            end = i
            break
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else end
        if start <= line < stop or (stop == len(lines) and line >= start):
            return start, stop
    return None
