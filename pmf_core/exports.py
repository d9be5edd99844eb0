"""The committee appendix (seed 002's Appendix 1) as CSV, Excel and Word, and safe CSV in general.

Every text cell is neutralised so a spreadsheet never runs it as a formula; numbers stay numbers,
shown with the indicator's decimals and unit.
"""
from __future__ import annotations

import io
from datetime import date

import pandas as pd

from pmf_core import actions, rag
from pmf_core.periods import label_for_key
from pmf_core.presentation import STATUS, dot_badge, format_value, status_badge

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
APPENDIX_COLUMNS = ["Indicator", "Service", "Period", "Unit", "Frequency", "Data", "RAG", "DOT",
                    "Target", "Last year", "Commentary", "Action"]
SEVERITY = {rag.RED: 0, rag.AMBER: 1, rag.BLUE: 2}
# Landscape A4 less 1.5 cm margins leaves 26.7 cm: the text columns get the room.
WORD_WIDTHS_CM = (3.5, 1.9, 1.7, 0.9, 1.8, 1.3, 1.6, 2.2, 1.3, 1.3, 4.6, 4.5)


def neutralise(text):
    """Prefix text that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, so Excel reads it) with every text cell neutralised."""
    cleaned = frame.copy()
    for column in cleaned.columns:
        if cleaned[column].dtype == object or pd.api.types.is_string_dtype(cleaned[column]):
            cleaned[column] = cleaned[column].map(neutralise)
    return cleaned.to_csv(index=False).encode("utf-8-sig")


def appendix_rows(status: pd.DataFrame, store, today: date,
                  plans: pd.DataFrame | None = None) -> pd.DataFrame:
    """The exceptions as a committee paper lists them: by directorate, then worst first.

    Keeps numbers as numbers; ``decimals`` rides along for formatting. The action is the one
    the exceptions page shows beside it (actions.beside_exceptions).
    """
    plans = actions.open_plans(store, today) if plans is None else plans
    rows = status.assign(_order=status["rag"].map(SEVERITY).fillna(9)).sort_values(
        ["directorate", "_order", "service", "name"])
    action = actions.beside_exceptions(rows, plans)["action"]
    return pd.DataFrame({
        "Directorate": rows["directorate"].to_numpy(),
        "Indicator": rows["name"].to_numpy(), "Service": rows["service"].to_numpy(),
        "Period": [label_for_key(k, f) for k, f in zip(rows["period"], rows["frequency"])],
        "Unit": rows["unit"].fillna("").to_numpy(),
        "Frequency": rows["frequency"].str.capitalize().to_numpy(),
        "Data": rows["value"].to_numpy(dtype=float), "RAG": rows["rag"].to_numpy(),
        "DOT": [dot_badge(d, p) for d, p in zip(rows["dot"], rows["polarity"])],
        "Target": rows["target"].to_numpy(dtype=float),
        "Last year": rows["last_year_value"].to_numpy(dtype=float),
        "Commentary": rows["commentary"].fillna("").to_numpy(),
        "Action": action.to_numpy(),
        "decimals": rows["decimals"].fillna(2).astype(int).to_numpy(),
    })


def appendix_csv(rows: pd.DataFrame) -> bytes:
    out = rows.drop(columns="decimals").copy()
    out["RAG"] = out["RAG"].map(status_badge)
    return safe_csv(out)


