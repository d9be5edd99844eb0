"""An uploaded .xlsx workbook's first (or kind-named) sheet as rows of text, read defensively.

Before any cell is built: the package must be a zip of at most 100 MB unpacked (sizes from its
directory, which also bounds what inflating can produce), no part may carry a DTD (the only way
into entity tricks such as billion laughs or external entities), and the sheet's rows are
counted by streaming its XML. Cells are then read by our own loop so that a cell typed as a
number or date that holds text becomes a problem with its row and column, never a crash.
"""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from defusedxml import DTDForbidden
from defusedxml import ElementTree as defused
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet

from pmf_core.ingest.limits import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_PARTS,
    MAX_ROWS,
    too_large,
    too_many_rows,
)
from pmf_core.ingest.problems import UNNAMED, excerpt, refused
from pmf_core.ingest.xlsx_cells import CellReader, column_index

UNREADABLE = "this is not a readable .xlsx workbook"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, SHEET_DATA = _MAIN + "row", _MAIN + "sheetData"
_PREFIXED_ROW = re.compile(rb"<[A-Za-z_][\w.-]{0,30}:row[\s/>]")
_AFTER_ROW = (b" ", b"\t", b"\r", b"\n", b"/", b">")
_CHUNK = 1 << 20
MAX_EXCEL_ROW = 1_048_576


@dataclass
class Grid:
    """The header row and data rows as text, their sheet row numbers, and cells refused."""

    rows: list[list[str]]
    numbers: list[int]
    bad: list[tuple[int, int, str | None, str]] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)  # sheet column (1 = A) of each kept


def read_workbook(data: bytes, kind: str) -> Grid:
    """The sheet named like the kind (else the first) of an .xlsx; FileRefused when unusable."""
    with _open_zip(data) as package:
        _check_package(package)
        reader = _guarded(_open_reader, data)
        try:
            path = _pick_sheet(reader, kind)
            _check_row_count(package, path)
            cells = _guarded(_cell_reader, reader)
            return _read_sheet(package, path, cells)
        finally:
            reader.archive.close()


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise refused(
            f"{UNREADABLE}: it is not a zip package; save it from Excel as .xlsx, or as CSV"
        ) from None


def _check_package(package: zipfile.ZipFile) -> None:
    """Sizes from the zip directory, required parts, and no DTD in any part."""
    parts = package.infolist()
    if len(parts) > MAX_PARTS:
        raise refused(f"{UNREADABLE}: it has {len(parts):,} parts")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_BYTES:
        raise refused(too_large(unpacked, "the workbook, unpacked,"))
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names:
        raise refused(f"{UNREADABLE}: its part [Content_Types].xml is missing")
    for part in parts:
        if _has_doctype(package, part):
            raise refused(
                f"{UNREADABLE}: its part {excerpt(part.filename)} declares a DTD "
                "(<!DOCTYPE>), which workbooks never need and entity tricks use"
            )


