"""Self-test progress in SQLite: every answer logged, each card scheduled with FSRS."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from fsrs import Card, Rating, Scheduler

from quizdeck.errors import QuizdeckError
from quizdeck.limits import MAX_ANSWER_CHARS, file_kind

# "QDK1" in the header's application_id: tells our stores from other SQLite files.
APPLICATION_ID = 0x51444B31
SCHEMA_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"
# How long a writer waits for another quizdeck run holding the lock.
BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY,
    bank TEXT NOT NULL,
    question TEXT NOT NULL,
    given TEXT NOT NULL,
    correct INTEGER NOT NULL,
    answered_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_question ON answers (bank, question, id);
CREATE TABLE IF NOT EXISTS cards (
    bank TEXT NOT NULL,
    question TEXT NOT NULL,
    card TEXT NOT NULL,
    PRIMARY KEY (bank, question)
);
"""

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


def default_store_path() -> Path:
    """Where progress lives unless --store says otherwise."""
    import platformdirs

    return Path(platformdirs.user_data_dir("quizdeck")) / "progress.sqlite3"


class StoreError(QuizdeckError):
    """The progress store cannot be used: not ours, corrupt, or unreadable (exit status 2)."""


@dataclass(frozen=True)
class QuestionProgress:
    """What the store knows about one question."""

    due: datetime
    last_correct: bool
    answers: int


@dataclass(frozen=True)
class BankProgress:
    """Progress over the current questions of one bank, for `stats`."""

    questions: int
    answered: int
    answers: int
    correct: int
    due: int
    last_answered: datetime | None

    @property
    def correct_rate(self) -> float | None:
        """The share of answers that were right; None before the first answer."""
        return self.correct / self.answers if self.answers else None


