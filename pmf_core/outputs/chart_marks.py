"""What each mark of a static chart looks like: colours, the font size, each status's marker
and each special-cause ring (never colour alone), for chart_svg and chart_png to paint."""

from __future__ import annotations

import math

from pmf_core.rules import rag, spc
from pmf_core.rules.presentation import CONCERN_COLOUR, IMPROVEMENT_COLOUR, NEITHER_COLOUR

INK, GRID, LINE, TARGET = "#0b0c0c", "#dcdcdc", "#505a5f", "#0b0c0c"
# Last year's line: 3.4:1 on white (WCAG 1.4.11), lighter than the value line (7:1).
BAND, LAST_YEAR, SPC_LINE = "#f47738", "#858b8f", "#6f72af"
FONT = 13
# Special-cause points are ringed: colour and shape both say which kind (never colour alone).
# The colours are the tables' (presentation.VARIATION): concern's dark orange is 5.2:1 on
# white where the RAG amber is 2.8:1.
SPC_MARKERS = {
    spc.IMPROVEMENT: (IMPROVEMENT_COLOUR, "triangle-up"),
    spc.CONCERN: (CONCERN_COLOUR, "triangle-down"),
    spc.NEUTRAL_HIGH: (NEITHER_COLOUR, "square"),
    spc.NEUTRAL_LOW: (NEITHER_COLOUR, "square"),
}


def shape(status: str, x: float, y: float, r: float) -> tuple[str, list[tuple[float, float]]]:
    """Each status's marker (never colour alone): cross, diamond, circle, star, ring.

    Returns a kind ("polygon", "circle", "ring" or "cross") and its points (a circle's centre).
    """
    if status == rag.RED:
        return "cross", [(x - r, y - r), (x + r, y + r), (x - r, y + r), (x + r, y - r)]
    if status == rag.AMBER:
        return "polygon", [(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)]
    if status == rag.BLUE:
        return "polygon", [
            (
                x + (r * 1.3 if i % 2 == 0 else r * 0.55) * math.sin(i * math.pi / 5),
                y - (r * 1.3 if i % 2 == 0 else r * 0.55) * math.cos(i * math.pi / 5),
            )
            for i in range(10)
        ]
    if status == rag.GREEN:
        return "circle", [(x, y)]
    return "ring", [(x, y)]


def ring_shape(kind: str, x: float, y: float, r: float) -> list[tuple[float, float]]:
    """The outline ringing a special-cause point: triangle up (improvement), triangle down
    (concern) or square (neither), as SPC_MARKERS names them."""
    symbol = SPC_MARKERS[kind][1]
    if symbol == "triangle-up":
        return [(x, y - r * 1.15), (x + r, y + r * 0.6), (x - r, y + r * 0.6)]
    if symbol == "triangle-down":
        return [(x, y + r * 1.15), (x + r, y - r * 0.6), (x - r, y - r * 0.6)]
    return [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
