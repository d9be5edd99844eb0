"""Statistical process control, "Making Data Count" style.

The rules follow the NHS-R package NHSRplotthedots, so results match what analysts already get:
XmR limits with moving-range screening, then four special-cause rules in order (beyond a limit,
a seven-point trend, two of three near a limit, seven points one side of the mean). Every rule
works on many series at once (contiguous groups of points), so the status of two thousand
indicators costs one pass; a single series is one group. Drawing lives in ``charts``.
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
VARIATION_WORDS = {
    COMMON: "Common cause",
    IMPROVEMENT: "Special cause improving",
    CONCERN: "Special cause concerning",
    NEUTRAL_HIGH: "Special cause neither",
    NEUTRAL_LOW: "Special cause neither",
}
PASSING, FAILING, HIT_AND_MISS = "Consistently passing", "Consistently failing", "Hit and miss"
# The Making Data Count variation icons: which kind of cause, and on which side of the mean.
COMMON_ICON = "Common cause"
VARIATION_ICONS = (
    COMMON_ICON,
    "Improvement (high)",
    "Improvement (low)",
    "Concern (high)",
    "Concern (low)",
    "Neither (high)",
    "Neither (low)",
)
_HIGH_SIDE = {
    "higher_is_better": {IMPROVEMENT: True, CONCERN: False},
    "lower_is_better": {IMPROVEMENT: False, CONCERN: True},
}
_KIND_WORD = {
    IMPROVEMENT: "Improvement",
    CONCERN: "Concern",
    NEUTRAL_HIGH: "Neither",
    NEUTRAL_LOW: "Neither",
}
SPC_COLUMNS = [
    "period",
    "value",
    "mean",
    "lower_limit",
    "upper_limit",
    "special_cause",
    "point_type",
    "rule",
    "near_lower",
    "near_upper",
    "trial_limits",
]


def limit_lines(mean, mean_moving_range):
    """Process limits and near-limit lines around the mean: (lower, upper, near_lower,
    near_upper), for one series or every point of many."""
    return (
        mean - LIMIT * mean_moving_range,
        mean + LIMIT * mean_moving_range,
        mean - NEAR_LIMIT * mean_moving_range,
        mean + NEAR_LIMIT * mean_moving_range,
    )


@dataclass(frozen=True)
class Limits:
    """One series' limits, for a notebook or a scheduled job (``xmr_limits``)."""

    mean: float
    mean_moving_range: float
    trial: bool
    lower: float
    upper: float
    near_lower: float
    near_upper: float


class Groups:
    """Contiguous groups of points (one per series, or per rebased stretch of a series)."""

    def __init__(self, codes):
        self.codes = np.asarray(codes)
        n = len(self.codes)
        self.first = np.ones(n, dtype=bool)
        self.first[1:] = self.codes[1:] != self.codes[:-1]
        self.last = np.ones(n, dtype=bool)
        self.last[:-1] = self.first[1:]
        self.ids = np.cumsum(self.first) - 1
        self.position = np.arange(n) - np.flatnonzero(self.first)[self.ids] if n else self.ids

    def previous(self, values, fill):
        out = np.roll(np.asarray(values), 1)
        return np.where(self.first, fill, out)

    def following(self, values, fill, step: int = 1):
        out = np.asarray(values)
        for _ in range(step):
            out = np.where(self.last, fill, np.roll(out, -1))
        return out

    def mean(self, values, mask) -> np.ndarray:
        """Mean of values where mask holds, per group, broadcast back to every point."""
        weights = np.bincount(self.ids, weights=np.where(mask, values, 0.0))
        counts = np.bincount(self.ids, weights=mask.astype(float))
        with np.errstate(invalid="ignore", divide="ignore"):
            return (weights / counts)[self.ids]

    def run_lengths(self, keys) -> np.ndarray:
        """Length of the run of equal keys (within a group) that each point belongs to."""
        change = self.first | (np.asarray(keys) != self.previous(keys, np.nan))
        runs = np.cumsum(change) - 1
        return np.bincount(runs)[runs]


