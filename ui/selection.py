"""The selection (month, directorate, committee, and each page's own choices) that follows the user.

It lives in st.session_state: the month, directorate and committee (``chosen``) for every page,
and each page's own choices (``own``: the drill-down's service and indicator, the exceptions'
RAG and service...) for that page alone, so a service chosen on the drill-down never narrows
another page. pmf_core.rules.selection says which parameters each page's address holds.

A run reads its page's address once (``start``), the page picks its own values, and the
address is written once at the end (``settle``): Streamlit puts every change of the address
in the browser's history, so one write is one history entry. The sidebar's page links carry
the next page's whole address, so going there is one history entry too.

A URL value this session did not write is a link: it is matched in any case, and a value that
does not exist, a parameter the page does not use or a page the app does not have is reported
on the page (``show_notes``) with what is shown instead, never swapped or dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn
from urllib.parse import urlparse

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pmf_core.rules import committees
from pmf_core.rules import selection as rules
from pmf_core.rules.periods import PeriodError, month_key, month_label, parse_month
from ui import context
from ui.text import escape_markdown

STATE, OWN, WRITTEN, NOTES, RUN = (
    "selection",
    "selection_own",
    "selection_in_url",
    "selection_notes",
    "selection_run",
)
ALL_DIRECTORATES, ALL_COMMITTEES, ALL_SERVICES = (
    "All directorates",
    "All committees",
    "All services",
)
ALL_WORDS = (ALL_DIRECTORATES, ALL_COMMITTEES, ALL_SERVICES)
QUOTE_LIMIT = 80
# Streamlit's own page menu is a navigation landmark and shuts a phone's sidebar when a page is
# picked; page links are neither. This script (fixed text, no data) gives the links' container
# (MENU_KEY) the landmark and shuts the sidebar after a link is followed, at the width below
# which Streamlit lays the sidebar over the page (its 768 px breakpoint).
MENU_KEY = "page_links"
PAGE_MENU_JS = """
export default function () {
  const menu = document.querySelector(".st-key-page_links");
  if (menu) {
    menu.setAttribute("role", "navigation");
    menu.setAttribute("aria-label", "Pages");
  }
  if (window.pmfShutsSidebar) return;
  window.pmfShutsSidebar = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest(
      '[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]');
    if (!link || window.innerWidth > 768) return;
    const shut = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (shut) shut.click();
  });
}
"""
page_menu = st.components.v2.component("pmf_page_menu", js=PAGE_MENU_JS)


@dataclass(frozen=True)
class Selection:
    month: int | None  # None on a page without a month box, before one was chosen
    directorate: str | None
    committee: str | None


def chosen() -> dict:
    """This session's followed selection: month (a month number), directorate, committee."""
    return st.session_state.setdefault(STATE, {})


def own(path: str | None = None) -> dict:
    """A page's own choices, param -> value as its address writes it (the current page's)."""
    pages = st.session_state.setdefault(OWN, {})
    return pages.setdefault(current_path() if path is None else path, {})


def current_path() -> str:
    """The path of the page this run shows ("" for the scorecard)."""
    return _run().get("path", "")


def _run() -> dict:
    return st.session_state.get(RUN, {})


def _store(param: str, path: str | None = None) -> dict:
    return chosen() if param in rules.FOLLOW else own(path)


def _written_key(param: str, path: str | None = None) -> str:
    return param if param in rules.FOLLOW else f"{current_path() if path is None else path}:{param}"


def link_value(param: str) -> str | None:
    """The URL's value when it came from a link (this session did not write it, and this run
    has not read it yet), else None."""
    value = st.query_params.get(param)
    if value is None or param in _run().get("read", {}):
        return None
    return value if value != _written().get(_written_key(param)) else None


def asked(param: str) -> str | None:
    """What a link asked for ``param`` in this run, as typed (None if no link did)."""
    return _run().get("read", {}).get(param)


