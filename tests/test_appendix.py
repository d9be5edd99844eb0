"""The committee appendix, opened as Excel and Word would open it."""

import csv
import io
import subprocess
import sys
from datetime import date

import openpyxl
import pytest
from docx import Document

from conftest import ROOT, csv_bytes
from pmf_core.analysis.status import status_as_at
from pmf_core.ingest import load_bytes
from pmf_core.outputs import appendix, appendix_docx, appendix_file
from pmf_core.rules import exception_list
from pmf_core.rules.periods import month_index
from pmf_core.store.writes import add_action
from tests.test_appendix_docx import plain_cover

OCT_2020 = month_index(2020, 10)
TODAY = date(2021, 1, 15)
HEADER = [
    "Indicator",
    "Service",
    "Period",
    "Unit",
    "Frequency",
    "Data",
    "Counts",
    "RAG",
    "DOT",
    "Target",
    "Target upper",
    "Last year",
    "Commentary",
    "Action",
    "Accountable officer",
    "Path to green",
]
CIC, FOST = "Rates of children in care per 10000", "Number of active foster carers"
HOMES = "Number of affordable homes delivered"


@pytest.fixture
def exceptions_store(small_store):
    extract = (
        "indicator_id,period,value,commentary,action\n"
        "CIC,2019-10,67.1,,\nCIC,2020-09,71,,\n"
        'CIC,2020-10,70.004,"=HYPERLINK(""http://evil"",""click"")","1. Embed tracking"\n'
        'FOST,2020-10,206,"@SUM(A1:A9) looks like a formula",\n'
        "FOST,2020-09,206,,\nHOMES,2020/21 Q2,73,Short of supply,\n"
        'CTX,2020-10,"4,469",Contextual,\n'
    )
    report = load_bytes(
        small_store, "observations", csv_bytes(extract), "oct.csv", "jo", today=TODAY
    )
    assert report.ok, report.problems
    add_action(
        small_store,
        "FOST",
        explanation="",
        action_plan="-5 carers short: recruit",
        officer="=Jo Bloggs",
        path_to_green=date(2021, 3, 31),
        status="open",
        user="jo",
    )
    return small_store


