"""A measure as the report and public site show it: the figures, and nothing private."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import INDICATORS, TARGETS, csv_bytes
from pmf_core.analysis import history, status
from pmf_core.ingest import load_bytes
from pmf_core.outputs import measure_view
from pmf_core.store import Store
from pmf_core.store.writes import add_action

OCT_2020 = 2020 * 12 + 9
SECRETS = (
    "Secret note Y",
    "Secret reason X",
    "Secret Owner",
    "Secret Officer W",
    "Secret Loader Z",
    "Secret plan V",
)
OBSERVATIONS = (
    "indicator_id,period,value,commentary,rag_override,override_reason,note\n"
    "CIC,2020-09,64,Fine,,,\n"
    "CIC,2020-10,70,Rising <b>fast</b>,Amber,Secret reason X,Secret note Y\n"
)


def with_owner(text: str) -> str:
    """The fixture's indicators, each with an accountable officer named in owner."""
    lines = text.splitlines()
    return "\n".join([lines[0] + ",owner"] + [line + ",Ms Secret Owner" for line in lines[1:]])


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("views") / "pmf.duckdb", wait_seconds=2)
    store.create()
    for kind, text in (
        ("indicators", with_owner(INDICATORS)),
        ("targets", TARGETS),
        ("observations", OBSERVATIONS),
    ):
        report = load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "Secret Loader Z")
        assert report.ok, report.problems
    add_action(
        store,
        "CIC",
        explanation="More referrals",
        action_plan="Secret plan V",
        officer="Secret Officer W",
        path_to_green=None,
        status="open",
        user="me",
    )
    rows = status.status_as_at(store, OCT_2020)
    return {v.indicator_id: v for v in measure_view.measure_views(store, rows, OCT_2020)}


def every_text(view) -> str:
    parts = [str(getattr(view, f.name)) for f in dataclasses.fields(view) if f.name != "trend"]
    return " | ".join(parts + [view.trend.to_csv()])


def test_no_private_field_exists():
    names = {f.name for f in dataclasses.fields(measure_view.MeasureView)}
    assert not names & {
        "note",
        "notes",
        "override_reason",
        "officer",
        "owner",
        "loaded_by",
        "action",
        "rag_override",
    }


def test_no_private_text_rides_along(views):
    text = " ".join(every_text(view) for view in views.values())
    for secret in SECRETS:
        assert secret not in text


def test_the_figures_as_written(views):
    cic = views["CIC"]
    assert (cic.period, cic.value, cic.target) == ("Oct 2020", "70.00", "60.00")
    assert cic.rag == "Amber" and "Amber" in cic.rag_badge
    assert "Worsening" in cic.dot
    assert cic.commentary == "Rising <b>fast</b>"  # escaped where it is drawn, not here
    assert cic.priority == "Other measures"
    assert cic.last_year == ""


def test_the_trend_and_its_alt_text(views):
    trend = views["CIC"].trend
    assert list(trend.columns) == [
        "period",
        "label",
        "value",
        "target",
        "rag",
        "new_year",
        "target_upper",
    ]
    assert list(trend["label"]) == ["Sep 2020", "Oct 2020"]
    assert list(trend["rag"]) == ["Red", "Amber"]
    assert views["CIC"].alt == (
        "Trend from Sep 2020 to Oct 2020: latest 70.00, lowest 64.00, highest 70.00; target 60.00."
    )


def test_a_status_set_by_the_service_says_so_beside_its_colour(views):
    # CIC's October row overrides the computed status with Amber; FOST has no value.
    assert views["CIC"].rag_badge == "◆ Amber (override)"
    assert "(override)" not in views["FOST"].rag_badge


def test_the_sparkline_leaves_a_missing_value_out(views):
    view = views["CIC"]
    assert view.sparkline == [64.0, 70.0]
    gap = dataclasses.replace(view, trend=view.trend.assign(value=[float("nan"), 70.0]))
    assert gap.sparkline == [70.0]


def test_a_measure_without_data(views):
    fost = views["FOST"]
    assert (fost.period, fost.value, fost.rag) == ("", "–", "No data")
    assert fost.trend.empty
    assert fost.alt == "Trend chart: no values to show yet."
    assert fost.fmt(float("nan")) == "" and fost.fmt(206) == "206"


