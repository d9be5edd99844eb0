"""Trend charts as inline SVG: crisp at any size, no script, no fetch, alt text in <title>."""
from __future__ import annotations

from html import escape

from pmf_core import trend_chart as tc
from pmf_core.presentation import STATUS


def svg(chart: tc.Chart, alt: str, element_id: str) -> str:
    """One <svg role="img"> whose accessible name is ``alt``; ``element_id`` must be unique."""
    left, top, right, bottom = chart.box
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
             f'aria-labelledby="{element_id}" viewBox="0 0 {chart.width} {chart.height}" '
             f'width="{chart.width}" height="{chart.height}" class="chart">'
             f'<title id="{element_id}">{escape(alt)}</title>']
    for y, label in chart.y_ticks:
        parts.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" '
                     f'stroke="{tc.GRID}" stroke-width="1"/>')
        parts.append(_text(left - 8, y + 4, label, "end"))
    for x, label in chart.x_labels:
        parts.append(_text(x, bottom + 18, label, "middle"))
    if chart.target:
        path = " ".join(f"M{a[0]:.1f} {a[1]:.1f} L{b[0]:.1f} {b[1]:.1f}"
                        for a, b in zip(chart.target[::2], chart.target[1::2]))
        parts.append(f'<path d="{path}" stroke="{tc.TARGET}" stroke-width="1.5" '
                     f'stroke-dasharray="6 4" fill="none"/>')
    if len(chart.line) > 1:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in chart.line)
        width = 1.5 if chart.sparkline else 2
        parts.append(f'<polyline points="{points}" stroke="{tc.LINE}" stroke-width="{width}" '
                     f'fill="none"/>')
    markers = chart.markers[-1:] if chart.sparkline else chart.markers
    radius = 3.5 if chart.sparkline else 5
    parts += [_marker(m, radius) for m in markers]
    if not chart.sparkline:
        parts.append(_legend(chart))
    parts.append("</svg>")
    return "".join(parts)


def _text(x: float, y: float, text: str, anchor: str) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{tc.FONT}" '
            f'font-family="Arial, sans-serif" fill="{tc.INK}">{escape(text)}</text>')


def _marker(marker: tc.Marker, r: float) -> str:
    kind, points = tc.shape(marker.status, marker.x, marker.y, r)
    colour = STATUS.get(marker.status, STATUS["No data"]).colour
    if kind == "cross":
        (a, b, c, d) = points
        return (f'<path d="M{a[0]:.1f} {a[1]:.1f} L{b[0]:.1f} {b[1]:.1f} M{c[0]:.1f} '
                f'{c[1]:.1f} L{d[0]:.1f} {d[1]:.1f}" stroke="{colour}" stroke-width="3"/>')
    if kind == "polygon":
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        return f'<polygon points="{corners}" fill="{colour}" stroke="{tc.INK}" stroke-width="1"/>'
    (x, y), = points
    fill = colour if kind == "circle" else "#ffffff"
    stroke = tc.INK if kind == "circle" else colour
    return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{1 if kind == "circle" else 2}"/>')


def _legend(chart: tc.Chart) -> str:
    """Target line and each status's marker with its word, along the bottom."""
    y = chart.height - 14
    x = chart.box[0]
    parts = []
    if chart.target:
        parts.append(f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x + 24:.1f}" y2="{y - 4:.1f}" '
                     f'stroke="{tc.TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>')
        parts.append(_text(x + 30, y, "Target", "start"))
        x += 90
    for status in chart.statuses:
        parts.append(_marker(tc.Marker(x + 6, y - 4, status), 5))
        parts.append(_text(x + 16, y, status, "start"))
        x += 24 + 8 * len(status)
    return "".join(parts)
