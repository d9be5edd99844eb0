"""Service drill-down: directorate, service, indicator; the trend, the story, the revisions."""
from dataclasses import astuple

import streamlit as st

from pmf_core import charts, spc
from pmf_core.periods import label_for_key, month_label
from pmf_core.presentation import (
    UK_DATE_FORMAT,
    UK_DATETIME_FORMAT,
    definition,
    dot_badge,
    format_value,
    override_note,
    status_badge,
    uk_date,
)
from ui import action_forms, auth, benchmark_panel, context, help_page, selection
from ui.rebase_form import rebase_form
from ui.text import escape_markdown, is_blank, plain

catalogue = context.indicators()
selection.follow_indicator(catalogue)
as_at, directorate, _ = astuple(selection.sidebar())
st.title("Service drill-down")
if catalogue.empty:
    st.info("No measures yet. An analyst can load them on the Upload page.")
    st.stop()

if directorate:
    catalogue = catalogue[catalogue["directorate"] == directorate]
services = sorted(catalogue["service"].dropna().unique())
left, right = st.columns([1, 2])
service = selection.pick("service", services, services[0], "service", escape_markdown(services[0]))
selection.selectbox(left, "Service", services, service, param="service", key="service")
in_service = catalogue[catalogue["service"] == service]
ids = in_service["indicator_id"].tolist()
names = dict(zip(in_service["indicator_id"], in_service["name"]))
first = escape_markdown(f"{names[ids[0]]} ({ids[0]})")
indicator_id = selection.pick("indicator", ids, ids[0], "indicator", first)
selection.selectbox(right, "Indicator", ids, indicator_id, param="indicator", key="indicator",
                    format_func=lambda i: f"{names[i]} ({i})")
selection.publish(service=service, indicator=indicator_id)
selection.show_notes()
help_page.link()

view = context.indicator_view(indicator_id, as_at)
meta, row = view["meta"], view["row"]
st.header(escape_markdown(meta["name"]))

cols = st.columns([1, 1, 1, 1.4, 1.2])
cols[0].metric("Latest", format_value(row["value"], meta["decimals"], meta["unit"]),
               help=label_for_key(row["period"], meta["frequency"]))
cols[1].metric("Target", format_value(row["target"], meta["decimals"], meta["unit"]))
cols[2].metric("RAG", status_badge(row["rag"]),
               help=help_page.hint(     # a tooltip renders markdown: the reason is escaped
                   escape_markdown(override_note(row["override_reason"], row["rag_computed"]))
                   if row["rag_source"] == "override" else
                   "The value against the target, with the amber tolerance.", "RAG status"))
cols[3].metric("Direction of travel", dot_badge(row["dot"], meta["polarity"]),
               help=help_page.hint("Against the previous period of the same frequency.",
                                   "direction of travel"))
cols[4].metric("Same period last year", format_value(row["last_year_value"], meta["decimals"],
                                                       meta["unit"]))
plain(context.sentence(row))
if row["rag_source"] == "override":
    st.warning(escape_markdown(f"RAG overridden to {row['rag']} (computed: "
                               f"{row['rag_computed']}). Reason: {row['override_reason']}"))
if row["late"]:
    st.error(f"Late: the latest return is for {label_for_key(row['period'], meta['frequency'])}.")

points, table = view["points"], view["spc"]
show_spc, fixed = st.columns([1, 2])
show_spc = show_spc.toggle("Show SPC process limits", value=True, key="show_spc",
                           help=help_page.hint("The range ordinary variation stays within.",
                                               "SPC variation and assurance"))
fix_after = fixed.number_input("Fix the limits after this many points (0: use every point)",
                               min_value=0, max_value=240, value=0, step=1, key="fix_after",
                               help=help_page.hint("Limits from the first points only, so later "
                                                   "points are judged against them.",
                                                   "fix the limits after N points"))
if fix_after:
    table = context.spc_fixed_after(indicator_id, as_at, int(fix_after))
icons = spc.summary(table, row["target"], meta["polarity"] or "none")
title = f"{meta['name']} to {month_label(as_at)}"
st.markdown(f"**{escape_markdown(title)}**")
st.plotly_chart(charts.page_layout(charts.trend_figure(points, title, meta["unit"],
                                                       table if show_spc else None)),
                width="stretch", key="trend", config={"displayModeBar": False})
