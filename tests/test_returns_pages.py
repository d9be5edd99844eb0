"""My returns, Sign-off and Collection through AppTest: an officer submits with the status
shown as typed, a checker approves, returns with a reason and approves all shown, an analyst
counts the states and downloads them; a write by the wrong person writes nothing."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from conftest import INDICATORS, ROOT, csv_bytes
from pmf_core.ingest import load_bytes
from pmf_core.ingest import return_lists as lists
from pmf_core.ingest import returns as cycle
from pmf_core.ingest.returns import Form
from pmf_core.outputs.appendix import safe_csv
from pmf_core.rules.entry_window import latest_ended
from pmf_core.rules.roles import Person
from pmf_core.store import returns as stored
from ui import returns_view

ACCOUNTS = {
    "olive": {"name": "Olive Officer", "email": "olive@example.org", "roles": ["officer"]},
    "otto": {"name": "Otto Other", "email": "otto@example.org", "roles": ["officer"]},
    "chris": {"name": "Chris Checker", "email": "chris@example.org", "roles": ["checker"]},
    "ana": {"name": "Ana Analyst", "email": "ana@example.org", "roles": ["analyst"]},
}
OLIVE = Person("olive", "Olive Officer", "olive@example.org", ("officer",))
# The latest month that has ended: its returns are open on the page today.
PERIOD = latest_ended("monthly", date.today())


@pytest.fixture
def cycle_db(small_store, monkeypatch):
    """The small store as the app's, FOST and CIC entered by Olive and checked by Chris, with
    targets for the open month's year (FOST 215, CIC 60)."""
    lines = INDICATORS.splitlines()
    named = {"CIC": "olive,chris", "FOST": "olive@example.org,chris@example.org"}
    text = "\n".join(
        [lines[0] + ",inputter,checker"]
        + [line + "," + named.get(line.split(",")[0], "otto,otto") for line in lines[1:]]
    )
    targets = f"indicator_id,financial_year,target\nFOST,{PERIOD.financial_year},215\n"
    targets += f"CIC,{PERIOD.financial_year},60\n"
    for kind, data in (("indicators", text), ("targets", targets)):
        assert load_bytes(small_store, kind, csv_bytes(data), f"{kind}.csv", "tester").ok
    monkeypatch.setenv("PMF_DB", small_store.path)
    return small_store


