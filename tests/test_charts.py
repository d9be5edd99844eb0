"""The trend figure: what is drawn comes from computed frames; names are shown as typed."""

import pandas as pd

from pmf_core.outputs.charts import (
    OTHER_COLOUR,
    OWN_COLOUR,
    band_figure,
    legend_entries,
    page_layout,
    ranked_figure,
    trend_figure,
)

POINTS = pd.DataFrame(
    {
        "period": ["2026-09", "2026-10"],
        "label": ["Sep 2026", "Oct 2026"],
        "value": [5.0, 7.0],
        "target": [6.0, 6.0],
        "band_low": [6.0, 6.0],
        "band_high": [6.3, 6.3],
        "last_year": [4.0, None],
        "rag": ["Green", "Red"],
    }
)


def test_markup_in_a_name_or_unit_is_escaped_for_plotly():
    figure = trend_figure(POINTS, 'B&B <a href="http://evil">click</a> <b>x</b>', "<i>No.</i>")
    assert (
        figure.layout.title.text == 'B&amp;B &lt;a href="http://evil"&gt;click&lt;/a&gt; '
        "&lt;b&gt;x&lt;/b&gt;"
    )
    assert figure.layout.yaxis.title.text == "&lt;i&gt;No.&lt;/i&gt;"


def test_each_status_is_its_own_trace_with_word_and_symbol():
    figure = trend_figure(POINTS, "Measure", "No.")
    by_name = {trace.name: trace for trace in figure.data}
    red = next(t for name, t in by_name.items() if name and name.endswith("Red"))
    assert list(red.y) == [7.0] and red.marker.symbol == "x"


RANKED = pd.DataFrame(
    {
        "area_name": ["Wiltshire", "<b>Demo</b> & Co", "Cornwall"],
        "value": [60.0, 50.0, 40.0],
        "rank": pd.array([1, 2, 3], dtype="Int64"),
        "is_own": [False, True, False],
    }
)


def test_ranked_bars_keep_the_order_mark_the_council_and_draw_the_median():
    figure = ranked_figure(RANKED, "Recycling <i>2025/26</i>", "%", 50.0)
    bars = figure.data[0]
    assert list(bars.y) == ["Wiltshire", "▶ &lt;b&gt;Demo&lt;/b&gt; &amp; Co", "Cornwall"]
    assert list(bars.x) == [60.0, 50.0, 40.0]
    assert list(bars.marker.color) == [OTHER_COLOUR, OWN_COLOUR, OTHER_COLOUR]
    assert list(bars.marker.pattern.shape) == ["", "/", ""]
    assert figure.layout.yaxis.autorange == "reversed"  # best at the top
    assert figure.layout.shapes[0].x0 == 50.0
    assert figure.layout.title.text == "Recycling &lt;i&gt;2025/26&lt;/i&gt;"


def test_reference_areas_are_lines_named_in_the_legend_not_bars():
    references = pd.DataFrame({"area_name": ["England", "<i>Region</i>"], "value": [47.2, 49.1]})
    figure = ranked_figure(RANKED, "Recycling", "%", 50.0, decimals=1, references=references)
    assert list(figure.data[0].y)[0] == "Wiltshire" and len(figure.data[0].y) == 3
    assert [shape.x0 for shape in figure.layout.shapes] == [50.0, 47.2, 49.1]
    assert [shape.line.dash for shape in figure.layout.shapes[1:]] == ["dot", "dashdot"]
    assert [trace.name for trace in figure.data[1:]] == [
        "England 47.2% (reference, not ranked)",
        "&lt;i&gt;Region&lt;/i&gt; 49.1% (reference, not ranked)",
    ]


def test_band_figure_draws_only_the_periods_both_have():
    positions = pd.DataFrame(
        {
            "label": ["2019/20", "2020/21", "2021/22"],
            "value": [5.0, 6.0, 7.0],
            "group_median": [None, 5.5, 6.5],
            "group_lower_quartile": [None, 5.0, 6.0],
            "group_upper_quartile": [None, 6.0, 7.0],
        }
    )
    figure = band_figure(positions, "Trend", "%", "<b>Demo</b>", "Region & co")
    by_name = {trace.name: trace for trace in figure.data}
    assert list(by_name["▶ &lt;b&gt;Demo&lt;/b&gt;"].x) == ["2020/21", "2021/22"]
    assert list(by_name["Region &amp; co: median"].y) == [5.5, 6.5]
    assert list(by_name["Region &amp; co: middle half (quartiles)"].y) == [5.0, 6.0]


def series(periods, values, labels=None) -> pd.DataFrame:
    """Points as history.trend_points gives them: a target of 60, Red throughout."""
    count = len(periods)
    return pd.DataFrame(
        {
            "period": periods,
            "label": labels or periods,
            "value": values,
            "target": [60.0] * count,
            "band_low": [57.0] * count,
            "band_high": [60.0] * count,
            "last_year": [None] * count,
            "rag": ["Red"] * count,
        }
    )


def trace(figure, name):
    return next(t for t in figure.data if t.name == name)


