"""The app boundary: the one cached Store, frames cached by store version, shared filters."""
from __future__ import annotations

import importlib
import threading
from datetime import date

import streamlit as st

from pmf_core import actions, changes, history, months, quality
from pmf_core.periods import PeriodError, current_month, month_key, month_label, parse_month
from pmf_core.status import select, status_as_at
from pmf_core.store import Store, default_path, reads


@st.cache_resource
def warm_imports() -> threading.Thread:
    """Import the statistics library (1.4 s) once per process in the background, so the first
    drill-down's path-to-green projection does not wait for it."""
    thread = threading.Thread(target=importlib.import_module, args=("statsmodels.api",),
                              daemon=True, name="warm-imports")
    thread.start()
    return thread


@st.cache_resource
def store_for(path: str) -> Store:
    """One Store per file for the whole process (keyed by path so tests get their own)."""
    store = Store(path)
    store.create()
    return store


def store() -> Store:
    warm_imports()
    return store_for(default_path())


@st.cache_data(show_spinner=False, max_entries=64)
def cached_status(path: str, version: str, as_at: int):
    """The whole council's status with SPC for a month; filters select from it."""
    return status_as_at(store_for(path), as_at, with_spc=True)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_latest_month(path: str, version: str):
    return reads.latest_month(store_for(path))


@st.cache_data(show_spinner=False, max_entries=64)
def cached_default_month(path: str, version: str):
    return months.default_month(store_for(path))


@st.cache_data(show_spinner=False, max_entries=64)
def cached_first_month(path: str, version: str):
    return reads.first_month(store_for(path))


@st.cache_data(show_spinner=False, max_entries=64)
def cached_indicators(path: str, version: str):
    return reads.indicators(store_for(path))


@st.cache_data(show_spinner=False, max_entries=64)
def cached_sparklines(path: str, version: str, ids: tuple, as_at: int):
    return history.sparklines(store_for(path), list(ids), as_at)


def status(as_at: int, directorate: str | None, committee: str | None = None):
    s = store()
    return select(cached_status(s.path, s.version(), as_at), directorate=directorate,
                  committee=committee)


def indicators():
    s = store()
    return cached_indicators(s.path, s.version())


def sparklines(ids, as_at: int):
    s = store()
    return cached_sparklines(s.path, s.version(), tuple(ids), as_at)


def no_target_this_year(frame, as_at: int):
    return quality.no_target_this_year(store(), frame, as_at)


def month_options() -> list[int]:
    """Months from the first data to the latest, newest first (three years when empty)."""
    s = store()
    latest = cached_latest_month(s.path, s.version()) or current_month() - 1
    first = cached_first_month(s.path, s.version()) or latest - 35
    return list(range(int(latest), int(first) - 1, -1))


def default_month_index(options: list[int]) -> int:
    """Where the month picker starts (SPEC 8): the store's default month, else the newest."""
    s = store()
    chosen = cached_default_month(s.path, s.version())
    return options.index(chosen) if chosen in options else 0


def sidebar_filters(show_directorate: bool = True) -> tuple[int, str | None]:
    """Month ("as at") and directorate, kept in the URL so any view can be bookmarked."""
    months = month_options()
    wanted = st.query_params.get("month")
    try:
        default = months.index(parse_month(wanted)) if wanted else default_month_index(months)
    except (ValueError, PeriodError):
        default = default_month_index(months)
    with st.sidebar:
        as_at = st.selectbox("As at month", months, index=default, format_func=month_label,
                             key="as_at", help="Each measure's latest return on or before "
                                               "the end of this month")
        directorate = None
        if show_directorate:
            options = ["All directorates"] + sorted(indicators()["directorate"].dropna().unique())
            chosen = st.query_params.get("directorate", "All directorates")
            directorate = st.selectbox("Directorate", options,
                                       index=options.index(chosen) if chosen in options else 0,
                                       key="directorate")
            directorate = None if directorate == "All directorates" else directorate
    st.query_params["month"] = month_key(as_at)
    if show_directorate:
        if directorate:
            st.query_params["directorate"] = directorate
        elif "directorate" in st.query_params:
            del st.query_params["directorate"]
    return as_at, directorate



@st.cache_data(show_spinner=False, max_entries=64)
def cached_indicator_view(path: str, version: str, indicator_id: str, as_at: int) -> dict:
    """Everything the drill-down shows for one indicator, read in one store session."""
    s = store_for(path)
    with s.session():
        return {"meta": history.indicator(s, indicator_id),
                "points": history.trend_points(s, indicator_id, as_at),
                "spc": history.spc_for(s, indicator_id, as_at),
                "said": history.commentary_history(s, indicator_id, as_at),
                "revisions": reads.revisions(s, indicator_id),
                "rebases": history.rebase_log(s, indicator_id),
                "actions": reads.actions(s, indicator_id)}


def indicator_view(indicator_id: str, as_at: int) -> dict:
    s = store()
    return cached_indicator_view(s.path, s.version(), indicator_id, as_at)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_paths(path: str, version: str, rows, as_at: int) -> dict:
    return history.paths_to_green(store_for(path), rows, as_at)


def paths_to_green(rows, as_at: int) -> dict:
    """Projections for the indicators in a status frame, read in one go and cached."""
    s = store()
    wanted = rows[["indicator_id", "frequency", "polarity", "target"]].reset_index(drop=True)
    return cached_paths(s.path, s.version(), wanted, as_at)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_plan_dates(path: str, version: str, today) -> dict:
    plans = actions.open_plans(store_for(path), today)
    return dict(zip(plans["indicator_id"], plans["path_to_green"]))


def path_to_green_dates() -> dict:
    """Each indicator's open action plans' path-to-green date (the latest when several)."""
    s = store()
    return cached_plan_dates(s.path, s.version(), date.today())


@st.cache_data(show_spinner=False, max_entries=64)
def cached_changes(path: str, version: str, since: int, as_at: int, directorate: str | None):
    return changes.compare(status(since, directorate), status(as_at, directorate))


def changes_since(since: int, as_at: int, directorate: str | None):
    """Measures whose RAG differs between two months, for a directorate (or all)."""
    s = store()
    return cached_changes(s.path, s.version(), since, as_at, directorate)
