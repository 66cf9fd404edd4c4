"""The environment of printed pages: one per process for the same template files."""

from __future__ import annotations

from pathlib import Path

import markupsafe
import pytest

from quizdeck.writers.templating import environment, escape, render


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


class _Html:
    def __html__(self) -> str:
        return "<b>kept</b>"


@pytest.mark.parametrize(
    "value",
    ["", "plain", "<a href='x'>&\"</a>", "한국 & 中國", 0, 41_400, -3, True, 2.5, None, _Html()],
)
def test_escape_is_markupsafe_escape(value: object) -> None:
    ours = escape(value)
    assert type(ours) is markupsafe.Markup
    assert ours == markupsafe.escape(value)


def test_pages_print_through_the_fast_escape(tmp_path: Path) -> None:
    page = tmp_path / "html" / "page.html"
    page.parent.mkdir()
    page.write_text("{{ x }}|{{ n }}|{{ m }}\n", encoding="utf-8")
    jinja = environment([tmp_path], ())
    template = jinja.get_template("html/page.html")
    assert template.root_render_func.__globals__["escape"] is escape
    assert render(jinja, "html/page.html", x="<&>", n=3, m=markupsafe.Markup("<i>")) == (
        "&lt;&amp;&gt;|3|<i>\n"
    )
