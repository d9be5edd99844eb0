"""A financial year's figures for the annual report, as pure functions over frames.

Which period stands for a measure's year is decided in one place, ``year_end``: the annual
figure, the direction against last year and the five-year trend all read it, so a new kind of
measure (a week, a half-year, a running total) changes the rule there and nowhere else.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmf_core.rules import rag
from pmf_core.rules.periods import fy_label, month_index

YEARS = 5  # the trend reaches back over five financial years, this one included
# What the report says about the rule (the words match ``year_end``).
RULE = (
    "Each measure's figure for the year is the value of its last period in the year: the year "
    "itself for an annual measure, Q4 for a quarterly one and March for a monthly one (or the "
    "latest period of the year with a return, when that one has none). No average or total is "
    "taken."
)


def months_of(year_start: int) -> tuple[int, int]:
    """The month indexes of April and of March of the financial year starting in ``year_start``."""
    first = month_index(year_start, 4)
    return first, first + 11


def year_end(series: pd.DataFrame, year_start: int) -> pd.DataFrame:
    """Each indicator's row that stands for a financial year: its latest period ending inside
    the year (a missing value included, as the status as at March would show it).

    ``series`` has indicator_id, end_index and value (one row per period); the result is indexed
    by indicator_id and holds only indicators with a period in the year.
    """
    first, last = months_of(year_start)
    inside = series[(series["end_index"] >= first) & (series["end_index"] <= last)]
    latest = inside.sort_values(["indicator_id", "end_index"]).groupby("indicator_id").tail(1)
    return latest.set_index("indicator_id")


def five_years(series: pd.DataFrame, ids: list[str], year_start: int) -> pd.DataFrame:
    """The year-end value of each of the five financial years up to this one: a row per
    indicator (in ``ids``' order), a column per year label oldest first, NaN for a year with
    none."""
    columns = {
        fy_label(start): year_end(series, start)["value"].reindex(ids).astype(float)
        for start in range(year_start - YEARS + 1, year_start + 1)
    }
    return pd.DataFrame(columns, index=pd.Index(ids, name="indicator_id"))


def figures(status: pd.DataFrame, series: pd.DataFrame, year_start: int) -> pd.DataFrame:
    """The status rows as at the year's last month, each with its year's figures.

    Adds ``in_year`` (the row is the one that stands for the year, so its value, target and RAG
    are the year's), ``year_value`` and ``last_year_end`` (the year-end values of this year and
    the year before) and ``dot_year`` (this year's against last year's, by the measure's
    polarity at its decimals).
    """
    this, before = year_end(series, year_start), year_end(series, year_start - 1)
    out = status.reset_index(drop=True).copy()
    ends = out["indicator_id"].map(this["end_index"])
    out["in_year"] = (ends.notna() & (ends == out["end_index"])).to_numpy(dtype=bool)
    out["year_value"] = out["indicator_id"].map(this["value"]).astype(float)
    out["last_year_end"] = out["indicator_id"].map(before["value"]).astype(float)
    decimals = out["decimals"].astype(float).fillna(rag.DEFAULT_DECIMALS).to_numpy()
    out["dot_year"] = rag.direction(
        out["year_value"].to_numpy(dtype=float),
        out["last_year_end"].to_numpy(dtype=float),
        out["polarity"].fillna("none").to_numpy(dtype=object),
        decimals,
        _numbers(out, "dot_threshold", 0.0),
        _numbers(out, "target", np.nan),
        _numbers(out, "target_upper", np.nan),
    )
    out.loc[~out["in_year"], "rag"] = rag.NO_DATA
    out.loc[~out["in_year"], "dot_year"] = rag.NOT_COMPARABLE
    return out


def has_data(annual: pd.DataFrame) -> bool:
    """Whether any measure has a value in the year (a ``figures`` frame)."""
    return bool(np.any(annual["in_year"] & annual["year_value"].notna()))


def _numbers(frame: pd.DataFrame, column: str, missing: float) -> np.ndarray:
    """A numeric column (a measure's threshold, a range's bounds), ``missing`` where absent."""
    if column not in frame:
        return np.full(len(frame), missing)
    return frame[column].astype(float).fillna(missing).to_numpy()