def test_linked_measures_carry_their_quartile_into_the_sentence(demo_store):
    """Worked from the sample files with pandas: PL0302's metric, the latest year the council
    has a value, its rank among the CIPFA nearest neighbours, ceil(4 * rank / areas)."""
    import math

    import pandas as pd

    from pmf_core.analysis.status import status_as_at
    from pmf_core.demo.council import SAMPLE_DIR
    from pmf_core.rules.periods import month_index
    from pmf_core.store import comparators

    indicators = pd.read_csv(SAMPLE_DIR / "indicators.csv").set_index("indicator_id")
    values = pd.read_csv(SAMPLE_DIR / "benchmarks.csv")
    groups = pd.read_csv(SAMPLE_DIR / "groups.csv")
    own = comparators.area(demo_store)[0]
    metric = values[values["metric_id"] == indicators.loc["PL0302", "benchmark_metric"]]
    mine = metric[metric["area_code"] == own].dropna(subset=["value"])
    latest = mine.loc[mine["period"].map(lambda p: int(str(p)[:4])).idxmax()]
    peers = groups[
        (groups["group"] == "CIPFA nearest neighbours") & (groups["reference"] != "yes")
    ]  # England and the region are not peers
    members = set(peers["area_code"]) - {own} - {"E92000001"}
    others = metric[
        (metric["period"] == latest["period"]) & metric["area_code"].isin(members)
    ].dropna(subset=["value"])["value"]
    higher_better = metric["polarity"].iloc[0] == "higher_is_better"
    better = (others > latest["value"]) if higher_better else (others < latest["value"])
    quartile = math.ceil(4 * (1 + int(better.sum())) / (len(others) + 1))
    words = {1: "top quarter", 2: "second quarter", 3: "third quarter", 4: "bottom quarter"}

    rows = status_as_at(demo_store, month_index(2026, 10))
    [view] = measure_view.measure_views(
        demo_store, rows[rows["indicator_id"] == "PL0302"], month_index(2026, 10)
    )
    # The measure is quarterly and the benchmark annual: the sentence names the benchmark's year.
    assert indicators.loc["PL0302", "frequency"] == "quarterly"
    assert view.sentence.endswith(
        f"in the {words[quartile]} of CIPFA nearest neighbours ({latest['period']})."
    )


def test_the_trend_is_a_window_of_time_not_a_count_of_values(store):
    # FOST (monthly) with values Jan 2018 to Dec 2018, then a gap, then Jan to Oct 2020. The
    # 24 months up to Oct 2020 are Nov 2018 to Oct 2020: Nov and Dec 2018, then ten in 2020;
    # the last 24 values would have reached back to Jan 2018.
    months = [f"2018-{m:02d}" for m in range(1, 13)] + [f"2020-{m:02d}" for m in range(1, 11)]
    extract = "indicator_id,period,value\n" + "".join(
        f"FOST,{m},{200 + i}\n" for i, m in enumerate(months)
    )
    for kind, text in (("indicators", INDICATORS), ("targets", TARGETS), ("observations", extract)):
        assert load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "me").ok
    rows = status.status_as_at(store, OCT_2020)
    points = measure_view.trend(
        rows[rows["indicator_id"] == "FOST"].iloc[0],
        history.trend_points(store, "FOST", OCT_2020),
    )
    assert points["period"].tolist() == ["2018-11", "2018-12"] + months[12:]


def test_a_weekly_trend_is_the_last_26_weeks_across_a_year_end(store):
    # 2020-W30 to 2021-W05 (w/e 26 Jul 2020 to w/e 7 Feb 2021), 2020 having a week 53: 29
    # weeks. The 26 up to 2021-W05 start at 2020-W33 (w/e 16 Aug 2020), worked from a calendar.
    weeks = [f"2020-W{w:02d}" for w in range(30, 54)] + [f"2021-W{w:02d}" for w in range(1, 6)]
    indicators = (
        "indicator_id,name,directorate,service,unit,frequency,polarity\n"
        "WK,Weekly calls,D,S,No.,weekly,higher_is_better\n"
    )
    extract = "indicator_id,period,value\n" + "".join(f"WK,{w},{i}\n" for i, w in enumerate(weeks))
    for kind, text in (("indicators", indicators), ("observations", extract)):
        assert load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "me").ok
    feb = 2021 * 12 + 1
    rows = status.status_as_at(store, feb)
    [view] = measure_view.measure_views(store, rows, feb, {})
    assert view.trend["period"].tolist() == weeks[3:]
    assert view.trend["label"].iloc[0] == "w/e 16 Aug 2020"
    assert view.trend_span == "26 weeks" and view.period == "w/e 7 Feb 2021"


@pytest.mark.parametrize(
    "frequency,words",
    [
        ("weekly", "26 weeks"),
        ("monthly", "24 months"),
        ("quarterly", "eight quarters"),
        ("six_monthly", "eight half-years"),
        ("annual", "eight years"),
    ],
)
def test_every_frequency_says_how_far_its_trend_reaches(frequency, words):
    from pmf_core.outputs.measure_view import TREND_POINTS, TREND_WORDS

    # The words say the number of periods the trend takes.
    assert TREND_WORDS[frequency] == words
    assert TREND_POINTS[frequency] == {"26": 26, "24": 24, "eight": 8}[words.split()[0]]
