"""A static chart's legend: each thing drawn, named, wrapped into rows that fit the width."""

from __future__ import annotations

from dataclasses import dataclass

from pmf_core.outputs.chart_marks import SPC_MARKERS
from pmf_core.rules import rag, spc

CHAR_WIDTH = 7.2  # px: an average Arial character at FONT, for the legend's wrapping
LEGEND_ROW = 20  # px between legend rows
LEGEND_LEFT = 8.0  # px: the legend uses the whole width (a phone needs it)


@dataclass(frozen=True)
class LegendItem:
    """One thing drawn, named: kind is target, band, last_year, mean, limits, status or spc."""

    kind: str
    key: str
    label: str
    x: float = 0.0
    y: float = 0.0


def entries(drawn: dict[str, bool], statuses: set[str], kinds: set[str]) -> list[LegendItem]:
    """Each thing the chart draws, in drawing order, named (never colour alone): ``drawn`` says
    which lines and bands have values; ``statuses`` and ``kinds`` are those of the points shown."""
    items = [
        LegendItem(kind, "", label)
        for kind, label, shown in (
            ("target", "Target", drawn["target"]),
            ("band", "Amber tolerance", drawn["band_low"] and drawn["band_high"]),
            ("last_year", "Same period last year", drawn["last_year"]),
            ("mean", "Mean", drawn["mean"]),
            ("limits", "Process limits", drawn["upper_limit"]),
        )
        if shown
    ]
    items += [LegendItem("status", s, s) for s in rag.STATUSES if s in statuses]
    named: dict[str, str] = {}  # both neutral kinds are "Special cause neither"
    for kind in SPC_MARKERS:
        if kind in kinds:
            named.setdefault(spc.VARIATION_WORDS[kind], kind)
    return items + [LegendItem("spc", kind, word) for word, kind in named.items()]


def legend_width(item: LegendItem) -> float:
    """A legend entry's sample, its words and the space after it, in px."""
    return 30 + CHAR_WIDTH * len(item.label) + 16


def rows(entries: list[LegendItem], room: float) -> list[list[LegendItem]]:
    """The entries wrapped into rows no wider than ``room``."""
    rows: list[list[LegendItem]] = []
    used = room
    for item in entries:
        if used + legend_width(item) > room and (not rows or rows[-1]):
            rows.append([])
            used = 0.0
        rows[-1].append(item)
        used += legend_width(item)
    return rows


def place(rows: list[list[LegendItem]], height: int) -> list[LegendItem]:
    """Each entry at its sample's left edge and its text's baseline, the last row at the foot."""
    placed = []
    for number, row in enumerate(rows):
        x, y = LEGEND_LEFT, height - 14 - LEGEND_ROW * (len(rows) - 1 - number)
        for item in row:
            placed.append(LegendItem(item.kind, item.key, item.label, x, y))
            x += legend_width(item)
    return placed
