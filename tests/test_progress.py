"""The progress store: schema marker, answers and FSRS cards, refusing foreign files, concurrency."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import WorkspaceBuilder, right_lines, run_as_nobody, session_plan
from quizdeck.study.progress import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    BankProgress,
    ProgressStore,
    StoreError,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def test_a_new_store_is_marked_as_ours(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    ProgressStore(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_answers_are_logged_and_cards_scheduled(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path, now=lambda: T0) as store:
        store.record("bank", "q1", "1", True)
        store.record("bank", "q2", "x", False)
        progress = store.progress("bank")
    # FSRS learning steps: Good on a new card is 10 minutes, Again is 1 minute.
    assert progress["q1"].due == T0 + timedelta(minutes=10)
    assert progress["q2"].due == T0 + timedelta(minutes=1)
    assert (progress["q1"].last_correct, progress["q2"].last_correct) == (True, False)
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT bank, question, given, correct, answered_at FROM answers")
        assert rows.fetchall() == [
            ("bank", "q1", "1", 1, "2025-03-01T09:00:00.000000+00:00"),
            ("bank", "q2", "x", 0, "2025-03-01T09:00:00.000000+00:00"),
        ]


def test_a_later_session_reopens_and_reschedules(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path, now=lambda: T0) as store:
        store.record("bank", "q1", "1", True)
    later = T0 + timedelta(minutes=10)
    with ProgressStore(path, now=lambda: later) as store:
        store.record("bank", "q1", "1", True)
        # Second Good graduates the card to review: days, not minutes.
        assert store.progress("bank")["q1"].due >= later + timedelta(days=1)
        assert store.progress("bank")["q1"].answers == 2
        assert store.progress("other") == {}


def test_bank_progress_counts_current_questions(tmp_path: Path) -> None:
    with ProgressStore(tmp_path / "p.sqlite3", now=lambda: T0) as store:
        store.record("bank", "q1", "1", True)
        store.record("bank", "q1", "2", False)
        store.record("bank", "gone", "1", True)  # a question since deleted from the bank
        assert store.bank_progress("bank", ["q1", "q2"]) == BankProgress(
            questions=2, answered=1, answers=2, correct=1, due=0, last_answered=T0
        )
        store.now = lambda: T0 + timedelta(minutes=5)
        assert store.bank_progress("bank", ["q1", "q2"]).due == 1


def test_reading_an_absent_store_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path, create=False) as store:
        assert store.progress("bank") == {}
        assert store.bank_progress("bank", ["q1"]).answered == 0
    assert not path.exists()


def _foreign_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        db.execute("INSERT INTO notes (body) VALUES ('keep me')")
    db.close()


def _damaged_store(path: Path) -> None:
    with ProgressStore(path, now=lambda: T0) as store:
        for n in range(200):
            store.record("bank", f"q{n}", "some answer " * 20, n % 2 == 0)
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 3] = b"\xa5" * 4096
    path.write_bytes(bytes(data))


def _other_app_empty(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA application_id = 1234")  # another program's file, no tables yet
        db.execute("PRAGMA user_version = 7")
    db.close()


def _hot_journal(path: Path) -> None:
    # Another program crashed mid-transaction: opening the file would roll it back.
    _foreign_sqlite(path)
    code = (
        "import os, shutil, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA journal_mode = DELETE')\n"
        "db.execute('BEGIN IMMEDIATE')\n"
        "db.execute('UPDATE notes SET body = zeroblob(100000)')\n"
        "db.execute('INSERT INTO notes (body) SELECT zeroblob(100000) FROM notes')\n"
        "db.execute('PRAGMA cache_spill = 1')\n"
        "db.execute('PRAGMA cache_size = 1')\n"
        "db.execute('INSERT INTO notes (body) SELECT zeroblob(100000) FROM notes')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    assert Path(f"{path}-journal").stat().st_size > 0


def _damaged_card(path: Path) -> None:
    with ProgressStore(path, now=lambda: T0) as store:
        store.record("sample", "market-size", "1", True)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE cards SET card = '{\"due\": '")
    db.close()


def _damaged_card_keys(path: Path) -> None:
    with ProgressStore(path, now=lambda: T0) as store:
        store.record("sample", "market-size", "1", True)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE cards SET card = '{}'")
    db.close()


def _newer_store(path: Path) -> None:
    ProgressStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()


UNUSABLE = {
    "text": (
        lambda p: p.write_text("not a database, just notes\n"),
        "{path}: not a quizdeck progress store (not an SQLite database); "
        "left untouched, choose another file with --store",
    ),
    "sqlite-header-garbage": (
        lambda p: p.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16),
        "{path}: cannot use progress store (file is not a database); "
        "left untouched, choose another file with --store",
    ),
    "foreign-sqlite": (
        _foreign_sqlite,
        "{path}: not a quizdeck progress store (another program's SQLite database); "
        "left untouched, choose another file with --store",
    ),
    "damaged": (
        _damaged_store,
        "{path}: progress store is damaged (SQLite quick_check failed); "
        "left untouched, choose another file with --store",
    ),
    "other-app-empty": (
        _other_app_empty,
        "{path}: not a quizdeck progress store (another program's SQLite database); "
        "left untouched, choose another file with --store",
    ),
    "hot-journal": (
        _hot_journal,
        "{path}: another program left a transaction unfinished ({path}-journal); "
        "left untouched, choose another file with --store",
    ),
    "damaged-card": (
        _damaged_card,
        "{path}: progress store is damaged (the card of sample/market-size cannot be read); "
        "left untouched, choose another file with --store",
    ),
    "damaged-card-keys": (
        _damaged_card_keys,
        "{path}: progress store is damaged (the card of sample/market-size cannot be read); "
        "left untouched, choose another file with --store",
    ),
    "fifo": (
        lambda p: os.mkfifo(p),
        "{path}: not a regular file (a FIFO), not a progress store; "
        "left untouched, choose another file with --store",
    ),
    "newer": (
        _newer_store,
        "{path}: progress store written by a newer quizdeck (schema 2, this one knows 1); "
        "left untouched, upgrade quizdeck or choose another file with --store",
    ),
}


@pytest.mark.parametrize("kind", sorted(UNUSABLE))
def test_an_unusable_store_is_refused_and_left_untouched(
    workspace: WorkspaceBuilder, tmp_path: Path, kind: str
) -> None:
    make, message = UNUSABLE[kind]
    folder = tmp_path / "store"
    folder.mkdir()
    path = folder / "p.sqlite3"
    make(path)
    before = _snapshot(folder)
    workspace.sample()
    for command in (["quiz"], ["stats"]):
        result = workspace.run(*command, "--store", str(path), input="1\n")
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"quizdeck: {message.format(path=path)}\n"
        assert _snapshot(folder) == before


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes (None for a FIFO, which reading would block on)."""
    return {p.name: p.read_bytes() if p.is_file() else None for p in folder.iterdir()}


