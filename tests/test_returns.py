"""The monthly cycle: a return's steps, who may take them, what is refused, and that only an
approved value counts. Values and statuses worked by hand from the small store's targets."""

import contextlib
import io
import json
from datetime import date

import pandas as pd
import pytest

from conftest import INDICATORS, csv_bytes
from pmf_core import cli
from pmf_core.analysis.status import status_as_at
from pmf_core.ingest import load_bytes
from pmf_core.ingest import return_lists as lists
from pmf_core.ingest import returns as cycle
from pmf_core.ingest.returns import Form, ReturnRefused, ReturnStepError
from pmf_core.rules.periods import parse_month, parse_period
from pmf_core.rules.roles import Person
from pmf_core.store import reads
from pmf_core.store import returns as stored
from pmf_core.store.rollback import rollback_batch

OFFICER = Person("olive", "Olive Officer", "olive@example.org", ("officer",))
OTHER = Person("otto", "Otto Other", "otto@example.org", ("officer",))
CHECKER = Person("chris", "Chris Checker", "chris@example.org", ("checker",))
ANALYST = Person("ana", "Ana Analyst", "ana@example.org", ("analyst",))
TODAY = date(2020, 12, 5)  # November 2020 is open, due 10 December
NOV = parse_month("2020-11")


@pytest.fixture
def store(small_store):
    """The small store with FOST and CIC entered by Olive (by e-mail address and by name) and
    checked by Chris; HOMES by someone else."""
    lines = INDICATORS.splitlines()
    people = {
        "CIC": "olive,CHRIS@example.org",
        "FOST": "olive@example.org,chris",
        "ENG": "olive,chris",
    }
    text = "\n".join(
        [lines[0] + ",inputter,checker"]
        + [line + "," + people.get(line.split(",")[0], "otto,otto") for line in lines[1:]]
    )
    assert load_bytes(small_store, "indicators", csv_bytes(text), "i.csv", "tester").ok
    return small_store


def counted(store, indicator_id, as_at=NOV):
    """The value the status of the month shows for a measure, and its period."""
    row = status_as_at(store, as_at).set_index("indicator_id").loc[indicator_id]
    value = None if pd.isna(row["value"]) else float(row["value"])
    return row["period"], value, row["rag"]


def submit(store, person=OFFICER, indicator_id="FOST", period="2020-11", **typed):
    return cycle.save(store, person, indicator_id, period, Form(**typed), submit=True, today=TODAY)


def approve(store, person=CHECKER, indicator_id="FOST", period="2020-11"):
    row = (
        stored.all_returns(store).set_index(["indicator_id", "period"]).loc[(indicator_id, period)]
    )
    return cycle.approve(store, person, indicator_id, period, cycle.entry_of(row), today=TODAY)


def test_only_an_approved_value_counts(store):
    before = counted(store, "FOST")
    draft = Form(value="220", commentary="Two new carers")
    assert cycle.save(store, OFFICER, "FOST", "2020-11", draft, submit=False, today=TODAY) == (
        "draft"
    )
    assert counted(store, "FOST") == before
    assert submit(store, value="220", commentary="Two new carers") == "submitted"
    assert counted(store, "FOST") == before
    batch = approve(store)
    # 220 against a target of 215, higher is better: Green.
    assert counted(store, "FOST") == ("2020-11", 220.0, "Green")
    loaded_by = store.scalar("SELECT loaded_by FROM batches WHERE batch_id = ?", [batch])
    assert loaded_by == "Chris Checker"
    steps = stored.steps(store, "FOST")
    assert list(steps["step"]) == ["saved", "submitted", "approved"]
    assert list(steps["done_by"]) == ["Olive Officer", "Olive Officer", "Chris Checker"]
    who = stored.approvals(store, "FOST").iloc[0]
    assert (who["batch_id"], who["entered_by"], who["approved_by"]) == (
        batch,
        "Olive Officer",
        "Chris Checker",
    )


