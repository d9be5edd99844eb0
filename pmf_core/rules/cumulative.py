"""Year-to-date measures: the share of the year elapsed, the target of each period (profiled,
profiled evenly, or the year's), and the year-end forecast that is their path to green.

A year-to-date value is a running total or rate since 1 April, so it is judged against what
the year should have reached by then, not against the year's whole target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

YEAR_TO_DATE = "year_to_date"
# Where each period's target came from, as pages say it.
FROM_EXTRACT, PROFILED, PROFILED_EVENLY, FOR_THE_YEAR = (
    "from the extract",
    "profiled",
    "profiled evenly",
    "for the year",
)
NOT_APPLICABLE = "SPC does not apply to cumulative figures"


def is_year_to_date(accumulation) -> np.ndarray:
    """Whether each measure's values are running figures since 1 April."""
    return pd.Series(accumulation, dtype=object).fillna("none").eq(YEAR_TO_DATE).to_numpy()


def share_elapsed(end_index) -> np.ndarray:
    """The share of the financial year ended with each period: months ended / 12, which is
    also quarters ended / 4 (a quarter ends in June, September, December or March)."""
    end = np.asarray(end_index, dtype=float)
    return ((end % 12 - 3) % 12 + 1) / 12.0


def resolve_targets(frame: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
    """Add ``{prefix}target``, ``{prefix}target_upper`` and ``{prefix}target_basis`` from the
    row's own target, the period's profiled target and the year's target.

    Needs ``{prefix}row_target``, ``{prefix}period_target``, ``{prefix}annual_target``,
    ``{prefix}period_upper``, ``{prefix}annual_upper``, ``{prefix}end_index`` and
    ``accumulation``. A year-to-date measure without a profile is given the year's target
    times the share of the year elapsed.
    """
    out = frame.copy()
    row = out[f"{prefix}row_target"].astype(float).to_numpy()
    period = out[f"{prefix}period_target"].astype(float).to_numpy()
    annual = out[f"{prefix}annual_target"].astype(float).to_numpy()
    ytd = is_year_to_date(out.get("accumulation", pd.Series([None] * len(out))))
    share = np.where(ytd, share_elapsed(out[f"{prefix}end_index"].astype(float)), 1.0)
    out[f"{prefix}target"] = np.where(
        ~np.isnan(row), row, np.where(~np.isnan(period), period, annual * share)
    )
    upper_period = out[f"{prefix}period_upper"].astype(float).to_numpy()
    upper_annual = out[f"{prefix}annual_upper"].astype(float).to_numpy()
    out[f"{prefix}target_upper"] = np.where(
        ~np.isnan(upper_period), upper_period, upper_annual * share
    )
    out[f"{prefix}target_basis"] = np.select(
        [~np.isnan(row), ~np.isnan(period), np.isnan(annual), ytd],
        [FROM_EXTRACT, PROFILED, "", PROFILED_EVENLY],
        default=FOR_THE_YEAR,
    )
    return out


def year_end_forecast(
    value: float, share: float, last_year_same: float | None, last_year_end: float | None
) -> tuple[float, str]:
    """This year's year-to-date value carried to March, and how: by last year's pattern
    (its year-end over its value at the same period) when last year has both, else evenly."""
    if (
        last_year_same is not None
        and last_year_end is not None
        and not np.isnan(last_year_same)
        and not np.isnan(last_year_end)
        and last_year_same != 0
    ):
        return value * last_year_end / last_year_same, "by last year's pattern"
    return value / share, "evenly over the year"
