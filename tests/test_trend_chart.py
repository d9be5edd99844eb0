"""A trend chart's geometry: time axis, runs broken at gaps, target steps, band, SPC, legend,
labels and alt text. Positions are worked by hand from the plot box."""

from __future__ import annotations

import pandas as pd
import pytest

from pmf_core.outputs import chart_legend as legend
from pmf_core.outputs import trend_chart as tc
from pmf_core.rules.periods import parse_period

NAN = float("nan")


def points(values, targets=None, rags=None, labels=None) -> pd.DataFrame:
    frame = pd.DataFrame(
        {"label": labels or [f"P{i}" for i in range(len(values))], "value": values}
    )
    if targets is not None:
        frame["target"] = targets
    if rags is not None:
        frame["rag"] = rags
    return frame


def gapped(**extra) -> pd.DataFrame:
    """Jan, Feb and May 2020 (March and April missing): values 10, 20, 30."""
    return pd.DataFrame(
        {
            "period": ["2020-01", "2020-02", "2020-05"],
            "label": ["Jan 2020", "Feb 2020", "May 2020"],
            "value": [10.0, 20.0, 30.0],
            "rag": ["Red", "Green", "Blue"],
            **extra,
        }
    )


SPC = pd.DataFrame(
    {
        "period": ["2020-01", "2020-02", "2020-05"],
        "value": [10.0, 20.0, 30.0],
        "mean": [20.0] * 3,
        "upper_limit": [30.0] * 3,
        "lower_limit": [10.0] * 3,
        "point_type": ["common_cause", "special_cause_improvement", "special_cause_concern"],
    }
)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 100, (0, 100, 25)),  # raw step 25: 2.5 x 10
        (3, 17, (0, 20, 5)),  # raw step 3.5: 5 x 1
        (50, 50, (45, 55, 2.5)),  # a flat series is padded by a tenth either side
        (0, 0, (-1, 1, 0.5)),  # ...or by one when it is zero
        (0.12, 0.31, (0.1, 0.35, 0.05)),
    ],
)
def test_nice_range(low, high, expected):
    assert tc.nice_range(low, high) == pytest.approx(expected)


def test_layout_places_points_in_the_plot_box():
    chart = tc.layout(points([10, 20, 30]), str)
    assert chart.box == (64.0, 12.0, 624.0, 202.0)  # 640 x 260 less the axis margins
    inset = 560 / 6  # half a slot either end
    xs = [64 + inset, 344.0, 624 - inset]
    (run,) = chart.line
    assert [x for x, _ in run] == pytest.approx(xs)
    assert [y for _, y in run] == pytest.approx([202.0, 107.0, 12.0])
    assert [label for _, label in chart.y_ticks] == ["10", "15", "20", "25", "30"]
    assert [label for _, label in chart.x_labels] == ["P0", "P1", "P2"]


def test_a_two_month_gap_is_two_slots_wide_and_breaks_the_line():
    chart = tc.layout(gapped(), str)
    # Jan..May is five monthly slots of 560 / 5 = 112 px; each period at its slot's middle
    assert chart.line == [[(120.0, 202.0), (232.0, 107.0)], [(568.0, 12.0)]]
    assert [(m.x, m.status) for m in chart.markers] == [
        (120.0, "Red"),
        (232.0, "Green"),
        (568.0, "Blue"),
    ]
    assert chart.x_labels == [
        (120.0, "Jan 2020"),
        (232.0, "Feb 2020"),
        (344.0, "Mar 2020"),
        (456.0, "Apr 2020"),
        (568.0, "May 2020"),
    ]


def test_quarters_are_three_months_apart_and_a_missing_quarter_is_a_gap():
    frame = gapped().assign(
        period=["2020/21 Q1", "2020/21 Q2", "2021/22 Q1"],
        label=["Q1 2020/21", "Q2 2020/21", "Q1 2021/22"],
    )
    chart = tc.layout(frame, str)
    assert [[x for x, _ in run] for run in chart.line] == [[120.0, 232.0], [568.0]]
    assert [label for _, label in chart.x_labels] == [
        "Q1 2020/21",
        "Q2 2020/21",
        "Q3 2020/21",
        "Q4 2020/21",
        "Q1 2021/22",
    ]


def test_missing_values_leave_gaps_and_no_markers():
    chart = tc.layout(points([10, NAN, 30]), str)
    assert [len(run) for run in chart.line] == [1, 1] and len(chart.markers) == 2
    assert tc.layout(points([NAN] * 3), str).line == []


def test_the_target_steps_across_each_slot_and_breaks_at_the_gap():
    chart = tc.layout(gapped(target=[20.0, 20.0, 25.0]), str)
    # 20 is halfway up 10..30 (y 107); 25 is three quarters (202 - 0.75 * 190 = 59.5)
    assert chart.target == [
        [(64.0, 107.0), (176.0, 107.0), (176.0, 107.0), (288.0, 107.0)],
        [(512.0, 59.5), (624.0, 59.5)],
    ]


