"""Action tracker: every open action on an off-track measure, and what changed since a meeting.

Actions as they stand today (no month picker: the store keeps no history of an action's text,
so a past month could not be shown faithfully); the month chosen elsewhere is kept for the
other pages.
"""

from dataclasses import astuple
from datetime import date, timedelta

import streamlit as st

from pmf_core.analysis import actions
from pmf_core.outputs.appendix import safe_csv
from pmf_core.rules.presentation import UK_DATE_FORMAT, UK_DATETIME_FORMAT, uk_date
from pmf_core.rules.selection import Filters, file_stem
from ui import action_forms, auth, context, downloads, help_page, layout, selection, tables

_, directorate, committee = astuple(selection.sidebar(month=False, committee=True))
st.title("Action tracker")
selection.show_notes()
today = date.today()
caption = st.empty()  # written once the filters below are read: it states them all
help_page.link()
everything = context.actions_today()
officers = sorted(everything["officer"].dropna().unique()) if not everything.empty else []
left, middle, right = st.columns([2, 1, 1])
officer = left.selectbox("Accountable officer", ["All officers"] + officers, key="officer")
overdue_only = middle.toggle(
    "Overdue only",
    key="overdue_only",
    help=help_page.hint("Not complete, and the path-to-green date has passed.", "overdue actions"),
)
with_complete = right.toggle("Include complete", key="with_complete")
in_force = Filters(
    directorate=directorate,
    committee=committee,
    officer=None if officer == "All officers" else officer,
    overdue_only=overdue_only,
    include_complete=with_complete,
)
caption.caption(
    f"Actions as they stand today, {uk_date(today)} · "
    f"{selection.describe(in_force)} · an action not complete whose path-to-green "
    "date has passed is overdue"
)
frame = actions.select(
    everything,
    directorate=directorate,
    committee=committee,
    officer=in_force.officer,
    overdue_only=overdue_only,
    include_complete=with_complete,
)
# The counts are of every action the directorate, committee and officer filters keep, complete
# ones too: "Complete 0" beside 29 complete actions hidden by a toggle would be untrue.
counted = actions.select(
    everything,
    directorate=directorate,
    committee=committee,
    officer=in_force.officer,
    include_complete=True,
)
counts = counted["effective_status"].value_counts()
with layout.counts("actions"):
    columns = st.columns(4)
for column, word in zip(columns, ("open", "on track", "overdue", "complete")):
    column.metric(word.capitalize(), int(counts.get(word, 0)))
if frame.empty:
    st.info("No actions match these filters.")
else:
    table = frame[
        [
            "action_id",
            "name",
            "service",
            "officer",
            "path_to_green",
            "effective_status",
            "action_plan",
            "last_update",
        ]
    ].rename(
        columns={
            "action_id": "Action",
            "name": "Measure",
            "service": "Service",
            "officer": "Accountable officer",
            "path_to_green": "Path to green",
            "effective_status": "Status",
            "action_plan": "Action plan",
            "last_update": "Last update",
        }
    )
    # Written as every page writes it ("30 Sep 2026"), and "not set", never "None".
    table["Path to green"] = [uk_date(d) for d in table["Path to green"]]
    dates = {"Last update": st.column_config.DatetimeColumn(format=UK_DATETIME_FORMAT)}
    tables.grid(
        table,
        "tracker",
        "Actions",
        column_config=dates,
        column_order=[
            "Measure",
            "Action",
            "Service",
            "Accountable officer",
            "Path to green",
            "Status",
            "Action plan",
            "Last update",
        ],
    )
    downloads.button(
        st,
        "Download the tracker (CSV)",
        safe_csv(table),
        file_name=f"{file_stem('action-tracker', in_force, today)}.csv",
        mime="text/csv",
        key="tracker_csv",
    )

st.header("What changed since the last meeting")
since = st.date_input(
    "Last meeting", value=today - timedelta(days=28), key="since", format="DD/MM/YYYY"
)
changes = context.action_changes_since(since)
st.caption(f"Every update and every new action since {uk_date(since)}.")
if changes.empty:
    st.write("Nothing has changed since then.")
else:
    tables.grid(
        changes.drop(columns="indicator_id").rename(
            columns={
                "date": "Date",
                "action_id": "Action",
                "name": "Measure",
                "status": "Status",
                "note": "What happened",
                "by": "By",
            }
        ),
        "changes",
        "Updates and new actions",
        column_config={"Date": st.column_config.DateColumn(format=UK_DATE_FORMAT)},
        column_order=["Measure", "Date", "Action", "Status", "What happened", "By"],
    )

analyst = auth.signed_in_analyst()
if analyst:
    action_forms.update_action_form(frame, "tracker", analyst)
else:
    st.caption("Analysts can update actions after signing in on the Upload page.")