def _has_doctype(package: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether a part's XML declares a DTD: defusedxml refuses one, and the look ends at the
    first element (a DTD can only come before it), so a large sheet is not read here."""
    try:
        with package.open(part) as stream:
            for _ in defused.iterparse(stream, events=("start",), forbid_dtd=True):
                return False
    except DTDForbidden:
        return True
    except ET.ParseError:
        return False  # not XML; openpyxl refuses it later if it needs the part
    except (
        zipfile.BadZipFile,
        OSError,
        RuntimeError,
        NotImplementedError,
        EOFError,
        ValueError,
    ) as exc:
        raise refused(
            f"{UNREADABLE}: its part {excerpt(part.filename)} cannot be unpacked ({excerpt(exc)})"
        ) from None
    return False


def _guarded(step, *args):
    """Run one openpyxl step; any failure in it means an unreadable workbook.

    openpyxl raises many kinds of exception on a malformed package (KeyError, ValueError,
    TypeError, IOError, XML ParseError...) and warns with its own file paths: an analyst sees
    neither, only plain words.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return step(*args)
    except Exception as exc:  # noqa: BLE001 - see the docstring
        raise refused(f"{UNREADABLE} ({excerpt(exc.__cause__ or exc)})") from None


def _open_reader(data: bytes):
    """openpyxl 3.1's reader (pinned) with the manifest and workbook part read: the sheet list.

    Not load_workbook: that sizes every sheet by parsing its XML up to the end of its data,
    which is what a compressed bomb needs; the rows are counted first, by streaming.
    """
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        reader.read_manifest()
        reader.read_workbook()
    except BaseException:
        reader.archive.close()
        raise
    return reader


def _cell_reader(reader) -> CellReader:
    """Shared strings and styles, read once the sheet is known to be within the limits."""
    reader.read_strings()
    apply_stylesheet(reader.archive, reader.wb)
    return CellReader.of(reader.wb, reader.shared_strings)


def _pick_sheet(reader, kind: str) -> str:
    """The part name of the worksheet named like the kind, else of the first worksheet."""
    sheets = _guarded(
        lambda: [
            (sheet.name, rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if "chartsheet" not in rel.Type and rel.target in reader.valid_files
        ]
    )
    if not sheets:
        raise refused("the workbook has no worksheet")
    return next((path for name, path in sheets if str(name).strip().lower() == kind), sheets[0][1])


def _check_row_count(package: zipfile.ZipFile, path: str) -> None:
    """Count the sheet's row elements by streaming its XML, building no cells."""
    rows, tail = 0, b""
    try:
        with package.open(path) as stream:
            while chunk := stream.read(_CHUNK):
                buffer = tail + chunk
                cut = _safe_cut(buffer)
                rows += _row_tags(buffer, cut)
                tail = buffer[cut:]
                if rows > MAX_ROWS + 1:
                    raise refused(too_many_rows(MAX_ROWS + 1))
        rows += _row_tags(tail, len(tail))
    except (
        KeyError,
        zipfile.BadZipFile,
        OSError,
        RuntimeError,
        NotImplementedError,
        EOFError,
        ValueError,
    ) as exc:
        raise refused(f"{UNREADABLE}: its sheet cannot be unpacked ({excerpt(exc)})") from None
    if rows > MAX_ROWS + 1:
        raise refused(too_many_rows(MAX_ROWS + 1))


def _row_tags(buffer: bytes, end: int) -> int:
    """Row start tags before end: <row ...>, <row>, <row/> and prefixed ones such as <x:row>."""
    plain = sum(buffer.count(b"<row" + after, 0, end) for after in _AFTER_ROW)
    if buffer.find(b":row", 0, end) < 0:
        return plain
    return plain + len(_PREFIXED_ROW.findall(buffer, 0, end))


def _safe_cut(buffer: bytes) -> int:
    """Where to split a chunk so that no row tag straddles the split.

    A row tag holds one "<", at its start, and is under 40 bytes long: cutting at the last "<"
    of the final 40 bytes (else at the end) leaves every tag whole on one side.
    """
    last = buffer.rfind(b"<", max(len(buffer) - 40, 0))
    return last if last >= 0 else len(buffer)


def _read_sheet(package: zipfile.ZipFile, path: str, reader: CellReader) -> Grid:
    """Rows of text in the named columns; the header is the first row with any text.

    Only columns with a header are kept, so a far cell (XFD) cannot widen every row; a value in
    a column without a header is a problem at its first row.
    """
    grid, named = Grid([], []), set()
    extra: dict[int, int] = {}  # column: the first row with a value but no header
    try:
        for number, cells in _sheet_rows(package, path, reader, grid.bad):
            if not grid.rows:
                grid.columns = sorted(c for c, text in cells.items() if text.strip())
                named = set(grid.columns)
                if not named:
                    continue
            grid.rows.append([cells.get(column, "") for column in grid.columns])
            grid.numbers.append(number)
            for column in cells.keys() - named - extra.keys():
                if cells[column].strip():
                    extra[column] = number
    except (ET.ParseError, zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError) as exc:
        raise refused(f"{UNREADABLE}: its sheet XML is broken ({excerpt(exc)})") from None
    grid.bad.extend(
        (1, column, None, UNNAMED.format(row=row)) for column, row in sorted(extra.items())
    )
    if not grid.rows:
        raise refused("the workbook's sheet is empty")
    return grid


def _sheet_rows(package, path: str, reader: CellReader, bad: list):
    """(row number, {column: text}) for each row element, in order, freeing each after use."""
    number, holder = 0, None
    with package.open(path) as stream:
        for event, element in ET.iterparse(stream, events=("start", "end")):
            if event == "start":
                holder = element if element.tag == SHEET_DATA else holder
                continue
            if element.tag != ROW:
                continue
            number = _row_number(element.get("r"), number)
            yield number, _row_cells(element, number, reader, bad)
            if holder is not None:
                holder.clear()


def _row_number(text: str | None, previous: int) -> int:
    if text is None:
        return previous + 1
    if not re.fullmatch(r"[0-9]{1,7}", text, re.ASCII) or not previous < int(text) <= MAX_EXCEL_ROW:
        raise refused(f'{UNREADABLE}: after row {previous} comes a row numbered "{excerpt(text)}"')
    return int(text)


def _row_cells(element, number: int, reader: CellReader, bad: list) -> dict[int, str]:
    cells, column = {}, 0
    for cell in element:
        reference = cell.get("r")
        column = column_index(reference) if reference else column + 1
        if not 1 <= column <= MAX_COLUMNS:
            raise refused(f'{UNREADABLE}: row {number} has a cell at "{excerpt(reference)}"')
        text, why = reader.text(cell)
        if why:
            bad.append((number, column, text, why))
            text = text or ""
        cells[column] = text
    return cells
