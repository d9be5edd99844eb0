"""Benchmarking: the council against comparable councils for one metric and one group."""

import streamlit as st

from pmf_core.outputs import charts
from pmf_core.rules.periods import label_for_key
from pmf_core.rules.presentation import POLARITY_WORDS
from ui import benchmark_panel as panel
from ui import context, selection, tables
from ui.text import escape_markdown

st.title("Benchmarking")
info = panel.basics()
metrics = info["metrics"]
if info["area"] is None or metrics.empty:
    selection.show_notes()
    st.info(
        "No comparator data yet. An analyst sets the council's own area "
        "(`python -m pmf_core area --code E06000059 --name Dorset`) and loads a benchmarks "
        "file and a groups file on the Upload page."
    )
    selection.stop()

code, own_name = info["area"]
names = dict(zip(metrics["metric_id"], metrics["metric_name"]))
ids = list(names)
left, right = st.columns([2, 1])
metric_id = selection.pick(
    "metric", ids, ids[0], "metric", escape_markdown(f"{names[ids[0]]} ({ids[0]})")
)
metric_id = selection.selectbox(
    left,
    "Metric",
    ids,
    metric_id,
    param="metric",
    key="metric",
    format_func=lambda m: f"{names[m]} ({m})",
)
groups = panel.group_options()
group = selection.pick(
    "group", groups, info["default"], "comparator group", escape_markdown(info["default"])
)
group = selection.selectbox(
    right, "Compared with", groups, group, param="group", key="group", help=panel.GROUP_HELP
)
selection.show_notes()

view = panel.metric_view(metric_id, group)
meta = view["metric"]
st.caption(
    f"{escape_markdown(own_name)} ({escape_markdown(code)}) against "
    f"{escape_markdown(group)} · source: {escape_markdown(meta['source'] or 'not given')}"
    f" · unit: {escape_markdown(meta['unit'] or 'not given')} · "
    f"{POLARITY_WORDS.get(meta['polarity'], escape_markdown(str(meta['polarity'])))}"
)
if meta["polarity"] == "none":
    st.caption(
        "This metric has no better direction, so areas are not ranked: the chart orders "
        "them from the largest value."
    )
if view["positions"].empty:
    st.warning(f"No value of this metric has been loaded for {escape_markdown(own_name)}.")
    selection.stop()

panel.latest_metrics(view)
latest = view["positions"].iloc[-1]
period = label_for_key(latest["period"], meta["frequency"])
references = view["references"]
st.plotly_chart(
    charts.ranked_figure(
        view["latest"],
        meta["metric_name"],
        meta["unit"],
        latest["group_median"],
        f"{period}, {group}, best first",
        view["decimals"],
        references,
    ),
    width="stretch",
    key="ranked",
)
st.caption(
    f"▶ and the striped bar mark {escape_markdown(own_name)}; the dashed line is the "
    "median of the other areas with a value"
    + ("; each dotted line is a reference area." if len(references) else ".")
)
if len(references):
    st.markdown("**Reference areas** (for comparison, not ranked or counted in the quartiles)")
    tables.static(panel.references_table(view), f"Reference areas, {period}", "references", "areas")

st.header("Position over time")
panel.band_chart(view, "band")
tables.static(
    panel.positions_table(view), f"{own_name} by period against {group}", "positions", "periods"
)

linked = context.indicators()
linked = linked[linked["benchmark_metric"] == metric_id]
for indicator_id, name in zip(linked["indicator_id"], linked["name"]):
    st.page_link(
        "views/drilldown.py",
        label=f"Open {escape_markdown(name)} in the drill-down",
        icon=":material/search:",
        query_params=selection.drilldown_address(indicator_id),
    )
