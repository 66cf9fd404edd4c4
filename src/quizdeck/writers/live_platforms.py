"""The live platforms, what each one's import holds, and a question one cannot hold.

Apart from the writers' helpers (live.py), so that a build reusing every bank can name
the platforms and what was left out without importing them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Platform:
    """What a platform's import can hold; None where it sets no limit quizdeck knows of."""

    name: str
    title: str
    suffix: str
    # The time limits (seconds) it offers; a question's own always fits (TIME_BY_DIFFICULTY).
    times: tuple[int, ...]
    choices: int | None
    prompt: int | None = None
    answer: int | None = None
    # How many typed answers one question accepts.
    typed: int | None = None


KAHOOT = Platform("kahoot", "Kahoot", ".kahoot.xlsx", (5, 10, 20, 30, 60, 90, 120, 240), 4, 120, 75)
WAYGROUND = Platform(
    "wayground",
    "Wayground",
    ".wayground.xlsx",
    (5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900),
    5,
    typed=5,
)
BLOOKET = Platform("blooket", "Blooket", ".blooket.csv", tuple(range(5, 301)), 4)
QUIZLET = Platform("quizlet", "Quizlet", ".quizlet.txt", (), None)
PLATFORMS: Mapping[str, Platform] = {p.name: p for p in (KAHOOT, WAYGROUND, BLOOKET, QUIZLET)}


@dataclass(frozen=True)
class LeftOut:
    """A question a platform cannot hold, left out of its file, with the reason."""

    platform: str
    key: str
    reason: str
