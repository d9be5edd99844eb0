"""The size limits of an uploaded file (docs/data-contract.md), checked before its rows are read."""

from __future__ import annotations

MAX_ROWS = 2_000_000  # data rows per file
MAX_BYTES = 100 * 1024 * 1024  # a CSV's size, or the uncompressed parts of an .xlsx
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell, so every export can hold it
MAX_COLUMNS = 16_384  # Excel's last column, XFD
MAX_PARTS = 10_000  # members of an .xlsx package (a real workbook has dozens)


def too_many_rows(rows: int) -> str:
    return (
        f"the file has {rows:,} data rows or more; the most one file may hold is "
        f"{MAX_ROWS:,}; split it into smaller files"
    )


def too_large(size: int, what: str = "the file") -> str:
    """Over the limit, said so that the size never reads as equal to the limit."""
    megabytes, limit = size / 1024 / 1024, MAX_BYTES // 1024 // 1024
    shown = f"{megabytes:,.0f}" if round(megabytes) > limit else f"over {limit}"
    return (
        f"{what} is {shown} MB; the most one file may hold is {limit} MB; "
        "split it into smaller files"
    )