def test_the_amber_band_is_a_strip_per_run():
    chart = tc.layout(
        gapped(
            target=[20.0, 20.0, 25.0], band_low=[18.0, 18.0, 23.0], band_high=[20.0, 20.0, 25.0]
        ),
        str,
    )
    first, second = chart.band  # y(18) = 202 - 0.4 * 190 = 126
    assert first == [
        (64.0, 107.0),
        (176.0, 107.0),
        (176.0, 107.0),
        (288.0, 107.0),
        (288.0, 126.0),
        (176.0, 126.0),
        (176.0, 126.0),
        (64.0, 126.0),
    ]
    assert second == [(512.0, 59.5), (624.0, 59.5), (624.0, 78.5), (512.0, 78.5)]
    assert [item.label for item in chart.legend][:2] == ["Target", "Amber tolerance"]


def test_last_years_line_breaks_where_last_year_had_no_value():
    chart = tc.layout(gapped(last_year=[15.0, None, 25.0]), str)
    assert chart.last_year == [[(120.0, 154.5)], [(568.0, 59.5)]]
    assert "Same period last year" in [item.label for item in chart.legend]


def test_spc_mean_limits_and_rings_where_the_point_type_says():
    chart = tc.layout(gapped(), str, spc_table=SPC, height=280)  # a second legend row:
    assert chart.box == (64.0, 12.0, 624.0, 202.0)  # 20 px more, same plot
    assert chart.mean == [[(120.0, 107.0), (232.0, 107.0)], [(568.0, 107.0)]]
    assert chart.limits == [
        [(120.0, 12.0), (232.0, 12.0)],
        [(568.0, 12.0)],
        [(120.0, 202.0), (232.0, 202.0)],
        [(568.0, 202.0)],
    ]
    assert chart.rings == [
        tc.Ring(232.0, 107.0, "special_cause_improvement"),
        tc.Ring(568.0, 12.0, "special_cause_concern"),
    ]
    assert [item.label for item in chart.legend] == [
        "Mean",
        "Process limits",
        "Red",
        "Green",
        "Blue",
        "Special cause improving",
        "Special cause concerning",
    ]


def test_spc_limits_widen_the_value_axis():
    table = SPC.assign(upper_limit=[50.0] * 3, lower_limit=[-10.0] * 3)
    chart = tc.layout(gapped(), str, spc_table=table)
    assert chart.y_ticks[0][1] == "-20" and chart.y_ticks[-1][1] == "60"


def test_the_legend_wraps_on_a_phone_and_the_plot_makes_room():
    frame = gapped(
        target=[20.0] * 3, band_low=[18.0] * 3, band_high=[20.0] * 3, last_year=[15.0] * 3
    )
    wide = tc.layout(frame, str, spc_table=SPC, width=960, height=380)
    phone = tc.layout(frame, str, spc_table=SPC, width=360, height=380, unit="days")
    assert {item.y for item in wide.legend} == {346, 366}  # two rows, the last at 380-14
    assert len({item.y for item in phone.legend}) == 5
    assert phone.box == (64.0, 30.0, 344.0, 380 - 58 - 4 * 20)  # unit above, 4 extra rows
    for item in phone.legend:
        assert item.x + 30 + legend.CHAR_WIDTH * len(item.label) <= 360, item.label
    assert phone.y_title == "days" and [x for x, _ in phone.x_labels] == [92.0, 204.0, 316.0]


def test_labels_near_an_edge_stay_inside_the_picture():
    frame = gapped().assign(
        period=["2020/21 Q1", "2020/21 Q2", "2021/22 Q1"],
        label=["Q1 2020/21", "Q2 2020/21", "Q1 2021/22"],
    )
    chart = tc.layout(frame, str, width=200, height=200)  # slots 24 px: labels 72 px wide
    half = 10 * legend.CHAR_WIDTH / 2 + 2
    assert chart.x_labels == [(100.0, "Q2 2020/21"), (200 - half, "Q1 2021/22")]  # not 172


def test_legend_statuses_in_the_rag_order():
    chart = tc.layout(points([1, 2, 3, 4], rags=["Green", "Red", "Green", "Amber"]), str)
    assert chart.statuses == ["Red", "Amber", "Green"]
    assert [m.status for m in chart.markers] == ["Green", "Red", "Green", "Amber"]


def test_weeks_are_one_slot_apart_across_a_year_end_and_a_missing_week_is_a_gap():
    # 2020-W52 (w/e 27 Dec 2020), 2020-W53 (w/e 3 Jan 2021), then 2021-W02: 2021-W01 missing.
    frame = gapped().assign(
        period=["2020-W52", "2020-W53", "2021-W02"],
        label=["w/e 27 Dec 2020", "w/e 3 Jan 2021", "w/e 17 Jan 2021"],
    )
    chart = tc.layout(frame, str)
    # Four weekly slots of 560 / 4 = 140 px; each week at its slot's middle.
    assert [[x for x, _ in run] for run in chart.line] == [[134.0, 274.0], [554.0]]
    labels = [label for _, label in chart.x_labels]
    assert labels == ["w/e 27 Dec 2020", "w/e 3 Jan 2021", "w/e 10 Jan 2021", "w/e 17 Jan 2021"]