def test_the_wrong_person_is_refused_and_nothing_is_written(store):
    with pytest.raises(ReturnRefused, match="inputter of FOST"):
        submit(store, person=OTHER, value="220")
    with pytest.raises(ReturnRefused, match="inputter of FOST"):
        submit(store, person=CHECKER, value="220")  # a checker is no officer
    with pytest.raises(ReturnRefused, match="inputter of FOST"):
        submit(store, person=None, value="220")
    assert stored.all_returns(store).empty
    submit(store, value="220")
    observations = store.scalar("SELECT count(*) FROM observations")
    for person in (OFFICER, OTHER, None):
        with pytest.raises(ReturnRefused, match="checker named for FOST"):
            approve(store, person=person)
    with pytest.raises(ReturnRefused, match="checker named for FOST"):
        cycle.send_back(store, OTHER, "FOST", "2020-11", "wrong")
    assert store.scalar("SELECT count(*) FROM observations") == observations
    assert list(stored.all_returns(store)["state"]) == ["submitted"]
    assert list(stored.steps(store, "FOST")["step"]) == ["submitted"]
    approve(store, person=ANALYST)  # an analyst signs off any return
    assert counted(store, "FOST")[1] == 220.0


def test_a_return_is_refused_what_a_file_load_refuses_naming_field_and_value(store):
    cases = {
        "abc": 'value: "abc" is not a number',
        "\u0661\u0662": 'value: "\u0661\u0662" has digits other than 0-9; type it with the '
        "digits 0 to 9",
        "1e309": 'value: "1e309" is not a finite number',
    }
    for typed, words in cases.items():
        with pytest.raises(ReturnRefused) as refused:
            submit(store, value=typed)
        assert refused.value.reasons == [words]
    with pytest.raises(ReturnRefused) as refused:
        submit(store, value="")
    assert refused.value.reasons == [
        "note: is empty, but the row has no value; say why data is missing"
    ]
    with pytest.raises(ReturnRefused) as refused:
        submit(store, period="2021-01", value="220")
    assert refused.value.reasons == [
        'period: "2021-01" is in the future; the latest period allowed ends in Dec 2020'
    ]
    assert stored.all_returns(store).empty
    assert submit(store, value="", note="Carers' panel postponed") == "submitted"


def test_a_red_or_amber_needs_an_explanation_and_an_action_plan(store):
    # FOST's target is 215 with the default 5 % tolerance: Amber down to 204.25, then Red.
    for value, status in (("200", "Red"), ("210", "Amber")):
        with pytest.raises(ReturnRefused) as refused:
            submit(store, value=value)
        assert refused.value.reasons == [
            f"explanation: is empty; a {status} return needs one",
            f"action plan: is empty; a {status} return needs one",
        ]
    draft = Form(value="200")
    assert cycle.save(store, OFFICER, "FOST", "2020-11", draft, submit=False, today=TODAY)
    assert (
        submit(store, value="200", explanation="Two carers retired", action_plan="Recruit")
        == "submitted"
    )
    approve(store)
    assert counted(store, "FOST") == ("2020-11", 200.0, "Red")
    # The action plan opens the measure's action, as an extract's action column does.
    assert store.scalar("SELECT action_plan FROM actions WHERE indicator_id = 'FOST'") == "Recruit"


def test_the_computed_status_as_the_officer_types(store):
    m = cycle.measure(store, "CIC", "2020-11")
    # CIC: lower is better, target 60, Amber up to 63.
    for typed, status in (("55", "Green"), ("62", "Amber"), ("70", "Red"), ("", "No data")):
        assert cycle.check(m, Form(value=typed), submit=False, today=TODAY).status == status


def test_a_rate_from_numerator_and_denominator(store):
    # ENG is a %: 7 of 10 is 70.0, against 2019/20's target of 66, higher is better.
    m = cycle.measure(store, "ENG", "2019/20")
    checked = cycle.check(m, Form(numerator="7", denominator="10"), submit=True, today=TODAY)
    assert (checked.entry.value, checked.status, checked.ok) == (70.0, "Green", True)
    zero = cycle.check(m, Form(numerator="7", denominator="0"), submit=True, today=TODAY)
    assert zero.problems == ('denominator: "0" cannot divide; give the count',)
    half = cycle.check(m, Form(numerator="7"), submit=True, today=TODAY)
    assert half.problems == ("denominator: is empty; give both parts of the rate",)
    submit(store, indicator_id="ENG", period="2019/20", numerator="7", denominator="10")
    approve(store, indicator_id="ENG", period="2019/20")
    assert counted(store, "ENG")[1] == 70.0


