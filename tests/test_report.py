"""The quarterly report: one section per strategic measure with its image and figures, read back
from Word with python-docx, and the HTML self-contained.

The report store, worked by hand: SAT (62.0 target, 5% band = 3.1) is 57.1 in Q1 and 55.2 in
Q2 2020/21, Red both times and worsening; HOMES (75, band 3.75) is 70 in Q1 (Red) and 80 in Q2
(Green), so one measure improved its status; BINS is a service measure, so not in the report.
"""

import io

import pytest
from docx import Document

from conftest import csv_bytes
from pmf_core.ingest import load_bytes
from pmf_core.outputs import report, report_docx, report_html
from pmf_core.outputs.report_file import report_file

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
INDICATORS = (
    "indicator_id,name,directorate,service,unit,frequency,polarity,level,priority,decimals,"
    "public,owner\n"
    "SAT,Residents satisfied with the council (%),Corporate,Customer,%,quarterly,"
    "higher_is_better,strategic,Responsive council,1,yes,Officer Planted-Officer\n"
    "HOMES,Affordable homes delivered,Place,Housing,No.,quarterly,higher_is_better,strategic,"
    "Suitable housing,0,yes,\n"
    "BINS,Missed bins per 100000,Place,Waste,No.,monthly,lower_is_better,service,"
    "Unique environment,0,no,\n"
)
TARGETS = """\
indicator_id,financial_year,target
SAT,2020/21,62
HOMES,2020/21,75
BINS,2020/21,40
"""
OBSERVATIONS = f"""\
indicator_id,period,value,commentary
SAT,2020/21 Q1,57.14,
SAT,2020/21 Q2,55.2,"{HOSTILE.replace('"', '""')}"
HOMES,2020/21 Q1,70,
HOMES,2020/21 Q2,80,Ahead of plan after two large schemes completed.
BINS,2020-09,38,
"""


def load(store, kind: str, text: str, user: str = "tester"):
    result = load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", user)
    assert result.ok, result.problems
    return result


def with_report_data(store):
    """The store with this file's indicators, targets and observations loaded."""
    for kind, text in (
        ("indicators", INDICATORS),
        ("targets", TARGETS),
        ("observations", OBSERVATIONS),
    ):
        load(store, kind, text)
    return store


@pytest.fixture
def report_store(store):
    return with_report_data(store)


def test_sections_are_the_strategic_measures_with_their_figures(report_store):
    built = report.build(report_store, "2020/21 Q2")
    assert (built.quarter, built.covers) == ("Q2 2020/21", "July to September 2020")
    got = {v.indicator_id: (v.value, v.target, v.rag, v.dot, v.commentary) for v in built.sections}
    assert got == {
        "SAT": ("55.2%", "62.0%", "Red", "▼ Worsening", HOSTILE),
        "HOMES": (
            "80",
            "75",
            "Green",
            "▲ Improving",
            "Ahead of plan after two large schemes completed.",
        ),
    }
    sat = next(v for v in built.sections if v.indicator_id == "SAT")
    assert sat.sentence == (
        "55.2% in Q2 2020/21 against a target of 62.0%: Red, worse than the "
        "previous quarter (57.1%)."
    )
    assert sat.trend["value"].tolist() == [57.14, 55.2]


def test_summary_counts_and_changes_else_the_given_text(report_store):
    built = report.build(report_store, "Q2 2020/21")
    assert built.summary == [
        "This report covers 2 strategic measures, each at its latest return: 1 Red and 1 Green.",
        "Since the end of Q1 2020/21, 1 improved their status and 0 moved to a worse one.",
    ]
    given = report.build(report_store, "2020/21 Q2", "First paragraph\nwraps.\n\nSecond.")
    assert given.summary == ["First paragraph wraps.", "Second."] and given.summary_given


def test_a_quarter_with_no_strategic_measures(store):
    built = report.build(store, "2020/21 Q2")
    assert built.sections == [] and built.summary == ["There are no measures to report."]
    assert b"There are no measures in the store yet." in report_html.report_html(built)
    assert Document(io.BytesIO(report_docx.report_docx(built))).paragraphs


def test_latest_quarter_and_report_file(report_store):
    from pmf_core.rules.periods import month_index

    assert [report.latest_quarter(month_index(2020, m)) for m in (9, 10, 11, 12)] == [
        "2020/21 Q2",
        "2020/21 Q2",
        "2020/21 Q2",
        "2020/21 Q3",
    ]
    assert report.latest_quarter(month_index(2021, 2)) == "2020/21 Q3"
    html = report_file(report_store, "2020/21 Q2", "html")
    assert html.startswith(b"<!DOCTYPE html>")
    assert report_file(report_store, "2020/21 Q2", "docx")[:2] == b"PK"


def test_a_store_with_no_strategic_measure_reports_every_measure_and_says_so(store, tmp_path):
    from pmf_core.cli import main

    # The report store's three measures, none marked strategic (as Dorset's 35 are).
    load(store, "indicators", INDICATORS.replace(",strategic,", ",service,"))
    load(store, "targets", TARGETS)
    load(store, "observations", OBSERVATIONS)
    built = report.build(store, "2020/21 Q2")
    assert {v.indicator_id for v in built.sections} == {"SAT", "HOMES", "BINS"}
    # BINS (38 against 40, lower is better) is Green; SAT Red; HOMES Green.
    assert built.summary[0] == (
        "No measure is marked strategic, so this report covers every "
        "measure: 3, each at its latest return: 1 Red and 2 Green."
    )
    out = tmp_path / "report.html"
    assert (
        main(
            [
                "--db",
                str(store.path),
                "report",
                "--quarter",
                "2020/21 Q2",
                "--format",
                "html",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    html = out.read_text(encoding="utf-8")
    assert "none is marked strategic, so this report covers every measure" in html
    assert "Missed bins per 100000" in html and "no strategic measures" not in html
    docx = Document(io.BytesIO(report_docx.report_docx(built)))
    assert any("covers every measure" in p.text for p in docx.paragraphs)


def test_an_exception_with_no_action_says_so_in_the_exceptions_pages_words(report_store):
    # SAT is Red with no action and no action text in its return; HOMES is Green.
    built = report.build(report_store, "2020/21 Q2")
    assert list(built.exceptions) == ["SAT"]
    plan = built.exceptions["SAT"]
    assert (plan.action, plan.status) == ("No action recorded.", "no open action")
    assert plan.path_to_green.startswith(
        "the action plan's date not set; on current figures: Too few points to project"
    )
