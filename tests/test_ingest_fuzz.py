"""Fuzzing `python -m pmf_core load` with malformed CSV and .xlsx files of all three kinds.

Each generated file carries at least one defect that must refuse it. For each file the command
(run in-process) exits 1 with every problem a line on stderr, no traceback, messages that quote
values short, and the store exactly as it was: every row of every table equal before and after.
"""

from __future__ import annotations

import csv
import io
import re
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import INDICATORS, TARGETS, csv_bytes
from pmf_core import cli
from pmf_core.ingest import load_bytes
from xlsx_files import SHEET, part, rewrite, sheet_xml, workbook

OBSERVATIONS = """\
indicator_id,period,value,target,commentary,action,rag_override,override_reason,note
CIC,2020-11,69,,Improving slowly,,,,
FOST,2020-11,207,,,Recruit more carers,,,
HOMES,2020/21 Q2,47,,,,Amber,Agreed with the director,
CTX,2020-11,n/a,,,,,,System down
ENG,2019/20,64,,,,,,
"""
TABLES = {
    kind: list(csv.reader(io.StringIO(text)))
    for kind, text in (
        ("indicators", INDICATORS),
        ("targets", TARGETS),
        ("observations", OBSERVATIONS),
    )
}
REQUIRED = {
    "indicators": ["indicator_id", "name", "directorate", "service", "frequency", "polarity"],
    "targets": ["indicator_id", "financial_year", "target"],
    "observations": ["indicator_id", "period"],
}
NUMERIC = {
    "indicators": ["amber_tolerance", "stretch", "decimals"],
    "targets": ["target"],
    "observations": ["value", "target"],
}
BAD_NUMBERS = [
    "1e309",
    "inf",
    "-inf",
    "NaN",
    "Infinity",
    "1" * 400,
    "\u0661\u0662\u0663",
    "\uff11\uff12",
    "12abc",
    "0x10",
    "1_000",
    "--5",
]
BAD_KEYS = {
    "observations": (
        "period",
        [
            "Jan 0001",
            "1989-12",
            "2101-01",
            "Q4 2100/01",
            "\u0662\u0660\u0662\u0660-10",
            "Septem 2020",
            "2020-13",
        ],
    ),
    "targets": (
        "financial_year",
        ["1989/90", "2100/01", "0001/02", "2020/22", "\u0662\u0660\u0662\u0660/21"],
    ),
}
CELL_DEFECTS = [
    "blank_required",
    "bad_number",
    "bad_key",
    "long_cell",
    "duplicate_header",
    "unnamed_column",
    "unknown_id",
    "extra_field",
]
CSV_DEFECTS = ["utf16_odd", "nul"]
XLSX_DEFECTS = ["dtd", "drop_part", "broken_xml", "typed_text", "not_a_zip"]
DTD = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
ROW_LINE = re.compile(r"^row \d+(, column [^:]+)?: \S")


@pytest.fixture
def fuzz_store(small_store):
    """The small store with observations, so that a frequency change has something to break."""
    report = load_bytes(small_store, "observations", csv_bytes(OBSERVATIONS), "obs.csv", "t")
    assert report.ok, report.problems
    return small_store, snapshot(small_store)  # the store, and as it must stay


def snapshot(store) -> dict:
    """Every row of every table of the store, in one order: what a refused file must leave as
    it was (the status, the batches and everything else are made from these)."""
    with store.session():
        tables = store.query("SELECT table_name FROM duckdb_tables() ORDER BY 1")["table_name"]
        return {name: _rows(store, name) for name in tables}


def _rows(store, table: str):
    return store.query(f'SELECT * FROM "{table}" ORDER BY ALL')  # a name the store listed


@st.composite
def malformed_files(draw, kind):
    """(kind, file name, bytes, whether every defect is about cells): 1-4 defects."""
    form = draw(st.sampled_from(["csv", "xlsx"]))
    rows = [list(row) for row in TABLES[kind]]
    file_defect = draw(st.sampled_from([None, *(CSV_DEFECTS if form == "csv" else XLSX_DEFECTS)]))
    defects = draw(
        st.lists(st.sampled_from(CELL_DEFECTS), min_size=0 if file_defect else 1, max_size=3)
    )
    _noise(draw, rows, xml_safe=form == "xlsx")  # first, so that it cannot undo a defect
    for defect in defects:
        _cell_defect(draw, kind, rows, defect)
    data = _csv(rows) if form == "csv" else _xlsx(rows, NUMERIC[kind])
    if file_defect:
        data = _file_defect(draw, data, file_defect)
    return kind, f"upload.{form}", data, file_defect is None


def _cell_defect(draw, kind, rows, defect):
    header = TABLES[kind][0]  # positions by the original names: a defect may rename one
    row = draw(st.integers(1, len(rows) - 1))
    if defect == "blank_required":
        rows[row][header.index(draw(st.sampled_from(REQUIRED[kind])))] = draw(
            st.sampled_from(["", "  "])
        )
    elif defect == "bad_number":
        rows[row][header.index(draw(st.sampled_from(NUMERIC[kind])))] = draw(
            st.sampled_from(BAD_NUMBERS)
        )
    elif defect == "bad_key" and kind == "indicators":
        rows[1][header.index("frequency")] = "quarterly"  # CIC is monthly with observations
    elif defect == "bad_key":
        column, values = BAD_KEYS[kind]
        rows[row][header.index(column)] = draw(st.sampled_from(values))
    elif defect == "long_cell":
        rows[row][draw(st.integers(0, len(header) - 1))] = "x" * draw(st.integers(32_768, 40_000))
    elif defect == "duplicate_header":
        first, second = draw(
            st.lists(st.integers(0, len(header) - 1), min_size=2, max_size=2, unique=True)
        )
        rows[0][second] = header[first].upper()
    elif defect == "unnamed_column":
        rows[0][0] = ""  # the id column always holds values
    elif defect == "unknown_id":
        rows[row][0] = "NOPE" if kind != "indicators" else "bad id!"
    else:
        rows[row].append("stray")


