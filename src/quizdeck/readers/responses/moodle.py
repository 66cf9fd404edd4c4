"""A Moodle quiz "Responses" report downloaded as CSV (Question N, Response N, Right answer N)."""

from __future__ import annotations

import re

from quizdeck.readers.responses.model import Catalogue, Problem, Responses, Unmapped
from quizdeck.readers.responses.tables import Table, cell
from quizdeck.readers.responses.wide import Layout, read_wide
from quizdeck.resolve import Resolved
from quizdeck.sources.textnorm import answer_key

_SLOT = re.compile(r"^(Question|Response|Right answer) (\d+)$")
LAYOUT = Layout(
    student=("Email address", "ID number", "Username"),
    name=("First name",),
    separator="; ",
    blank=("-",),
)


def is_moodle(table: Table) -> bool:
    """True for a Moodle Responses report (its `Response 1` column)."""
    return "Response 1" in (h.strip() for h in table.header)


def read_moodle(table: Table, catalogue: Catalogue) -> Responses:
    """Slot N's question from its `Question N` text, else from its `Right answer N`."""
    out = Responses()
    slots: dict[int, dict[str, int]] = {}
    for index, heading in enumerate(table.header):
        match = _SLOT.match(heading.strip())
        if match:
            slots.setdefault(int(match[2]), {})[match[1]] = index
    columns: list[tuple[int, Resolved]] = []
    first = table.rows[0][1] if table.rows else ()
    for slot, found in sorted(slots.items()):
        if "Response" not in found:
            continue
        try:
            if "Question" in found and cell(first, found["Question"]):
                question = catalogue.by_heading(cell(first, found["Question"]))
            else:
                question = _by_right_answer(catalogue, cell(first, found.get("Right answer")))
        except Unmapped as problem:
            out.problems.append(Problem(table.origin(1), f"slot {slot}: {problem}"))
            continue
        columns.append((found["Response"], question))
    surname = table.column("Surname", "Last name")
    first_name = table.column("First name")
    rows = Table(table.path, table.header, tuple(r for r in table.rows if cell(r[1], 0)))
    out.extend(
        read_wide(
            rows,
            catalogue,
            LAYOUT,
            columns,
            name_of=lambda row: " ".join(
                p for p in (cell(row, first_name), cell(row, surname)) if p
            ),
        )
    )
    return out


def _by_right_answer(catalogue: Catalogue, right: str) -> Resolved:
    """The one question whose key reads as a slot's right answer (without Question N)."""
    if not right:
        raise Unmapped("no Question or Right answer text: download the report with them")
    wanted = answer_key(right)
    found = [
        q
        for q in catalogue.questions.values()
        if wanted
        in {
            answer_key("; ".join(q.choices[i] for i in sorted(q.keys))),
            *map(answer_key, q.answers),
        }
    ]
    if len(found) != 1:
        raise Unmapped(
            f"right answer {right!r} fits {len(found)} questions: "
            "download the report with the question text"
        )
    return found[0]
