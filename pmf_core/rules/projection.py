"""Path to green: when the recent trend would meet the target, and how sure we can be.

A straight line is fitted to the recent values by least squares; the projection is where the line
crosses the target, and the interval is where the band of the line's 80 % confidence interval
crosses it (the textbook interval for the mean of a simple regression, as statsmodels' OLS gives
it: the tests compare the two). A trend pointing away from the target is "not on course", whatever
the action plan says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
# Student's t at 0.9 (an 80% two-sided interval) for the degrees of freedom a line through
# MIN_POINTS to RECENT_POINTS values has (n - 2): seven constants in place of importing scipy
# in every process (0.7 s); tests check them against scipy.stats.t.
T_80 = {
    4: 1.533206274058944,
    5: 1.4758840488244815,
    6: 1.4397557472651483,
    7: 1.4149239276505086,
    8: 1.3968153097438654,
    9: 1.3830287383966329,
    10: 1.372183641110336,
}


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


@dataclass(frozen=True)
class Line:
    """A least-squares line through values at positions 0, 1, ...; ``band`` is the half-width
    of its 80% confidence interval for the mean at given positions."""

    intercept: float
    slope: float
    spread: float  # the residual standard error
    n: int

    def at(self, t: np.ndarray) -> np.ndarray:
        return self.intercept + self.slope * t

    def band(self, t: np.ndarray) -> np.ndarray:
        centre = (self.n - 1) / 2
        sxx = self.n * (self.n * self.n - 1) / 12  # sum of (i - centre)^2 for i < n
        error = self.spread * np.sqrt(1 / self.n + (t - centre) ** 2 / sxx)
        return T_80[self.n - 2] * error


def fitted_line(y: np.ndarray) -> Line:
    """The least-squares line through the values, taken at positions 0 to n - 1."""
    n = len(y)
    t = np.arange(n, dtype=float)
    centred = t - (n - 1) / 2  # the sums of centred positions keep an exact line exact
    slope = float(centred @ (y - y.mean()) / (centred @ centred))
    intercept = float(y.mean() - slope * (n - 1) / 2)
    residuals = y - (intercept + slope * t)
    spread = float(np.sqrt(residuals @ residuals / (n - 2)))
    return Line(intercept, slope, spread, n)


def _fitted(y: np.ndarray, target: float, better: int, horizon: int) -> Crossing | PathToGreen:
    """A straight line through the values and where it and its 80% confidence band meet the
    target; a PathToGreen saying why when the line moves away or is too slow."""
    line = fitted_line(y)
    if line.slope * better <= 0:
        return PathToGreen(
            NOT_ON_COURSE,
            slope=line.slope,
            reason=f"the trend of the last {len(y)} values is moving away from the target",
        )
    future = np.arange(len(y), len(y) + horizon, dtype=float)
    crossing = (target - line.intercept) / line.slope
    if crossing > future[-1]:
        return PathToGreen(
            NOT_ON_COURSE, slope=line.slope, reason=f"the target is not met within {HORIZON_WORDS}"
        )
    middle, half = line.at(future), line.band(future)
    optimistic, pessimistic = middle + better * half, middle - better * half
    return Crossing(
        int(np.ceil(crossing)),
        _first(future, (optimistic - target) * better >= 0),
        _first(future, (pessimistic - target) * better >= 0),
        line.slope,
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
