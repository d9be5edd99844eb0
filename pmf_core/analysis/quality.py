"""Data quality as at a month: what is missing, late, unexplained or overridden."""

from __future__ import annotations

import pandas as pd

from pmf_core.rules import rag
from pmf_core.rules.periods import financial_year_start, fy_label
from pmf_core.store import Store, reads


def missing_returns(status: pd.DataFrame, as_at: int) -> pd.DataFrame:
    """Monthly and weekly measures with no value for the month itself (for a weekly one, its
    latest week ends in another month, or has no value)."""
    monthly = status[status["frequency"].isin(["monthly", "weekly"])]
    return monthly[(monthly["end_index"] != as_at) | monthly["value"].isna()]


def late_returns(status: pd.DataFrame) -> pd.DataFrame:
    return status[status["late"]]


def missing_notes(status: pd.DataFrame) -> pd.DataFrame:
    """Latest rows with no value and no note, or off track with no commentary."""
    no_value = status["value"].isna() & status["period"].notna() & status["note"].isna()
    unexplained = status["rag"].isin([rag.RED, rag.AMBER]) & status["commentary"].isna()
    return status[no_value | unexplained]


def overrides(status: pd.DataFrame) -> pd.DataFrame:
    return status[status["rag_source"] == "override"]


def no_target_this_year(store: Store, status: pd.DataFrame, as_at: int) -> pd.DataFrame:
    """Rated measures (KPIs with a polarity) without a target for the as-at month's year: one
    from the targets file, or from the extract's target column on a row of that year, counts."""
    year = fy_label(financial_year_start(as_at))
    with store.session():
        with_target = set(reads.targets_for_year(store, year)["indicator_id"]) | set(
            reads.targets_in_extracts(store, year, as_at)["indicator_id"]
        )
    rated = status[(status["kind"] == "kpi") & (status["polarity"] != "none")]
    return rated[~rated["indicator_id"].isin(with_target)].assign(financial_year=year)
