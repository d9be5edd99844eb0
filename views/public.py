"""Public view: what residents read on the council's website, the same content as `publish`,
needing no sign-in. Only public measures, and never notes, reasons, actions or names."""

import streamlit as st

from pmf_core.outputs import html_page
from pmf_core.rules.periods import month_label
from ui import cards, context, layout, selection
from ui.text import escape_markdown, plain

with st.sidebar:
    as_at = selection.month_box()
st.title("Public view")
model = context.public_site(as_at)
st.caption(
    f"How the council is performing: its published measures as at {month_label(as_at)}, "
    "by council plan priority. The public website shows the same."
)
if not model.views:
    selection.show_notes()
    st.info(
        "No measures are published yet. Mark a measure public with the indicators file's "
        "public column (yes)."
    )
    selection.stop()
names = {v.indicator_id: v for v in model.views}
ids = list(names)
chosen = selection.pick(
    "indicator", ids, ids[0], "published measure", escape_markdown(names[ids[0]].name)
)
selection.show_notes()

for number, (priority, views) in enumerate(model.priorities().items()):
    st.header(escape_markdown(priority))
    with layout.phone(f"public_{number}"):
        cards.show_public(views, f"Measures for {priority}")
    with layout.wide(f"public_{number}"):
        st.dataframe(
            {
                "Measure": [v.name for v in views],
                "Status": [v.rag_badge for v in views],
                "Value": [v.value for v in views],
                "Target": [v.target for v in views],
                "Period": [v.period for v in views],
                "Direction": [v.dot for v in views],
                "Trend": [v.sparkline for v in views],
            },
            hide_index=True,
            width="stretch",
            key=f"public_{priority}",
            column_config={"Trend": st.column_config.LineChartColumn("Trend")},
        )

st.header("One measure")
chosen = selection.selectbox(
    st,
    "Measure",
    ids,
    chosen,
    param="indicator",
    key="public_measure",
    format_func=lambda i: names[i].name,
)
view = names[chosen]
st.subheader(escape_markdown(view.name))
with layout.counts("public", words=True):
    columns = st.columns(5)
for column, (label, value) in zip(
    columns,
    (
        ("Period", view.period),
        ("Value", view.value),
        ("Target", view.target),
        ("Status", view.rag_badge),
        ("Direction of travel", view.dot),
    ),
):
    column.metric(label, value or "–")
st.image(html_page.chart(view, "public-chart"), caption=view.alt, alt=view.alt)
st.markdown("**In a sentence**")
plain(view.sentence)
st.markdown("**Commentary**")
plain(view.commentary, "No commentary for this period.")
