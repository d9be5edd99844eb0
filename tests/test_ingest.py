import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from conftest import csv_bytes
from pmf_core.ingest import check_file, commit, load_bytes
from pmf_core.store import reads

TODAY = date(2021, 1, 15)


def load(store, text, kind="observations", name="extract.csv", **kw):
    data = text if isinstance(text, bytes) else csv_bytes(text)
    return load_bytes(store, kind, data, name, "analyst", today=TODAY, **kw)


def messages(report):
    return [str(p) for p in report.problems]


def count(store, table="observations"):
    return store.scalar(f"SELECT count(*) FROM {table}")


# A real analyst's extract as Excel writes it: BOM, CRLF, thousands separators, percentages,
# Oct-20, Sep-20 for a quarterly measure, headers in other case with spaces around them.
EXCEL_EXTRACT = (
    "\ufeff Indicator_ID , PERIOD,Value ,Commentary , Action\r\n"
    'CIC,Oct-20,70.00,"We are starting to see a reduction, slowly","1. Embed tracking"\r\n'
    "CIC,Sep-20,71.2,,\r\n"
    "FOST,Oct-20,206,WREC now have two social workers seconded,\r\n"
    'HOMES,Sep-20,47,"Q2 figure: 34 affordable rented, 4 relocatable units",\r\n'
    'CTX,Oct-20,"4,469",Increased number compared with previous years,\r\n'
).encode("utf-8")


def test_excel_written_extract_loads(small_store):
    report = load(small_store, EXCEL_EXTRACT)
    assert report.ok, messages(report)
    assert report.batch.rows_total == 5
    rows = small_store.query(
        "SELECT indicator_id, period, value, coalesce(commentary, '') "
        "FROM observations ORDER BY indicator_id, period"
    )
    assert rows.values.tolist() == [
        ["CIC", "2020-09", 71.2, ""],
        ["CIC", "2020-10", 70.0, "We are starting to see a reduction, slowly"],
        ["CTX", "2020-10", 4469.0, "Increased number compared with previous years"],
        ["FOST", "2020-10", 206.0, "WREC now have two social workers seconded"],
        ["HOMES", "2020/21 Q2", 47.0, "Q2 figure: 34 affordable rented, 4 relocatable units"],
    ]


@pytest.mark.parametrize(
    "text,value",
    [
        ("41.40%", 41.4),
        ("£1,234.50", 1234.5),
        (" 12 ", 12.0),
        ("-3.5", -3.5),
        ("1,000,000", 1e6),
        ("-£5", -5.0),
    ],
)
def test_value_forms(small_store, text, value):
    report = load(small_store, f'indicator_id,period,value\nCIC,2020-10,"{text}"\n')
    assert report.ok, messages(report)
    assert report.rows["value"].tolist() == [value]


def test_windows_1252_text_with_curly_quotes(small_store):
    text = (
        "indicator_id,period,value,commentary\r\nCIC,Oct-20,70,\u201cDrift\u201d \u2013 \u20ac5\r\n"
    )
    report = load(small_store, text.encode("cp1252"))
    assert report.ok, messages(report)
    assert report.rows["commentary"].tolist() == ["\u201cDrift\u201d \u2013 \u20ac5"]


def test_xlsx_first_sheet_with_dates_and_percent_cells(small_store):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Indicator ID", "Period", "Value", "Note"])
    sheet.append(["CIC", date(2020, 10, 31), 70, None])
    sheet.append(["FOST", "Oct-20", 206, None])
    sheet.append(["CTX", "Oct 2020", 0.4140, None])
    sheet["C4"].number_format = "0.00%"
    sheet.append([])
    buffer = io.BytesIO()
    book.save(buffer)
    report = load(small_store, buffer.getvalue(), name="extract.xlsx")
    assert report.ok, messages(report)
    assert report.rows[["period", "value"]].values.tolist() == [
        ["2020-10", 70.0],
        ["2020-10", 206.0],
        ["2020-10", 41.4],
    ]


def test_xlsx_sheet_named_like_the_kind(small_store):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("Observations")
    sheet.append(["indicator_id", "period", "value"])
    sheet.append(["CIC", "2020-10", 70])
    buffer = io.BytesIO()
    book.save(buffer)
    assert load(small_store, buffer.getvalue(), name="x.xlsx").ok


