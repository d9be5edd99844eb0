"""Benchmarks and groups in the store: loads as batches, groups replaced whole, rollback."""

import pytest
from test_cli import BENCHMARKS, GROUPS

from conftest import csv_bytes
from pmf_core.analysis import comparators as analysis_comparators
from pmf_core.ingest import load_bytes
from pmf_core.store import comparators as store_comparators
from pmf_core.store.writes import rollback_batch


def load(store, kind, text):
    report = load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "tester")
    assert report.ok, report.problems
    return report.batch


def with_benchmarks(store):
    """The store with Dorset as its own area and this file's benchmarks and groups loaded."""
    store_comparators.set_area(store, "E06000059", "Dorset", "tester")
    load(store, "benchmarks", BENCHMARKS)
    load(store, "groups", GROUPS)
    return store


@pytest.fixture
def bench_store(store):
    return with_benchmarks(store)


def ranks(store, group):
    table = analysis_comparators.cli_table(store, "RES", group)
    return [(p, int(r), int(a)) for p, r, a in zip(table["period"], table["rank"], table["areas"])]


def test_missing_values_are_skipped_and_the_metric_is_defined_once(bench_store):
    values = bench_store.query("SELECT * FROM benchmark_values WHERE is_current")
    assert len(values) == 9  # 11 rows, two with no value
    metric = analysis_comparators.metric(bench_store, "RES")
    assert (
        metric["metric_name"],
        metric["unit"],
        metric["polarity"],
        metric["source"],
        metric["frequency"],
    ) == ("Residual waste per household", "kg", "lower_is_better", "DEFRA", "annual")
    assert store_comparators.groups(bench_store).values.tolist() == [
        ["Nearest neighbours", 4],
        ["Region", 3],
    ]


def test_a_groups_load_replaces_the_named_groups_and_rolls_back(bench_store):
    batch = load(bench_store, "groups", "group,area_code\nRegion,E06000059\nRegion,E06000051\n")
    # Region is now Shropshire only: 520 and 495 are higher than 500 and 490: rank 1 of 2.
    assert ranks(bench_store, "Region") == [("2021/22", 1, 2), ("2022/23", 1, 2)]
    assert ranks(bench_store, "Nearest neighbours")[0] == ("2021/22", 3, 4)  # untouched
    rollback_batch(bench_store, batch.batch_id, "tester")
    assert ranks(bench_store, "Region") == [("2021/22", 3, 3), ("2022/23", 2, 2)]


def test_a_benchmarks_rollback_restores_the_values_and_definition_before(bench_store):
    batch = load(
        bench_store,
        "benchmarks",
        "metric_id,metric_name,area_code,area_name,period,value,polarity\n"
        "RES,Residual waste (revised),E06000059,Dorset,2022/23,400,higher_is_better\n",
    )
    assert (batch.rows_new, batch.rows_revised) == (0, 1)
    # The metric keeps the latest load's polarity: higher is better, and 400 is the lowest.
    assert ranks(bench_store, "Nearest neighbours")[-1] == ("2022/23", 4, 4)
    metric = analysis_comparators.metric(bench_store, "RES")
    assert metric["metric_name"] == "Residual waste (revised)"
    rollback_batch(bench_store, batch.batch_id, "tester")
    assert ranks(bench_store, "Nearest neighbours")[-1] == ("2022/23", 2, 4)
    assert analysis_comparators.metric(bench_store, "RES")["polarity"] == "lower_is_better"


def test_the_own_area_can_be_changed(store):
    assert store_comparators.area(store) is None
    store_comparators.set_area(store, "E06000059", "Dorset", "tester")
    store_comparators.set_area(store, "E06000066", "Somerset", "tester")
    assert store_comparators.area(store) == ("E06000066", "Somerset")
