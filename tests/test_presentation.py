"""The words pages show for statuses and definitions."""

from pmf_core.rules.presentation import definition, format_value, status_badge

META = {
    "indicator_id": "AH0202",
    "name": "Households in B&B",
    "directorate": "People",
    "service": "Housing",
    "owner": None,
    "frequency": "monthly",
    "polarity": "lower_is_better",
    "kind": "kpi",
    "unit": "No.",
    "amber_tolerance": 5.0,
    "tolerance_type": "percent",
    "stretch": float("nan"),
    "committees": ["People and Health"],
    "description": "Counted on the last day of the month.",
}


def test_definition_reads_in_words():
    rows = dict(zip(*definition(META).values()))
    assert rows["Polarity"] == "Lower is better"
    assert rows["Frequency"] == "Monthly"
    assert rows["Kind"].startswith("KPI")
    assert rows["Amber tolerance"] == "5 (percent of the target)"
    assert rows["Owner"] == "" and rows["Stretch threshold (Blue)"] == ""
    assert rows["Committees"] == "People and Health"


def test_definition_of_a_contextual_measure_with_absolute_tolerance():
    meta = dict(
        META,
        kind="contextual",
        polarity="none",
        tolerance_type="absolute",
        amber_tolerance=2.5,
        stretch=70.0,
        committees=None,
    )
    rows = dict(zip(*definition(meta).values()))
    assert rows["Kind"].startswith("Contextual") and rows["Polarity"].startswith("None")
    assert rows["Amber tolerance"] == "2.5 (absolute, in the unit)"
    assert rows["Stretch threshold (Blue)"] == "70" and rows["Committees"] == "none"


def test_badges_and_values_carry_words_and_units():
    assert status_badge("Red") == "✖ Red"
    assert format_value(None, 1, "%") == "–"
    assert format_value(4469.0, 0, "No.") == "4,469"


def test_values_are_shown_rounded_as_rag_compares_them():
    # half away from zero, as a spreadsheet shows them, never banker's rounding
    assert format_value(61.25, 1, "%") == "61.3%"
    assert format_value(2.675, 2) == "2.68"
    assert format_value(1234.5, 0, "£k") == "£1,235k"
    assert format_value(-0.5, 0) == "-1"


def test_uk_dates_have_no_leading_zero_and_say_when_there_is_none():
    from datetime import date

    import pandas as pd

    from pmf_core.rules.presentation import uk_date

    assert uk_date(date(2026, 11, 9)) == "9 Nov 2026"
    assert uk_date(pd.Timestamp("2026-10-29")) == "29 Oct 2026"
    assert uk_date(None) == uk_date(pd.NaT) == "not set"
    assert uk_date(None, "") == ""


def test_an_override_is_marked_and_an_unknown_status_styled_as_no_data():
    from pmf_core.rules.presentation import STATUS, rag_badge, status_style, variation_colour

    assert rag_badge("Amber", "override") == "◆ Amber (override)"
    assert rag_badge("Amber", "computed") == "◆ Amber"
    assert status_style("Purple") == status_style(None) == STATUS["No data"]
    assert status_style("Red").colour == "#d4351c"
    assert variation_colour("Concern (low)") == variation_colour("Concern (high)") == "#b94b12"
    assert variation_colour(None) == variation_colour("") == "#505a5f"


def test_uk_datetime_worked_by_hand():
    import pandas as pd

    from pmf_core.rules.presentation import uk_datetime

    assert uk_datetime(pd.Timestamp("2026-11-09 14:05:59")) == "9 Nov 2026 14:05"
    assert uk_datetime(pd.NaT) == "" and uk_datetime(None, "never") == "never"


def test_spc_badges_are_letters_and_words_never_rag_symbols_or_arrows():
    from pmf_core.rules.presentation import STATUS, spc_badge

    assert (
        spc_badge("Improvement (low)", "Consistently failing")
        == "[L] improvement (low) · [F] consistently failing"
    )
    assert (
        spc_badge("Improvement (low)", "Consistently failing", short=True)
        == "[L] improvement · [F] failing"
    )
    assert spc_badge("Neither (high)", None) == "[H] neither (high)"
    assert spc_badge(None, "Hit and miss", short=True) == "[?] hit and miss"
    everything = spc_badge("Concern (high)", "Consistently passing") + spc_badge(
        "Common cause", "Hit and miss"
    )
    assert not set(everything) & ({s.symbol for s in STATUS.values()} | set("▲▼►"))


def test_a_rates_counts_are_written_beside_its_value():
    from pmf_core.rules.presentation import counts_text, value_with_counts

    assert counts_text(47, 60) == "47 of 60"
    assert counts_text(263.0, 61000.0) == "263 of 61,000"
    assert counts_text(None, 60) == ""
    assert value_with_counts(47 / 60 * 100, 2, "%", 47, 60) == "78.33% (47 of 60)"
    assert value_with_counts(43.1148, 2, "No.", float("nan"), float("nan")) == "43.11"
    assert value_with_counts(float("nan"), 2, "No.", 3, 4) == "–"  # no figure, no counts


def test_a_target_shows_its_range_or_its_profile():
    from pmf_core.rules.presentation import target_text

    assert target_text(8, 1, "%", 12, "for the year") == "8.0% to 12.0%"
    assert target_text(24.375, 2, "%", float("nan"), "profiled evenly") == (
        "24.38% (profiled evenly)"
    )
    assert target_text(10.9, 2, "%", None, "profiled") == "10.90% (profiled)"
    assert target_text(60, 2, "No.", None, "for the year") == "60.00"
    assert target_text(float("nan"), 2, "No.") == "–"


def test_a_headline_keeps_figures_short_and_notes_the_rest():
    from pmf_core.rules.presentation import headline_notes, short_target

    assert short_target(8, 1, "%", 12) == "8.0–12.0%"
    assert short_target(60, 2, "No.", float("nan")) == "60.00"
    row = {"numerator": 311, "denominator": 61950, "value": 50.2, "target": 43.2}
    assert headline_notes({**row, "target_basis": "for the year"}) == "Latest: 311 of 61,950"
    assert headline_notes({"value": 19.5, "target": 16.25, "target_basis": "profiled evenly"}) == (
        "Target profiled evenly for the year to date"
    )
