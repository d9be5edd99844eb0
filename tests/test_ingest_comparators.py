"""The benchmarks and groups validators: each refusal with its row and column, as for own files."""

from datetime import date

from conftest import csv_bytes
from pmf_core.ingest import check_file

HEADER = "metric_id,metric_name,area_code,area_name,period,value,unit,polarity\n"
TODAY = date(2026, 11, 26)


def problems(store, kind, text):
    report = check_file(store, kind, csv_bytes(text), f"{kind}.csv", today=TODAY)
    return [str(p) for p in report.problems], report


def test_periods_are_read_by_their_form_and_stored_canonically(store):
    found, report = problems(
        store,
        "benchmarks",
        HEADER + "A,Annual,E06000001,Hartlepool,2020-21,1,,\n"
        "Q,Quarterly,E06000001,Hartlepool,Q2 2020/21,2,,\n"
        "M,Monthly,E06000001,Hartlepool,Oct-20,3,,\n"
        "M,Monthly,E06000001,Hartlepool,2020-11,4,,\n",
    )
    assert found == []
    rows = report.rows
    assert rows["period"].tolist() == ["2020/21", "2020/21 Q2", "2020-10", "2020-11"]
    assert rows["frequency"].tolist() == ["annual", "quarterly", "monthly", "monthly"]
    assert rows["polarity"].tolist() == ["none"] * 4  # the default


def test_one_definition_and_one_kind_of_period_per_metric(store):
    found, _ = problems(
        store,
        "benchmarks",
        HEADER + "R,Recycling,E06000001,Hartlepool,2020/21,40,%,higher_is_better\n"
        "R,Recycling rate,E06000004,Stockton,2020/21,41,%,higher_is_better\n"
        "R,Recycling,E06000005,Darlington,2020/21,42,kg,higher_is_better\n"
        "R,Recycling,E06000005,Darlington,Oct 2020,42,%,higher_is_better\n",
    )
    assert found == [
        'row 3, column metric_name: "Recycling rate" differs from the metric_name given for '
        'this metric (row 2: "Recycling")',
        'row 4, column unit: "kg" differs from the unit given for this metric (row 2: "%")',
        'row 5, column period: "Oct 2020" is not the same kind of period (month, quarter or '
        'financial year) as this metric\'s others (row 2: "2020/21")',
    ]


def test_future_periods_bad_codes_and_empty_names_are_refused(store):
    found, _ = problems(
        store,
        "benchmarks",
        HEADER + "R,Recycling,E06000001,Hartlepool,2027/28,40,,\n"
        "R,Recycling,E06 000004,Stockton,2020/21,41,,\n"
        "R,Recycling,E06000005,,2020/21,42,,\n"
        "R,Recycling,E06000006,Halton,2020/21,1e309,,\n",
    )
    assert found[:3] == [
        'row 2, column period: "2027/28" is in the future; the latest period allowed ends in '
        "Nov 2026",
        'row 3, column area_code: "E06 000004" is not a code; use 1 to 40 letters, digits, '
        '"_", "." or "-"',
        "row 4, column area_name: is empty; it is required",
    ]


def test_rows_without_a_value_are_skipped_not_refused(store):
    found, report = problems(
        store,
        "benchmarks",
        HEADER + "R,Recycling,E06000001,Hartlepool,2020/21,n/a,,\n"
        "R,Recycling,E06000004,Stockton,2020/21,,,\n"
        'R,Recycling,E06000005,Darlington,2020/21,"1,234",,\n',
    )
    assert found == [] and report.rows["value"].tolist() == [1234.0]


def test_a_groups_file_needs_group_and_area_once_each(store):
    found, report = problems(
        store,
        "groups",
        "Group, Area_Code ,Area_Name\n"
        "CIPFA,E06000001,Hartlepool\nCIPFA,E06000004,\n"
        "Region,E06000001,Hartlepool\n",
    )
    assert found == [] and report.rows["group_name"].tolist() == ["CIPFA", "CIPFA", "Region"]
    assert report.rows["area_name"].tolist()[1] is None
