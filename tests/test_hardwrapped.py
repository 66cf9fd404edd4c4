"""A hard-wrapped English article, blank lines between its paragraphs: one paragraph per
block in `passages`, in the printed passage and in every citation (issue 13)."""

from __future__ import annotations

import re

from conftest import WorkspaceBuilder
from english import ARTICLE, TITLE, english
from quizdeck.checking.workspace_check import check_workspace
from quizdeck.workspace import Workspace

PARAGRAPHS = [
    "The town council voted on Tuesday to rebuild the old harbour wall, which was damaged in "
    "the January storms, at a cost of 2.4 million pounds. The work is expected to begin in June "
    "and to take eighteen months.",
    "Councillors approved the plan by seven votes to two after a debate that lasted more than "
    "three hours. Those who voted against it said the town should first repair the flood "
    "defences along the river.",
    "The harbour master, Tom Reyes, said the wall protects forty fishing boats and the lifeboat "
    'station. "Without it, the next big storm could close the harbour for a whole season," he '
    "told the meeting.",
    "Half of the money will come from a national coastal fund. The council will borrow the rest "
    "over twenty years, which will add about 12 pounds a year to an average household's bill.",
    "Local businesses welcomed the decision. The owner of the harbour cafe said that visitor "
    "numbers had fallen by a third since the storms closed the promenade.",
    "The council will hold a public meeting about the design on 2 April at the town hall.",
]


def test_passages_shows_one_paragraph_per_block(workspace: WorkspaceBuilder) -> None:
    english(workspace)
    result = workspace.run("passages", "harbour-wall.txt")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "seeds/harbour-wall.txt: body as questions/harbour-wall.yaml gives it",
        *(
            f"¶{n:<3} L{line:<4} {text}"
            for n, line, text in zip(range(1, 7), (7, 11, 15, 19, 23, 27), PARAGRAPHS, strict=True)
        ),
    ]


def test_citations_number_the_blocks(workspace: WorkspaceBuilder) -> None:
    english(workspace)
    [bank] = check_workspace(Workspace(workspace.root)).resolved
    assert {q.id: q.citation for q in bank.questions} == {
        "wall-cost": f"{TITLE}, ¶1",
        "who-pays": f"{TITLE}, ¶4",
        "vote-unanimous": f"{TITLE}, ¶2",
        "harbour-master": f"{TITLE}, ¶3",
        "household-bill": f"{TITLE}, ¶4",
        "flood-defences": f"{TITLE}, ¶2",
    }


def test_the_printed_passage_has_one_paragraph_per_block(workspace: WorkspaceBuilder) -> None:
    english(workspace)
    out = workspace.root / "out"
    result = workspace.run("html", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "harbour-wall-A.html").read_text(encoding="utf-8")
    printed = re.findall(r'<p><span class="para-number">¶(\d+)</span>(.*?)</p>', page)
    assert printed == [
        (str(n), text.replace('"', "&#34;").replace("'", "&#39;"))
        for n, text in enumerate(PARAGRAPHS, start=1)
    ]
    key = (out / "harbour-wall-A-key.html").read_text(encoding="utf-8")
    assert f"<cite>{TITLE}, ¶4</cite>" in key


def test_a_hard_wrapped_bullet_list_prints_as_a_list(workspace: WorkspaceBuilder) -> None:
    listed = ARTICLE.replace(
        "Local businesses welcomed the decision. The owner of the harbour cafe said\n"
        "that visitor numbers had fallen by a third since the storms closed the\n"
        "promenade.\n",
        "Local businesses welcomed the decision, among them:\n"
        "- the harbour cafe, whose owner said that\n"
        "  visitor numbers had fallen by a third;\n"
        "- the boat hire on the promenade.\n",
    )
    assert listed != ARTICLE
    english(workspace)
    workspace.article("harbour-wall.txt", listed)
    out = workspace.root / "out"
    result = workspace.run("html", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "harbour-wall-A.html").read_text(encoding="utf-8")
    assert (
        '<p><span class="para-number">¶5</span>Local businesses welcomed the decision, among them:'
        '<span class="item">- the harbour cafe, whose owner said that visitor numbers had '
        "fallen by a third;</span>"
        '<span class="item">- the boat hire on the promenade.</span></p>'
    ) in page