def xlsx_rows(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def csv_records(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_xlsx_rows_values_words_and_no_formulas(exceptions_store):
    data = appendix_file.appendix(exceptions_store, OCT_2020, "People and Health", "xlsx", TODAY)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == (
        "People and Health: Red, Amber and Blue performance exceptions as at Oct 2020"
    )
    assert list(rows[1]) == HEADER
    body = {r[0]: r for r in rows[2:]}
    assert set(body) == {CIC, FOST, HOMES}
    cic = dict(zip(rows[1], body[CIC]))
    assert (cic["Data"], cic["Target"], cic["Last year"]) == (70, 60, 67.1)
    assert cic["RAG"] == "✖ Red" and cic["DOT"] == "▼ Improving" and cic["Period"] == "Oct 2020"
    assert cic["Commentary"] == '\'=HYPERLINK("http://evil","click")'
    assert cic["Action"] == "1. Embed tracking (open)"
    fost = dict(zip(rows[1], body[FOST]))
    assert fost["RAG"] == "◆ Amber" and fost["Commentary"].startswith("'@SUM")
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            assert cell.data_type != "f"
    assert sheet.freeze_panes == "B3" and sheet.auto_filter.ref.startswith("A2:")
    rag_cell = sheet.cell(3, 8)
    assert rag_cell.value == "✖ Red" and rag_cell.fill.fgColor.rgb.endswith("D4351C")
    assert sheet.cell(3, 6).number_format == "#,##0.00"  # the indicator's 2 decimals


def test_every_format_has_seed_002s_columns_then_officer_and_path_to_green(exceptions_store):
    def make(fmt):
        return appendix_file.appendix(exceptions_store, OCT_2020, "People and Health", fmt, TODAY)

    assert list(xlsx_rows(make("xlsx"))[1]) == HEADER
    assert list(csv_records(make("csv"))[0]) == HEADER
    table = Document(io.BytesIO(make("docx"))).tables[-1]
    assert [c.text for c in table.rows[0].cells] == HEADER


def test_rows_come_worst_first_as_the_exceptions_page_orders_them(exceptions_store):
    # Red before Amber across directorates: CIC (Children's, Red), then the Ambers by
    # directorate: HOMES (Adults and Housing) before FOST (Children's).
    for fmt in ("xlsx", "csv"):
        data = appendix_file.appendix(exceptions_store, OCT_2020, "People and Health", fmt, TODAY)
        names = (
            [r[0] for r in xlsx_rows(data)[2:]]
            if fmt == "xlsx"
            else [r["Indicator"] for r in csv_records(data)]
        )
        assert names == [CIC, HOMES, FOST], fmt
    status = status_as_at(
        exceptions_store, OCT_2020, committee="People and Health", rags=["Red", "Amber"]
    )
    for sort_by in exception_list.SORTS:
        rows = appendix.appendix_rows(status, exceptions_store, TODAY, sort_by=sort_by)
        page = exception_list.ordered(status, sort_by)
        assert rows["Indicator"].tolist() == page["name"].tolist()
    by_name = appendix.appendix_rows(status, exceptions_store, TODAY, sort_by="Measure")
    assert by_name["Indicator"].tolist() == [FOST, HOMES, CIC]


def test_numbers_at_the_indicators_decimals_in_every_format(exceptions_store):
    records = {
        r["Indicator"]: r
        for r in csv_records(
            appendix_file.appendix(exceptions_store, OCT_2020, "People and Health", "csv", TODAY)
        )
    }
    assert (records[CIC]["Data"], records[CIC]["Target"], records[CIC]["Last year"]) == (
        "70.00",
        "60.00",
        "67.10",
    )
    assert (records[FOST]["Data"], records[FOST]["Target"]) == ("206", "215")  # not 206.0
    rows = xlsx_rows(
        appendix_file.appendix(exceptions_store, OCT_2020, "People and Health", "xlsx", TODAY)
    )
    cic = dict(zip(HEADER, next(r for r in rows[2:] if r[0] == CIC)))
    assert cic["Data"] == 70.0  # 70.004 rounded to its 2 decimals, no float noise
    table = Document(
        io.BytesIO(
            appendix_file.appendix(exceptions_store, OCT_2020, "People and Health", "docx", TODAY)
        )
    ).tables[-1]
    cells = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert dict(zip(HEADER, cells[CIC]))["Data"] == "70.00"


def test_officer_and_path_to_green_come_from_the_action_plan(exceptions_store):
    records = {
        r["Indicator"]: r
        for r in csv_records(
            appendix_file.appendix(exceptions_store, OCT_2020, "People and Health", "csv", TODAY)
        )
    }
    fost = records[FOST]
    assert fost["Action"] == "'-5 carers short: recruit (open)"
    assert fost["Accountable officer"] == "'=Jo Bloggs"
    assert fost["Path to green"] == "31 Mar 2021"
    assert records[CIC]["Path to green"] == records[CIC]["Accountable officer"] == ""
    rows = xlsx_rows(
        appendix_file.appendix(exceptions_store, OCT_2020, "People and Health", "xlsx", TODAY)
    )
    fost = dict(zip(HEADER, next(r for r in rows[2:] if r[0] == FOST)))
    assert fost["Accountable officer"] == "'=Jo Bloggs"
    assert fost["Path to green"].date() == date(2021, 3, 31)


def test_excel_prints_a4_landscape_one_page_wide_with_the_header_on_every_page(exceptions_store):
    data = appendix_file.appendix(exceptions_store, OCT_2020, "People and Health", "xlsx", TODAY)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (int(sheet.page_setup.fitToWidth), int(sheet.page_setup.fitToHeight)) == (1, 0)
    assert sheet.print_title_rows == "$2:$2"
    assert [c.value for c in sheet[2]] == HEADER


def test_docx_is_a_landscape_table_with_the_header_repeated(exceptions_store):
    data = appendix_file.appendix(exceptions_store, OCT_2020, "People and Health", "docx", TODAY)
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert round(section.page_width.cm, 1) == 29.7 and round(section.page_height.cm, 1) == 21.0
    table = document.tables[-1]
    assert "w:tblHeader" in table.rows[0]._tr.xml
    assert "w:tblHeader" not in table.rows[1]._tr.xml
    cells = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    cic = dict(zip(HEADER, cells[CIC]))
    assert (cic["Data"], cic["Target"], cic["RAG"]) == ("70.00", "60.00", "✖ Red")
    assert cic["Commentary"].startswith("=HYPERLINK")  # Word never evaluates; kept as typed


def test_docx_rounds_figures_as_the_pages_and_rag_do(exceptions_store):
    rows = appendix.appendix_rows(
        status_as_at(
            exceptions_store, OCT_2020, committee="People and Health", rags=["Red", "Amber"]
        ),
        exceptions_store,
        TODAY,
    )
    rows = rows.assign(Data=61.25, Target=2.25, decimals=[1] * len(rows))
    table = Document(io.BytesIO(appendix_docx.appendix_docx(rows, plain_cover()))).tables[-1]
    first = dict(zip(HEADER, [c.text for c in table.rows[1].cells]))
    assert (first["Data"], first["Target"]) == ("61.3", "2.3")  # not 61.2, 2.2


def test_csv_neutralises_formulas_and_keeps_numbers(exceptions_store):
    data = appendix_file.appendix(exceptions_store, OCT_2020, "People and Health", "csv", TODAY)
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text and ",70.00," in text


def test_blue_and_amber_only_and_all_committees(exceptions_store):
    rows = appendix.appendix_rows(
        status_as_at(exceptions_store, OCT_2020, rags=["Amber"]), exceptions_store, TODAY
    )
    assert rows["RAG"].tolist() == ["Amber", "Amber"]


def test_cli_appendix(exceptions_store, tmp_path):
    out = tmp_path / "appendix.xlsx"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pmf_core",
            "--db",
            exceptions_store.path,
            "appendix",
            "--as-at",
            "2020-10",
            "--committee",
            "People and Health",
            "--format",
            "xlsx",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == 5  # title, header, three exceptions
    assert [r[0] for r in sheet.iter_rows(min_row=3, values_only=True)] == [CIC, HOMES, FOST]


def test_word_cover_counts_every_measure_of_the_committee_and_names_the_details(
    exceptions_store, tmp_path
):
    # People and Health as at Oct 2020: CIC 70.00 against 60 (lower is better) is Red, FOST
    # and HOMES are Amber (the rows above), and CTX, with no target and no polarity, is Not
    # rated. Asked for Red and Amber: three listed, one more counted. HOMES is quarterly, so its
    # latest return is Q2 2020/21. 31 Oct 2020 to 21 Jan 2021 is 2 months and 21 days.
    from pmf_core.cli import main

    out = tmp_path / "appendix.docx"
    assert (
        main(
            [
                "--db",
                exceptions_store.path,
                "appendix",
                "--as-at",
                "2020-10",
                "--committee",
                "People and Health",
                "--rag",
                "Red,Amber",
                "--format",
                "docx",
                "--out",
                str(out),
                "--meeting",
                "People and Health Scrutiny Committee",
                "--meeting-date",
                "2021-01-21",
                "--author",
                "Jo Bloggs, Head of Performance",
                "--portfolio-holder",
                "Cllr A Smith",
            ]
        )
        == 0
    )
    document = Document(str(out))
    facts = dict((r.cells[0].text, r.cells[1].text) for r in document.tables[0].rows)
    assert facts == {
        "Meeting": "People and Health Scrutiny Committee",
        "Meeting date": "21 January 2021",
        "Report of": "Jo Bloggs, Head of Performance",
        "Portfolio holder": "Cllr A Smith",
        "Selection": "October 2020 · People and Health · All directorates · All "
        "services · rated red or amber",
        "Figures as at": "October 2020",
    }
    text = [p.text for p in document.paragraphs]
    assert "3 red or amber and 1 not rated (4 measures). 3 listed: 1 red and 2 amber." in text
    assert (
        "The figures are as at the end of October 2020, 2 months and 21 days before the "
        "meeting on 21 January 2021, so later returns may tell a different story. Quarterly "
        "and annual measures show their latest return; the oldest shown is for Q2 2020/21."
    ) in text
    assert (
        "To note the measures rated red or amber as at the end of October 2020 and the "
        "actions to address them."
    ) in text


def test_cli_refuses_a_bad_meeting_date_naming_it(exceptions_store, tmp_path, capsys):
    from pmf_core.cli import main

    out = tmp_path / "appendix.docx"
    assert (
        main(
            [
                "--db",
                exceptions_store.path,
                "appendix",
                "--as-at",
                "2020-10",
                "--format",
                "docx",
                "--out",
                str(out),
                "--meeting-date",
                "21/01/2021",
            ]
        )
        == 2
    )
    assert 'Meeting date: "21/01/2021" is not a date' in capsys.readouterr().err
    assert not out.exists()
