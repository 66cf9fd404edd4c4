"""How full each box of a straightened page is, and what a row of boxes says.

A box's fill is the share of ink inside it (its outline left out), after the page's light
is evened out; a box at least MARKED full is marked, one at most EMPTY full is empty, and
one between is uncertain: its row goes to review (README: what scan decides).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from quizdeck.readers.scan.geometry import SCALE
from quizdeck.sheets import Box

# A pixel darker than INK (0 paper, 1 black, after evening out the light) is ink: a pen
# or a pencil, not the light grey label printed in a bubble. Darker than FAINT it is at
# least a shadow of something: an erasure, a smudge.
INK = 0.35
FAINT = 0.25
# A box with little ink but mostly shaded holds a heavy erasure: decide it by eye.
SHADED = 0.5
MARKED = 0.24
EMPTY = 0.12
# The part of a box that is read: its inside, clear of the printed outline.
INSIDE = 0.74
# Light is evened out over windows wider than any box (mm).
LIGHT_WINDOW = 8.0


@dataclass(frozen=True)
class Reading:
    """A box with its fill ratio (0 to 1)."""

    box: Box
    fill: float
    # The share of the box at least faintly shaded (erasures count here, not in fill).
    shade: float = 0.0

    @property
    def marked(self) -> bool:
        """Filled beyond doubt."""
        return self.fill >= MARKED

    @property
    def uncertain(self) -> bool:
        """Neither clearly filled nor clearly empty, or shaded all over by an erasure."""
        return EMPTY < self.fill < MARKED or (self.fill <= EMPTY and self.shade >= SHADED)

    @property
    def margin(self) -> float:
        """How far the fill is from the nearer threshold (negative inside the uncertain band)."""
        return max(self.fill - MARKED, EMPTY - self.fill)


def ink(page: np.ndarray) -> np.ndarray:
    """How dark each pixel of a straightened page is (0 paper, 1 black), light evened out."""
    window = int(LIGHT_WINDOW * SCALE) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (window, window))
    paper = cv2.GaussianBlur(cv2.dilate(page, kernel), (window, window), 0)
    darkness = 1.0 - page.astype(np.float32) / np.maximum(paper.astype(np.float32), 1.0)
    return darkness


def read_boxes(inked: np.ndarray, boxes: Sequence[Box]) -> list[Reading]:
    """Each box's fill ratio (and shade) on a darkness map from `ink`."""
    readings = []
    for box in boxes:
        cx, cy = (c * SCALE for c in box.center)
        half = box.size * SCALE * INSIDE / 2
        x0, y0 = round(cx - half), round(cy - half)
        x1, y1 = round(cx + half) + 1, round(cy + half) + 1
        patch = inked[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)]
        mask = _disk(patch.shape, half) if box.round else np.ones(patch.shape, dtype=bool)
        inside = patch[mask]
        if inside.size == 0:
            readings.append(Reading(box, 0.0))
            continue
        fill = float(np.count_nonzero(inside > INK)) / inside.size
        shade = float(np.count_nonzero(inside > FAINT)) / inside.size
        readings.append(Reading(box, fill, shade))
    return readings


def _disk(shape: tuple[int, ...], radius: float) -> np.ndarray:
    rows, columns = shape[0], shape[1]
    y, x = np.ogrid[:rows, :columns]
    return np.asarray((x - (columns - 1) / 2) ** 2 + (y - (rows - 1) / 2) ** 2 <= radius * radius)


@dataclass(frozen=True)
class Decision:
    """What a row says: its response, darkest fill and status (ok, blank, multiple, review)."""

    response: str
    fill: float
    status: str


def decide(readings: Sequence[Reading], single: bool) -> Decision:
    """A row's decision: ok (one mark), multiple (several, where several may be), blank, or
    review (an uncertain box, or two marks where one belongs): nothing is guessed."""
    darkest = max((r.fill for r in readings), default=0.0)
    marked = [r.box.value for r in readings if r.marked]
    if any(r.uncertain for r in readings):
        return Decision("", darkest, "review")
    if not marked:
        return Decision("", darkest, "blank")
    if len(marked) > 1:
        # Two marks where one belongs are a question for the teacher, never a guess.
        return (
            Decision("", darkest, "review")
            if single
            else Decision(";".join(marked), darkest, "multiple")
        )
    return Decision(";".join(marked), darkest, "ok")


def student_number(readings: Sequence[Reading], places: int) -> tuple[str, bool]:
    """The student number and whether it is certain; an unclear place reads as '?'.

    Places left empty at the end make a shorter number; an empty place before a filled
    one, two digits in one place or an uncertain bubble make it uncertain.
    """
    digits = []
    for place in range(1, places + 1):
        column = [r for r in readings if r.box.blank == place]
        decision = decide(column, single=True)
        digits.append(decision.response if decision.status in ("ok", "blank") else "?")
    while digits and digits[-1] == "":
        digits.pop()
    certain = bool(digits) and all(len(d) == 1 and d != "?" for d in digits)
    return "".join(d or "?" for d in digits), certain
