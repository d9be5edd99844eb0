"""What changed between two months (the CLI's `changes`): indicators whose RAG moved, and which way.

Both months are read with status_as_at, so a change is exactly the difference between two status
listings. An indicator with no observation as at the earlier month was "No data" then (that is
what status shows for it), so its first return is a change from No data, with no from_period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmf_core.analysis.status import status_as_at
from pmf_core.rules import rag
from pmf_core.store import Store

# The columns of a change, in order (the CLI's `changes` writes these); EXTRA_COLUMNS follow for
# the pages.
CHANGE_COLUMNS = [
    "indicator_id",
    "name",
    "from_period",
    "from_rag",
    "to_period",
    "to_rag",
    "change",
]
EXTRA_COLUMNS = ["directorate", "service", "frequency"]
BETTER, WORSE, OTHER = "better", "worse", "other"
# Red < Amber < Green < Blue; Not rated and No data stand outside the order.
ORDER = {rag.RED: 0, rag.AMBER: 1, rag.GREEN: 2, rag.BLUE: 3}


def changes_between(
    store: Store,
    since: int,
    as_at: int,
    *,
    committee: str | None = None,
    directorate: str | None = None,
) -> pd.DataFrame:
    """Indicators whose RAG as at ``as_at`` differs from their RAG as at ``since``."""
    with store.session():
        before = status_as_at(store, since, committee=committee, directorate=directorate)
        after = status_as_at(store, as_at, committee=committee, directorate=directorate)
    return compare(before, after)


def compare(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator of ``after`` whose RAG differs from ``before``, in after's order.

    An indicator missing from ``before`` counts as No data there.
    """
    old = before.set_index("indicator_id")
    out = pd.DataFrame(
        {
            "indicator_id": after["indicator_id"],
            "name": after["name"],
            "from_period": after["indicator_id"].map(old["period"]),
            "from_rag": old["rag"].reindex(after["indicator_id"]).fillna(rag.NO_DATA).to_numpy(),
            "to_period": after["period"],
            "to_rag": after["rag"],
        }
    )
    out = out[out["from_rag"] != out["to_rag"]]
    out["change"] = change_words(out["from_rag"], out["to_rag"])
    for column in EXTRA_COLUMNS:
        out[column] = after.loc[out.index, column]
    return out[CHANGE_COLUMNS + EXTRA_COLUMNS].reset_index(drop=True)


def change_words(from_rag: pd.Series, to_rag: pd.Series) -> np.ndarray:
    """``better`` or ``worse`` on Red < Amber < Green < Blue; ``other`` to or from anything else."""
    before, after = from_rag.map(ORDER), to_rag.map(ORDER)
    unordered = before.isna() | after.isna()
    return np.select(
        [unordered, after > before, after < before], [OTHER, BETTER, WORSE], default=OTHER
    )
