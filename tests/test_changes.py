"""`changes`: indicators whose RAG moved between two months, against answers worked out by hand.

The small store's targets (conftest): CIC 60 (lower is better, 5% band = 3), FOST 215 (higher,
band 10.75), HOMES 75, ENG 66 in 2019/20 and 68 in 2020/21 (2 absolute); CTX has no polarity.
No 2019/20 target for CIC or FOST, none for 2021/22 at all: those months are Not rated.
"""

import pandas as pd
import pytest

from conftest import csv_bytes
from pmf_core.analysis.changes import CHANGE_COLUMNS, change_words, changes_between, compare
from pmf_core.ingest import load_bytes
from pmf_core.rules.periods import month_index

EXTRACT = """\
indicator_id,period,value,note
CIC,2019-10,75,
FOST,2019-10,210,
CIC,2020-09,58,
CIC,2020-10,70,
FOST,2020-09,210,
FOST,2020-10,220,
HOMES,2020/21 Q2,80,
CTX,2020-09,4000,
CTX,2020-10,,register system down
ENG,2019/20,67,
ENG,2020/21,67,
CIC,2021-04,58,
"""
OCT_19, SEP_20, OCT_20, APR_21 = (
    month_index(2019, 10),
    month_index(2020, 9),
    month_index(2020, 10),
    month_index(2021, 4),
)


def load_extract(store, text=EXTRACT):
    report = load_bytes(store, "observations", csv_bytes(text), "obs.csv", "tester")
    assert report.ok, report.problems
    return store


@pytest.fixture
def changed_store(small_store):
    return load_extract(small_store)


def rows(frame):
    return [
        tuple("" if v is None or v != v else v for v in r)
        for r in frame[CHANGE_COLUMNS].itertuples(index=False)
    ]


def test_month_on_month_better_worse_and_other(changed_store):
    # Sep-20 -> Oct-20: CIC 58 Green -> 70 Red (10 over, band 3); FOST 210 Amber (5 short,
    # band 10.75) -> 220 Green; CTX Not rated -> No data (no value); HOMES and ENG unchanged.
    got = changes_between(changed_store, SEP_20, OCT_20)
    assert rows(got) == [
        (
            "CTX",
            "Households on the housing register",
            "2020-09",
            "Not rated",
            "2020-10",
            "No data",
            "other",
        ),
        (
            "CIC",
            "Rates of children in care per 10000",
            "2020-09",
            "Green",
            "2020-10",
            "Red",
            "worse",
        ),
        (
            "FOST",
            "Number of active foster carers",
            "2020-09",
            "Amber",
            "2020-10",
            "Green",
            "better",
        ),
    ]


def test_since_over_a_year_from_not_rated_and_from_nothing(changed_store):
    # As at Oct-19 CIC and FOST have values but no 2019/20 target (Not rated); HOMES and ENG
    # have no observation at all yet (No data, no period); CTX has none either month-end.
    got = changes_between(changed_store, OCT_19, OCT_20)
    assert rows(got) == [
        ("ENG", "Employee engagement index", "", "No data", "2019/20", "Green", "other"),
        (
            "HOMES",
            "Number of affordable homes delivered",
            "",
            "No data",
            "2020/21 Q2",
            "Green",
            "other",
        ),
        (
            "CIC",
            "Rates of children in care per 10000",
            "2019-10",
            "Not rated",
            "2020-10",
            "Red",
            "other",
        ),
        (
            "FOST",
            "Number of active foster carers",
            "2019-10",
            "Not rated",
            "2020-10",
            "Green",
            "other",
        ),
    ]


def test_to_not_rated_when_the_new_year_has_no_target(changed_store):
    # Apr-21: CIC 58 has no 2021/22 target (Not rated); ENG 2020/21 67 vs 68 is 1 short, within
    # 2 absolute: Amber, down from Green in 2019/20. FOST stays Green (late), HOMES Green.
    got = changes_between(changed_store, OCT_20, APR_21)
    assert rows(got) == [
        ("ENG", "Employee engagement index", "2019/20", "Green", "2020/21", "Amber", "worse"),
        (
            "CIC",
            "Rates of children in care per 10000",
            "2020-10",
            "Red",
            "2021-04",
            "Not rated",
            "other",
        ),
    ]


def test_committee_and_directorate_filters(changed_store):
    place = changes_between(changed_store, OCT_19, OCT_20, committee="Place and Resources")
    assert got_ids(place) == ["HOMES"]
    audit = changes_between(changed_store, OCT_20, APR_21, committee="Audit and Governance")
    assert got_ids(audit) == ["ENG"]
    children = changes_between(changed_store, SEP_20, OCT_20, directorate="People - Children's")
    assert got_ids(children) == ["CIC", "FOST"]


def got_ids(frame):
    return frame["indicator_id"].tolist()


def test_nothing_changes_between_a_month_and_itself(changed_store):
    got = changes_between(changed_store, OCT_20, OCT_20)
    assert got.empty and list(got.columns)[: len(CHANGE_COLUMNS)] == CHANGE_COLUMNS


@pytest.mark.parametrize(
    "before, after, word",
    [
        ("Red", "Amber", "better"),
        ("Amber", "Green", "better"),
        ("Green", "Blue", "better"),
        ("Red", "Blue", "better"),
        ("Blue", "Green", "worse"),
        ("Green", "Red", "worse"),
        ("Not rated", "Red", "other"),
        ("Amber", "No data", "other"),
        ("No data", "Not rated", "other"),
    ],
)
def test_change_words_follow_red_amber_green_blue(before, after, word):
    assert list(change_words(pd.Series([before]), pd.Series([after]))) == [word]


def test_an_indicator_missing_before_counts_as_no_data():
    columns = {"directorate": "D", "service": "S", "frequency": "monthly"}
    before = pd.DataFrame(
        [{"indicator_id": "A", "name": "a", "period": "2020-09", "rag": "Red", **columns}]
    )
    after = pd.DataFrame(
        [
            {"indicator_id": "A", "name": "a", "period": "2020-10", "rag": "Red", **columns},
            {"indicator_id": "B", "name": "b", "period": "2020-10", "rag": "Amber", **columns},
        ]
    )
    assert rows(compare(before, after)) == [("B", "b", "", "No data", "2020-10", "Amber", "other")]


def test_an_override_is_the_status_that_changes(small_store):
    load_extract(
        small_store,
        "indicator_id,period,value,rag_override,override_reason\n"
        "CIC,2020-09,70,,\nCIC,2020-10,70,Amber,agreed with the board\n",
    )
    got = changes_between(small_store, SEP_20, OCT_20)
    assert rows(got)[0][3:] == ("Red", "2020-10", "Amber", "better")
