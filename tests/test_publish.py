"""outputs/publish.py: one set of files published whole, or the old set left whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizdeck.outputs.publish import (
    CLAIM_PREFIX,
    MANIFEST,
    OutputRefused,
    claimed_files,
    is_debris,
    is_file_name,
    publish_files,
    read_manifest,
    write_claim,
)


def contents(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.name != MANIFEST}


@pytest.mark.parametrize("first", ["a.html", "d.html"])  # replaced, or new
def test_a_failed_rename_midway_leaves_the_old_set_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    out = tmp_path / "out"
    old = {"a.html": b"old a", "b.html": b"old b", "c.html": b"old c"}
    publish_files(out, old, claimed=["d.html"])
    real_replace = os.replace
    calls = []

    def failing_replace(source: str | Path, target: str | Path) -> None:
        calls.append(Path(target).name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    new = {first: b"new", "b.html": b"new b", "c.html": b"new c", "a.html": b"new a"}
    with pytest.raises(OSError, match="No space left on device"):
        publish_files(out, new)
    monkeypatch.undo()
    assert calls[:2] == [first, "b.html"]  # the first was renamed before b.html failed
    assert contents(out) == old
    assert not any(is_debris(p.name) for p in out.iterdir())


def test_a_set_is_published_with_its_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = publish_files(out, {"b.gift": b"b", "a.gift": b"a"}, claimed=["c.gift"])
    assert written == [out / "b.gift", out / "a.gift"]
    assert contents(out) == {"a.gift": b"a", "b.gift": b"b"}
    assert '"files": [\n  "a.gift",\n  "b.gift",\n  "c.gift"\n ]' in (out / MANIFEST).read_text()
    assert oct((out / "a.gift").stat().st_mode & 0o777) == oct(0o644)


def test_a_foreign_directory_is_refused_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(OutputRefused, match=r"holds files quizdeck did not write \(notes.txt\)"):
        publish_files(out, {"a.gift": b"a"})
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_a_workspace_folder_gets_no_manifest(tmp_path: Path) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "mine.yaml").write_text("x")
    publish_files(folder, {"new.yaml": b"y"}, own=False)
    assert sorted(p.name for p in folder.iterdir()) == ["mine.yaml", "new.yaml"]


def test_a_name_that_is_no_plain_file_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"output name '\.\./x' is not a plain file name"):
        publish_files(tmp_path / "out", {"a": b"a", "../x": b"x"})
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("a.html", True),
        (".stamps.json", True),
        ("퀴즈 A.html", True),
        ("", False),
        (".", False),
        ("..", False),
        ("../x", False),
        ("html/a.html", False),
        ("/etc/passwd", False),
        ("a\0b", False),
        (3, False),
        (None, False),
    ],
)
def test_a_file_name_is_a_name_alone(name: object, plain: bool) -> None:
    assert is_file_name(name) is plain


@pytest.mark.parametrize("name", ["", "..", "../outside.txt", "a\0b"])
def test_a_manifest_naming_what_is_no_file_name_is_not_read(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    publish_files(out, {"a.gift": b"a"})
    text = (out / MANIFEST).read_text(encoding="utf-8")
    (out / MANIFEST).write_text(text.replace('"a.gift"', f'"a.gift", "{name}"'), encoding="utf-8")
    assert read_manifest(out) == {}


def test_claims_name_a_workers_files_and_a_damaged_one_names_none(tmp_path: Path) -> None:
    write_claim(tmp_path, f"{CLAIM_PREFIX}00001", {"html": ["a.html", "b.html"], "anki": []})
    write_claim(tmp_path, f"{CLAIM_PREFIX}00002", {"html": ["c.html"], "lms": ["c.gift"]})
    (tmp_path / f"{CLAIM_PREFIX}00003").write_text('{"files": {"html": ["d.ht', encoding="utf-8")
    (tmp_path / f"{CLAIM_PREFIX}00004").write_text(
        '{"files": {"html": ["../outside.txt", "", "e.html"], "..": ["f.html"]}}', encoding="utf-8"
    )
    (tmp_path / "notes.json").write_text('{"files": {"html": ["g.html"]}}', encoding="utf-8")
    assert claimed_files(tmp_path) == {
        "html": {"a.html", "b.html", "c.html", "e.html"},
        "lms": {"c.gift"},
    }
    with pytest.raises(ValueError, match="is not a claim's"):
        write_claim(tmp_path, "notes.json", {"html": ["x.html"]})
