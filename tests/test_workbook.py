"""Hostile and malformed .xlsx files end in refusals naming what is wrong, never in a crash."""

import tracemalloc
from datetime import date

import pytest

from checking import check
from pmf_core.ingest import load_bytes
from pmf_core.ingest import workbook as workbook_module
from pmf_core.store import reads
from xlsx_files import (
    MAIN,
    OBSERVATIONS_HEADER,
    SHEET,
    bomb,
    inline_row,
    rewrite,
    sheet_xml,
    with_sheet,
    workbook,
)
from xlsx_files import part as xlsx_part

GOOD = workbook([["indicator_id", "period", "value"], ["CIC", "2020-10", 70]])


def load(store, data, kind="observations"):
    return check(store, data, kind, "extract.xlsx")


def messages(report):
    return [str(p) for p in report.problems]


def refused_with(store, data, words):
    report = load(store, data)
    assert not report.ok and report.batch is None
    assert any(words in m for m in messages(report)), messages(report)
    assert store.scalar("SELECT count(*) FROM observations") == 0
    return report


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
EXTERNAL = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("part", ["[Content_Types].xml", "xl/workbook.xml", SHEET])
@pytest.mark.parametrize("dtd", [LAUGHS, EXTERNAL])
def test_entity_tricks_in_any_part_are_refused(checking_store, part, dtd):
    original = xlsx_part(GOOD, part)
    body = original.split("?>", 1)[1] if original.startswith("<?xml") else original
    hostile = f'<?xml version="1.0" encoding="UTF-8"?>{dtd}{body}'
    if part == SHEET:
        hostile = hostile.replace(
            "<v>70</v>", "<v>&lol3;</v>" if dtd == LAUGHS else "<v>&secret;</v>"
        )
    refused_with(checking_store, rewrite(GOOD, {part: hostile.encode()}), "declares a DTD")


def test_a_dtd_in_utf16_is_found_too(checking_store):
    xml = (
        f'<?xml version="1.0" encoding="UTF-16"?>{LAUGHS}'
        + sheet_xml(OBSERVATIONS_HEADER).decode().split("?>", 1)[1]
    )
    refused_with(checking_store, rewrite(GOOD, {SHEET: xml.encode("utf-16")}), "declares a DTD")


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 this is not a zip at all",
        b"indicator_id,period,value\nCIC,2020-10,70\n",  # a CSV named .xlsx
        GOOD[: len(GOOD) // 2],  # cut short in transit
    ],
)
def test_not_a_zip_with_an_xlsx_name_is_refused(checking_store, data):
    refused_with(checking_store, data, "not a readable .xlsx workbook")


@pytest.mark.parametrize(
    "part", ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", SHEET]
)
def test_a_zip_with_a_missing_part_is_refused(checking_store, part):
    report = load(checking_store, rewrite(GOOD, {part: None}))
    assert not report.ok and len(report.problems) == 1
    assert (
        "not a readable .xlsx workbook" in messages(report)[0]
        or "the workbook has no worksheet" in messages(report)[0]
    ), messages(report)


@pytest.mark.parametrize(
    "part,xml",
    [
        (SHEET, sheet_xml(OBSERVATIONS_HEADER)[:-30]),  # cut short
        (SHEET, sheet_xml(OBSERVATIONS_HEADER + "<row><c><v>1</c></row>")),  # tags crossed
        ("xl/workbook.xml", b"<workbook><sheets><sheet name='x'"),
        ("xl/styles.xml", b"<styleSheet xmlns='x'><<<"),
        ("[Content_Types].xml", b"\xff\xfe\x00garbage"),
    ],
)
def test_broken_xml_is_refused(checking_store, part, xml):
    refused_with(checking_store, rewrite(GOOD, {part: xml}), "not a readable .xlsx workbook")


