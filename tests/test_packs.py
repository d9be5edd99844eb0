"""Packs as presented: frozen once, unchanged by later revisions, and what changed since."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from docx import Document
from test_cli import run

from conftest import INDICATORS, csv_bytes
from pmf_core.ingest import load_bytes
from pmf_core.outputs import packs
from pmf_core.outputs.appendix_file import presented, written
from pmf_core.rules.cover import CoverDetails
from pmf_core.rules.periods import month_index
from pmf_core.store import reads
from pmf_core.store.packs import REPEAT_SECONDS
from pmf_core.store.writes import rollback_batch

OCT_2020 = month_index(2020, 10)
MEETING = date(2020, 12, 1)
FROZEN = datetime(2020, 12, 1, 9, 0)
COMMITTEE = "People and Health"
# CIC 70 against 60 (lower is better, 5% tolerance: Red); HOMES 73 against 75 and FOST 206
# against 215 (higher is better, within 5%: Amber); CTX has no polarity (Not rated).
EXTRACT = (
    "indicator_id,period,value,commentary,action\n"
    'CIC,2020-10,70,"<b>Bold</b> **claim** [link](http://x.org)",Embed tracking\n'
    "FOST,2020-10,206,,\n"
    "HOMES,2020/21 Q2,73,Short of supply,\n"
    "CTX,2020-10,4469,,\n"
)


def load(store, text: str, day: date = date(2020, 11, 15)) -> None:
    report = load_bytes(store, "observations", csv_bytes(text), "obs.csv", "jo", today=day)
    assert report.ok, report.problems


@pytest.fixture
def frozen(small_store):
    """The small store with October's returns and one pack of them frozen."""
    load(small_store, EXTRACT)
    made = packs.freeze(small_store, "people and health", OCT_2020, MEETING, "Jo", now=FROZEN)
    assert made.created
    return small_store, made.pack_id


