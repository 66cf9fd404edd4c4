"""Selection: which questions a self-test asks, and in which order (README: `quizdeck quiz`)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime

from quizdeck.errors import OptionError
from quizdeck.resolve import Resolved, ResolvedBank
from quizdeck.study.progress import QuestionProgress


def select_questions(
    banks: Sequence[ResolvedBank],
    progress: Mapping[str, Mapping[str, QuestionProgress]],
    now: datetime,
    *,
    types: Sequence[str] = (),
    due: bool = False,
    missed: bool = False,
    seed: int | str | None = None,
    count: int | None = None,
) -> list[Resolved]:
    """The questions to ask, in order.

    Bank order unless `seed` shuffles; `due`: cards due now (earliest first), then
    never-answered ones; `missed`: exactly those whose last answer was wrong.
    """
    if due and missed:
        raise OptionError("--due and --missed cannot be combined")
    if count is not None and count < 1:
        raise OptionError("--count must be at least 1")
    items = [
        question
        for bank in banks
        for question in bank.questions
        if not types or question.type in types
    ]

    def known(item: Resolved) -> QuestionProgress | None:
        return progress.get(item.bank, {}).get(item.id)

    shuffle = random.Random(seed).shuffle if seed is not None else None
    if missed:
        items = [i for i in items if (p := known(i)) is not None and not p.last_correct]
    if due:
        ready = [i for i in items if (p := known(i)) is not None and p.due <= now]
        fresh = [i for i in items if known(i) is None]
        if shuffle:
            shuffle(ready)
            shuffle(fresh)
        else:
            ready.sort(key=lambda i: known(i).due)  # type: ignore[union-attr]
        items = ready + fresh
    elif shuffle:
        shuffle(items)
    return items[:count] if count else items
