"""Measure tables that read at 1440 px, and the phone cards' text."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from pmf_core.analysis.status import status_as_at
from pmf_core.rules.periods import month_index
from ui import cards, tables
from ui.text import escape_markdown

HOSTILE = "B&B [click](http://evil) **bold** <b>x</b>"


def shown_widths(frame: pd.DataFrame) -> dict:
    config = tables.config(frame)
    return {name: config[name]["width"] for name in frame if name not in tables.HIDDEN}


def test_scorecard_columns_fit_beside_the_sidebar_and_wrap(demo_store):
    status = status_as_at(demo_store, month_index(2026, 10), with_spc=True)
    frame = tables.readable(status, {i: [1.0, 2.0] for i in status["indicator_id"]})
    widths = shown_widths(frame)
    # 980 px of content at 1440 px, less 40 for the row selectors
    assert set(widths) == set(frame.columns) - {"ID"} and sum(widths.values()) <= 940
    assert tables.ROW_HEIGHT > 64          # Streamlit's grid wraps text only above 4rem
    assert tables.config(frame)["Measure"].get("pinned") is None   # greyed when pinned


def test_a_table_too_wide_to_fit_pins_the_measure(demo_store):
    status = status_as_at(demo_store, month_index(2026, 10), with_spc=True)
    frame = tables.readable(status).assign(**{"Last year": "", "Accountable officer": "",
                                              "Action status": "", "Commentary": "x"})
    assert tables.config(frame)["Measure"]["pinned"] is True
    assert "Commentary" in tables.HIDDEN            # read in each exception's detail


def test_a_card_has_name_rag_word_and_symbol_value_against_target_and_dot():
    row = pd.Series({"indicator_id": "CH 01", "name": HOSTILE, "rag": "Amber",
                     "rag_source": "computed", "value": 63.24, "target": 66.1, "decimals": 1,
                     "unit": "%", "dot": "Worsening", "polarity": "higher_is_better",
                     "period": "2026-10", "frequency": "monthly", "late": True})
    text = cards.card_text(row, "2026-10", "✚ New")
    assert text.startswith("✚ New · **[" + escape_markdown(HOSTILE) + "](drilldown?indicator="
                           "CH+01&month=2026-10)**")
    assert ":orange-badge[◆ Amber]" in text
    assert r"**63\.2\%** against target 66\.1\%" in text
    assert "▼ Worsening · Oct 2026 · late" in text
    assert "<b>" not in text.replace(escape_markdown("<b>"), "")


def test_a_public_card_has_the_published_texts_escaped():
    view = SimpleNamespace(name=HOSTILE, rag="Red", rag_badge="✖ Red (override)",
                           value="1,234 [x](y)", target="1,000", dot="▲ Improving",
                           period="Oct 2026")
    text = cards.public_card_text(view)
    assert text.startswith(f"**{escape_markdown(HOSTILE)}**  \n")
    assert (f":red-badge[✖ Red (override)] **{escape_markdown('1,234 [x](y)')}** against "
            f"target {escape_markdown('1,000')}") in text
    assert text.endswith("▲ Improving · Oct 2026")
