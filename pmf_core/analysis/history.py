"""An indicator's history from the store: its series and SPC over it, as at a month."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmf_core.rules import cumulative, projection, rag, spc
from pmf_core.rules.periods import label_for_key, parse_period
from pmf_core.rules.presentation import format_value
from pmf_core.store import Store, reads


def indicator(store: Store, indicator_id: str) -> dict | None:
    """The current definition of one indicator, or None when it is unknown."""
    frame = reads.indicator(store, indicator_id)
    return None if frame.empty else frame.iloc[0].to_dict()


def series_as_at(store: Store, indicator_id: str, as_at: int) -> pd.DataFrame:
    """Each period up to a month with the target that applies to it (its own, its profile, or
    its year's: for a year-to-date measure the year's times the share elapsed)."""
    frame = reads.series(store, indicator_id)
    frame = frame[frame["end_index"] <= as_at].reset_index(drop=True)
    accumulation = reads.indicator(store, indicator_id)["accumulation"]
    frame["accumulation"] = accumulation.iloc[0] if len(accumulation) else None
    return cumulative.resolve_targets(frame)


def rebase_periods(store: Store, indicator_id: str) -> list[str]:
    return reads.rebase_log(store, indicator_id)["period"].tolist()


def spc_for(
    store: Store, indicator_id: str, as_at: int, fix_after: int | None = None
) -> pd.DataFrame | None:
    """SPC points of one indicator up to a month, honouring logged rebases; None if unknown."""
    meta = indicator(store, indicator_id)
    if meta is None:
        return None
    points = series_as_at(store, indicator_id, as_at)
    table = spc.spc_table(
        points,
        meta["polarity"] or "none",
        rebase_periods=rebase_periods(store, indicator_id),
        fix_after=fix_after,
    )
    return table


# What a trend without points has (an unknown indicator, or none up to the month).
TREND_POINT_COLUMNS = [
    "period",
    "label",
    "value",
    "target",
    "band_low",
    "band_high",
    "last_year",
    "rag",
    "rag_computed",
    "new_year",
    "target_upper",
]


def trend_points(store: Store, indicator_id: str, as_at: int) -> pd.DataFrame:
    """Each period up to a month with its label, RAG, amber band and last year's value."""
    return trends(store, [indicator_id], as_at)[indicator_id]


def trends(store: Store, indicator_ids: list[str], as_at: int) -> dict[str, pd.DataFrame]:
    """``trend_points`` of each of many indicators, from two reads and one pass over all their
    periods: the site's and the quarterly report's every measure, the drill-down's one."""
    with store.session():
        definitions = reads.indicators_of(store, indicator_ids)
        every = reads.series_of(store, indicator_ids)
    known = definitions.drop_duplicates("indicator_id").set_index("indicator_id")
    rows = every[(every["end_index"] <= as_at) & every["indicator_id"].isin(known.index)]
    if rows.empty:
        return {key: pd.DataFrame(columns=TREND_POINT_COLUMNS) for key in indicator_ids}
    points = _trend(rows.reset_index(drop=True), known.loc[rows["indicator_id"]])
    found = {
        key: group.drop(columns="indicator_id")
        for key, group in points.groupby("indicator_id", sort=False)
    }
    return {
        key: found[key].reset_index(drop=True)
        if key in found
        else pd.DataFrame(columns=TREND_POINT_COLUMNS)
        for key in indicator_ids
    }


def _trend(points: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Periods of indicators up to a month, each beside its indicator's definition (``meta``,
    row for row), with the target that applies, the RAG, label, amber band, last year's value
    and where a running total starts again."""
    points["accumulation"] = meta["accumulation"].to_numpy()
    points = cumulative.resolve_targets(points)
    for key in ("polarity", "kind", "amber_tolerance", "tolerance_type", "stretch", "decimals"):
        points[key] = meta[key].to_numpy()
    points = rag.rag_columns(rag.without_unrated_targets(points, ("target", "target_upper")))
    frequencies = meta["frequency"].to_numpy()
    points["label"] = [
        label_for_key(key, frequency) for key, frequency in zip(points["period"], frequencies)
    ]
    points["band_low"], points["band_high"] = _band_edges(points)
    ids = points["indicator_id"]
    by_key = dict(zip(zip(ids, points["period"]), points["value"]))
    points["last_year"] = [
        by_key.get((key, parse_period(period, frequency).same_period_last_year().key))
        for key, period, frequency in zip(ids, points["period"], frequencies)
    ]
    # A running total starts again each April: the chart draws each year as its own line.
    points["new_year"] = cumulative.is_year_to_date(points["accumulation"]) & (
        points["financial_year"] != points.groupby("indicator_id")["financial_year"].shift()
    )
    return points


def _band_edges(points: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The amber band beside the target: below it when higher is better, above it when lower
    is better, and around the whole range (each side on its own bound) for a range."""
    target = points["target"].astype(float).to_numpy()
    band = rag.tolerance_amount(points["amber_tolerance"], points["tolerance_type"], target)
    upper = points["target_upper"].astype(float).to_numpy()
    above = rag.tolerance_amount(points["amber_tolerance"], points["tolerance_type"], upper)
    polarity = points["polarity"].to_numpy(dtype=object)
    ranged, higher = polarity == rag.WITHIN_RANGE, polarity == "higher_is_better"
    low = np.where(ranged | higher, target - band, target)
    high = np.where(ranged, upper + above, np.where(higher, target, target + band))
    return low, high


