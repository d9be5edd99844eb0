"""The Excel appendix, read back: title, header row, values, formulas neutralised, print set-up."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from pmf_core.outputs.appendix import APPENDIX_COLUMNS
from pmf_core.outputs.appendix_xlsx import appendix_xlsx

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


def appendix_frame() -> pd.DataFrame:
    """Two appendix rows as appendix_rows would give them (plus decimals)."""
    return pd.DataFrame(
        [
            {
                "Indicator": "Children in care",
                "Service": "Care",
                "Period": "Oct 2020",
                "Unit": "No.",
                "Frequency": "monthly",
                "Data": 70.25,
                "Counts": "281 of 40,000",
                "RAG": "Red",
                "DOT": "Worsening",
                "Target": 60.0,
                "Target upper": float("nan"),
                "Last year": float("nan"),
                "Commentary": '=HYPERLINK("http://x")',
                "Action": "+1 more carers",
                "Accountable officer": "@J Smith",
                "Path to green": date(2021, 3, 31),
                "decimals": 2,
            },
            {
                "Indicator": "-Foster carers",
                "Service": "Care",
                "Period": "Oct 2020",
                "Unit": "No.",
                "Frequency": "monthly",
                "Data": 206.0,
                "Counts": "",
                "RAG": "Green",
                "DOT": "Improving",
                "Target": 215.0,
                "Target upper": float("nan"),
                "Last year": 200.0,
                "Commentary": "Steady",
                "Action": "",
                "Accountable officer": "A Jones",
                "Path to green": None,
                "decimals": 0,
            },
        ]
    )


@pytest.fixture(scope="module")
def sheet():
    data = appendix_xlsx(appendix_frame(), "=Appendix 1: People and Health")
    return openpyxl.load_workbook(io.BytesIO(data)).active


def row_values(sheet, row: int) -> list:
    return [cell.value for cell in sheet[row]]


def test_title_is_row_one_and_neutralised(sheet):
    assert sheet["A1"].value == "'=Appendix 1: People and Health"
    assert sheet["A1"].font.bold


def test_header_is_row_two_frozen_and_filtered(sheet):
    assert APPENDIX_COLUMNS == HEADER
    assert row_values(sheet, 2) == HEADER
    assert sheet.freeze_panes == "B3"
    assert sheet.auto_filter.ref == "A2:P4"


def test_formula_looking_text_is_neutralised(sheet):
    first = dict(zip(HEADER, row_values(sheet, 3)))
    assert first["Commentary"] == '\'=HYPERLINK("http://x")'
    assert first["Action"] == "'+1 more carers"
    assert first["Accountable officer"] == "'@J Smith"
    assert dict(zip(HEADER, row_values(sheet, 4)))["Indicator"] == "'-Foster carers"
    assert sheet.max_row == 4
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            assert cell.data_type != "f"


def test_numbers_stay_numbers_at_the_indicators_decimals(sheet):
    first = dict(zip(HEADER, row_values(sheet, 3)))
    assert first["Data"] == 70.25 and first["Target"] == 60.0
    assert first["Last year"] is None
    assert sheet.cell(3, HEADER.index("Data") + 1).number_format == "#,##0.00"
    assert sheet.cell(4, HEADER.index("Data") + 1).number_format == "#,##0"


def test_rag_is_worded_and_the_date_is_a_date(sheet):
    first = dict(zip(HEADER, row_values(sheet, 3)))
    assert "Red" in first["RAG"]
    assert "Green" in dict(zip(HEADER, row_values(sheet, 4)))["RAG"]
    assert first["Path to green"].date() == date(2021, 3, 31)
    red, green = (sheet.cell(row, HEADER.index("RAG") + 1).fill for row in (3, 4))
    assert red.fill_type == green.fill_type == "solid"
    assert red.fgColor.rgb != green.fgColor.rgb
    assert sheet.cell(3, HEADER.index("DOT") + 1).fill.fill_type is None


def test_prints_a4_landscape_one_page_wide_header_repeated(sheet):
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4 in Excel's numbering
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$2:$2"


def test_an_empty_appendix_still_has_its_header():
    empty = appendix_frame().iloc[0:0]
    sheet = openpyxl.load_workbook(io.BytesIO(appendix_xlsx(empty, "Nothing"))).active
    assert row_values(sheet, 2) == HEADER
    assert sheet.max_row == 2
