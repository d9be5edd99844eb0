"""Rolling back a load on the Upload page: choose a batch in force, confirm, then read what the
rollback withdrew and restored (kept in the session across the rerun that refreshes the page)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pmf_core.rules.presentation import uk_datetime
from pmf_core.store import Store, StoreBusyError, StoreError
from pmf_core.store.writes import rollback_batch
from ui import auth, uploads
from ui.text import escape_markdown

PICKED, CONFIRM, DONE, REFUSED = (
    "rollback_id",
    "rollback_confirm",
    "rollback_done",
    "rollback_refused",
)


def batch_labels(history: pd.DataFrame) -> dict[int, str]:
    """Each batch still in force, newest first, named by kind, file, date and analyst."""
    active = history[history["status"] == "active"]
    return {
        int(b["batch_id"]): f"Batch {b['batch_id']} · {b['kind']} · {b['file_name']} · "
        f"{uk_datetime(pd.Timestamp(b['loaded_at']))} · {b['loaded_by']}"
        for b in active.to_dict("records")
    }


def rollback_panel(store: Store, history: pd.DataFrame) -> None:
    """The outcome of the last rollback, then the picker and its two-step confirmation."""
    if DONE in st.session_state:
        st.success(escape_markdown(st.session_state.pop(DONE)))
    if REFUSED in st.session_state:
        st.error(escape_markdown(st.session_state.pop(REFUSED)))
    labels = batch_labels(history)
    if not labels:
        return
    if st.session_state.get(PICKED) not in labels:
        st.session_state.pop(PICKED, None)  # a batch rolled back since: never offered
    # Selectbox options are plain text, so file names are shown as typed without escaping.
    chosen = st.selectbox(
        "Roll back a batch (its rows stop being current and the revisions it replaced come back)",
        list(labels),
        format_func=lambda b: labels[b],
        index=None,
        placeholder="Choose a batch",
        key=PICKED,
    )
    if st.session_state.get(CONFIRM) != chosen:
        st.session_state.pop(CONFIRM, None)  # a confirmation is for the batch chosen
    if chosen is None:
        return
    if CONFIRM not in st.session_state:
        if st.button(f"Roll back batch {chosen}…", key="rollback_ask"):
            st.session_state[CONFIRM] = chosen
            st.rerun()
        return
    confirm(store, chosen, labels[chosen])


def confirm(store: Store, batch_id: int, label: str) -> None:
    """The second step: say what will happen, and roll back only on 'Yes'."""
    st.warning(
        f"Roll back {escape_markdown(label)}? Its rows stop being current, the "
        "revisions it replaced come back, and actions its extract opened or changed "
        "return to what they were. The batch stays in the history."
    )
    yes, cancel = st.columns([1, 3])
    if yes.button(f"Yes, roll back batch {batch_id}", type="primary", key="rollback_yes"):
        roll_back(store, batch_id)
        st.rerun()
    if cancel.button("Cancel", key="rollback_cancel"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()


def roll_back(store: Store, batch_id: int) -> None:
    """Roll back once and keep what it did (or why it refused) for the next run to show. Only
    a signed-in analyst may (checked here, on the server)."""
    st.session_state.pop(CONFIRM, None)
    analyst = auth.analyst_or_refuse("roll back a load")
    try:
        result = rollback_batch(store, batch_id, analyst)
    except (StoreError, StoreBusyError) as exc:
        st.session_state[REFUSED] = str(exc)
        return
    st.session_state[DONE] = result.summary
    uploads.forget_loads()
