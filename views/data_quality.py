"""Data quality: what is missing, late, unexplained or overridden this month."""

from dataclasses import astuple

import streamlit as st

from pmf_core.rules.periods import month_key
from pmf_core.rules.selection import Filters
from ui import cards, context, help_page, layout, quality_checks, selection, tables

as_at, directorate, committee = astuple(selection.sidebar(committee=True))
st.title("Data quality")
selection.show_notes()
status = context.status(as_at, directorate, committee)
st.caption(selection.describe(Filters(month=as_at, directorate=directorate, committee=committee)))
help_page.link()
if status.empty:
    st.info("No measures yet. An analyst can load them on the Upload page.")
    selection.stop()

checks = quality_checks.checks(status, as_at, context.no_target_this_year(status, as_at))
with layout.counts("quality", words=True):  # long titles: two to a line
    columns = st.columns(len(checks))
for column, check in zip(columns, checks):
    column.metric(check.title, len(check.rows), help=help_page.hint(check.explanation, check.topic))
for check in checks:
    rows = check.rows
    # A check's table and cards are built only while it is open (a closed one's still cost the
    # browser a grid); a short list opens by itself.
    with st.expander(
        f"{check.title} ({len(rows)})",
        expanded=bool(len(rows)) and len(rows) <= 10,
        key=f"open_{check.key}",
        on_change="rerun",
    ) as box:
        if not box.open:
            continue
        st.caption(check.explanation)
        if rows.empty:
            st.write("None.")
        else:
            with layout.wide(f"dq_{check.key}"):
                picked = tables.show(quality_checks.table(check), rows, key=f"dq_{check.key}")
                tables.link_to_drilldown(
                    picked,
                    dict(zip(rows["indicator_id"], rows["name"])).get(picked),
                    month_key(as_at),
                )
            with layout.phone(f"dq_{check.key}"):
                cards.show(
                    rows,
                    f"dq_{check.key}",
                    {"month": month_key(as_at), "directorate": directorate, "committee": committee},
                    check.title,
                    quality_checks.card_notes(check),
                )
