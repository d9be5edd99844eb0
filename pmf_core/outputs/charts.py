"""Plotly figures from computed frames. No rules here: statuses and limits arrive computed."""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from pmf_core.outputs.chart_marks import LAST_YEAR, SPC_MARKERS
from pmf_core.outputs.trend_chart import (
    band_strips,
    isolated,
    padded_span,
    tick_indices,
    time_axis,
)
from pmf_core.rules import spc
from pmf_core.rules.periods import at_position, key_frequency, year_month
from pmf_core.rules.presentation import STATUS, format_value

TICKS = 5  # period labels on a time axis at most: five fit a phone
LEGEND_ROW, AXIS_ROOM, PLOT_HEIGHT = 24, 40, 300  # pixels
MARKERS = {
    "Red": "x",
    "Amber": "diamond",
    "Green": "circle",
    "Blue": "star",
    "Not rated": "circle-open",
    "No data": "line-ew",
}


def as_text(text: str | None) -> str:
    """Plotly reads <b>, <a href> and the like in titles: escape them so names show as typed."""
    return html.escape(text or "", quote=False)


def period_end(end: int, frequency: str = "monthly") -> pd.Timestamp:
    """The last day of a period at a position on the time axis (a month index, or for a
    weekly measure the week's position): where the period sits on the time axis."""
    if frequency == "weekly":
        return pd.Timestamp(at_position(end, frequency).day_date)
    year, month = year_month(end)
    return pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)


def on_time_axis(points: pd.DataFrame) -> pd.DataFrame:
    """The points with ``x``, each period's end date, and a row of no values for every missing
    period of the frequency (trend_chart.time_axis), so the line breaks across a gap and the
    gap is drawn to scale."""
    if points.empty:
        return points.assign(x=pd.Series(dtype="datetime64[ns]"))
    frame = time_axis(points)
    frequency = key_frequency(str(points["period"].iloc[0])) if "period" in points else "monthly"
    frame = frame.assign(x=[period_end(end, frequency) for end in frame["end"]]).drop(columns="end")
    return _year_breaks(frame)


def _year_breaks(frame: pd.DataFrame) -> pd.DataFrame:
    """A row of no values just before each April of a running total (``new_year``), so its
    lines break there and each financial year is drawn as its own line."""
    if "new_year" not in frame:
        return frame
    starts = frame["new_year"].astype(object).fillna(False).astype(bool).to_numpy(copy=True)
    starts[0] = False
    if not starts.any():
        return frame
    gaps = pd.DataFrame({"x": frame.loc[starts, "x"] - pd.Timedelta(days=15)})
    return pd.concat([frame, gaps]).sort_values("x", kind="stable").reset_index(drop=True)


def trend_figure(
    points: pd.DataFrame, title: str, unit: str | None, spc_table: pd.DataFrame | None = None
) -> go.Figure:
    """Series with target, amber band, last year's line, SPC limits; points by status.

    ``points`` has period, label, value, target, band_low, band_high, last_year, rag. The x
    axis is time (each period's end date): a missing period is a gap and breaks the lines; a
    value with no neighbour is marked, since no line can draw it. Both axes span what is
    drawn with a margin, so the target is never on the frame, and the legend names only what
    is drawn.
    """
    points = on_time_axis(points)
    fig = go.Figure()
    if points["target"].notna().any():
        _add_band(fig, points)
        _line(
            fig,
            points["x"],
            points["target"],
            "Target",
            {"color": "#0b0c0c", "dash": "dash"},
            line_shape="hv",
        )
    if "target_upper" in points and points["target_upper"].notna().any():
        _line(
            fig,
            points["x"],
            points["target_upper"],
            "Top of the target range",
            {"color": "#0b0c0c", "dash": "dot"},
            line_shape="hv",
        )
    _line(
        fig,
        points["x"],
        points["last_year"],
        "Same period last year",
        {"color": LAST_YEAR, "width": 2, "dash": "dashdot"},
    )
    shown = ("value", "target", "target_upper", "band_low", "band_high", "last_year")
    spans = [points[c] for c in shown if c in points]
    if spc_table is not None and not spc_table.empty:
        spans += _add_spc(fig, points, spc_table)
    _line(
        fig,
        points["x"],
        points["value"],
        "Value",
        {"color": "#505a5f", "width": 2},
        mark_alone=False,
        hoverinfo="skip",
    )
    groups = {str(key): group for key, group in points.groupby("rag")}
    for status in sorted(groups, key=lambda s: list(STATUS).index(s) if s in STATUS else 99):
        group, style = groups[status], STATUS.get(status, STATUS["No data"])
        fig.add_trace(
            go.Scatter(
                x=group["x"],
                y=group["value"],
                mode="markers",
                name=f"{style.symbol} {status}",
                marker={
                    "color": style.colour,
                    "size": 10,
                    "symbol": MARKERS.get(status, "circle"),
                    "line": {"color": "#0b0c0c", "width": 1},
                },
                customdata=group["label"],
                hovertemplate="%{customdata}: %{y}<extra>" + status + "</extra>",
            )
        )
    fig.update_layout(
        title=as_text(title),
        height=420,
        margin={"l": 60, "r": 20, "t": 50, "b": 20},
        yaxis_title=as_text(unit),
        plot_bgcolor="#ffffff",
        font={"family": "Arial, sans-serif"},
    )
    _time_axis(fig, points)
    span = padded_span(v for column in spans for v in column)
    fig.update_yaxes(gridcolor="#e5e5e5", range=list(span) if span else None)
    return fig