class ProgressStore:
    """An open progress file. Every `record` is its own short transaction."""

    def __init__(self, path: Path, *, now: Clock = utc_now, create: bool = True) -> None:
        self.path = path
        self.now = now
        # Fixed intervals (no random fuzz): the same answers give the same schedule.
        self.scheduler = Scheduler(enable_fuzzing=False)
        self._db: sqlite3.Connection | None = None
        if not path.exists() and not create:
            return  # nothing recorded yet; reading an absent store is not an error
        _refuse_foreign_bytes(path)
        if not path.parent.is_dir():
            raise StoreError(f"{path}: directory {path.parent} does not exist")
        if create:
            _refuse_read_only(path)
        try:
            self._db = sqlite3.connect(
                # Read-write even to only read: a read-only handle on a WAL file
                # would leave -wal/-shm files behind.
                f"{path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}",
                uri=True,
                isolation_level=None,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
            self._open(create)
        except BaseException as problem:
            # Close at once: an open handle keeps -wal/-shm files next to a refused store.
            self.close()
            if not isinstance(problem, sqlite3.Error):
                raise
            raise StoreError(
                f"{path}: cannot use progress store ({problem}); "
                "left untouched, choose another file with --store"
            ) from None

    def _open(self, create: bool) -> None:
        db = self._connection
        if self._is_ours():
            return
        # Not ours and not empty may be another run's store, committed between the two
        # reads (schema and application id in one transaction): look once more.
        if not create or (not self._is_empty() and not self._is_ours()):
            raise StoreError(
                f"{self.path}: not a quizdeck progress store (another program's SQLite "
                "database); left untouched, choose another file with --store"
            )
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another run may have created the schema while we waited for the lock.
            if not self._is_ours():
                if not self._is_empty():
                    raise StoreError(f"{self.path}: not a quizdeck progress store")
                # Statement by statement: executescript() would commit our transaction.
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            _rollback(db)
            raise
        # WAL lets one run read while another writes; set once, kept in the file.
        db.execute("PRAGMA journal_mode = WAL")

    def _is_ours(self) -> bool:
        db = self._connection
        (app_id,) = db.execute("PRAGMA application_id").fetchone()
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if app_id != APPLICATION_ID:
            return False
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: progress store written by a newer quizdeck "
                f"(schema {version}, this one knows {SCHEMA_VERSION}); left untouched, "
                "upgrade quizdeck or choose another file with --store"
            )
        # Reading every page proves the file is whole before we write to it.
        (verdict,) = db.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise StoreError(
                f"{self.path}: progress store is damaged (SQLite quick_check failed); "
                "left untouched, choose another file with --store"
            )
        return True

    def _is_empty(self) -> bool:
        (tables,) = self._connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return bool(tables == 0)

    @property
    def _connection(self) -> sqlite3.Connection:
        assert self._db is not None
        return self._db

    def close(self) -> None:
        """Close the file."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def record(self, bank: str, question: str, given: str, correct: bool) -> datetime:
        """Log one answer and reschedule its card (right: Good, wrong: Again)."""
        answered_at = self.now().astimezone(timezone.utc)
        db = self._connection
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute(
                    "SELECT card FROM cards WHERE bank = ? AND question = ?", (bank, question)
                ).fetchone()
                card = (
                    self._card(bank, question, row[0])
                    if row
                    else Card(card_id=_card_id(bank, question), due=answered_at)
                )
                rating = Rating.Good if correct else Rating.Again
                card, _ = self.scheduler.review_card(card, rating, answered_at)
                db.execute(
                    "INSERT INTO cards (bank, question, card) VALUES (?, ?, ?) "
                    "ON CONFLICT (bank, question) DO UPDATE SET card = excluded.card",
                    (bank, question, card.to_json()),
                )
                db.execute(
                    "INSERT INTO answers (bank, question, given, correct, answered_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (bank, question, _cut(given), int(correct), _stamp(answered_at)),
                )
                db.execute("COMMIT")
            except BaseException:
                _rollback(db)
                raise
        except sqlite3.Error as problem:
            raise StoreError(f"{self.path}: cannot save the answer: {problem}") from None
        return answered_at

    def progress(self, bank: str) -> dict[str, QuestionProgress]:
        """Every answered question of a bank: when it is due, whether it was last right."""
        if self._db is None:
            return {}
        try:
            cards = dict(
                self._db.execute("SELECT question, card FROM cards WHERE bank = ?", (bank,))
            )
            rows = self._db.execute(
                "SELECT question, count(*), "
                "(SELECT correct FROM answers AS last WHERE last.bank = a.bank "
                " AND last.question = a.question ORDER BY id DESC LIMIT 1) "
                "FROM answers AS a WHERE bank = ? GROUP BY question",
                (bank,),
            ).fetchall()
        except sqlite3.Error as problem:
            raise StoreError(f"{self.path}: cannot read progress: {problem}") from None
        found: dict[str, QuestionProgress] = {}
        for question, answers, last_correct in rows:
            if question in cards:
                due = self._card(bank, question, cards[question]).due
                found[question] = QuestionProgress(due, bool(last_correct), answers)
        return found

    def last_answers(self) -> list[tuple[int, str, str, str, bool]]:
        """The last answer to every question: (row id, bank, question, given, correct)."""
        if self._db is None:
            return []
        try:
            rows = self._db.execute(
                "SELECT id, bank, question, given, correct FROM answers WHERE id IN "
                "(SELECT max(id) FROM answers GROUP BY bank, question) ORDER BY id"
            ).fetchall()
        except sqlite3.Error as problem:
            raise StoreError(f"{self.path}: cannot read the answers: {problem}") from None
        return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4])) for r in rows]

    def _card(self, bank: str, question: str, text: str) -> Card:
        """A stored FSRS card; damaged JSON is a StoreError, never a traceback."""
        try:
            card = Card.from_json(text)
            if not isinstance(card.due, datetime):
                raise TypeError("due is not a time")
            return card
        except (ValueError, KeyError, TypeError, AttributeError):
            raise StoreError(
                f"{self.path}: progress store is damaged (the card of {bank}/{question} "
                "cannot be read); left untouched, choose another file with --store"
            ) from None

    def bank_progress(self, bank: str, questions: Iterable[str]) -> BankProgress:
        """Totals over the given (current) questions of a bank."""
        ids = list(questions)
        known = self.progress(bank)
        now = self.now()
        answers = correct = 0
        last: datetime | None = None
        if self._db is not None and known:
            marks = ",".join("?" * len(ids))
            try:
                answers, correct, stamp = self._db.execute(
                    "SELECT count(*), coalesce(sum(correct), 0), max(answered_at) FROM answers "
                    f"WHERE bank = ? AND question IN ({marks})",
                    (bank, *ids),
                ).fetchone()
            except sqlite3.Error as problem:
                raise StoreError(f"{self.path}: cannot read progress: {problem}") from None
            last = datetime.fromisoformat(stamp) if stamp else None
        mine = [known[q] for q in ids if q in known]
        return BankProgress(
            questions=len(ids),
            answered=len(mine),
            answers=answers,
            correct=correct,
            due=sum(p.due <= now for p in mine),
            last_answered=last,
        )


def ensure_directory(directory: Path) -> None:
    """Create the default store's directory; a StoreError when it cannot be made."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise StoreError(
            f"cannot create {directory} for the progress store: {problem.strerror}; "
            "choose a file with --store"
        ) from None


