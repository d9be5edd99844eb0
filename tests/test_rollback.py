"""Rollback undoes a load whole: values a later load repeated stay, and indicators that data still
depends on cannot go. What it does to actions is in tests/test_store_extract_actions.py."""

from datetime import date

import pytest

from conftest import csv_bytes
from pmf_core.ingest import load_bytes
from pmf_core.store import StoreError, reads
from pmf_core.store.writes import rollback_batch

TODAY = date(2021, 1, 15)


def load(store, text, kind="observations", name="x.csv"):
    report = load_bytes(store, kind, csv_bytes(text), name, "jo", today=TODAY)
    assert report.ok, report.problems
    return report.batch.batch_id


def current(store, indicator_id="CIC"):
    return store.query(
        "SELECT period, value, batch_id FROM observations WHERE is_current "
        "AND indicator_id = ? ORDER BY period",
        [indicator_id],
    ).values.tolist()


def test_rolling_back_an_older_load_keeps_the_values_a_later_load_repeated(small_store):
    first = load(small_store, "indicator_id,period,value\nCIC,2020-09,71\nCIC,2020-10,70\n")
    later = load(small_store, "indicator_id,period,value\nCIC,2020-10,70\nCIC,2020-11,66\n")
    result = rollback_batch(small_store, first, "analyst")
    assert current(small_store) == [["2020-10", 70.0, later], ["2020-11", 66.0, later]]
    assert (result.rows_withdrawn, result.revisions_restored) == (2, 1)
    rollback_batch(small_store, later, "analyst")
    assert current(small_store) == []


def test_a_value_confirmed_then_revised_comes_back_when_both_others_go(small_store):
    first = load(small_store, "indicator_id,period,value\nCIC,2020-10,70\n")
    confirming = load(small_store, "indicator_id,period,value\nCIC,2020-10,70\nFOST,2020-10,1\n")
    assert len(reads.revisions(small_store, "CIC")) == 1  # confirmed, not revised
    revising = load(small_store, "indicator_id,period,value\nCIC,2020-10,65\n")
    rollback_batch(small_store, first, "analyst")
    assert current(small_store) == [["2020-10", 65.0, revising]]
    rollback_batch(small_store, revising, "analyst")
    assert current(small_store) == [["2020-10", 70.0, confirming]]


NEW_INDICATOR = (
    "indicator_id,name,directorate,service,unit,frequency,polarity\n"
    "NEW1,New measure,D,S,No.,monthly,higher_is_better\n"
    "CIC,Children in care rate,People - Children's,Care & Protection,No.,monthly,"
    "lower_is_better\n"
)


def test_an_indicators_batch_with_data_on_its_new_indicators_refuses_naming_batches(small_store):
    created = load(small_store, NEW_INDICATOR, kind="indicators")
    targets = load(
        small_store, "indicator_id,financial_year,target\nNEW1,2020/21,5\n", kind="targets"
    )
    observations = load(small_store, "indicator_id,period,value\nNEW1,2020-10,4\n")
    before = reads.batches(small_store)
    with pytest.raises(StoreError) as refused:
        rollback_batch(small_store, created, "ann")
    assert str(refused.value) == (
        f"Batch {created} cannot be rolled back: it created NEW1, and batches {targets}, "
        f"{observations} still hold observations or targets for them. Roll back batches "
        f"{targets}, {observations} first."
    )
    assert reads.batches(small_store).equals(before)
    rollback_batch(small_store, targets, "ann")
    rollback_batch(small_store, observations, "ann")
    rollback_batch(small_store, created, "ann")
    assert "NEW1" not in reads.indicators(small_store)["indicator_id"].tolist()
    assert reads.indicator(small_store, "CIC")["name"].iloc[0].startswith("Rates of children")


def test_the_summary_counts_agree_with_their_nouns():
    from pmf_core.store.rollback import RollbackResult

    one = RollbackResult(7, "observations", 1, 1, 1, 1)
    assert one.summary == (
        "Batch 7 rolled back: 1 observations row withdrawn, 1 earlier "
        "revision restored; 1 action plan restored, 1 action it opened "
        "withdrawn."
    )
    many = RollbackResult(8, "targets", 1200, 0, 0, 2)
    assert many.summary == (
        "Batch 8 rolled back: 1,200 targets rows withdrawn, 0 earlier "
        "revisions restored; 0 action plans restored, 2 actions it opened "
        "withdrawn."
    )


def test_rolling_back_a_profile_restores_the_profile_it_replaced(store):
    """A target's period is part of its key: the April profile and the year's target are
    separate rows, and a rollback of a new April profile brings back the one before."""
    indicators = (
        "indicator_id,name,directorate,service,unit,frequency,polarity,accumulation\n"
        "CT,Council tax,Corp,Revenues,%,monthly,higher_is_better,year_to_date\n"
    )
    first = "indicator_id,financial_year,period,target\nCT,2020/21,,97.5\nCT,2020/21,2020-04,10.9\n"
    second = "indicator_id,financial_year,period,target\nCT,2020/21,2020-04,11.2\n"
    for kind, text in (("indicators", indicators), ("targets", first)):
        assert load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "ann").ok
    later = load_bytes(store, "targets", csv_bytes(second), "t2.csv", "ann")
    assert later.batch is not None and (later.batch.rows_new, later.batch.rows_revised) == (0, 1)

    def current():
        frame = store.query("SELECT period, target FROM targets WHERE is_current ORDER BY period")
        return list(frame.itertuples(index=False, name=None))

    assert current() == [("", 97.5), ("2020-04", 11.2)]
    rollback_batch(store, later.batch.batch_id, "ann")
    assert current() == [("", 97.5), ("2020-04", 10.9)]