def _read(param: str) -> str | None:
    """A link's value for ``param``, now read: later calls in this run see no link."""
    value = link_value(param)
    if value is not None and RUN in st.session_state:
        st.session_state[RUN].setdefault("read", {})[param] = value
    return value


def match(asked: str, options) -> str | None:
    """The option that ``asked`` names in any case (and with spaces trimmed), or None."""
    folded = {str(o).casefold(): o for o in options}
    return folded.get(asked.strip().casefold())


def quoted(asked: str) -> str:
    """What a link asked for, as typed (escaped), at most 80 characters."""
    text = asked if len(asked) <= QUOTE_LIMIT else asked[: QUOTE_LIMIT - 1] + "…"
    return f'"{escape_markdown(text)}"'


def note(message: str) -> None:
    """A message about this page's link, shown by ``show_notes`` until the selection changes."""
    notes = st.session_state.get(NOTES)
    if not notes or notes["page"] != _page():
        notes = st.session_state[NOTES] = {"page": _page(), "lines": [], "links": []}
    if message not in notes["lines"]:
        notes["lines"].append(message)


def show_notes() -> None:
    """Every message about a link that named something that does not exist, as a warning,
    and the pages a mistyped address may have meant."""
    notes = st.session_state.get(NOTES)
    if notes and notes["page"] == _page():
        for line in notes["lines"]:
            st.warning(line, icon=":material/link_off:")
        for page, label in notes.get("links", []):
            st.page_link(
                page,
                label=label,
                query_params=page_address(page.url_path),
                icon=":material/arrow_forward:",
            )


# --- one run: start, the page's picks, settle ----------------------------------------------


def start(path: str, pages: Sequence, nav=None) -> None:
    """Begin a run of the page at ``path``: read the followed values its address gives,
    report what it names that the page or the app does not have, and draw the page links
    (into ``nav``) carrying each page's address."""
    printing = path == rules.PRINTED_ON and st.query_params.get("print") == "1"
    st.session_state[RUN] = {
        "path": path,
        "printing": printing,
        "settled": False,
        "extra": {},
        "read": {},
    }
    _check_page(pages)
    for name in rules.unused(path, list(st.query_params), printing):
        note(
            f"The address asks for {quoted(name + '=' + st.query_params[name])}, which this "
            "page does not use: it is ignored."
        )
    used = rules.page_params(path)
    if "month" in used:
        _resolve_month()
    if "directorate" in used:
        pick("directorate", _directorates(), None, "directorate", "all directorates")
    if "committee" in used:
        pick(
            "committee", committees.names(context.indicators()), None, "committee", "all committees"
        )
    if nav is not None:
        navigation(pages, nav)


def _check_page(pages: Sequence) -> None:
    """A path the app has no page for says so, with a way to the scorecard (and to the page
    it most likely meant)."""
    url = st.context.url
    if not url:
        return
    titles = {p.url_path: p.title for p in pages}
    wanted = rules.page_asked(urlparse(url).path, str(st.get_option("server.baseUrlPath") or ""))
    if wanted in titles:
        return
    near = rules.closest_page(wanted, titles)
    home = next(p for p in pages if p.url_path == "")
    note(
        f"There is no page {quoted('/' + wanted)} in this app: showing the {home.title} "
        "instead." + (f" Did you mean {titles[near]}?" if near else "")
    )
    links = st.session_state[NOTES]["links"]
    for page in [p for p in pages if p.url_path == near] + [home]:
        entry = (page, f"Go to {page.title}")
        if entry not in links:
            links.append(entry)


def keep(**values: str | None) -> None:
    """Parameters this run's page writes besides the selection (the print view's filters)."""
    if RUN in st.session_state:
        st.session_state[RUN]["extra"].update(values)


