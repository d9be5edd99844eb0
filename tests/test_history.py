"""One indicator's history as at a month: series, trend points, commentary, sparklines."""

from datetime import date

import pandas as pd

from conftest import csv_bytes
from pmf_core.analysis import history
from pmf_core.ingest import load_bytes
from pmf_core.rules import projection
from pmf_core.rules.periods import month_index
from pmf_core.store import reads

# CIC: lower is better, target 60 in 2020/21, 5% tolerance -> amber band 60..63.
EXTRACT = """\
indicator_id,period,value,commentary,note,rag_override,override_reason
CIC,2019-10,65,,,,
CIC,2020-08,61,Slightly over,,,
CIC,2020-09,,,Return delayed by system upgrade,,
CIC,2020-10,58,Back under target,,Amber,Still fragile
"""
OCT_2020 = month_index(2020, 10)


def _loaded(small_store):
    report = load_bytes(
        small_store, "observations", csv_bytes(EXTRACT), "x.csv", "analyst", today=date(2020, 11, 5)
    )
    assert report.ok, report.problems
    return small_store


def test_unknown_indicator(small_store):
    assert history.indicator(small_store, "NOPE") is None
    assert history.spc_for(small_store, "NOPE", OCT_2020) is None
    assert history.trend_points(small_store, "NOPE", OCT_2020).empty


def test_series_as_at_stops_at_the_month(small_store):
    store = _loaded(small_store)
    assert history.series_as_at(store, "CIC", month_index(2020, 8))["period"].tolist() == [
        "2019-10",
        "2020-08",
    ]


def test_trend_points_band_labels_and_last_year(small_store):
    points = history.trend_points(_loaded(small_store), "CIC", OCT_2020).set_index("period")
    assert points.loc["2020-10", "label"] == "Oct 2020"
    # lower is better: the band runs from the target up to target + 5% of it.
    assert (points.loc["2020-10", "band_low"], points.loc["2020-10", "band_high"]) == (60, 63)
    assert points.loc["2020-10", "last_year"] == 65
    assert pd.isna(points.loc["2020-08", "last_year"])
    # 61 against 60 is within the band: Amber; 58 is Green but overridden to Amber.
    assert points.loc["2020-08", "rag"] == "Amber"
    assert (points.loc["2020-10", "rag"], points.loc["2020-10", "rag_computed"]) == (
        "Amber",
        "Green",
    )
    assert points.loc["2020-09", "rag"] == "No data"


def test_commentary_history_newest_first_with_notes_and_overrides(small_store):
    said = history.commentary_history(_loaded(small_store), "CIC", OCT_2020)
    assert said["period"].tolist() == ["Oct 2020", "Sep 2020", "Aug 2020"]
    first = said.iloc[0]
    assert (first["commentary"], first["override"]) == ("Back under target", "Amber: Still fragile")
    assert said.iloc[1]["note"] == "Return delayed by system upgrade"


def test_sparklines_are_the_last_twelve_months_values_there_are(small_store):
    lines = history.sparklines(
        _loaded(small_store), {"CIC": "monthly", "FOST": "monthly"}, OCT_2020
    )
    # 2019-10 is thirteen months back: outside the window. September's value is missing:
    # Streamlit's line-chart cell would show [61.0, None, 58.0] as an error, not a line.
    assert lines == {"CIC": [61.0, 58.0]}


def test_a_sparkline_leaves_out_missing_values_of_any_kind():
    assert history.sparkline([1, None, 2.5, float("nan"), pd.NA, 4]) == [1.0, 2.5, 4.0]
    assert history.sparkline(pd.Series([3.0, float("nan")])) == [3.0]
    assert history.sparkline([]) == []


def test_path_to_green_without_values_says_so(small_store):
    rows = pd.DataFrame(
        {
            "indicator_id": ["FOST"],
            "frequency": ["monthly"],
            "polarity": ["higher_is_better"],
            "target": [215.0],
        }
    )
    path = history.paths_to_green(small_store, rows, OCT_2020)["FOST"]
    assert path.verdict == projection.TOO_FEW and path.reason == "no values yet"
    assert history.paths_to_green(small_store, rows.iloc[:0], OCT_2020) == {}


def test_a_sparkline_reaches_back_eight_quarters_or_five_years(small_store):
    # Quarter keys name the quarter's end month; a year's key its financial year.
    extract = (
        "indicator_id,period,value\n"
        + "".join(
            f"ENG,{y}/{(y + 1) % 100:02d},{v}\n"
            for y, v in zip(range(2014, 2020), (60, 61, 62, 63, 64, 65))
        )
        + "".join(
            f"HOMES,{q},{v}\n"
            for q, v in zip(
                [
                    "2018-06",
                    "2018-09",
                    "2018-12",
                    "2019-03",
                    "2019-06",
                    "2019-09",
                    "2019-12",
                    "2020-03",
                    "2020-06",
                    "2020-09",
                ],
                range(10, 20),
            )
        )
    )
    assert load_bytes(
        small_store, "observations", csv_bytes(extract), "y.csv", "analyst", today=date(2020, 11, 5)
    ).ok
    lines = history.sparklines(small_store, {"ENG": "annual", "HOMES": "quarterly"}, OCT_2020)
    # 2014/15 ended in March 2015, more than five years before October 2020: left out.
    assert lines["ENG"] == [61.0, 62.0, 63.0, 64.0, 65.0]
    # Eight quarters back from October 2020: the quarter ending Dec 2018 onwards.
    assert lines["HOMES"] == [12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0]


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values as Python objects, every missing one None: equal frames whatever the dtypes."""
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


def test_trends_read_together_equal_each_read_alone(demo_read):
    """The site's and report's one read of many measures' trends gives, measure by measure,
    what the drill-down's read of that one measure gives: a measure of each frequency,
    polarity and accumulation the demo council has (year-to-date ones, ranges, a weekly one),
    and an unknown id an empty trend."""
    store = demo_read
    catalogue = reads.indicators(store).fillna({"accumulation": ""})
    kinds = catalogue.drop_duplicates(["frequency", "polarity", "accumulation"])
    ids = [*kinds["indicator_id"], "NO-SUCH"]
    as_at = month_index(2026, 9)
    together = history.trends(store, ids, as_at)
    assert list(together) == ids
    with store.session():  # one opening for the reads one by one
        for key in ids:
            # An all-empty text column reads as Nones alone, as a string column with others.
            pd.testing.assert_frame_equal(
                plain(together[key]), plain(history.trend_points(store, key, as_at))
            )
    assert together["NO-SUCH"].empty
    assert set(kinds["frequency"]) >= {"weekly", "monthly", "quarterly", "annual"}
    assert sum(len(points) for points in together.values()) > 200  # real series compared
