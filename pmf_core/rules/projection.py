"""Path to green: when the recent trend would meet the target, and how sure we can be.

A straight line is fitted to the recent values (statsmodels OLS); the projection is where the line
crosses the target, and the interval is where the band of the line's 80 % confidence interval
crosses it. A trend pointing away from the target is "not on course", whatever the action plan says.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from statsmodels.regression.linear_model import OLS
from statsmodels.tools import add_constant

from pmf_core.rules.periods import STEP_MONTHS, Period

RECENT_POINTS = 12
MIN_POINTS = 6
# How far ahead a trend may meet the target and still be on course: three years, in time (36
# quarters would be nine years).
HORIZON_MONTHS = 36
HORIZON_WORDS = "three years"
ON_TARGET, ON_COURSE, NOT_ON_COURSE, TOO_FEW = (
    "On target", "On course", "Not on course", "Too few points to project")


@dataclass(frozen=True)
class PathToGreen:
    verdict: str
    projected: str | None = None     # label of the period the trend meets the target
    earliest: str | None = None
    latest: str | None = None        # None with a projection: later than the horizon
    slope: float | None = None       # change per period
    reason: str | None = None        # why there is no projection

    def sentence(self) -> str:
        if self.verdict != ON_COURSE:
            return f"{self.verdict}: {self.reason}" if self.reason else self.verdict
        latest = self.latest or f"beyond {HORIZON_WORDS}"
        return (f"On course: the trend meets the target around {self.projected} "
                f"(80% interval {self.earliest} to {latest})")


def path_to_green(values, last_end: int, frequency: str, target: float | None,
                  polarity: str) -> PathToGreen:
    """Project the recent trend of a series (oldest first, ending at month index last_end)."""
    y = np.asarray(values, dtype=float)
    y = y[~np.isnan(y)][-RECENT_POINTS:]
    if target is None or np.isnan(target):
        return PathToGreen(NOT_ON_COURSE, reason="there is no target to project towards")
    if polarity not in ("higher_is_better", "lower_is_better"):
        return PathToGreen(NOT_ON_COURSE, reason="the measure has no good direction")
    better = 1 if polarity == "higher_is_better" else -1
    if len(y) and (y[-1] - target) * better >= 0:
        return PathToGreen(ON_TARGET)
    if len(y) < MIN_POINTS:
        return PathToGreen(TOO_FEW, reason=f"{len(y)} recent values, {MIN_POINTS} needed")
    t = np.arange(len(y), dtype=float)
    fit = OLS(y, add_constant(t)).fit()
    slope = float(fit.params[1])
    if slope * better <= 0:
        return PathToGreen(NOT_ON_COURSE, slope=slope, reason=f"the trend of the last {len(y)} "
                           "values is moving away from the target")
    horizon = HORIZON_MONTHS // STEP_MONTHS[frequency]
    future = np.arange(len(y), len(y) + horizon, dtype=float)
    band = fit.get_prediction(add_constant(future, has_constant="add")).summary_frame(
        alpha=0.2)
    crossing = (target - fit.params[0]) / slope
    if crossing > future[-1]:
        return PathToGreen(NOT_ON_COURSE, slope=slope, reason="at the recent rate the target "
                           f"is not met within {HORIZON_WORDS}")
    optimistic, pessimistic = (("mean_ci_upper", "mean_ci_lower") if better > 0
                               else ("mean_ci_lower", "mean_ci_upper"))
    when = _PeriodsAhead(last_end, len(y) - 1, frequency)
    return PathToGreen(ON_COURSE, when.label(float(np.ceil(crossing))),
                       when.label(_first(future, (band[optimistic] - target) * better >= 0)),
                       when.label(_first(future, (band[pessimistic] - target) * better >= 0)),
                       slope)


@dataclass(frozen=True)
class _PeriodsAhead:
    """Turns a position on the fitted line into the label of the period it falls in."""

    last_end: int
    last_position: int
    frequency: str

    def label(self, position: float | None) -> str | None:
        if position is None:
            return None
        ahead = int(position) - self.last_position
        return Period(self.last_end + ahead * STEP_MONTHS[self.frequency], self.frequency).label


def _first(times: np.ndarray, mask) -> float | None:
    hits = np.flatnonzero(np.asarray(mask))
    return float(times[hits[0]]) if len(hits) else None
