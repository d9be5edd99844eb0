"""The monthly cycle's page parts: who may use a page, the lists as tables (cards on a phone),
an officer's form with its status as typed, and a checker's sign-off. Every write asks
``auth.current_person()`` at the moment it is made and leaves the role check to pmf_core."""

from __future__ import annotations

import logging
from datetime import date

import pandas as pd
import streamlit as st

from pmf_core.ingest import returns as cycle
from pmf_core.ingest.returns import Form, ReturnRefused, ReturnStepError
from pmf_core.rules.presentation import format_value, target_text, uk_date
from pmf_core.rules.roles import ANALYST, Person
from pmf_core.store import Store
from ui import auth, selection, tables
from ui.text import escape_markdown, plain

log = logging.getLogger("pmf.app")
DONE = "returns_done"  # a message kept across the rerun after a step


def open_page(title: str, role: str) -> Person:
    """A cycle page's head: its title and notes, the person if they hold its role (else why
    not, and the run stops), and the outcome of the step taken before this run."""
    st.title(title)
    selection.show_notes()
    person = auth.current_person()
    allowed = may_use(person, role, title)
    if person is None or not allowed:
        selection.stop()
    show_done()
    return person


def may_use(person: Person | None, role: str, page: str) -> bool:
    """Whether a person holds the page's role (or is an analyst); else say why not."""
    if person is not None and (person.has(role) or person.has(ANALYST)):
        return True
    if person is not None:
        st.info(
            f"{page} is for people with the {role} role. You are signed in as "
            f"{escape_markdown(person.name)} without it."
        )
    elif auth.sign_in_configured():
        st.info(f"{page} needs a sign-in: use the sign-in in the sidebar.")
    else:
        st.warning(
            "No accounts are configured. Add them to .streamlit/secrets.toml (see "
            ".streamlit/secrets.example.toml)."
        )
    return False


def show_done() -> None:
    """The outcome of the step taken before this run, once."""
    message = st.session_state.pop(DONE, None)
    if message:
        st.success(message)


def _value(row, column: str = "value") -> str:
    """A figure as every page shows it, at the measure's precision and in its unit."""
    return format_value(row[column], row.get("decimals"), row.get("unit"))


def _state_words(row) -> str:
    """A return's state with its overdue or late mark."""
    return row["state"] + (f" ({row['mark']})" if row["mark"] else "")


def list_table(rows: pd.DataFrame, key: str, caption: str) -> None:
    """An officer's returns or a collection: measure, period, state, due dates."""
    frame = pd.DataFrame(
        {
            "Measure": rows["name"],
            "ID": rows["indicator_id"],
            "Period": rows["period_label"],
            "State": [_state_words(r) for _, r in rows.iterrows()],
            "Due": [uk_date(d) for d in rows["due"]],
            "Sign-off due": [uk_date(d) for d in rows["sign_off_due"]],
        }
    )
    tables.static(frame, caption, key, noun="returns")


def _label(row) -> str:
    """A return as a picker names it: measure, period and state."""
    return f"{row['name']}: {row['period_label']} ({_state_words(row)})"


def entry_form(store: Store, rows: pd.DataFrame, today: date) -> None:
    """The form for one open return: its status shown as it is typed, Save draft, Submit."""
    open_ = rows[rows["state"].isin(["not started", "draft", "returned"])].reset_index(drop=True)
    if open_.empty:
        st.write("Nothing is waiting for you to enter.")
        return
    picked = st.selectbox(
        "Return to enter", range(len(open_)), format_func=lambda i: _label(open_.iloc[i])
    )
    row = open_.iloc[picked]
    m = cycle.measure(store, row["indicator_id"], row["period"])
    if row["state"] == "returned":
        st.warning("Returned to you with this reason:")
        plain(row["return_reason"])
    form = _fields(row, m)
    checked = cycle.check(m, form, submit=True, today=today)
    target = (
        "no target"
        if m.target is None
        else target_text(m.target, row["decimals"], row["unit"], m.target_upper)
    )
    st.markdown(f"**Status as typed: {checked.status}** (target {escape_markdown(target)})")
    for problem in checked.problems:
        st.caption(f"Before submitting: {escape_markdown(problem)}")
    save, submit = st.columns(2)
    if save.button("Save draft", key="save_draft"):
        _save(store, row, form, submit=False, today=today)
    if submit.button("Submit for sign-off", key="submit", type="primary"):
        _save(store, row, form, submit=True, today=today)


def _fields(row, m: cycle.Measure) -> Form:
    """The form's widgets, filled from a draft or a returned return."""
    kept = cycle.form_of(cycle.entry_of(row)) if row["state"] != "not started" else Form()
    prefix = f"r_{row['indicator_id']}_{row['period']}"
    unit = row["unit"] if isinstance(row["unit"], str) else ""
    value = st.text_input(f"Value ({unit})" if unit else "Value", kept.value, key=f"{prefix}_v")
    with st.expander("Or give it as a numerator and denominator"):
        numerator = st.text_input("Numerator", kept.numerator, key=f"{prefix}_n")
        denominator = st.text_input("Denominator", kept.denominator, key=f"{prefix}_d")
    commentary = st.text_area("Commentary", kept.commentary, key=f"{prefix}_c")
    note = st.text_input("Note (when there is no value: why)", kept.note, key=f"{prefix}_note")
    explanation = st.text_area(
        "Explanation (needed for a Red or Amber)", kept.explanation, key=f"{prefix}_e"
    )
    action_plan = st.text_area(
        "Action plan (needed for a Red or Amber)", kept.action_plan, key=f"{prefix}_a"
    )
    return Form(value, numerator, denominator, commentary, note, explanation, action_plan)


