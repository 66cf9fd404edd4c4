"""The report's figures, drawn by matplotlib (Agg backend) as SVG with text kept as text."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

# Korean needs a CJK font: the first of these that the machine has (DejaVu always is).
_WANTED_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "DejaVu Sans")
_INSTALLED = {entry.name for entry in font_manager.fontManager.ttflist}
_FONTS = [name for name in _WANTED_FONTS if name in _INSTALLED] or ["DejaVu Sans"]

# Text stays text in the SVG: the browser draws Korean with the page's fonts, and a
# rebuild of the same figures is byte-identical (no embedded glyphs, no date).
plt.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "quizdeck",
        "font.family": _FONTS,
        "font.size": 9,
    }
)


def _svg(figure: Figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": "quizdeck"})
    plt.close(figure)
    text = out.getvalue()
    # The page embeds the <svg> element itself: no XML prolog or DOCTYPE inside HTML.
    return text[text.index("<svg") :]


def scatter(
    points: Sequence[tuple[float, float]], labels: Sequence[str], flagged: Sequence[bool]
) -> str:
    """Facility (x, percent) against discrimination index (y, percent), flagged points in red
    and numbered as the report's table numbers them."""
    figure, axes = plt.subplots(figsize=(6.4, 3.6))
    for (x, y), label, bad in zip(points, labels, flagged, strict=True):
        axes.scatter([x], [y], color="#b00020" if bad else "#1f5fa8", s=18)
        if bad:
            axes.annotate(label, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    axes.axhline(0, color="#888", linewidth=0.8)
    axes.set_xlim(-2, 102)
    axes.set_xlabel("facility index (%)")
    axes.set_ylabel("discrimination index (%)")
    axes.grid(alpha=0.3)
    figure.tight_layout()
    return _svg(figure)


def histogram(totals: Sequence[float], max_score: int) -> str:
    """How many students scored what."""
    figure, axes = plt.subplots(figsize=(6.4, 2.8))
    bins = [b - 0.5 for b in range(0, max_score + 2)]
    axes.hist(totals, bins=bins, color="#1f5fa8", edgecolor="white")
    axes.set_xlabel(f"score (out of {max_score})")
    axes.set_ylabel("students")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(alpha=0.3, axis="y")
    figure.tight_layout()
    return _svg(figure)


def option_bars(labels: Sequence[str], shares: Sequence[float], keys: Sequence[bool]) -> str:
    """Each option's share of the class, the key in green."""
    figure, axes = plt.subplots(figsize=(4.2, 0.35 + 0.32 * len(labels)))
    colours = ["#2e7d32" if key else "#9e9e9e" for key in keys]
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, [100 * s for s in shares], color=colours)
    axes.set_yticks(positions, labels)
    axes.set_xlim(0, 100)
    axes.set_xlabel("chosen by (%)")
    figure.tight_layout()
    return _svg(figure)
