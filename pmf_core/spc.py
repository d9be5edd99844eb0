"""Statistical process control, "Making Data Count" style (SPEC section 5).

The rules follow the NHS-R package NHSRplotthedots, so results match what analysts already get:
XmR limits with moving-range screening, then four special-cause rules in order (beyond a limit,
a seven-point trend, two of three near a limit, seven points one side of the mean). One rule per
function; drawing lives in ``charts``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

LIMIT, NEAR_LIMIT, SCREEN = 2.66, 2 * 2.66 / 3, 3.267
RUN = 7
TRIAL_BELOW = 12

COMMON, IMPROVEMENT, CONCERN = "common_cause", "special_cause_improvement", "special_cause_concern"
NEUTRAL_HIGH, NEUTRAL_LOW = "special_cause_neutral_high", "special_cause_neutral_low"
VARIATION_WORDS = {COMMON: "Common cause", IMPROVEMENT: "Special cause improving",
                   CONCERN: "Special cause concerning", NEUTRAL_HIGH: "Special cause neither",
                   NEUTRAL_LOW: "Special cause neither"}
PASSING, FAILING, HIT_AND_MISS = "Consistently passing", "Consistently failing", "Hit and miss"


@dataclass(frozen=True)
class Limits:
    mean: float
    mean_moving_range: float
    trial: bool

    @property
    def lower(self) -> float:
        return self.mean - LIMIT * self.mean_moving_range

    @property
    def upper(self) -> float:
        return self.mean + LIMIT * self.mean_moving_range

    @property
    def near_lower(self) -> float:
        return self.mean - NEAR_LIMIT * self.mean_moving_range

    @property
    def near_upper(self) -> float:
        return self.mean + NEAR_LIMIT * self.mean_moving_range


def xmr_limits(values, screen_outliers: bool = True, fix_after: int | None = None) -> Limits:
    """Centre and mean moving range from the baseline (the first ``fix_after`` points)."""
    base = np.asarray(values, dtype=float)[:fix_after]
    moving = np.abs(np.diff(base))
    average = moving.mean() if len(moving) else np.nan
    if screen_outliers and len(moving):
        kept = moving[moving < SCREEN * average]
        average = kept.mean() if len(kept) else average
    return Limits(float(base.mean()), float(average), len(base) < TRIAL_BELOW)


def beyond_limits(values, limits: Limits) -> np.ndarray:
    return (values > limits.upper) | (values < limits.lower)


def trend_points(values) -> np.ndarray:
    """Direction (+1, -1) of every point in a run of 7 each strictly above (below) the last."""
    steps = np.sign(np.diff(values))
    ends = np.zeros(len(values))
    for i in range(RUN - 1, len(values)):
        window = steps[i - RUN + 1:i]
        if np.all(window == 1) or np.all(window == -1):
            ends[i] = window[0]
    part = _spread_back(ends != 0)
    direction = np.zeros(len(values))
    for i in np.flatnonzero(part):
        right = i + 1 < len(values) and part[i + 1]
        direction[i] = steps[i] if right else steps[i - 1]
    return direction


def two_in_three_points(values, limits: Limits) -> np.ndarray:
    """Points in the near-limit band that are two of three consecutive, all on one side."""
    side = np.sign(values - limits.mean)
    near = ~beyond_limits(values, limits) & (
        (values > limits.near_upper) | (values < limits.near_lower))
    flagged = np.zeros(len(values), dtype=bool)
    for start in range(len(values) - 2):
        window = slice(start, start + 3)
        if near[window].sum() >= 2 and abs(side[window].sum()) == 3:
            flagged[window] |= near[window]
    return flagged


def shift_points(values, limits: Limits) -> np.ndarray:
    """Points in a run of 7 on one side of the mean (a point on the mean breaks the run)."""
    side = np.sign(values - limits.mean)
    ends = np.zeros(len(values), dtype=bool)
    for i in range(RUN - 1, len(values)):
        window = side[i - RUN + 1:i + 1]
        ends[i] = window[0] != 0 and np.all(window == window[0])
    return _spread_back(ends)


def _spread_back(ends: np.ndarray) -> np.ndarray:
    """Flag a run's end and the six points before it."""
    part = np.zeros(len(ends), dtype=bool)
    for i in np.flatnonzero(ends):
        part[max(0, i - RUN + 1):i + 1] = True
    return part