def test_every_problem_is_reported_with_row_column_and_value(small_store):
    text = """\
    indicator_id,period,value,note,rag_override,override_reason
    CIC,Septem 2020,70,,,
    NOPE,2020-10,1,,,
    FOST,2020-10,lots,,,
    HOMES,Oct-20,40,,,
    CIC,2020-10,70,,,
    CIC,2020-10,71,,,
    FOST,2021-03,200,,,
    FOST,2020-09,,,,
    FOST,2020-08,200,,Purple,
    FOST,2020-07,200,,red,
    ENG,Oct-20,60,,,
    """
    report = load(small_store, text)
    assert messages(report) == [
        'row 2, column period: "Septem 2020" is not a period; use 2020-09 or Sep-20',
        'row 3, column indicator_id: "NOPE" is not a known indicator; load it in the '
        "indicators file first",
        'row 4, column value: "lots" is not a number',
        'row 5, column period: "Oct-20" does not end a quarter; a quarterly measure takes '
        "Jun, Sep, Dec or Mar, or a quarter such as 2020/21 Q2",
        "row 7, column period: this indicator and period appear again (first at row 6)",
        'row 8, column period: "2021-03" is in the future; the latest period allowed ends '
        "in Jan 2021",
        "row 9, column note: is empty, but the row has no value; say why data is missing",
        'row 10, column rag_override: "Purple" is not one of Red, Amber, Green, Blue',
        "row 11, column override_reason: is empty; a RAG override needs its reason",
        'row 12, column period: "Oct-20" is not March; an annual measure takes the '
        "financial year, such as 2020/21, or March of the year it ends",
    ]
    assert count(small_store) == 0


def test_a_refused_file_changes_nothing(small_store):
    assert load(small_store, "indicator_id,period,value\nCIC,2020-10,70\n").ok
    before = small_store.query("SELECT * FROM observations")
    batches = reads.batches(small_store)
    report = load(small_store, "indicator_id,period,value\nCIC,2020-10,90\nCIC,2020-11,x\n")
    assert not report.ok
    assert small_store.query("SELECT * FROM observations").equals(before)
    assert reads.batches(small_store).equals(batches)


