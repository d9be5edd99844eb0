"""The exceptions laid out for paper (``?print=1``): every exception of the selection, no widgets.

The same filters and order as the exceptions page (pmf_core.rules.exception_list) and the
same action beside each (actions.beside_exceptions), read from the URL so the view can be
linked and printed.
User text is shown as text; the only HTML is a fixed stylesheet (print_view.css).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from pmf_core.analysis import actions
from pmf_core.analysis.scorecard import NEW_EXCEPTION, movements
from pmf_core.outputs.appendix import cover_for
from pmf_core.rules import cover, exception_list, rag
from pmf_core.rules.periods import label_for_key
from pmf_core.rules.presentation import (
    NEW_MARK,
    dot_badge,
    format_value,
    path_to_green_words,
    rag_badge,
    target_text,
    uk_date,
    value_with_counts,
)
from pmf_core.rules.selection import PRINTED_ON, Filters, appendix_title, file_stem
from ui import context, cover_view, selection
from ui.text import escape_markdown, is_blank, plain

PARAM = "print"
STYLESHEET = Path(__file__).with_name("print_view.css")
FACTS = ("Service", "Period", "Frequency", "Value", "Target", "Last year", "RAG", "DOT")


def requested() -> bool:
    """True when the URL asks for the print view."""
    return st.query_params.get(PARAM) == "1"


def query(
    rags,
    sort_by: str,
    late_only: bool,
    concerning_only: bool,
    given: cover.CoverDetails | None = None,
) -> dict[str, str]:
    """The print view's own parameters for these filters and cover details (defaults left out)."""
    out = {PARAM: "1", "rag": ",".join(rags), **cover_view.query(given or cover.CoverDetails())}
    if sort_by != exception_list.BY_RAG:
        out["sort"] = sort_by
    out.update(
        {name: "1" for name, on in (("late", late_only), ("concerning", concerning_only)) if on}
    )
    return out


def link(
    rags,
    sort_by: str,
    late_only: bool,
    concerning_only: bool,
    given: cover.CoverDetails | None = None,
) -> None:
    """A button opening the print view of the page's selection, filters and cover details in a
    new tab."""
    address = selection.page_address(PRINTED_ON)
    address.update(query(rags, sort_by, late_only, concerning_only, given))
    st.link_button(
        "Print view (every exception, A4 landscape)",
        "?" + urlencode(address),
        icon=":material/print:",
        key="print_view",
        help="Opens the print layout in a new tab; print it from the browser.",
    )


def filters() -> tuple[list[str], str, bool, bool]:
    """RAG statuses, sort order and the two toggles as the URL gives them (page defaults)."""
    rags = selection.rags_in(st.query_params.get("rag", ""), list(rag.EXCEPTIONS))[0] or [
        rag.RED,
        rag.AMBER,
    ]
    sort_by = st.query_params.get("sort", exception_list.BY_RAG)
    sort_by = sort_by if sort_by in exception_list.SORTS else exception_list.BY_RAG
    return (
        rags,
        sort_by,
        st.query_params.get("late") == "1",
        st.query_params.get("concerning") == "1",
    )