def page_address(path: str) -> dict[str, str]:
    """The address of the page at ``path`` as the session stands: the followed values it uses
    (the default month when none is chosen yet) and its own chosen values."""
    month = chosen().get("month")
    if month is None and "month" in rules.page_params(path):
        month = context.default_month(context.month_options())
    follow = {
        "month": month_key(month) if month is not None else None,
        "directorate": chosen().get("directorate"),
        "committee": chosen().get("committee"),
    }
    return rules.address(path, follow, own(path))


def settle() -> None:
    """Write the page's address once, when it differs from what the browser shows."""
    run = _run()
    if not run or run.get("settled"):
        return
    run["settled"] = True
    path = run["path"]
    wanted = page_address(path)
    wanted.update({k: v for k, v in run["extra"].items() if v})
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    for param in rules.page_params(path, run["printing"]):
        _written()[_written_key(param, path)] = wanted.get(param)


def stop() -> NoReturn:
    """st.stop() after writing the page's address (nothing is sent after a stop)."""
    settle()
    st.stop()


def navigation(pages: Sequence, where) -> None:
    """A link to each page carrying its whole address, so a visit is one history entry."""
    with where:
        for page in pages:
            st.page_link(
                page, label=page.title, icon=page.icon, query_params=page_address(page.url_path)
            )
        page_menu(key="page_menu", data=current_path())  # runs again on each page
        st.divider()


# --- the picks ----------------------------------------------------------------------------


def pick(param: str, options: list, fallback: Any, noun: str, instead: str) -> Any:
    """The value of one part of the selection among ``options`` (fallback when none fits).

    A link's value is matched in any case; one that fits no option is reported, naming what
    was asked and ``instead`` (what is shown). A stored value that no longer fits (another
    filter changed) quietly gives way to the fallback. Only a value chosen (by a link or a
    widget) is kept, and so written to the address.
    """
    link, store = _read(param), _store(param)
    if link is None:
        value = store.get(param)
    elif not link.strip():  # "?directorate=" asks for all
        value = None
    else:
        value = match(link, options)
        if value is None:
            note(f"There is no {noun} {quoted(link)}: showing {instead} instead.")
    if value in options:
        store[param] = value
        return value
    store.pop(param, None)
    return fallback


def _directorates() -> list[str]:
    return sorted(context.indicators()["directorate"].dropna().unique())


def sidebar(*, month: bool = True, directorate: bool = True, committee: bool = False) -> Selection:
    """The sidebar's month, directorate and committee boxes, each showing the selection."""
    with st.sidebar:
        as_at = month_box() if month else chosen().get("month")
        area = directorate_box() if directorate else chosen().get("directorate")
        panel = committee_box() if committee else chosen().get("committee")
    return Selection(as_at, area, panel)


def _resolve_month() -> int:
    options = context.month_options()
    default = context.default_month(options)
    link, value = _read("month"), chosen().get("month")
    if link is not None:
        value = _month_asked(link, options, default)
    value = value if value in options else default
    chosen()["month"] = value
    return value


def month_box() -> int:
    """The "as at" month: from a link, else as chosen before, else the default month."""
    options = context.month_options()
    value = chosen().get("month")
    value = value if value in options else _resolve_month()
    selectbox(
        st,
        "As at month",
        options,
        value,
        param="month",
        key="as_at",
        format_func=month_label,
        help="Each measure's latest return on or before the end "
        "of this month. See Help: the default month.",
    )
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
    names = _directorates()
    value = chosen().get("directorate")
    value = value if value in names else None
    selectbox(
        st,
        "Directorate",
        [ALL_DIRECTORATES] + names,
        value or ALL_DIRECTORATES,
        param="directorate",
        key="directorate",
    )
    return value


def committee_box() -> str | None:
    """The committee filter (None: all committees): the measures that committee sees."""
    names = committees.names(context.indicators())
    value = chosen().get("committee")
    value = value if value in names else None
    selectbox(
        st,
        "Committee",
        [ALL_COMMITTEES] + names,
        value or ALL_COMMITTEES,
        param="committee",
        key="committee",
        help="The measures each committee sees, as set in the indicator definitions.",
    )
    return value


