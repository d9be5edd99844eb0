"""Strategic scorecard: the month at a glance for senior leadership."""

from dataclasses import astuple
from functools import partial
from typing import Literal

import streamlit as st

from pmf_core.analysis.scorecard import (
    COUNT_COLUMNS,
    LATE,
    MORE_IS,
    NEW_EXCEPTION,
    RECOVERED,
    TURNED_RED,
    changes_table,
    movements,
    worst_panel,
)
from pmf_core.outputs import report
from pmf_core.outputs.report_file import report_file
from pmf_core.rules.periods import MONTH_ABBR, month_key, month_label
from pmf_core.rules.presentation import status_badge
from pmf_core.rules.selection import Filters
from ui import (
    cards,
    context,
    downloads,
    help_page,
    layout,
    pack_view,
    scorecard_tables,
    selection,
    tables,
)
from ui.store import current_store
from ui.text import escape_markdown

# Streamlit's delta colours by what more of a count means; the arrow and sign say it too.
DELTA_COLOURS: dict[str, Literal["inverse", "normal", "off"]] = {
    "worse": "inverse",
    "better": "normal",
    "neither": "off",
}
MOVEMENT_HELP = {
    TURNED_RED: "Red now, and not Red last month.",
    RECOVERED: "Moved up out of Red or Amber (Red < Amber < Green < Blue).",
    NEW_EXCEPTION: "An exception now (Red, Amber or Blue) and not last month.",
}

as_at, directorate, committee = astuple(selection.sidebar(committee=True))
st.title("Strategic scorecard")
selection.show_notes()
status = context.status(as_at, directorate, committee)
in_force = Filters(month=as_at, directorate=directorate, committee=committee)
st.caption(
    f"{selection.describe(in_force)} · {len(status)} measures · each measure's latest "
    "return on or before the month"
)
help_page.link()

if status.empty:
    st.info(
        "No measures yet. An analyst can load the indicators, then their targets, then a "
        "monthly extract on the Upload page (templates there), or with `python -m pmf_core "
        "load indicators FILE` and so on."
    )
    selection.stop()

REPORTS = {
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "html": ("HTML", "text/html"),
}


def quarterly_report() -> None:
    """The quarter's report to download, and those frozen as presented: below the month's
    picture, which is the first screen (its counts and table)."""
    st.header("Quarterly report")
    quarter = report.latest_quarter(as_at)
    store = current_store()
    for column, (fmt, (word, mime)) in zip(st.columns(3), REPORTS.items()):
        # Built only when clicked: bind the store and quarter now (like the appendix downloads).
        downloads.button(
            column,
            f"Quarterly report {quarter} ({word})",
            partial(report_file, store, quarter, fmt),
            file_name=f"report-{quarter.replace('/', '-').replace(' ', '-')}.{fmt}",
            mime=mime,
            key=f"report_{fmt}",
            help=f"The report covers the whole council for {quarter}, "
            "whatever the directorate and committee chosen here.",
        )
    pack_view.report_listing()  # the reports frozen as presented, with their files


previous = as_at - 1
counts = scorecard_tables.counts(as_at, directorate, committee)
with layout.counts("scorecard"):
    columns = st.columns(len(counts))
for column, (word, (value, change)) in zip(columns, counts.items()):
    column.metric(
        status_badge(word) if word != LATE else "Late returns",
        value,
        delta=change,
        delta_color=DELTA_COLOURS[MORE_IS[word]],
        delta_description=f"vs {MONTH_ABBR[previous % 12]}",
        help=help_page.hint(
            "Measures with this status as at the month.", "late" if word == LATE else "RAG status"
        ),
    )
st.caption(
    f"Under each count, its change since {month_label(previous)}: the arrow points up "
    "for more measures, down for fewer; green marks a change for the better, red for "
    "the worse, grey neither."
)

# The first screen first: the counts, the panels and their measures; then what changed and
# where the council is off track.
view = st.radio(
    "Panels by",
    ["Balanced scorecard perspective", "Council plan priority"],
    horizontal=True,
    key="panels_by",
)
by = "perspective" if view.startswith("Balanced") else "priority"
by_panel = scorecard_tables.panels(as_at, directorate, committee, by)
summary = by_panel.rename(columns={by: "Panel"})
summary = summary.rename(columns={w: status_badge(w) for w in COUNT_COLUMNS})
tables.static(summary, f"Measures by status in each {by}", f"panels_{by}", "panels")
panels = by_panel[by].tolist()
worst = worst_panel(by_panel, by)
# Pill labels render markdown: a priority is shown as typed.
chosen = (
    st.pills("Measures in", panels, default=worst, format_func=escape_markdown, key=f"panel_{by}")
    or worst
)
if chosen is None:  # no measures in any panel: nothing more to show
    quarterly_report()
    st.stop()
concerning_only = st.toggle(
    "Special cause concerning only",
    key="concerning_only",
    help=help_page.hint(
        "Measures whose latest point is a statistically significant deterioration.",
        "SPC variation and assurance",
    ),
)
rows, table = scorecard_tables.measures(as_at, directorate, committee, by, chosen, concerning_only)
st.caption(
    f"{len(rows)} measures in {escape_markdown(chosen)}, worst first. Open any of them "
    "in the Service drill-down."
)
with layout.wide(by):  # a phone's cards link to the drill-down by their names
    picked = tables.show(table, rows, key=f"table_{by}")
    names = dict(zip(rows["indicator_id"], rows["name"]))
    tables.link_to_drilldown(picked, names.get(picked), month_key(as_at))
with layout.phone(by):
    cards.show(
        rows,
        by,
        {"month": month_key(as_at), "directorate": directorate, "committee": committee},
        f"Measures in {chosen}",
    )

st.header("Changed since last month")
moved = movements(context.changes_since(previous, as_at, directorate, committee))
st.caption(
    f"Measures whose status changed from {month_label(previous)} to {month_label(as_at)}, "
    "each with its status then and now and the period it was reported for."
)
# Only the chosen tab is built and sent (as the drill-down's): a hidden table costs a grid.
for tab, (title, rows) in zip(
    st.tabs([f"{t} ({len(r)})" for t, r in moved.items()], key="changes_tab", on_change="rerun"),
    moved.items(),
):
    if not tab.open:
        continue
    with tab:
        st.caption(MOVEMENT_HELP[title])
        if rows.empty:
            st.write(f"None in {month_label(as_at)}.")
        else:
            tables.static(
                changes_table(rows),
                f"{title}: measures",
                f"changed_{title}",
                "measures",
                column_order=["Measure", "Service", "Was", "Now"],
            )

st.header("Where the council is off track")
st.caption(
    "Services ranked by measures Red, then Amber (the performance pyramid): the places "
    "that move the council off track this month."
)
pyramid = scorecard_tables.pyramid(as_at, directorate, committee)
if pyramid.empty:
    st.success("No measure is Red or Amber this month.")
else:
    tables.static(
        pyramid.rename(
            columns={"directorate": "Directorate", "service": "Service", "Rated": "Rated measures"}
        ),
        "Services by measures Red, then Amber",
        "pyramid",
        "services",
        column_order=["Service", "Directorate", "Red", "Amber", "Rated measures", "Off track %"],
    )

quarterly_report()
