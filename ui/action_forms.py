"""Forms for analysts to record actions and their progress (used on several pages)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from pmf_core.store import StoreBusyError, StoreError
from pmf_core.store.writes import ACTION_STATUSES, add_action, update_action
from ui import auth
from ui.store import current_store
from ui.text import escape_markdown, is_blank


def add_action_form(
    choices: dict[str, str], key: str, analyst: str, default_officer: dict[str, str] | None = None
) -> None:
    """Record a new action on one of the given indicators (id -> name)."""
    if not choices:
        return
    with st.form(f"add_action_{key}", clear_on_submit=True):
        st.markdown("**Record an action**")
        ids = list(choices)
        indicator_id = st.selectbox(
            "Measure", ids, format_func=lambda i: choices[i], key=f"{key}_indicator"
        )
        explanation = st.text_area("Why it is off track", key=f"{key}_explanation")
        plan = st.text_area("Action plan", key=f"{key}_plan")
        left, middle, right = st.columns(3)
        officer = left.text_input("Accountable officer", key=f"{key}_officer")
        due = middle.date_input(
            "Path-to-green date", value=None, key=f"{key}_due", format="DD/MM/YYYY"
        )
        status = right.selectbox("Status", ACTION_STATUSES, key=f"{key}_status")
        if st.form_submit_button("Save the action"):
            if indicator_id is None:
                st.error("Pick the measure the action is for.")
                return
            if not plan.strip():
                st.error("An action needs its plan.")
                return
            officer = officer.strip() or (default_officer or {}).get(indicator_id, "")
            _write(
                "record an action",
                lambda user: add_action(
                    current_store(),
                    indicator_id,
                    explanation=explanation,
                    action_plan=plan,
                    officer=officer,
                    path_to_green=due,
                    status=status,
                    user=user,
                ),
                "Action saved.",
            )


def update_action_form(actions, key: str, analyst: str) -> None:
    """Record progress on an existing action: a new status and a dated note."""
    if actions.empty:
        return
    status = actions["effective_status"] if "effective_status" in actions else actions["status"]
    labels = {
        int(a.action_id): f"Action {a.action_id} ({s}): "
        f"{a.indicator_id if is_blank(a.name) else a.name} — "
        f"{_excerpt(a.action_plan)}"
        for a, s in zip(actions.itertuples(), status)
    }
    with st.form(f"update_action_{key}", clear_on_submit=True):
        st.markdown("**Update an action**")
        action_id = st.selectbox(
            "Action", list(labels), format_func=lambda i: labels[i], key=f"{key}_action"
        )
        left, right = st.columns([1, 2])
        status = left.selectbox("New status", ACTION_STATUSES, key=f"{key}_new_status")
        when = left.date_input(
            "Date of the update", value=date.today(), key=f"{key}_when", format="DD/MM/YYYY"
        )
        note = right.text_area("What has happened", key=f"{key}_note")
        if st.form_submit_button("Save the update"):
            if action_id is None:
                st.error("Pick the action to update.")
                return
            _write(
                "update an action",
                lambda user: update_action(
                    current_store(),
                    action_id,
                    status=status,
                    note=note,
                    user=user,
                    update_date=when,
                ),
                "Update saved.",
            )


def _excerpt(text, length: int = 60) -> str:
    text = "" if is_blank(text) else " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _write(what: str, write, done: str) -> None:
    """Make one write as the analyst signed in now (checked on the server, whatever form
    was shown), and say so, or say in words why the store refused it."""
    user = auth.analyst_or_refuse(what)
    try:
        write(user)
    except (StoreError, StoreBusyError) as exc:
        st.error(escape_markdown(str(exc)))
    else:
        st.success(done)
        st.rerun()
