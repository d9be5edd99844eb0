"""A few reads against a small store, checked against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from pmf_core.ingest import load_bytes
from pmf_core.store import Store, reads
from tests.conftest import INDICATORS, TARGETS, csv_bytes

SEP_2020 = 2020 * 12 + 8  # month index: year * 12 + month - 1
OCT_2020 = 2020 * 12 + 9
SEP_2021 = 2021 * 12 + 8
OBSERVATIONS = """\
indicator_id,period,value,commentary
CIC,2020-09,64,
CIC,2020-10,70,Rising
FOST,2020-10,206,
CTX,2020-10,900,
HOMES,2021/22 Q2,60,
"""


def load(store, kind: str, text: str):
    report = load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "tester")
    assert report.ok, report.problems
    return report


@pytest.fixture(scope="module")
def observed(tmp_path_factory):
    """The small store with the observations above, made once: these tests only read it."""
    store = Store(tmp_path_factory.mktemp("reads") / "pmf.duckdb", wait_seconds=2)
    store.create()
    for kind, text in (
        ("indicators", INDICATORS),
        ("targets", TARGETS),
        ("observations", OBSERVATIONS),
    ):
        load(store, kind, text)
    return store


def test_an_empty_store_has_no_months_or_batches(store):
    assert reads.latest_month(store) is None
    assert reads.first_month(store) is None
    assert reads.monthly_returns(store).empty
    assert reads.batches(store).empty


def test_batches_newest_first_with_counts(observed):
    frame = reads.batches(observed)
    assert list(frame["kind"]) == ["observations", "targets", "indicators"]
    assert list(frame["rows_total"]) == [5, 5, 5]
    assert list(frame["rows_new"]) == [5, 5, 5]
    assert set(frame["status"]) == {"active"}
    assert set(frame["loaded_by"]) == {"tester"}
    assert list(frame["file_name"]) == ["observations.csv", "targets.csv", "indicators.csv"]


def test_latest_month_is_the_newest_monthly_not_a_later_quarter(observed):
    # HOMES's 2021/22 Q2 ends in September 2021, but the newest monthly return is October 2020.
    assert reads.latest_month(observed) == OCT_2020
    assert reads.first_month(observed) == SEP_2020


def test_latest_month_falls_back_to_any_frequency(small_store):
    load(small_store, "observations", "indicator_id,period,value\nHOMES,2021/22 Q2,60\n")
    assert reads.latest_month(small_store) == SEP_2021


def test_monthly_returns_count_monthly_indicators_per_month(observed):
    frame = reads.monthly_returns(observed)
    rows = [tuple(int(v) for v in row) for row in frame.itertuples(index=False)]
    assert rows == [(SEP_2020, 1, 3), (OCT_2020, 3, 3)]


def test_indicator_frequencies_are_the_loaded_ones(small_store):
    assert reads.indicator_frequencies(small_store) == {
        "CIC": "monthly",
        "FOST": "monthly",
        "HOMES": "quarterly",
        "ENG": "annual",
        "CTX": "monthly",
    }


def test_indicators_ordered_by_directorate_service_then_id(small_store):
    assert list(reads.indicators(small_store)["indicator_id"]) == [
        "ENG",
        "CTX",
        "HOMES",
        "CIC",
        "FOST",
    ]  # Housing: CTX before HOMES by id


def test_series_takes_the_years_target_and_orders_oldest_first(observed):
    frame = reads.series(observed, "CIC")
    assert list(frame["period"]) == ["2020-09", "2020-10"]
    assert list(frame["value"]) == [64.0, 70.0]
    # The targets that may apply, side by side: the year's, none profiled, none in the rows.
    assert list(frame["annual_target"]) == [60.0, 60.0]
    assert frame["period_target"].isna().all() and frame["row_target"].isna().all()
    assert list(frame["financial_year"]) == ["2020/21", "2020/21"]
    assert reads.series(observed, "NOPE").empty


def test_series_without_a_target_for_the_year_has_none(observed):
    frame = reads.series(observed, "HOMES")  # targets hold 2020/21 only; this is 2021/22
    assert math.isnan(frame["annual_target"].iloc[0])


def test_observed_indicators(observed):
    assert reads.observed_indicators(observed) == {"CIC", "FOST", "CTX", "HOMES"}


def test_revisions_of_a_reloaded_period(small_store):
    load(small_store, "observations", OBSERVATIONS)
    load(small_store, "observations", "indicator_id,period,value\nCIC,2020-10,72\n")
    frame = reads.revisions(small_store, "CIC")
    assert list(zip(frame["period"], frame["value"], frame["is_current"])) == [
        ("2020-10", 72.0, True),
        ("2020-10", 70.0, False),
        ("2020-09", 64.0, True),
    ]
    assert reads.series(small_store, "CIC")["value"].tolist() == [64.0, 72.0]


def test_series_reads_a_profiled_target_beside_the_years(observed):
    load(
        observed,
        "targets",
        "indicator_id,financial_year,period,target\nCIC,2020/21,2020-10,58\n",
    )
    frame = reads.series(observed, "CIC").set_index("period")
    assert frame.loc["2020-10", "period_target"] == 58.0
    assert math.isnan(frame.loc["2020-09", "period_target"])
    assert list(frame["annual_target"]) == [60.0, 60.0]
