"""Status frames as tables people read: words with symbols, colours, units, sparklines."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from html import escape

import numpy as np
import pandas as pd
import streamlit as st

from pmf_core.rules.periods import label_for_key
from pmf_core.rules.presentation import (
    dot_badge,
    dot_colour,
    rag_badge,
    spc_badge,
    status_style,
    target_text,
    uk_date,
    uk_datetime,
    value_with_counts,
    variation_colour,
)
from ui import cell_styles, layout, more, selection
from ui.text import escape_markdown

SPC = "SPC"
# Over 4rem (64 px) a row wraps its text in Streamlit's grid: a long name takes three lines.
ROW_HEIGHT = 66
# Pixel widths; any can still be widened by dragging. Commentary and action read in each
# exception's detail instead.
WIDTHS = {
    "Measure": 200,
    "New": 55,
    "Service": 110,
    "Period": 80,
    "Value": 70,
    "Target": 70,
    "Last year": 70,
    "RAG": 90,
    "DOT": 95,
    "Last 12 months": 95,
    SPC: 110,
    "Action status": 80,
    "Path to green": 90,
    "Accountable officer": 140,
    "Benchmark": 110,
}
FITS = 1030  # px of columns beside the row selectors at 1440 px (ui/layout.py)
HIDDEN = ("ID", "Commentary", "Action plan")
# What a member reads first, leftmost, so it is in view at 1440 px without scrolling sideways
# (together at most FITS); the rest follow in the frame's order.
FIRST = (
    "Measure",
    "New",
    "Value",
    "Target",
    "RAG",
    "DOT",
    SPC,
    "Action status",
    "Path to green",
    "Accountable officer",
)
MOST_ROWS = 15  # a grid is tall enough for this many rows; more scroll inside it
HEADER_HEIGHT = 36  # the grid's header row (px), and its sideways scroll bar below
SCROLL_BAR = 14
SPC_HELP = (
    "Variation: is this real change (special cause) or ordinary variation? Assurance: "
    "will the process meet the target? See Help: SPC variation and assurance."
)


def readable(status: pd.DataFrame, sparks: dict | None = None) -> pd.DataFrame:
    """One display row per indicator: text only, so nothing a user typed is ever markup."""
    out = pd.DataFrame(
        {
            "ID": status["indicator_id"],
            "Measure": status["name"],
            "Service": status["service"],
            "Period": [
                label_for_key(k, f) + (" · late" if late else "")
                for k, f, late in zip(status["period"], status["frequency"], status["late"])
            ],
            "Value": [
                value_with_counts(v, d, u, n, m)
                for v, d, u, n, m in zip(
                    status["value"],
                    status["decimals"],
                    status["unit"],
                    status["numerator"],
                    status["denominator"],
                )
            ],
            "Target": [
                target_text(v, d, u, t, b)
                for v, d, u, t, b in zip(
                    status["target"],
                    status["decimals"],
                    status["unit"],
                    status["target_upper"],
                    status["target_basis"],
                )
            ],
            "RAG": [rag_badge(r, s) for r, s in zip(status["rag"], status["rag_source"])],
            "DOT": [dot_badge(d, p) for d, p in zip(status["dot"], status["polarity"])],
        }
    )
    if sparks is not None:  # before SPC, so the trend is in view without scrolling
        out["Last 12 months"] = [sparks.get(i, []) for i in status["indicator_id"]]
    if "variation" in status:
        out[SPC] = [
            spc_badge(v or None, a or None, short=True) if v else note
            for v, a, note in zip(status["variation_icon"], status["assurance"], status["spc_note"])
        ]
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
        css[SPC] = [
            f"color: {variation_colour(v or None)}; font-weight: 600"
            for v in status["variation_icon"]
        ]
    return css


def config(frame: pd.DataFrame) -> dict:
    """Each shown column's width. Nothing is pinned: the grid greys a pinned column's text,
    and the columns read first fit without scrolling (FIRST)."""
    out = {
        name: st.column_config.TextColumn(name, width=width)
        for name, width in WIDTHS.items()
        if name in frame
    }
    if SPC in frame:
        out[SPC] = st.column_config.TextColumn(SPC, width=WIDTHS[SPC], help=SPC_HELP)
    if "Last 12 months" in frame:
        out["Last 12 months"] = st.column_config.LineChartColumn(
            "Trend",
            width=WIDTHS["Last 12 months"],
            help="Recent values, oldest first: the last 12 months, 8 quarters or 5 years.",
        )
    return out


def show(
    frame: pd.DataFrame, status: pd.DataFrame, key: str, height: int | None = None
) -> str | None:
    """A readable table of a status frame (row for row) with its RAG, DOT and SPC cells
    coloured by the status words, every value rendered as plain text.

    Rows can be selected; returns the selected row's indicator ID (or None).
    """
    # The hidden texts stay out of the grid: Streamlit writes out every cell of a styled
    # frame, and the commentary and action plans were most of it (the ID stays, unshown, to
    # name the row selected).
    shown = frame.drop(columns=[c for c in HIDDEN if c != "ID" and c in frame])
    event = st.dataframe(
        cell_styles.styled(shown, styles(shown, status)),
        hide_index=True,
        width="stretch",
        column_config=config(shown),
        column_order=order(shown),
        key=key,
        height=height or grid_height(len(frame)),
        on_select="rerun",
        selection_mode="single-row",
        row_height=ROW_HEIGHT,
    )
    picked = event.selection.rows if event else []
    return str(frame["ID"].iloc[picked[0]]) if picked else None


def order(frame: pd.DataFrame) -> list[str]:
    """The shown columns, a member's first columns leftmost."""
    shown = [c for c in frame.columns if c not in HIDDEN]
    return [c for c in FIRST if c in shown] + [c for c in shown if c not in FIRST]


