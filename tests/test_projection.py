"""Path to green on series whose crossing is known exactly."""

import numpy as np
import pytest

from pmf_core.rules import projection
from pmf_core.rules.periods import Period, month_index, parse_period
from pmf_core.rules.projection import NOT_ON_COURSE, ON_COURSE, ON_TARGET, TOO_FEW

OCT_2026 = month_index(2026, 10)


def path_to_green(values, last_end, frequency, target, polarity, as_at=None):
    """The rule, seen as at the month of the last value unless another is given."""
    return projection.path_to_green(
        values, last_end, frequency, target, polarity, as_at=last_end if as_at is None else as_at
    )


def test_an_exact_line_meets_the_target_when_arithmetic_says():
    # 50, 52, ..., 68 (Jan to Oct 2026): +2 a month reaches 80 six months after 68: Apr 2027
    values = 50 + 2 * np.arange(10)
    result = path_to_green(values, OCT_2026, "monthly", 80, "higher_is_better")
    assert (result.verdict, result.projected) == (ON_COURSE, "Apr 2027")
    assert result.earliest == result.latest == "Apr 2027"  # no noise, no uncertainty
    assert round(result.slope, 6) == 2


def test_lower_is_better_and_quarters():
    # 40, 38, ..., 30 by quarter to 2026/27 Q2; -2 a quarter reaches 24 three quarters later
    values = 40 - 2 * np.arange(6)
    result = path_to_green(values, OCT_2026 - 1, "quarterly", 24, "lower_is_better")
    assert (result.verdict, result.projected) == (ON_COURSE, "Q1 2027/28")


def test_noise_widens_the_interval_around_the_projection():
    rng = np.random.default_rng(4)
    values = 50 + 2 * np.arange(12) + rng.normal(0, 2, 12)
    result = path_to_green(values, OCT_2026, "monthly", 80, "higher_is_better")
    order = [
        month_index(
            int(label[-4:]),
            [
                "Jan",
                "Feb",
                "Mar",
                "Apr",
                "May",
                "Jun",
                "Jul",
                "Aug",
                "Sep",
                "Oct",
                "Nov",
                "Dec",
            ].index(label[:3])
            + 1,
        )
        for label in (result.earliest, result.projected, result.latest)
    ]
    assert result.verdict == ON_COURSE and order[0] < order[2]
    assert order[0] <= order[1] <= order[2]


def test_a_trend_pointing_away_is_not_on_course():
    values = 70 - np.arange(10)
    assert (
        path_to_green(values, OCT_2026, "monthly", 80, "higher_is_better").verdict == NOT_ON_COURSE
    )


def test_on_target_and_too_few_points():
    assert path_to_green([70, 85], OCT_2026, "monthly", 80, "higher_is_better").verdict == ON_TARGET
    assert (
        path_to_green([60, 62, 64], OCT_2026, "monthly", 80, "higher_is_better").verdict == TOO_FEW
    )


def test_each_verdict_says_why_in_words():
    away = path_to_green(70 - np.arange(10), OCT_2026, "monthly", 80, "higher_is_better")
    assert away.sentence() == (
        "Not on course at the current trend: the trend of the last 10 "
        "values is moving away from the target"
    )
    slow = path_to_green(50 + 0.1 * np.arange(12), OCT_2026, "monthly", 80, "higher_is_better")
    assert slow.sentence() == (
        "Not on course at the current trend: the target is not met within three years"
    )  # 0.1 a month: 290 months away
    assert path_to_green([60, 61, 62], OCT_2026, "monthly", 80, "higher_is_better").sentence() == (
        "Too few points to project: 3 recent values, 6 needed"
    )
    assert (
        path_to_green(np.arange(10), OCT_2026, "monthly", None, "higher_is_better")
        .sentence()
        .endswith("no target to project towards")
    )
    assert (
        path_to_green(np.arange(10), OCT_2026, "monthly", 80, "none")
        .sentence()
        .endswith("the measure has no good direction")
    )
    assert (
        path_to_green([70, 85], OCT_2026, "monthly", 80, "higher_is_better").sentence()
        == "On target"
    )