def test_half_years_are_six_months_apart():
    frame = gapped().assign(
        period=["2020/21 H1", "2020/21 H2", "2021/22 H2"],
        label=["H1 2020/21", "H2 2020/21", "H2 2021/22"],
    )
    chart = tc.layout(frame, str)
    assert [label for _, label in chart.x_labels] == [
        "H1 2020/21",
        "H2 2020/21",
        "H1 2021/22",
        "H2 2021/22",
    ]
    assert len(chart.line) == 2  # the missing H1 2021/22 breaks the line


def test_long_week_labels_get_room_enough_not_to_overlap_on_a_phone():
    weeks = [f"2021-W{w:02d}" for w in range(1, 53)]
    frame = pd.DataFrame({"period": weeks, "label": [""] * 52, "value": range(52)})
    frame["label"] = [parse_period(key, "weekly").label for key in weeks]
    chart = tc.layout(frame, str, width=360)
    xs = [x for x, _ in chart.x_labels]
    widest = max(legend.CHAR_WIDTH * len(label) for _, label in chart.x_labels)
    assert len(xs) >= 2 and all(b - a >= widest for a, b in zip(xs, xs[1:]))


def test_at_most_six_x_labels_always_the_latest():
    labels = [f"M{i}" for i in range(24)]
    chart = tc.layout(points(list(range(24)), labels=labels), str)
    shown = [label for _, label in chart.x_labels]
    assert len(shown) <= 6 and shown[-1] == "M23"
    assert shown == ["M3", "M7", "M11", "M15", "M19", "M23"]


def test_a_sparkline_has_no_axes_or_layers():
    chart = tc.layout(
        gapped(last_year=[1.0] * 3),
        str,
        width=120,
        height=30,
        sparkline=True,
        spc_table=SPC,
        unit="days",
    )
    assert chart.y_ticks == [] and chart.x_labels == [] and chart.legend == []
    assert chart.mean == [] and chart.rings == [] and chart.last_year == [] and not chart.y_title
    assert [len(run) for run in chart.line] == [2, 1]  # still broken at the gap


def test_time_axis_fills_each_missing_period_with_its_label():
    frame = tc.time_axis(gapped())
    assert frame["label"].tolist() == ["Jan 2020", "Feb 2020", "Mar 2020", "Apr 2020", "May 2020"]
    assert frame["end"].tolist() == list(range(2020 * 12, 2020 * 12 + 5))
    assert frame["value"].isna().tolist() == [False, False, True, True, False]


def test_describe_names_span_latest_extremes_and_target():
    frame = points(
        [64, NAN, 58, 70],
        targets=[60, 60, 60, 60],
        labels=["Jul 2020", "Aug 2020", "Sep 2020", "Oct 2020"],
    )
    assert tc.describe(frame, lambda v: f"{v:.0f}") == (
        "Trend from Jul 2020 to Oct 2020: latest 70, lowest 58, highest 70; target 60."
    )
    assert tc.describe(points([NAN]), str) == "Trend chart: no values to show yet."


def test_describe_names_the_gap_and_the_spc_reading():
    text = tc.describe(gapped(), lambda v: f"{v:.0f}", SPC)
    assert text == (
        "Trend from Jan 2020 to May 2020: latest 30, lowest 10, highest 30; "
        "no value for 2 periods. Process limits 10 to 30 around a mean of 20; "
        "latest point: special cause concerning; 2 special-cause points."
    )


def test_a_running_total_starts_a_new_line_each_april():
    # Feb, Mar, Apr, May 2020 of a year-to-date measure: April starts the 2020/21 line, so the
    # value line and the profile's steps are two runs each, none crossing from March to April.
    frame = pd.DataFrame(
        {
            "period": ["2020-02", "2020-03", "2020-04", "2020-05"],
            "label": ["Feb 2020", "Mar 2020", "Apr 2020", "May 2020"],
            "value": [88.0, 97.0, 10.0, 19.0],
            "target": [90.0, 97.5, 10.9, 19.8],
            "rag": ["Amber", "Amber", "Amber", "Amber"],
            "new_year": [False, False, True, False],
        }
    )
    chart = tc.layout(frame, str)
    assert [len(run) for run in chart.line] == [2, 2]
    assert [len(run) for run in chart.target] == [4, 4]  # two steps of two corners each
    assert chart.line[0][-1][0] < chart.line[1][0][0]  # March ends one line, April starts one
    plain = tc.layout(frame.drop(columns="new_year"), str)
    assert [len(run) for run in plain.line] == [4]


def test_a_ranges_upper_bound_is_a_target_line_of_its_own():
    frame = gapped(target=[8.0, 8.0, 8.0], target_upper=[12.0, 12.0, 12.0])
    chart = tc.layout(frame, str)
    # Two runs of each bound (the gap breaks them): four target step lines.
    assert len(chart.target) == 4
    levels = {round(y, 6) for run in chart.target for _, y in run}
    assert len(levels) == 2  # one height for 8, another for 12