@pytest.mark.parametrize(
    "cell,words",
    [
        (
            '<c r="C2"><v>seventy</v></c>',
            'is typed as a number in the workbook but holds "seventy"',
        ),
        ('<c r="C2" t="n"><v>inf</v></c>', 'is typed as a number in the workbook but holds "inf"'),
        (
            '<c r="C2" t="d"><v>last Tuesday</v></c>',
            'is typed as a date in the workbook but holds "last Tuesday"',
        ),
        ('<c r="C2" t="n"><v>NaN</v></c>', 'is typed as a number in the workbook but holds "NaN"'),
        (
            '<c r="C2"><v>-Infinity</v></c>',
            'is typed as a number in the workbook but holds "-Infinity"',
        ),
        (
            '<c r="C2" t="b"><v>maybe</v></c>',
            'is typed as true/false in the workbook but holds "maybe"',
        ),
        (
            '<c r="C2" t="s"><v>99</v></c>',
            'refers to shared text "99", which the workbook does not have',
        ),
    ],
)
def test_cells_typed_wrongly_are_refused_with_row_and_column(checking_store, cell, words):
    rows = OBSERVATIONS_HEADER + inline_row(2, "CIC", "2020-10")[:-6] + cell + "</row>"
    report = load(checking_store, with_sheet(rows))
    assert messages(report) == [f"row 2, column value: {words}"]


def test_a_date_style_on_a_number_no_date_can_hold_is_refused(checking_store):
    data = workbook([["indicator_id", "period", "value"], ["CIC", date(2020, 10, 1), 70]])
    xml = xlsx_part(data, SHEET)
    cell = xml[xml.index('<c r="B2"') :]
    cell = cell[: cell.index("</c>") + 4]
    huge = cell.replace(cell[cell.index("<v>") : cell.index("</v>")], "<v>1e300")
    report = load(checking_store, rewrite(data, {SHEET: xml.replace(cell, huge).encode()}))
    assert messages(report) == [
        "row 2, column period: is formatted as a date but holds 1e300, which is no date"
    ]


@pytest.mark.parametrize("value", ["1e309", "-1E400", "1" * 400])
def test_number_cells_that_are_not_finite_are_refused(checking_store, value):
    rows = (
        OBSERVATIONS_HEADER
        + inline_row(2, "CIC", "2020-10")[:-6]
        + f'<c r="C2"><v>{value}</v></c></row>'
    )
    report = load(checking_store, with_sheet(rows))
    assert len(report.problems) == 1
    assert messages(report)[0].startswith("row 2, column value: ")
    assert "is not a finite number" in messages(report)[0]


def load_with_peak(store, data: bytes):
    """The load's report and the most memory Python held while making it."""
    tracemalloc.start()
    try:
        return load(store, data), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_bomb_of_two_million_rows_is_refused_with_little_memory(checking_store):
    data = bomb()
    assert len(data) < 2_000_000
    report, peak = load_with_peak(checking_store, data)
    assert messages(report) == [
        "the file has 2,000,001 data rows or more; the most one file "
        "may hold is 2,000,000; split it into smaller files"
    ]
    assert peak < 50_000_000


def test_a_workbook_over_100_mb_unpacked_is_refused_from_its_directory(checking_store):
    data = rewrite(GOOD, {"xl/media/padding.bin": bytes(101 * 1024 * 1024)})
    assert len(data) < 1_000_000
    refused_with(
        checking_store,
        data,
        "the workbook, unpacked, is 101 MB; the most one file may hold is 100 MB",
    )


def test_a_lying_dimension_and_a_far_row_do_not_build_empty_cells(checking_store):
    rows = (
        OBSERVATIONS_HEADER
        + inline_row(5, "CIC", "2020-10")[:-6]
        + '<c r="C5"><v>70</v></c></row>'
        + inline_row(1048576, "FOST", "2020-10", "x")
    )
    data = rewrite(
        GOOD,
        {
            SHEET: sheet_xml(rows).replace(
                b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>'
            )
        },
    )
    report, peak = load_with_peak(checking_store, data)
    assert messages(report) == ['row 1048576, column value: "x" is not a number']
    assert peak < 50_000_000