@pytest.mark.parametrize(
    "data,words",
    [
        (b"", "the file is empty"),
        (b"   \r\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"indicator_id,period\nCIC,2020-10\n", "column value: this required column is missing"),
        (b"indicator_id,period,value\n", "the file has a header but no rows"),
        (
            b"indicator_id,period,value\nCIC,2020-10,1,extra\n",
            "row 2: has 4 fields but the header has 3",
        ),
        (b"indicator_id,Period,period,value\nCIC,2020-10,2020-10,1\n", "appears twice"),
        (b"PK\x03\x04garbage", "not a readable .xlsx"),
    ],
)
def test_file_level_refusals(small_store, data, words):
    report = load(small_store, data)
    assert not report.ok
    assert any(words in m for m in messages(report)), messages(report)


def test_unknown_columns_are_ignored_with_a_warning(small_store):
    report = load(small_store, "indicator_id,period,value,RAG\nCIC,2020-10,70,Red\n")
    assert report.ok
    assert report.warnings == ['column "RAG" is not part of the observations file and was ignored']


def test_missing_value_with_note_is_accepted_and_stored_as_no_value(small_store):
    report = load(small_store, "indicator_id,period,value,note\nCIC,2020-10,n/a,System down\n")
    assert report.ok
    assert small_store.query("SELECT value IS NULL, note FROM observations").values.tolist() == [
        [True, "System down"]
    ]


def test_reload_makes_a_new_revision_and_keeps_the_old(small_store):
    load(small_store, "indicator_id,period,value\nCIC,2020-10,70\n")
    report = load(small_store, "indicator_id,period,value\nCIC,2020-10,68\nCIC,2020-11,66\n")
    assert (report.batch.rows_new, report.batch.rows_revised) == (1, 1)
    history = reads.revisions(small_store, "CIC")
    assert history[["period", "revision", "value", "is_current"]].values.tolist() == [
        ["2020-11", 1, 66.0, True],
        ["2020-10", 2, 68.0, True],
        ["2020-10", 1, 70.0, False],
    ]


def test_rollback_restores_the_revisions_it_replaced(small_store):
    from pmf_core.store.writes import rollback_batch

    first = load(small_store, "indicator_id,period,value\nCIC,2020-10,70\n").batch
    second = load(small_store, "indicator_id,period,value\nCIC,2020-10,68\nCIC,2020-11,66\n").batch
    rollback_batch(small_store, second.batch_id, "analyst")
    current = small_store.query(
        "SELECT period, value, batch_id FROM observations WHERE is_current ORDER BY period"
    ).values.tolist()
    assert current == [["2020-10", 70.0, first.batch_id]]
    assert count(small_store) == 3  # nothing is deleted: the batch stays for the record
    assert (
        reads.batches(small_store).set_index("batch_id").loc[second.batch_id, "status"]
        == "rolled_back"
    )


def test_rolling_back_a_middle_batch_keeps_the_newer_one_current(small_store):
    from pmf_core.store.writes import rollback_batch

    load(small_store, "indicator_id,period,value\nCIC,2020-10,70\n")
    middle = load(small_store, "indicator_id,period,value\nCIC,2020-10,68\n").batch
    load(small_store, "indicator_id,period,value\nCIC,2020-10,65\n")
    rollback_batch(small_store, middle.batch_id, "analyst")
    assert small_store.query("SELECT value FROM observations WHERE is_current")[
        "value"
    ].tolist() == [65.0]


def test_dry_run_writes_nothing(small_store):
    report = load(small_store, "indicator_id,period,value\nCIC,2020-10,70\n", dry_run=True)
    assert report.ok and report.batch is None and count(small_store) == 0


def test_batch_records_user_file_hash_and_counts(small_store):
    import hashlib

    data = csv_bytes("indicator_id,period,value\nCIC,2020-10,70\n")
    load(small_store, data, name="oct.csv")
    batch = reads.batches(small_store).iloc[0]
    assert (batch["file_name"], batch["loaded_by"], batch["rows_total"], batch["sha256"]) == (
        "oct.csv",
        "analyst",
        1,
        hashlib.sha256(data).hexdigest(),
    )


def test_indicator_file_problems(store):
    text = """\
    indicator_id,name,directorate,service,unit,frequency,polarity,decimals,perspective,amber_tolerance
    bad id!,X,D,S,%,monthly,higher_is_better,2,,
    A1,X,D,S,%,fortnightly,up,2,Customer,
    A1,X,D,S,%,monthly,higher_is_better,1.5,Money,-1
    A2,,D,S,%,Monthly,Higher is better,2,customer,abc
    """
    # Any perspective a council uses is taken ("Money"): see test_perspective_is_free_text.
    report = load(store, text, kind="indicators")
    assert messages(report) == [
        'row 2, column indicator_id: "bad id!" is not a valid id; use 1 to 40 letters, '
        'digits, "_", "." or "-"',
        'row 3, column frequency: "fortnightly" is not one of weekly, monthly, quarterly, '
        "six_monthly, annual",
        'row 3, column polarity: "up" is not one of higher_is_better, lower_is_better, none, '
        "within_range",
        'row 4, column amber_tolerance: "-1" is below 0',
        'row 4, column decimals: "1.5" is not a whole number of decimal places from 0 to 6',
        "row 4, column indicator_id: this indicator appears again (first at row 3)",
        'row 5, column amber_tolerance: "abc" is not a number',
        "row 5, column name: is empty; it is required",
    ]


def test_indicators_upsert_by_id(small_store):
    text = INDICATOR_HEADER + (
        "CIC,Children in care rate,People - Children's,Care & Protection,"
        "No.,monthly,lower_is_better\n"
    )
    report = load(small_store, text, kind="indicators")
    assert (report.batch.rows_new, report.batch.rows_revised) == (0, 1)
    names = reads.indicators(small_store).set_index("indicator_id")["name"]
    assert names["CIC"] == "Children in care rate" and len(names) == 5


INDICATOR_HEADER = "indicator_id,name,directorate,service,unit,frequency,polarity\n"


def test_target_problems(small_store):
    text = (
        "indicator_id,financial_year,target\nCIC,2020/22,60\nXX,2020/21,1\nCIC,2021-22,\n"
        "CIC,2021/22,5\n"
    )
    report = load(small_store, text, kind="targets")
    assert messages(report) == [
        'row 2, column financial_year: "2020/22" is not a financial year; use the form 2020/21',
        'row 3, column indicator_id: "XX" is not a known indicator; load it in the '
        "indicators file first",
        "row 4, column target: is empty; give the year's target, or leave the row out",
        "row 5, column financial_year: this indicator and year appear again (first at row 4)",
    ]


def test_check_file_previews_rows_without_writing(small_store):
    report = check_file(
        small_store,
        "observations",
        csv_bytes("indicator_id,period,value\nCIC,Oct-20,70\n"),
        "x.csv",
        TODAY,
    )
    assert report.ok and report.rows["period"].tolist() == ["2020-10"] and count(small_store) == 0


def test_a_checked_file_is_committed_once_and_steps_are_reported(small_store):
    steps = []
    report = check_file(
        small_store, "observations", EXCEL_EXTRACT, "oct.csv", TODAY, progress=steps.append
    )
    assert steps == ["Read 5 rows", "Found the required columns", "Checked every value: 0 problems"]
    before = count(small_store)
    done = commit(small_store, report, "jo")
    assert count(small_store) == before + 5 and done.batch.rows_new == 5
    assert reads.batches(small_store).iloc[0][["file_name", "loaded_by"]].tolist() == [
        "oct.csv",
        "jo",
    ]


def test_a_file_with_problems_is_never_committed(small_store):
    report = check_file(
        small_store,
        "observations",
        csv_bytes("indicator_id,period,value\nNOPE,2020-10,1\n"),
        "bad.csv",
        TODAY,
    )
    before = count(small_store), count(small_store, "batches")
    with pytest.raises(ValueError, match="no problems"):
        commit(small_store, report, "jo")
    assert (count(small_store), count(small_store, "batches")) == before


def test_lag_and_threshold_are_checked_and_a_perspective_is_free_text(store):
    text = """\
    indicator_id,name,directorate,service,unit,frequency,polarity,kind,lag_months,dot_threshold,perspective
    A1,X,D,S,%,annual,higher_is_better,place,1.5,-1,Learning and Growth
    A2,X,D,S,%,Half-Yearly,higher_is_better,kpi,121,abc,Internal Process
    A3,X,D,S,%,weekly,higher_is_better,PLACE,18,0.5,  State of the District\t
    """
    report = load(store, text, kind="indicators")
    assert messages(report) == [
        'row 2, column dot_threshold: "-1" is below 0',
        'row 2, column lag_months: "1.5" is not a whole number of months from 0 to 120',
        'row 3, column dot_threshold: "abc" is not a number',
        'row 3, column lag_months: "121" is not a whole number of months from 0 to 120',
    ]
    good = text.replace("1.5,-1", "0,1").replace("121,abc", ",")
    assert load(store, good, kind="indicators").ok
    got = reads.indicators(store).set_index("indicator_id")
    assert got.loc["A2", "frequency"] == "six_monthly" and got.loc["A3", "kind"] == "place"
    assert got.loc["A3", "perspective"] == "State of the District"
    assert (got.loc["A3", "lag_months"], got.loc["A3", "dot_threshold"]) == (18, 0.5)
    assert (got.loc["A2", "lag_months"], got.loc["A2", "dot_threshold"]) == (0, 0.0)


def test_inputter_and_checker_name_people_by_sign_in_name_or_address(store):
    text = """\
    indicator_id,name,directorate,service,unit,frequency,polarity,inputter,checker
    A1,X,D,S,%,monthly,higher_is_better, j.smith@example.org ; demo-officer ,demo-checker
    A2,X,D,S,%,monthly,higher_is_better,J Smith,boss@example
    A3,X,D,S,%,monthly,higher_is_better,,
    """
    report = load(store, text, kind="indicators")
    assert messages(report) == [
        'row 3, column checker: "boss@example" is neither an e-mail address nor a sign-in '
        'name (letters, digits, ".", "_" or "-"); separate several with ";"',
        'row 3, column inputter: "J Smith" is neither an e-mail address nor a sign-in '
        'name (letters, digits, ".", "_" or "-"); separate several with ";"',
    ]
    good = text.replace("J Smith", "jsmith").replace("boss@example", "boss@example.org")
    assert load(store, good, kind="indicators").ok
    got = reads.indicators(store).set_index("indicator_id")
    assert got.loc["A1", "inputter"] == "j.smith@example.org;demo-officer"
    assert got.loc["A1", "checker"] == "demo-checker"
    assert got.loc["A2", "checker"] == "boss@example.org"
    assert pd.isna(got.loc["A3", "inputter"]) and pd.isna(got.loc["A3", "checker"])