def grid_height(rows: int) -> int:
    """Pixels for the header and every row, up to MOST_ROWS rows, and the scroll bar."""
    return min(rows, MOST_ROWS) * ROW_HEIGHT + HEADER_HEIGHT + SCROLL_BAR


def link_to_drilldown(indicator_id: str | None, name: str | None, month: str) -> None:
    """The way from any table row to that measure's drill-down, keeping the month."""
    if indicator_id:
        st.page_link(
            "views/drilldown.py",
            label=f"Open {escape_markdown(name, indicator_id)} in the drill-down",
            icon=":material/search:",
            query_params=selection.drilldown_address(indicator_id, month),
        )
    else:
        st.caption("Select a row to open that measure in the drill-down.")


# Below here: tables that fit any screen. A data grid draws its columns on a canvas at fixed
# widths, so on a phone it scrolls sideways inside its box; every grid is therefore sent with a
# phone form beside it (ui/layout.py shows one), each row a card of label and value pairs.
PHONE_STEP = 20  # cards shown at first on a phone, and per "Show more"
STATIC_STEP = 15  # rows of a static table shown at first, and per "Show more"


def cell_text(value: object) -> str:
    """A cell as the words a card shows: dates the UK way, nothing as "–", lists left out."""
    if isinstance(value, list | tuple | np.ndarray):
        return ""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "–"
    if isinstance(value, datetime):
        return uk_datetime(value) if (value.hour, value.minute) != (0, 0) else uk_date(value)
    if isinstance(value, date):
        return uk_date(value)
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating):
        return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    text = str(value)
    return text if text.strip() else "–"


def labels(
    frame: pd.DataFrame, column_config: dict | None = None, column_order: list[str] | None = None
) -> dict[str, str]:
    """Column -> the heading a grid shows for it, for the columns it shows, in its order."""
    config = column_config or {}
    out = {}
    for name in column_order or list(frame.columns):
        setting = config.get(name, name)
        if setting is None or name not in frame:
            continue
        label = setting if isinstance(setting, str) else setting.get("label") or name
        out[name] = str(label)
    return out


def _texts(frame: pd.DataFrame, heads: dict[str, str]) -> list[dict[str, str]]:
    """Each row's cells as escaped words, column by column (quicker than row by row)."""
    columns = {c: [escape(cell_text(v)) for v in frame[c].tolist()] for c in heads}
    first = next(iter(heads))
    if pd.api.types.is_numeric_dtype(frame[first]):  # "Batch 3", not "3"
        columns[first] = [f"{escape(heads[first])} {t}" for t in columns[first]]
    return [{c: columns[c][i] for c in heads} for i in range(len(frame))]


