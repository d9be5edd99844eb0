"""Packs on the exceptions page: the freeze form for analysts, a committee's packs, and one pack
shown exactly as presented (``?pack=ID``, its print view with ``&print=1``).

A pack's rows are read from the store as frozen (pmf_core.outputs.packs); nothing here works
out a figure. The freeze checks the analyst's sign-in again on the server, in the form's
callback, whatever the page showed; a second click of the button within seconds finds the
pack the first made (pmf_core.store.packs).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from pmf_core.outputs import packs, report_file, report_packs
from pmf_core.rules import rag
from pmf_core.rules.cover import long_date
from pmf_core.rules.periods import month_key, month_label
from pmf_core.rules.presentation import (
    format_value,
    rag_badge,
    short_target,
    status_badge,
    uk_date,
)
from pmf_core.rules.selection import Filters, file_stem
from pmf_core.store import StoreBusyError, StoreError
from ui import auth, context, cover_view, downloads, help_page, print_view, selection, tables
from ui.store import current_store
from ui.text import escape_markdown, is_blank, plain

PARAM = "pack"
OUTCOME = "pack_outcome"  # what the last freeze said, shown on the next run
FORMATS = {
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "csv": ("CSV", "text/csv"),
}
REPORT_FORMATS = {"docx": FORMATS["docx"], "html": ("HTML", "text/html")}


def requested() -> str | None:
    """The pack the address asks for (``?pack=ID``), as written, else None."""
    asked = st.query_params.get(PARAM)
    return asked if asked else None


def address(pack_id: int, printing: bool = False) -> str:
    """The link to a pack on the exceptions page (or to its print view)."""
    query = {PARAM: str(pack_id), **({"print": "1"} if printing else {})}
    return "?" + urlencode(query)


def section(committee: str | None, as_at: int) -> None:
    """The exceptions page's packs: the freeze form (analysts) and the committee's packs."""
    st.header("Packs as presented")
    st.caption(
        "A pack keeps a committee's exceptions exactly as presented at a meeting; open one to "
        "see it, its appendix and what has changed since."
    )
    freeze_form(committee, as_at)
    listing(committee)


def freeze_form(committee: str | None, as_at: int) -> None:
    """For analysts: freeze the committee's exceptions as at the month for a meeting (what the
    last freeze said is shown to anyone, a refusal included)."""
    said = st.session_state.pop(OUTCOME, None)
    if said:
        kind, text, made = said
        (st.success if kind == "ok" else st.error)(text)
        if made is not None:
            st.link_button(f"Open pack {made}", address(made), key="open_new_pack")
    if not auth.signed_in_analyst():
        return
    if committee is None:
        st.caption("Choose a committee to freeze its exceptions for a meeting.")
        return
    with st.form("freeze_pack", clear_on_submit=False):
        st.markdown(f"**Freeze a pack for a meeting of {escape_markdown(committee)}**")
        st.caption(
            f"Every Red, Amber and Blue exception of the committee as at {month_label(as_at)}, "
            "kept exactly as presented: later revisions never change it."
        )
        st.date_input(
            "Meeting date",
            value=None,
            key="pack_meeting",
            format="DD/MM/YYYY",
            help=help_page.hint(
                "The pack keeps the exceptions as presented at this meeting.", "Packs as presented"
            ),
        )
        st.form_submit_button(
            "Freeze a pack for a meeting", on_click=_freeze, args=(committee, as_at)
        )


def _freeze(committee: str, as_at: int) -> None:
    """The form's callback, on the server: the sign-in is checked here, not by the page."""
    analyst = auth.signed_in_analyst()
    if not analyst:
        st.session_state[OUTCOME] = ("error", "Only a signed-in analyst can freeze a pack.", None)
        return
    meeting = st.session_state.get("pack_meeting")
    if not isinstance(meeting, date):
        st.session_state[OUTCOME] = ("error", "Give the meeting's date.", None)
        return
    try:
        made = packs.freeze(current_store(), committee, as_at, meeting, analyst)
    except packs.PackError as exc:
        st.session_state[OUTCOME] = ("error", escape_markdown(str(exc)), None)
        return
    except StoreBusyError:
        st.session_state[OUTCOME] = ("error", "The store is busy: try again in a moment.", None)
        return
    except StoreError as exc:
        st.session_state[OUTCOME] = ("error", escape_markdown(str(exc)), None)
        return
    head = packs.header(current_store(), made.pack_id)
    done = "frozen" if made.created else "was frozen a moment ago (one pack per click)"
    st.session_state[OUTCOME] = (
        "ok",
        escape_markdown(
            f"Pack {made.pack_id} {done}: {head['rows_total']} exceptions of "
            f"{head['committee']} as at {month_label(as_at)} for the meeting on "
            f"{long_date(meeting)}."
        ),
        made.pack_id,
    )


