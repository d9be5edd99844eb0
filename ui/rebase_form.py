"""The drill-down's form for rebasing an indicator's SPC limits from a period, with a reason."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pmf_core.store import StoreError
from pmf_core.store.writes import add_rebase
from ui import auth
from ui.store import current_store
from ui.text import escape_markdown


def rebase_form(indicator_id: str, points: pd.DataFrame, analyst: str) -> None:
    """Pick the period the process changed and say why; a refused rebase says so in words.
    ``analyst`` is who the page showed the form to; the write checks the role again."""
    with st.form("rebase"):
        labels = dict(zip(points["period"], points["label"]))
        period = st.selectbox(
            "Rebase from",
            points["period"].tolist()[::-1],
            format_func=lambda key: str(labels[key]),
            key="rebase_period",
        )
        reason = st.text_input("Reason", key="rebase_reason")
        if st.form_submit_button("Rebase the limits"):
            if period is None:
                st.error("Pick the period to rebase from.")
                return
            checked = auth.analyst_or_refuse("rebase SPC limits")
            try:
                add_rebase(current_store(), indicator_id, period, reason, checked)
            except StoreError as exc:
                st.error(escape_markdown(str(exc)))
            else:
                st.rerun()
