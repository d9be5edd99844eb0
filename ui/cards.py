"""Measures as compact cards for a phone: name, RAG word and symbol, value against target, DOT.

The cards of a list are one block of HTML whose every text is escaped, so a name or unit someone
typed stays text; a card's name is a plain link, so it opens the drill-down in the same tab.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from pmf_core.outputs.measure_view import MeasureView
from pmf_core.rules.periods import label_for_key
from pmf_core.rules.presentation import (
    dot_badge,
    dot_colour,
    figures,
    rag_badge,
    status_style,
)
from ui import more
from ui import selection as page_selection

CARD_STEP = 20  # cards sent at first, and per "Show more": wide screens pay too
# What a card reads of a status row (figures() reads the last five where a frame has them):
# the rows are taken with these alone, as a status frame's eighty-odd columns made each row
# slow to build.
CARD_COLUMNS = (
    "indicator_id",
    "name",
    "period",
    "frequency",
    "late",
    "rag",
    "rag_source",
    "dot",
    "polarity",
    "value",
    "target",
    "decimals",
    "unit",
    "numerator",
    "denominator",
    "target_upper",
    "target_basis",
)


def badge_html(status: str | None, text: str) -> str:
    """A status in its colours (as the tables' RAG cells), its word and symbol in the text."""
    style = status_style(status)
    return (
        f'<span class="pmf-rag" style="background:{style.colour};color:{style.text_colour}">'
        f"{escape(text)}</span>"
    )


def drilldown_link(indicator_id: str, selection: dict[str, str | None]) -> str:
    """The drill-down's address for a measure at the selection's month, as that page writes it
    (no committee: it has no such filter), so the link is one history entry and no warning."""
    return "drilldown?" + urlencode(
        page_selection.drilldown_address(indicator_id, selection.get("month"))
    )


def card_html(row: pd.Series, selection: dict[str, str | None], note: str = "") -> str:
    """One measure's card; its name links to the measure's drill-down with the selection."""
    name = row["name"] if isinstance(row["name"], str) and row["name"] else row["indicator_id"]
    value, target = figures(row)
    period = label_for_key(row["period"], row["frequency"]) + (" · late" if row["late"] else "")
    lead = f'<p class="pmf-note">{escape(note)}</p>' if note else ""
    href = escape(drilldown_link(row["indicator_id"], selection))
    return (
        f'<li>{lead}<p class="pmf-card-title"><a href="{href}">'
        f"{escape(name)}</a></p>"
        f"<p>{badge_html(row['rag'], rag_badge(row['rag'], row['rag_source']))} "
        f"<strong>{escape(value)}</strong> against target {escape(target)}</p>"
        f'<p><span style="color:{dot_colour(row["dot"])}">'
        f"{escape(dot_badge(row['dot'], row['polarity']))}</span> · {escape(period)}</p></li>"
    )


def cards_html(
    rows: pd.DataFrame, selection: dict[str, str | None], notes: dict[str, str]
) -> list[str]:
    """Each status row's card, in order."""
    return [
        card_html(row, selection, notes.get(row["indicator_id"], ""))
        for _, row in rows[[c for c in CARD_COLUMNS if c in rows]].iterrows()
    ]


def public_card_html(view: MeasureView) -> str:
    """A published measure's card (a MeasureView: its texts already written out): name,
    status, value against target, direction and period."""
    return (
        f'<li><p class="pmf-card-title">{escape(view.name)}</p>'
        f"<p>{badge_html(view.rag, view.rag_badge)} <strong>{escape(view.value)}</strong> "
        f"against target {escape(view.target)}</p>"
        f"<p>{escape(view.dot)} · {escape(view.period)}</p></li>"
    )


def cards_block(items: list[str], label: str) -> str:
    return f'<ul class="pmf-cards" aria-label="{escape(label)}">{"".join(items)}</ul>'


def show_public(views: list[MeasureView], label: str) -> None:
    """A priority's published measures as cards, one block (as ``show``)."""
    st.html(cards_block([public_card_html(v) for v in views], label))


def show(
    rows: pd.DataFrame,
    key: str,
    selection: dict[str, str | None],
    label: str,
    notes: dict[str, str] | None = None,
) -> None:
    """The first CARD_STEP cards in the rows' order, and a button for the next."""
    notes = notes or {}
    ids = rows["indicator_id"].tolist()
    # One block of HTML, an item a card: one element instead of twenty keeps the page light
    # for the wide screens that never show it.
    items = cards_html(rows.head(more.shown(f"cards_{key}", CARD_STEP, ids)), selection, notes)
    st.html(cards_block(items, label))
    more.button(f"cards_{key}", CARD_STEP, ids, "measures")
