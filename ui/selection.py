"""The selection (month, directorate, committee, service, indicator) that follows the user.

It lives in st.session_state, so it survives the sidebar's page changes (which drop the URL's
query), and each page writes it back to its URL, so any view can be bookmarked. A URL value this
session did not write is a link: it is matched in any case, and a value that does not exist is
reported on the page (``show_notes``) with what is shown instead, never swapped silently.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pmf_core.rules import committees
from pmf_core.rules.periods import PeriodError, month_key, month_label, parse_month
from ui import context
from ui.text import escape_markdown

STATE, WRITTEN, NOTES = "selection", "selection_in_url", "selection_notes"
ALL_DIRECTORATES, ALL_COMMITTEES, ALL_SERVICES = ("All directorates", "All committees",
                                                  "All services")
QUOTE_LIMIT = 80


@dataclass(frozen=True)
class Selection:
    month: int | None       # None on a page without a month box, before one was chosen
    directorate: str | None
    committee: str | None


def chosen() -> dict:
    """This session's selection: param -> value (None for "all" or not chosen yet)."""
    return st.session_state.setdefault(STATE, {})


def link_value(param: str) -> str | None:
    """The URL's value when it came from a link (this session did not write it), else None."""
    value = st.query_params.get(param)
    return value if value is not None and value != _written().get(param) else None


def match(asked: str, options) -> str | None:
    """The option that ``asked`` names in any case (and with spaces trimmed), or None."""
    folded = {str(o).casefold(): o for o in options}
    return folded.get(asked.strip().casefold())


def quoted(asked: str) -> str:
    """What a link asked for, as typed (escaped), at most 80 characters."""
    text = asked if len(asked) <= QUOTE_LIMIT else asked[:QUOTE_LIMIT - 1] + "…"
    return f'"{escape_markdown(text)}"'


def note(message: str) -> None:
    """A message about this page's link, shown by ``show_notes`` until the selection changes."""
    notes = st.session_state.get(NOTES)
    if not notes or notes["page"] != _page():
        notes = st.session_state[NOTES] = {"page": _page(), "lines": []}
    if message not in notes["lines"]:
        notes["lines"].append(message)


def show_notes() -> None:
    """Every message about a link that named something that does not exist, as a warning."""
    notes = st.session_state.get(NOTES)
    if notes and notes["page"] == _page():
        for line in notes["lines"]:
            st.warning(line, icon=":material/link_off:")


def pick(param: str, options: list, fallback, noun: str, instead: str):
    """The value of one part of the selection among ``options`` (fallback when none fits).

    A link's value is matched in any case; one that fits no option is reported, naming what
    was asked and ``instead`` (what is shown). A stored value that no longer fits (another
    filter changed) quietly gives way to the fallback.
    """
    asked = link_value(param)
    if asked is None:
        value = chosen().get(param)
    elif not asked.strip():                 # "?directorate=" asks for all
        value = fallback
    else:
        value = match(asked, options)
        if value is None:
            note(f"There is no {noun} {quoted(asked)}: showing {instead} instead.")
    value = value if value in options else fallback
    chosen()[param] = value
    return value


def sidebar(*, month: bool = True, directorate: bool = True,
            committee: bool = False) -> Selection:
    """The sidebar's month, directorate and committee, each kept and written to the URL."""
    with st.sidebar:
        as_at = month_box() if month else chosen().get("month")
        area = directorate_box() if directorate else chosen().get("directorate")
        panel = committee_box() if committee else chosen().get("committee")
    return Selection(as_at, area, panel)


def month_box() -> int:
    """The "as at" month: from a link, else as chosen before, else the default month."""
    options = context.month_options()
    default = context.default_month(options)
    asked, value = link_value("month"), chosen().get("month")
    if asked is not None:
        value = _month_asked(asked, options, default)
    value = value if value in options else default
    chosen()["month"] = value
    selectbox(st, "As at month", options, value, param="month", key="as_at",
              format_func=month_label, help="Each measure's latest return on or before the end "
              "of this month. See Help: the default month.")
    publish(month=month_key(value))
    return value


def _month_asked(asked: str, options: list[int], default: int) -> int:
    instead = f"{month_label(default)}, the default month,"
    try:
        wanted = parse_month(asked)
    except (ValueError, PeriodError):
        note(f"{quoted(asked)} is not a month (write it as 2026-10): showing {instead} instead.")
        return default
    if wanted not in options:
        note(f"There is no data for {month_label(wanted)}: showing {instead} instead.")
        return default
    return wanted


