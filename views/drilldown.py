"""Service drill-down: directorate, service, indicator; the trend, the story, the revisions."""

from dataclasses import astuple

import streamlit as st

from pmf_core.rules.selection import Filters
from ui import (
    action_forms,
    auth,
    benchmark_panel,
    context,
    drilldown_sections,
    help_page,
    selection,
)
from ui.text import escape_markdown, is_blank

catalogue = context.indicators()
selection.follow_indicator(catalogue)
as_at, directorate, _ = astuple(selection.sidebar())
st.title("Service drill-down")
if catalogue.empty:
    st.info("No measures yet. An analyst can load them on the Upload page.")
    selection.stop()

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
selection.selectbox(
    right,
    "Indicator",
    ids,
    indicator_id,
    param="indicator",
    key="indicator",
    format_func=lambda i: f"{names[i]} ({i})",
)
selection.show_notes()
st.caption(
    selection.describe(
        Filters(month=as_at, directorate=directorate, service=service), committee=False
    )
)
help_page.link()

view = context.indicator_view(indicator_id, as_at)
meta, row = view["meta"], view["row"]
st.header(escape_markdown(meta["name"]))

drilldown_sections.headline(view)
drilldown_sections.trend(view, indicator_id, as_at)
benchmark_panel.drilldown_panel(meta)

path = context.paths_to_green(row.to_frame().T, as_at).get(indicator_id)
if path is not None:  # none for a measure never judged against a target
    st.subheader("Path to green")
    st.write(path.sentence())
drilldown_sections.action_history(view)
analyst = auth.signed_in_analyst()
if analyst:
    action_forms.add_action_form(
        {indicator_id: meta["name"]},
        "drill",
        analyst,
        {indicator_id: "" if is_blank(meta["owner"]) else meta["owner"]},
    )
    action_forms.update_action_form(view["actions"], "drill", analyst)

drilldown_sections.tabs(view, indicator_id, analyst)