def _limits(values, groups: Groups, screen: bool, fix_after: int | None):
    """Per-point mean and mean moving range from each group's baseline."""
    baseline = groups.position < (fix_after or np.iinfo(np.int64).max)
    mean = groups.mean(values, baseline)
    moving = np.abs(values - groups.previous(values, np.nan))
    usable = baseline & ~groups.first
    average = groups.mean(np.nan_to_num(moving), usable)
    if screen:
        kept = usable & (moving < SCREEN * average)
        screened = groups.mean(np.nan_to_num(moving), kept)
        average = np.where(np.isnan(screened), average, screened)
    size = np.bincount(groups.ids, weights=baseline.astype(float))[groups.ids]
    return mean, average, size < TRIAL_BELOW


def beyond_limits(values, lower, upper) -> np.ndarray:
    return (values > upper) | (values < lower)


def trend_directions(values, groups: Groups) -> np.ndarray:
    """+1/-1 for each point in a run of 7 each strictly above (below) the one before."""
    step = np.sign(values - groups.previous(values, np.nan))
    step = np.where(groups.first, 0, step)
    qualifying = (step != 0) & (groups.run_lengths(step) >= RUN - 1)
    part = qualifying | groups.following(qualifying, False)
    right = groups.following(step, 0)
    use_right = part & groups.following(part, False)
    return np.where(part, np.where(use_right, right, step), 0)


def two_in_three(values, mean, near_lower, near_upper, beyond, groups: Groups) -> np.ndarray:
    """Near-limit points that are two of three consecutive points all on one side of the mean."""
    side = np.sign(values - mean)
    near = ~beyond & ((values > near_upper) | (values < near_lower))
    windows = np.zeros(len(values), dtype=bool)  # the window starting at each point qualifies
    complete = groups.following(np.ones(len(values), bool), False, 2)
    near_count = (
        near.astype(int)
        + groups.following(near.astype(int), 0)
        + groups.following(near.astype(int), 0, 2)
    )
    side_sum = side + groups.following(side, 0) + groups.following(side, 0, 2)
    windows = complete & (near_count >= 2) & (np.abs(side_sum) == 3)
    covered = (
        windows
        | groups.previous(windows, False)
        | groups.previous(groups.previous(windows, False), False)
    )
    return near & covered


def shift_points(values, mean, groups: Groups) -> np.ndarray:
    """Points in a run of 7 or more on one side of the mean (a point on the mean breaks it)."""
    side = np.sign(values - mean)
    return (side != 0) & (groups.run_lengths(side) >= RUN)


def classify(
    values, groups: Groups, polarity, screen: bool = True, fix_after: int | None = None
) -> pd.DataFrame:
    """Limits, the first rule that flags each point, and its type by polarity (per point)."""
    values = np.asarray(values, dtype=float)
    mean, average, trial = _limits(values, groups, screen, fix_after)
    lower, upper, near_lower, near_upper = limit_lines(mean, average)
    above = np.where(values > mean, 1, -1)
    beyond = beyond_limits(values, lower, upper)
    trend = trend_directions(values, groups)
    rules = [
        (beyond, above, "beyond limit"),
        (trend != 0, trend, "trend"),
        (two_in_three(values, mean, near_lower, near_upper, beyond, groups), above, "two in three"),
        (shift_points(values, mean, groups), above, "shift"),
    ]
    rule = np.full(len(values), "", dtype=object)
    direction = np.zeros(len(values))
    for flagged, sign, name in rules:
        fresh = flagged & (rule == "")
        rule[fresh] = name
        direction[fresh] = sign[fresh]
    kinds = _type_by_polarity(direction, np.asarray(polarity, dtype=object))
    return pd.DataFrame(
        {
            "value": values,
            "mean": mean,
            "lower_limit": lower,
            "upper_limit": upper,
            "special_cause": kinds != COMMON,
            "point_type": kinds,
            "rule": rule,
            "near_lower": near_lower,
            "near_upper": near_upper,
            "trial_limits": trial,
        }
    )


def _type_by_polarity(direction: np.ndarray, polarity: np.ndarray) -> np.ndarray:
    good = direction * np.where(polarity == "lower_is_better", -1, 1)
    return np.select(
        [
            (polarity == "none") & (direction > 0),
            (polarity == "none") & (direction < 0),
            (polarity != "none") & (good > 0),
            (polarity != "none") & (good < 0),
        ],
        [NEUTRAL_HIGH, NEUTRAL_LOW, IMPROVEMENT, CONCERN],
        COMMON,
    )


