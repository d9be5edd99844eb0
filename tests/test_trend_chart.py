"""A trend chart's geometry: axis ranges, positions, target steps, labels and alt text."""
from __future__ import annotations

import pandas as pd
import pytest

from pmf_core import trend_chart as tc


def points(values, targets=None, rags=None, labels=None) -> pd.DataFrame:
    frame = pd.DataFrame({"label": labels or [f"P{i}" for i in range(len(values))],
                          "value": values})
    if targets is not None:
        frame["target"] = targets
    if rags is not None:
        frame["rag"] = rags
    return frame


@pytest.mark.parametrize(("low", "high", "expected"), [
    (0, 100, (0, 100, 25)),         # raw step 25: 2.5 x 10
    (3, 17, (0, 20, 5)),            # raw step 3.5: 5 x 1
    (50, 50, (45, 55, 2.5)),        # a flat series is padded by a tenth either side
    (0, 0, (-1, 1, 0.5)),           # ...or by one when it is zero
    (0.12, 0.31, (0.1, 0.35, 0.05)),
])
def test_nice_range(low, high, expected):
    assert tc.nice_range(low, high) == pytest.approx(expected)


def test_layout_places_points_in_the_plot_box():
    chart = tc.layout(points([10, 20, 30]), str)
    assert chart.box == (64.0, 12.0, 624.0, 202.0)      # 640 x 260 less the axis margins
    inset = 560 / 6                                      # half a slot either end
    xs = [64 + inset, 344.0, 624 - inset]
    assert [x for x, _ in chart.line] == pytest.approx(xs)
    assert [y for _, y in chart.line] == pytest.approx([202.0, 107.0, 12.0])
    assert [label for _, label in chart.y_ticks] == ["10", "15", "20", "25", "30"]
    assert [label for _, label in chart.x_labels] == ["P0", "P1", "P2"]


def test_missing_values_leave_gaps_and_no_markers():
    chart = tc.layout(points([10, float("nan"), 30]), str)
    assert len(chart.line) == 2 and len(chart.markers) == 2
    assert tc.layout(points([float("nan")] * 3), str).line == []


def test_target_is_a_step_per_period():
    chart = tc.layout(points([10, 30], targets=[20, float("nan")]), str)
    assert len(chart.target) == 2                      # one step, the missing target left out
    (x0, y0), (x1, y1) = chart.target
    assert y0 == y1 == pytest.approx(107.0)            # 20 is halfway up 10..30
    assert x1 - x0 == pytest.approx(chart.line[1][0] - chart.line[0][0])


def test_legend_statuses_in_the_rag_order():
    chart = tc.layout(points([1, 2, 3, 4], rags=["Green", "Red", "Green", "Amber"]), str)
    assert chart.statuses == ["Red", "Amber", "Green"]
    assert [m.status for m in chart.markers] == ["Green", "Red", "Green", "Amber"]


def test_at_most_six_x_labels_always_the_latest():
    labels = [f"M{i}" for i in range(24)]
    chart = tc.layout(points(list(range(24)), labels=labels), str)
    shown = [label for _, label in chart.x_labels]
    assert len(shown) <= 6 and shown[-1] == "M23"
    assert shown == ["M3", "M7", "M11", "M15", "M19", "M23"]


def test_a_sparkline_has_no_axes():
    chart = tc.layout(points([1, 2, 3]), str, width=120, height=30, sparkline=True)
    assert chart.y_ticks == [] and chart.x_labels == [] and chart.statuses == []
    assert len(chart.line) == 3


def test_describe_names_span_latest_extremes_and_target():
    frame = points([64, float("nan"), 58, 70], targets=[60, 60, 60, 60],
                   labels=["Jul 2020", "Aug 2020", "Sep 2020", "Oct 2020"])
    assert tc.describe(frame, lambda v: f"{v:.0f}") == (
        "Trend from Jul 2020 to Oct 2020: latest 70, lowest 58, highest 70; target 60.")
    assert tc.describe(points([float("nan")]), str) == "Trend chart: no values to show yet."


@pytest.mark.parametrize(("status", "kind", "corners"), [
    ("Red", "cross", 4), ("Amber", "polygon", 4), ("Blue", "polygon", 10),
    ("Green", "circle", 1), ("No data", "ring", 1), ("Not rated", "ring", 1)])
def test_each_status_has_its_own_shape(status, kind, corners):
    found, places = tc.shape(status, 10, 10, 5)
    assert found == kind and len(places) == corners