def _noise(draw, rows, xml_safe):
    """Random text in one cell of a free-text column, when the kind has one."""
    text_columns = [
        i
        for i, name in enumerate(rows[0])
        if name in ("name", "commentary", "action", "note", "description")
    ]
    if not text_columns or not draw(st.booleans()):
        return
    excluded = ("Cs", "Cc") if xml_safe else ("Cs",)
    alphabet = st.characters(blacklist_categories=excluded, blacklist_characters="\x00")
    rows[draw(st.integers(1, len(rows) - 1))][draw(st.sampled_from(text_columns))] = draw(
        st.text(alphabet, max_size=40)
    )


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows, numeric) -> bytes:
    """Numeric columns as number cells where the text is a plain number, the rest inline text."""
    positions = {i for i, name in enumerate(rows[0]) if name in numeric}
    xml = "".join(
        f'<row r="{r}">'
        + "".join(_cell(r, c, text, r > 1 and c in positions) for c, text in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    return rewrite(workbook([["x"]]), {SHEET: sheet_xml(xml)})


def _cell(row: int, column: int, text: str, numeric: bool) -> str:
    reference = f"{chr(65 + column // 26 - 1) if column >= 26 else ''}{chr(65 + column % 26)}"
    if numeric and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        return f'<c r="{reference}{row}"><v>{text}</v></c>'
    return f'<c r="{reference}{row}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def _file_defect(draw, data: bytes, defect: str) -> bytes:
    if defect == "utf16_odd":
        return data.decode("utf-8").encode("utf-16")[:-1]
    if defect == "nul":
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + b"\x00" + data[at:]
    if defect == "not_a_zip":
        return draw(st.binary(min_size=1, max_size=200))
    if defect == "drop_part":
        return rewrite(
            data,
            {
                draw(
                    st.sampled_from(
                        [
                            "[Content_Types].xml",
                            "xl/workbook.xml",
                            "xl/_rels/workbook.xml.rels",
                            SHEET,
                        ]
                    )
                ): None
            },
        )
    if defect == "typed_text":
        return rewrite(
            data,
            {
                SHEET: re.sub(
                    r'(<c r="[A-Z]+[2-9]"><v>)[^<]*', r"\1lots", part(data, SHEET), count=1
                ).encode()
            },
        )
    name = draw(st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", SHEET]))
    text = part(data, name)
    if defect == "dtd":
        body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
        return rewrite(data, {name: (DTD + body).encode()})
    return rewrite(data, {name: text[: draw(st.integers(0, max(len(text) - 1, 0)))].encode()})


def run_load(capsys, path, kind, store, dry_run=False) -> tuple[int, str]:
    capsys.readouterr()
    status = cli.main(
        ["--db", store.path, "load", kind, str(path), "--user", "fuzz"]
        + (["--dry-run"] if dry_run else [])
    )
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.mark.parametrize("form", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", sorted(TABLES))
def test_the_unbroken_files_are_valid(fuzz_store, tmp_path, capsys, kind, form):
    """The base files pass, so every refusal below comes from the defects put in."""
    rows = TABLES[kind]
    path = tmp_path / f"base.{form}"
    path.write_bytes(_csv(rows) if form == "csv" else _xlsx(rows, NUMERIC[kind]))
    status, output = run_load(capsys, path, kind, fuzz_store[0], dry_run=True)
    assert status == 0, output


# Each kind is its own test of 20 examples, so that none runs for more than a few seconds.
@pytest.mark.parametrize("kind", sorted(TABLES))
@settings(
    max_examples=20,
    deadline=None,
    database=None,  # deadline: no timed assertions
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(draws=st.data())
def test_malformed_files_are_refused_in_plain_words(fuzz_store, tmp_path, capsys, kind, draws):
    _, name, data, cell_defects_only = draws.draw(malformed_files(kind))
    store, before = fuzz_store
    path = tmp_path / name
    path.write_bytes(data)
    status, output = run_load(capsys, path, kind, store)
    assert "Traceback" not in output
    assert status == 1, output[:2000]
    lines = [line for line in output.splitlines() if not line.startswith("warning: ")]
    summary = re.fullmatch(
        rf"{re.escape(name)}: refused, (\d+) problem\(s\); "
        "nothing was written",
        lines[-1],
    )
    assert summary and int(summary.group(1)) == len(lines) - 1, output[:2000]
    assert all(len(line) < 400 for line in lines), "a message quoted a long value whole"
    if cell_defects_only:
        assert all(ROW_LINE.match(line) for line in lines[:-1]), output[:2000]
    after = snapshot(store)
    assert after.keys() == before.keys()
    assert all(after[table].equals(before[table]) for table in before)