def listing(committee: str | None) -> None:
    """The committee's packs, newest first, each with its link."""
    if committee is None:
        return
    frame = context.packs_of(committee)
    if frame.empty:
        st.caption(f"No pack of {escape_markdown(committee)} has been frozen yet.")
        return
    shown = pd.DataFrame(
        {
            "Pack": [address(i) for i in frame["pack_id"]],
            "Meeting": frame["meeting"],
            "Figures as at": frame["as_at"],
            "Exceptions": frame["exceptions"],
            "Frozen by": frame["frozen_by"],
            "Frozen at": frame["frozen_at"],
        }
    )
    tables.grid(
        shown,
        "packs",
        f"Packs of {committee}",
        column_config={
            "Pack": st.column_config.LinkColumn("Pack", display_text=r"\?pack=(\d+)"),
        },
    )


def report_listing() -> None:
    """The quarterly reports frozen as presented, newest first, each linked to its files (on
    the exceptions page, ``?pack=ID``)."""
    frame = context.frozen_reports()
    if frame.empty:
        return
    shown = pd.DataFrame(
        {
            "Report": ["exceptions" + address(i) for i in frame["pack_id"]],
            "Meeting": frame["committee"],
            "Meeting date": frame["meeting"],
            "Figures to": frame["as_at"],
            "Measures": frame["measures"],
            "Frozen by": frame["frozen_by"],
            "Frozen at": frame["frozen_at"],
        }
    )
    with st.expander(f"Quarterly reports as presented ({len(shown)})"):
        tables.grid(
            shown,
            "report_packs",
            "Quarterly reports as presented",
            column_config={
                "Report": st.column_config.LinkColumn("Report", display_text=r"pack=(\d+)"),
            },
        )


def page(asked: str, printing: bool) -> None:
    """A pack exactly as presented (or its print view), or a plain word that there is none."""
    selection.keep(pack=asked, print="1" if printing else None)
    # ASCII digits only: "²" is a digit to str.isdigit but no number to int().
    plain_number = asked.isascii() and asked.isdigit() and len(asked) < 18
    pack_id = int(asked) if plain_number else None
    try:
        head = packs.header(current_store(), pack_id) if pack_id is not None else None
    except packs.WrongKind:
        _report_pack(int(asked))
        return
    except packs.PackError:
        head = None
    if head is None or pack_id is None:
        st.title("Exceptions for scrutiny: pack not found")
        st.error(f"There is no pack {selection.quoted(asked)}.")
        st.page_link("views/exceptions.py", label="Back to the exceptions as they stand today")
        return
    paper = packs.as_presented(current_store(), pack_id)
    if printing:
        _print(head, paper)
        return
    st.title(escape_markdown(heading(head)))
    st.subheader(escape_markdown(paper.title), anchor=False)
    st.caption(
        escape_markdown(
            f"Pack {pack_id}, frozen by {head['frozen_by']} on "
            f"{uk_date(head['frozen_at'])}: {head['rows_total']} exceptions of "
            f"{head['committee']} as at {month_label(int(head['as_at']))}, exactly as the "
            "committee received them. Later revisions are listed under Changed since this pack."
        )
    )
    tables.grid(presented_frame(paper.rows), "pack_rows", f"Pack {pack_id}")
    _downloads(pack_id, head)
    st.link_button(
        "Print view of this pack (A4 landscape)",
        address(pack_id, printing=True),
        icon=":material/print:",
        key="pack_print_view",
    )
    changed(pack_id)
    st.page_link(
        "views/exceptions.py",
        label="The exceptions as they stand today",
        query_params={"month": month_key(int(head["as_at"])), "committee": head["committee"]},
    )


def _report_pack(pack_id: int) -> None:
    """A frozen quarterly report asked for here: what it is, and its files as presented."""
    store = current_store()
    head = report_packs.header(store, pack_id)
    st.title(escape_markdown(f"{head['title']}, as presented"))
    try:
        model = report_packs.as_presented(store, pack_id)
    except packs.PackError as exc:
        st.error(escape_markdown(f"{exc}: its files cannot be written."))
        return
    st.caption(
        escape_markdown(
            f"Pack {pack_id}, frozen by {head['frozen_by']} on {uk_date(head['frozen_at'])}: "
            f"the quarterly report for the meeting on {long_date(_day(head['meeting']))}, "
            "exactly as presented, whatever has been revised since. It is a report, not a "
            "committee's exceptions."
        )
    )
    for column, (fmt, (word, mime)) in zip(st.columns(3), REPORT_FORMATS.items()):
        downloads.button(
            column,
            f"Quarterly report as presented ({word})",
            partial(report_file.WRITERS[fmt], model),
            file_name=f"report-pack-{pack_id}.{fmt}",
            mime=mime,
            key=f"report_pack_{fmt}",
        )
    st.page_link("views/exceptions.py", label="The exceptions as they stand today")


def heading(head: dict) -> str:
    """The pack's title: to whom and when it was presented."""
    return f"As presented to {head['committee']} on {long_date(_day(head['meeting']))}"