def page(user: str, path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["accounts"] = ACCOUNTS
    at.session_state["signed_in_user"] = user
    at.switch_page(path)
    return at.run()


def choose(at: AppTest, label: str, starts: str) -> AppTest:
    box = next(s for s in at.selectbox if s.label == label)
    (index,) = [i for i, option in enumerate(box.options) if option.startswith(starts)]
    return box.select_index(index).run()


def button(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def texts(at: AppTest) -> str:
    """Every text on the page, as a person reads it (markdown's escapes taken out)."""
    shown = " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.error, *at.success])
    return re.sub(r"\\(.)", r"\1", shown)


def test_an_officer_sees_the_status_as_typed_and_submits(cycle_db):
    at = choose(page("olive", "views/my_returns.py"), "Return to enter", "Number of active")
    assert not at.exception
    key = f"r_FOST_{PERIOD.key}"
    at.text_input(key=f"{key}_v").input("200").run()
    assert "Status as typed: Red" in texts(at)
    assert "Before submitting: explanation: is empty; a Red return needs one" in texts(at)
    at.text_input(key=f"{key}_v").input("212").run()
    assert "Status as typed: Amber" in texts(at)
    at.text_input(key=f"{key}_v").input("220").run()
    assert "Status as typed: Green" in texts(at) and "Before submitting" not in texts(at)
    at = button(at, "Submit for sign-off")
    assert f"Number of active foster carers, {PERIOD.label}: submitted." in texts(at)
    row = stored.all_returns(cycle_db).iloc[0]
    assert (row["indicator_id"], row["state"], row["value"], row["submitted_by"]) == (
        "FOST",
        "submitted",
        220.0,
        "Olive Officer",
    )


def test_a_refused_submission_names_field_and_value_and_writes_nothing(cycle_db):
    at = choose(page("olive", "views/my_returns.py"), "Return to enter", "Number of active")
    at.text_input(key=f"r_FOST_{PERIOD.key}_v").input("lots").run()
    at = button(at, "Submit for sign-off")
    assert [re.sub(r"\\(.)", r"\1", e.value) for e in at.error] == ['value: "lots" is not a number']
    assert stored.all_returns(cycle_db).empty


def test_the_wrong_role_is_refused_on_the_server_with_nothing_written(cycle_db, monkeypatch):
    checker = page("chris", "views/my_returns.py")
    assert "My returns is for people with the officer role" in checker.info[0].value
    assert not [t for t in checker.text_input if t.key.startswith("r_")]  # no form drawn
    # The page's own write, called as the form would call it, by Otto (not FOST's inputter)
    # and by Chris (a checker, no officer): refused by pmf_core, nothing written.
    row = lists.officer_returns(cycle_db, OLIVE, date.today()).set_index("indicator_id")
    fost = row.loc["FOST"].copy()
    fost["indicator_id"] = "FOST"
    shown = []
    monkeypatch.setattr("ui.returns_view.st.error", shown.append)
    for person in (
        Person("otto", "Otto Other", "otto@example.org", ("officer",)),
        Person("chris", "Chris Checker", "chris@example.org", ("checker",)),
        None,
    ):
        monkeypatch.setattr("ui.auth.current_person", lambda person=person: person)
        returns_view._save(cycle_db, fost, Form(value="220"), submit=True, today=date.today())
    assert len(shown) == 3 and all("inputter of FOST" in words for words in shown)
    assert stored.all_returns(cycle_db).empty


def submitted(store, indicator_id: str, value: str) -> None:
    cycle.save(store, OLIVE, indicator_id, PERIOD.key, Form(value=value), submit=True)


def test_a_checker_approves_one_and_returns_one_with_a_reason(cycle_db):
    submitted(cycle_db, "FOST", "220")
    submitted(cycle_db, "CIC", "55")
    at = page("chris", "views/sign_off.py")
    assert not at.exception
    at = choose(at, "Return to sign off", "Number of active foster carers")
    at = button(at, "Approve")
    assert f"Number of active foster carers, {PERIOD.label}: approved." in texts(at)
    at.text_area(key="return_reason").input("Is 55 the month-end count?").run()
    at = button(at, "Return to the officer")
    assert "returned to its officer" in texts(at)
    kept = stored.all_returns(cycle_db).set_index("indicator_id")
    assert kept.loc["FOST", "state"] == "approved" and kept.loc["CIC", "state"] == "returned"
    assert kept.loc["CIC", "return_reason"] == "Is 55 the month-end count?"
    assert "No return is waiting for your sign-off." in [i.value for i in at.info]
    # Olive sees it back, with the reason.
    mine = page("olive", "views/my_returns.py")
    mine = choose(mine, "Return to enter", "Rates of children in care")
    assert "Is 55 the month-end count?" in texts(mine)


def test_a_checker_approves_all_shown_and_an_officer_cannot(cycle_db):
    submitted(cycle_db, "FOST", "220")
    submitted(cycle_db, "CIC", "55")
    refused = page("olive", "views/sign_off.py")
    assert "Sign-off is for people with the checker role" in refused.info[0].value
    at = page("chris", "views/sign_off.py")
    at = button(at, "Approve all 2 shown")
    assert "Approved 2 returns." in texts(at)
    assert set(stored.all_returns(cycle_db)["state"]) == {"approved"}
    values = stored.current_values(cycle_db, ["FOST", "CIC"]).set_index("indicator_id")
    assert values.loc["FOST", "value"] == 220.0 and values.loc["CIC", "value"] == 55.0


def test_collection_counts_each_state_and_downloads_them(cycle_db):
    submitted(cycle_db, "FOST", "220")
    cycle.save(cycle_db, OLIVE, "CIC", PERIOD.key, Form(value="55"), submit=False)
    officer = page("olive", "views/collection.py")
    assert not officer.get("download_button")
    at = page("ana", "views/collection.py")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # The month picked is the store's latest with data: none here, so the month before today.
    assert metrics["Draft"] == "1" and metrics["Submitted"] == "1"
    assert metrics["Not started"] == "3" and metrics["Approved"] == "0"
    (download,) = at.get("download_button")
    assert download.proto.label == "Download as CSV"


def test_the_collection_download_holds_each_measure_with_its_state(cycle_db):
    submitted(cycle_db, "FOST", "220")
    every = lists.collection(cycle_db, PERIOD.end, date.today())
    text = safe_csv(lists.collection_export(every)).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == (
        "indicator_id,name,directorate,period,state,overdue_or_late,due,sign_off_due,"
        "inputter,checker,submitted_by,approved_by"
    )
    fost = next(line for line in lines if line.startswith("FOST,"))
    assert f",{PERIOD.key},submitted,," in fost and "Olive Officer" in fost
    assert len(lines) == 6  # the header and the five measures


def test_an_analyst_reopens_an_approved_return_on_collection(cycle_db):
    submitted(cycle_db, "FOST", "220")
    checker = Person("chris", "Chris Checker", "chris@example.org", ("checker",))
    row = stored.all_returns(cycle_db).iloc[0]
    cycle.approve(cycle_db, checker, "FOST", PERIOD.key, cycle.entry_of(row))
    at = page("ana", "views/collection.py")
    at.text_area(key="reopen_reason").input("Recounted after an audit").run()
    at = button(at, "Reopen")
    assert "reopened and sent back to its officer" in texts(at)
    kept = stored.all_returns(cycle_db).iloc[0]
    assert (kept["state"], kept["return_reason"]) == ("returned", "Recounted after an audit")
    assert list(stored.steps(cycle_db, "FOST")["step"]) == ["submitted", "approved", "reopened"]


def forced_step():
    """A checker's or analyst's write called directly by whoever is signed in (set by the
    test): approve all of the sign-off queue, approve one, or load a targets file."""
    from datetime import date

    import streamlit as st

    from pmf_core import ingest
    from pmf_core.ingest import return_lists
    from pmf_core.ingest import returns as cycle
    from pmf_core.rules.roles import Person
    from ui import auth, returns_view, uploads
    from ui.store import current_store

    if st.session_state["who"]:
        st.session_state[auth.USER] = st.session_state["who"]
    store, today = current_store(), date.today()
    everyone = Person("ana", "Ana Analyst", "ana@example.org", ("analyst",))
    queue = return_lists.sign_off_queue(store, everyone, today)
    what = st.session_state["what"]
    if what != "load" and queue.empty:  # approved: the rerun after it finds nothing to do
        st.write("Nothing is waiting.")
        return
    if what == "approve all":
        returns_view.approve_all(store, queue, today)
    elif what == "approve one":
        row = queue.iloc[0]
        returns_view._step(
            row,
            lambda person: cycle.approve(
                store, person, row["indicator_id"], row["period"], cycle.entry_of(row), today
            ),
            "approved",
        )
    else:
        data = st.session_state["targets"].encode()
        report = ingest.check_file(store, "targets", data, "targets.csv")
        assert report.ok and report.row_count == 1
        uploads.commit_once(store, ("forced", "targets"), report)


@pytest.mark.parametrize("who", ["olive", None])
@pytest.mark.parametrize("what", ["approve all", "approve one", "load"])
def test_an_officer_or_a_visitor_calling_a_write_directly_changes_nothing(cycle_db, who, what):
    submitted(cycle_db, "FOST", "220")
    targets = f"indicator_id,financial_year,target\nFOST,{PERIOD.financial_year},250\n"
    at = AppTest.from_function(forced_step, default_timeout=60)
    at.secrets["accounts"] = ACCOUNTS
    at.session_state["who"], at.session_state["what"] = who, what
    at.session_state["targets"] = targets
    at.run()
    assert not at.exception
    if what == "load":
        assert [e.value for e in at.error] == [
            "Only a signed-in analyst can load data. Nothing was changed."
        ]
    else:
        assert len(at.error) == 1 and "FOST" in at.error[0].value
    assert stored.all_returns(cycle_db).set_index("indicator_id").loc["FOST", "state"] == (
        "submitted"
    )
    assert stored.current_values(cycle_db, ["FOST"]).empty  # nothing counts
    target = cycle_db.scalar(
        "SELECT target FROM targets WHERE is_current AND indicator_id = 'FOST'"
    )
    assert target == 215  # the file was not loaded
    if what == "load":
        return
    # The same call by the measure's checker does write.
    at.session_state["who"] = "chris"
    at.run()
    assert not at.error
    assert stored.current_values(cycle_db, ["FOST"])["value"].tolist() == [220.0]
