"""Strategic scorecard: the month at a glance for senior leadership."""
import streamlit as st

from pmf_core.periods import month_key, month_label
from pmf_core.presentation import status_badge
from pmf_core.scorecard import COUNT_COLUMNS, off_track_pyramid, panel_counts
from ui import context, tables
from ui.text import escape_markdown

as_at, directorate = context.sidebar_filters()
st.title("Strategic scorecard")
status = context.status(as_at, directorate)
st.caption(f"As at {month_label(as_at)} · {escape_markdown(directorate or 'All directorates')} · "
           f"{len(status)} measures · each measure's latest return on or before the month")

if status.empty:
    st.info("No measures yet. An analyst can load indicators, targets and a monthly extract on "
            "the Upload page.")
    st.stop()

totals = status["rag"].value_counts()
for column, word in zip(st.columns(len(COUNT_COLUMNS) + 1), COUNT_COLUMNS + ["Late"]):
    value = int(status["late"].sum()) if word == "Late" else int(totals.get(word, 0))
    column.metric(status_badge(word) if word != "Late" else "Late returns", value)

view = st.radio("Panels by", ["Balanced scorecard perspective", "Council plan priority"],
                horizontal=True, key="panels_by")
by = "perspective" if view.startswith("Balanced") else "priority"
counts = panel_counts(status, by)
summary = counts.rename(columns={by: "Panel"})
summary = summary.rename(columns={w: status_badge(w) for w in COUNT_COLUMNS})
st.dataframe(summary, hide_index=True, width="stretch", key=f"panels_{by}")
panels = counts[by].tolist()
worst = counts.sort_values(["Red", "Amber"], ascending=False)[by].iloc[0]
# Pill labels render markdown: a priority is shown as typed.
chosen = st.pills("Measures in", panels, default=worst, format_func=escape_markdown,
                 key=f"panel_{by}") or worst
rows = tables.by_severity(status[status[by].fillna("(none)") == chosen])
if st.toggle("Special cause concerning only", key="concerning_only",
             help="Measures whose latest point is a statistically significant deterioration"):
    rows = rows[rows["variation"] == "Special cause concerning"]
sparks = context.sparklines(rows["indicator_id"].tolist(), as_at)
st.caption(f"{len(rows)} measures in {escape_markdown(chosen)}, worst first. Open any of them in the "
           "Service drill-down.")
picked = tables.show(tables.readable(rows, sparks), key=f"table_{by}")
names = dict(zip(rows["indicator_id"], rows["name"]))
tables.link_to_drilldown(picked, names.get(picked), month_key(as_at))

st.subheader("Where the council is off track")
st.caption("Services ranked by measures Red, then Amber (the performance pyramid): the places "
           "that move the council off track this month.")
pyramid = off_track_pyramid(status)
if pyramid.empty:
    st.success("No measure is Red or Amber this month.")
else:
    st.dataframe(pyramid.rename(columns={"directorate": "Directorate", "service": "Service",
                                         "Rated": "Rated measures"}),
                 hide_index=True, width="stretch", key="pyramid")
