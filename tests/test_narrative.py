"""The sentence for a measure, against sentences written by hand for each case."""

import math

import pytest

from conftest import csv_bytes
from pmf_core.analysis.status import status_as_at
from pmf_core.ingest import load_bytes
from pmf_core.rules.narrative import Benchmark, sentence
from pmf_core.rules.periods import month_index

NAN = math.nan


def row(**given) -> dict:
    """A quarterly percentage measure, higher is better, as a status row gives it."""
    base = {
        "period": "2020/21 Q2",
        "frequency": "quarterly",
        "unit": "%",
        "decimals": 1,
        "value": 55.2,
        "target": 62.0,
        "rag": "Red",
        "rag_source": "computed",
        "rag_computed": "Red",
        "dot": "Worsening",
        "previous_value": 57.14,
        "dot_last_year": "Not comparable",
        "last_year_value": NAN,
        "kind": "kpi",
        "polarity": "higher_is_better",
        "variation": "Common cause",
        "override_reason": "SECRET REASON",
        "note": "SECRET NOTE",
    }
    return {**base, **given}


def test_the_spec_example_with_a_benchmark():
    assert sentence(row(), Benchmark(4, "CIPFA nearest neighbours")) == (
        "55.2% in Q2 2020/21 against a target of 62.0%: Red, worse than the previous quarter "
        "(57.1%) and in the bottom quarter of CIPFA nearest neighbours."
    )


def test_without_a_benchmark_and_with_last_year():
    text = sentence(row(dot_last_year="Improving", last_year_value=50.25))
    assert text == (
        "55.2% in Q2 2020/21 against a target of 62.0%: Red, worse than the "
        "previous quarter (57.1%) and better than the same quarter last year (50.3%)."
    )


def test_a_benchmark_of_another_period_is_named():
    """An annual benchmark beside a quarterly value says which year it is; the same period not."""
    assert sentence(row(), Benchmark(1, "CIPFA nearest neighbours", "2025/26")) == (
        "55.2% in Q2 2020/21 against a target of 62.0%: Red, worse than the previous quarter "
        "(57.1%) and in the top quarter of CIPFA nearest neighbours (2025/26)."
    )
    assert sentence(row(), Benchmark(1, "Shire districts", "Q2 2020/21")).endswith(
        "and in the top quarter of Shire districts."
    )


def test_top_quarter_and_a_quartile_missing():
    assert sentence(row(), Benchmark(1, "Shire districts")).endswith(
        "and in the top quarter of Shire districts."
    )
    assert sentence(row(), Benchmark(None, "Shire districts")) == sentence(row())


def test_no_target():
    text = sentence(row(target=NAN, rag="Not rated", rag_computed="Not rated"))
    assert text == (
        "55.2% in Q2 2020/21 (no target set, so not rated), worse than the previous "
        "quarter (57.1%)."
    )


def test_no_previous_value():
    text = sentence(row(previous_value=NAN, dot="Not comparable", rag="Amber"))
    assert text == "55.2% in Q2 2020/21 against a target of 62.0%: Amber."


def test_contextual_monthly_count():
    text = sentence(
        row(
            period="2020-10",
            frequency="monthly",
            unit="No.",
            decimals=0,
            value=4469,
            target=NAN,
            kind="contextual",
            polarity="none",
            rag="Not rated",
            dot="Up",
            previous_value=4110,
            dot_last_year="Down",
            last_year_value=4700,
        )
    )
    assert text == (
        "4,469 in Oct 2020 (a contextual measure, not rated), up on the previous "
        "month (4,110) and down on the same month last year (4,700)."
    )


def test_override_names_the_computed_status_never_the_reason():
    text = sentence(row(rag="Amber", rag_source="override", rag_computed="Red"))
    assert text == (
        "55.2% in Q2 2020/21 against a target of 62.0%: Amber (set by the service; "
        "computed Red), worse than the previous quarter (57.1%)."
    )
    assert "SECRET" not in text
    same = sentence(row(rag="Red", rag_source="override", rag_computed="Red"))
    assert same.startswith("55.2% in Q2 2020/21 against a target of 62.0%: Red, worse")