def test_steps_follow_the_states(store):
    with pytest.raises(ReturnStepError, match="is not started, so it cannot be approved"):
        cycle.approve(store, CHECKER, "FOST", "2020-11", stored.Entry(value=220.0), today=TODAY)
    draft = Form(value="220")
    cycle.save(store, OFFICER, "FOST", "2020-11", draft, submit=False, today=TODAY)
    with pytest.raises(ReturnStepError, match="is a draft, so it cannot be approved"):
        approve(store)
    submit(store, value="220")
    with pytest.raises(ReturnStepError, match="is submitted, so it cannot be submitted"):
        submit(store, value="221")
    with pytest.raises(ReturnStepError, match="Say why"):
        cycle.send_back(store, CHECKER, "FOST", "2020-11", "  ")
    cycle.send_back(store, CHECKER, "FOST", "2020-11", "Is 220 the count at month end?")
    row = stored.all_returns(store).iloc[0]
    assert (row["state"], row["return_reason"]) == ("returned", "Is 220 the count at month end?")
    submit(store, value="219.5")
    approve(store)
    with pytest.raises(ReturnStepError, match="is approved, so it cannot be approved"):
        approve(store)  # a second click
    with pytest.raises(ReturnStepError, match="is approved, so it cannot be changed"):
        cycle.save(store, OFFICER, "FOST", "2020-11", draft, submit=False, today=TODAY)
    with pytest.raises(ReturnRefused, match="Only an analyst can reopen"):
        cycle.reopen(store, CHECKER, "FOST", "2020-11", "typo")
    cycle.reopen(store, ANALYST, "FOST", "2020-11", "Recount")
    assert counted(store, "FOST")[1] == 219.5  # still counts until a new approval
    submit(store, value="218")
    approve(store)
    assert counted(store, "FOST")[1] == 218.0
    assert list(stored.steps(store, "FOST")["step"]) == [
        "saved",
        "submitted",
        "returned",
        "submitted",
        "approved",
        "reopened",
        "submitted",
        "approved",
    ]


def test_a_return_after_its_due_date_is_accepted_and_marked_late(store):
    late_day = date(2020, 12, 11)
    cycle.save(store, OFFICER, "FOST", "2020-11", Form(value="220"), submit=True, today=late_day)
    assert bool(stored.all_returns(store)["late"].iloc[0])
    assert list(stored.steps(store, "FOST")["step"]) == ["submitted late"]


def test_an_officers_returns_the_sign_off_queue_and_the_collection(store):
    mine = lists.officer_returns(store, OFFICER, TODAY)
    # ENG's 2019/20 was due on 10 April 2020; November's returns are due on 10 December.
    assert list(zip(mine["indicator_id"], mine["period"], mine["state"], mine["mark"])) == [
        ("ENG", "2019/20", "not started", "overdue"),
        ("CIC", "2020-11", "not started", ""),
        ("FOST", "2020-11", "not started", ""),
    ]
    assert list(mine["due"]) == [date(2020, 4, 10), date(2020, 12, 10), date(2020, 12, 10)]
    assert lists.officer_returns(store, CHECKER, TODAY).empty
    cycle.save(store, OFFICER, "FOST", "2020-11", Form(value="1"), submit=False, today=TODAY)
    mine = lists.officer_returns(store, OFFICER, TODAY)  # a draft comes before what is not begun
    assert list(zip(mine["indicator_id"], mine["state"]))[0] == ("FOST", "draft")
    submit(store, value="210", explanation="Retirements", action_plan="Recruit")
    queue = lists.sign_off_queue(store, CHECKER, TODAY)
    row = queue.iloc[0]
    assert (len(queue), row["indicator_id"], row["value"], row["target"], row["status"]) == (
        1,
        "FOST",
        210.0,
        215.0,
        "Amber",
    )
    assert lists.sign_off_queue(store, OTHER, TODAY).empty
    assert len(lists.sign_off_queue(store, ANALYST, TODAY)) == 1
    every = lists.collection(store, NOV, TODAY)
    assert dict(zip(every["indicator_id"], every["period"])) == {
        "CIC": "2020-11",
        "FOST": "2020-11",
        "HOMES": "2020/21 Q2",
        "ENG": "2019/20",
        "CTX": "2020-11",
    }
    counts = lists.state_counts(every)
    assert counts == {
        "not started": 4,
        "draft": 0,
        "submitted": 1,
        "returned": 0,
        "approved": 0,
        "overdue": 2,  # ENG 2019/20 and HOMES Q2 (due 10 October)
    }
    assert set(lists.select_collection(every, person="OTTO")["indicator_id"]) == {"HOMES", "CTX"}
    housing = lists.select_collection(every, directorate="People - Adults and Housing")
    assert set(housing["indicator_id"]) == {"HOMES", "CTX"}


