"""Reading a file's bytes: encodings, headers and limits end in refusals, never in a crash."""

from checking import check
from pmf_core.ingest import reading

HEADER = "indicator_id,period,value,commentary\n"


def load(store, data, kind="observations", name="extract.csv"):
    return check(store, data, kind, name)


def messages(report):
    return [str(p) for p in report.problems]


def test_utf16_with_an_odd_byte_count_is_refused_at_its_row(checking_store):
    data = (HEADER + "CIC,2020-10,70,fine\nFOST,2020-10,206,ok\n").encode("utf-16")[:-1]
    report = load(checking_store, data)
    assert messages(report) == [
        "row 3: this UTF-16 file cannot be read as UTF-16 text "
        "(truncated data); save it from Excel as CSV (UTF-8)"
    ]


def test_utf16_with_a_lone_surrogate_is_refused(checking_store):
    good = (HEADER + "CIC,2020-10,70,x\n").encode("utf-16-le")
    data = b"\xff\xfe" + good[:-4] + b"\x00\xd8" + good[-2:]  # half a surrogate pair
    report = load(checking_store, data)
    assert not report.ok
    assert messages(report)[0].startswith("row 2: this UTF-16 file cannot be read as UTF-16")


def test_a_nul_character_after_the_first_8_kb_is_refused_at_its_row(checking_store):
    rows = "".join(f"CIC,2020-{m:02d},70,{'x' * 900}\n" for m in range(1, 11))
    data = (HEADER + rows + "FOST,2020-10,1,a\x00b\n").encode()
    assert data.index(b"\x00") > 8192
    assert messages(load(checking_store, data)) == [
        "row 12: this is not a text file; upload a CSV or an .xlsx workbook"
    ]


def test_a_field_over_the_csv_modules_limit_is_refused_with_its_row(checking_store):
    text = (
        HEADER
        + "CIC,2020-10,70,short\n"
        + f'FOST,2020-10,1,"{"y" * 200_000}"\n'
        + "CIC,2020-11,70,a,extra field\n"
    )
    report = load(checking_store, text.encode())
    assert messages(report) == [
        "row 3: has a field longer than 131,072 characters; a cell holds at most 32,767"
    ]


def test_a_field_over_32767_characters_is_refused_with_row_and_column(checking_store):
    text = HEADER + f'CIC,2020-10,70,"{"y" * 200_000}"\n' + f"FOST,2020-10,1,{'z' * 32_767}\n"
    report = load(checking_store, text.encode())
    assert messages(report) == [
        "row 2, column commentary: is too long: a cell holds at most 32,767 characters"
    ]
    assert len(report.problems[0].value) == 80


def test_an_empty_header_cell_over_values_is_refused(checking_store):
    report = load(checking_store, "indicator_id,period,,value\nCIC,2020-10,oops,70\n")
    assert messages(report) == [
        "row 1, column C: the header cell is empty, but the column "
        "holds values (first at row 2); name the column"
    ]


def test_an_empty_trailing_column_is_ignored(checking_store):
    report = load(checking_store, "indicator_id,period,value,\nCIC,2020-10,70,\n")
    assert report.ok, messages(report)


def test_an_empty_header_row_is_refused(checking_store):
    report = load(checking_store, ",,\nCIC,2020-10,70\n")
    assert messages(report) == [
        "row 1: the header (row 1) is empty; the first row must name the columns"
    ]


def test_more_than_two_million_rows_are_refused_before_reading(checking_store, monkeypatch):
    def no_reading(*args, **kwargs):
        raise AssertionError("the rows were read")

    monkeypatch.setattr(reading.pd, "read_csv", no_reading)
    data = b"indicator_id,period,value\n" + b"CIC,2020-10,1\n" * 2_000_001
    assert messages(load(checking_store, data)) == [
        "the file has 2,000,001 data rows or more; the most one file may hold is 2,000,000; "
        "split it into smaller files"
    ]


def test_line_breaks_inside_quotes_do_not_count_as_rows(checking_store, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    two_rows = HEADER + 'CIC,2020-10,70,"one\ntwo\nthree"\nFOST,2020-10,1,"a\nb"\n'
    assert load(checking_store, two_rows).ok
    three_rows = two_rows + "CTX,2020-10,5,\n"
    assert "data rows or more" in messages(load(checking_store, three_rows))[0]


def test_a_csv_over_100_mb_is_refused_before_reading(checking_store, monkeypatch):
    monkeypatch.setattr(reading.pd, "read_csv", None)  # reading would fail loudly
    data = b"indicator_id,period,value,commentary\n" + b"CIC,2020-10,1," + b"x" * (100 << 20)
    assert messages(load(checking_store, data)) == [
        "the file is over 100 MB; the most one file may hold is 100 MB; split it into smaller files"
    ]


def test_a_huge_single_line_header_is_not_echoed_back(checking_store):
    data = b"indicator_id,period,value," + b"h" * 5_000_000 + b"\nCIC,2020-10,70,1\n"
    report = load(checking_store, data)
    assert report.warnings == [
        'column "' + "h" * 79 + '\u2026" is not part of the observations file and was ignored'
    ]
    assert report.ok and all(len(m) < 300 for m in messages(report))


def test_problems_quote_at_most_80_characters_of_a_value(checking_store):
    report = load(checking_store, HEADER + f"CIC,2020-10,{'9x' * 5000},\n")
    assert messages(report) == [f'row 2, column value: "{"9x" * 39 + "9"}\u2026" is not a number']
    assert len(report.problems[0].value) == 80


def test_control_characters_in_a_quoted_value_are_shown_escaped(checking_store):
    report = load(checking_store, HEADER + 'CIC,2020-10,"\x1b[31mred",\n')
    assert messages(report) == ['row 2, column value: "\\x1b[31mred" is not a number']


def test_a_header_wider_than_excel_is_refused_before_reading(checking_store, monkeypatch):
    monkeypatch.setattr(reading.pd, "read_csv", None)  # reading would fail loudly
    data = b"indicator_id,period,value" + b",x" * 16_382 + b"\nCIC,2020-10,70\n"
    assert messages(load(checking_store, data)) == [
        "row 1: the header has 16,385 columns or more; the most a file may have is 16,384"
    ]
