"""Measures as compact cards for a phone: name, RAG word and symbol, value against target, DOT.

A card is one markdown block of escaped text, so a name or unit someone typed stays text.
"""
from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from pmf_core.rules import rag
from pmf_core.rules.periods import label_for_key
from pmf_core.rules.presentation import dot_badge, format_value, rag_badge
from ui import more
from ui.text import escape_markdown

CARD_STEP = 20              # cards sent at first, and per "Show more": wide screens pay too
BADGE_COLOURS = {rag.RED: "red", rag.AMBER: "orange", rag.GREEN: "green", rag.BLUE: "blue"}


def card_text(row, month: str, note: str = "") -> str:
    """The markdown of one card; the name links to the measure's drill-down at that month."""
    name = escape_markdown(row["name"], row["indicator_id"])
    link = "drilldown?" + urlencode({"indicator": row["indicator_id"], "month": month})
    badge = rag_badge(row["rag"], row["rag_source"])
    colour = BADGE_COLOURS.get(row["rag"], "gray")
    value = escape_markdown(format_value(row["value"], row["decimals"], row["unit"]))
    target = escape_markdown(format_value(row["target"], row["decimals"], row["unit"]))
    period = label_for_key(row["period"], row["frequency"]) + (" · late" if row["late"] else "")
    lead = f"{escape_markdown(note)} · " if note else ""
    return (f"{lead}**[{name}]({link})**  \n"
            f":{colour}-badge[{badge}] **{value}** against target {target}  \n"
            f"{dot_badge(row['dot'], row['polarity'])} · {period}")


def public_card_text(view) -> str:
    """The markdown of a published measure's card (a MeasureView: its texts already written
    out): name, status, value against target, direction and period."""
    colour = BADGE_COLOURS.get(view.rag, "gray")
    return (f"**{escape_markdown(view.name)}**  \n"
            f":{colour}-badge[{view.rag_badge}] **{escape_markdown(view.value)}** against "
            f"target {escape_markdown(view.target)}  \n"
            f"{view.dot} · {escape_markdown(view.period)}")


def show_public(views: list, key: str) -> None:
    """A priority's published measures as cards, one markdown block (as ``show``)."""
    with st.container(key=f"cards_{key}"):
        st.markdown("\n\n".join(public_card_text(v) for v in views))


def show(rows: pd.DataFrame, key: str, month: str, notes: dict | None = None) -> None:
    """The first CARD_STEP cards in the rows' order, and a button for the next."""
    notes = notes or {}
    ids = rows["indicator_id"].tolist()
    # One markdown block, a paragraph a card (ui/layout.py draws the frames): one element
    # instead of twenty keeps the page light for the wide screens that never show it.
    texts = [card_text(row, month, notes.get(row["indicator_id"], ""))
             for _, row in rows.head(more.shown(f"cards_{key}", CARD_STEP, ids)).iterrows()]
    with st.container(key=f"cards_{key}"):
        st.markdown("\n\n".join(texts))
    more.button(f"cards_{key}", CARD_STEP, ids, "measures")
