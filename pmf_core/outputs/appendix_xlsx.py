"""The committee appendix as an Excel workbook that prints as it opens (A4 landscape)."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pmf_core.outputs.appendix import APPENDIX_COLUMNS, NUMBER_COLUMNS, neutralise
from pmf_core.rules.presentation import STATUS, rag_badge

HEADER_ROW = 2  # row 1 holds the title
WIDTHS = {
    "Indicator": 34,
    "Service": 18,
    "Period": 11,
    "Unit": 7,
    "Frequency": 10,
    "Data": 10,
    "Counts": 14,
    "RAG": 11,
    "DOT": 13,
    "Target": 10,
    "Target upper": 10,
    "Last year": 10,
    "Commentary": 60,
    "Action": 50,
    "Accountable officer": 18,
    "Path to green": 12,
}
DATE_FORMAT = "d mmm yyyy"


def appendix_xlsx(rows: pd.DataFrame, title: str) -> bytes:
    """Excel: title row, frozen header, filters, widths, RAG cells coloured and worded."""
    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one sheet
    sheet.title = "Appendix"
    sheet.append([neutralise(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(APPENDIX_COLUMNS)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B0C0C")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for record in rows.to_dict("records"):
        sheet.append([_cell(record, c) for c in APPENDIX_COLUMNS])
        _style_row(sheet, sheet.max_row, record)
    for index, name in enumerate(APPENDIX_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    last = get_column_letter(len(APPENDIX_COLUMNS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(sheet.max_row, HEADER_ROW)}"
    set_up_printing(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def set_up_printing(sheet) -> None:
    """A4 landscape, one page wide (as many long as it needs), header row on every page."""
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.oddFooter.center.text = "Page &P of &N"


def _style_row(sheet, row: int, record: dict) -> None:
    places = int(record["decimals"])
    number_format = "#,##0" + ("." + "0" * places if places else "")
    for name in NUMBER_COLUMNS:
        sheet.cell(row, APPENDIX_COLUMNS.index(name) + 1).number_format = number_format
    sheet.cell(row, APPENDIX_COLUMNS.index("Path to green") + 1).number_format = DATE_FORMAT
    style = STATUS.get(record["RAG"])
    if style:
        cell = sheet.cell(row, APPENDIX_COLUMNS.index("RAG") + 1)
        cell.fill = PatternFill("solid", fgColor=style.colour[1:].upper())
        cell.font = Font(bold=True, color=style.text_colour[1:].upper())
    for cell in sheet[row]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _cell(record: dict, column: str):
    value = record[column]
    if column == "RAG":
        return rag_badge(value, record.get("rag_source"))
    if column in NUMBER_COLUMNS:
        return None if pd.isna(value) else float(value)
    return neutralise(value) if isinstance(value, str) else value
