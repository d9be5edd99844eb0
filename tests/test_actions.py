"""Actions on off-track measures: from extracts, by hand, overdue by date, changes since a date."""

from datetime import date

from conftest import csv_bytes
from pmf_core.analysis import actions
from pmf_core.ingest import load_bytes
from pmf_core.store import reads
from pmf_core.store.writes import add_action, update_action

TODAY = date(2021, 1, 15)


def load(store, text):
    report = load_bytes(store, "observations", csv_bytes(text), "oct.csv", "jo", today=TODAY)
    assert report.ok, report.problems
    return report


def test_a_refused_extract_opens_no_action(small_store):
    report = load_bytes(
        small_store,
        "observations",
        csv_bytes("indicator_id,period,value,action\nCIC,2020-10,x,Plan\n"),
        "bad.csv",
        "jo",
        today=TODAY,
    )
    assert not report.ok and reads.actions(small_store).empty


def test_overdue_comes_from_the_date(small_store):
    add_action(
        small_store,
        "CIC",
        explanation="",
        action_plan="A",
        officer="X",
        path_to_green=date(2020, 12, 31),
        status="on track",
        user="jo",
    )
    add_action(
        small_store,
        "FOST",
        explanation="",
        action_plan="B",
        officer="Y",
        path_to_green=date(2021, 3, 31),
        status="open",
        user="jo",
    )
    add_action(
        small_store,
        "HOMES",
        explanation="",
        action_plan="C",
        officer="Y",
        path_to_green=date(2020, 6, 30),
        status="complete",
        user="jo",
    )
    frame = actions.tracker(small_store, TODAY, include_complete=True).set_index("indicator_id")
    assert frame["effective_status"].to_dict() == {
        "CIC": "overdue",
        "FOST": "open",
        "HOMES": "complete",
    }
    assert actions.tracker(small_store, TODAY, overdue_only=True)["indicator_id"].tolist() == [
        "CIC"
    ]
    assert set(actions.tracker(small_store, TODAY, officer="Y")["indicator_id"]) == {"FOST"}
    assert (
        set(actions.tracker(small_store, TODAY, committee="Place and Resources")["indicator_id"])
        == set()
    )  # HOMES is Place and Resources but complete


def test_changes_since_a_meeting(small_store):
    action = add_action(
        small_store,
        "CIC",
        explanation="",
        action_plan="A",
        officer="X",
        path_to_green=None,
        status="open",
        user="jo",
    )
    update_action(
        small_store,
        action,
        status="on track",
        note="Started",
        user="jo",
        update_date=date(2021, 1, 10),
    )
    update_action(
        small_store,
        action,
        status="on track",
        note="Old news",
        user="jo",
        update_date=date(2020, 11, 1),
    )
    changes = actions.changes_since(small_store, date(2021, 1, 1))
    assert "Started" in changes["note"].tolist() and "Old news" not in changes["note"].tolist()


def test_the_action_beside_an_exception_is_the_open_plan_else_the_returns_text(small_store):
    from pmf_core.analysis.status import status_as_at
    from pmf_core.rules.periods import month_index

    load(
        small_store,
        "indicator_id,period,value,action\nCIC,2020-10,70,Extract plan\n"
        "FOST,2020-10,206,Foster drive\nHOMES,2020/21 Q2,60,Build more\n",
    )
    fost = int(reads.actions(small_store).query("indicator_id == 'FOST'")["action_id"].iloc[0])
    update_action(small_store, fost, status="complete", note="Done", user="jo")
    add_action(
        small_store,
        "CIC",
        explanation="",
        action_plan="Second plan",
        officer="X",
        path_to_green=date(2020, 12, 31),
        status="on track",
        user="jo",
    )
    status = status_as_at(small_store, month_index(2020, 10))
    plans = actions.open_plans(small_store, TODAY)
    beside = actions.beside_exceptions(status, plans).set_index(status["indicator_id"])
    assert beside.loc["CIC", "action"] == "1. Extract plan (open)\n2. Second plan (overdue)"
    assert beside.loc["CIC", "action_status"] == "open, overdue"  # 31 Dec 2020 has passed
    assert beside.loc["FOST", "action"] == "Foster drive"  # complete: the return's text
    assert beside.loc["FOST", "action_status"] is None
    assert (
        beside.loc["HOMES", "action"] == "Build more (open)" and beside.loc["ENG", "action"] == ""
    )
    assert list(beside.index) == status["indicator_id"].tolist()


def test_the_accountable_officer_is_the_owner_else_the_actions_officers():
    import pandas as pd

    status = pd.DataFrame(
        {"indicator_id": ["A", "B", "C", "D"], "owner": ["Head of Care", None, "", None]},
        index=[5, 6, 7, 8],
    )
    beside = pd.DataFrame(
        {"action_officer": ["Someone else", "J Smith; K Jones", "P Lee", None]}, index=[5, 6, 7, 8]
    )
    assert actions.accountable(status, beside).to_dict() == {
        5: "Head of Care",
        6: "J Smith; K Jones",
        7: "P Lee",
        8: "",
    }