def rag_box(options: list[str], default: list[str], where=st.sidebar, **kwargs) -> list[str]:
    """The exceptions' RAG filter, in ``where`` (the sidebar unless told): from a link
    (``rag=red,amber``, any case), else as chosen before, else ``default``; written to the URL
    once chosen. A word in a link that is not one of ``options`` is named on the page and left
    out."""
    link, store = _read("rag"), own()
    value = store["rag"].split(",") if store.get("rag") else default
    if link is not None:
        value, unknown = rags_in(link, options)
        for word in unknown:
            note(f"There is no RAG status {quoted(word)}: it is left out.")
        if value:
            store["rag"] = ",".join(value)
        else:
            store.pop("rag", None)
            value = default
    st.session_state["rags"] = value  # every run: a new page's widget starts from its default
    return where.multiselect(
        "RAG", options, key="rags", on_change=_keep_rags, args=(current_path(),), **kwargs
    )


def rags_in(text: str, options: list[str]) -> tuple[list[str], list[str]]:
    """The statuses a link's ``rag`` names (comma-separated, any case) in the options' order,
    and the words that name none."""
    words = [w for w in text.split(",") if w.strip()]
    found = {w: match(w, options) for w in words}
    return [o for o in options if o in found.values()], [w for w, o in found.items() if o is None]


def _keep_rags(path: str) -> None:
    own(path)["rag"] = ",".join(st.session_state["rags"])
    st.session_state.pop(NOTES, None)


def follow_indicator(catalogue) -> None:
    """A link naming a known indicator brings its service, and its directorate when the one
    asked for or chosen is another (said in a note), so the link shows what it names."""
    link = link_value("indicator")
    found = match(link, catalogue["indicator_id"]) if link else None
    if found is None:
        return
    _read("indicator")
    row = catalogue.set_index("indicator_id").loc[found]
    area = asked("directorate") or chosen().get("directorate")
    if area and area.casefold() != str(row["directorate"]).casefold():
        note(
            f"{quoted(found)} is in {escape_markdown(row['directorate'])}, not "
            f"{quoted(area)}: showing it with its own directorate."
        )
        chosen()["directorate"] = row["directorate"]
    own().update(indicator=found, service=row["service"])
    _read("service")


def drilldown_address(indicator_id: str, month: str | None = None) -> dict[str, str]:
    """The drill-down's address showing one indicator (at ``month``, else the chosen month),
    as that page will write it, so following the link is one history entry."""
    found = context.place(indicator_id)
    mine = {"indicator": indicator_id, "service": found[0] if found else None}
    area = chosen().get("directorate")
    if found and area and area != found[1]:
        area = found[1]  # the drill-down shows it with its own
    if month is None and chosen().get("month") is not None:
        month = month_key(chosen()["month"])
    follow = {"month": month, "directorate": area}
    return rules.address("drilldown", follow, mine)


def selectbox(where, label: str, options: list, value, *, param: str, key: str, **kwargs):
    """A selectbox showing ``value`` whose changes become the selection (``param``)."""
    st.session_state[key] = value  # every run: a new page's widget starts from its default
    return where.selectbox(
        label, options, key=key, on_change=_keep, args=(param, key, current_path()), **kwargs
    )


def _keep(param: str, key: str, path: str) -> None:
    value = st.session_state[key]
    store = _store(param, path)
    if value in ALL_WORDS:
        store.pop(param, None)
    else:
        store[param] = value
    st.session_state.pop(NOTES, None)


def _written() -> dict:
    return st.session_state.setdefault(WRITTEN, {})


def _page() -> str:
    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx else ""


def describe(f: rules.Filters, committee: bool = True) -> str:
    """A caption's statement of every filter in force, escaped for markdown."""
    return " · ".join(escape_markdown(p) for p in rules.caption_parts(f, committee))
