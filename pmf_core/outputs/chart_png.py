"""Trend charts as PNG for Word, drawn in-process with Pillow (no browser, no plotly export).

Drawn three times larger and scaled down, so lines and markers are smooth. Draws the value line,
target, markers and their legend; the drill-down's extra layers (band, last year, SPC) are left to
chart_svg, as reports never ask for them.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

from pmf_core.outputs import chart_marks as marks
from pmf_core.outputs import trend_chart as tc
from pmf_core.rules.presentation import STATUS

SCALE = 3


def png(chart: tc.Chart) -> bytes:
    """The chart as PNG bytes, ``chart.width`` x ``chart.height`` pixels."""
    image = Image.new("RGB", (chart.width * SCALE, chart.height * SCALE), "#ffffff")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=marks.FONT * SCALE)
    left, _, right, bottom = _scaled(chart.box)
    for y, label in chart.y_ticks:
        draw.line([(left, y * SCALE), (right, y * SCALE)], fill=marks.GRID, width=SCALE)
        draw.text((left - 8 * SCALE, y * SCALE), label, fill=marks.INK, font=font, anchor="rm")
    for x, label in chart.x_labels:
        draw.text((x * SCALE, bottom + 6 * SCALE), label, fill=marks.INK, font=font, anchor="mt")
    for run in chart.target:
        for a, b in zip(run, run[1:]):
            _dashed(draw, a, b)
    for run in chart.line:
        if len(run) > 1:
            draw.line(
                [(x * SCALE, y * SCALE) for x, y in run],
                fill=marks.LINE,
                width=2 * SCALE,
                joint="curve",
            )
    for marker in chart.markers:
        _marker(draw, marker, 5)
    if not chart.sparkline:
        _legend(draw, chart, font)
    out = io.BytesIO()
    image.resize((chart.width, chart.height), Image.Resampling.LANCZOS).save(out, "PNG")
    return out.getvalue()


def _scaled(values):
    return [v * SCALE for v in values]


def _dashed(draw: ImageDraw.ImageDraw, a, b, dash: float = 6, gap: float = 4) -> None:
    """A dashed segment from a to b (a target's level or its rise at a period boundary)."""
    length = math.dist(a, b)
    done = 0.0
    while done < length:
        stop = min(done + dash, length)
        ends = [
            (a[0] + (b[0] - a[0]) * t / length, a[1] + (b[1] - a[1]) * t / length)
            for t in (done, stop)
        ]
        draw.line(
            [(x * SCALE, y * SCALE) for x, y in ends], fill=marks.TARGET, width=int(1.5 * SCALE)
        )
        done = stop + gap


def _marker(draw: ImageDraw.ImageDraw, marker: tc.Marker, r: float) -> None:
    kind, points = marks.shape(marker.status, marker.x * SCALE, marker.y * SCALE, r * SCALE)
    colour = STATUS.get(marker.status, STATUS["No data"]).colour
    if kind == "cross":
        draw.line(points[:2], fill=colour, width=3 * SCALE)
        draw.line(points[2:], fill=colour, width=3 * SCALE)
    elif kind == "polygon":
        draw.polygon(points, fill=colour, outline=marks.INK, width=SCALE)
    else:
        ((x, y),) = points
        box = [x - r * SCALE, y - r * SCALE, x + r * SCALE, y + r * SCALE]
        if kind == "circle":
            draw.ellipse(box, fill=colour, outline=marks.INK, width=SCALE)
        else:
            draw.ellipse(box, fill="#ffffff", outline=colour, width=2 * SCALE)


def _legend(draw: ImageDraw.ImageDraw, chart: tc.Chart, font) -> None:
    """The target's and each status's sample with its words, where the layout placed them."""
    for item in chart.legend:
        x, y = item.x, item.y - 4
        if item.kind == "target":
            _dashed(draw, (x, y), (x + 24, y))
        elif item.kind == "status":
            _marker(draw, tc.Marker(x + 12, y, item.key), 5)
        else:
            continue  # a layer this renderer does not draw
        draw.text(((x + 30) * SCALE, y * SCALE), item.label, fill=marks.INK, font=font, anchor="lm")