def directorate_box() -> str | None:
    """The directorate filter (None: all directorates)."""
    names = sorted(context.indicators()["directorate"].dropna().unique())
    value = pick("directorate", names, None, "directorate", "all directorates")
    selectbox(st, "Directorate", [ALL_DIRECTORATES] + names, value or ALL_DIRECTORATES,
              param="directorate", key="directorate")
    publish(directorate=value)
    return value


def committee_box() -> str | None:
    """The committee filter (None: all committees): the measures that committee sees."""
    names = committees.names(context.indicators())
    value = pick("committee", names, None, "committee", "all committees")
    selectbox(st, "Committee", [ALL_COMMITTEES] + names, value or ALL_COMMITTEES,
              param="committee", key="committee",
              help="The measures each committee sees, as set in the indicator definitions.")
    publish(committee=value)
    return value


def rag_box(options: list[str], default: list[str], where=st.sidebar, **kwargs) -> list[str]:
    """The exceptions' RAG filter, in ``where`` (the sidebar unless told): from a link
    (``rag=red,amber``, any case), else as chosen before, else ``default``; written to the URL.
    A word in a link that is not one of ``options`` is named on the page and left out."""
    asked, value = link_value("rag"), chosen().get("rag", default)
    if asked is not None:
        value, unknown = rags_in(asked, options)
        for word in unknown:
            note(f"There is no RAG status {quoted(word)}: it is left out.")
        if unknown and not value:
            value = default
    chosen()["rag"] = value
    st.session_state["rags"] = value    # every run: a new page's widget starts from its default
    picked = where.multiselect("RAG", options, key="rags", on_change=_keep_rags, **kwargs)
    publish(rag=",".join(picked))
    return picked


def rags_in(text: str, options: list[str]) -> tuple[list[str], list[str]]:
    """The statuses a link's ``rag`` names (comma-separated, any case) in the options' order,
    and the words that name none."""
    words = [w for w in text.split(",") if w.strip()]
    found = {w: match(w, options) for w in words}
    return [o for o in options if o in found.values()], [w for w, o in found.items() if o is None]


def _keep_rags() -> None:
    chosen()["rag"] = list(st.session_state["rags"])
    st.session_state.pop(NOTES, None)


def follow_indicator(catalogue) -> None:
    """A link naming a known indicator brings its service, and its directorate when the one
    asked for or chosen is another (said in a note), so the link shows what it names."""
    asked = link_value("indicator")
    found = match(asked, catalogue["indicator_id"]) if asked else None
    if found is None:
        return
    row = catalogue.set_index("indicator_id").loc[found]
    area = link_value("directorate") or chosen().get("directorate")
    if area and area.casefold() != str(row["directorate"]).casefold():
        note(f"{quoted(found)} is in {escape_markdown(row['directorate'])}, not "
             f"{quoted(area)}: showing it with its own directorate.")
        chosen()["directorate"] = row["directorate"]
    chosen().update(indicator=found, service=row["service"])
    for param in ("indicator", "service", "directorate"):     # read: no longer a link
        if param in st.query_params:
            _written()[param] = st.query_params[param]


def publish(**values) -> None:
    """Write the page's part of the selection to its URL (None removes it)."""
    written = _written()
    for param, value in values.items():
        if value is None:
            if param in st.query_params:
                del st.query_params[param]
        else:
            st.query_params[param] = value
        written[param] = value


def selectbox(where, label: str, options: list, value, *, param: str, key: str, **kwargs):
    """A selectbox showing ``value`` whose changes become the selection (``param``)."""
    st.session_state[key] = value   # every run: a new page's widget starts from its default
    return where.selectbox(label, options, key=key, on_change=_keep, args=(param, key),
                           **kwargs)


def _keep(param: str, key: str) -> None:
    value = st.session_state[key]
    chosen()[param] = None if value in (ALL_DIRECTORATES, ALL_COMMITTEES, ALL_SERVICES) else value
    st.session_state.pop(NOTES, None)


def _written() -> dict:
    return st.session_state.setdefault(WRITTEN, {})


def _page() -> str:
    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx else ""
