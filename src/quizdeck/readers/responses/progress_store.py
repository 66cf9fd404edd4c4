"""The self-test's progress store (`quizdeck quiz --store FILE`): one student's last answers."""

from __future__ import annotations

from pathlib import Path

from quizdeck.readers.responses.model import Answer, Catalogue, Problem, Responses, Unmapped
from quizdeck.study.progress import SQLITE_HEADER, StoreError, open_store
from quizdeck.workspace import UsageError


def is_progress_store(data: bytes) -> bool:
    """True for an SQLite file (the store itself refuses one that is not quizdeck's)."""
    return data.startswith(SQLITE_HEADER)


def read_progress_store(path: Path, shown: str, catalogue: Catalogue) -> Responses:
    """Each question's last answer, marked as the self-test marked it; the student is the file's name."""
    out = Responses()
    student = path.stem
    try:
        with open_store(path, create=False) as store:
            rows = store.last_answers()
    except StoreError as problem:
        raise UsageError(str(problem)) from None
    for row, bank, question, given, correct in rows:
        origin = f"{shown}:answer {row}"
        try:
            catalogue.question(bank, question)
        except Unmapped as problem:
            out.problems.append(Problem(origin, str(problem)))
            continue
        out.answers.append(
            Answer(student, bank, question, origin, given or None, 1.0 if correct else 0.0)
        )
    return out