def xmr_limits(values, screen_outliers: bool = True, fix_after: int | None = None) -> Limits:
    """The limits of one series (its first ``fix_after`` points as the baseline)."""
    values = np.asarray(values, dtype=float)
    mean, average, trial = _limits(
        values, Groups(np.zeros(len(values))), screen_outliers, fix_after
    )
    mean, average = float(mean[0]), float(average[0])
    return Limits(mean, average, bool(trial[0]), *limit_lines(mean, average))


def spc_table(
    series: pd.DataFrame,
    polarity: str,
    *,
    screen_outliers: bool = True,
    fix_after: int | None = None,
    rebase_periods=(),
) -> pd.DataFrame:
    """One row per non-missing point of a series (columns period, value).

    Each rebase period starts a new group with its own limits; ``fix_after`` fixes each group's
    limits from its first N points. Missing values are skipped, never read as zero.
    """
    points = series[series["value"].notna()].reset_index(drop=True)
    if points.empty:
        return pd.DataFrame(columns=SPC_COLUMNS)
    groups = Groups(points["period"].isin(list(rebase_periods)).cumsum().to_numpy())
    table = classify(
        points["value"].to_numpy(dtype=float),
        groups,
        spc_polarity(np.full(len(points), polarity or "none", dtype=object)),
        screen_outliers,
        fix_after,
    )
    table.insert(0, "period", points["period"].to_numpy())
    return table[SPC_COLUMNS]


def spc_polarity(polarity) -> np.ndarray:
    """The polarity SPC judges points by: a target range has no good side of the mean, so its
    special causes are neither improvement nor concern."""
    words = pd.Series(polarity, dtype=object).fillna("none")
    return words.where(words.isin(["higher_is_better", "lower_is_better"]), "none").to_numpy(
        dtype=object
    )


def assurance(target, upper, lower, polarity) -> np.ndarray:
    """Will the process meet the target? From the last limits; "" without target or polarity."""
    target, upper, lower = (np.asarray(x, dtype=float) for x in (target, upper, lower))
    polarity = np.asarray(polarity, dtype=object)
    higher = polarity == "higher_is_better"
    return np.select(
        [
            np.isnan(target)
            | (polarity == "none")
            | ~np.isin(polarity, ["higher_is_better", "lower_is_better"]),
            target > upper,
            target < lower,
        ],
        ["", np.where(higher, FAILING, PASSING), np.where(higher, PASSING, FAILING)],
        HIT_AND_MISS,
    )


def variation_icon(point_type: str, polarity: str | None) -> str:
    """The Making Data Count variation icon of a point: common cause, or improvement, concern
    or neither, high (above the mean) or low (below it)."""
    if point_type not in _KIND_WORD:
        return COMMON_ICON
    if point_type in (NEUTRAL_HIGH, NEUTRAL_LOW):
        high = point_type == NEUTRAL_HIGH
    else:
        high = _HIGH_SIDE.get(polarity or "none", {}).get(point_type, True)
    return f"{_KIND_WORD[point_type]} ({'high' if high else 'low'})"


def shift_start(table: pd.DataFrame):
    """The period of the first of the latest RUN or more points that all lie strictly on one
    side of their mean (the process may have shifted there), else None."""
    side = np.sign(table["value"].to_numpy(dtype=float) - table["mean"].to_numpy(dtype=float))
    if not len(side) or side[-1] == 0:
        return None
    other = np.flatnonzero(side != side[-1])
    start = other[-1] + 1 if len(other) else 0
    return table["period"].iloc[start] if len(side) - start >= RUN else None


def too_few_words(points: int) -> str:
    """What is shown instead of the icons when the limits stand on fewer than 12 points."""
    return f"too few points for SPC: {points} of {TRIAL_BELOW}"


def summary(table: pd.DataFrame, target: float | None, polarity: str) -> dict:
    """The variation icon (last point) and assurance icon (last limits) of one series, with
    whether its limits are trial ones and the period from which it may have shifted."""
    if table.empty:
        return {
            "variation": None,
            "icon": None,
            "assurance": None,
            "trial_limits": None,
            "shift_from": None,
        }
    last = table.iloc[-1]
    word = assurance(
        [np.nan if target is None else target],
        [last["upper_limit"]],
        [last["lower_limit"]],
        [polarity],
    )[0]
    return {
        "variation": VARIATION_WORDS[last["point_type"]],
        "icon": variation_icon(last["point_type"], polarity),
        "assurance": word or None,
        "trial_limits": bool(last["trial_limits"]),
        "shift_from": shift_start(table),
    }
