"""The size limits of an uploaded file, checked on small inputs with the limits turned down."""

from __future__ import annotations

import pytest

from pmf_core.ingest import check_file, limits, reading, workbook
from pmf_core.ingest.problems import FileRefused
from pmf_core.ingest.reading import read_table
from tests.xlsx_files import workbook as make_workbook

CSV = b"a,b\n1,2\n3,4\n5,6\n"  # three data rows


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(FileRefused) as caught:
        read_table(data, name, "indicators")
    return " ".join(str(p) for p in caught.value.problems)


def test_limits_are_excels_own_where_excel_has_one():
    assert limits.MAX_COLUMNS == 24 * 26 * 26 + 6 * 26 + 4  # column XFD: X=24, F=6, D=4
    assert limits.MAX_COLUMNS == 16_384
    assert limits.MAX_CELL_CHARS == 2**15 - 1
    assert limits.MAX_ROWS == 2_000_000
    assert limits.MAX_BYTES == 104_857_600


def test_too_many_rows_message_names_both_counts():
    assert limits.too_many_rows(2_000_001) == (
        "the file has 2,000,001 data rows or more; the most one file may hold is 2,000,000; "
        "split it into smaller files"
    )


def test_too_large_message_in_megabytes():
    assert limits.too_large(150 * 1024 * 1024) == (
        "the file is 150 MB; the most one file may hold is 100 MB; split it into smaller files"
    )
    # A few bytes over the limit never reads as "100 MB" against a limit of 100 MB.
    assert limits.too_large(limits.MAX_BYTES + 10).startswith("the file is over 100 MB;")
    assert limits.too_large(200 * 1024 * 1024, "the workbook, unpacked,").startswith(
        "the workbook, unpacked, is 200 MB;"
    )


@pytest.fixture
def three_rows(monkeypatch):
    """At most three data rows per file, as every reader sees it."""
    for module in (limits, reading, workbook):
        monkeypatch.setattr(module, "MAX_ROWS", 3)


def test_csv_at_the_row_limit_is_read(three_rows):
    assert len(read_table(CSV, "x.csv", "indicators").frame) == 3


def test_csv_over_the_row_limit_is_refused(three_rows):
    words = refusal(CSV + b"7,8\n", "x.csv")
    assert "4 data rows or more" in words and "the most one file may hold is 3" in words


def test_csv_row_limit_counts_records_not_line_breaks(three_rows):
    quoted = b'a,b\n"one\nline\nbreaks",2\n3,4\n5,6\n'  # 6 line breaks, 3 records
    assert len(read_table(quoted, "x.csv", "indicators").frame) == 3


def test_workbook_over_the_row_limit_is_refused(three_rows):
    data = make_workbook([["a", "b"], [1, 2], [3, 4], [5, 6], [7, 8]])
    assert "4 data rows or more" in refusal(data, "x.xlsx")
    assert len(read_table(make_workbook([["a"], [1], [2], [3]]), "x.xlsx", "i").frame) == 3


def test_csv_over_the_byte_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", len(CSV) - 1)
    monkeypatch.setattr(limits, "MAX_BYTES", 1024 * 1024)
    assert "the file is over 1 MB; the most one file may hold is 1 MB" in refusal(CSV, "x.csv")


def test_workbook_unpacked_over_the_byte_limit_is_refused(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_BYTES", 1000)
    assert "the workbook, unpacked," in refusal(make_workbook([["a"], [1]]), "x.xlsx")


def test_workbook_with_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(workbook, "MAX_PARTS", 3)
    assert "parts" in refusal(make_workbook([["a"], [1]]), "x.xlsx")


def test_csv_header_wider_than_excel_is_refused():
    header = ",".join(f"c{i}" for i in range(16_385)).encode()
    words = refusal(header + b"\n", "x.csv")
    assert "row 1" in words and "16,385 columns" in words and "16,384" in words


def test_csv_header_at_a_lowered_column_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_COLUMNS", 3)
    assert list(read_table(b"a,b,c\n1,2,3\n", "x.csv", "i").headers) == ["a", "b", "c"]
    assert "the header has 4 columns or more" in refusal(b"a,b,c,d\n1,2,3,4\n", "x.csv")


def test_a_cell_longer_than_excel_holds_is_a_problem(checking_store):
    long = "x" * 32_768
    data = f"indicator_id,financial_year,target\nCIC,2020/21,{long}\n".encode()
    report = check_file(checking_store, "targets", data, "targets.csv")
    assert not report.ok
    words = [str(p) for p in report.problems]
    assert any("row 2" in w and "32,767 characters" in w for w in words), words
    assert all(len(p.value or "") <= 80 for p in report.problems)
