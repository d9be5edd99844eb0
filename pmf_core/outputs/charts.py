"""Plotly figures from computed frames. No rules here: statuses and limits arrive computed."""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from pmf_core.outputs.chart_marks import LAST_YEAR, SPC_MARKERS
from pmf_core.outputs.trend_chart import time_axis
from pmf_core.rules import spc
from pmf_core.rules.periods import year_month
from pmf_core.rules.presentation import STATUS

MARKERS = {"Red": "x", "Amber": "diamond", "Green": "circle", "Blue": "star",
           "Not rated": "circle-open", "No data": "line-ew"}


def as_text(text: str | None) -> str:
    """Plotly reads <b>, <a href> and the like in titles: escape them so names show as typed."""
    return html.escape(text or "", quote=False)


def period_end(end: int) -> pd.Timestamp:
    """The last day of a month index: where a period sits on the time axis."""
    year, month = year_month(end)
    return pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)


def on_time_axis(points: pd.DataFrame) -> pd.DataFrame:
    """The points with ``x``, each period's end date, and a row of no values for every missing
    period of the frequency (trend_chart.time_axis), so the line breaks across a gap and the
    gap is drawn to scale."""
    if points.empty:
        return points.assign(x=pd.Series(dtype="datetime64[ns]"))
    frame = time_axis(points)
    return frame.assign(x=[period_end(end) for end in frame["end"]]).drop(columns="end")


def trend_figure(points: pd.DataFrame, title: str, unit: str | None,
                 spc_table: pd.DataFrame | None = None) -> go.Figure:
    """Series with target, amber band, last year's line, SPC limits; points by status.

    ``points`` has period, label, value, target, band_low, band_high, last_year, rag. The x
    axis is time (each period's end date): a missing period is a gap and breaks the lines.
    """
    points = on_time_axis(points)
    fig = go.Figure()
    if points["target"].notna().any():
        _add_band(fig, points)
        fig.add_trace(go.Scatter(x=points["x"], y=points["target"], mode="lines",
                                 name="Target", line={"color": "#0b0c0c", "dash": "dash"},
                                 line_shape="hv"))
    if points["last_year"].notna().any():
        fig.add_trace(go.Scatter(x=points["x"], y=points["last_year"], mode="lines",
                                 name="Same period last year",
                                 line={"color": LAST_YEAR, "width": 2}))
    if spc_table is not None and not spc_table.empty:
        _add_spc(fig, points, spc_table)
    fig.add_trace(go.Scatter(x=points["x"], y=points["value"], mode="lines",
                             line={"color": "#505a5f", "width": 2}, name="Value",
                             hoverinfo="skip"))
    for key, group in points.groupby("rag"):
        status = str(key)
        style = STATUS.get(status, STATUS["No data"])
        fig.add_trace(go.Scatter(
            x=group["x"], y=group["value"], mode="markers", name=f"{style.symbol} {status}",
            marker={"color": style.colour, "size": 10, "symbol": MARKERS.get(status, "circle"),
                    "line": {"color": "#0b0c0c", "width": 1}}, customdata=group["label"],
            hovertemplate="%{customdata}: %{y}<extra>" + status + "</extra>"))
    fig.update_layout(title=as_text(title), height=420, margin={"l": 60, "r": 20, "t": 50, "b": 20},
                      yaxis_title=as_text(unit),
                      legend={"orientation": "h", "y": -0.12, "yanchor": "top"},
                      plot_bgcolor="#ffffff", font={"family": "Arial, sans-serif"})
    fig.update_xaxes(showgrid=False, type="date", tickformat="%b %Y", tickangle=0, nticks=10,
                     automargin=True)
    fig.update_yaxes(gridcolor="#e5e5e5")
    return fig


def _add_band(fig: go.Figure, points: pd.DataFrame) -> None:
    """The amber tolerance, one filled strip per run of periods with a target: a fill would
    otherwise bridge a gap."""
    known = points["band_low"].notna() & points["band_high"].notna()
    runs = (known != known.shift()).cumsum()[known]
    for number, (_, run) in enumerate(points[known].groupby(runs)):
        fig.add_trace(go.Scatter(x=run["x"], y=run["band_high"], mode="lines",
                                 line={"width": 0}, hoverinfo="skip", showlegend=False,
                                 legendgroup="band"))
        fig.add_trace(go.Scatter(x=run["x"], y=run["band_low"], mode="lines",
                                 line={"width": 0}, fill="tonexty",
                                 fillcolor="rgba(244,119,56,0.15)", name="Amber tolerance",
                                 hoverinfo="skip", legendgroup="band", showlegend=number == 0))


def _add_spc(fig: go.Figure, points: pd.DataFrame, table: pd.DataFrame) -> None:
    merged = points[["period", "x"]].merge(table, on="period", how="left")    # gaps stay gaps
    for column, name, dash in (("mean", "Mean", "solid"), ("upper_limit", "Process limits", "dot"),
                               ("lower_limit", None, "dot")):
        fig.add_trace(go.Scatter(x=merged["x"], y=merged[column], mode="lines",
                                 name=name or "", showlegend=name is not None,
                                 line={"color": "#6f72af", "dash": dash, "width": 1.5}))
    for kind, (colour, symbol) in SPC_MARKERS.items():
        flagged = merged[merged["point_type"] == kind]
        if not flagged.empty:
            fig.add_trace(go.Scatter(
                x=flagged["x"], y=flagged["value"], mode="markers",
                name=spc.VARIATION_WORDS[kind],
                marker={"color": "rgba(0,0,0,0)", "size": 18, "symbol": symbol,
                        "line": {"color": colour, "width": 2.5}}))