def _line(
    fig: go.Figure,
    x,
    y,
    name: str,
    line: dict,
    mark_alone: bool = True,
    showlegend: bool = True,
    **more,
) -> None:
    """A line trace, or nothing when it has no value; a value alone between gaps gets a short
    level mark (no line can reach it), or with ``mark_alone`` off, the trace is left out when
    no two neighbouring periods have a value."""
    values: list[float | None] = [None if pd.isna(v) else v for v in y]
    alone = isolated(values)
    if all(v is None for v in values) or (
        not mark_alone and all(a or v is None for a, v in zip(alone, values))
    ):
        return
    marks = (
        {
            "mode": "lines+markers",
            "marker": {
                "size": [14 if a else 0 for a in alone],
                "symbol": "line-ew",
                "line": {"color": line["color"], "width": 3},
            },
        }
        if mark_alone and any(alone)
        else {"mode": "lines"}
    )
    fig.add_trace(
        go.Scatter(x=x, y=values, name=name, line=line, showlegend=showlegend, **marks, **more)
    )


def _time_axis(fig: go.Figure, points: pd.DataFrame) -> None:
    """Time from half a period before the first to half a period after the last, however few
    the points, labelled with at most TICKS of the periods' own labels."""
    if points.empty:
        return
    half = _half_period(points)
    chosen = tick_indices(len(points), TICKS)
    fig.update_xaxes(
        showgrid=False,
        type="date",
        tickangle=0,
        automargin=True,
        range=[points["x"].iloc[0] - half, points["x"].iloc[-1] + half],
        tickvals=[points["x"].iloc[i] for i in chosen],
        ticktext=[as_text(str(points["label"].iloc[i])) for i in chosen],
    )


def _half_period(points: pd.DataFrame) -> pd.Timedelta:
    """Half the time between neighbouring periods (half a month for a single point)."""
    return (
        (points["x"].iloc[1] - points["x"].iloc[0]) / 2
        if len(points) > 1
        else pd.Timedelta(days=15)
    )


def _add_band(fig: go.Figure, points: pd.DataFrame) -> None:
    """The amber tolerance, one filled strip per run of periods with a target: a fill would
    otherwise bridge a gap. A run of one period has no width, so it is drawn across the middle
    of its period's slot."""
    half = _half_period(points)
    for number, (low, high) in enumerate(band_strips(points)):
        _add_strip(fig, points.assign(band_low=points[low], band_high=points[high]), half, number)


def _add_strip(fig: go.Figure, points: pd.DataFrame, half, strip: int) -> None:
    """One amber strip between band_low and band_high, a filled piece per run of periods."""
    known = points["band_low"].notna() & points["band_high"].notna()
    runs = (known != known.shift()).cumsum()[known]
    for number, (_, run) in enumerate(points[known].groupby(runs)):
        if len(run) == 1:
            run = pd.concat([run, run]).assign(
                x=[run["x"].iloc[0] - half / 2, run["x"].iloc[0] + half / 2]
            )
        fig.add_trace(
            go.Scatter(
                x=run["x"],
                y=run["band_high"],
                mode="lines",
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup="band",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=run["x"],
                y=run["band_low"],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor="rgba(244,119,56,0.15)",
                name="Amber tolerance",
                hoverinfo="skip",
                legendgroup="band",
                showlegend=number == 0 and strip == 0,
            )
        )