def test_the_horizon_is_three_years_whatever_the_frequency():
    # One more a period from 60 towards 80: the line meets 80 about 9 periods after the last of
    # 12 values. Monthly that is 9 months; quarterly 27 months; yearly 9 years, too far.
    rising = 60 + np.arange(12, dtype=float)
    assert path_to_green(rising, OCT_2026, "monthly", 80, "higher_is_better").verdict == ON_COURSE
    assert path_to_green(rising, OCT_2026, "quarterly", 80, "higher_is_better").verdict == ON_COURSE
    yearly = path_to_green(rising, OCT_2026, "annual", 80, "higher_is_better")
    assert yearly.sentence() == (
        "Not on course at the current trend: the target is not met within three years"
    )
    # Quarterly, 13 quarters after the last value (0.7 a quarter from 70.9): beyond 36 months.
    slow = path_to_green(63.2 + 0.7 * np.arange(12), OCT_2026, "quarterly", 80, "higher_is_better")
    assert slow.verdict == NOT_ON_COURSE


def test_missing_values_are_skipped():
    values = [50, np.nan, 52, 54, np.nan, 56, 58, 60, 62, 64, 66, 68]
    result = path_to_green(values, OCT_2026, "monthly", 80, "higher_is_better")
    assert result.verdict == ON_COURSE and result.projected == "Apr 2027"


def test_many_at_once_equal_each_series_projected_alone(demo_store):
    from pmf_core.analysis import history
    from pmf_core.analysis.status import status_as_at
    from pmf_core.store import reads

    rows = status_as_at(demo_store, OCT_2026, rags=["Red", "Amber"])
    together = history.paths_to_green(demo_store, rows, OCT_2026)
    assert set(together) == set(rows["indicator_id"])
    for row in rows.itertuples():
        series = reads.series(demo_store, row.indicator_id)
        series = series[series["end_index"] <= OCT_2026]
        if row.accumulation == "year_to_date":  # its year-end forecast, by last year's shape
            forecast = row.value * row.last_year_end_value / row.last_year_value
            assert together[row.indicator_id].forecast == pytest.approx(forecast)
            continue
        target, polarity = row.target, row.polarity
        if polarity == "within_range":  # towards the nearer bound, from its side
            above = row.value > row.target_upper
            target = row.target_upper if above else row.target
            polarity = "lower_is_better" if above else "higher_is_better"
        alone = path_to_green(
            series["value"].to_numpy(dtype=float),
            int(series["end_index"].iloc[-1]),
            row.frequency,
            target,
            polarity,
            OCT_2026,
        )
        assert together[row.indicator_id] == alone, row.indicator_id


def test_a_line_already_past_the_target_gives_no_date_in_the_past():
    # 60, 70, 80, 90, 100, 70 (May to Oct 2026), target 85. By hand: t = 0..5, mean t 2.5,
    # mean value 470/6 = 78.33; sum (t - 2.5) * value = -150 - 105 - 40 + 45 + 150 + 175 = 75,
    # sum (t - 2.5)^2 = 17.5: slope 75 / 17.5 = 4.286 a month, intercept 78.33 - 2.5 * 4.286 =
    # 67.62. The line meets 85 at t = (85 - 67.62) / 4.286 = 4.06, so in the period at t = 5:
    # Oct 2026 itself, while Oct's value (70) is short of 85. No date after Oct 2026 to expect.
    result = path_to_green([60, 70, 80, 90, 100, 70], OCT_2026, "monthly", 85, "higher_is_better")
    assert (result.verdict, result.projected) == (NOT_ON_COURSE, None)
    assert result.sentence() == (
        "Not on course at the current trend: its line passed the target "
        "in Oct 2026, not after Oct 2026, yet the latest value is still "
        "short of it"
    )


def test_a_projected_date_must_end_after_the_as_at_month():
    # 50, 52, ..., 68 ending Jun 2026: +2 a month meets 80 six months on, in Dec 2026. As at
    # Oct or Nov 2026 that is ahead; as at Dec 2026 or Jan 2027 (no return since June) it is not.
    june = month_index(2026, 6)
    values = 50 + 2 * np.arange(10)
    for as_at in (month_index(2026, 10), month_index(2026, 11)):
        ahead = path_to_green(values, june, "monthly", 80, "higher_is_better", as_at)
        assert (ahead.verdict, ahead.projected) == (ON_COURSE, "Dec 2026"), as_at
    for as_at in (month_index(2026, 12), month_index(2027, 1)):
        behind = path_to_green(values, june, "monthly", 80, "higher_is_better", as_at)
        assert behind.verdict == NOT_ON_COURSE, as_at
        assert "passed the target in Dec 2026, not after" in behind.sentence()