def test_special_cause():
    text = sentence(
        row(
            period="2026-10",
            frequency="monthly",
            unit="days",
            value=9.84,
            target=9.0,
            rag="Red",
            rag_computed="Red",
            dot="Worsening",
            previous_value=9.5,
            polarity="lower_is_better",
            variation="Special cause concerning",
        )
    )
    assert text == (
        "9.8 days in Oct 2026 against a target of 9.0 days: Red, worse than the "
        "previous month (9.5 days) and a statistically significant deterioration "
        "(special cause variation)."
    )


def test_no_value_for_the_period_never_quotes_the_note():
    text = sentence(row(value=NAN, rag="No data", rag_computed="No data"))
    assert text == "No value was reported for Q2 2020/21. The previous quarter's value was 57.1%."
    assert sentence(row(period=None, value=NAN)) == "No values have been reported yet."


def test_money_and_annual_measures_have_no_last_year_clause():
    text = sentence(
        row(
            period="2020/21",
            frequency="annual",
            unit="£k",
            decimals=0,
            value=812.4,
            target=800,
            rag="Green",
            dot="Improving",
            previous_value=790,
            polarity="higher_is_better",
            dot_last_year="Improving",
            last_year_value=790,
        )
    )
    assert text == (
        "£812k in 2020/21 against a target of £800k: Green, better than the previous year (£790k)."
    )


@pytest.fixture
def loaded(small_store):
    extract = (
        "indicator_id,period,value,note\nCIC,2019-10,75,\nCIC,2020-09,58,\n"
        "CIC,2020-10,70,\nCTX,2020-09,4000,\nCTX,2020-10,,register system down\n"
    )
    report = load_bytes(small_store, "observations", csv_bytes(extract), "obs.csv", "tester")
    assert report.ok, report.problems
    return status_as_at(small_store, month_index(2020, 10)).set_index("indicator_id")


def test_from_a_status_row_of_the_store(loaded):
    # CIC: target 60, lower is better, 5% band = 3, so 70 is Red; 58 a month before.
    assert sentence(loaded.loc["CIC"]) == (
        "70.00 in Oct 2020 against a target of 60.00: Red, worse than the previous month "
        "(58.00) and better than the same month last year (75.00)."
    )
    assert sentence(loaded.loc["CTX"]) == (
        "No value was reported for Oct 2020. The previous month's value was 4,000."
    )
    assert sentence(loaded.loc["FOST"]) == "No values have been reported yet."


def test_a_year_to_date_figure_is_compared_with_last_year_only():
    said = sentence(
        row(
            period="2026-10",
            frequency="monthly",
            decimals=2,
            value=64.16,
            target=64.27,
            target_basis="profiled",
            rag="Amber",
            rag_computed="Amber",
            dot="Improving",  # against last year, as the status gives it
            previous_value=55.2,
            dot_last_year="Improving",
            last_year_value=63.88,
            accumulation="year_to_date",
            variation="",
        )
    )
    assert said == (
        "64.16% in Oct 2026 against a target of 64.27% (profiled): Amber, better than the same "
        "month last year (63.88%)."
    )


def test_a_range_and_a_rates_counts_are_said():
    said = sentence(
        row(
            period="2026-10",
            frequency="monthly",
            value=12.1,
            target=8.0,
            target_upper=12.0,
            rag="Amber",
            rag_computed="Amber",
            dot="Same",
            previous_value=12.1,
            numerator=121,
            denominator=1000,
            variation="",
        )
    )
    assert said == (
        "12.1% (121 of 1,000) in Oct 2026 against a target range of 8.0% to 12.0%: Amber, the "
        "same as the previous month (12.1%)."
    )