_LEFT = "left untouched, choose another file with --store"
# The header fields (big-endian) that say whose database a file is.
_SCHEMA_COOKIE, _USER_VERSION, _APPLICATION_ID = slice(40, 44), slice(60, 64), slice(68, 72)


def _refuse_foreign_bytes(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that is not ours or not safe to open.

    Only the header is read: a special file (a FIFO would block, a device get a journal
    beside it), a file that is not SQLite, another program's database (by the header's
    application_id) and a database with a hot journal (opening it would roll it back)
    are refused without opening them for writing.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as problem:
        raise StoreError(f"{path}: cannot read progress store: {problem.strerror}") from None
    if stat.S_ISDIR(mode):
        raise StoreError(f"{path}: is a directory, not a progress store")
    if not stat.S_ISREG(mode):
        raise StoreError(
            f"{path}: not a regular file ({file_kind(mode)}), not a progress store; {_LEFT}"
        )
    try:
        with path.open("rb") as stream:
            head = stream.read(100)
    except OSError as problem:
        raise StoreError(f"{path}: cannot read progress store: {problem.strerror}") from None
    # An empty file is an empty SQLite database: we may set it up.
    if head and not head.startswith(SQLITE_HEADER):
        raise StoreError(f"{path}: not a quizdeck progress store (not an SQLite database); {_LEFT}")
    # A well-formed header (the fixed payload fractions 64, 32, 32) tells whose file it is.
    if len(head) < 100 or head[21:24] != b"\x40\x20\x20":
        return
    app_id = int.from_bytes(head[_APPLICATION_ID], "big")
    version = int.from_bytes(head[_USER_VERSION], "big")
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and version != 0):
        raise StoreError(
            f"{path}: not a quizdeck progress store (another program's SQLite database); {_LEFT}"
        )
    # Opening a database beside a hot journal rolls it back. Ours may roll back (another
    # quizdeck run may be setting it up right now); a file with tables of another
    # program's (no application_id yet) is refused.
    journal = Path(f"{path}-journal")
    with contextlib.suppress(OSError):
        has_schema = int.from_bytes(head[_SCHEMA_COOKIE], "big") != 0
        if app_id == 0 and has_schema and journal.stat().st_size > 0:
            raise StoreError(
                f"{path}: another program left a transaction unfinished ({journal}); {_LEFT}"
            )


def _refuse_read_only(path: Path) -> None:
    """Refuse a store (or its folder, where SQLite keeps its journal) we may not write."""
    for target in (path, path.parent) if path.exists() else (path.parent,):
        if not os.access(target, os.W_OK):
            raise StoreError(
                f"{path}: cannot write to the progress store ({os.strerror(errno.EACCES)}); {_LEFT}"
            )


def _cut(given: str) -> str:
    """An answer as stored: at most MAX_ANSWER_CHARS characters."""
    return given if len(given) <= MAX_ANSWER_CHARS else given[:MAX_ANSWER_CHARS] + "…"


def _rollback(db: sqlite3.Connection) -> None:
    # SQLite may already have rolled back (e.g. after a failed write).
    if db.in_transaction:
        db.execute("ROLLBACK")


def _card_id(bank: str, question: str) -> int:
    # Stable per question (fsrs would otherwise use the creation time and sleep 1 ms).
    return zlib.crc32(f"{bank}/{question}".encode())


def _stamp(moment: datetime) -> str:
    # Fixed width, so the text sorts in time order.
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def open_store(path: Path | None, now: Clock = utc_now, create: bool = True) -> ProgressStore:
    """The store at `path`, or the default one (its directory created when needed)."""
    if path is None:
        path = default_store_path()
        if create:
            ensure_directory(path.parent)
    return ProgressStore(path, now=now, create=create)


def stats_lines(banks: Sequence[tuple[str, Sequence[str]]], store: ProgressStore) -> list[str]:
    """`quizdeck stats`: one row per (bank id, its question ids), with a header."""
    rows = [("bank", "questions", "answered", "correct", "due now", "last session")]
    for bank, questions in banks:
        rows.append((bank, *_stats_cells(store.bank_progress(bank, questions))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:5], widths[1:5], strict=True)]
        cells.append(row[5])
        lines.append("  ".join(cells).rstrip())
    return lines


def _stats_cells(progress: BankProgress) -> tuple[str, str, str, str, str]:
    rate = progress.correct_rate
    last = progress.last_answered
    return (
        str(progress.questions),
        str(progress.answered),
        "-" if rate is None else f"{round(100 * rate)}%",
        str(progress.due),
        "never" if last is None else last.astimezone().strftime("%Y-%m-%d %H:%M"),
    )
