"""Measure tables that read at 1440 px, and the phone cards' text."""

from __future__ import annotations

import re
from html import unescape
from types import SimpleNamespace

import pandas as pd
import streamlit as st

from pmf_core.analysis.status import status_as_at
from pmf_core.rules.periods import month_index
from ui import cards, tables

HOSTILE = "B&B [click](http://evil) **bold** <b>x</b>"


def shown_widths(frame: pd.DataFrame) -> dict:
    config = tables.config(frame)
    return {name: config[name]["width"] for name in frame if name not in tables.HIDDEN}


def test_scorecard_columns_fit_beside_the_sidebar_and_wrap(demo_store):
    status = status_as_at(demo_store, month_index(2026, 10), with_spc=True)
    frame = tables.readable(status, {i: [1.0, 2.0] for i in status["indicator_id"]})
    frame["Benchmark"] = "Q3: third quarter · 11th of 16"
    widths = shown_widths(frame)
    # 1076 px of content at 1440 px beside the open sidebar, less 40 for the row selectors
    assert set(widths) == set(frame.columns) - {"ID"} and sum(widths.values()) <= 1036
    assert tables.ROW_HEIGHT > 64  # Streamlit's grid wraps text only above 4rem
    assert tables.config(frame)["Measure"].get("pinned") is None  # greyed when pinned


def test_a_members_columns_come_first_and_fit_without_scrolling(demo_store):
    status = status_as_at(demo_store, month_index(2026, 10), with_spc=True)
    frame = tables.readable(status).assign(
        **{
            "New": "",
            "Last year": "",
            "Accountable officer": "",
            "Action status": "",
            "Path to green": "",
            "Commentary": "x",
            "Action plan": "y",
        }
    )
    order = tables.order(frame)
    first = [
        "Measure",
        "New",
        "Value",
        "Target",
        "RAG",
        "DOT",
        "SPC",
        "Action status",
        "Path to green",
        "Accountable officer",
    ]
    assert order[:10] == first and set(order[10:]) == {"Service", "Period", "Last year"}
    widths = tables.config(frame)
    assert sum(widths[c]["width"] for c in first) <= 1036 and "Commentary" not in order
    assert widths["Measure"].get("pinned") is None


def test_a_grid_is_tall_enough_for_its_rows_up_to_fifteen():
    # 36 px of header, 66 a row, 14 for the sideways scroll bar
    assert tables.grid_height(3) == 36 + 3 * 66 + 14
    assert tables.grid_height(15) == tables.grid_height(200) == 36 + 15 * 66 + 14


def card_words(html: str) -> str:
    """What a card says, as a browser shows it: tags dropped, entities read."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_a_card_has_name_rag_word_and_symbol_value_against_target_and_dot():
    row = pd.Series(
        {
            "indicator_id": "CH 01",
            "name": HOSTILE,
            "rag": "Amber",
            "rag_source": "computed",
            "value": 63.24,
            "target": 66.1,
            "decimals": 1,
            "unit": "%",
            "dot": "Worsening",
            "polarity": "higher_is_better",
            "period": "2026-10",
            "frequency": "monthly",
            "late": True,
        }
    )
    html = cards.card_html(
        row, {"month": "2026-10", "directorate": None, "committee": "People & Health"}, "✚ New"
    )
    assert card_words(html) == (
        f"✚ New{HOSTILE}◆ Amber 63.2% against target 66.1%▼ Worsening · Oct 2026 · late"
    )
    # The link is the drill-down's own address (its order: month, directorate, service,
    # indicator; no service for a measure not in the catalogue, no committee, which that page
    # has no filter for) and opens in the same tab; no typed text is markup.
    assert '<a href="drilldown?month=2026-10&amp;indicator=CH+01">' in html
    assert "<b>" not in html and "target=" not in html
    assert "background:#f47738;color:#0b0c0c" in html  # Amber's own colours


def test_a_public_card_has_the_published_texts_escaped():
    view = SimpleNamespace(
        name=HOSTILE,
        rag="Red",
        rag_badge="✖ Red (override)",
        value="1,234 <i>x</i>",
        target="1,000",
        dot="▲ Improving",
        period="Oct 2026",
    )
    html = cards.public_card_html(view)
    assert card_words(html) == (
        f"{HOSTILE}✖ Red (override) 1,234 <i>x</i> against target 1,000▲ Improving · Oct 2026"
    )
    assert "<i>" not in html and "<b>" not in html


def test_a_table_on_a_phone_is_a_card_per_row_with_labels_and_uk_dates():
    frame = pd.DataFrame(
        {
            "batch_id": [3],
            "file_name": [HOSTILE],
            "rows": [1234.0],
            "loaded_at": [pd.Timestamp("2026-11-09 14:05")],
            "due": [pd.Timestamp("2026-12-01")],
            "note": [None],
            "internal": [7],
        }
    )
    heads = tables.labels(
        frame,
        {
            "batch_id": "Batch",
            "loaded_at": st.column_config.DatetimeColumn("Loaded at"),
            "internal": None,
        },
    )
    assert list(heads) == ["batch_id", "file_name", "rows", "loaded_at", "due", "note"]
    html = tables.cards_html(frame, heads, "Loads")
    assert card_words(html) == (
        f"Batch 3file_name{HOSTILE}rows1,234Loaded at9 Nov 2026 14:05due1 Dec 2026noteñ".replace(
            "ñ", "–"
        )
    )
    assert "<b>" not in html and 'aria-label="Loads"' in html


def test_a_link_column_is_a_link_on_a_phone_card_named_as_the_grid_names_it():
    config = {
        "Report": st.column_config.LinkColumn("Report", display_text=r"pack=(\d+)"),
        "Meeting": "Meeting",
    }
    frame = pd.DataFrame(
        {
            "Report": ["exceptions?pack=12", 'x"><script>y</script>', "javascript:alert(1)"],
            "Meeting": ["Cabinet", "", ""],
        }
    )
    html = tables.cards_html(
        frame, tables.labels(frame, config), "Reports", tables.link_columns(config)
    )
    titles = re.findall(r'<p class="pmf-card-title">(.*?)</p>', html)
    assert titles == [
        '<a href="exceptions?pack=12" target="_self">Report 12</a>',
        # no number to show: the address itself, escaped, never markup
        '<a href="x&quot;&gt;&lt;script&gt;y&lt;/script&gt;" target="_self">'
        "x&quot;&gt;&lt;script&gt;y&lt;/script&gt;</a>",
        "javascript:alert(1)",  # a script address is never a link
    ]
    assert "<script>" not in html


def test_cards_read_every_field_they_show_from_their_columns(demo_read):
    # The cards take a status row's columns they read (cards.CARD_COLUMNS); every demo
    # measure's card, counts and ranges and profiled targets included, is the card of its
    # whole row.
    status = status_as_at(demo_read, month_index(2026, 10), with_spc=True)
    chosen = {"month": "2026-10", "directorate": None, "committee": None}
    notes = {status["indicator_id"].iloc[0]: "✚ New"}
    whole = [
        cards.card_html(row, chosen, notes.get(row["indicator_id"], ""))
        for _, row in status.iterrows()
    ]
    assert cards.cards_html(status, chosen, notes) == whole
    assert any(" of " in card for card in whole)  # a rate's counts are among them
