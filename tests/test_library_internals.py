"""The few library internals the product leans on, checked by name so that an upgrade of a
pinned library that moves one fails here, in plain words, rather than somewhere obscure.

- openpyxl's ExcelReader steps (read_manifest, read_workbook, read_strings), its parser's
  find_sheets and valid_files, and a workbook's _number_formats: the upload reads a sheet's
  list and styles without load_workbook, which would parse every sheet in full first.
- Streamlit's get_script_run_ctx (the running page, to keep each page's selection apart) and
  its bundled DataFrame.*.js and PlotlyChart.*.js chunks (loaded in the background so the
  first table and chart are quick).
"""

import io
from datetime import date

import openpyxl
import pytest
import streamlit
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from streamlit.testing.v1 import AppTest

from pmf_core.ingest.workbook import read_workbook
from ui.warmup import WARMED, lazy_chunk
from xlsx_files import workbook


def test_the_pinned_versions_are_the_ones_checked_here():
    assert (openpyxl.__version__, streamlit.__version__) == ("3.1.5", "1.67.0")


def test_openpyxls_reader_steps_are_where_the_upload_calls_them():
    data = workbook([["id", "when"], ["X1", date(2020, 10, 31)]])
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    reader.read_manifest()
    reader.read_workbook()
    sheets = [(sheet.name, rel.target) for sheet, rel in reader.parser.find_sheets()]
    assert sheets == [("Sheet", "xl/worksheets/sheet1.xml")]
    assert "xl/worksheets/sheet1.xml" in reader.valid_files
    reader.read_strings()
    apply_stylesheet(reader.archive, reader.wb)
    assert [str(f) for f in reader.wb._number_formats] == ["yyyy-mm-dd"]
    reader.archive.close()


def test_a_custom_date_format_reads_as_the_date_it_shows():
    # openpyxl writes a date with a custom format (id 164 or above, looked up in the
    # workbook's _number_formats): without it the cell would read as a serial number.
    grid = read_workbook(workbook([["id", "when"], ["X1", date(2020, 10, 31)]]), "observations")
    assert grid.rows[1] == ["X1", "2020-10-31"]


def test_streamlits_run_context_names_the_page():
    app = AppTest.from_string(
        "import streamlit as st\n"
        "from streamlit.runtime.scriptrunner import get_script_run_ctx\n"
        "st.write(repr(get_script_run_ctx().page_script_hash))\n"
    ).run()
    assert not app.exception
    shown = app.markdown[0].value
    assert shown.startswith("'") and len(shown) > 4


@pytest.mark.parametrize("element", WARMED)
def test_streamlit_bundles_exactly_one_chunk_for_each_warmed_element(element):
    chunk = lazy_chunk(element)
    assert chunk and chunk.startswith(f"{element}.") and chunk.endswith(".js")
