"""The frames pages read, cached by store version: a load or a write shows at once, and a
rerun that changes only a widget reads nothing from the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from pmf_core.analysis import actions, changes, comparators, history, months, quality
from pmf_core.analysis.status import select, status_as_at
from pmf_core.outputs import packs, report_packs, site
from pmf_core.rules import narrative
from pmf_core.rules.periods import current_month
from pmf_core.store import reads, settings
from ui.store import current_store, store_for


def _version() -> tuple[str, str]:
    """The current store's path and version: the first two keys of every cache here."""
    store = current_store()
    return store.path, store.version()


# Plain reads: each takes the store first; the rest of its arguments are hashable.
READS: dict[str, Callable[..., Any]] = {
    "indicators": reads.indicators,
    "latest_month": reads.latest_month,
    "first_month": reads.first_month,
    "default_month": months.default_month,
    "batches": reads.batches,
    "sparklines": history.sparklines,
    "fixed_spc": history.spc_for,
    "open_plans": actions.open_plans,
    "actions": actions.with_status,
    "action_changes": actions.changes_since,
    "site": site.site,
    "benchmark_positions": comparators.narrative_positions,
    "perspectives": settings.perspectives,
    "packs": packs.listing,
    "report_packs": report_packs.listing,
}


@st.cache_data(show_spinner=False, max_entries=256)
def cached_read(path: str, version: str, name: str, *args):
    """``READS[name](store, *args)`` for the store at ``path``, cached by its version."""
    return READS[name](store_for(path), *args)


def _read(name: str, *args):
    return cached_read(*_version(), name, *args)


@st.cache_resource(show_spinner=False, max_entries=16)
def shared_status(path: str, version: str, as_at: int):
    """The whole council's status with SPC for a month, one frame shared by every run of a
    store version and never changed in place: every page takes its rows with select, which
    makes a new frame (st.cache_data's copy of 2,000 measures cost 40 ms a read)."""
    return status_as_at(store_for(path), as_at, with_spc=True)


def status(as_at: int, directorate: str | None, committee: str | None = None):
    return select(shared_status(*_version(), as_at), directorate=directorate, committee=committee)


@st.cache_resource(show_spinner=False, max_entries=8)
def _shared_indicators(path: str, version: str):
    """The catalogue as one frame shared by every run of a store version, never changed in
    place: a page run reads it for each link it writes (a scorecard's cards, twenty), and
    st.cache_data's copy of 2,000 measures cost 8 ms a read."""
    return cached_read(path, version, "indicators")


def indicators():
    return _shared_indicators(*_version())


@st.cache_resource(show_spinner=False, max_entries=8)
def _shared_places(path: str, version: str) -> dict[str, tuple[str, str]]:
    """Each indicator's service and directorate, for the links a page run writes by the
    dozen (a filter of the catalogue each took 4 ms at 2,000 measures); never changed."""
    catalogue = _shared_indicators(path, version)
    return {
        str(i): (str(s), str(d))
        for i, s, d in zip(
            catalogue["indicator_id"], catalogue["service"], catalogue["directorate"]
        )
    }


def place(indicator_id: str) -> tuple[str, str] | None:
    """An indicator's (service, directorate), or None if the catalogue has no such ID."""
    return _shared_places(*_version()).get(indicator_id)


def sparklines(rows, as_at: int):
    """Table sparklines for status rows (indicator_id, frequency), as at a month."""
    return _read("sparklines", dict(zip(rows["indicator_id"], rows["frequency"])), as_at)


def no_target_this_year(frame, as_at: int):
    return quality.no_target_this_year(current_store(), frame, as_at)


def month_options() -> list[int]:
    """Months from the first data to the latest, newest first (three years when empty)."""
    latest = _read("latest_month") or current_month() - 1
    first = _read("first_month") or latest - 35
    return list(range(int(latest), int(first) - 1, -1))


def default_month(options: list[int]) -> int:
    """Where the month picker starts : the store's default month, else the newest."""
    chosen = _read("default_month")
    return chosen if chosen in options else options[0]


@st.cache_data(show_spinner=False, max_entries=64)
def cached_indicator_view(
    path: str, version: str, indicator_id: str, as_at: int, today: date
) -> dict:
    """The drill-down model: everything it shows for one indicator (its definition, its
    status row for the month, trend, story and actions with their status as at today and
    their updates), read in one store session."""
    store, everything = store_for(path), shared_status(path, version, as_at)
    with store.session():
        plans = actions.of_indicator(store, indicator_id, today)
        return {
            "meta": history.indicator(store, indicator_id),
            "row": everything[everything["indicator_id"] == indicator_id].iloc[0],
            "points": history.trend_points(store, indicator_id, as_at),
            "spc": history.spc_for(store, indicator_id, as_at),
            "said": history.commentary_history(store, indicator_id, as_at),
            "revisions": reads.revisions(store, indicator_id),
            "rebases": history.rebase_log(store, indicator_id),
            "actions": plans,
            "updates": {int(i): reads.action_updates(store, int(i)) for i in plans["action_id"]},
        }


def indicator_view(indicator_id: str, as_at: int) -> dict:
    return cached_indicator_view(*_version(), indicator_id, as_at, date.today())


def spc_fixed_after(indicator_id: str, as_at: int, fix_after: int):
    """An indicator's SPC table with its limits from the first ``fix_after`` points only."""
    return _read("fixed_spc", indicator_id, as_at, fix_after)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_projections(path: str, version: str, rows, as_at: int) -> dict:
    return history.paths_to_green(store_for(path), rows, as_at)


def paths_to_green(rows, as_at: int) -> dict:
    """Projections for the indicators in a status frame, read in one go and cached."""
    wanted = rows[list(history.PATH_COLUMNS)].reset_index(drop=True)
    return cached_projections(*_version(), wanted, as_at)


def open_plans():
    """Each indicator's open action plans as they stand today (actions.open_plans)."""
    return _read("open_plans", date.today())


def actions_today():
    """Every action, complete ones too, with its effective status today (actions.with_status)."""
    return _read("actions", date.today())


def action_changes_since(since: date):
    """Every action update and new action since a date (actions.changes_since)."""
    return _read("action_changes", since)


def batches():
    """Every load, newest first, for the upload page's history and rollback."""
    return _read("batches")


def packs_of(committee: str):
    """A committee's frozen packs, newest first (packs.listing)."""
    return _read("packs", committee)


def frozen_reports():
    """The quarterly reports frozen as presented, newest first (report_packs.listing)."""
    return _read("report_packs")


def public_site(as_at: int) -> site.PublicSite:
    """What the public website shows for a month (site.site)."""
    return _read("site", as_at)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_changes(
    path: str, version: str, since: int, as_at: int, directorate: str | None, committee: str | None
):
    return changes.compare(
        status(since, directorate, committee), status(as_at, directorate, committee)
    )


def changes_since(since: int, as_at: int, directorate: str | None, committee: str | None = None):
    """Measures whose RAG differs between two months, for a directorate and committee (or all)."""
    return cached_changes(*_version(), since, as_at, directorate, committee)


def sentence(row) -> str:
    """The sentence written from a measure's data, with its benchmark quartile where linked."""
    linked = _read("benchmark_positions")
    return narrative.sentence(row, linked.get(row["indicator_id"]))
