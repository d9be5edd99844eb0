"""Cell references and cell text as Excel shows it, for cells read from a real workbook."""

from __future__ import annotations

from datetime import date

import pytest

from pmf_core.ingest.reading import read_table
from pmf_core.ingest.xlsx_cells import column_index, column_letter
from tests.xlsx_files import workbook


@pytest.mark.parametrize(
    ("reference", "index"),
    [
        ("A1", 1),
        ("Z9", 26),
        ("AA1", 27),
        ("AB7", 28),
        ("AZ1", 52),
        ("BA1", 53),
        ("XFD1048576", 16_384),
        ("$C$3", 3),
        ("c", 3),
        ("", 0),
        ("A1B", 0),
        ("ABCD1", 0),
    ],
)
def test_column_index(reference, index):
    assert column_index(reference) == index


@pytest.mark.parametrize(
    ("index", "letters"),
    [
        (1, "A"),
        (26, "Z"),
        (27, "AA"),
        (52, "AZ"),
        (53, "BA"),
        (702, "ZZ"),
        (703, "AAA"),
        (16_384, "XFD"),
        (0, ""),
    ],
)
def test_column_letter(index, letters):
    assert column_letter(index) == letters


def test_letters_and_indexes_round_trip():
    assert all(column_index(column_letter(i) + "1") == i for i in range(1, 16_385))


def test_typed_cells_read_as_excel_shows_them():
    data = workbook(
        [["id", "when", "flag", "count", "ratio"], ["X1", date(2020, 10, 31), True, 12, 0.5]]
    )
    table = read_table(data, "x.xlsx", "observations")
    row = table.frame.iloc[0]
    assert row["id"] == "X1"
    assert row["when"].startswith("2020-10-31")
    assert row["flag"].upper() == "TRUE"  # Excel shows TRUE; the reader gives "True"
    assert row["count"] == "12"
    assert row["ratio"] == "0.5"
    assert table.problems == []
