"""One .xlsx cell as the text Excel would show, or why it cannot be read.

A cell typed as a number, date, boolean or shared string whose content is not one (a hand-made
or damaged workbook) gives a reason instead of raising, so the analyst is told its row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601

from pmf_core.ingest.problems import excerpt

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
V, IS, T, RUN = _MAIN + "v", _MAIN + "is", _MAIN + "t", _MAIN + "r"
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INDEX = re.compile(r"[0-9]{1,9}")
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?[0-9]*")


def column_index(reference: str) -> int:
    """1 for A1, 28 for AB7; 0 when the reference is not a cell reference."""
    match = _REFERENCE.fullmatch(reference)
    return column_index_from_string(match.group(1).upper()) if match else 0


def column_letter(index: int) -> str:
    """A for 1, AB for 28: how a spreadsheet names a column ("" for none)."""
    return get_column_letter(index) if index > 0 else ""


@dataclass
class CellReader:
    """Reads cells with the workbook's shared strings and which styles show dates or percents."""

    strings: list
    dates: set
    durations: set
    percents: set
    epoch: datetime

    @classmethod
    def of(cls, book, strings: list) -> CellReader:
        """From an openpyxl 3.1 read-only workbook (pinned; its style tables are private)."""
        percents = {
            index
            for index, style in enumerate(getattr(book, "_cell_styles", []))
            if "%" in _format_code(book, style.numFmtId)
        }
        return cls(
            strings,
            set(getattr(book, "_date_formats", ())),
            set(getattr(book, "_timedelta_formats", ())),
            percents,
            book.epoch,
        )

    def text(self, cell) -> tuple[str, str | None]:
        """The cell's text, and a reason when its content does not fit its type."""
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return _inline(cell.find(IS)), None
        value = cell.findtext(V)
        if not value:
            return "", None
        if kind in ("str", "e"):
            return value, None
        reader = {"n": self._number, "s": self._shared, "b": _boolean, "d": _iso_date}.get(kind)
        if reader is None:
            return value, f'has the unknown cell type "{excerpt(kind)}"'
        return reader(value, _style(cell))

    def _number(self, value: str, style: int) -> tuple[str, str | None]:
        if not _NUMBER.fullmatch(value):
            return value, f'is typed as a number in the workbook but holds "{excerpt(value)}"'
        try:
            number = float(value) if re.search("[.eE]", value) else int(value)
        except ValueError:  # more digits than Python reads as an int: not finite here
            return value, None
        if style in self.dates:
            return self._date(number, value, style)
        if style in self.percents:
            number = round(number * 100, 10)
        return _number_text(number), None

    def _date(self, number, value: str, style: int) -> tuple[str, str | None]:
        try:
            moment = from_excel(number, self.epoch, timedelta=style in self.durations)
        except (OverflowError, ValueError, TypeError):
            return value, f"is formatted as a date but holds {excerpt(value)}, which is no date"
        return _moment_text(moment), None

    def _shared(self, value: str, style: int) -> tuple[str, str | None]:
        if _INDEX.fullmatch(value) and int(value) < len(self.strings):
            return str(self.strings[int(value)]), None
        return value, f'refers to shared text "{excerpt(value)}", which the workbook does not have'


def _boolean(value: str, style: int) -> tuple[str, str | None]:
    if value in ("0", "1"):
        return str(value == "1"), None
    return value, f'is typed as true/false in the workbook but holds "{excerpt(value)}"'


def _iso_date(value: str, style: int) -> tuple[str, str | None]:
    try:
        moment = from_ISO8601(value)
    except (ValueError, TypeError, OverflowError, AttributeError):
        moment = None
    if moment is None:
        return value, f'is typed as a date in the workbook but holds "{excerpt(value)}"'
    return _moment_text(moment), None


def _inline(element) -> str:
    if element is None:
        return ""
    return "".join(
        [element.findtext(T) or ""] + [run.findtext(T) or "" for run in element.findall(RUN)]
    )


def _style(cell) -> int:
    style = cell.get("s", "0")
    return int(style) if _INDEX.fullmatch(style) else 0


def _moment_text(moment) -> str:
    """A date as 2020-10-31 (periods read it); times and durations as Python shows them."""
    if isinstance(moment, datetime):
        return moment.date().isoformat()
    if isinstance(moment, date):
        return moment.isoformat()
    return str(moment)


def _number_text(value: int | float) -> str:
    """Whole numbers without a decimal point; others at full precision (inf and nan as such)."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer():
        return str(int(value))
    return repr(value)


def _format_code(book, format_id: int) -> str:
    if format_id < BUILTIN_FORMATS_MAX_SIZE:
        return BUILTIN_FORMATS.get(format_id, "General")
    try:
        return str(book._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE])
    except (AttributeError, IndexError, TypeError):
        return "General"
