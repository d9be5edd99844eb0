"""The drill-down's parts below its headline: the trend with its SPC controls, the actions with
their updates, and the tabs (commentary, revisions, rebases, definition). Each reads the one
drill-down model (context.indicator_view) and renders it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from pmf_core.outputs import chart_svg, charts, trend_chart
from pmf_core.rules import narrative, spc
from pmf_core.rules.cumulative import NOT_APPLICABLE, YEAR_TO_DATE
from pmf_core.rules.periods import label_for_key, month_label
from pmf_core.rules.presentation import (
    DOT_AGAINST,
    UK_DATE_FORMAT,
    UK_DATETIME_FORMAT,
    WRITTEN_INTO_FIGURES,
    batch_status,
    definition,
    dot_badge,
    format_value,
    headline_notes,
    override_note,
    rag_badge,
    short_target,
    spc_badge,
    uk_date,
)
from ui import context, help_page, layout, tables
from ui.rebase_form import rebase_form
from ui.text import escape_markdown, is_blank, plain

# A table's columns: each one's label, or its st.column_config entry.
ColumnLabels = dict[str, Any]
UPDATE_COLUMNS: ColumnLabels = {
    "update_date": st.column_config.DateColumn("Date", format=UK_DATE_FORMAT),
    "status": "Status",
    "note": "What happened",
    "updated_by": "By",
    "recorded_at": st.column_config.DatetimeColumn("Recorded", format=UK_DATETIME_FORMAT),
}
COMMENTARY_COLUMNS = {
    "period": "Period",
    "commentary": "Commentary",
    "action": "Action plan",
    "note": "Data note",
    "override": "RAG override",
}
REVISION_COLUMNS: ColumnLabels = {
    "period": "Period",
    "revision": "Revision",
    "value": "Value",
    "target": "Target in extract",
    "commentary": "Commentary",
    "note": "Data note",
    "rag_override": "RAG override",
    "override_reason": "Override reason",
    "is_current": "Current",
    "entered_by": "Entered by",
    "approved_by": "Approved by",
    "loaded_at": st.column_config.DatetimeColumn("Loaded", format=UK_DATETIME_FORMAT),
    "batch_id": "Batch",
    "file_name": "File",
    "batch_status": "Batch status",
}
# The static chart's drawing sizes (px): each is shown near its own size, so its words read.
CHART_SIZES = {"wide": (960, 400), "phone": (360, 440)}
REBASE_COLUMNS: ColumnLabels = {
    "period": "From period",
    "reason": "Reason",
    "recorded_by": "By",
    "recorded_at": st.column_config.DatetimeColumn("Recorded", format=UK_DATETIME_FORMAT),
}


def headline(view: dict) -> None:
    """The measure's latest value, target, RAG, direction of travel and last year, with the
    sentence written from its data and any override or late return."""
    meta, row = view["meta"], view["row"]
    with layout.counts("headline", words=True):
        cols = st.columns([1, 1, 1, 1.4, 1.2])
    cols[0].metric(
        "Latest",
        format_value(row["value"], meta["decimals"], meta["unit"]),
        help=label_for_key(row["period"], meta["frequency"]),
    )
    ranged = not is_blank(row["target_upper"])
    cols[1].metric(
        "Target range" if ranged else "Target",
        short_target(row["target"], meta["decimals"], meta["unit"], row["target_upper"]),
    )
    cols[2].metric(
        "RAG",
        rag_badge(row["rag"], row["rag_source"]),
        help=help_page.hint(  # a tooltip renders markdown: the reason is escaped
            escape_markdown(override_note(row["override_reason"], row["rag_computed"]))
            if row["rag_source"] == "override"
            else "The value against the target, with the amber tolerance.",
            "RAG status",
        ),
    )
    cols[3].metric(
        "Direction of travel",
        dot_badge(row["dot"], meta["polarity"]),
        help=help_page.hint(
            DOT_AGAINST.get(meta["accumulation"] or "none", DOT_AGAINST["none"]),
            "direction of travel",
        ),
    )
    cols[4].metric(
        "Same period last year",
        format_value(row["last_year_value"], meta["decimals"], meta["unit"]),
    )
    notes = headline_notes(row)
    if notes:
        st.caption(notes)
    plain(context.sentence(row))
    if row["rag_source"] == "override":
        st.warning(
            escape_markdown(
                f"RAG overridden to {row['rag']} (computed: "
                f"{row['rag_computed']}). Reason: {row['override_reason']}"
            )
        )
    if row["late"]:
        latest = label_for_key(row["period"], meta["frequency"])
        st.error(f"Late: the latest return is for {latest}.")


def trend(view: dict, indicator_id: str, as_at: int) -> None:
    """The trend chart with target, amber band, last year and SPC limits (optionally fixed
    after N points): an image drawn on the server by default (no plotly.js for the browser to
    load), or plotly's chart when the reader asks to zoom and hover."""
    meta, row, table = view["meta"], view["row"], view["spc"]
    if meta["accumulation"] == YEAR_TO_DATE:
        _year_to_date_trend(view, as_at)
        return
    switches, fixed = st.columns([1, 2])
    show_spc = switches.toggle(
        "Show SPC process limits",
        value=True,
        key="show_spc",
        help=help_page.hint(
            "The range ordinary variation stays within.", "SPC variation and assurance"
        ),
    )
    interactive = switches.toggle(
        "Interactive chart (zoom and hover)",
        value=False,
        key="interactive_chart",
        help="Plotly's chart: values on hover, drag to zoom. Slower to open the first time.",
    )
    fix_after = fixed.number_input(
        "Fix the limits after this many points (0: use every point)",
        min_value=0,
        max_value=240,
        value=0,
        step=1,
        key="fix_after",
        help=help_page.hint(
            "Limits from the first points only, so later points are judged against them.",
            "fix the limits after N points",
        ),
    )
    if fix_after:
        table = context.spc_fixed_after(indicator_id, as_at, int(fix_after))
    _draw_trend(
        view, f"{meta['name']} to {month_label(as_at)}", interactive, table if show_spc else None
    )
    icons = spc.summary(table, row["target"], meta["polarity"] or "none")
    if icons["icon"]:
        trial = " (trial limits: fewer than 12 points)" if icons["trial_limits"] else ""
        st.caption(
            f"Variation: **{spc_badge(icons['icon'], None)}** · Assurance: "
            f"**{spc_badge(None, icons['assurance']) or 'not applicable'}**{trial}"
        )
    if icons["shift_from"] is not None:
        start = label_for_key(icons["shift_from"], meta["frequency"])
        st.info(
            f"The latest points since {start} all lie on one side of the mean: the process "
            "may have shifted. An analyst can recalculate the limits from that period in "
            "the SPC rebases tab below."
        )


