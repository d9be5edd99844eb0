"""Trend charts as inline SVG: crisp at any size, no script, no fetch, alt text in <title>.

Each layer is a group with a class naming it (band, target, last-year, spc-mean, spc-limits,
value-line, markers, spc-rings, legend), drawn in that order; each line is one piece per run,
so a missing period leaves a gap.
"""

from __future__ import annotations

from html import escape

from pmf_core.outputs import chart_legend as legend
from pmf_core.outputs import chart_marks as marks
from pmf_core.outputs import trend_chart as tc
from pmf_core.rules.presentation import STATUS

# Last year's line is dash-dot: solid, beside the solid value line (which the legend names by
# its markers), the legend's one solid grey sample read as the value line itself.
DASHES = {"target": "6 4", "limits": "2 3", "last_year": "8 3 2 3"}
BAND_OPACITY = 0.18


def svg(chart: tc.Chart, alt: str, element_id: str) -> str:
    """One <svg role="img"> whose accessible name is ``alt``; ``element_id`` must be unique."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{element_id}" viewBox="0 0 {chart.width} {chart.height}" '
        f'width="{chart.width}" height="{chart.height}" class="chart">'
        f'<title id="{element_id}">{escape(alt)}</title>',
        _axes(chart),
    ]
    parts += [
        _group("band", "".join(_band(outline) for outline in chart.band)),
        _group("target", _path(chart.target, marks.TARGET, 1.5, DASHES["target"])),
        _group("last-year", _path(chart.last_year, marks.LAST_YEAR, 2, DASHES["last_year"])),
        _group("spc-mean", _path(chart.mean, marks.SPC_LINE, 1.5)),
        _group("spc-limits", _path(chart.limits, marks.SPC_LINE, 1.5, DASHES["limits"])),
    ]
    width = 1.5 if chart.sparkline else 2
    parts.append(
        _group(
            "value-line",
            "".join(
                f'<polyline points="{_points(run)}" stroke="{marks.LINE}" stroke-width="{width}" '
                f'fill="none"/>'
                for run in chart.line
                if len(run) > 1
            ),
        )
    )
    markers = chart.markers[-1:] if chart.sparkline else chart.markers
    radius = 3.5 if chart.sparkline else 5
    parts.append(_group("markers", "".join(_marker(m, radius) for m in markers)))
    parts.append(_group("spc-rings", "".join(_ring(r.kind, r.x, r.y) for r in chart.rings)))
    if not chart.sparkline:
        parts.append(_group("legend", "".join(_legend_item(item) for item in chart.legend)))
    parts.append("</svg>")
    return "".join(parts)


def _axes(chart: tc.Chart) -> str:
    """Grid lines with the value labels, the period labels, and the unit above the values."""
    left, _, right, bottom = chart.box
    parts = []
    for y, label in chart.y_ticks:
        parts.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" '
            f'stroke="{marks.GRID}" stroke-width="1"/>'
        )
        parts.append(_text(left - 8, y + 4, label, "end"))
    parts += [_text(x, bottom + 18, label, "middle") for x, label in chart.x_labels]
    if chart.y_title:
        parts.append(_text(4, chart.box[1] - 12, chart.y_title, "start"))
    return "".join(parts)


def _group(name: str, content: str) -> str:
    return f'<g class="{name}">{content}</g>' if content else ""


def _points(run: tc.Run) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in run)


def _path(runs: list[tc.Run], colour: str, width: float, dashes: str = "") -> str:
    """One path, a piece per run (a gap between runs stays a gap)."""
    pieces = " ".join("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in run) for run in runs)
    if not pieces:
        return ""
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    return f'<path d="{pieces}" stroke="{colour}" stroke-width="{width}"{dash} fill="none"/>'


def _band(outline: tc.Run) -> str:
    return (
        f'<polygon points="{_points(outline)}" fill="{marks.BAND}" '
        f'fill-opacity="{BAND_OPACITY}" stroke="none"/>'
    )


def _text(x: float, y: float, text: str, anchor: str) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{marks.FONT}" '
        f'font-family="Arial, sans-serif" fill="{marks.INK}">{escape(text)}</text>'
    )


def _marker(marker: tc.Marker, r: float) -> str:
    kind, points = marks.shape(marker.status, marker.x, marker.y, r)
    colour = STATUS.get(marker.status, STATUS["No data"]).colour
    if kind == "cross":
        (a, b, c, d) = points
        return (
            f'<path d="M{a[0]:.1f} {a[1]:.1f} L{b[0]:.1f} {b[1]:.1f} M{c[0]:.1f} '
            f'{c[1]:.1f} L{d[0]:.1f} {d[1]:.1f}" stroke="{colour}" stroke-width="3"/>'
        )
    if kind == "polygon":
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        return (
            f'<polygon points="{corners}" fill="{colour}" stroke="{marks.INK}" stroke-width="1"/>'
        )
    ((x, y),) = points
    fill = colour if kind == "circle" else "#ffffff"
    stroke = marks.INK if kind == "circle" else colour
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{1 if kind == "circle" else 2}"/>'
    )


def _ring(kind: str, x: float, y: float, r: float = 9) -> str:
    """An unfilled outline around a special-cause point, its kind's colour and shape."""
    outline = "M" + " L".join(f"{a:.1f} {b:.1f}" for a, b in marks.ring_shape(kind, x, y, r))
    return (
        f'<path d="{outline} Z" fill="none" stroke="{marks.SPC_MARKERS[kind][0]}" '
        f'stroke-width="2.5"/>'
    )


def _legend_item(item: legend.LegendItem) -> str:
    """A sample of what is drawn (24 px wide, centred 4 px above the baseline) and its words."""
    x, y, mid = item.x, item.y - 4, item.x + 12
    if item.kind == "status":
        sample = _marker(tc.Marker(mid, y, item.key), 5)
    elif item.kind == "spc":
        sample = _ring(item.key, mid, y, 7)
    elif item.kind == "band":
        sample = (
            f'<rect x="{x:.1f}" y="{y - 6:.1f}" width="24" height="12" fill="{marks.BAND}" '
            f'fill-opacity="{BAND_OPACITY}" stroke="{marks.BAND}" stroke-width="1"/>'
        )
    else:
        colour, width = {
            "target": (marks.TARGET, 1.5),
            "last_year": (marks.LAST_YEAR, 2),
            "mean": (marks.SPC_LINE, 1.5),
            "limits": (marks.SPC_LINE, 1.5),
        }[item.kind]
        sample = _path([[(x, y), (x + 24, y)]], colour, width, DASHES.get(item.kind, ""))
    return sample + _text(x + 30, item.y, item.label, "start")
