"""My returns: an officer's open and returned periods, due dates, a form with its status as
typed, save as draft and submit for sign-off."""

from datetime import date

import streamlit as st

from pmf_core.ingest import return_lists
from pmf_core.rules.roles import OFFICER
from ui import returns_view, selection
from ui.store import current_store

person = returns_view.open_page("My returns", OFFICER)
store, today = current_store(), date.today()
rows = return_lists.officer_returns(store, person, today)
if rows.empty:
    st.info(
        "No measure names you as its inputter. An analyst adds you in the indicators file's "
        "inputter column, by your sign-in name or e-mail address."
    )
    selection.stop()
st.caption(
    "Each period opens the day after it ends and is due on the day shown; a return after it "
    "is accepted and marked late."
)
returns_view.list_table(rows, "my_returns", "Your returns")
st.header("Enter a return")
returns_view.entry_form(store, rows, today)