def dates(values) -> list[str]:
    return [pd.Timestamp(v).strftime("%Y-%m-%d") for v in values]


def test_the_x_axis_is_time_so_an_eleven_month_gap_is_a_gap_and_breaks_the_line():
    points = series(["2019-10", "2019-11", "2020-10"], [50.0, 52.0, 55.0])
    figure = trend_figure(points, "Measure", "No.")
    assert figure.layout.xaxis.type == "date"
    value = trace(figure, "Value")
    assert dates(value.x) == [
        "2019-10-31",
        "2019-11-30",
        "2019-12-31",
        "2020-01-31",
        "2020-02-29",
        "2020-03-31",
        "2020-04-30",
        "2020-05-31",
        "2020-06-30",
        "2020-07-31",
        "2020-08-31",
        "2020-09-30",
        "2020-10-31",
    ]
    assert value.y[0] == 50.0 and value.y[1] == 52.0 and value.y[-1] == 55.0
    assert all(y is None or y != y for y in value.y[2:-1])  # ten missing months
    assert not value.connectgaps
    target = trace(figure, "Target")
    assert all(y is None or y != y for y in target.y[2:-1])  # the target breaks too
    fills = [t for t in figure.data if t.fill == "tonexty"]  # the band bridges no gap
    # A period alone is filled across the middle of its slot: the first two points are 30
    # days apart, so 7.5 days either side of 31 Oct 2020 (noon on 23 Oct and on 7 Nov).
    assert [dates(t.x) for t in fills] == [
        ["2019-10-31", "2019-11-30"],
        ["2020-10-23", "2020-11-07"],
    ]
    assert [t.showlegend for t in fills] == [True, False]
    red = trace(figure, "✖ Red")
    assert dates(red.x) == ["2019-10-31", "2019-11-30", "2020-10-31"]
    assert list(red.customdata) == ["2019-10", "2019-11", "2020-10"]  # hover: the label


def test_quarters_sit_at_their_end_dates_and_a_missing_quarter_breaks_the_line():
    points = series(
        ["2020/21 Q1", "2020/21 Q2", "2021/22 Q1"],
        [1.0, 2.0, 3.0],
        ["Q1 2020/21", "Q2 2020/21", "Q1 2021/22"],
    )
    value = trace(trend_figure(points, "Measure", "%"), "Value")
    assert dates(value.x) == ["2020-06-30", "2020-09-30", "2020-12-31", "2021-03-31", "2021-06-30"]
    assert [None if y != y else y for y in value.y] == [1.0, 2.0, None, None, 3.0]


def test_spc_lines_break_across_a_gap_too():
    points = series(["2020-01", "2020-02", "2020-05"], [10.0, 12.0, 11.0])
    table = pd.DataFrame(
        {
            "period": ["2020-01", "2020-02", "2020-05"],
            "value": [10.0, 12.0, 11.0],
            "mean": [11.0] * 3,
            "lower_limit": [5.0] * 3,
            "upper_limit": [17.0] * 3,
            "point_type": ["common_cause"] * 3,
        }
    )
    mean = trace(trend_figure(points, "Measure", "No.", table), "Mean")
    assert dates(mean.x)[-1] == "2020-05-31" and len(mean.x) == 5
    assert [None if y != y else y for y in mean.y] == [11.0, 11.0, None, None, 11.0]


def test_the_legend_sits_below_the_axis_in_room_of_its_own():
    figure = page_layout(trend_figure(POINTS, "Measure", "No."))
    assert figure.layout.title.text is None  # the page writes it, wrapping
    # Drawn: the band and the target (two periods), last year (one value, marked), the value
    # line and two statuses: six entries, two to a row, three rows of 24 px under 40 px of axis.
    assert legend_entries(figure) == [
        "Amber tolerance",
        "Target",
        "Same period last year",
        "Value",
        "✖ Red",
        "✔ Green",
    ]
    legend = figure.layout.legend
    assert (legend.orientation, legend.yref, legend.y, legend.yanchor) == (
        "h",
        "container",
        0,
        "bottom",
    )
    assert (legend.entrywidthmode, legend.entrywidth) == ("fraction", 0.5)  # two to a row
    assert figure.layout.margin.b == 40 + 3 * 24
    assert figure.layout.height == 16 + 300 + 40 + 3 * 24  # the plot keeps its 300 px


DORSET = pd.DataFrame(
    {
        "period": ["2023/24", "2024/25", "2025/26"],
        "label": ["2023/24", "2024/25", "2025/26"],
        "value": [72.0, 75.0, 78.0],
        "target": [60.0] * 3,
        "band_low": [None] * 3,
        "band_high": [None] * 3,
        "last_year": [None, 72.0, 75.0],
        "rag": ["Green"] * 3,
    }
)


def test_the_value_axis_keeps_a_target_below_every_value_in_sight():
    # Values 72 to 78, target 60: the drawn span is 60..78, 18 wide; 8% of it (1.44) each side.
    figure = trend_figure(DORSET, "Measure", "%")
    low, high = figure.layout.yaxis.range
    assert (round(low, 6), round(high, 6)) == (58.56, 79.44)


