"""The app boundary: the one cached Store and the frames read from it, cached by store version."""
from __future__ import annotations

import importlib
import threading
from datetime import date

import streamlit as st

from pmf_core import actions, changes, history, months, quality
from pmf_core.periods import current_month
from pmf_core.status import select, status_as_at
from pmf_core.store import Store, default_path, reads


@st.cache_resource
def warm_imports() -> threading.Thread:
    """Import the statistics library (1.4 s) once per process in the background, so the first
    drill-down's path-to-green projection does not wait for it."""
    # Not a daemon (see ui.warmup.warm_caches): finishing the import at exit costs a second.
    thread = threading.Thread(target=importlib.import_module, args=("statsmodels.api",),
                              name="warm-imports", daemon=False)
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


def default_month(options: list[int]) -> int:
    """Where the month picker starts (SPEC 8): the store's default month, else the newest."""
    s = store()
    chosen = cached_default_month(s.path, s.version())
    return chosen if chosen in options else options[0]


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
def cached_open_plans(path: str, version: str, today):
    return actions.open_plans(store_for(path), today)


def open_plans():
    """Each indicator's open action plans as they stand today (actions.open_plans)."""
    s = store()
    return cached_open_plans(s.path, s.version(), date.today())


@st.cache_data(show_spinner=False, max_entries=64)
def cached_changes(path: str, version: str, since: int, as_at: int, directorate: str | None,
                   committee: str | None):
    return changes.compare(status(since, directorate, committee),
                           status(as_at, directorate, committee))


def changes_since(since: int, as_at: int, directorate: str | None, committee: str | None = None):
    """Measures whose RAG differs between two months, for a directorate and committee (or all)."""
    s = store()
    return cached_changes(s.path, s.version(), since, as_at, directorate, committee)
