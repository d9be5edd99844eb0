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

from pmf_core.rules.cumulative import year_end_forecast
from pmf_core.rules.periods import PERIODS_PER_YEAR, POSITION_STEP, Period, at_position

RECENT_POINTS = 12
MIN_POINTS = 6
# How far ahead a trend may meet the target and still be on course: three years, in time (36
# quarters would be nine years).
HORIZON_MONTHS = 36
HORIZON_WORDS = "three years"
ON_TARGET, ON_COURSE, NOT_ON_COURSE, TOO_FEW = (
    "On target",
    "On course",
    "Not on course",
    "Too few points to project",
)
AT_THE_TREND = "at the current trend"  # a verdict drawn from a fitted line says so


@dataclass(frozen=True)
class PathToGreen:
    verdict: str
    projected: str | None = None  # label of the period the trend meets the target
    earliest: str | None = None
    latest: str | None = None  # None with a projection: later than the horizon
    slope: float | None = None  # change per period
    reason: str | None = None  # why there is no projection
    forecast: float | None = None  # a year-to-date measure's year-end forecast

    def sentence(self) -> str:
        """The verdict in words; a verdict from a fitted trend (a slope) says so."""
        if self.forecast is not None:
            return f"{self.verdict}: {self.reason}"
        if self.verdict == ON_COURSE:
            latest = self.latest or f"beyond {HORIZON_WORDS}"
            return (
                f"On course: the trend meets the target around {self.projected} "
                f"(80% interval {self.earliest} to {latest})"
            )
        verdict = (
            f"{self.verdict} {AT_THE_TREND}"
            if self.verdict == NOT_ON_COURSE and self.slope is not None
            else self.verdict
        )
        return f"{verdict}: {self.reason}" if self.reason else verdict


def path_to_green(
    values,
    last_end: int | Period,
    frequency: str,
    target: float | None,
    polarity: str,
    *,
    as_at: int,
) -> PathToGreen:
    """Project the recent trend of a series (oldest first, its last value the period last_end,
    or the one ending at that month index) as seen at the month index as_at."""
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
    last = last_end if isinstance(last_end, Period) else Period(last_end, frequency)
    when = _PeriodsAhead(last, len(y) - 1)
    fitted = _fitted(y, target, better, HORIZON_MONTHS * PERIODS_PER_YEAR[frequency] // 12)
    if isinstance(fitted, PathToGreen):
        return fitted
    return judged(fitted, when, as_at)


def year_end_path(
    value: float,
    share: float,
    last_year: tuple[float | None, float | None],
    annual_target: float | None,
    polarity: str,
    figure=lambda v: f"{v:g}",
    most: float | None = None,
) -> PathToGreen:
    """A year-to-date measure's path to green: its year-end forecast against the year's
    target. ``last_year`` is last year's value at the same period and at its year end;
    ``figure`` writes a number as the measure shows it; ``most`` caps the forecast (a
    percentage collected cannot pass 100)."""
    if annual_target is None or np.isnan(annual_target):
        return PathToGreen(NOT_ON_COURSE, reason="there is no target for the year to compare with")
    if polarity not in ("higher_is_better", "lower_is_better"):
        return PathToGreen(NOT_ON_COURSE, reason="the measure has no good direction")
    forecast, how = year_end_forecast(value, share, *last_year)
    forecast = forecast if most is None else min(forecast, most)
    better = 1 if polarity == "higher_is_better" else -1
    verdict = ON_COURSE if (forecast - annual_target) * better >= 0 else NOT_ON_COURSE
    return PathToGreen(
        verdict,
        reason=f"the year-end forecast ({how}) is {figure(forecast)} against the year's "
        f"target of {figure(annual_target)}",
        forecast=forecast,
    )


@dataclass(frozen=True)
class Crossing:
    """Where the fitted line meets the target, as positions on it (0 is the first value):
    the line itself, then its 80% band's optimistic and pessimistic edges (None: not within
    the horizon)."""

    projected: int
    earliest: int | None
    latest: int | None
    slope: float


def _fitted(y: np.ndarray, target: float, better: int, horizon: int) -> Crossing | PathToGreen:
    """A straight line through the values (statsmodels OLS) and where it and its 80% confidence
    band meet the target; a PathToGreen saying why when the line moves away or is too slow."""
    t = np.arange(len(y), dtype=float)
    fit = OLS(y, add_constant(t)).fit()
    slope = float(fit.params[1])
    if slope * better <= 0:
        return PathToGreen(
            NOT_ON_COURSE,
            slope=slope,
            reason=f"the trend of the last {len(y)} values is moving away from the target",
        )
    future = np.arange(len(y), len(y) + horizon, dtype=float)
    band = fit.get_prediction(add_constant(future, has_constant="add")).summary_frame(alpha=0.2)
    crossing = (target - fit.params[0]) / slope
    if crossing > future[-1]:
        return PathToGreen(
            NOT_ON_COURSE, slope=slope, reason=f"the target is not met within {HORIZON_WORDS}"
        )
    optimistic, pessimistic = (
        ("mean_ci_upper", "mean_ci_lower") if better > 0 else ("mean_ci_lower", "mean_ci_upper")
    )
    return Crossing(
        int(np.ceil(crossing)),
        _first(future, (band[optimistic] - target) * better >= 0),
        _first(future, (band[pessimistic] - target) * better >= 0),
        slope,
    )


def judged(crossing: Crossing, when: _PeriodsAhead, as_at: int) -> PathToGreen:
    """A projected period stands only when it ends after the as-at month and lies inside its own
    80% interval; otherwise the trend gives no date to expect: not on course at the current
    trend (a line fitted through values short of the target that has already passed it)."""
    projected = when.label(crossing.projected)
    earliest, latest = when.label(crossing.earliest), when.label(crossing.latest)
    if when.end(crossing.projected) <= as_at:
        why = (
            f"its line passed the target in {projected}, not after "
            f"{Period(as_at, 'monthly').label}, yet the latest value is still short of it"
        )
    elif not (
        crossing.earliest is not None
        and crossing.earliest <= crossing.projected
        and (crossing.latest is None or crossing.projected <= crossing.latest)
    ):
        why = (
            f"its line meets the target in {projected}, outside its own 80% interval "
            f"({earliest} to {latest or 'beyond ' + HORIZON_WORDS})"
        )
    else:
        return PathToGreen(ON_COURSE, projected, earliest, latest, crossing.slope)
    return PathToGreen(NOT_ON_COURSE, slope=crossing.slope, reason=why)


@dataclass(frozen=True)
class _PeriodsAhead:
    """Turns a position on the fitted line into the period it falls in."""

    last: Period
    last_position: int

    def period(self, position: int) -> Period:
        """The period at a position on the line (the last value's is last_position)."""
        step = POSITION_STEP[self.last.frequency]
        ahead = self.last.position + (position - self.last_position) * step
        return at_position(ahead, self.last.frequency)

    def end(self, position: int) -> int:
        """The month index at which the period at a position ends."""
        return self.period(position).end

    def label(self, position: int | None) -> str | None:
        return None if position is None else self.period(position).label


def _first(times: np.ndarray, mask) -> int | None:
    hits = np.flatnonzero(np.asarray(mask))
    return int(times[hits[0]]) if len(hits) else None
