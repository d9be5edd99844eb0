"""Every demo measure, at the latest month and a few before it, shows nothing impossible.

Each check works its answer out here with plain arithmetic from the row's own figures (the
value, its counts, its target or range, its period's end) rather than asking the rule again.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import date

import pandas as pd
import pytest

from pmf_core.analysis import comparators
from pmf_core.analysis.history import paths_to_green
from pmf_core.analysis.status import status_as_at
from pmf_core.outputs import annual_report
from pmf_core.outputs.appendix import appendix_csv, appendix_rows
from pmf_core.outputs.measure_view import TREND_COLUMNS, view
from pmf_core.outputs.site import public_rows
from pmf_core.store import Store, reads

# (year, month) of each as-at month looked at: the latest, the start and end of a year, a year ago
MONTHS = [(2026, 10), (2026, 4), (2026, 3), (2025, 10)]
# months allowed after a period ends before its figure is late, before any publication lag
ALLOWED = {"weekly": 0, "monthly": 0, "quarterly": 3, "six_monthly": 6, "annual": 12}
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def at(year: int, month: int) -> int:
    """The month index of a calendar month, worked here."""
    return year * 12 + month - 1


@pytest.fixture(scope="module")
def seen(demo_store_file) -> dict:
    """Status, paths to green, views, public and appendix rows at each month, read once."""
    store = Store(demo_store_file, wait_seconds=2)
    lags = reads.indicators(store).set_index("indicator_id")["lag_months"]
    benchmarks = comparators.narrative_positions(store)
    no_trend = pd.DataFrame(columns=TREND_COLUMNS)  # the page's words, without its chart
    out = {}
    for year, month in MONTHS:
        index = at(year, month)
        status = status_as_at(store, index, with_spc=True)
        status["lag_months"] = status["indicator_id"].map(lags)
        views = [
            view(row, no_trend, benchmarks.get(row["indicator_id"]))
            for row in status.to_dict("records")
        ]
        out[(year, month)] = {
            "status": status,
            "paths": paths_to_green(store, status, index),
            "views": {v.indicator_id: v for v in views},
            "public": public_rows(store, index),
            "appendix": appendix_rows(status, store, date(year, month, 28)),
        }
    return out


def rows(seen, when) -> list[dict]:
    """The status rows at a month whose RAG the rules worked out (no manual override)."""
    return seen[when]["status"].to_dict("records")


def missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


@pytest.mark.parametrize("when", MONTHS)
def test_all_124_measures_are_seen(seen, when):
    assert len(seen[when]["status"]) == 124


@pytest.mark.parametrize("when", MONTHS)
def test_no_percentage_is_over_100_or_under_0(seen, when):
    bad = [
        (r["indicator_id"], r["value"])
        for r in rows(seen, when)
        if r["unit"] == "%" and not missing(r["value"]) and not 0 <= r["value"] <= 100
    ]
    assert bad == []


def meets(row) -> bool:
    """Whether the value meets its target (a range: lies inside its bounds), worked here."""
    value, target = row["value"], row["target"]
    if row["polarity"] == "within_range":
        return target <= value <= row["target_upper"]
    if row["polarity"] == "higher_is_better":
        return value >= target
    return value <= target


@pytest.mark.parametrize("when", MONTHS)
def test_each_rag_agrees_with_its_own_value_and_target(seen, when):
    bad = []
    for r in rows(seen, when):
        if r["rag_source"] != "computed" or missing(r["value"]) or missing(r["target"]):
            continue
        if r["rag"] in ("Green", "Blue") and not meets(r):
            bad.append((r["indicator_id"], r["rag"], r["value"], r["target"]))
        if r["rag"] in ("Amber", "Red") and meets(r):
            bad.append((r["indicator_id"], r["rag"], r["value"], r["target"]))
        if r["rag"] == "Blue" and r["polarity"] == "within_range":
            bad.append((r["indicator_id"], "Blue for a range", r["value"], r["target"]))
    assert bad == []


@pytest.mark.parametrize("when", MONTHS)
def test_contextual_and_place_measures_are_never_judged(seen, when):
    paths = seen[when]["paths"]
    views = seen[when]["views"]
    bad = [
        r["indicator_id"]
        for r in rows(seen, when)
        if r["kind"] in ("contextual", "place")
        and (
            not missing(r["target"])
            or r["rag"] not in ("Not rated", "No data")
            or r["assurance"]
            or r["indicator_id"] in paths
            or views[r["indicator_id"]].target != "none"
            or "target" in views[r["indicator_id"]].sentence
        )
    ]
    assert bad == []


@pytest.mark.parametrize("when", MONTHS)
def test_year_to_date_measures_have_no_spc_and_compare_with_last_year(seen, when):
    ytd = [r for r in rows(seen, when) if r["accumulation"] == "year_to_date"]
    assert len(ytd) >= 2
    for r in ytd:
        assert (r["variation"], r["assurance"], r["variation_icon"]) == ("", "", ""), r
        assert r["dot"] == r["dot_last_year"], r["indicator_id"]
        sentence = seen[when]["views"][r["indicator_id"]].sentence
        assert "previous month" not in sentence
        # a running total's target for a part of the year is no more than the year's
        assert r["target"] <= r["annual_target"] + 1e-9, r["indicator_id"]


@pytest.mark.parametrize("when", MONTHS)
def test_a_rate_agrees_with_its_counts(seen, when):
    rates = [r for r in rows(seen, when) if not missing(r["numerator"])]
    assert rates
    for r in rates:
        worked = r["numerator"] / r["denominator"] * r["scale"]
        assert abs(worked - r["value"]) <= 0.5 * 10 ** -int(r["decimals"]) + 1e-9, r
        view = seen[when]["views"][r["indicator_id"]]
        assert f"{int(r['numerator']):,} of {int(r['denominator']):,}" in view.value


@pytest.mark.parametrize("when", MONTHS)
def test_late_only_past_the_frequency_and_the_lag(seen, when):
    for r in rows(seen, when):
        if missing(r["end_index"]):
            continue
        lag = 0 if missing(r["lag_months"]) else int(r["lag_months"])
        overdue = at(*when) - int(r["end_index"]) - ALLOWED[r["frequency"]] - lag
        assert bool(r["late"]) == (overdue > 0), (r["indicator_id"], overdue)


def label_month(label: str, frequency: str) -> int:
    """The month index in which a period label ends, worked here from its words."""
    words = label.split()
    if frequency == "weekly":  # "w/e 18 Oct 2026"
        return at(int(words[3]), MONTH_NAMES.index(words[2]) + 1)
    if frequency == "monthly":  # "Oct 2026"
        return at(int(words[1]), MONTH_NAMES.index(words[0]) + 1)
    start = int(words[-1][:4])
    if frequency == "quarterly":  # "Q2 2026/27"
        quarter = int(words[0][1])
        return at(start, 3 + 3 * quarter) if quarter < 4 else at(start + 1, 3)
    if frequency == "six_monthly":  # "H1 2026/27"
        return at(start, 9) if words[0] == "H1" else at(start + 1, 3)
    return at(start + 1, 3)  # "2026/27"


@pytest.mark.parametrize("when", MONTHS)
def test_a_path_to_green_lies_ahead_and_inside_its_interval(seen, when):
    by_id = {r["indicator_id"]: r for r in rows(seen, when)}
    for key, path in seen[when]["paths"].items():
        if path.projected is None:
            continue
        frequency = by_id[key]["frequency"]
        projected = label_month(path.projected, frequency)
        earliest = label_month(path.earliest, frequency)
        assert projected >= at(*when) and earliest >= at(*when), (key, path)
        assert earliest <= projected, (key, path)
        if path.latest is not None:
            assert projected <= label_month(path.latest, frequency), (key, path)


@pytest.mark.parametrize("when", MONTHS)
def test_a_year_end_forecast_follows_last_years_pattern(seen, when):
    for r in rows(seen, when):
        path = seen[when]["paths"].get(r["indicator_id"])
        if r["accumulation"] != "year_to_date" or path is None or missing(r["value"]):
            continue
        last, last_end = r["last_year_value"], r["last_year_end_value"]
        worked = min(r["value"] * last_end / last, 100.0)
        assert path.forecast == pytest.approx(worked, abs=1e-6), r["indicator_id"]
        better = (worked >= r["annual_target"]) == (r["polarity"] == "higher_is_better")
        assert path.verdict.startswith("On course") == better


@pytest.mark.parametrize("when", MONTHS)
def test_each_sentence_names_the_page_figure_and_period(seen, when):
    for r in rows(seen, when):
        view = seen[when]["views"][r["indicator_id"]]
        if missing(r["value"]):
            continue
        assert view.sentence.startswith(f"{view.value} in {view.period}"), view.sentence
        assert f"{view.period}" == period_label(r["period"], r["frequency"]), view.period


def period_label(key: str, frequency: str) -> str:
    """A canonical period key in words, worked here (weeks are left as the view gives them)."""
    if frequency == "monthly":
        year, month = key.split("-")
        return f"{MONTH_NAMES[int(month) - 1]} {year}"
    if frequency in ("quarterly", "six_monthly"):
        year, part = key.split()
        return f"{part} {year}"
    if frequency == "weekly":  # "2026-W43": the ISO week ends on its Sunday
        year, week = key.split("-W")
        sunday = date.fromisocalendar(int(year), int(week), 7)
        return f"w/e {sunday.day} {MONTH_NAMES[sunday.month - 1]} {sunday.year}"
    return key


@pytest.mark.parametrize("when", MONTHS)
def test_public_and_appendix_rows_say_what_the_status_says(seen, when):
    status = seen[when]["status"].set_index("indicator_id")
    for r in seen[when]["public"].to_dict("records"):
        same = status.loc[r["indicator_id"]]
        assert (r["rag"], r["period"]) == (same["rag"], same["period"])
    appendix = seen[when]["appendix"]
    for r in appendix.to_dict("records"):
        same = status.loc[r["indicator_id"]]
        assert r["RAG"] == same["rag"]
        assert r["Target"] == pytest.approx(
            round(same["target"], int(same["decimals"])), nan_ok=True
        )
        # a range reads as a range, never as its lower bound alone
        assert r["Target upper"] == pytest.approx(same["target_upper"], nan_ok=True)


@pytest.mark.parametrize("when", MONTHS)
def test_a_range_reads_as_its_two_bounds(seen, when):
    ranges = [r for r in rows(seen, when) if r["polarity"] == "within_range"]
    assert ranges
    for r in ranges:
        view = seen[when]["views"][r["indicator_id"]]
        bounds = (
            f"{r['target']:.{int(r['decimals'])}f}% to {r['target_upper']:.{int(r['decimals'])}f}%"
        )
        assert view.target == bounds
        assert f"against a target range of {bounds}" in view.sentence


def test_the_annual_report_gives_a_range_both_bounds_and_a_late_figure_its_own_status(
    demo_store_file,
):
    store = Store(demo_store_file, wait_seconds=2)
    built = annual_report.build(store, "2025/26")
    items = {m.view.indicator_id: m for ms in built.groups.values() for m in ms}
    status = status_as_at(store, at(2026, 3)).set_index("indicator_id")
    for key, item in items.items():
        row = status.loc[key]
        if item.period and not missing(row["target_upper"]):
            places = int(row["decimals"])
            assert (
                item.target == f"{row['target']:.{places}f}% to {row['target_upper']:.{places}f}%"
            )
        # a sentence with a target never says there is none; a rated figure names its status
        if not missing(row["target"]) and row["kind"] not in ("contextual", "place"):
            assert "no target set" not in item.view.sentence, (key, item.view.sentence)
            assert f": {row['rag']}" in item.view.sentence, (key, item.view.sentence)
    assert "CD0302" in items and items["CD0302"].period  # the range is in it, for its year


def test_the_appendix_csv_gives_the_ranges_upper_bound(seen):
    rows = seen[(2026, 10)]["appendix"]
    assert "CD0302" in set(rows["indicator_id"])  # the range is an exception in Oct 2026
    text = appendix_csv(rows).decode("utf-8-sig")
    records = {r["Indicator"]: r for r in csv.DictReader(io.StringIO(text))}
    turnover = records["Staff turnover (rolling 12 months, %)"]
    assert (turnover["Target"], turnover["Target upper"]) == ("8.0", "12.0")
    assert records["Council tax collected in year (cumulative %)"]["Target upper"] == ""
