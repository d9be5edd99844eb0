"""Cells: numbers must be finite and written in 0-9; free text is stored without controls."""

import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from checking import check

INDICATOR = "indicator_id,name,directorate,service,unit,frequency,polarity"
NEW = "NEW,New measure,D,S,No.,monthly,higher_is_better"


def load(store, text, kind="observations"):
    return check(store, text, kind, "f.csv")


def messages(report):
    return [str(p) for p in report.problems]


NOT_FINITE = ["1e309", "inf", "-inf", "Infinity", "1" * 400, "-1e400"]
NUMERIC = [
    ("observations", "value", "indicator_id,period,value\nCIC,2020-10,{}\n"),
    ("observations", "target", "indicator_id,period,value,target\nCIC,2020-10,1,{}\n"),
    ("targets", "target", "indicator_id,financial_year,target\nCIC,2020/21,{}\n"),
    ("indicators", "amber_tolerance", f"{INDICATOR},amber_tolerance\n{NEW},{{}}\n"),
    ("indicators", "stretch", f"{INDICATOR},stretch\n{NEW},{{}}\n"),
    ("indicators", "decimals", f"{INDICATOR},decimals\n{NEW},{{}}\n"),
]


@pytest.mark.parametrize("kind,column,template", NUMERIC)
@pytest.mark.parametrize("text", NOT_FINITE)
def test_numbers_that_are_not_finite_are_refused_in_every_numeric_column(
    checking_store, kind, column, template, text
):
    report = load(checking_store, template.format(text), kind)
    shown = text if len(text) <= 80 else text[:79] + "\u2026"
    assert messages(report) == [f'row 2, column {column}: "{shown}" is not a finite number']


@pytest.mark.parametrize("kind,column,template", NUMERIC)
def test_nan_is_not_a_number_in_any_numeric_column(checking_store, kind, column, template):
    report = load(checking_store, template.format("NaN"), kind)
    assert messages(report) == [f'row 2, column {column}: "NaN" is not a number']


@pytest.mark.parametrize(
    "text", ["\u0661\u0662\u0663", "\uff11\uff12", "\u0967\u0968", "1\u0662", "\u00b9"]
)
def test_digits_other_than_0_to_9_are_refused(checking_store, text):
    report = load(checking_store, f"indicator_id,period,value\nCIC,2020-10,{text}\n")
    assert messages(report) == [
        f'row 2, column value: "{text}" has digits other than 0-9; type it with the digits 0 to 9'
    ]


def test_ordinary_numbers_still_read(checking_store):
    report = load(
        checking_store,
        'indicator_id,period,value\nCIC,2020-10,"1,234.5"\nFOST,2020-10,1e3\nCTX,2020-10,1e308\n',
    )
    assert report.ok, messages(report)
    assert report.rows["value"].tolist() == [1234.5, 1000.0, 1e308]


def test_a_cell_of_32767_characters_is_kept_and_one_more_is_refused(checking_store):
    fits, over = "a" * 32_767, "b" * 32_768
    report = load(
        checking_store,
        f"indicator_id,period,value,commentary\nCIC,2020-10,1,{fits}\nFOST,2020-10,1,{over}\n",
    )
    assert messages(report) == [
        "row 3, column commentary: is too long: a cell holds at most 32,767 characters"
    ]
    report = load(checking_store, f"indicator_id,period,value,commentary\nCIC,2020-10,1,{fits}\n")
    assert report.ok and report.rows["commentary"].tolist() == [fits]


def test_an_overlong_id_is_reported_once(checking_store):
    report = load(checking_store, f"indicator_id,period,value\n{'X' * 40_000},2020-10,1\n")
    assert messages(report) == [
        "row 2, column indicator_id: is too long: a cell holds at most 32,767 characters"
    ]


DIRTY = "Line one\x0bline two\x0cpage two\x01\x08\x1b[1m\x7f\x85bold\ufffe\t tab\r\n end\x02"
CLEAN = "Line one\nline two\npage two[1mbold\t tab\r\n end"


@pytest.mark.parametrize("column", ["commentary", "action", "note", "override_reason"])
def test_control_characters_are_taken_out_of_observation_text(checking_store, column):
    extra = ",rag_override" if column == "override_reason" else ""
    override = ",Red" if column == "override_reason" else ""
    text = f'indicator_id,period,value,{column}{extra}\nCIC,2020-10,1,"{DIRTY}"{override}\n'
    report = load(checking_store, text)
    assert report.ok, messages(report)
    stored = report.rows[column].tolist()
    assert stored == [CLEAN] and not ILLEGAL_CHARACTERS_RE.search(stored[0])


@pytest.mark.parametrize(
    "column",
    ["name", "directorate", "service", "unit", "priority", "owner", "description", "committees"],
)
def test_control_characters_are_taken_out_of_indicator_text(checking_store, column):
    names = INDICATOR.split(",")
    values = NEW.split(",")
    row = dict(zip(names, values)) | {column: f'"{DIRTY}"'}
    report = load(
        checking_store, ",".join(row) + "\n" + ",".join(row.values()) + "\n", "indicators"
    )
    assert report.ok, messages(report)
    assert report.rows[column].tolist() == [CLEAN]


def test_text_of_only_control_characters_is_no_text(checking_store):
    report = load(checking_store, 'indicator_id,period,value,note\nCIC,2020-10,n/a,"\x01\x02"\n')
    assert messages(report) == [
        "row 2, column note: is empty, but the row has no value; say why data is missing"
    ]