def test_a_value_beyond_the_header_is_refused(checking_store):
    rows = OBSERVATIONS_HEADER + inline_row(2, "CIC", "2020-10", "70", "", "stray")
    report = load(checking_store, with_sheet(rows))
    assert messages(report) == [
        "row 1, column E: the header cell is empty, but the column "
        "holds values (first at row 2); name the column"
    ]


def test_rows_keep_their_sheet_numbers_when_rows_are_missing(checking_store):
    rows = (
        OBSERVATIONS_HEADER
        + inline_row(2, "CIC", "2020-10", "70")
        + inline_row(7, "NOPE", "2020-10", "1")
    )
    report = load(checking_store, with_sheet(rows))
    assert messages(report) == [
        'row 7, column indicator_id: "NOPE" is not a known indicator; '
        "load it in the indicators file first"
    ]


def test_a_good_workbook_still_loads(small_store):
    report = load_bytes(small_store, "observations", GOOD, "extract.xlsx", "analyst")
    assert report.ok, messages(report)
    assert reads.series(small_store, "CIC")["value"].tolist() == [70.0]


def prefixed_sheet(data_rows: int) -> bytes:
    """A sheet whose tags carry a namespace prefix (x:row), as some writers make them."""
    rows = "".join(
        f'<x:row r="{n}"><x:c r="A{n}" t="inlineStr"><x:is><x:t>CIC</x:t></x:is>'
        f'</x:c><x:c r="B{n}" t="inlineStr"><x:is><x:t>2020-{n - 1:02d}</x:t>'
        f'</x:is></x:c><x:c r="C{n}"><x:v>{n}</x:v></x:c></x:row>'
        for n in range(2, data_rows + 2)
    )
    header = "".join(
        f'<x:c r="{c}1" t="inlineStr"><x:is><x:t>{name}</x:t></x:is></x:c>'
        for c, name in zip("ABC", ("indicator_id", "period", "value"))
    )
    return (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1">{header}</x:row>'
        f"{rows}</x:sheetData></x:worksheet>"
    ).encode()


def test_prefixed_row_tags_are_counted_too(checking_store, monkeypatch):
    monkeypatch.setattr(workbook_module, "MAX_ROWS", 2)
    report = load(checking_store, rewrite(GOOD, {SHEET: prefixed_sheet(2)}))
    assert report.ok and report.rows["period"].tolist() == ["2020-01", "2020-02"]
    report = load(checking_store, rewrite(GOOD, {SHEET: prefixed_sheet(3)}))
    assert len(report.problems) == 1 and "data rows or more" in messages(report)[0]


def test_exactly_two_million_rows_pass_the_count(checking_store, monkeypatch):
    def stop(*args):
        raise AssertionError("counted, now reading")

    monkeypatch.setattr(workbook_module, "_read_sheet", stop)
    with pytest.raises(AssertionError, match="counted, now reading"):
        load(checking_store, bomb(2_000_000))


def test_far_cells_do_not_widen_every_row(checking_store):
    far = '<c r="XFD{n}" t="inlineStr"><is><t>far</t></is></c>'
    rows = OBSERVATIONS_HEADER.replace("</row>", far.format(n=1) + "</row>") + "".join(
        inline_row(n, "CIC", "2020-10", "70")[:-6] + far.format(n=n) + "</row>"
        for n in range(2, 5_002)
    )
    report, peak = load_with_peak(checking_store, with_sheet(rows))
    assert report.warnings == ['column "far" is not part of the observations file and was ignored']
    assert len(report.problems) == 4_999  # every row after the first repeats CIC 2020-10
    assert peak < 100_000_000


def test_an_unnamed_column_between_named_ones_is_refused(checking_store):
    rows = inline_row(1, "indicator_id", "period", "", "value") + inline_row(
        2, "CIC", "2020-10", "oops", "70"
    )
    assert messages(load(checking_store, with_sheet(rows))) == [
        "row 1, column C: the header cell is empty, but the column holds values (first at "
        "row 2); name the column"
    ]
