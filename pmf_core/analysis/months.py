"""The default "as at" month, one rule for the app and the command line.

The latest month in which at least half of the monthly indicators with any data have a return,
so two early rows for next month do not make the whole council late.
"""

from __future__ import annotations

import pandas as pd

from pmf_core.store import Store, reads


def default_month(store: Store) -> int | None:
    """The default month index; the latest month with data when no monthly indicator has any,
    and None for a store without observations."""
    with store.session():
        returns = reads.monthly_returns(store)
        chosen = most_returned_month(returns)
        return chosen if chosen is not None else reads.latest_month(store)


def most_returned_month(returns: pd.DataFrame) -> int | None:
    """The latest month whose returns are at least half the indicators (None without rows).

    ``returns`` has one row per month: end_index, returns, indicators (as monthly_returns reads).
    """
    enough = returns[2 * returns["returns"] >= returns["indicators"]]
    return None if enough.empty else int(enough["end_index"].max())
