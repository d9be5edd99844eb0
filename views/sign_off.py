"""Sign-off: a checker's queue of submitted returns (an analyst's: all of them), each value
against its target, the previous value and status; approve, approve all shown, or return."""

from datetime import date

import streamlit as st

from pmf_core.ingest import return_lists
from pmf_core.rules.roles import CHECKER
from ui import returns_view, selection
from ui.store import current_store

person = returns_view.open_page("Sign-off", CHECKER)
store, today = current_store(), date.today()
queue = return_lists.sign_off_queue(store, person, today)
if queue.empty:
    st.info("No return is waiting for your sign-off.")
    selection.stop()
st.caption("Only an approved value counts on the scorecard, the reports and the public view.")
returns_view.queue_table(queue)
if st.button(f"Approve all {len(queue)} shown", key="approve_all"):
    returns_view.approve_all(store, queue, today)
st.header("One return")
returns_view.one_return(store, queue, today)
