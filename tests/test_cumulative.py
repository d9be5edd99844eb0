"""Year-to-date measures: share of the year, which target applies, and the year-end forecast,
each against figures worked by hand."""

import numpy as np
import pandas as pd
import pytest

from pmf_core.rules import cumulative, projection
from pmf_core.rules.periods import month_index
from pmf_core.rules.rag import rag_status


def test_share_elapsed_counts_months_and_quarters_since_april():
    # April is 1 month of 12, October 7, March 12; a quarter ending September is 2 of 4.
    ends = [month_index(2026, m) for m in (4, 10, 12)] + [month_index(2027, 3)]
    assert cumulative.share_elapsed(ends).tolist() == [1 / 12, 7 / 12, 9 / 12, 1.0]
    assert cumulative.share_elapsed([month_index(2026, 9)])[0] == 0.5


def frame(**columns):
    """One status row with every target column empty unless given."""
    base = {
        "row_target": np.nan,
        "period_target": np.nan,
        "annual_target": np.nan,
        "period_upper": np.nan,
        "annual_upper": np.nan,
        "end_index": month_index(2026, 6),
        "accumulation": "year_to_date",
    }
    return pd.DataFrame([{**base, **columns}])


def test_a_profiled_target_wins_over_the_years():
    out = cumulative.resolve_targets(frame(period_target=28.7, annual_target=97.5)).iloc[0]
    assert (out["target"], out["target_basis"]) == (28.7, "profiled")


def test_without_a_profile_the_year_is_profiled_evenly():
    # June: 3 months of 12, so 97.5 x 3 / 12 = 24.375.
    out = cumulative.resolve_targets(frame(annual_target=97.5)).iloc[0]
    assert (out["target"], out["target_basis"]) == (24.375, "profiled evenly")


def test_a_measure_of_single_periods_keeps_the_years_target():
    out = cumulative.resolve_targets(frame(annual_target=97.5, accumulation="none")).iloc[0]
    assert (out["target"], out["target_basis"]) == (97.5, "for the year")


def test_the_rows_own_target_wins_over_both():
    out = cumulative.resolve_targets(
        frame(row_target=30.0, period_target=28.7, annual_target=97.5)
    ).iloc[0]
    assert (out["target"], out["target_basis"]) == (30.0, "from the extract")


@pytest.mark.parametrize(
    "value, target, expected",
    [
        # Profiled April target 10.9, 5 % tolerance: band 0.545. 10.4 is 0.5 short: Amber;
        # 10.3 is 0.6 short: Red; 10.9 is on it: Green.
        (10.4, 10.9, "Amber"),
        (10.3, 10.9, "Red"),
        (10.9, 10.9, "Green"),
        # Evenly profiled June: 24.375, shown and compared as 24.38; band 5 % = 1.219.
        # 23.2 is 1.18 short: Amber; 23.1 is 1.28 short: Red.
        (23.2, 24.375, "Amber"),
        (23.1, 24.375, "Red"),
    ],
)
def test_year_to_date_rag_against_the_period_target(value, target, expected):
    assert rag_status(value, target, "higher_is_better", decimals=2) == expected


def test_forecast_by_last_years_pattern():
    # October: 64.0 this year; last year 64.5 in October and 97.1 in March.
    # 64.0 x 97.1 / 64.5 = 96.347 (by hand: 97.1 / 64.5 = 1.50543, x 64 = 96.347).
    forecast, how = cumulative.year_end_forecast(64.0, 7 / 12, 64.5, 97.1)
    assert forecast == pytest.approx(96.347, abs=1e-3)
    assert how == "by last year's pattern"


def test_forecast_evenly_without_last_year():
    # October without last year: 56.0 / (7 / 12) = 96.0.
    forecast, how = cumulative.year_end_forecast(56.0, 7 / 12, None, 97.1)
    assert forecast == pytest.approx(96.0)
    assert how == "evenly over the year"


def test_year_end_path_compares_the_forecast_with_the_years_target():
    short = projection.year_end_path(64.0, 7 / 12, (64.5, 97.1), 97.5, "higher_is_better")
    assert short.verdict == projection.NOT_ON_COURSE
    assert short.sentence() == (
        "Not on course: the year-end forecast (by last year's pattern) is 96.3473 against "
        "the year's target of 97.5"
    )
    ahead = projection.year_end_path(58.0, 7 / 12, (None, None), 97.5, "higher_is_better")
    assert ahead.verdict == projection.ON_COURSE  # 58 x 12 / 7 = 99.43
    assert ahead.forecast == pytest.approx(99.428571, abs=1e-6)


def test_a_percentage_forecast_stops_at_100():
    # June at 30 % collected, evenly: 30 x 4 = 120, but no more than 100 can be collected.
    capped = projection.year_end_path(30.0, 0.25, (None, None), 97.5, "higher_is_better", most=100)
    assert capped.forecast == 100.0 and capped.verdict == projection.ON_COURSE


def test_a_year_end_path_needs_a_target_and_a_direction():
    no_target = projection.year_end_path(64.0, 7 / 12, (None, None), None, "higher_is_better")
    assert no_target.verdict == projection.NOT_ON_COURSE and no_target.forecast is None
    no_direction = projection.year_end_path(64.0, 7 / 12, (None, None), 97.5, "none")
    assert no_direction.verdict == projection.NOT_ON_COURSE