def xlsx_cells(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


def docx_text(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return [p.text for p in document.paragraphs] + cells


def test_a_pack_holds_the_exceptions_in_the_appendix_order(frozen):
    store, pack_id = frozen
    rows = packs.as_presented(store, pack_id).rows
    # Red first, then Amber by directorate: "People - Adults..." sorts before "People - Children's".
    assert rows["indicator_id"].tolist() == ["CIC", "HOMES", "FOST"]
    assert rows["Data"].tolist() == [70.0, 73.0, 206.0]
    assert rows["RAG"].tolist() == ["Red", "Amber", "Amber"]
    assert rows["Period"].tolist() == ["Oct 2020", "Q2 2020/21", "Oct 2020"]
    assert rows["Commentary"].iloc[0] == "<b>Bold</b> **claim** [link](http://x.org)"
    # An extract's action opens an action: the appendix shows its plan with its status.
    assert rows["Action"].iloc[0] == "Embed tracking (open)"
    head = packs.header(store, pack_id)
    assert (head["committee"], head["as_at"], head["frozen_by"]) == (COMMITTEE, OCT_2020, "Jo")
    assert head["rows_total"] == 3


def test_a_revision_leaves_the_pack_and_its_appendix_as_presented(frozen):
    store, pack_id = frozen
    at_freeze = presented(
        store, OCT_2020, COMMITTEE, FROZEN.date(), given=CoverDetails(meeting_date=MEETING)
    )
    before = {fmt: packs.pack_appendix(store, pack_id, fmt) for fmt in ("csv", "xlsx", "docx")}
    assert before["csv"] == written(at_freeze, "csv")
    load(store, "indicator_id,period,value\nCIC,2020-10,58\n", date(2020, 12, 5))
    after = {fmt: packs.pack_appendix(store, pack_id, fmt) for fmt in ("csv", "xlsx", "docx")}
    assert after["csv"] == before["csv"]
    assert xlsx_cells(after["xlsx"]) == xlsx_cells(written(at_freeze, "xlsx"))
    assert docx_text(after["docx"]) == docx_text(written(at_freeze, "docx"))
    assert "1 December 2020" in " ".join(docx_text(after["docx"]))  # the meeting on the cover
    # Today's appendix for the same month no longer lists CIC (58 meets its target of 60).
    today = presented(store, OCT_2020, COMMITTEE, FROZEN.date())
    assert today.rows["indicator_id"].tolist() == ["HOMES", "FOST"]
    changes = packs.changed_since(store, pack_id)
    assert changes.drop(columns="Indicator").values.tolist() == [
        ["CIC", "value revised, status changed", "70.00", "58.00", "Red", "Green"]
    ]


def test_changed_since_names_a_later_return_and_a_new_exception(small_store):
    # At the freeze CIC's latest return is September's (70: Red) and FOST meets its target.
    load(small_store, "indicator_id,period,value\nCIC,2020-09,70\nFOST,2020-10,220\n")
    pack_id = packs.freeze(small_store, COMMITTEE, OCT_2020, MEETING, "Jo", now=FROZEN).pack_id
    assert packs.as_presented(small_store, pack_id).rows["indicator_id"].tolist() == ["CIC"]
    assert packs.changed_since(small_store, pack_id).empty
    load(small_store, "indicator_id,period,value\nCIC,2020-10,71\nFOST,2020-10,150\n")
    changes = packs.changed_since(small_store, pack_id).drop(columns="Indicator")
    assert changes.values.tolist() == [
        ["CIC", "a later return (Oct 2020)", "70.00", "71.00", "Red", "Red"],
        ["FOST", "new exception", "not listed", "150", "–", "Red"],
    ]


def test_a_second_freeze_within_seconds_is_the_same_pack_and_later_a_new_one(frozen):
    store, pack_id = frozen
    again = packs.freeze(store, COMMITTEE, OCT_2020, MEETING, "Jo", now=FROZEN)
    assert (again.pack_id, again.created) == (pack_id, False)
    later = FROZEN + timedelta(seconds=REPEAT_SECONDS + 1)
    other = packs.freeze(store, COMMITTEE, OCT_2020, MEETING, "Jo", now=later)
    assert other.created and other.pack_id == pack_id + 1
    other_meeting = packs.freeze(store, COMMITTEE, OCT_2020, date(2021, 1, 5), "Jo", now=later)
    assert other_meeting.created
    newest_first = [pack_id + 2, pack_id + 1, pack_id]
    assert packs.listing(store, COMMITTEE)["pack_id"].tolist() == newest_first
    assert packs.listing(store, "Audit and Governance").empty


def test_freezing_refuses_an_unknown_committee_and_a_month_without_data(frozen):
    store, _ = frozen
    with pytest.raises(packs.PackError, match='"Scrutiny" is not a committee'):
        packs.freeze(store, "Scrutiny", OCT_2020, MEETING, "Jo")
    with pytest.raises(packs.PackError, match="no data as at Nov 2020"):
        packs.freeze(store, COMMITTEE, OCT_2020 + 1, MEETING, "Jo")
    with pytest.raises(packs.PackError, match="no data as at Oct 2019"):
        packs.freeze(store, COMMITTEE, OCT_2020 - 12, MEETING, "Jo")
    with pytest.raises(packs.PackError, match="there is no pack 99"):
        packs.pack_appendix(store, 99, "csv")


def test_the_command_line_freezes_lists_and_writes_a_packs_appendix(small_store, tmp_path):
    load(small_store, EXTRACT)
    db = small_store.path
    made = run(db, "pack", "--committee", "PEOPLE and health", "--as-at", "2020-10",
               "--meeting", "2020-12-01", "--user", "Jo")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout == (
        "pack 1: 3 exceptions of People and Health as at 2020-10 for the meeting on 2020-12-01\n"
    )
    listed = run(db, "packs", "--committee", "people and health")
    assert listed.stdout.splitlines()[0] == (
        "pack_id,committee,as_at,meeting,exceptions,frozen_by,frozen_at,kind,measures"
    )
    assert listed.stdout.splitlines()[1].startswith("1,People and Health,Oct 2020,2020-12-01,3,Jo,")
    assert listed.stdout.splitlines()[1].endswith(",exceptions,3")
    first = tmp_path / "first.csv"
    assert run(db, "appendix", "--pack", 1, "--format", "csv", "--out", first).returncode == 0
    load(small_store, "indicator_id,period,value\nCIC,2020-10,58\n", date(2020, 12, 5))
    second = tmp_path / "second.csv"
    assert run(db, "appendix", "--pack", 1, "--format", "csv", "--out", second).returncode == 0
    assert second.read_bytes() == first.read_bytes()
    assert "Rates of children in care per 10000" in second.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pack", "--committee", "Nope", "--as-at", "2020-10", "--meeting", "2020-12-01"],
         '"Nope" is not a committee; the committees are: Audit and Governance, People and '
         "Health, Place and Resources"),
        (["pack", "--committee", COMMITTEE, "--as-at", "2021-03", "--meeting", "2021-04-01"],
         "People and Health has no data as at Mar 2021: nothing to freeze"),
        (["pack", "--committee", COMMITTEE, "--as-at", "2020-10", "--meeting", "2020-02-30"],
         '--meeting: Meeting date: "2020-02-30" is not a date'),
        (["pack", "--committee", COMMITTEE, "--as-at", "2020-13", "--meeting", "2020-12-01"],
         "--as-at:"),
        (["appendix", "--pack", "7", "--format", "csv", "--out", "x.csv"], "there is no pack 7"),
        (["appendix", "--pack", "7", "--as-at", "2020-10", "--format", "csv", "--out", "x.csv"],
         "--pack takes the pack's own selection and cover"),
        (["appendix", "--format", "csv", "--out", "x.csv"], "appendix needs --as-at"),
        (["packs", "--committee", "Nope"], '"Nope" is not a committee'),
    ],
)  # fmt: skip
def test_the_command_line_says_what_is_wrong(small_store, args, message):
    load(small_store, EXTRACT)
    result = run(small_store.path, *args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {message}"), result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert small_store.scalar("SELECT count(*) FROM packs") == 0


def test_a_later_pack_holds_the_revision_and_the_first_keeps_what_it_held(frozen):
    store, first = frozen
    load(store, "indicator_id,period,value\nFOST,2020-10,150\n", date(2020, 12, 5))
    later = FROZEN + timedelta(days=30)
    second = packs.freeze(store, COMMITTEE, OCT_2020, date(2021, 1, 5), "Al", now=later).pack_id
    assert packs.as_presented(store, first).rows["Data"].tolist() == [70.0, 73.0, 206.0]
    assert packs.as_presented(store, second).rows["Data"].tolist() == [150.0, 70.0, 73.0]
    assert packs.changed_since(store, second).empty
    assert packs.header(store, second)["frozen_by"] == "Al"


def test_a_store_made_before_packs_gains_their_tables_and_keeps_its_rows(small_store):
    load(small_store, EXTRACT)
    with small_store.transaction() as con:  # as a store made before packs were kept
        con.execute("DROP TABLE pack_rows")
        con.execute("DROP TABLE packs")
        con.execute("DROP SEQUENCE pack_ids")
    small_store.create()
    made = packs.freeze(small_store, COMMITTEE, OCT_2020, MEETING, "Jo", now=FROZEN)
    assert (made.pack_id, made.created) == (1, True)
    assert len(packs.as_presented(small_store, 1).rows) == 3


def test_a_store_whose_packs_had_no_kind_keeps_them_as_exceptions(small_store):
    load(small_store, EXTRACT)
    packs.freeze(small_store, COMMITTEE, OCT_2020, MEETING, "Jo", now=FROZEN)
    with small_store.transaction() as con:  # as a store made before the report was frozen
        con.execute("ALTER TABLE packs DROP COLUMN kind")
        con.execute("DROP TABLE pack_reports")
    small_store.create()
    assert packs.header(small_store, 1)["kind"] == "exceptions"
    assert packs.as_presented(small_store, 1).rows["indicator_id"].tolist() == [
        "CIC",
        "HOMES",
        "FOST",
    ]
    assert small_store.scalar("SELECT count(*) FROM pack_reports") == 0


def test_changed_since_names_a_withdrawn_return_and_a_measure_moved_away(small_store):
    load(small_store, "indicator_id,period,value\nCIC,2020-10,70\nFOST,2020-10,206\n")
    load(small_store, "indicator_id,period,value\nHOMES,2020/21 Q2,73\n")
    pack_id = packs.freeze(small_store, COMMITTEE, OCT_2020, MEETING, "Jo", now=FROZEN).pack_id
    rollback_batch(small_store, int(reads.batches(small_store)["batch_id"].max()), "Jo")
    moved = INDICATORS.replace(
        "Care & Protection,No.,monthly,lower_is_better,People and Health",
        "Care & Protection,No.,monthly,lower_is_better,Audit and Governance",
    )
    report = load_bytes(small_store, "indicators", csv_bytes(moved), "moved.csv", "jo")
    assert report.ok, report.problems
    changes = packs.changed_since(small_store, pack_id).drop(columns="Indicator")
    assert changes.values.tolist() == [
        ["CIC", "no longer the committee's measure", "70.00", "–", "Red", "–"],
        ["HOMES", "return withdrawn, status changed", "73", "–", "Amber", "No data"],
    ]


def test_a_pack_keeps_a_ranges_upper_bound(demo_store):
    # Staff turnover (8.0 to 12.0 %) reads 12.1 % in Oct 2026: an exception for Audit and
    # Governance, presented with both bounds
    made = packs.freeze(
        demo_store, "Audit and Governance", month_index(2026, 10), date(2026, 11, 20), "Jo"
    )
    rows = packs.as_presented(demo_store, made.pack_id).rows.set_index("indicator_id")
    assert rows.loc["CD0302", ["Target", "Target upper"]].tolist() == [8.0, 12.0]
    assert rows.drop(index="CD0302")["Target upper"].isna().all()


def test_changed_since_names_a_return_approved_since_with_who_and_when(small_store):
    from pmf_core.ingest import returns as cycle
    from pmf_core.ingest.returns import Form
    from pmf_core.rules.presentation import uk_datetime
    from pmf_core.rules.roles import Person
    from pmf_core.store import returns as stored_returns

    lines = INDICATORS.splitlines()
    text = "\n".join(
        [lines[0] + ",inputter,checker"] + [line + ",olive,chris" for line in lines[1:]]
    )
    assert load_bytes(small_store, "indicators", csv_bytes(text), "i.csv", "jo").ok
    # At the freeze CIC's latest return is September's (70: Red); October comes as a return.
    load(small_store, "indicator_id,period,value\nCIC,2020-09,70\nFOST,2020-10,220\n")
    pack_id = packs.freeze(small_store, COMMITTEE, OCT_2020, MEETING, "Jo", now=FROZEN).pack_id
    olive = Person("olive", "Olive Officer", "olive@example.org", ("officer",))
    chris = Person("chris", "Chris Checker", "chris@example.org", ("checker",))
    form = Form(value="71", explanation="Demand up", action_plan="Edge-of-care team")
    cycle.save(small_store, olive, "CIC", "2020-10", form, submit=True, today=date(2020, 11, 5))
    assert packs.changed_since(small_store, pack_id).empty  # submitted: nothing counts yet
    before = datetime.now()
    entry = cycle.entry_of(stored_returns.all_returns(small_store).iloc[0])
    cycle.approve(small_store, chris, "CIC", "2020-10", entry, date(2020, 11, 6))
    (step,) = (
        stored_returns.steps(small_store, "CIC")
        .query("step == 'approved'")[["done_by", "done_at"]]
        .itertuples(index=False)
    )
    assert step.done_by == "Chris Checker" and before <= step.done_at <= datetime.now()
    changes = packs.changed_since(small_store, pack_id).drop(columns="Indicator")
    when = uk_datetime(step.done_at)
    assert changes.values.tolist() == [
        [
            "CIC",
            "a later return (Oct 2020), return approved (Oct 2020) by Chris Checker on " + when,
            "70.00",
            "71.00",
            "Red",
            "Red",
        ]
    ]
    # A return approved before the freeze is not named by a pack frozen after it.
    later = packs.freeze(
        small_store, COMMITTEE, OCT_2020, MEETING, "Jo", now=datetime.now() + timedelta(hours=1)
    ).pack_id
    assert packs.changed_since(small_store, later).empty
