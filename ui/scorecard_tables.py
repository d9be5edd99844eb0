"""The scorecard's tables, cached by store version and selection: a rerun that changes nothing
they show (another tab, a phone's "Show more") rebuilds none of them, and a second visitor to the
same month gets them ready made."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pmf_core.analysis.scorecard import (
    count_changes,
    off_track_pyramid,
    panel_counts,
    panel_rows,
    worst_panel,
)
from pmf_core.analysis.status import select
from ui import benchmark_panel, context, tables
from ui.store import current_store


def _version() -> tuple[str, str]:
    store = current_store()
    return store.path, store.version()


def _status(
    path: str, version: str, as_at: int, directorate: str | None, committee: str | None
) -> pd.DataFrame:
    return select(
        context.shared_status(path, version, as_at), directorate=directorate, committee=committee
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _counts(
    path: str, version: str, as_at: int, directorate: str | None, committee: str | None
) -> dict:
    return count_changes(
        _status(path, version, as_at - 1, directorate, committee),
        _status(path, version, as_at, directorate, committee),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _panels(
    path: str, version: str, as_at: int, directorate: str | None, committee: str | None, by: str
) -> pd.DataFrame:
    order = context.cached_read(path, version, "perspectives") if by == "perspective" else None
    return panel_counts(_status(path, version, as_at, directorate, committee), by, order)


@st.cache_data(show_spinner=False, max_entries=64)
def _measures(
    path: str,
    version: str,
    as_at: int,
    directorate: str | None,
    committee: str | None,
    by: str,
    panel: str,
    concerning_only: bool,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = panel_rows(_status(path, version, as_at, directorate, committee), by, panel)
    if concerning_only:
        rows = rows[rows["variation"] == "Special cause concerning"]
    sparks = context.cached_read(
        path, version, "sparklines", dict(zip(rows["indicator_id"], rows["frequency"])), as_at
    )
    table = benchmark_panel.add_quartile(tables.readable(rows, sparks), rows)
    return rows, table


@st.cache_data(show_spinner=False, max_entries=64)
def _pyramid(
    path: str, version: str, as_at: int, directorate: str | None, committee: str | None
) -> pd.DataFrame:
    return off_track_pyramid(_status(path, version, as_at, directorate, committee))


def warm(path: str, version: str, as_at: int) -> None:
    """Build the default view's tables (all directorates and committees, by perspective, its
    worst panel) ahead of the first visitor (ui/warmup.py)."""
    _counts(path, version, as_at, None, None)
    _pyramid(path, version, as_at, None, None)
    worst = worst_panel(_panels(path, version, as_at, None, None, "perspective"), "perspective")
    if worst is not None:
        _measures(path, version, as_at, None, None, "perspective", worst, False)


def counts(as_at: int, directorate: str | None, committee: str | None) -> dict:
    """Each count as at the month and its change since the month before (count_changes)."""
    return _counts(*_version(), as_at, directorate, committee)


def panels(as_at: int, directorate: str | None, committee: str | None, by: str) -> pd.DataFrame:
    """How many measures of each status in each panel (panel_counts)."""
    return _panels(*_version(), as_at, directorate, committee, by)


def pyramid(as_at: int, directorate: str | None, committee: str | None) -> pd.DataFrame:
    """Services ranked by measures Red, then Amber (off_track_pyramid)."""
    return _pyramid(*_version(), as_at, directorate, committee)


def measures(
    as_at: int,
    directorate: str | None,
    committee: str | None,
    by: str,
    panel: str,
    concerning_only: bool,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A panel's status rows, worst first (only special cause concerning when asked), and the
    readable table of them with sparklines and the benchmark column."""
    return _measures(*_version(), as_at, directorate, committee, by, panel, concerning_only)