def _add_spc(fig: go.Figure, points: pd.DataFrame, table: pd.DataFrame) -> list[pd.Series]:
    """The mean, the process limits and the special-cause rings; the lines drawn, returned so
    the axis spans them."""
    merged = points[["period", "x"]].merge(table, on="period", how="left")  # gaps stay gaps
    for column, name, dash in (
        ("mean", "Mean", "solid"),
        ("upper_limit", "Process limits", "dot"),
        ("lower_limit", "Process limits", "dot"),
    ):
        _line(
            fig,
            merged["x"],
            merged[column],
            name,
            {"color": "#6f72af", "dash": dash, "width": 1.5},
            showlegend=column != "lower_limit",
            legendgroup="limits" if column.endswith("limit") else "mean",
        )
    for kind, (colour, symbol) in SPC_MARKERS.items():
        flagged = merged[merged["point_type"] == kind]
        if not flagged.empty:
            fig.add_trace(
                go.Scatter(
                    x=flagged["x"],
                    y=flagged["value"],
                    mode="markers",
                    name=spc.VARIATION_WORDS[kind],
                    marker={
                        "color": "rgba(0,0,0,0)",
                        "size": 18,
                        "symbol": symbol,
                        "line": {"color": colour, "width": 2.5},
                    },
                )
            )
    return [merged[c] for c in ("mean", "upper_limit", "lower_limit")]


OWN_COLOUR, OTHER_COLOUR, BAND_COLOUR = "#1d70b8", "#b1b4b6", "rgba(29,112,184,0.15)"
# Reference areas (England, the region): a dark purple dotted line, 9:1 on white.
REFERENCE_COLOUR, REFERENCE_DASHES = "#4c2c92", ("dot", "dashdot", "longdash")
OWN_MARK = "▶"  # the council's bar and line are marked by a symbol and words, not colour alone


def ranked_figure(
    ranked: pd.DataFrame,
    title: str,
    unit: str | None,
    median: float | None,
    subtitle: str = "",
    decimals: int = 2,
    references: pd.DataFrame | None = None,
) -> go.Figure:
    """One period's areas as bars, best at the top, the council's bar marked, the median drawn,
    and each reference area (England, the region) as a dotted line: not a bar, not ranked.

    ``ranked`` has area_name, value, rank and is_own, best first
    (pmf_core.rules.comparators.ranked); ``references`` has area_name and value. Figures are
    written at ``decimals`` with the unit.
    """
    names = [
        as_text(f"{OWN_MARK} {n}" if own else n)
        for n, own in zip(ranked["area_name"], ranked["is_own"])
    ]
    hover = [
        f"{format_value(v, decimals, unit)} ({f'rank {r}' if pd.notna(r) else 'no rank'})"
        for v, r in zip(ranked["value"], ranked["rank"])
    ]
    fig = go.Figure(
        go.Bar(
            x=ranked["value"],
            y=names,
            orientation="h",
            customdata=hover,
            marker={
                "color": [OWN_COLOUR if own else OTHER_COLOUR for own in ranked["is_own"]],
                "pattern": {"shape": ["/" if own else "" for own in ranked["is_own"]]},
            },
            hovertemplate="%{y}: %{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    has_median = median is not None and pd.notna(median)
    references = references if references is not None else ranked.iloc[:0]
    values = [
        v
        for v in [*ranked["value"], *references["value"], median if has_median else None]
        if pd.notna(v)
    ]
    if has_median:
        # The label reads away from the nearer edge, so a narrow screen never cuts it.
        right_half = values and median > (min(0.0, min(values)) + max(values)) / 2
        fig.add_vline(
            x=median,
            line={"color": "#0b0c0c", "dash": "dash", "width": 2},
            annotation_text=f"group median {format_value(median, decimals, unit)}",
            annotation_position="top",
            annotation={"xanchor": "right" if right_half else "left"},
        )
    for number, (name, value) in enumerate(zip(references["area_name"], references["value"])):
        line = {
            "color": REFERENCE_COLOUR,
            "width": 2,
            "dash": REFERENCE_DASHES[number % len(REFERENCE_DASHES)],
        }
        fig.add_vline(x=value, line=line)
        # Named in the legend (not written over the bars), each with its own dash pattern.
        label = f"{name} {format_value(value, decimals, unit)} (reference, not ranked)"
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=line, name=as_text(label)))
    if values:
        fig.update_xaxes(range=[min(0.0, min(values)), max(values) * 1.05 or 1.0])
    heading = as_text(title) + (f"<br><sup>{as_text(subtitle)}</sup>" if subtitle else "")
    below = 24 * len(references)  # room for the reference lines' legend under the axis
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "x": 0},
        title=heading,
        height=max(300, 22 * len(ranked) + 130 + below),
        margin={"l": 20, "r": 20, "t": 80, "b": 40 + below},
        plot_bgcolor="#ffffff",
        font={"family": "Arial, sans-serif"},
        xaxis_title=as_text(unit),
    )
    fig.update_yaxes(autorange="reversed", type="category", automargin=True)
    fig.update_xaxes(gridcolor="#e5e5e5")
    return fig


