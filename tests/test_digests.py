"""Digests: the keys of what a build may reuse."""

from __future__ import annotations

from pathlib import Path

from quizdeck.digests import digest, tree_digest


def test_parts_are_length_prefixed() -> None:
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("ab", "c") == digest(b"ab", b"c")


def test_the_tree_digest_names_each_file_and_its_bytes(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"1")
    before = tree_digest([tmp_path])
    (tmp_path / "a").write_bytes(b"2")
    assert tree_digest([tmp_path]) != before
    (tmp_path / "a").write_bytes(b"1")
    assert tree_digest([tmp_path]) == before
    (tmp_path / "a").rename(tmp_path / "b")
    assert tree_digest([tmp_path]) != before