def page(as_at: int, directorate: str | None, committee: str | None) -> None:
    """The whole print view: a title naming the selection, then each exception in turn."""
    st.html(STYLESHEET)
    status = context.status(as_at, directorate, committee)
    services = sorted(status["service"].dropna().unique())
    service = selection.pick("service", services, None, "service", "all services")
    rags, sort_by, late_only, concerning_only = filters()
    given = cover_view.from_query()
    selection.keep(**query(rags, sort_by, late_only, concerning_only, given))
    rows = exception_list.ordered(
        exception_list.select(status, rags, service, late_only, concerning_only), sort_by
    )
    in_force = Filters(
        month=as_at,
        directorate=directorate,
        committee=committee,
        service=service,
        rags=tuple(rags),
        late_only=late_only,
        concerning_only=concerning_only,
    )
    # The browser names a saved PDF after the page's title: the file name states the filters.
    st.set_page_config(page_title=file_stem("exceptions", in_force))
    st.title(escape_markdown(appendix_title(in_force)))
    st.markdown(
        f"{selection.describe(in_force)} · {len(rows)} exceptions · sorted by "
        f"{escape_markdown(sort_by)}"
    )
    selection.show_notes()
    with st.container(key="print_screen_only"):
        st.caption(
            f"Laid out for A4 landscape paper: print it with the browser's Print "
            f"(Ctrl+P). Printed {uk_date(date.today())}."
        )
    with st.container(key="print_cover"):
        cover_view.show(
            cover_for(
                appendix_title(in_force),
                given,
                status,
                rows,
                as_at=as_at,
                committee=committee,
                directorate=directorate,
                rags=rags,
                today=date.today(),
                service=service,
                late_only=late_only,
                concerning_only=concerning_only,
            )
        )
    if rows.empty:
        st.info("No exceptions match this selection.")
        return
    beside = actions.beside_exceptions(rows, context.open_plans())
    paths = context.paths_to_green(rows, as_at)
    new = set(
        movements(context.changes_since(as_at - 1, as_at, directorate, committee))[NEW_EXCEPTION][
            "indicator_id"
        ]
    )
    for number, ((_, row), (_, action)) in enumerate(
        zip(rows.iterrows(), beside.iterrows()), start=1
    ):
        exception(number, row, action, paths.get(row["indicator_id"]), row["indicator_id"] in new)


def exception(number: int, row: pd.Series, action: pd.Series, path, new: bool) -> None:
    """One exception: heading, figures, the narrative, commentary and the action beside it."""
    with st.container(key=f"print_exception_{number}"):
        name = row["name"] if not is_blank(row["name"]) else row["indicator_id"]
        mark = f"{NEW_MARK} New · " if new else ""
        badge = rag_badge(row["rag"], row["rag_source"])
        st.header(escape_markdown(f"{number}. {mark}{badge} · {name}"), anchor=False)
        st.markdown(facts(row))
        plain(context.sentence(row))
        left, right = st.columns(2)
        with left:
            st.markdown("**Commentary**")
            plain(row["commentary"], "No commentary given.")
            if row["rag_source"] == "override":
                plain(f"RAG override (computed {row['rag_computed']}): {row['override_reason']}")
        with right:
            action_plan(row, action, path)


def action_plan(row: pd.Series, action: pd.Series, path) -> None:
    """The action plan, its accountable officer and the path to green, as the page shows them."""
    st.markdown("**Action plan**")  # each open plan ends with its status, e.g. (overdue)
    plain(action["action"], "No action recorded.")
    officer = actions.accountable(row.to_frame().T, action.to_frame().T).iloc[0]
    st.markdown(f"**Accountable officer:** {escape_markdown(officer or None, 'not set')}")
    words = path_to_green_words(action["path_to_green"], path.sentence() if path else None)
    st.markdown(f"**Path to green:** {escape_markdown(words)}")


def facts(row: pd.Series) -> str:
    """The measure's figures as a one-row markdown table, every cell escaped."""
    late = " · late" if row["late"] else ""
    cells = [
        row["service"],
        label_for_key(row["period"], row["frequency"]) + late,
        str(row["frequency"]).capitalize(),
        value_with_counts(
            row["value"], row["decimals"], row["unit"], row["numerator"], row["denominator"]
        ),
        target_text(
            row["target"], row["decimals"], row["unit"], row["target_upper"], row["target_basis"]
        ),
        format_value(row["last_year_value"], row["decimals"], row["unit"]),
        rag_badge(row["rag"], row["rag_source"]),
        dot_badge(row["dot"], row["polarity"]),
    ]
    text = [
        escape_markdown(" ".join(str(c).split()) if not is_blank(c) else "", "–") for c in cells
    ]
    return "\n".join(
        [
            "| " + " | ".join(FACTS) + " |",
            "|" + " --- |" * len(FACTS),
            "| " + " | ".join(text) + " |",
        ]
    )
