"""Path to green on series whose crossing is known exactly."""
import numpy as np

from pmf_core.rules.periods import month_index
from pmf_core.rules.projection import NOT_ON_COURSE, ON_COURSE, ON_TARGET, TOO_FEW, path_to_green

OCT_2026 = month_index(2026, 10)


def test_an_exact_line_meets_the_target_when_arithmetic_says():
    # 50, 52, ..., 68 (Jan to Oct 2026): +2 a month reaches 80 six months after 68: Apr 2027
    values = 50 + 2 * np.arange(10)
    result = path_to_green(values, OCT_2026, "monthly", 80, "higher_is_better")
    assert (result.verdict, result.projected) == (ON_COURSE, "Apr 2027")
    assert result.earliest == result.latest == "Apr 2027"   # no noise, no uncertainty
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
    order = [month_index(int(label[-4:]), ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                           "Sep", "Oct", "Nov", "Dec"].index(label[:3]) + 1)
             for label in (result.earliest, result.projected, result.latest)]
    assert result.verdict == ON_COURSE and order[0] < order[2]
    assert order[0] <= order[1] <= order[2]


def test_a_trend_pointing_away_is_not_on_course():
    values = 70 - np.arange(10)
    assert path_to_green(values, OCT_2026, "monthly", 80, "higher_is_better").verdict == \
        NOT_ON_COURSE


def test_on_target_and_too_few_points():
    assert path_to_green([70, 85], OCT_2026, "monthly", 80, "higher_is_better").verdict == \
        ON_TARGET
    assert path_to_green([60, 62, 64], OCT_2026, "monthly", 80,
                         "higher_is_better").verdict == TOO_FEW


def test_each_verdict_says_why_in_words():
    away = path_to_green(70 - np.arange(10), OCT_2026, "monthly", 80, "higher_is_better")
    assert away.sentence() == ("Not on course: the trend of the last 10 values is moving away "
                               "from the target")
    slow = path_to_green(50 + 0.1 * np.arange(12), OCT_2026, "monthly", 80, "higher_is_better")
    assert slow.sentence() == ("Not on course: at the recent rate the target is not met "
                               "within three years")            # 0.1 a month: 290 months away
    assert path_to_green([60, 61, 62], OCT_2026, "monthly", 80,
                         "higher_is_better").sentence() == ("Too few points to project: "
                                                            "3 recent values, 6 needed")
    assert path_to_green(np.arange(10), OCT_2026, "monthly", None,
                         "higher_is_better").sentence().endswith("no target to project towards")
    assert path_to_green(np.arange(10), OCT_2026, "monthly", 80,
                         "none").sentence().endswith("the measure has no good direction")
    assert path_to_green([70, 85], OCT_2026, "monthly", 80,
                         "higher_is_better").sentence() == "On target"


def test_the_horizon_is_three_years_whatever_the_frequency():
    # One more a period from 60 towards 80: the line meets 80 about 9 periods after the last of
    # 12 values. Monthly that is 9 months; quarterly 27 months; yearly 9 years, too far.
    rising = 60 + np.arange(12, dtype=float)
    assert path_to_green(rising, OCT_2026, "monthly", 80, "higher_is_better").verdict == \
        ON_COURSE
    assert path_to_green(rising, OCT_2026, "quarterly", 80, "higher_is_better").verdict == \
        ON_COURSE
    yearly = path_to_green(rising, OCT_2026, "annual", 80, "higher_is_better")
    assert yearly.sentence() == ("Not on course: at the recent rate the target is not met "
                                 "within three years")
    # Quarterly, 13 quarters after the last value (0.7 a quarter from 70.9): beyond 36 months.
    slow = path_to_green(63.2 + 0.7 * np.arange(12), OCT_2026, "quarterly", 80,
                         "higher_is_better")
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
        alone = path_to_green(series["value"].to_numpy(dtype=float),
                              int(series["end_index"].iloc[-1]), row.frequency, row.target,
                              row.polarity)
        assert together[row.indicator_id] == alone, row.indicator_id
