"""An indicator's history from the store: its series and SPC over it, as at a month."""

from __future__ import annotations

import pandas as pd

from pmf_core.rules import projection, rag, spc
from pmf_core.rules.periods import label_for_key, parse_period
from pmf_core.store import Store, reads


def indicator(store: Store, indicator_id: str) -> dict | None:
    """The current definition of one indicator, or None when it is unknown."""
    frame = reads.indicator(store, indicator_id)
    return None if frame.empty else frame.iloc[0].to_dict()


def series_as_at(store: Store, indicator_id: str, as_at: int) -> pd.DataFrame:
    frame = reads.series(store, indicator_id)
    return frame[frame["end_index"] <= as_at].reset_index(drop=True)


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


def trend_points(store: Store, indicator_id: str, as_at: int) -> pd.DataFrame:
    """Each period up to a month with its label, RAG, amber band and last year's value."""
    meta = indicator(store, indicator_id)
    points = series_as_at(store, indicator_id, as_at)
    if meta is None or points.empty:
        return pd.DataFrame(
            columns=[
                "period",
                "label",
                "value",
                "target",
                "band_low",
                "band_high",
                "last_year",
                "rag",
                "rag_computed",
            ]
        )
    for key in ("polarity", "kind", "amber_tolerance", "tolerance_type", "stretch", "decimals"):
        points[key] = meta[key]
    points = rag.rag_columns(rag.without_unrated_targets(points))
    points["label"] = [label_for_key(key, meta["frequency"]) for key in points["period"]]
    band = rag.tolerance_amount(
        points["amber_tolerance"], points["tolerance_type"], points["target"]
    )
    below = meta["polarity"] == "higher_is_better"
    points["band_low"] = points["target"] - band if below else points["target"]
    points["band_high"] = points["target"] if below else points["target"] + band
    by_key = dict(zip(points["period"], points["value"]))
    points["last_year"] = [
        by_key.get(parse_period(key, meta["frequency"]).same_period_last_year().key)
        for key in points["period"]
    ]
    return points


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


def paths_to_green(store: Store, rows: pd.DataFrame, as_at: int) -> dict:
    """Path-to-green projections for many indicators from one read of their series.

    ``rows`` has indicator_id, frequency, polarity, kind and target (a status frame does).
    Measures never judged (contextual) have no path to green, so no entry.
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
        target = None if pd.isna(row["target"]) else float(row["target"])
        out[row["indicator_id"]] = projection.path_to_green(
            points["value"].to_numpy(dtype=float),
            parse_period(str(points["period"].iloc[-1]), row["frequency"]),
            row["frequency"],
            target,
            row["polarity"] or "none",
            as_at=as_at,
        )
    return out
