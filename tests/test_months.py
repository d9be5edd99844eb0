"""The default month: two early returns for next month do not make the council late."""

import pytest

from conftest import csv_bytes
from pmf_core.analysis.months import default_month
from pmf_core.ingest import load_bytes
from pmf_core.rules.periods import month_index

# Five more monthly measures beside the small store's CIC, FOST and CTX: eight in all.
MORE_INDICATORS = "indicator_id,name,directorate,service,unit,frequency,polarity\n" + "".join(
    f"M{i},Monthly measure {i},Place,Waste,No.,monthly,higher_is_better\n" for i in range(1, 6)
)
MONTHLY = ["CIC", "FOST", "CTX", "M1", "M2", "M3", "M4", "M5"]
OCT_20, NOV_20 = month_index(2020, 10), month_index(2020, 11)


def load(store, kind, text):
    report = load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "tester")
    assert report.ok, report.problems


def early_store(small_store, early: list[str]):
    """Every monthly measure returned for Sep and Oct 2020; ``early`` ones for Nov 2020 too."""
    load(small_store, "indicators", MORE_INDICATORS)
    rows = [f"{i},{m},{n}\n" for i in MONTHLY for n, m in enumerate(["2020-09", "2020-10"])]
    rows += [f"{i},2020-11,5\n" for i in early]
    load(small_store, "observations", "indicator_id,period,value\n" + "".join(rows))
    return small_store


def test_two_early_returns_leave_the_default_on_the_month_before(small_store):
    assert default_month(early_store(small_store, ["CIC", "FOST"])) == OCT_20


def test_half_the_monthly_measures_returned_is_enough(small_store):
    assert default_month(early_store(small_store, ["CIC", "FOST", "M1", "M2"])) == NOV_20


def test_a_return_without_a_value_still_counts(small_store):
    store = early_store(small_store, ["CIC", "FOST", "M1"])
    load(store, "observations", "indicator_id,period,value,note\nM2,2020-11,,system down\n")
    assert default_month(store) == NOV_20


def test_quarterly_returns_do_not_count_towards_the_monthly_half(small_store):
    store = early_store(small_store, ["CIC"])
    load(store, "observations", "indicator_id,period,value\nHOMES,2020/21 Q3,60\n")
    assert default_month(store) == OCT_20


def test_without_monthly_data_the_latest_month_with_any(small_store):
    load(
        small_store,
        "observations",
        "indicator_id,period,value\nHOMES,2020/21 Q2,60\nENG,2019/20,67\n",
    )
    assert default_month(small_store) == month_index(2020, 9)


@pytest.mark.parametrize("fixture", ["store", "small_store"])
def test_no_observations_no_default(request, fixture):
    assert default_month(request.getfixturevalue(fixture)) is None