if icons["variation"]:
    trial = " (trial limits: fewer than 12 points)" if icons["trial_limits"] else ""
    st.caption(f"Variation: **{icons['variation']}** · Assurance: "
               f"**{icons['assurance'] or 'not applicable'}**{trial}")

benchmark_panel.drilldown_panel(meta)

st.subheader("Path to green")
path = context.paths_to_green(row.to_frame().T, as_at)[indicator_id]
st.write(path.sentence())
actions_here = view["actions"]
if actions_here.empty:
    st.caption("No action recorded for this measure.")
for _, action in actions_here.iterrows():
    when = action["path_to_green"]
    due = uk_date(when, "no date set")
    with st.expander(f"Action {action['action_id']} · {action['status']} · path to green "
                     f"{due} · {escape_markdown(action['officer'], 'no officer')}",
                     expanded=action["status"] != "complete"):
        st.markdown("**Why it is off track**")
        plain(action["explanation"], "Not given.")
        st.markdown("**Action plan**")
        plain(action["action_plan"])
        updates = view["updates"][int(action["action_id"])]
        if not updates.empty:
            st.dataframe(updates.rename(columns={
                             "update_date": "Date", "status": "Status", "note": "What happened",
                             "updated_by": "By", "recorded_at": "Recorded"}),
                         hide_index=True, width="stretch", key=f"updates_{action['action_id']}",
                         column_config={"Date": st.column_config.DateColumn(format=UK_DATE_FORMAT),
                                        "Recorded": st.column_config.DatetimeColumn(
                                            format=UK_DATETIME_FORMAT)})
analyst = auth.signed_in_analyst()
if analyst:
    action_forms.add_action_form({indicator_id: meta["name"]}, "drill", analyst,
                                 {indicator_id: "" if is_blank(meta["owner"]) else meta["owner"]})
    action_forms.update_action_form(actions_here, "drill", analyst)


def show_commentary() -> None:
    said = view["said"]
    if said.empty:
        st.write("No commentary recorded yet.")
    else:
        st.dataframe(said, hide_index=True, width="stretch", key="commentary",
                     column_config={"period": "Period", "commentary": "Commentary",
                                    "action": "Action plan", "note": "Data note",
                                    "override": "RAG override"})


REVISION_COLUMNS = {
    "period": "Period", "revision": "Revision", "value": "Value", "target": "Target in extract",
    "commentary": "Commentary", "note": "Data note", "rag_override": "RAG override",
    "override_reason": "Override reason", "is_current": "Current", "loaded_by": "Loaded by",
    "loaded_at": st.column_config.DatetimeColumn("Loaded", format=UK_DATETIME_FORMAT),
    "batch_id": "Batch", "file_name": "File", "batch_status": "Batch status"}


def show_revisions() -> None:
    st.caption("Every value loaded for each period, newest first; a later load replaces the "
               "current value and keeps the one before.")
    st.dataframe(view["revisions"], hide_index=True, width="stretch", key="revisions",
                 column_config=REVISION_COLUMNS)


def show_rebases() -> None:
    st.caption("Recalculate the limits from a period when the process really changed (a new "
               "system, a changed definition). Each rebase is logged with its reason.")
    if view["rebases"].empty:
        st.write("No rebases.")
    else:
        st.dataframe(view["rebases"], hide_index=True, width="stretch", key="rebase_log",
                     column_config={"period": "From period", "reason": "Reason",
                                    "recorded_by": "By", "recorded_at": st.column_config
                                    .DatetimeColumn("Recorded", format=UK_DATETIME_FORMAT)})
    if not analyst:
        st.caption("Analysts can rebase after signing in on the Upload page.")
        return
    rebase_form(indicator_id, points, analyst)


def show_definition() -> None:
    fields = definition(meta)     # st.table renders each cell as markdown
    st.table({"Field": fields["Field"], "Value": [escape_markdown(v) for v in fields["Value"]]})


SECTIONS = {"Commentary by period": show_commentary, "Revisions": show_revisions,
            "SPC rebases": show_rebases, "Definition": show_definition}
# Only the chosen tab is built and sent: a hidden table still costs the browser a grid.
for tab, show in zip(st.tabs(list(SECTIONS), key="drill_tab", on_change="rerun"),
                     SECTIONS.values()):
    if tab.open:
        with tab:
            show()