def test_the_revisions_say_who_entered_and_who_approved(store):
    loaded = "indicator_id,period,value\nFOST,2020-10,214\n"
    assert load_bytes(store, "observations", csv_bytes(loaded), "oct.csv", "Al Analyst").ok
    submit(store, value="220")
    approve(store)
    got = reads.revisions(store, "FOST").set_index("period")
    assert (got.loc["2020-11", "entered_by"], got.loc["2020-11", "approved_by"]) == (
        "Olive Officer",
        "Chris Checker",
    )
    assert (got.loc["2020-10", "entered_by"], got.loc["2020-10", "approved_by"]) == (
        "Al Analyst",
        "Al Analyst",
    )


def test_the_returns_command_lists_them_by_period_state_and_person(store):
    submit(store, value="220")
    approve(store)
    submit(store, indicator_id="CIC", value="55")
    cycle.save(store, OFFICER, "ENG", "2019/20", Form(value="70"), submit=False, today=TODAY)

    def listed(*args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert cli.main(["--db", store.path, "returns", *args]) == 0
        return out.getvalue().splitlines()

    every = listed()
    assert every[0].startswith("indicator_id,name,period,state,value,")
    assert [line.split(",")[:4] for line in every[1:]] == [
        ["CIC", "Rates of children in care per 10000", "2020-11", "submitted"],
        ["ENG", "Employee engagement index", "2019/20", "draft"],
        ["FOST", "Number of active foster carers", "2020-11", "approved"],
    ]
    assert [line.split(",")[0] for line in listed("--period", "Nov-20")[1:]] == ["CIC", "FOST"]
    assert [line.split(",")[0] for line in listed("--state", "approved")[1:]] == ["FOST"]
    assert len(listed("--person", "chris checker")) == 2  # approved FOST
    assert len(listed("--person", "CHRIS@example.org")) == 2  # CIC names the address
    got = json.loads("\n".join(listed("--state", "submitted", "--format", "json")))
    assert [(r["indicator_id"], r["value"], r["due"]) for r in got] == [
        ("CIC", 55.0, "2020-12-10T00:00:00.000")
    ]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert cli.main(["--db", store.path, "returns", "--state", "done"]) == 2
    assert '--state: "done" is not one of draft, submitted, returned, approved' in err.getvalue()


def test_rolling_back_an_approval_sends_the_return_back(store):
    submit(store, value="220")
    batch = approve(store)
    rollback_batch(store, batch, "Al Analyst")
    assert counted(store, "FOST")[1] is None  # the value no longer counts
    row = stored.all_returns(store).iloc[0]
    assert (row["state"], row["return_reason"]) == (
        "returned",
        f"Its approved value was rolled back with batch {batch}.",
    )
    assert list(stored.steps(store, "FOST")["step"]) == ["submitted", "approved", "reopened"]
    assert submit(store, value="221") == "submitted"  # the officer can put it right


TARGETS_2026 = pd.DataFrame(
    {
        "indicator_id": ["CT", "CT", "TURN", "PLAIN"],
        "financial_year": ["2026/27"] * 4,
        "period": ["", "2026-05", "", ""],
        "target": [97.5, 19.7, 8.0, 50.0],
        "target_upper": [None, None, 12.0, None],
    }
)


@pytest.mark.parametrize(
    ("indicator_id", "accumulation", "month", "expected"),
    [
        ("CT", "year_to_date", "2026-05", (19.7, None)),  # its profile for May
        ("CT", "year_to_date", "2026-06", (97.5 * 3 / 12, None)),  # evenly: 3 months of 12
        ("TURN", "none", "2026-06", (8.0, 12.0)),  # a range: both bounds
        ("PLAIN", "none", "2026-06", (50.0, None)),  # the year's target
    ],
)
def test_a_return_is_judged_against_the_target_every_page_uses(
    indicator_id, accumulation, month, expected
):
    """A return's status as typed takes a profiled, evenly profiled or ranged target as the
    status of a loaded value does, not the year's target alone."""
    targets = TARGETS_2026[TARGETS_2026["indicator_id"] == indicator_id]
    definition = {"accumulation": accumulation}
    target, upper = cycle.period_target(targets, definition, parse_period(month, "monthly"))
    assert target == pytest.approx(expected[0])
    assert upper == (None if expected[1] is None else pytest.approx(expected[1]))
