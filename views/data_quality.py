"""Data quality: what is missing, late, unexplained or overridden this month."""
from dataclasses import astuple

import streamlit as st

from pmf_core import quality
from pmf_core.periods import month_key, month_label
from ui import context, help_page, selection, tables
from ui.text import escape_markdown

as_at, directorate, committee = astuple(selection.sidebar(committee=True))
st.title("Data quality")
selection.show_notes()
status = context.status(as_at, directorate, committee)
st.caption(f"As at {month_label(as_at)} · {escape_markdown(directorate or 'All directorates')} · "
           f"{escape_markdown(committee or 'All committees')}")
help_page.link()
if status.empty:
    st.info("No measures yet. An analyst can load them on the Upload page.")
    st.stop()

checks = [
    ("No return for the month", quality.missing_returns(status, as_at),
     "Monthly measures with no value for the month itself."),
    ("Late returns", quality.late_returns(status),
     "The latest return is older than the measure's frequency allows."),
    ("Missing notes or commentary", quality.missing_notes(status),
     "No value and no note saying why, or Red/Amber with no commentary."),
    ("RAG overrides", quality.overrides(status),
     "The reported RAG differs from the rule's; each needs its reason."),
    ("No target this year", context.no_target_this_year(status, as_at),
     "Rated measures with no target for the financial year."),
]
for column, (title, rows, explanation) in zip(st.columns(len(checks)), checks):
    column.metric(title, len(rows), help=help_page.hint(
        explanation, "late" if title == "Late returns" else "where the data comes from"))
for title, rows, explanation in checks:
    with st.expander(f"{title} ({len(rows)})", expanded=bool(len(rows)) and len(rows) <= 10):
        st.caption(explanation)
        if rows.empty:
            st.write("None.")
        else:
            table = tables.readable(rows)
            if "note" in rows:
                table["Note"] = rows["note"].fillna("").to_numpy()
            if title == "RAG overrides":
                table["Computed"] = rows["rag_computed"].to_numpy()
                table["Reason"] = rows["override_reason"].fillna("").to_numpy()
            picked = tables.show(table, key=f"dq_{title}")
            tables.link_to_drilldown(picked, dict(zip(rows["indicator_id"], rows["name"]))
                                     .get(picked), month_key(as_at))