def point_types(values, limits: Limits, polarity: str) -> tuple[np.ndarray, np.ndarray]:
    """Each point's special-cause rule (or "") and its type by polarity, rules in SPEC order."""
    values = np.asarray(values, dtype=float)
    above = values > limits.mean
    trend = trend_points(values)
    rules = [(beyond_limits(values, limits), np.where(above, 1, -1), "beyond limit"),
             (trend != 0, trend, "trend"),
             (two_in_three_points(values, limits), np.where(above, 1, -1), "two in three"),
             (shift_points(values, limits), np.where(above, 1, -1), "shift")]
    rule = np.full(len(values), "", dtype=object)
    direction = np.zeros(len(values))
    for flagged, sign, name in rules:
        fresh = flagged & (rule == "")
        rule[fresh] = name
        direction[fresh] = sign[fresh]
    return rule, _type_by_polarity(direction, polarity)


def _type_by_polarity(direction: np.ndarray, polarity: str) -> np.ndarray:
    if polarity == "none":
        return np.select([direction > 0, direction < 0], [NEUTRAL_HIGH, NEUTRAL_LOW], COMMON)
    good = direction * (-1 if polarity == "lower_is_better" else 1)
    return np.select([good > 0, good < 0], [IMPROVEMENT, CONCERN], COMMON)


def assurance(target: float | None, limits: Limits, polarity: str) -> str | None:
    """Will the process meet the target? From the last limits; None without target or polarity."""
    if target is None or np.isnan(target) or polarity == "none":
        return None
    higher = polarity == "higher_is_better"
    if target > limits.upper:
        return FAILING if higher else PASSING
    if target < limits.lower:
        return PASSING if higher else FAILING
    return HIT_AND_MISS


def spc_table(series: pd.DataFrame, polarity: str, *, screen_outliers: bool = True,
              fix_after: int | None = None, rebase_periods=()) -> pd.DataFrame:
    """One row per non-missing point of a series (columns period, value, optional target).

    Each rebase period starts a new group with its own limits; ``fix_after`` fixes each group's
    limits from its first N points.
    """
    points = series[series["value"].notna()].reset_index(drop=True)
    group = points["period"].isin(list(rebase_periods)).cumsum()
    parts = [_spc_group(part, polarity, screen_outliers, fix_after)
             for _, part in points.groupby(group, sort=True)]
    if not parts:
        return pd.DataFrame(columns=SPC_COLUMNS)
    return pd.concat(parts, ignore_index=True)


SPC_COLUMNS = ["period", "value", "mean", "lower_limit", "upper_limit", "special_cause",
               "point_type", "rule", "near_lower", "near_upper", "trial_limits"]


def _spc_group(part: pd.DataFrame, polarity: str, screen: bool, fix_after) -> pd.DataFrame:
    values = part["value"].to_numpy(dtype=float)
    limits = xmr_limits(values, screen, fix_after)
    rule, kinds = point_types(values, limits, polarity)
    return pd.DataFrame({
        "period": part["period"].to_numpy(), "value": values, "mean": limits.mean,
        "lower_limit": limits.lower, "upper_limit": limits.upper,
        "special_cause": kinds != COMMON, "point_type": kinds, "rule": rule,
        "near_lower": limits.near_lower, "near_upper": limits.near_upper,
        "trial_limits": limits.trial})


def summary(table: pd.DataFrame, target: float | None, polarity: str) -> dict:
    """The variation icon (last point) and assurance icon (last limits) of a computed table."""
    if table.empty:
        return {"variation": None, "assurance": None, "trial_limits": None}
    last = table.iloc[-1]
    limits = Limits(float(last["mean"]), (last["upper_limit"] - last["mean"]) / LIMIT,
                    bool(last["trial_limits"]))
    return {"variation": VARIATION_WORDS[last["point_type"]],
            "assurance": assurance(target, limits, polarity),
            "trial_limits": bool(last["trial_limits"])}
