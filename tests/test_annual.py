"""A financial year's figures (pmf_core/analysis/annual.py) on frames made by hand: which period
stands for the year, the five-year trend and the direction against last year, each worked out
below from the rows given."""

import math

import pandas as pd

from pmf_core.analysis import annual
from pmf_core.rules.periods import month_index

# 2025/26 runs from April 2025 to March 2026.
APR_2025, MAR_2026 = month_index(2025, 4), month_index(2026, 3)


def m(year: int, month: int) -> int:
    return month_index(year, month)


# WAIT, monthly: Feb and Mar 2026 (30, 28), Mar 2025 (25), and only Jan 2023 in 2022/23 (26).
# TAX, annual: 2024/25 93.5 and 2025/26 95.0 (an annual period ends in March).
# LATE, annual: only 2023/24. NOTE: March 2026 has a row with no value (a missing return).
SERIES = pd.DataFrame(
    [
        ("WAIT", m(2023, 1), 26.0),
        ("WAIT", m(2025, 3), 25.0),
        ("WAIT", m(2026, 2), 30.0),
        ("WAIT", m(2026, 3), 28.0),
        ("WAIT", m(2026, 4), 99.0),  # April 2026 is the next year: never this year's figure
        ("TAX", m(2025, 3), 93.5),
        ("TAX", m(2026, 3), 95.0),
        ("LATE", m(2024, 3), 70.0),
        ("NOTE", m(2026, 2), 5.0),
        ("NOTE", m(2026, 3), float("nan")),
    ],
    columns=["indicator_id", "end_index", "value"],
)


def test_the_months_of_a_financial_year():
    assert annual.months_of(2025) == (APR_2025, MAR_2026)


def test_the_year_end_is_the_last_period_in_the_year_not_an_average():
    got = annual.year_end(SERIES, 2025)
    # WAIT: March 2026 (28), not Feb's 30 nor their mean 29, nor April 2026's 99. LATE has no
    # period in 2025/26. NOTE's March has no value: the year's return is that missing one.
    assert sorted(got.index) == ["NOTE", "TAX", "WAIT"]
    assert (got.loc["WAIT", "end_index"], got.loc["WAIT", "value"]) == (MAR_2026, 28.0)
    assert got.loc["TAX", "value"] == 95.0
    assert got.loc["NOTE", "end_index"] == MAR_2026 and math.isnan(got.loc["NOTE", "value"])


def test_a_year_missing_its_last_period_stands_at_its_latest_return():
    got = annual.year_end(SERIES, 2022)  # 2022/23: WAIT has only Jan 2023
    assert list(got.index) == ["WAIT"] and got.loc["WAIT", "value"] == 26.0


def test_five_years_of_year_end_values_oldest_first():
    got = annual.five_years(SERIES, ["WAIT", "TAX", "LATE", "NONE"], 2025)
    assert list(got.columns) == ["2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]
    assert list(got.index) == ["WAIT", "TAX", "LATE", "NONE"]
    nan = float("nan")
    expected = {
        "WAIT": [nan, 26.0, nan, 25.0, 28.0],
        "TAX": [nan, nan, nan, 93.5, 95.0],
        "LATE": [nan, nan, 70.0, nan, nan],
        "NONE": [nan] * 5,
    }
    for key, values in expected.items():
        row = got.loc[key].tolist()
        assert [v if not math.isnan(v) else "-" for v in row] == [
            v if not math.isnan(v) else "-" for v in values
        ], key


def status_row(indicator_id, end_index, value, polarity, rag="Green", decimals=0):
    """A status row as at March 2026, as much of it as the annual figures read."""
    return {
        "indicator_id": indicator_id,
        "end_index": end_index,
        "value": value,
        "polarity": polarity,
        "rag": rag,
        "decimals": decimals,
    }


def test_figures_judge_this_year_against_last_years_figure_by_polarity():
    status = pd.DataFrame(
        [
            # WAIT, lower is better: 28 in March 2026 against 25 in March 2025: worse.
            status_row("WAIT", MAR_2026, 28.0, "lower_is_better", "Red"),
            # TAX, higher is better: 95.0 against 93.5: better (at 1 decimal).
            status_row("TAX", MAR_2026, 95.0, "higher_is_better", "Amber", 1),
            # LATE's latest return as at March 2026 is 2023/24: no figure for the year.
            status_row("LATE", m(2024, 3), 70.0, "higher_is_better", "Green"),
        ]
    )
    got = annual.figures(status, SERIES, 2025).set_index("indicator_id")
    assert got["in_year"].to_dict() == {"WAIT": True, "TAX": True, "LATE": False}
    assert got.loc["WAIT", ["year_value", "last_year_end"]].tolist() == [28.0, 25.0]
    assert got.loc["TAX", ["year_value", "last_year_end"]].tolist() == [95.0, 93.5]
    assert got["dot_year"].to_dict() == {
        "WAIT": "Worsening",
        "TAX": "Improving",
        "LATE": "Not comparable",
    }
    assert got["rag"].to_dict() == {"WAIT": "Red", "TAX": "Amber", "LATE": "No data"}
    assert annual.has_data(got)
    assert not annual.has_data(got.loc[["LATE"]])


def test_a_change_inside_the_measures_decimals_is_the_same():
    series = pd.DataFrame(
        [("X", m(2025, 3), 50.04), ("X", m(2026, 3), 49.96)],
        columns=["indicator_id", "end_index", "value"],
    )
    status = pd.DataFrame([status_row("X", MAR_2026, 49.96, "higher_is_better", decimals=0)])
    # Both round to 50 at no decimals: the same, as the direction of travel reads everywhere.
    assert annual.figures(status, series, 2025)["dot_year"].tolist() == ["Same"]
