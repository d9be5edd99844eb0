"""The data contract: empty keys, years out of range and frequency changes are refused."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checking import TODAY, check
from conftest import csv_bytes
from pmf_core.ingest import check_file, commit, load_bytes
from pmf_core.rules.periods import PeriodError, parse_period
from xlsx_files import OBSERVATIONS_HEADER, inline_row, with_sheet

INDICATOR_HEADER = "indicator_id,name,directorate,service,unit,frequency,polarity\n"


def load(store, text, kind="observations", name="f.csv"):
    return check(store, text, kind, name)


def write(store, text, kind="observations"):
    """Check and, when clean, load a file as one batch."""
    return load_bytes(store, kind, csv_bytes(text), "f.csv", "analyst", today=TODAY)


def messages(report):
    return [str(p) for p in report.problems]


def test_an_empty_period_is_refused_and_never_reaches_commit(checking_store):
    report = check_file(
        checking_store,
        "observations",
        csv_bytes("indicator_id,period,value\nCIC,,70\nFOST,  ,1\n"),
        "f.csv",
        TODAY,
    )
    assert messages(report) == [
        "row 2, column period: is empty; it is required",
        "row 3, column period: is empty; it is required",
    ]
    with pytest.raises(ValueError, match="no problems"):
        commit(checking_store, report, "jo")


@pytest.mark.parametrize(
    "kind,text",
    [
        ("observations", "indicator_id,period,value\n,2020-10,70\n"),
        ("targets", "indicator_id,financial_year,target\n,2020/21,60\n"),
        ("indicators", INDICATOR_HEADER + ",Name,D,S,No.,monthly,none\n"),
    ],
)
def test_an_empty_indicator_id_is_refused_in_every_kind(checking_store, kind, text):
    assert messages(load(checking_store, text, kind)) == [
        "row 2, column indicator_id: is empty; it is required"
    ]


def test_an_empty_financial_year_is_refused(checking_store):
    report = load(checking_store, "indicator_id,financial_year,target\nCIC,,60\n", "targets")
    assert messages(report) == ["row 2, column financial_year: is empty; it is required"]


@pytest.mark.parametrize(
    "text,frequency",
    [
        ("Jan 0001", "monthly"),
        ("1989-12", "monthly"),
        ("31/12/1989", "monthly"),
        ("2101-01", "monthly"),
        ("Jan 2101", "monthly"),
        ("1989/90 Q3", "quarterly"),
        ("Q4 2100/01", "quarterly"),
        ("1989/90", "annual"),
        ("2100/01", "annual"),
    ],
)
def test_periods_outside_1990_to_2100_are_refused(text, frequency):
    with pytest.raises(PeriodError, match="is outside the years 1990 to 2100"):
        parse_period(text, frequency)


@pytest.mark.parametrize(
    "text,frequency,key",
    [
        ("Jan 1990", "monthly", "1990-01"),
        ("Dec 2100", "monthly", "2100-12"),
        ("1990/91 Q1", "quarterly", "1990/91 Q1"),
        ("2099/00", "annual", "2099/00"),
    ],
)
def test_periods_at_the_edges_are_accepted(text, frequency, key):
    assert parse_period(text, frequency).key == key


def test_a_year_out_of_range_is_reported_with_row_and_column(checking_store):
    report = load(checking_store, "indicator_id,period,value\nCIC,Jan 0001,70\nFOST,2020-10,1\n")
    assert messages(report) == [
        'row 2, column period: "Jan 0001" is outside the years 1990 to 2100'
    ]


@pytest.mark.parametrize("year", ["1989/90", "2100/01", "0001/02"])
def test_financial_years_outside_1990_to_2100_are_refused(checking_store, year):
    report = load(checking_store, f"indicator_id,financial_year,target\nCIC,{year},60\n", "targets")
    assert messages(report) == [
        f'row 2, column financial_year: "{year}" is outside the years 1990 to 2100'
    ]


@pytest.mark.parametrize(
    "text", ["\u0662\u0660\u0662\u0660-10", "Oct-\u0662\u0660", "\u0662\u0660\u0662\u0660/21"]
)
def test_periods_with_digits_other_than_0_to_9_are_refused(checking_store, text):
    report = load(checking_store, f"indicator_id,period,value\nCIC,{text},70\n")
    assert messages(report) == [
        f'row 2, column period: "{text}" is not a period; use 2020-09 or Sep-20'
    ]


def test_a_financial_year_with_other_digits_is_refused(checking_store):
    report = load(
        checking_store,
        "indicator_id,financial_year,target\nCIC,\u0662\u0660\u0662\u0660/21,60\n",
        "targets",
    )
    assert len(report.problems) == 1 and "is not a financial year" in messages(report)[0]


def test_changing_the_frequency_of_an_indicator_with_observations_is_refused(small_store):
    assert write(small_store, "indicator_id,period,value\nCIC,2020-10,70\n").ok
    text = (
        INDICATOR_HEADER + "CIC,Children in care,P,C,No.,quarterly,lower_is_better\n"
        "FOST,Foster carers,P,C,No.,Monthly,higher_is_better\n"
        "HOMES,Affordable homes,P,H,No.,monthly,higher_is_better\n"
    )
    report = write(small_store, text, "indicators")
    assert messages(report) == [
        'row 2, column frequency: "quarterly" would change the frequency from monthly, but '
        "this indicator already has observations; keep monthly, or load it under a new id"
    ]
    assert (
        small_store.scalar(
            "SELECT frequency FROM indicators WHERE is_current AND indicator_id = 'CIC'"
        )
        == "monthly"
    )


def test_an_unchanged_frequency_is_fine_for_an_indicator_with_observations(small_store):
    assert write(small_store, "indicator_id,period,value\nCIC,2020-10,70\n").ok
    text = INDICATOR_HEADER + "CIC,Children in care,P,C,No.,MONTHLY,lower_is_better\n"
    assert write(small_store, text, "indicators").batch.rows_total == 1


def test_problems_from_reading_and_checking_come_together_by_row(checking_store):
    rows = (
        OBSERVATIONS_HEADER
        + inline_row(2, "CIC", "2020-10")[:-6]
        + '<c r="C2"><v>lots</v></c></row>'
        + inline_row(3, "NOPE", "2020-10", "1")
        + inline_row(4, "FOST", "")[:-6]
        + '<c r="C4"><v>5</v></c></row>'
    )
    report = load(checking_store, with_sheet(rows), name="f.xlsx")
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "value"),
        (3, "indicator_id"),
        (4, "period"),
    ]


def test_a_file_of_another_kind_is_named_beside_its_missing_columns(checking_store):
    # A targets file (indicator_id, financial_year, target) checked as indicators: six of the
    # seven required columns are missing, and the columns it has are a targets file's.
    report = load(
        checking_store, "indicator_id,financial_year,target\nCIC,2021/22,58\n", "indicators"
    )
    assert messages(report) == [
        "the columns fit a targets file: if that is what it is, load it as targets",
        *(
            f"row 1, column {name}: this required column is missing"
            for name in sorted(("name", "directorate", "service", "unit", "frequency", "polarity"))
        ),
    ]
    # A file that fits no kind gets no suggestion.
    odd = load(checking_store, "indicator_id,colour\nCIC,red\n", "targets")
    assert not [m for m in messages(odd) if "fit" in m]


def test_thousands_of_unknown_columns_are_one_warning_naming_the_first_five(checking_store):
    from pmf_core.ingest.validate import unknown_warnings

    names = [f"x{n}" for n in range(10_000)]
    assert unknown_warnings(names, "targets") == [
        '10,000 columns are not part of the targets file and were ignored: "x0", "x1", "x2", '
        '"x3", "x4" and 9,995 more'
    ]
    # Through the whole check (300 columns: reading each costs time, the rule is the same).
    header = ",".join(["indicator_id", "period", "value", *names[:300]])
    report = load(checking_store, header + "\nCIC,2020-10,70" + "," * 300 + "\n")
    assert report.warnings == [
        "300 columns are not part of the observations file and were "
        'ignored: "x0", "x1", "x2", "x3", "x4" and 295 more'
    ]
    few = load(checking_store, "indicator_id,period,value,a,b\nCIC,2020-10,70,1,2\n")
    assert few.warnings == [
        'column "a" is not part of the observations file and was ignored',
        'column "b" is not part of the observations file and was ignored',
    ]


KINDS_INDICATORS = """\
indicator_id,name,directorate,service,unit,frequency,polarity,accumulation,scale,decimals
CT,Council tax collected,Corp,Revenues,%,monthly,higher_is_better,year_to_date,,2
TO,Staff turnover,Corp,HR,%,monthly,within_range,,,1
CP,Child protection rate,People,CP,No.,monthly,lower_is_better,,"per 10,000",2
PCT,Visits on time,People,CP,%,monthly,higher_is_better,,,1
"""


@pytest.fixture
def kinds_store(store):
    """A store with a year-to-date measure, a range and two rates (per 10,000 and a percent)."""
    assert write(store, KINDS_INDICATORS, "indicators").ok
    return store


def test_indicators_keep_accumulation_and_scale(kinds_store):
    from pmf_core.store import reads

    got = reads.indicators(kinds_store).set_index("indicator_id")
    assert got.loc["CT", "accumulation"] == "year_to_date"
    assert got.loc["TO", "accumulation"] == "none"  # the default
    # "per 10,000" is 10000; a percent measure's default is 100, any other's 1.
    assert got["scale"].to_dict() == {"CT": 100.0, "TO": 100.0, "CP": 10000.0, "PCT": 100.0}


def test_a_scale_that_is_not_one_of_the_five_is_refused(kinds_store):
    text = INDICATOR_HEADER.strip() + ",scale\nX1,X,D,S,No.,monthly,none,per 12\n"
    assert messages(load(kinds_store, text, "indicators")) == [
        'row 2, column scale: "per 12" is not a scale; use 1, 100, 1000, 10000 or 100000 '
        '("per 10,000" is 10000)'
    ]


def test_a_value_is_computed_from_numerator_and_denominator(kinds_store):
    from pmf_core.store import reads

    text = (
        "indicator_id,period,value,numerator,denominator\n"
        "CP,2020-10,,263,61000\n"  # 263 / 61,000 x 10,000 = 43.1148
        "PCT,2020-10,,47,60\n"  # 47 / 60 x 100 = 78.333
    )
    assert write(kinds_store, text).ok
    cp = reads.series(kinds_store, "CP").iloc[0]
    assert cp["value"] == pytest.approx(263 / 61000 * 10000)
    assert (cp["numerator"], cp["denominator"]) == (263, 61000)
    assert reads.series(kinds_store, "PCT")["value"].iloc[0] == pytest.approx(78.3333, abs=1e-4)


def test_a_value_that_agrees_with_its_counts_at_the_decimals_is_kept(kinds_store):
    # 47 / 60 x 100 = 78.333, shown at 1 decimal as 78.3: the value typed agrees.
    report = load(
        kinds_store, "indicator_id,period,value,numerator,denominator\nPCT,2020-10,78.3,47,60\n"
    )
    assert report.ok, messages(report)
    assert report.rows["value"].iloc[0] == 78.3


def test_a_value_that_disagrees_with_its_counts_is_refused_naming_all_three(kinds_store):
    text = (
        "indicator_id,period,value,numerator,denominator\n"
        "CP,2020-10,43.11,263,61000\n"
        "CP,2020-11,43.13,263,61000\n"
        "PCT,2020-10,78.4,47,60\n"
    )
    assert messages(load(kinds_store, text)) == [
        'row 3, column value: "43.13" does not agree with numerator 263 / denominator 61000 '
        "x 10000 = 43.11",
        'row 4, column value: "78.4" does not agree with numerator 47 / denominator 60 x 100 '
        "= 78.3",
    ]


def test_a_rate_needs_both_counts_and_a_denominator_above_zero(kinds_store):
    text = (
        "indicator_id,period,value,numerator,denominator,note\n"
        "CP,2020-10,,263,,\n"
        "CP,2020-11,,,61000,\n"
        "CP,2020-12,,3,0,\n"
    )
    assert messages(load(kinds_store, text)) == [
        "row 2, column denominator: is empty; a rate needs both its numerator and its denominator",
        "row 2, column note: is empty, but the row has no value; say why data is missing",
        "row 3, column note: is empty, but the row has no value; say why data is missing",
        "row 3, column numerator: is empty; a rate needs both its numerator and its denominator",
        'row 4, column denominator: "0" is not above 0; a rate cannot be divided by it',
        "row 4, column note: is empty, but the row has no value; say why data is missing",
    ]


def test_targets_profiled_by_period_and_a_ranges_upper_bound(kinds_store):
    text = (
        "indicator_id,financial_year,period,target,target_upper\n"
        "CT,2020/21,,97.5,\n"
        "CT,2020/21,Apr-20,10.9,\n"
        "CT,2020/21,2021-04,20,\n"  # April 2021 is in 2021/22
        "CT,2020/21,2020-04,11,\n"  # April 2020 again
        "TO,2020/21,,8,12\n"
        "TO,2021/22,,8,\n"  # a range needs its upper bound
        "TO,2022/23,,8,7\n"  # below the lower
        "PCT,2020/21,,90,95\n"  # not a range
    )
    assert messages(load(kinds_store, text, "targets")) == [
        'row 4, column period: "2021-04" is not in the row\'s financial year',
        "row 5, column period: this indicator, year and period appear again (first at row 3)",
        "row 7, column target_upper: is empty; a within-range measure needs the range's upper "
        "bound (target is the lower)",
        'row 8, column target_upper: "7" is below the target, the lower bound of the range',
        'row 9, column target_upper: "95" is an upper bound, but this measure has no target '
        "range (polarity within_range); leave it empty",
    ]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    numerator=st.integers(0, 10**6),
    denominator=st.integers(1, 10**7),
    indicator=st.sampled_from([("CP", 10000, 2), ("PCT", 100, 1)]),
)
def test_computed_values_round_trip(kinds_store, numerator, denominator, indicator):
    """A value computed from counts, written back at its decimals beside them, is accepted and
    reads the same: what a page shows can be loaded again."""
    from pmf_core.rules.rag import round_half_up

    indicator_id, scale, decimals = indicator
    header = "indicator_id,period,value,numerator,denominator\n"
    computed = load(kinds_store, f"{header}{indicator_id},2020-10,,{numerator},{denominator}\n")
    assert computed.ok, messages(computed)
    value = computed.rows["value"].iloc[0]
    assert value == numerator / denominator * scale
    shown = f"{round_half_up(value, decimals):.{decimals}f}"
    again = load(kinds_store, f"{header}{indicator_id},2020-10,{shown},{numerator},{denominator}\n")
    assert again.ok, messages(again)
    assert round_half_up(again.rows["value"].iloc[0], decimals) == round_half_up(value, decimals)
