"""The committee appendix, opened as Excel and Word would open it."""
import io
import subprocess
import sys
from datetime import date

import openpyxl
import pytest
from docx import Document

from conftest import ROOT, csv_bytes
from pmf_core import exports
from pmf_core.status import status_as_at
from pmf_core.ingest import load_bytes
from pmf_core.periods import month_index

OCT_2020 = month_index(2020, 10)
TODAY = date(2021, 1, 15)
HEADER = ["Indicator", "Service", "Period", "Unit", "Frequency", "Data", "RAG", "DOT", "Target",
          "Last year", "Commentary", "Action"]


@pytest.fixture
def exceptions_store(small_store):
    extract = (
        "indicator_id,period,value,commentary,action\n"
        'CIC,2019-10,67.1,,\nCIC,2020-09,71,,\n'
        'CIC,2020-10,70,"=HYPERLINK(""http://evil"",""click"")","1. Embed tracking"\n'
        'FOST,2020-10,206,"@SUM(A1:A9) looks like a formula",\n'
        'FOST,2020-09,206,,\nHOMES,2020/21 Q2,80,On track,\n'
        'CTX,2020-10,"4,469",Contextual,\n')
    report = load_bytes(small_store, "observations", csv_bytes(extract), "oct.csv", "jo",
                        today=TODAY)
    assert report.ok, report.problems
    return small_store


def test_xlsx_rows_values_words_and_no_formulas(exceptions_store):
    data = exports.appendix(exceptions_store, OCT_2020, "People and Health", "xlsx", TODAY)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "People and Health: performance exceptions as at Oct 2020"
    assert list(rows[1]) == ["Directorate"] + HEADER
    body = {r[1]: r for r in rows[2:]}
    assert set(body) == {"Rates of children in care per 10000", "Number of active foster carers"}
    cic = dict(zip(rows[1], body["Rates of children in care per 10000"]))
    assert (cic["Data"], cic["Target"], cic["Last year"]) == (70, 60, 67.1)
    assert cic["RAG"] == "✖ Red" and cic["DOT"] == "▼ Improving" and cic["Period"] == "Oct 2020"
    assert cic["Commentary"] == '\'=HYPERLINK("http://evil","click")'
    assert cic["Action"] == "1. Embed tracking"
    fost = dict(zip(rows[1], body["Number of active foster carers"]))
    assert fost["RAG"] == "◆ Amber" and fost["Commentary"].startswith("'@SUM")
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            assert cell.data_type != "f"
    assert sheet.freeze_panes == "B3" and sheet.auto_filter.ref.startswith("A2:")
    rag_cell = sheet.cell(3, 8)
    assert rag_cell.value == "✖ Red" and rag_cell.fill.fgColor.rgb.endswith("D4351C")
    assert sheet.cell(3, 7).number_format == "#,##0.00"       # the indicator's 2 decimals


def test_docx_is_a_landscape_table_with_the_appendix_columns(exceptions_store):
    data = exports.appendix(exceptions_store, OCT_2020, "People and Health", "docx", TODAY)
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.page_width > section.page_height
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == HEADER
    cells = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    cic = dict(zip(HEADER, cells["Rates of children in care per 10000"]))
    assert (cic["Data"], cic["Target"], cic["RAG"]) == ("70.00", "60.00", "✖ Red")
    assert cic["Commentary"].startswith("=HYPERLINK")      # Word never evaluates; kept as typed


def test_docx_rounds_figures_as_the_pages_and_rag_do(exceptions_store):
    rows = exports.appendix_rows(status_as_at(exceptions_store, OCT_2020,
                                              committee="People and Health",
                                              rags=["Red", "Amber"]), exceptions_store, TODAY)
    rows = rows.assign(Data=61.25, Target=2.25, decimals=[1] * len(rows))
    table = Document(io.BytesIO(exports.appendix_docx(rows, "t"))).tables[0]
    first = dict(zip(HEADER, [c.text for c in table.rows[1].cells]))
    assert (first["Data"], first["Target"]) == ("61.3", "2.3")      # not 61.2, 2.2


def test_csv_neutralises_formulas_and_keeps_numbers(exceptions_store):
    data = exports.appendix(exceptions_store, OCT_2020, "People and Health", "csv", TODAY)
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text and ",70.0," in text


def test_blue_and_amber_only_and_all_committees(exceptions_store):
    rows = exports.appendix_rows(
        __import__("pmf_core.status", fromlist=["x"]).status_as_at(
            exceptions_store, OCT_2020, rags=["Amber"]), exceptions_store, TODAY)
    assert rows["RAG"].tolist() == ["Amber"]


def test_cli_appendix(exceptions_store, tmp_path):
    out = tmp_path / "appendix.xlsx"
    result = subprocess.run([sys.executable, "-m", "pmf_core", "--db", exceptions_store.path,
                             "appendix", "--as-at", "2020-10", "--committee",
                             "People and Health", "--format", "xlsx", "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == 4   # title, header, two exceptions
