"""Turn an uploaded file's bytes into a table of text cells, as a spreadsheet would show them.

Row numbers follow the spreadsheet: the header is row 1, so the first record is row 2. Every
unusable file ends in FileRefused with plain words; the size and row limits are checked before
the rows are read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd

from pmf_core.ingest.limits import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, too_large, too_many_rows
from pmf_core.ingest.problems import UNNAMED, FileRefused, Problem, excerpt, refused
from pmf_core.ingest.workbook import read_workbook
from pmf_core.ingest.xlsx_cells import column_letter

XLSX_MAGIC = b"PK\x03\x04"
NOT_TEXT = "this is not a text file; upload a CSV or an .xlsx workbook"


@dataclass
class RawTable:
    """Text cells under normalised header names; ``row`` holds each record's spreadsheet row."""

    frame: pd.DataFrame
    headers: dict[str, str]  # normalised name -> header as written
    problems: list[Problem] = field(default_factory=list)  # cells unreadable as typed


def normalise_header(name: str) -> str:
    return "_".join(str(name).strip().lower().split())


def read_table(data: bytes, file_name: str, kind: str) -> RawTable:
    """Read CSV or .xlsx bytes; raise FileRefused with every file-level problem."""
    if len(data) > MAX_BYTES:
        raise refused(too_large(len(data)))
    if not data or not data.strip():
        raise refused("the file is empty")
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith((".xlsx", ".xlsm")):
        grid = read_workbook(data, kind)
        return _table(pd.DataFrame(grid.rows, dtype=str), grid.numbers, grid.bad, grid.columns)
    frame = _csv_frame(_decode(data))
    return _table(frame, list(range(1, len(frame) + 1)), [], list(range(1, frame.shape[1] + 1)))


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _no_nul(_decode_utf16(data))
    if b"\x00" in data[:8192]:
        raise refused(NOT_TEXT)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return _no_nul(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise refused(
        "the file is neither UTF-8 nor Windows-1252 text; save it from Excel as CSV (UTF-8)"
    )


def _decode_utf16(data: bytes) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        row = data[: exc.start - exc.start % 2].decode("utf-16", "replace").count("\n") + 1
        raise refused(
            f"this UTF-16 file cannot be read as UTF-16 text ({exc.reason}); save it "
            "from Excel as CSV (UTF-8)",
            row,
        ) from None


def _no_nul(text: str) -> str:
    """Refuse text holding a NUL character: a binary file, or one damaged in transit."""
    at = text.find("\x00")
    if at >= 0:
        raise refused(NOT_TEXT, text.count("\n", 0, at) + 1)
    return text


def _csv_frame(text: str) -> pd.DataFrame:
    _check_row_limit(text)
    _check_header_width(text)
    try:
        return pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            header=None,
            engine="c",
        )
    except pd.errors.EmptyDataError:
        raise refused("the file is empty") from None
    except (pd.errors.ParserError, ValueError, OverflowError, csv.Error) as exc:
        return _ragged_csv(text, exc)


def _check_row_limit(text: str) -> None:
    """Line breaks bound the records from above; count records only when that bound is over."""
    if max(text.count("\n"), text.count("\r")) <= MAX_ROWS:
        return
    records = 0
    try:
        for records, _ in enumerate(csv.reader(io.StringIO(text)), start=1):
            if records > MAX_ROWS + 1:
                raise refused(too_many_rows(MAX_ROWS + 1))
    except csv.Error as exc:
        raise refused(f"the CSV cannot be read: {excerpt(exc)}", records + 1) from None


def _check_header_width(text: str) -> None:
    """A header of millions of commas would make as many columns: Excel stops at 16,384."""
    end = text.find("\n")
    fields = text.count(",", 0, end if end >= 0 else len(text)) + 1
    if fields > MAX_COLUMNS:
        raise refused(
            f"the header has {fields:,} columns or more; the most a file may have is "
            f"{MAX_COLUMNS:,}",
            1,
        )


def _ragged_csv(text: str, exc: Exception) -> pd.DataFrame:
    """Find every record whose field count differs from the header's, and refuse them all."""
    problems, width, number = [], None, 0
    reader = csv.reader(io.StringIO(text))
    try:
        for number, fields in enumerate(reader, start=1):
            width = len(fields) if width is None else width
            if fields and len(fields) != width:
                problems.append(
                    Problem(
                        number, None, None, f"has {len(fields)} fields but the header has {width}"
                    )
                )
    except csv.Error as error:
        problems.append(Problem(number + 1, None, None, _csv_error(error)))
    raise FileRefused(
        problems or [Problem(None, None, None, f"the CSV cannot be read: {excerpt(exc)}")]
    )


def _csv_error(error: csv.Error) -> str:
    if "field limit" in str(error):
        return (
            f"has a field longer than {csv.field_size_limit():,} characters; a cell holds "
            "at most 32,767"
        )
    return f"cannot be read as CSV ({excerpt(error)})"


def _table(frame: pd.DataFrame, numbers: list[int], bad: list, columns: list[int]) -> RawTable:
    """Name the columns from the header row; refuse an empty, unnamed or repeated header.

    columns: the sheet column (1 = A) of each of the frame's columns, which bad cells refer to.
    """
    header = [str(h) for h in frame.iloc[0].tolist()]
    names = [normalise_header(h) for h in header]
    body = frame.iloc[1:].fillna("")
    body.columns = pd.RangeIndex(len(header))
    if not any(names):
        raise refused("the header (row 1) is empty; the first row must name the columns", 1)
    _check_header(header, names, body, numbers[1:])
    keep = [i for i, name in enumerate(names) if name]
    body = body[keep].copy()
    body.columns = [names[i] for i in keep]
    body["row"] = numbers[1:]
    blank = (body.drop(columns="row").apply(lambda c: c.str.strip()) == "").all(axis=1)
    name_of = dict(zip(columns, names))
    problems = [
        Problem(row, name_of.get(column) or column_letter(column), text, why)
        for row, column, text, why in bad
    ]
    return RawTable(
        body[~blank].reset_index(drop=True), {names[i]: header[i].strip() for i in keep}, problems
    )


def _check_header(
    header: list[str], names: list[str], body: pd.DataFrame, numbers: list[int]
) -> None:
    seen: set[str] = set()
    problems = []
    for position, name in enumerate(names):
        if name and name in seen:
            problems.append(
                Problem(1, header[position], header[position], "appears twice in the header")
            )
        elif not name:
            filled = (body[position].str.strip() != "").to_numpy()
            if filled.any():
                first = numbers[int(filled.argmax())]
                problems.append(
                    Problem(1, column_letter(position + 1), None, UNNAMED.format(row=first))
                )
        seen.add(name)
    if problems:
        raise FileRefused(problems)
