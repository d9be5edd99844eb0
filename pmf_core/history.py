"""An indicator's history from the store: its series and SPC over it, as at a month."""
from __future__ import annotations

import pandas as pd

from pmf_core import spc
from pmf_core.store import Store, reads


def indicator(store: Store, indicator_id: str) -> dict | None:
    """The current definition of one indicator, or None when it is unknown."""
    frame = store.query("SELECT * EXCLUDE (batch_id, revision, is_current) FROM indicators "
                        "WHERE is_current AND indicator_id = ?", [indicator_id])
    return None if frame.empty else frame.iloc[0].to_dict()


def series_as_at(store: Store, indicator_id: str, as_at: int) -> pd.DataFrame:
    frame = reads.series(store, indicator_id)
    return frame[frame["end_index"] <= as_at].reset_index(drop=True)


def rebase_periods(store: Store, indicator_id: str) -> list[str]:
    frame = store.query("SELECT period FROM spc_rebases WHERE indicator_id = ?", [indicator_id])
    return frame["period"].tolist()


def spc_for(store: Store, indicator_id: str, as_at: int) -> pd.DataFrame | None:
    """SPC points of one indicator up to a month, honouring logged rebases; None if unknown."""
    meta = indicator(store, indicator_id)
    if meta is None:
        return None
    points = series_as_at(store, indicator_id, as_at)
    table = spc.spc_table(points, meta["polarity"] or "none",
                          rebase_periods=rebase_periods(store, indicator_id))
    return table
