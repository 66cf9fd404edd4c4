"""Digests: the keys of what a build may reuse."""

from __future__ import annotations

from pathlib import Path

from quizdeck.digests import digest, tree_digest, tree_parts


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


def test_a_tree_is_read_again_after_any_write_even_of_the_same_size(tmp_path: Path) -> None:
    """The digests of a tree are kept while its files' stats stay; a write changes them."""
    (tmp_path / "quiz.html").write_bytes(b"<p>A</p>")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"ignored")
    first = tree_parts(tmp_path)
    assert first == ["quiz.html", digest(b"<p>A</p>")]
    assert tree_parts(tmp_path) == first
    (tmp_path / "quiz.html").write_bytes(b"<p>B</p>")  # the same size, at once
    assert tree_parts(tmp_path) == ["quiz.html", digest(b"<p>B</p>")]