OWN_COLOUR, OTHER_COLOUR, BAND_COLOUR = "#1d70b8", "#b1b4b6", "rgba(29,112,184,0.15)"
# Reference areas (England, the region): a dark purple dotted line, 9:1 on white.
REFERENCE_COLOUR, REFERENCE_DASHES = "#4c2c92", ("dot", "dashdot", "longdash")
OWN_MARK = "▶"     # the council's bar and line are marked by a symbol and words, not colour alone


def ranked_figure(ranked: pd.DataFrame, title: str, unit: str | None,
                  median: float | None, subtitle: str = "",
                  references: pd.DataFrame | None = None) -> go.Figure:
    """One period's areas as bars, best at the top, the council's bar marked, the median drawn,
    and each reference area (England, the region) as a dotted line: not a bar, not ranked.

    ``ranked`` has area_name, value, rank and is_own, best first
    (pmf_core.rules.comparators.ranked); ``references`` has area_name and value.
    """
    names = [as_text(f"{OWN_MARK} {n}" if own else n)
             for n, own in zip(ranked["area_name"], ranked["is_own"])]
    ranks = [f"rank {r}" if pd.notna(r) else "no rank" for r in ranked["rank"]]
    fig = go.Figure(go.Bar(
        x=ranked["value"], y=names, orientation="h", customdata=ranks,
        marker={"color": [OWN_COLOUR if own else OTHER_COLOUR for own in ranked["is_own"]],
                "pattern": {"shape": ["/" if own else "" for own in ranked["is_own"]]}},
        hovertemplate="%{y}: %{x} (%{customdata})<extra></extra>", showlegend=False))
    has_median = median is not None and pd.notna(median)
    if has_median:
        fig.add_vline(x=median, line={"color": "#0b0c0c", "dash": "dash", "width": 2},
                      annotation_text=f"group median {median:,.4g}", annotation_position="top")
    references = references if references is not None else ranked.iloc[:0]
    for number, (name, value) in enumerate(zip(references["area_name"], references["value"])):
        line = {"color": REFERENCE_COLOUR, "width": 2,
                "dash": REFERENCE_DASHES[number % len(REFERENCE_DASHES)]}
        fig.add_vline(x=value, line=line)
        # Named in the legend (not written over the bars), each with its own dash pattern.
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=line,
                                 name=as_text(f"{name} {value:,.4g} (reference, not ranked)")))
    values = [v for v in [*ranked["value"], *references["value"],
                          median if has_median else None] if pd.notna(v)]
    if values:
        fig.update_xaxes(range=[min(0.0, min(values)), max(values) * 1.05 or 1.0])
    heading = as_text(title) + (f"<br><sup>{as_text(subtitle)}</sup>" if subtitle else "")
    below = 24 * len(references)        # room for the reference lines' legend under the axis
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.1, "x": 0},
                      title=heading, height=max(300, 22 * len(ranked) + 130 + below),
                      margin={"l": 20, "r": 20, "t": 80, "b": 40 + below},
                      plot_bgcolor="#ffffff",
                      font={"family": "Arial, sans-serif"}, xaxis_title=as_text(unit))
    fig.update_yaxes(autorange="reversed", type="category", automargin=True)
    fig.update_xaxes(gridcolor="#e5e5e5")
    return fig


def band_figure(positions: pd.DataFrame, title: str, unit: str | None, own_name: str,
                group: str) -> go.Figure:
    """The council's value against the group's median and quartile band, period by period.

    ``positions`` has label, value, group_median and the two quartiles; periods without a
    group value are left out.
    """
    both = positions[positions["group_median"].notna()]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=both["label"], y=both["group_upper_quartile"], mode="lines",
                             line={"width": 0}, hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(x=both["label"], y=both["group_lower_quartile"], mode="lines",
                             line={"width": 0}, fill="tonexty", fillcolor=BAND_COLOUR,
                             name=as_text(f"{group}: middle half (quartiles)"),
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=both["label"], y=both["group_median"], mode="lines",
                             name=as_text(f"{group}: median"),
                             line={"color": "#0b0c0c", "dash": "dash", "width": 2}))
    fig.add_trace(go.Scatter(x=both["label"], y=both["value"], mode="lines+markers",
                             name=as_text(f"{OWN_MARK} {own_name}"),
                             line={"color": OWN_COLOUR, "width": 3},
                             marker={"size": 9, "symbol": "diamond"}))
    fig.update_layout(title=as_text(title), height=400, plot_bgcolor="#ffffff",
                      margin={"l": 60, "r": 20, "t": 50, "b": 20},
                      yaxis_title=as_text(unit), font={"family": "Arial, sans-serif"},
                      legend={"orientation": "h", "y": -0.12, "yanchor": "top"})
    fig.update_xaxes(showgrid=False, type="category", automargin=True)
    fig.update_yaxes(gridcolor="#e5e5e5")
    return fig


def page_layout(fig: go.Figure) -> go.Figure:
    """The trend chart as the app shows it, from a 360 px phone up: the page writes the title
    (it wraps; plotly's would be cut), the legend sits below two entries to a row (so on a
    phone it stays shorter than the plot), and five period labels at most, level."""
    fig.update_layout(title=None, height=460, margin={"l": 52, "r": 8, "t": 16, "b": 8},
                      legend={"orientation": "h", "x": -0.12, "xanchor": "left", "y": -0.1,
                              "yanchor": "top", "entrywidth": 0.5, "entrywidthmode": "fraction",
                              "itemwidth": 30, "font": {"size": 11}})
    fig.update_xaxes(nticks=5, tickangle=0, tickfont={"size": 11})
    return fig
