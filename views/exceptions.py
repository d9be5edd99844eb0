"""Exceptions for scrutiny: the Red, Amber and Blue measures for a committee, with the story."""

from dataclasses import astuple
from datetime import date
from functools import partial

import streamlit as st

from pmf_core.analysis import actions
from pmf_core.analysis.scorecard import NEW_EXCEPTION, movements
from pmf_core.outputs.appendix import cover_for
from pmf_core.outputs.appendix_file import appendix_file
from pmf_core.rules import exception_list, rag
from pmf_core.rules.periods import label_for_key, month_key, month_label
from pmf_core.rules.presentation import (
    NEW_MARK,
    dot_badge,
    figures,
    format_value,
    rag_badge,
    status_badge,
    uk_date,
)
from pmf_core.rules.selection import Filters, appendix_title, file_stem
from ui import (
    action_forms,
    auth,
    benchmark_panel,
    cards,
    context,
    cover_view,
    downloads,
    help_page,
    layout,
    more,
    pack_view,
    print_view,
    selection,
    tables,
)
from ui.store import current_store
from ui.text import escape_markdown, plain

printing = print_view.requested()
as_at, directorate, committee = astuple(selection.sidebar(committee=printing))
if (asked_pack := pack_view.requested()) is not None:  # ?pack=ID: a pack as presented
    pack_view.page(asked_pack, printing)
    selection.stop()
if printing:  # ?print=1: every exception laid out for paper, no widgets
    print_view.page(as_at, directorate, committee)
    selection.stop()
st.title("Exceptions for scrutiny")
# A member's two filters are on the page itself, not in the sidebar a phone folds away.
left, right = st.columns([1, 1])
with left:
    committee = selection.committee_box()
with right:
    chosen = selection.rag_box(
        list(rag.EXCEPTIONS),
        [rag.RED, rag.AMBER],
        where=st,
        format_func=status_badge,
        help=help_page.hint(
            "Red and Amber need explaining; Blue is exceptionally good.", "RAG status"
        ),
    )
status = context.status(as_at, directorate, committee)
services = sorted(status["service"].dropna().unique())
left, middle, right = st.columns([2, 1, 1])
service = selection.pick("service", services, None, "service", "all services")
service = selection.selectbox(
    left,
    "Service",
    [selection.ALL_SERVICES] + services,
    service or selection.ALL_SERVICES,
    param="service",
    key="service",
)
service = None if service == selection.ALL_SERVICES else service
selection.show_notes()
help_page.link()
late_only = middle.toggle(
    "Late returns only",
    key="late_only",
    help=help_page.hint("The latest return is older than the measure's frequency allows.", "late"),
)
concerning_only = middle.toggle(
    "Special cause concerning only",
    key="concerning_only",
    help=help_page.hint(
        "Statistically significant deterioration (SPC).", "SPC variation and assurance"
    ),
)
sort_by = right.selectbox("Sort by", list(exception_list.SORTS), key="sort_by")

# One rule for the screen, the print view and the appendix: pmf_core.rules.exception_list.
rows = exception_list.ordered(
    exception_list.select(status, chosen, service, late_only, concerning_only), sort_by
)
in_force = Filters(
    month=as_at,
    directorate=directorate,
    committee=committee,
    service=service,
    rags=tuple(chosen),
    late_only=late_only,
    concerning_only=concerning_only,
)

new = set(
    movements(context.changes_since(as_at - 1, as_at, directorate, committee))[NEW_EXCEPTION][
        "indicator_id"
    ]
)
st.caption(
    f"{selection.describe(in_force)} · {len(rows)} exceptions, "
    f"{len(new.intersection(rows['indicator_id']))} of them {NEW_MARK} new since "
    f"{month_label(as_at - 1)} (not an exception then)"
)
if rows.empty:
    st.success("No exceptions match these filters.")
    pack_view.section(committee, as_at)
    selection.stop()

