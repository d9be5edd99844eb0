"""Plotly figures from computed frames. No rules here: statuses and limits arrive computed."""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from pmf_core import spc
from pmf_core.presentation import STATUS

MARKERS = {"Red": "x", "Amber": "diamond", "Green": "circle", "Blue": "star",
           "Not rated": "circle-open", "No data": "line-ew"}
SPC_MARKERS = {spc.IMPROVEMENT: ("#1d70b8", "triangle-up"), spc.CONCERN: ("#f47738", "triangle-down"),
               spc.NEUTRAL_HIGH: ("#4c2c92", "square"), spc.NEUTRAL_LOW: ("#4c2c92", "square")}


def as_text(text: str | None) -> str:
    """Plotly reads <b>, <a href> and the like in titles: escape them so names show as typed."""
    return html.escape(text or "", quote=False)


def trend_figure(points: pd.DataFrame, title: str, unit: str | None,
                 spc_table: pd.DataFrame | None = None) -> go.Figure:
    """Series with target, amber band, last year's line, SPC limits; points by status.

    ``points`` has label, value, target, band_low, band_high, last_year, rag.
    """
    fig = go.Figure()
    if points["target"].notna().any():
        fig.add_trace(go.Scatter(x=points["label"], y=points["band_high"], mode="lines",
                                 line={"width": 0}, hoverinfo="skip", showlegend=False))
        fig.add_trace(go.Scatter(x=points["label"], y=points["band_low"], mode="lines",
                                 line={"width": 0}, fill="tonexty",
                                 fillcolor="rgba(244,119,56,0.15)", name="Amber tolerance",
                                 hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=points["label"], y=points["target"], mode="lines",
                                 name="Target", line={"color": "#0b0c0c", "dash": "dash"},
                                 line_shape="hv"))
    if points["last_year"].notna().any():
        fig.add_trace(go.Scatter(x=points["label"], y=points["last_year"], mode="lines",
                                 name="Same period last year",
                                 line={"color": "#b1b4b6", "width": 2}))
    if spc_table is not None and not spc_table.empty:
        _add_spc(fig, points, spc_table)
    fig.add_trace(go.Scatter(x=points["label"], y=points["value"], mode="lines",
                             line={"color": "#505a5f", "width": 2}, name="Value",
                             hoverinfo="skip"))
    for status, group in points.groupby("rag"):
        style = STATUS.get(status, STATUS["No data"])
        fig.add_trace(go.Scatter(
            x=group["label"], y=group["value"], mode="markers", name=f"{style.symbol} {status}",
            marker={"color": style.colour, "size": 10, "symbol": MARKERS.get(status, "circle"),
                    "line": {"color": "#0b0c0c", "width": 1}},
            hovertemplate="%{x}: %{y}<extra>" + status + "</extra>"))
    fig.update_layout(title=as_text(title), height=420, margin={"l": 60, "r": 20, "t": 50, "b": 20},
                      yaxis_title=as_text(unit), legend={"orientation": "h", "y": -0.12, "yanchor": "top"},
                      plot_bgcolor="#ffffff", font={"family": "Arial, sans-serif"})
    fig.update_xaxes(showgrid=False, type="category", tickangle=0, nticks=10, automargin=True)
    fig.update_yaxes(gridcolor="#e5e5e5")
    return fig


def _add_spc(fig: go.Figure, points: pd.DataFrame, table: pd.DataFrame) -> None:
    merged = points[["period", "label"]].merge(table, on="period")
    for column, name, dash in (("mean", "Mean", "solid"), ("upper_limit", "Process limits", "dot"),
                               ("lower_limit", None, "dot")):
        fig.add_trace(go.Scatter(x=merged["label"], y=merged[column], mode="lines",
                                 name=name or "", showlegend=name is not None,
                                 line={"color": "#6f72af", "dash": dash, "width": 1.5}))
    for kind, (colour, symbol) in SPC_MARKERS.items():
        flagged = merged[merged["point_type"] == kind]
        if not flagged.empty:
            fig.add_trace(go.Scatter(
                x=flagged["label"], y=flagged["value"], mode="markers",
                name=spc.VARIATION_WORDS[kind],
                marker={"color": "rgba(0,0,0,0)", "size": 18, "symbol": symbol,
                        "line": {"color": colour, "width": 2.5}}))


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