def appendix_xlsx(rows: pd.DataFrame, title: str) -> bytes:
    """Excel: title row, frozen header, filters, sensible widths, RAG cells coloured and worded."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Appendix"
    columns = ["Directorate"] + APPENDIX_COLUMNS
    sheet.append([neutralise(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(columns)
    for cell in sheet[2]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B0C0C")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for record in rows.to_dict("records"):
        sheet.append([_cell(record, c) for c in columns])
        row = sheet.max_row
        number_format = "#,##0" + ("." + "0" * record["decimals"] if record["decimals"] else "")
        for name in ("Data", "Target", "Last year"):
            sheet.cell(row, columns.index(name) + 1).number_format = number_format
        style = STATUS.get(record["RAG"])
        if style:
            cell = sheet.cell(row, columns.index("RAG") + 1)
            cell.fill = PatternFill("solid", fgColor=style.colour[1:].upper())
            cell.font = Font(bold=True, color=style.text_colour[1:].upper())
        for cell in sheet[row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"Directorate": 18, "Indicator": 34, "Service": 18, "Period": 11, "Unit": 7,
              "Frequency": 10, "Data": 10, "RAG": 11, "DOT": 13, "Target": 10, "Last year": 10,
              "Commentary": 60, "Action": 50}
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths[name]
    sheet.freeze_panes = "B3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{max(sheet.max_row, 2)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(record: dict, column: str):
    value = record[column]
    if column == "RAG":
        return status_badge(value)
    if column in ("Data", "Target", "Last year"):
        return None if value != value else float(value)
    return neutralise(value) if isinstance(value, str) else value


def appendix_docx(rows: pd.DataFrame, title: str) -> bytes:
    """Word: a landscape table, header repeated on each page, ready for the report template."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.add_heading(title, level=1)
    table = document.add_table(rows=1, cols=len(APPENDIX_COLUMNS))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_header(header, OxmlElement, qn)
    for cell, name in zip(header.cells, APPENDIX_COLUMNS):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    for record in rows.to_dict("records"):
        cells = table.add_row().cells
        for cell, name in zip(cells, APPENDIX_COLUMNS):
            cell.text = _word_text(record, name)
        style = STATUS.get(record["RAG"])
        if style:
            _shade(cells[APPENDIX_COLUMNS.index("RAG")], style, OxmlElement, qn)
    table.autofit = False
    for column, width in zip(table.columns, WORD_WIDTHS_CM):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, WORD_WIDTHS_CM):
            cell.width = Cm(width)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _word_text(record: dict, column: str) -> str:
    value = record[column]
    if column == "RAG":
        return status_badge(value)
    if column in ("Data", "Target", "Last year"):
        return "" if value is None or value != value else format_value(value, record["decimals"])
    return "" if value is None else str(value)


def _repeat_header(row, OxmlElement, qn) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _shade(cell, style, OxmlElement, qn) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), style.colour[1:].upper())
    cell._tc.get_or_add_tcPr().append(shading)
    for run in cell.paragraphs[0].runs:
        run.bold = True
        from docx.shared import RGBColor
        run.font.color.rgb = RGBColor.from_string(style.text_colour[1:].upper())


def appendix(store, as_at: int, committee: str | None, fmt: str, today: date,
             rags=rag.EXCEPTIONS, directorate: str | None = None) -> bytes:
    """The whole appendix for a committee as at a month, in one format."""
    from pmf_core.status import status_as_at

    status = status_as_at(store, as_at, committee=committee, directorate=directorate,
                          rags=list(rags))
    return appendix_file(status, store, today, fmt, appendix_title(committee, as_at))


def appendix_title(committee: str | None, as_at: int) -> str:
    from pmf_core.periods import month_label

    return f"{committee or 'All committees'}: performance exceptions as at {month_label(as_at)}"


def appendix_file(status: pd.DataFrame, store, today: date, fmt: str, title: str,
                  plans: pd.DataFrame | None = None) -> bytes:
    """The appendix of the exceptions in a status frame, in one format (csv, xlsx, docx)."""
    writers = {"csv": lambda rows: appendix_csv(rows),
               "xlsx": lambda rows: appendix_xlsx(rows, title),
               "docx": lambda rows: appendix_docx(rows, title)}
    if fmt not in writers:
        raise ValueError(f"format must be csv, xlsx or docx, not {fmt}")
    return writers[fmt](appendix_rows(status, store, today, plans))