def cards_html(
    frame: pd.DataFrame, heads: dict[str, str], caption: str, links: dict[str, str] | None = None
) -> str:
    """Each row a card: its first column as the card's heading, then every other shown column
    as a label and its value; a column in ``links`` (its grid's display_text pattern) is a
    link there, as in the grid. Every text is escaped: nothing typed becomes markup."""
    first, *rest = heads
    rows = _texts(frame, heads)
    for column, pattern in (links or {}).items():
        for row, address in zip(rows, frame[column].tolist()):
            if isinstance(address, str) and address:  # else the cell's words, as before
                row[column] = link_html(address, heads[column], pattern)
    items = "".join(
        f'<li><p class="pmf-card-title">{row[first]}</p><dl>'
        + "".join(
            f"<div><dt>{escape(heads[c])}</dt><dd>{row[c]}</dd></div>" for c in rest if row[c]
        )
        + "</dl></li>"
        for row in rows
    )
    return f'<ul class="pmf-cards" aria-label="{escape(caption)}">{items}</ul>'


def link_html(address: str, label: str, pattern: str) -> str:
    """A grid's link cell as a card shows it: the label and the part of the address the
    grid's display_text pattern picks out ("Pack 4"), linked to the address."""
    found = re.search(pattern, address)
    shown = f"{label} {found.group(1)}" if found and found.groups() else address
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", address) and not address.startswith(
        ("http://", "https://")
    ):  # javascript:, data: and the like are never a link
        return escape(shown)
    return f'<a href="{escape(address)}" target="_self">{escape(shown)}</a>'


def link_columns(column_config: dict | None) -> dict[str, str]:
    """The grid's link columns and their display_text patterns."""
    return {
        name: setting["type_config"].get("display_text") or "(?!)"
        for name, setting in (column_config or {}).items()
        if isinstance(setting, dict) and setting.get("type_config", {}).get("type") == "link"
    }


def table_html(frame: pd.DataFrame, heads: dict[str, str], caption: str) -> str:
    """A plain table (first column a row header) for a wide screen and its cards for a phone,
    in one block; the page's stylesheet shows one of them. Every text is escaped."""
    first, *rest = heads
    head = "".join(f'<th scope="col">{escape(heads[c])}</th>' for c in heads)
    body = "".join(
        f'<tr><th scope="row">{row[first]}</th>'
        + "".join(f"<td>{row[c]}</td>" for c in rest)
        + "</tr>"
        for row in _texts(frame, heads)
    )
    return (
        f'<div class="pmf-static"><table class="pmf-table" aria-label="{escape(caption)}">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"{cards_html(frame, heads, caption)}</div>"
    )


def static(
    frame: pd.DataFrame,
    caption: str,
    key: str,
    noun: str = "rows",
    column_config: dict | None = None,
    column_order: list[str] | None = None,
) -> None:
    """A table that needs no sorting or selection: plain HTML, quicker for the browser to draw
    than a grid, a table on a wide screen and a card per row on a phone; STATIC_STEP rows at
    first, and a button for the next."""
    ids = list(range(len(frame)))
    count = more.shown(f"static_{key}", STATIC_STEP, ids)
    st.html(table_html(frame.head(count), labels(frame, column_config, column_order), caption))
    more.button(f"static_{key}", STATIC_STEP, ids, noun)


def grid(
    frame: pd.DataFrame,
    key: str,
    caption: str,
    column_config: dict | None = None,
    column_order: list[str] | None = None,
    **kwargs,
) -> None:
    """A data grid (sorting, search, download) on a wide screen; on a phone the same rows as
    cards, PHONE_STEP at a time."""
    with layout.wide(key):
        st.dataframe(
            frame,
            hide_index=True,
            width="stretch",
            key=key,
            column_config=column_config,
            column_order=column_order,
            **kwargs,
        )
    with layout.phone(key):
        ids = list(range(len(frame)))
        count = more.shown(f"rows_{key}", PHONE_STEP, ids)
        heads = labels(frame, column_config, column_order)
        st.html(cards_html(frame.head(count), heads, caption, link_columns(column_config)))
        more.button(f"rows_{key}", PHONE_STEP, ids, "rows")
