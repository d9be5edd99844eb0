"""The Word appendix, read back: heading, header row repeated, values as the screen shows them."""
from __future__ import annotations

import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm

from pmf_core.outputs.appendix_docx import appendix_docx
from tests.test_appendix_xlsx import HEADER, appendix_frame


@pytest.fixture(scope="module")
def document():
    return docx.Document(io.BytesIO(appendix_docx(appendix_frame(), "Appendix 1: <People>")))


def texts(row) -> list[str]:
    return [cell.text for cell in row.cells]


def test_heading_is_the_title_as_written(document):
    assert document.paragraphs[0].text == "Appendix 1: <People>"


def test_one_table_with_the_header_row_then_a_row_per_measure(document):
    assert len(document.tables) == 1
    table = document.tables[0]
    assert texts(table.rows[0]) == HEADER
    assert len(table.rows) == 3
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def test_header_row_repeats_on_each_page(document):
    header = document.tables[0].rows[0]._tr
    flags = header.findall(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    assert [flag.get(qn("w:val")) for flag in flags] == ["true"]
    assert not document.tables[0].rows[1]._tr.findall(f"{qn('w:trPr')}/{qn('w:tblHeader')}")


def test_values_as_the_screen_shows_them(document):
    first = dict(zip(HEADER, texts(document.tables[0].rows[1])))
    assert first["Data"] == "70.25"
    assert first["Target"] == "60.00"
    assert first["Last year"] == ""
    assert "Red" in first["RAG"]
    assert first["Path to green"] == "31 Mar 2021"
    second = dict(zip(HEADER, texts(document.tables[0].rows[2])))
    assert (second["Data"], second["Target"], second["Last year"]) == ("206", "215", "200")
    assert second["Action"] == "" and second["Path to green"] == ""


def test_text_is_kept_as_written(document):
    # Word runs no formulas, so text is not prefixed as the spreadsheet formats are.
    first = dict(zip(HEADER, texts(document.tables[0].rows[1])))
    assert first["Commentary"] == "=HYPERLINK(\"http://x\")"
    assert first["Accountable officer"] == "@J Smith"


def test_a4_landscape(document):
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Cm(29.7)) < Cm(0.01)
    assert abs(section.page_height - Cm(21.0)) < Cm(0.01)


def test_rag_cell_shaded_and_others_not(document):
    row = document.tables[0].rows[1]
    shading = [cell._tc.findall(f"{qn('w:tcPr')}/{qn('w:shd')}") for cell in row.cells]
    assert [i for i, found in enumerate(shading) if found] == [HEADER.index("RAG")]
