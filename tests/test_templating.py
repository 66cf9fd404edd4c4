"""The environment of printed pages: one per process for the same template files."""

from __future__ import annotations

from pathlib import Path

from quizdeck.writers.templating import environment, render


def test_the_environment_is_kept_while_its_templates_keep_their_bytes(tmp_path: Path) -> None:
    page = tmp_path / "html" / "page.html"
    page.parent.mkdir()
    page.write_text("A {{ x }}\n", encoding="utf-8")
    first = environment([tmp_path], ())
    assert render(first, "html/page.html", x=1) == "A 1\n"
    assert environment([tmp_path], ()) is first
    # Edited at once (the same modification time, even): a new environment, the new text.
    page.write_text("B {{ x }}\n", encoding="utf-8")
    second = environment([tmp_path], ())
    assert second is not first
    assert render(second, "html/page.html", x=1) == "B 1\n"
    # A file added beside it counts too (an include it may name).
    (tmp_path / "html" / "part.html").write_text("part", encoding="utf-8")
    assert environment([tmp_path], ()) is not second
