"""Data quality as at a month: missing, late, unexplained, overridden, no target."""

from datetime import date

from conftest import csv_bytes
from pmf_core.analysis import quality
from pmf_core.analysis.status import status_as_at
from pmf_core.ingest import load_bytes
from pmf_core.rules.periods import month_index

OCT_2020 = month_index(2020, 10)

# CIC returns October with no commentary while Red (target 60, lower is better: 70 is Red);
# FOST has no value for October, with its note; CTX stopped in August (late by two months);
# HOMES is quarterly and overridden; ENG (annual) has no target for 2020/21 once ENG_2021 is gone.
EXTRACT = """\
indicator_id,period,value,note,rag_override,override_reason,commentary
CIC,2020-10,70,,,,
FOST,2020-10,,Return not received from the provider,,,
CTX,2020-08,4400,,,,
HOMES,2020/21 Q2,47,,Green,Agreed with the portfolio holder,Q2 in line with the plan
"""


def _status(small_store):
    report = load_bytes(
        small_store, "observations", csv_bytes(EXTRACT), "x.csv", "analyst", today=date(2020, 11, 5)
    )
    assert report.ok, report.problems
    return status_as_at(small_store, OCT_2020)


def ids(frame):
    return sorted(frame["indicator_id"])


def test_missing_returns_are_monthly_measures_without_a_value_for_the_month(small_store):
    # FOST has the month but no value; CTX's latest is August; CIC returned October.
    assert ids(quality.missing_returns(_status(small_store), OCT_2020)) == ["CTX", "FOST"]


def test_late_returns(small_store):
    # CTX (monthly, latest August) is late as at October, and ENG has never returned; HOMES
    # (Q2 ends September, quarterly grace 3 months) is not late.
    assert ids(quality.late_returns(_status(small_store))) == ["CTX", "ENG"]


def test_missing_notes_are_red_or_amber_without_commentary(small_store):
    # FOST's missing value has its note; CIC is Red with no commentary.
    assert ids(quality.missing_notes(_status(small_store))) == ["CIC"]


def test_overrides(small_store):
    frame = quality.overrides(_status(small_store))
    assert ids(frame) == ["HOMES"]
    assert frame["override_reason"].tolist() == ["Agreed with the portfolio holder"]


def test_no_target_this_year_lists_rated_kpis_only(small_store):
    status = _status(small_store)
    # Every rated measure has a 2020/21 target; CTX has polarity none so is never listed.
    assert ids(quality.no_target_this_year(small_store, status, OCT_2020)) == []
    # In 2021/22 none of the rated measures has a target yet.
    later = quality.no_target_this_year(small_store, status, month_index(2021, 5))
    assert ids(later) == ["CIC", "ENG", "FOST", "HOMES"]
    assert set(later["financial_year"]) == {"2021/22"}


def test_a_target_in_the_extract_counts_as_this_years_target(small_store):
    # No targets file for 2021/22. CIC's May 2021 row carries a target in the extract's target
    # column, FOST's April row has none, and HOMES's 2021/22 target arrives only in June: as at
    # May 2021 CIC has its target; FOST, HOMES and ENG have none; as at June HOMES has one too.
    extract = (
        "indicator_id,period,value,target\nCIC,2021-05,62,58\nFOST,2021-04,210,\n"
        "HOMES,2021/22 Q1,50,80\n"
    )
    report = load_bytes(
        small_store, "observations", csv_bytes(extract), "y.csv", "analyst", today=date(2021, 7, 5)
    )
    assert report.ok, report.problems
    may, june = month_index(2021, 5), month_index(2021, 6)
    assert ids(quality.no_target_this_year(small_store, status_as_at(small_store, may), may)) == [
        "ENG",
        "FOST",
        "HOMES",
    ]
    assert ids(quality.no_target_this_year(small_store, status_as_at(small_store, june), june)) == [
        "ENG",
        "FOST",
    ]


def test_a_weekly_measure_has_a_return_for_the_month_when_a_week_ends_in_it(small_store):
    indicators = (
        "indicator_id,name,directorate,service,unit,frequency,polarity\n"
        "WK,Weekly calls,D,S,No.,weekly,higher_is_better\n"
        "WK2,Weekly visits,D,S,No.,weekly,higher_is_better\n"
    )
    assert load_bytes(small_store, "indicators", csv_bytes(indicators), "i.csv", "me").ok
    # w/e 4 Oct 2020 is October's; w/e 27 Sep 2020 is September's, so WK2 has no October week.
    rows = "indicator_id,period,value\nWK,2020-W40,5\nWK2,2020-W39,6\n"
    report = load_bytes(
        small_store, "observations", csv_bytes(rows), "w.csv", "me", today=date(2020, 11, 5)
    )
    assert report.ok, report.problems
    missing = ids(quality.missing_returns(status_as_at(small_store, OCT_2020), OCT_2020))
    assert "WK2" in missing and "WK" not in missing
