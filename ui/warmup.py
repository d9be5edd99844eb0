"""Warm-ups: the grid and chart libraries in the browser and the data caches on the server.

Streamlit fetches and starts a page element's code only when a page first shows one: its data grid
(about half a second of the browser's time on two cores, the first time a tab shows a table), each
widget's (the sidebar's month box alone brings a dozen files) and plotly.js (4.7 MB, about a
second). The drill-down's trend is an image drawn on the server
(trend_chart, chart_svg), so it never waits for plotly.js; plotly still draws the benchmarking
charts (their page, and the drill-down's panel for a measure with comparators) and the
drill-down's interactive chart when asked for. Starting them while the person reads the page they
opened (the grid first: most pages have one; plotly last) makes the next page's table, widgets
and first chart in that tab appear without that wait.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any

import streamlit as st

from pmf_core.store import Store, StoreFileError
from ui import context, scorecard_tables
from ui.store import current_store, store_for

LOG = logging.getLogger(__name__)

# Runs once per browser tab; each import shares Streamlit's own module, so its element reuses it.
# One after the other, so the grid's is ready soonest.
SCRIPT = """<script>
(() => {
  if (window.pmfLibrariesWarm) return;
  const entry = document.querySelector('script[type="module"][src*="static/js/index."]');
  if (!entry) return;
  window.pmfLibrariesWarm = true;
  const load = () => __CHUNKS__.reduce(
    (done, chunk) => done.then(() => import(new URL(chunk, entry.src).href)).catch(() => {}),
    Promise.resolve());
  const whenIdle = () => window.requestIdleCallback
    ? window.requestIdleCallback(load, {timeout: 5000}) : load();
  setTimeout(whenIdle, 1500);
})();
</script>"""


# Streamlit's lazily loaded modules warmed, in order: its data grid; the widgets of the sidebar,
# the scorecard, the exceptions and the drill-down (a tab's first page with the month box and the
# counts otherwise fetched and compiled about thirty files, half a second of the browser's time,
# before drawing it); last plotly's chart, the largest.
WARMED = (
    "DataFrame",
    "Selectbox",
    "Metric",
    "Radio",
    "ButtonGroup",
    "Checkbox",
    "Button",
    "DownloadButton",
    "Multiselect",
    "LinkButton",
    "NumberInput",
    "TextField",
    "ImageList",
    "Table",
    "PlotlyChart",
)


@cache
def lazy_chunk(element: str) -> str | None:
    """The file name of Streamlit's lazily loaded module for an element (None if not found)."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(folder.glob(f"{element}.*.js"))
    return found[0].name if len(found) == 1 else None


def warm_libraries() -> None:
    """Add the background load to the sidebar (an empty element; nothing is shown)."""
    chunks = [f"./{chunk}" for chunk in map(lazy_chunk, WARMED) if chunk]
    if chunks:
        st.sidebar.html(
            SCRIPT.replace("__CHUNKS__", json.dumps(chunks)), unsafe_allow_javascript=True
        )


@st.cache_resource
def _warmed() -> dict:
    """The store version the caches were last warmed for (one per process), and its lock."""
    return {"version": None, "lock": threading.Lock()}


def warm_caches() -> threading.Thread | None:
    """Fill, in the background, what each page's first render reads: once when the server's
    first session starts and again after every load (a new store version)."""
    try:
        store = current_store()
    except StoreFileError:  # the page run says what is wrong with the store
        return None
    wanted, state = (store.path, store.version()), _warmed()
    with state["lock"]:
        if state["version"] == wanted:
            return None
        state["version"] = wanted
    # Never a daemon (a thread started from a daemon thread, such as a script runner, is one
    # unless told): a daemon still inside DuckDB when the interpreter exits is torn down
    # mid-call and aborts the process ("FATAL: exception not rethrown"); the warm-up is short.
    thread = threading.Thread(target=_warm, args=wanted, name="warm-caches", daemon=False)
    thread.start()
    return thread


class _Changed(Exception):
    """The store changed during a warm-up: the next page run warms the new version."""


def _warm(path: str, version: str) -> None:
    """The reads behind the default month's scorecard, exceptions, drill-down, data quality and
    public view, each a unit of work of its own: a load, a save or another process waits for one
    read at most, never the whole warm-up."""
    try:
        _fill(partial(_step, store_for(path), version), path, version)
    except _Changed:
        return
    except Exception:  # a warm-up must never break the app: the page reads it itself
        LOG.exception("warming the caches failed")


def _step(store: Store, version: str, read: Callable[..., Any], *args: Any) -> Any:
    """``read(*args)`` in a unit of work, its turn taken before any cache it fills (so a page run
    never waits on a cache whose filler waits for the page's turn); stopped if the store is no
    longer the version being warmed, so no cache of that version holds newer data."""
    with store.unit_of_work():
        if store.version() != version:
            raise _Changed
        return read(*args)


def _fill(step: Callable[..., Any], path: str, version: str) -> None:
    catalogue = step(context.cached_read, path, version, "indicators")
    latest = step(context.cached_read, path, version, "latest_month")
    if latest is None or catalogue.empty:
        return
    step(context.cached_read, path, version, "first_month")
    month = step(context.cached_read, path, version, "default_month") or int(latest)
    for as_at in (month, month - 1):
        step(context.shared_status, path, version, as_at)
    step(context.cached_changes, path, version, month - 1, month, None, None)
    step(scorecard_tables.warm, path, version, month)
    step(context.cached_read, path, version, "open_plans", date.today())
    step(context.cached_read, path, version, "site", month)
    services = sorted(catalogue["service"].dropna().unique())  # as the drill-down
    first = catalogue[catalogue["service"] == services[0]]["indicator_id"].iloc[0]
    step(context.cached_indicator_view, path, version, first, month, date.today())