def band_figure(
    positions: pd.DataFrame,
    title: str,
    unit: str | None,
    own_name: str,
    group: str,
    decimals: int = 2,
) -> go.Figure:
    """The council's value against the group's median and quartile band, period by period.

    ``positions`` has label, value, group_median and the two quartiles; periods without a
    group value are left out. Hovered figures are written at ``decimals`` with the unit.
    """
    both = positions[positions["group_median"].notna()]
    shown = {
        c: [format_value(v, decimals, unit) for v in both[c]] for c in ("value", "group_median")
    }
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=both["label"],
            y=both["group_upper_quartile"],
            mode="lines",
            line={"width": 0},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=both["label"],
            y=both["group_lower_quartile"],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=BAND_COLOUR,
            name=as_text(f"{group}: middle half (quartiles)"),
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=both["label"],
            y=both["group_median"],
            mode="lines",
            name=as_text(f"{group}: median"),
            customdata=shown["group_median"],
            hovertemplate="%{x}: %{customdata}",
            line={"color": "#0b0c0c", "dash": "dash", "width": 2},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=both["label"],
            y=both["value"],
            mode="lines+markers",
            name=as_text(f"{OWN_MARK} {own_name}"),
            customdata=shown["value"],
            hovertemplate="%{x}: %{customdata}",
            line={"color": OWN_COLOUR, "width": 3},
            marker={"size": 9, "symbol": "diamond"},
        )
    )
    fig.update_layout(
        title=as_text(title),
        plot_bgcolor="#ffffff",
        yaxis_title=as_text(unit),
        font={"family": "Arial, sans-serif"},
    )
    chosen = tick_indices(len(both), TICKS)
    fig.update_xaxes(
        showgrid=False,
        type="category",
        automargin=True,
        tickangle=0,
        tickvals=[both["label"].iloc[i] for i in chosen],
        ticktext=[as_text(str(both["label"].iloc[i])) for i in chosen],
    )
    fig.update_yaxes(gridcolor="#e5e5e5")
    legend_below(fig, per_row=1)  # a group's name can be long
    fig.update_layout(margin={"t": 50})
    fig.layout.height += 34  # the title's line above the plot
    return fig


def legend_entries(fig: go.Figure) -> list[str]:
    """The names the legend lists: every named trace not kept out of it."""
    return [t.name for t in fig.data if t.name and t.showlegend is not False]


def legend_below(fig: go.Figure, plot_height: int = PLOT_HEIGHT, per_row: int = 2) -> go.Figure:
    """The legend under the x axis, ``per_row`` entries to a row, in room of its own: the
    figure grows by its rows, so it never covers the plot or the axis labels at any width."""
    rows = math.ceil(len(legend_entries(fig)) / per_row)
    bottom = AXIS_ROOM + LEGEND_ROW * rows
    fig.update_layout(
        height=16 + plot_height + bottom,
        margin={"l": 52, "r": 8, "t": 16, "b": bottom},
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "entrywidth": 1 / per_row,
            "entrywidthmode": "fraction",
            "itemwidth": 30,
            "traceorder": "normal",
            "font": {"size": 11},
        },
    )
    return fig


def page_layout(fig: go.Figure) -> go.Figure:
    """The trend chart as the app shows it, from a 360 px phone up: the page writes the title
    (it wraps; plotly's would be cut), the legend sits below the axis two entries to a row."""
    fig.update_layout(title=None)
    fig.update_xaxes(tickfont={"size": 11})
    return legend_below(fig)
