"""Writing loads: a file in force is not loaded twice, and rows equal to the current revision are
confirmed, not revised."""

import re
import threading
from dataclasses import replace
from datetime import date

import pytest

from conftest import INDICATORS, csv_bytes
from pmf_core.analysis.actions import edit_action
from pmf_core.ingest import check_file, commit, load_bytes
from pmf_core.store import Store, StoreError, reads
from pmf_core.store.writes import ActionText, add_action, rollback_batch
from pmf_core.store.writes import edit_action as replace_action_text

TODAY = date(2021, 1, 15)
OCT = "indicator_id,period,value,commentary\nCIC,2020-10,70,Rising\nFOST,2020-10,206,\n"


def load(store, text, name="x.csv", user="analyst", kind="observations"):
    report = load_bytes(store, kind, csv_bytes(text), name, user, today=TODAY)
    assert report.ok, report.problems
    return report


def count(store, table="batches"):
    return store.scalar(f"SELECT count(*) FROM {table}")


def test_the_same_file_in_force_is_reported_and_writes_nothing(small_store):
    first = load(small_store, OCT, user="jsmith").batch
    before = count(small_store), count(small_store, "observations")
    again = load(small_store, OCT, name="renamed.csv")
    assert again.batch is None
    assert re.fullmatch(
        rf"already loaded as batch {first.batch_id} \([1-9]\d? [A-Z][a-z]{{2}} "
        r"\d{4} \d\d:\d\d, jsmith\); nothing changed",
        again.already_loaded,
    )
    assert (count(small_store), count(small_store, "observations")) == before
    rollback_batch(small_store, first.batch_id, "analyst")  # no longer in force: loads
    again = load(small_store, OCT)
    assert again.already_loaded is None and again.batch.rows_new == 2


def test_a_file_checked_twice_and_committed_twice_makes_one_batch(small_store):
    """Two pages checked the same file before either committed: the write itself refuses."""
    reports = [
        check_file(small_store, "observations", csv_bytes(OCT), "x.csv", TODAY) for _ in range(2)
    ]
    assert [r.already_loaded for r in reports] == [None, None]
    first, second = (commit(small_store, r, "jo") for r in reports)
    assert first.batch.batch_id and second.batch is None
    assert second.already_loaded.startswith(f"already loaded as batch {first.batch.batch_id} (")
    assert count(small_store) == 3  # indicators, targets and one extract


def test_two_identical_loads_at_once_make_one_batch(small_store):
    reports = []
    threads = [
        threading.Thread(target=lambda: reports.append(load(small_store, OCT))) for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.batch is None for r in reports) == [False, True, True]
    assert count(small_store, "observations") == 2


def test_rows_equal_to_the_current_revision_are_unchanged(small_store):
    load(
        small_store,
        "indicator_id,period,value,commentary,note\n"
        "CIC,2020-10,70,Rising,\nFOST,2020-10,206,,\nCTX,2020-10,4469,,\n",
    )
    result = load(
        small_store,
        "indicator_id,period,value,commentary,note\n"
        "CIC,2020-10,70.0,Rising,\n"  # same, written differently
        "FOST,2020-10,206,,A note\n"  # only the note differs
        'CTX,2020-10,"4,469",,\n'  # same
        "CIC,2020-11,66,,\n",
    ).batch
    assert (result.rows_total, result.rows_new, result.rows_revised, result.rows_unchanged) == (
        4,
        1,
        1,
        2,
    )
    revisions = small_store.query(
        "SELECT indicator_id, max(revision) AS r FROM observations "
        "WHERE period = '2020-10' GROUP BY ALL ORDER BY 1"
    )
    assert revisions.values.tolist() == [["CIC", 1], ["CTX", 1], ["FOST", 2]]
    listed = reads.batches(small_store).iloc[0]
    assert listed[["rows_new", "rows_revised", "rows_unchanged"]].tolist() == [1, 1, 2]


def test_a_file_of_only_unchanged_rows_still_records_its_batch(small_store):
    load(small_store, OCT)
    result = load(small_store, OCT.replace(",Rising", ',"Rising"'), name="again.csv").batch
    assert (result.rows_new, result.rows_revised, result.rows_unchanged) == (0, 0, 2)
    assert reads.batches(small_store).iloc[0]["file_name"] == "again.csv"


def test_unchanged_indicator_definitions_and_targets(small_store):
    indicators = load(
        small_store, INDICATORS.replace("Number of active", "Active"), kind="indicators"
    ).batch
    assert (indicators.rows_new, indicators.rows_revised, indicators.rows_unchanged) == (0, 1, 4)
    targets = load(
        small_store,
        "indicator_id,financial_year,target\nCIC,2020/21,60\nFOST,2020/21,216\n",
        kind="targets",
    ).batch
    assert (targets.rows_new, targets.rows_revised, targets.rows_unchanged) == (0, 1, 1)