def test_a_projection_outside_its_own_interval_is_not_believed():
    # Positions on the line: the last value at 11 (Oct 2026), one a month after it.
    when = projection._PeriodsAhead(Period(OCT_2026, "monthly"), 11)
    inside = projection.judged(projection.Crossing(14, 12, 16, 1.0), when, OCT_2026)
    assert (inside.verdict, inside.projected, inside.earliest, inside.latest) == (
        ON_COURSE,
        "Jan 2027",
        "Nov 2026",
        "Mar 2027",
    )
    beyond = projection.judged(projection.Crossing(14, 12, None, 1.0), when, OCT_2026)
    assert beyond.sentence().endswith("(80% interval Nov 2026 to beyond three years)")
    for earliest, latest in ((15, None), (12, 13), (None, None)):
        outside = projection.judged(projection.Crossing(14, earliest, latest, 1.0), when, OCT_2026)
        assert outside.verdict == NOT_ON_COURSE, (earliest, latest)
        assert "Jan 2027, outside its own 80% interval" in outside.sentence()


def _month(label: str) -> int:
    """ "Jan 2027" as a month index (a second reading of the labels, for the check below)."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return month_index(int(label[-4:]), months.index(label[:3]) + 1)


def test_every_on_course_date_is_ahead_and_inside_its_interval():
    rng = np.random.default_rng(22)
    seen = 0
    for _ in range(150):
        values = 50 + rng.uniform(-1, 3) * np.arange(12) + rng.normal(0, 6, 12)
        last_end = OCT_2026 - int(rng.integers(0, 6))
        result = path_to_green(values, last_end, "monthly", 80, "higher_is_better", OCT_2026)
        if result.verdict != ON_COURSE:
            continue
        seen += 1
        projected, earliest = _month(result.projected), _month(result.earliest)
        assert projected > OCT_2026 and earliest <= projected, result
        assert result.latest is None or projected <= _month(result.latest), result
    assert seen > 20  # the check saw many projections, not none


def test_a_weekly_trend_is_projected_in_weeks():
    # 12 weeks rising 1 a week to 71 in w/e 1 Nov 2026 (2026-W44); 80 is met 9 weeks later,
    # w/e 3 Jan 2027 (2026-W53), on a straight line worked by hand.
    last = parse_period("2026-W44", "weekly")
    result = projection.path_to_green(
        60 + np.arange(12.0), last, "weekly", 80, "higher_is_better", as_at=month_index(2026, 11)
    )
    assert result.verdict == ON_COURSE
    assert result.projected == "w/e 3 Jan 2027"


def test_the_t_quantiles_are_scipys():
    from scipy.stats import t

    degrees = range(projection.MIN_POINTS - 2, projection.RECENT_POINTS - 1)
    assert sorted(projection.T_80) == list(degrees)
    for df in degrees:
        assert projection.T_80[df] == pytest.approx(t.ppf(0.9, df), rel=1e-12)


def test_the_line_and_its_band_are_statsmodels_ols():
    """A second implementation: statsmodels' OLS and its 80% interval for the mean, on 300
    random series of every length the rule fits, at the positions it projects to."""
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools import add_constant

    rng = np.random.default_rng(2026)
    for _ in range(300):
        n = int(rng.integers(projection.MIN_POINTS, projection.RECENT_POINTS + 1))
        y = rng.normal(50, 10) + rng.normal(0, 3) * np.arange(n) + rng.normal(0, 5, n)
        fit = OLS(y, add_constant(np.arange(n, dtype=float))).fit()
        future = np.arange(n, n + 36, dtype=float)
        frame = fit.get_prediction(add_constant(future, has_constant="add")).summary_frame(
            alpha=0.2
        )
        line = projection.fitted_line(y)
        assert (line.intercept, line.slope) == pytest.approx(tuple(fit.params), rel=1e-9)
        middle, half = line.at(future), line.band(future)
        np.testing.assert_allclose(middle - half, frame["mean_ci_lower"], rtol=1e-9)
        np.testing.assert_allclose(middle + half, frame["mean_ci_upper"], rtol=1e-9)