def _draw_trend(view: dict, title: str, interactive: bool, spc_table) -> None:
    """The trend under its title: plotly's chart when asked for, else the server's image."""
    st.markdown(f"**{escape_markdown(title)}**")
    if interactive:
        figure = charts.trend_figure(view["points"], title, view["meta"]["unit"], spc_table)
        st.plotly_chart(
            charts.page_layout(figure),
            width="stretch",
            key="trend",
            config={"displayModeBar": False},
        )
    else:
        _static_trend(view, spc_table)


def _year_to_date_trend(view: dict, as_at: int) -> None:
    """A running total's chart: each financial year its own line against its profile, and
    no SPC (its limits would describe the climb through the year, not the process)."""
    meta = view["meta"]
    interactive = st.toggle(
        "Interactive chart (zoom and hover)",
        value=False,
        key="interactive_chart",
        help="Plotly's chart: values on hover, drag to zoom. Slower to open the first time.",
    )
    _draw_trend(view, f"{meta['name']} to {month_label(as_at)}", interactive, None)
    st.caption(f"{NOT_APPLICABLE}: each year's line climbs from April by design.")


def _static_trend(view: dict, spc_table) -> None:
    """The chart as SVG in an <img> (nothing in it can run), at a wide and a phone size; the
    page's CSS shows the one that fits, so its words read at the size they are drawn."""
    meta, points = view["meta"], view["points"]
    alt = trend_chart.describe(points, lambda v: narrative.figure(v, meta), spc_table)
    # A unit written into every axis figure needs no axis title.
    unit = (
        "" if is_blank(meta["unit"]) or meta["unit"] in WRITTEN_INTO_FIGURES else str(meta["unit"])
    )
    for holder, name in ((layout.wide, "wide"), (layout.phone, "phone")):
        width, height = CHART_SIZES[name]
        shown, left_out = trend_chart.narrowed(points, meta["frequency"], width)
        chart = trend_chart.layout(
            shown,
            lambda v: format_value(v, meta["decimals"], meta["unit"]),
            width=width,
            height=height,
            spc_table=spc_table,
            unit=unit,
        )
        with holder("trend_chart"):
            st.image(chart_svg.svg(chart, alt, f"trend-{name}"), alt=alt, width="stretch")
            if left_out:
                st.caption(left_out)