def test_a_three_point_series_spans_its_own_years_labelled_by_period():
    figure = trend_figure(DORSET, "Measure", "%")
    ends = [pd.Timestamp("2024-03-31"), pd.Timestamp("2025-03-31"), pd.Timestamp("2026-03-31")]
    half = (ends[1] - ends[0]) / 2  # 2024 is a leap year: 365 days between the ends
    assert [pd.Timestamp(x) for x in figure.layout.xaxis.range] == [ends[0] - half, ends[2] + half]
    assert [pd.Timestamp(x) for x in figure.layout.xaxis.tickvals] == ends
    assert list(figure.layout.xaxis.ticktext) == ["2023/24", "2024/25", "2025/26"]


def test_the_legend_names_only_what_is_drawn():
    # No last year at all: no entry; values alone between gaps: no value line, but last year's
    # and the target's lone values are marked, so they are drawn and named.
    none_last_year = DORSET.assign(last_year=[None] * 3)
    assert legend_entries(trend_figure(none_last_year, "M", "%")) == ["Target", "Value", "✔ Green"]
    gappy = pd.DataFrame(
        {
            "period": ["2020/21", "2022/23", "2024/25"],
            "label": ["2020/21", "2022/23", "2024/25"],
            "value": [1.0, 2.0, 3.0],
            "target": [2.0, 2.0, 2.0],
            "band_low": [1.9] * 3,
            "band_high": [2.0] * 3,
            "last_year": [None, 1.5, None],
            "rag": ["Red", "Green", "Blue"],
        }
    )
    figure = trend_figure(gappy, "M", "%")
    assert legend_entries(figure) == [
        "Amber tolerance",
        "Target",
        "Same period last year",
        "✖ Red",
        "✔ Green",
        "★ Blue",
    ]
    last_year = trace(figure, "Same period last year")
    # On the time axis: 2020/21, (2021/22), 2022/23, (2023/24), 2024/25; 1.5 is alone.
    assert last_year.mode == "lines+markers" and list(last_year.marker.size) == [0, 0, 14, 0, 0]
    assert list(trace(figure, "Target").marker.size) == [14, 0, 14, 0, 14]


def test_benchmark_figures_carry_the_metrics_decimals_and_unit():
    ranked = RANKED.assign(value=[5.0, 3.8, 3.75])
    figure = ranked_figure(ranked, "Debt", "%", 3.8, decimals=1)
    assert figure.layout.annotations[0].text == "group median 3.8%"
    assert list(figure.data[0].customdata) == [
        "5.0% (rank 1)",
        "3.8% (rank 2)",
        "3.8% (rank 3)",
    ]  # 3.75 half up
    positions = pd.DataFrame(
        {
            "label": ["2020/21"],
            "value": [5.0],
            "group_median": [3.8],
            "group_lower_quartile": [3.0],
            "group_upper_quartile": [4.5],
        }
    )
    band = band_figure(positions, "Debt", "%", "Demo", "Region", decimals=2)
    assert [list(t.customdata) for t in band.data if t.customdata is not None] == [
        ["3.80%"],
        ["5.00%"],
    ]
    assert band.layout.legend.yref == "container"  # below the axis, as the trend's


def test_a_running_totals_years_are_lines_of_their_own():
    # Feb to May 2020 of a year-to-date measure: the line breaks between March and April.
    points = series(["2020-02", "2020-03", "2020-04", "2020-05"], [88.0, 97.0, 10.0, 19.0])
    points["new_year"] = [False, False, True, False]
    value = trace(trend_figure(points, "Collected", "%"), "Value")
    assert dates(value.x) == ["2020-02-29", "2020-03-31", "2020-04-15", "2020-04-30", "2020-05-31"]
    assert list(value.y[:2]) == [88.0, 97.0] and list(value.y[3:]) == [10.0, 19.0]
    assert value.y[2] is None or value.y[2] != value.y[2]  # the break
    plain = trace(trend_figure(points.drop(columns="new_year"), "Collected", "%"), "Value")
    assert len(plain.x) == 4  # no break without the mark


def test_a_ranges_amber_is_two_strips_outside_its_bounds():
    ranged = POINTS.assign(
        target=[8.0, 8.0], target_upper=[12.0, 12.0], band_low=[7.5, 7.5], band_high=[12.5, 12.5]
    )
    figure = trend_figure(ranged, "Turnover", "%")
    fills = [t for t in figure.data if t.fill == "tonexty"]
    # each filled trace runs down to its strip's lower edge from the trace just before it
    edges = [(list(figure.data[figure.data.index(t) - 1].y), list(t.y)) for t in fills]
    assert edges == [([8.0, 8.0], [7.5, 7.5]), ([12.5, 12.5], [12.0, 12.0])]
    assert [t.showlegend for t in fills] == [True, False]  # named once


def test_last_years_line_is_dash_dot_unlike_the_value_line():
    figure = trend_figure(POINTS, "Measure", "No.")
    (last_year,) = [t for t in figure.data if t.name == "Same period last year"]
    assert last_year.line.dash == "dashdot"