def presented_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """A pack's rows as the page shows them: every cell text, figures at their decimals."""
    return pd.DataFrame(
        {
            "Measure": rows["Indicator"],
            "Service": rows["Service"],
            "Period": rows["Period"],
            "Value": [_figure(v, d, u) for v, d, u in _figures(rows, "Data")],
            "Target": [
                short_target(t, d, u if isinstance(u, str) and u else None, up)
                for (t, d, u), up in zip(_figures(rows, "Target"), _upper(rows))
            ],
            "Last year": [_figure(v, d, u) for v, d, u in _figures(rows, "Last year")],
            "RAG": [rag_badge(r, s) for r, s in zip(rows["RAG"], rows["rag_source"])],
            "DOT": rows["DOT"],
            "Commentary": rows["Commentary"],
            "Action plan": rows["Action"],
            "Action status": rows["action_status"].fillna(""),
            "Accountable officer": rows["Accountable officer"],
            "Path to green": [uk_date(d, "") for d in rows["Path to green"]],
        }
    )


def _figures(rows: pd.DataFrame, column: str):
    return zip(rows[column], rows["decimals"], rows["Unit"])


def _upper(rows: pd.DataFrame) -> list:
    """Each row's range upper bound (none in a pack frozen before ranges were kept)."""
    return rows["Target upper"].tolist() if "Target upper" in rows else [None] * len(rows)


def _figure(value, decimals, unit) -> str:
    return format_value(value, decimals, unit if isinstance(unit, str) and unit else None)


def _day(value) -> date:
    return pd.Timestamp(value).date()


def _downloads(pack_id: int, head: dict) -> None:
    """The pack's appendix as Excel, Word and CSV, written from its frozen rows; the file
    names state the selection, as every appendix's do, and the pack."""
    store = current_store()
    frozen = Filters(month=int(head["as_at"]), committee=head["committee"], rags=rag.EXCEPTIONS)
    stem = f"{file_stem('appendix', frozen)}-pack-{pack_id}"
    for column, (fmt, (word, mime)) in zip(st.columns(3), FORMATS.items()):
        downloads.button(
            column,
            f"Pack appendix ({word})",
            partial(packs.pack_appendix, store, pack_id, fmt),
            file_name=f"{stem}.{fmt}",
            mime=mime,
            key=f"pack_download_{fmt}",
        )


def changed(pack_id: int) -> None:
    """What differs today from the pack, for the same committee and month."""
    st.header("Changed since this pack")
    changes = packs.changed_since(current_store(), pack_id)
    if changes.empty:
        st.success("Nothing has changed since this pack: the figures and statuses still stand.")
        return
    st.caption(
        "Values revised, later returns and statuses changed since the pack was frozen, for "
        "the same committee and month."
    )
    for column in ("RAG as presented", "RAG now"):  # a status's symbol beside its word
        changes[column] = [status_badge(r) if r in rag.STATUSES else r for r in changes[column]]
    tables.grid(changes.drop(columns="indicator_id"), "pack_changes", "Changed since this pack")


def _print(head: dict, paper) -> None:
    """The pack laid out for paper: its cover as written, then each exception as presented."""
    st.html(print_view.STYLESHEET)
    st.set_page_config(page_title=f"pack-{int(head['pack_id'])}-exceptions")
    st.title(escape_markdown(heading(head)))
    st.markdown(escape_markdown(paper.title))
    with st.container(key="print_screen_only"):
        st.caption(
            "Laid out for A4 landscape paper: print it with the browser's Print (Ctrl+P). "
            f"Pack {int(head['pack_id'])}, frozen {uk_date(head['frozen_at'])}."
        )
    with st.container(key="print_cover"):
        cover_view.show(paper.front)
    shown = presented_frame(paper.rows)
    for number, (_, row) in enumerate(shown.iterrows(), start=1):
        with st.container(key=f"print_exception_{number}"):
            name = row["Measure"] if not is_blank(row["Measure"]) else ""
            st.header(escape_markdown(f"{number}. {row['RAG']} · {name}"), anchor=False)
            st.markdown(_facts(row))
            left, right = st.columns(2)
            with left:
                st.markdown("**Commentary**")
                plain(row["Commentary"], "No commentary given.")
            with right:
                st.markdown("**Action plan**")
                plain(row["Action plan"], "No action recorded.")
                st.markdown(
                    "**Accountable officer:** "
                    + escape_markdown(row["Accountable officer"], "not set")
                )
                st.markdown(
                    "**Path to green:** the action plan's date "
                    + escape_markdown(row["Path to green"], "not set")
                )


def _facts(row: pd.Series) -> str:
    """A presented exception's figures as a one-row markdown table, every cell escaped."""
    names = ("Service", "Period", "Value", "Target", "Last year", "RAG", "DOT")
    cells = [escape_markdown(" ".join(str(row[n]).split()), "–") for n in names]
    return "\n".join(
        [
            "| " + " | ".join(names) + " |",
            "|" + " --- |" * len(names),
            "| " + " | ".join(cells) + " |",
        ]
    )