def commentary_history(store: Store, indicator_id: str, as_at: int) -> pd.DataFrame:
    """What was said each period, newest first: the story members follow over time."""
    meta = indicator(store, indicator_id)
    points = series_as_at(store, indicator_id, as_at)
    if meta is None or points.empty:
        return pd.DataFrame(columns=["period", "commentary", "action", "note", "override"])
    points["period"] = [label_for_key(key, meta["frequency"]) for key in points["period"]]
    points["override"] = [
        f"{o}: {r}" if isinstance(o, str) and o else None
        for o, r in zip(points["rag_override"], points["override_reason"])
    ]
    said = points[["commentary", "action", "note", "override"]].notna().any(axis=1)
    return points.loc[said, ["period", "commentary", "action", "note", "override"]].iloc[::-1]


# How many months a table's sparkline reaches back: a quarter of weeks (13), a year of months,
# two years of quarters, four of half-years, five years (one point would draw as a flat line).
SPARK_MONTHS = {"weekly": 3, "monthly": 12, "quarterly": 24, "six_monthly": 48, "annual": 60}


def sparklines(store: Store, frequencies: dict[str, str], as_at: int) -> dict[str, list[float]]:
    """Recent values per indicator (indicator -> its frequency), oldest first, for table
    sparklines: each reaches back SPARK_MONTHS of its own frequency."""
    reach = {key: SPARK_MONTHS.get(f, 12) for key, f in frequencies.items()}
    frame = reads.series_for(
        store, list(frequencies), as_at - max(reach.values(), default=12) + 1, as_at
    )
    recent = frame[frame["end_index"] > as_at - frame["indicator_id"].map(reach)]
    return {str(key): sparkline(group["value"]) for key, group in recent.groupby("indicator_id")}


def sparkline(values) -> list[float]:
    """The values a table's sparkline draws: those there are, in order. Streamlit's line-chart
    cell shows a list holding a missing value as an error instead of a line; the drill-down's
    chart is the one that shows a gap as a gap."""
    return [float(v) for v in values if not pd.isna(v)]


def rebase_log(store: Store, indicator_id: str) -> pd.DataFrame:
    return reads.rebase_log(store, indicator_id)


# The columns of a status frame a path to green reads (a year-end forecast and a range's too).
PATH_COLUMNS = (
    "indicator_id",
    "frequency",
    "polarity",
    "kind",
    "target",
    "target_upper",
    "annual_target",
    "accumulation",
    "value",
    "end_index",
    "last_year_value",
    "last_year_end_value",
    "decimals",
    "unit",
)


def paths_to_green(store: Store, rows: pd.DataFrame, as_at: int) -> dict:
    """Path-to-green projections for many indicators from one read of their series.

    ``rows`` has indicator_id, frequency, polarity, kind and target (a status frame does).
    Measures never judged (contextual) have no path to green, so no entry. A year-to-date
    measure's is its year-end forecast; a range's is the trend towards its nearer bound.
    """
    rows = rows[rag.is_rated_kind(rows["kind"])] if "kind" in rows else rows
    if rows.empty:
        return {}
    values = reads.series_for(store, rows["indicator_id"].tolist(), 0, as_at)
    by_indicator = {str(key): points for key, points in values.groupby("indicator_id")}
    out: dict[str, projection.PathToGreen] = {}
    for row in rows.to_dict("records"):
        points = by_indicator.get(row["indicator_id"])
        if points is None or points.empty:
            out[row["indicator_id"]] = projection.PathToGreen(
                projection.TOO_FEW, reason="no values yet"
            )
            continue
        if row.get("accumulation") == cumulative.YEAR_TO_DATE and not pd.isna(row["value"]):
            out[row["indicator_id"]] = _year_end(row)
            continue
        target, polarity = _aim(row)
        out[row["indicator_id"]] = projection.path_to_green(
            points["value"].to_numpy(dtype=float),
            parse_period(str(points["period"].iloc[-1]), row["frequency"]),
            row["frequency"],
            target,
            polarity,
            as_at=as_at,
        )
    return out


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _aim(row: dict) -> tuple[float | None, str]:
    """The target a trend must reach, and which way is better: for a range outside its
    bounds, the nearer bound, approached from its side."""
    target, polarity = _number(row["target"]), row["polarity"] or "none"
    upper, value = _number(row.get("target_upper")), _number(row.get("value"))
    if polarity != rag.WITHIN_RANGE or target is None or upper is None or value is None:
        return target, polarity
    if value > upper:
        return upper, "lower_is_better"
    return target, "higher_is_better"


def _year_end(row: dict) -> projection.PathToGreen:
    """A year-to-date measure's year-end forecast against its year's target."""
    decimals = 2 if pd.isna(row.get("decimals")) else int(row["decimals"])
    return projection.year_end_path(
        float(row["value"]),
        float(cumulative.share_elapsed([row["end_index"]])[0]),
        (_number(row.get("last_year_value")), _number(row.get("last_year_end_value"))),
        _number(row.get("annual_target")),
        row["polarity"] or "none",
        lambda v: format_value(v, decimals, row.get("unit")),
        most=100.0 if row.get("unit") == "%" else None,
    )