OLD_BATCHES = """CREATE TABLE batches (
    batch_id BIGINT PRIMARY KEY, kind VARCHAR NOT NULL, file_name VARCHAR,
    sha256 VARCHAR, loaded_by VARCHAR, loaded_at TIMESTAMP NOT NULL,
    rows_total BIGINT, rows_new BIGINT, rows_revised BIGINT,
    status VARCHAR NOT NULL DEFAULT 'active', rolled_back_at TIMESTAMP,
    rolled_back_by VARCHAR)"""
OLD_ACTIONS = """CREATE TABLE actions (
    action_id BIGINT PRIMARY KEY, indicator_id VARCHAR NOT NULL, explanation VARCHAR,
    action_plan VARCHAR, officer VARCHAR, path_to_green DATE,
    status VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, created_by VARCHAR,
    source VARCHAR NOT NULL DEFAULT 'manual')"""


def test_a_store_made_before_unchanged_rows_is_brought_up_to_date(tmp_path):
    old = Store(tmp_path / "old.duckdb", wait_seconds=2)
    with old.transaction() as con:
        con.execute(OLD_BATCHES)
        con.execute(OLD_ACTIONS)
        con.execute(
            "INSERT INTO batches VALUES (7, 'targets', 'old.csv', 'abc', 'jo', "
            "TIMESTAMP '2020-01-01 10:00', 1, 1, 0, 'active', NULL, NULL)"
        )
        con.execute(
            "INSERT INTO actions VALUES (1, 'CIC', 'e', 'p', 'o', NULL, 'open', "
            "TIMESTAMP '2020-01-01 10:00', 'jo', 'manual')"
        )
    old.create()
    old.create()  # and again: nothing left to add
    assert reads.batches(old)[["batch_id", "rows_unchanged"]].values.tolist() == [[7, 0]]
    assert reads.actions(old)["action_plan"].tolist() == ["p"]


PLAN_A = ActionText("Demand", "Plan A", "Ms A", None)


def open_action(store, text: ActionText = PLAN_A) -> int:
    """An open action on CIC, added by "me"."""
    return add_action(
        store,
        "CIC",
        explanation=text.explanation,
        action_plan=text.action_plan,
        officer=text.officer,
        path_to_green=text.path_to_green,
        status="open",
        user="me",
    )


def edit(store, action: int, text: ActionText, user="me", update_date=None) -> None:
    """The action's text edited to ``text`` through the page's edit."""
    edit_action(
        store,
        action,
        explanation=text.explanation,
        action_plan=text.action_plan,
        officer=text.officer,
        path_to_green=text.path_to_green,
        user=user,
        update_date=update_date,
    )


def test_an_edit_is_logged_today_or_on_the_date_given(small_store):
    action = open_action(small_store)
    edit(small_store, action, replace(PLAN_A, action_plan="Plan B"))
    edit(
        small_store,
        action,
        replace(PLAN_A, action_plan="Plan C", officer="Ms B"),
        update_date=date(2026, 1, 5),
    )
    logged = reads.action_updates(small_store, action)
    assert sorted(zip(logged["update_date"].dt.date, logged["note"])) == [
        (date(2026, 1, 5), "Changed action plan, officer"),
        (date.today(), "Changed action plan"),
    ]


def test_a_new_path_to_green_is_logged_as_a_uk_date(small_store):
    action = open_action(small_store)
    edit(small_store, action, replace(PLAN_A, path_to_green=date(2027, 3, 5)))
    assert reads.action_updates(small_store, action)["note"].tolist() == [
        "Changed path-to-green date (path to green now 5 Mar 2027)"
    ]


def test_an_edit_from_text_that_changed_meanwhile_writes_nothing(small_store):
    action = open_action(small_store)
    edit(small_store, action, replace(PLAN_A, action_plan="Plan B"), user="someone else")
    with pytest.raises(StoreError, match="changed by someone else meanwhile"):
        replace_action_text(
            small_store,
            action,
            before=PLAN_A,
            after=replace(PLAN_A, action_plan="Plan C"),
            note="Changed action plan",
            user="me",
        )
    assert reads.actions(small_store)["action_plan"].tolist() == ["Plan B"]
    assert reads.action_updates(small_store, action)["note"].tolist() == ["Changed action plan"]


def test_an_edit_that_changes_nothing_logs_nothing(small_store):
    dated = replace(PLAN_A, path_to_green=date(2027, 3, 5))
    action = open_action(small_store, dated)
    edit(small_store, action, dated)
    assert reads.action_updates(small_store, action).empty