beside = actions.beside_exceptions(rows, context.open_plans())
appendix = tables.readable(rows)
appendix.insert(2, "New", [NEW_MARK + " new" if i in new else "" for i in rows["indicator_id"]])
appendix.insert(
    8,
    "Last year",
    [
        format_value(v, d, u)
        for v, d, u in zip(rows["last_year_value"], rows["decimals"], rows["unit"])
    ],
)
appendix["Commentary"] = rows["commentary"].fillna("").to_numpy()
appendix["Action plan"] = beside["action"].to_numpy()
appendix["Action status"] = beside["action_status"].fillna("").to_numpy()
appendix["Path to green"] = [uk_date(d, "") for d in beside["path_to_green"]]
officers = actions.accountable(rows, beside)
appendix["Accountable officer"] = officers.to_numpy()
appendix = benchmark_panel.add_quartile(appendix, rows)
with layout.wide("exceptions"):
    st.caption(
        "Each exception's commentary and action plan are under Each exception, below; "
        "the downloads hold them too."
    )
    picked = tables.show(appendix, rows, key="exceptions")
    tables.link_to_drilldown(
        picked, dict(zip(rows["indicator_id"], rows["name"])).get(picked), month_key(as_at)
    )
with layout.phone("exceptions"):  # a card's name links to the drill-down
    cards.show(
        rows,
        "exceptions",
        {"month": month_key(as_at), "directorate": directorate, "committee": committee},
        "Exceptions",
        {i: NEW_MARK + " New" for i in new},
    )
title, stem = appendix_title(in_force), file_stem("appendix", in_force)
FORMATS = {
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "csv": ("CSV", "text/csv"),
}
store = current_store()
given = cover_view.fields()
front = cover_for(
    title,
    given,
    status,
    rows,
    as_at=as_at,
    committee=committee,
    directorate=directorate,
    rags=chosen,
    today=date.today(),
    service=None if service == selection.ALL_SERVICES else service,
    late_only=late_only,
    concerning_only=concerning_only,
)
for column, (fmt, (word, mime)) in zip(st.columns(3), FORMATS.items()):
    # Built only when clicked, on another thread after this run: bind what it needs now.
    downloads.button(
        column,
        f"Committee appendix ({word})",
        partial(appendix_file, rows, store, date.today(), fmt, title, sort_by=sort_by, front=front),
        file_name=f"{stem}.{fmt}",
        mime=mime,
        key=f"download_{fmt}",
    )

print_view.link(chosen, sort_by, late_only, concerning_only, given)
pack_view.section(committee, as_at)  # the freeze form for analysts only

st.header("Each exception")
DETAIL_STEP = 15  # details shown at first, and per "Show more"
st.caption(
    "Open an exception for its story, action plan and path to green. The table above (on "
    "a phone, the cards), the print view and the downloads hold every exception."
)


def show_detail(row) -> None:
    plain(context.sentence(row))
    st.caption(
        f"{escape_markdown(row['service'], 'no service')} · "
        f"{label_for_key(row['period'], row['frequency'])} · "
        f"{dot_badge(row['dot'], row['polarity'])} · "
        f"accountable: {escape_markdown(officers.loc[row.name] or None, 'not set')}"
    )
    st.markdown("**Commentary**")
    plain(row["commentary"], "No commentary given.")
    st.markdown("**Action plan**")
    action = beside.loc[row.name]
    plain(action["action"], "No action recorded.")
    st.markdown("**Path to green**")
    projection = context.paths_to_green(row.to_frame().T, as_at)[row["indicator_id"]]
    st.write("Projection from the trend: " + projection.sentence())
    status_words = f" ({action['action_status']})" if action["action_status"] else ""
    st.write(f"The action plan's own date: {uk_date(action['path_to_green'])}{status_words}")
    if row["rag_source"] == "override":
        plain(f"RAG override (computed {row['rag_computed']}): {row['override_reason']}")


# Each detail is built only when opened; each closed header still costs the browser a little.
listed = rows["indicator_id"].tolist()
for _, row in rows.head(more.shown("details", DETAIL_STEP, listed)).iterrows():
    name = escape_markdown(row["name"], row["indicator_id"])
    label = (
        (f"{NEW_MARK} New · " if row["indicator_id"] in new else "")
        + f"{rag_badge(row['rag'], row['rag_source'])} · {name} · "
        + " against ".join(figures(row))
    )
    with st.expander(label, key=f"detail_{row['indicator_id']}", on_change="rerun") as detail:
        if detail.open:
            show_detail(row)
more.button("details", DETAIL_STEP, listed, "exceptions")

analyst = auth.signed_in_analyst()
if analyst:
    st.header("Actions")
    names = dict(zip(rows["indicator_id"], rows["name"]))
    action_forms.add_action_form(
        names, "exceptions", analyst, dict(zip(rows["indicator_id"], rows["owner"].fillna("")))
    )
    tracked = actions.select(context.actions_today())
    action_forms.update_action_form(
        tracked[tracked["indicator_id"].isin(list(names))], "exceptions", analyst
    )
