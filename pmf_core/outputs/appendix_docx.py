"""The committee appendix in Word: a cover page, then a table on A4 landscape with its header row
repeated on each page and "Page N of M" in the footer."""

from __future__ import annotations

import io

import pandas as pd
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pmf_core.outputs.appendix import APPENDIX_COLUMNS, NUMBER_COLUMNS
from pmf_core.outputs.docx_cover import paper
from pmf_core.rules.cover import Cover
from pmf_core.rules.presentation import STATUS, format_value, rag_badge, uk_date

# Landscape A4 less 1.5 cm margins leaves 26.7 cm. Commentary and Action are what members read
# (the widest columns in a council's own appendix), so they get the room; the short figures and
# words around them wrap at most once at 8 pt.
WIDTHS_CM = (2.2, 1.4, 1.2, 0.8, 1.6, 1.2, 1.3, 1.3, 1.7, 1.2, 1.0, 1.2, 3.75, 3.6, 1.85, 1.4)
FONT_SIZE = Pt(8)
CELL_MARGIN_TWIPS = 30  # 0.05 cm each side (Word's default is 0.19 cm): no word split


def appendix_docx(rows: pd.DataFrame, cover: Cover) -> bytes:
    """Word: the cover, then a landscape table, header repeated on each page, pages numbered."""
    document = paper(cover)
    document.add_heading(cover.title, level=1)
    table = document.add_table(rows=1, cols=len(APPENDIX_COLUMNS))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_header(header)
    for cell, name in zip(header.cells, APPENDIX_COLUMNS):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    for record in rows.to_dict("records"):
        cells = table.add_row().cells
        for cell, name in zip(cells, APPENDIX_COLUMNS):
            cell.text = _text(record, name)
        style = STATUS.get(record["RAG"])
        if style:
            shade(cells[APPENDIX_COLUMNS.index("RAG")], style)
    _size(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _size(table) -> None:
    """Fixed column widths (Word ignores autofit otherwise) and small print throughout."""
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    for column, width in zip(table.columns, WIDTHS_CM):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS_CM):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = FONT_SIZE


def _text(record: dict, column: str) -> str:
    value = record[column]
    if column == "RAG":
        return rag_badge(value, record.get("rag_source"))
    if column in NUMBER_COLUMNS:
        return format_value(value, record["decimals"]) if value == value else ""
    if column == "Path to green":
        return uk_date(value, "")
    return "" if value is None else str(value)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def shade(cell, style) -> None:
    """A status cell filled in its colour, its text bold in the status's text colour."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), style.colour[1:].upper())
    cell._tc.get_or_add_tcPr().append(shading)
    for run in cell.paragraphs[0].runs:
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(style.text_colour[1:].upper())
