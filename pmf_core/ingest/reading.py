"""Turn an uploaded file's bytes into a table of text cells, as a spreadsheet would show them.

Row numbers follow the spreadsheet: the header is row 1, so the first record is row 2.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from pmf_core.ingest.problems import FileRefused, Problem

XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class RawTable:
    """Text cells under normalised header names; ``row`` holds each record's spreadsheet row."""

    frame: pd.DataFrame
    headers: dict[str, str]  # normalised name -> header as written


def normalise_header(name: str) -> str:
    return "_".join(str(name).strip().lower().split())


def read_table(data: bytes, file_name: str, kind: str) -> RawTable:
    """Read CSV or .xlsx bytes; raise FileRefused with every file-level problem."""
    if not data or not data.strip():
        raise FileRefused([Problem(None, None, None, "the file is empty")])
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data, kind)
    else:
        rows = None
    frame = _frame_from_rows(rows) if rows is not None else _csv_frame(_decode(data))
    return _with_headers(frame)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise FileRefused([Problem(None, None, None,
                                   "this is not a text file; upload a CSV or an .xlsx workbook")])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused([Problem(None, None, None, "the file is neither UTF-8 nor Windows-1252 "
                                                 "text; save it from Excel as CSV (UTF-8)")])


def _csv_frame(text: str) -> pd.DataFrame:
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                           skip_blank_lines=False, header=None, engine="c")
    except pd.errors.ParserError as exc:
        return _ragged_csv(text, exc)
    except pd.errors.EmptyDataError:
        raise FileRefused([Problem(None, None, None, "the file is empty")]) from None


def _ragged_csv(text: str, exc: Exception) -> pd.DataFrame:
    """Find every record whose field count differs from the header's, and refuse them all."""
    records = list(csv.reader(io.StringIO(text)))
    width = len(records[0])
    problems = [Problem(number, None, None,
                        f"has {len(fields)} fields but the header has {width}")
                for number, fields in enumerate(records, start=1)
                if fields and len(fields) != width]
    raise FileRefused(problems or [Problem(None, None, None, f"the CSV cannot be read: {exc}")])


def _xlsx_rows(data: bytes, kind: str) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileRefused([Problem(None, None, None,
                                   f"this is not a readable .xlsx workbook ({exc})")]) from None
    try:
        sheet = next((s for s in book.worksheets if s.title.strip().lower() == kind),
                     book.worksheets[0])
        return [[_cell_text(cell) for cell in row] for row in sheet.iter_rows()]
    finally:
        book.close()


def _cell_text(cell) -> str:
    """A cell as text, as Excel would display it where that matters (dates, percentages)."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if "%" in str(getattr(cell, "number_format", "") or ""):
            value = round(value * 100, 10)
        return _number_text(value)
    return str(value)


def _number_text(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def _frame_from_rows(rows: list[list[str]]) -> pd.DataFrame:
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise FileRefused([Problem(None, None, None, "the workbook's sheet is empty")])
    width = max(len(r) for r in rows)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)


def _with_headers(frame: pd.DataFrame) -> RawTable:
    header = [str(h) for h in frame.iloc[0].tolist()]
    body = frame.iloc[1:].copy()
    names = [normalise_header(h) for h in header]
    seen: dict[str, int] = {}
    problems = []
    for position, name in enumerate(names):
        if name and name in seen:
            problems.append(Problem(1, header[position], header[position],
                                    "appears twice in the header"))
        seen.setdefault(name, position)
    if problems:
        raise FileRefused(problems)
    keep = [i for i, name in enumerate(names) if name]
    body = body.iloc[:, keep]
    body.columns = [names[i] for i in keep]
    body = body.fillna("")
    body["row"] = range(2, len(body) + 2)
    blank = (body.drop(columns="row").apply(lambda c: c.str.strip()) == "").all(axis=1)
    return RawTable(body[~blank].reset_index(drop=True),
                    {names[i]: header[i].strip() for i in keep})