def test_a_directory_or_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory, not a progress store"):
        ProgressStore(tmp_path)
    missing = tmp_path / "nowhere" / "p.sqlite3"
    with pytest.raises(StoreError, match=f"directory {tmp_path / 'nowhere'} does not exist"):
        ProgressStore(missing)


def test_an_empty_file_is_set_up(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    path.touch()  # e.g. made with mktemp: an empty SQLite database
    with ProgressStore(path, now=lambda: T0) as store:
        store.record("bank", "q1", "1", True)
        assert set(store.progress("bank")) == {"q1"}


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from quizdeck.study.progress import ProgressStore
    path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    with ProgressStore(path) as store:
        for n in range(count):
            # Both writers answer the same questions: read-modify-write of one card.
            store.record("bank", f"q{n % 5}", name, n % 3 != 0)
    """
)


def test_two_writers_at_once_do_not_corrupt_the_store(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"  # not there yet: both runs race to create it too
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "150"], env=env)
        for name in ("a", "b")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        counts = dict(db.execute("SELECT given, count(*) FROM answers GROUP BY given"))
        assert counts == {"a": 150, "b": 150}
        assert db.execute("SELECT count(*) FROM cards").fetchone() == (5,)
    with ProgressStore(path) as store:
        assert sum(p.answers for p in store.progress("bank").values()) == 300


@pytest.mark.slow
def test_two_quiz_runs_at_once(workspace: WorkspaceBuilder, tmp_path: Path) -> None:
    workspace.sample()
    path = tmp_path / "p.sqlite3"
    command = [sys.executable, "-c", "from quizdeck.cli.app import main; main()", "quiz"]
    plan = session_plan(workspace.root, "7")
    answers = "".join(f"{line}\n" for q, order in plan for line in right_lines(q, order)).encode()
    runs = [
        subprocess.Popen(
            [*command, "--root", str(workspace.root), "--store", str(path), "--seed", "7"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(answers, timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    for stdout, _ in outputs:
        assert "결과: 6문제 중 6문제 정답 (100%)" in stdout.decode()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone() == (18,)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_device_is_refused_and_nothing_made_beside_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as refused:
        ProgressStore(Path("/dev/null"))
    assert str(refused.value) == (
        "/dev/null: not a regular file (a character device), not a progress store; "
        "left untouched, choose another file with --store"
    )
    assert not Path("/dev/null-journal").exists()


@pytest.mark.slow
def test_a_read_only_store_is_refused_before_the_first_question(
    public_workspace: WorkspaceBuilder,
) -> None:
    public_workspace.sample()
    store = public_workspace.root / "p.sqlite3"
    ProgressStore(store).close()
    store.chmod(0o644)  # root's file: user nobody may read it, not write it
    before = store.read_bytes()
    result = run_as_nobody("quiz", "--store", str(store), "--root", str(public_workspace.root))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.endswith(
        f"quizdeck: {store}: cannot write to the progress store (Permission denied); "
        "left untouched, choose another file with --store\n"
    )
    assert store.read_bytes() == before
    stats = run_as_nobody("stats", "--store", str(store), "--root", str(public_workspace.root))
    assert stats.stderr == (
        f"quizdeck: {store}: cannot use progress store (attempt to write a readonly "
        "database); left untouched, choose another file with --store\n"
    )


def test_a_data_directory_that_cannot_be_made_is_a_message(
    workspace: WorkspaceBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.sample()
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data directory should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    result = workspace.run("quiz", input="1\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"quizdeck: cannot create {blocker / 'quizdeck'} for the progress store: "
        "Not a directory; choose a file with --store\n"
    )


def test_a_huge_answer_is_stored_cut(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with ProgressStore(path, now=lambda: T0) as store:
        store.record("bank", "q1", "가" * 5_000_000, False)
    with sqlite3.connect(path) as db:
        (given,) = db.execute("SELECT given FROM answers").fetchone()
    db.close()
    assert given == "가" * 1000 + "…"


def test_a_store_another_run_creates_between_two_reads_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race of two first runs: this one finds the file not ours, then another run
    # commits the schema before this one asks whether the file is empty.
    from quizdeck.study.progress import ProgressStore

    path = tmp_path / "p.sqlite3"
    is_empty = ProgressStore._is_empty

    def another_run_first(store: ProgressStore) -> bool:
        monkeypatch.setattr(ProgressStore, "_is_empty", is_empty)
        with ProgressStore(path):
            pass
        return is_empty(store)

    monkeypatch.setattr(ProgressStore, "_is_empty", another_run_first)
    with ProgressStore(path) as store:
        store.record("b", "q", "x", True)
    with ProgressStore(path, create=False) as store:
        assert store._is_ours()