def _save(store: Store, row, form: Form, *, submit: bool, today: date) -> None:
    """Save or submit as whoever is signed in now; the refusal said plainly."""
    try:
        state = cycle.save(
            store,
            auth.current_person(),
            row["indicator_id"],
            row["period"],
            form,
            submit=submit,
            today=today,
        )
    except (ReturnRefused, ReturnStepError) as exc:
        log.info("return %s %s refused: %s", row["indicator_id"], row["period"], exc)
        st.error(escape_markdown(str(exc)))
        return
    st.session_state[DONE] = f"{row['name']}, {row['period_label']}: {state}."
    st.rerun()


def queue_table(queue: pd.DataFrame) -> None:
    """The sign-off queue: value against target, previous value, status, commentary."""
    frame = pd.DataFrame(
        {
            "Measure": queue["name"],
            "Period": queue["period_label"],
            "Value": [_value(r) for _, r in queue.iterrows()],
            "Target": [
                target_text(r["target"], r.get("decimals"), r.get("unit"), r.get("target_upper"))
                for _, r in queue.iterrows()
            ],
            "Previous": [_value(r, "previous_value") for _, r in queue.iterrows()],
            "Status": queue["status"],
            "Commentary": queue["commentary"].fillna(""),
            "Entered by": queue["submitted_by"].fillna(""),
            "Sign-off due": [
                uk_date(d) + (" (overdue)" if m == "overdue" else "")
                for d, m in zip(queue["sign_off_due"], queue["mark"])
            ],
        }
    )
    tables.static(frame, "Returns waiting for sign-off", "sign_off", noun="returns")


def approve_all(store: Store, queue: pd.DataFrame, today: date) -> None:
    """Approve every return shown, each as it was shown; say what was and was not."""
    done, refused = 0, []
    for _, row in queue.iterrows():
        try:
            cycle.approve(
                store,
                auth.current_person(),
                row["indicator_id"],
                row["period"],
                cycle.entry_of(row),
                today,
            )
            done += 1
        except (ReturnRefused, ReturnStepError) as exc:
            refused.append(f"{row['indicator_id']} {row['period']}: {exc}")
    if refused:
        st.error(escape_markdown(f"Approved {done}; not approved: " + " ".join(refused)))
        return
    st.session_state[DONE] = f"Approved {done} returns."
    st.rerun()


def one_return(store: Store, queue: pd.DataFrame, today: date) -> None:
    """One return's detail, with Approve and Return with a reason."""
    picked = st.selectbox(
        "Return to sign off", range(len(queue)), format_func=lambda i: _label(queue.iloc[i])
    )
    row = queue.iloc[picked]
    st.markdown(
        f"**{escape_markdown(row['name'])}**, {escape_markdown(row['period_label'])}: "
        f"{escape_markdown(_value(row))} against {escape_markdown(_value(row, 'target'))}, "
        f"status {row['status']}; previous {escape_markdown(_value(row, 'previous_value'))}"
    )
    for title, column in (
        ("Commentary", "commentary"),
        ("Note", "note"),
        ("Explanation", "explanation"),
        ("Action plan", "action_plan"),
    ):
        if isinstance(row[column], str) and row[column].strip():
            st.caption(title)
            plain(row[column])
    if st.button("Approve", key="approve_one", type="primary"):
        _step(
            row,
            lambda person: cycle.approve(
                store, person, row["indicator_id"], row["period"], cycle.entry_of(row), today
            ),
            "approved",
        )
    reason = st.text_area("Reason for returning it", key="return_reason")
    if st.button("Return to the officer", key="return_one"):
        _step(
            row,
            lambda person: cycle.send_back(
                store, person, row["indicator_id"], row["period"], reason
            ),
            "returned to its officer",
        )


def _step(row, write, done: str) -> None:
    """A checker's step as whoever is signed in now; the refusal said plainly."""
    try:
        write(auth.current_person())
    except (ReturnRefused, ReturnStepError) as exc:
        st.error(escape_markdown(str(exc)))
        return
    st.session_state[DONE] = f"{row['name']}, {row['period_label']}: {done}."
    st.rerun()


def reopen_form(store: Store, rows: pd.DataFrame) -> None:
    """An analyst reopens an approved return (one entered as a return), with a reason."""
    approved = rows[(rows["state"] == "approved") & rows["approved_by"].notna()]
    approved = approved.reset_index(drop=True)
    if approved.empty:
        return
    st.header("Reopen an approved return")
    picked = st.selectbox(
        "Approved return", range(len(approved)), format_func=lambda i: _label(approved.iloc[i])
    )
    row = approved.iloc[picked]
    reason = st.text_area("Reason for reopening it", key="reopen_reason")
    if st.button("Reopen", key="reopen"):
        _step(
            row,
            lambda person: cycle.reopen(store, person, row["indicator_id"], row["period"], reason),
            "reopened and sent back to its officer",
        )
