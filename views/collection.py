"""Collection: every measure's return for a month, by state (not started, draft, submitted,
returned, approved, overdue), by directorate and person, with a CSV download; for analysts."""

from datetime import date

import streamlit as st

from pmf_core.ingest import return_lists
from pmf_core.outputs.appendix import safe_csv
from pmf_core.rules.periods import current_month, month_key, month_label
from ui import auth, downloads, layout, returns_view, selection
from ui.store import current_store

picked = selection.sidebar()
month = picked.month if picked.month is not None else current_month()
directorate = picked.directorate
st.title("Collection")
selection.show_notes()
if not auth.signed_in_analyst():
    auth.explain_analysts_only("The collection of returns and its download")
    selection.stop()
returns_view.show_done()
today = date.today()
every = return_lists.collection(current_store(), month, today)
who = st.text_input("Person (sign-in name or e-mail address)", key="collection_person")
rows = return_lists.select_collection(every, directorate, who)
st.caption(f"Each measure's latest period ended by the end of {month_label(month)}.")
counts = return_lists.state_counts(rows)
with layout.counts("collection"):
    columns = st.columns(len(counts))
for column, (state, count) in zip(columns, counts.items()):
    column.metric(state.capitalize(), count)
if rows.empty:
    st.info("No measures for this selection.")
    selection.stop()
returns_view.list_table(rows, "collection", "Returns for the month")
downloads.button(
    st,
    "Download as CSV",
    safe_csv(return_lists.collection_export(rows)),
    file_name=f"collection-{month_key(month)}.csv",
    mime="text/csv",
    key="collection_csv",
)
returns_view.reopen_form(current_store(), rows)