def action_history(view: dict) -> None:
    """Each action on the measure, open ones expanded, with its dated updates."""
    if view["actions"].empty:
        st.caption("No action recorded for this measure.")
    for _, action in view["actions"].iterrows():
        due = uk_date(action["path_to_green"], "no date set")
        state = action["effective_status"]  # as the tracker and the print view read it
        with st.expander(
            f"Action {action['action_id']} · {state} · path to green "
            f"{due} · {escape_markdown(action['officer'], 'no officer')}",
            expanded=state != "complete",
        ):
            st.markdown("**Why it is off track**")
            plain(action["explanation"], "Not given.")
            st.markdown("**Action plan**")
            plain(action["action_plan"])
            updates = view["updates"][int(action["action_id"])]
            if not updates.empty:
                tables.grid(
                    updates,
                    f"updates_{action['action_id']}",
                    f"Updates to action {action['action_id']}",
                    column_config=UPDATE_COLUMNS,
                    column_order=list(UPDATE_COLUMNS),
                )


def tabs(view: dict, indicator_id: str, analyst: str | None) -> None:
    """Commentary, revisions, rebases and definition; only the chosen tab is built and sent
    (a hidden table still costs the browser a grid)."""
    sections = {
        "Commentary by period": lambda: _commentary(view),
        "Revisions": lambda: _revisions(view),
        "SPC rebases": lambda: _rebases(view, indicator_id, analyst),
        "Definition": lambda: _definition(view),
    }
    for tab, show in zip(
        st.tabs(list(sections), key="drill_tab", on_change="rerun"), sections.values()
    ):
        if tab.open:
            with tab:
                show()


def _commentary(view: dict) -> None:
    """A static table, so a long commentary or plan wraps instead of being cut at the cell's
    edge; st.table renders each cell as markdown, so every text is escaped."""
    if view["said"].empty:
        st.write("No commentary recorded yet.")
    else:
        said = view["said"][list(COMMENTARY_COLUMNS)].rename(columns=COMMENTARY_COLUMNS)
        # A column no row fills (most measures have no data note or override) would only
        # narrow the others: on a phone, five columns of 72 px.
        period = COMMENTARY_COLUMNS["period"]
        said = said[[c for c in said if c == period or not said[c].map(is_blank).all()]]
        with layout.wrapped("commentary"):
            st.table(said.map(escape_markdown), hide_index=True, border="horizontal")


def _revisions(view: dict) -> None:
    st.caption(
        "Every value loaded or approved for each period, newest first; a later one replaces "
        "the current value and keeps the one before. A value from a file counts as entered "
        "and approved by the analyst who loaded it."
    )
    revisions = view["revisions"]
    tables.grid(
        revisions.assign(batch_status=revisions["batch_status"].map(batch_status)),
        "revisions",
        "Revisions",
        column_config=REVISION_COLUMNS,
        column_order=list(REVISION_COLUMNS),
    )


def _rebases(view: dict, indicator_id: str, analyst: str | None) -> None:
    st.caption(
        "Recalculate the limits from a period when the process really changed (a new "
        "system, a changed definition). Each rebase is logged with its reason."
    )
    if view["rebases"].empty:
        st.write("No rebases.")
    else:
        tables.grid(
            view["rebases"],
            "rebase_log",
            "SPC rebases",
            column_config=REBASE_COLUMNS,
            column_order=list(REBASE_COLUMNS),
        )
    if not analyst:
        st.caption("Analysts can rebase after signing in on the Upload page.")
        return
    rebase_form(indicator_id, view["points"], analyst)


def _definition(view: dict) -> None:
    fields = definition(view["meta"])  # st.table renders each cell as markdown
    with layout.wrapped("definition"):
        st.table({"Field": fields["Field"], "Value": [escape_markdown(v) for v in fields["Value"]]})
