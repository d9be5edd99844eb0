"""Status frames as tables people read: words with symbols, colours, units, sparklines."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from pmf_core.rules.periods import label_for_key
from pmf_core.rules.presentation import (
    dot_badge,
    dot_colour,
    format_value,
    rag_badge,
    spc_badge,
    status_style,
    variation_colour,
)
from pmf_core.rules.spc import too_few_words
from ui import selection
from ui.text import escape_markdown

SPC = "SPC"
# Over 4rem (64 px) a row wraps its text in Streamlit's grid: a long name takes three lines.
ROW_HEIGHT = 66
# Pixel widths that fit the scorecard's columns in 1440 px beside the sidebar (980 px); any can
# still be widened by dragging. Commentary and action read in each exception's detail instead.
WIDTHS = {"Measure": 200, "New": 60, "Service": 110, "Period": 80, "Value": 70, "Target": 70,
          "Last year": 70, "RAG": 100, "DOT": 100, "Last 12 months": 95, SPC: 115,
          "Action status": 90, "Path to green": 95, "Accountable officer": 150}
FITS = 940                  # px of columns beside the row selectors at 1440 px; wider: pin
HIDDEN = ("ID", "Commentary", "Action plan")
SPC_HELP = ("Variation: is this real change (special cause) or ordinary variation? Assurance: "
            "will the process meet the target? See Help: SPC variation and assurance.")


def readable(status: pd.DataFrame, sparks: dict | None = None) -> pd.DataFrame:
    """One display row per indicator: text only, so nothing a user typed is ever markup."""
    out = pd.DataFrame({
        "ID": status["indicator_id"],
        "Measure": status["name"],
        "Service": status["service"],
        "Period": [label_for_key(k, f) + (" · late" if late else "")
                   for k, f, late in zip(status["period"], status["frequency"], status["late"])],
        "Value": [format_value(v, d, u) for v, d, u in
                  zip(status["value"], status["decimals"], status["unit"])],
        "Target": [format_value(v, d, u) for v, d, u in
                   zip(status["target"], status["decimals"], status["unit"])],
        "RAG": [rag_badge(r, s) for r, s in zip(status["rag"], status["rag_source"])],
        "DOT": [dot_badge(d, p) for d, p in zip(status["dot"], status["polarity"])],
    })
    if sparks is not None:      # before SPC, so the trend is in view without scrolling
        out["Last 12 months"] = [sparks.get(i, []) for i in status["indicator_id"]]
    if "variation" in status:
        out[SPC] = [spc_badge(v or None, a or None, short=True) if v
                    else too_few_words(n) if n else ""
                    for v, a, n in zip(status["variation_icon"], status["assurance"],
                                       status["spc_points"])]
    return out.reset_index(drop=True)


def _rag_css(status: str | None) -> str:
    style = status_style(status)
    return f"background-color: {style.colour}; color: {style.text_colour}"


def styles(frame: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """Each cell's CSS, from the status frame's words row by row (never from a badge's text)."""
    css = pd.DataFrame("", index=frame.index, columns=frame.columns)
    css["RAG"] = [_rag_css(r) for r in status["rag"]]
    css["DOT"] = [f"color: {dot_colour(d)}; font-weight: 600" for d in status["dot"]]
    if SPC in frame:
        css[SPC] = [f"color: {variation_colour(v or None)}; font-weight: 600"
                    for v in status["variation_icon"]]
    return css


def config(frame: pd.DataFrame) -> dict:
    """Each shown column's width; the measure's name is pinned when the rest must scroll
    (a pinned column's text is greyed, so it is pinned only when needed)."""
    out = {name: st.column_config.TextColumn(name, width=width)
           for name, width in WIDTHS.items() if name in frame}
    shown = sum(WIDTHS.get(str(name), 100) for name in frame if name not in HIDDEN)
    out["Measure"] = st.column_config.TextColumn("Measure", width=WIDTHS["Measure"],
                                                 pinned=shown > FITS or None)
    if SPC in frame:
        out[SPC] = st.column_config.TextColumn(SPC, width=WIDTHS[SPC], help=SPC_HELP)
    if "Last 12 months" in frame:
        out["Last 12 months"] = st.column_config.LineChartColumn(
            "Trend", width=WIDTHS["Last 12 months"],
            help="Recent values, oldest first: the last 12 months, 8 quarters or 5 years.")
    return out


def show(frame: pd.DataFrame, status: pd.DataFrame, key: str,
         height: int | None = None) -> str | None:
    """A readable table of a status frame (row for row) with its RAG, DOT and SPC cells
    coloured by the status words, every value rendered as plain text.

    Rows can be selected; returns the selected row's indicator ID (or None).
    """
    css = styles(frame, status)
    styler = frame.style.apply(lambda _: css, axis=None)
    event = st.dataframe(styler, hide_index=True, width="stretch", column_config=config(frame),
                         column_order=[c for c in frame.columns if c not in HIDDEN],
                         key=key, height=height or "auto", on_select="rerun",
                         selection_mode="single-row", row_height=ROW_HEIGHT)
    picked = event.selection.rows if event else []
    return str(frame["ID"].iloc[picked[0]]) if picked else None


def link_to_drilldown(indicator_id: str | None, name: str | None, month: str) -> None:
    """The way from any table row to that measure's drill-down, keeping the month."""
    if indicator_id:
        st.page_link("views/drilldown.py",
                     label=f"Open {escape_markdown(name, indicator_id)} in the drill-down",
                     icon=":material/search:",
                     query_params=selection.drilldown_address(indicator_id, month))
    else:
        st.caption("Select a row to open that measure in the drill-down.")

