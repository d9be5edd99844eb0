"""A static trend chart's geometry, drawn by chart_svg (pages) and chart_png (Word).

Reports and the public site need charts without a browser: plotly's static export needs kaleido
and Chromium, so the layout is computed here once and painted by two small renderers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from pmf_core import rag

INK, GRID, LINE, TARGET = "#0b0c0c", "#dcdcdc", "#505a5f", "#0b0c0c"
FONT = 13


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    status: str


@dataclass
class Chart:
    """Pixel geometry of one chart: plot box, value line, markers, target steps, axis labels."""

    width: int
    height: int
    box: tuple[float, float, float, float]          # left, top, right, bottom
    line: list[tuple[float, float]] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    target: list[tuple[float, float]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    sparkline: bool = False


def layout(points: pd.DataFrame, fmt, *, width: int = 640, height: int = 260,
           sparkline: bool = False) -> Chart:
    """Place a series (columns label, value, target, rag) in a width x height picture.

    ``fmt`` writes a number as the axis shows it. A sparkline has no axes or labels.
    """
    box = (2.0, 4.0, width - 6.0, height - 4.0) if sparkline else \
        (64.0, 12.0, width - 16.0, height - 58.0)
    chart = Chart(width, height, box, sparkline=sparkline)
    values = points["value"].astype(float).tolist()
    targets = points["target"].astype(float).tolist() if "target" in points else []
    known = [v for v in values + targets if not math.isnan(v)]
    if not known:
        return chart
    low, high, step = nice_range(min(known), max(known))
    x_of = _x_scale(box, len(values))
    y_of = lambda v: box[3] - (v - low) / (high - low) * (box[3] - box[1])  # noqa: E731
    chart.line = [(x_of(i), y_of(v)) for i, v in enumerate(values) if not math.isnan(v)]
    statuses = points["rag"].tolist() if "rag" in points else [rag.NOT_RATED] * len(values)
    chart.markers = [Marker(x_of(i), y_of(v), s) for i, (v, s) in enumerate(zip(values, statuses))
                     if not math.isnan(v)]
    chart.target = _steps(targets, x_of, y_of, box)
    if not sparkline:
        ticks = [low + i * step for i in range(round((high - low) / step) + 1)]
        chart.y_ticks = [(y_of(t), fmt(t)) for t in ticks]
        chart.x_labels = _x_labels(points["label"].tolist(), x_of)
        chart.statuses = [s for s in rag.STATUSES if s in {m.status for m in chart.markers}]
    return chart


def nice_range(low: float, high: float, ticks: int = 4) -> tuple[float, float, float]:
    """Round axis ends and a step of 1, 2 or 5 times a power of ten covering low..high."""
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _x_scale(box, count: int):
    left, _, right, _ = box
    if count <= 1:
        return lambda i: (left + right) / 2
    inset = (right - left) / (2 * count)
    return lambda i: left + inset + i * (right - left - 2 * inset) / (count - 1)


def _steps(targets: list[float], x_of, y_of, box) -> list[tuple[float, float]]:
    """The target as a stepped line (it changes at the financial year), gaps left out."""
    if not targets or all(math.isnan(t) for t in targets):
        return []
    half = (x_of(1) - x_of(0)) / 2 if len(targets) > 1 else (box[2] - box[0]) / 2
    out = []
    for i, t in enumerate(targets):
        if not math.isnan(t):
            out += [(x_of(i) - half, y_of(t)), (x_of(i) + half, y_of(t))]
    return out


def _x_labels(labels: list[str], x_of, most: int = 6) -> list[tuple[float, str]]:
    """At most ``most`` period labels, evenly spaced, always the latest."""
    if not labels:
        return []
    every = max(1, math.ceil(len(labels) / most))
    chosen = sorted({*range(len(labels) - 1, -1, -every)})
    return [(x_of(i), labels[i]) for i in chosen]


def describe(points: pd.DataFrame, figure) -> str:
    """Alt text: the span, the latest value, the lowest and highest, and the latest target."""
    shown = points.dropna(subset=["value"])
    if shown.empty:
        return "Trend chart: no values to show yet."
    first, last = shown.iloc[0], shown.iloc[-1]
    text = (f"Trend from {first['label']} to {last['label']}: latest {figure(last['value'])}, "
            f"lowest {figure(shown['value'].min())}, highest {figure(shown['value'].max())}")
    target = last.get("target")
    if target is not None and target == target:
        text += f"; target {figure(target)}"
    return text + "."


def shape(status: str, x: float, y: float, r: float) -> tuple[str, list[tuple[float, float]]]:
    """Each status's marker (SPEC 8: never colour alone): cross, diamond, circle, star, ring.

    Returns a kind ("polygon", "circle", "ring" or "cross") and its points (a circle's centre).
    """
    if status == rag.RED:
        return "cross", [(x - r, y - r), (x + r, y + r), (x - r, y + r), (x + r, y - r)]
    if status == rag.AMBER:
        return "polygon", [(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)]
    if status == rag.BLUE:
        return "polygon", [(x + (r * 1.3 if i % 2 == 0 else r * 0.55) * math.sin(i * math.pi / 5),
                            y - (r * 1.3 if i % 2 == 0 else r * 0.55) * math.cos(i * math.pi / 5))
                           for i in range(10)]
    if status == rag.GREEN:
        return "circle", [(x, y)]
    return "ring", [(x, y)]
