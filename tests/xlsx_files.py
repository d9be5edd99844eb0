"""Hand-made .xlsx files for the ingest tests: real workbooks with parts rewritten or removed."""

from __future__ import annotations

import io
import zipfile

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook(rows: list[list]) -> bytes:
    """A workbook as openpyxl writes it, one sheet holding these rows."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def part(data: bytes, name: str) -> str:
    """One part of a package, as text."""
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode()


def rewrite(data: bytes, parts: dict[str, bytes | None]) -> bytes:
    """The same package with some parts replaced (or removed, given None) or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename not in parts:
                out.writestr(info.filename, source.read(info.filename))
        for name, content in parts.items():
            if content is not None:
                out.writestr(name, content)
    return buffer.getvalue()


def sheet_xml(rows_xml: str, before: str = "") -> bytes:
    """A worksheet part whose sheetData holds the given row elements."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{before}<worksheet xmlns="{MAIN}">'
        f"<sheetData>{rows_xml}</sheetData></worksheet>"
    ).encode()


def inline_row(number: int, *texts: str) -> str:
    """A row of inline-string cells from column A."""
    cells = "".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{t}</t></is></c>'
        for i, t in enumerate(texts)
    )
    return f'<row r="{number}">{cells}</row>'


def with_sheet(rows_xml: str, before: str = "") -> bytes:
    """A real workbook whose only sheet is replaced by this XML."""
    return rewrite(workbook([["x"]]), {SHEET: sheet_xml(rows_xml, before)})


OBSERVATIONS_HEADER = inline_row(1, "indicator_id", "period", "value")


def bomb(rows: int = 2_000_001) -> bytes:
    """About 1 MB of .xlsx whose sheet unpacks (to about 60 MB) into this many data rows."""
    block = "".join(f"<row><c><v>{n}</v></c><c><v>{n * 7}</v></c></row>" for n in range(97))
    body = block * (rows // 97)
    body += "".join(f"<row><c><v>{n}</v></c></row>" for n in range(rows % 97))
    buffer = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(workbook([["x"]])))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        for info in base.infolist():
            if info.filename != SHEET:
                out.writestr(info.filename, base.read(info.filename))
        out.writestr(SHEET, sheet_xml(OBSERVATIONS_HEADER + body))
    return buffer.getvalue()
