"""Status of every indicator as at a month: the frame behind the CLI, the scorecard and exceptions."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pmf_core import rag
from pmf_core.periods import GRACE_MONTHS
from pmf_core.store import Store, reads

# The contract's first columns (SPEC 7), in order; the rest follow.
CONTRACT_COLUMNS = ["indicator_id", "name", "directorate", "service", "period", "value",
                    "target", "rag", "rag_source", "dot"]
EXTRA_COLUMNS = ["rag_computed", "dot_last_year", "previous_value", "last_year_value",
                 "last_year_target", "late", "months_late", "frequency", "unit", "polarity",
                 "kind", "level", "perspective", "priority", "committees", "owner", "decimals",
                 "commentary", "action", "rag_override", "override_reason", "note", "end_index"]


def status_as_at(store: Store, as_at: int, *, directorate: str | None = None,
                 service: str | None = None, committee: str | None = None,
                 rags: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per indicator as at a month (a month index), with RAG, DOT and lateness."""
    rows = reads.latest_rows(store, as_at, directorate, service, committee)
    return rate(rows, as_at, rags)


def rate(rows: pd.DataFrame, as_at: int, rags=None) -> pd.DataFrame:
    """Apply the RAG, DOT and lateness rules to latest rows selected by the store."""
    rated = rag.dot_columns(rag.rag_columns(rows))
    grace = rated["frequency"].map(GRACE_MONTHS).fillna(0).to_numpy()
    end = rated["end_index"].astype(float).to_numpy()
    overdue = np.where(np.isnan(end), np.nan, as_at - end - grace)
    rated["months_late"] = pd.array(np.where(np.isnan(overdue), pd.NA,
                                             np.clip(overdue, 0, None)), dtype="Int64")
    rated["late"] = np.isnan(end) | (np.nan_to_num(overdue, nan=0) > 0)
    if rags:
        rated = rated[rated["rag"].isin(list(rags))]
    return rated[CONTRACT_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)
