"""The trend figure: what is drawn comes from computed frames; names are shown as typed."""
import pandas as pd

from pmf_core.charts import (OTHER_COLOUR, OWN_COLOUR, band_figure, ranked_figure,
                             trend_figure)

POINTS = pd.DataFrame({"label": ["Sep 2026", "Oct 2026"], "value": [5.0, 7.0],
                       "target": [6.0, 6.0], "band_low": [6.0, 6.0], "band_high": [6.3, 6.3],
                       "last_year": [4.0, None], "rag": ["Green", "Red"]})


def test_markup_in_a_name_or_unit_is_escaped_for_plotly():
    figure = trend_figure(POINTS, 'B&B <a href="http://evil">click</a> <b>x</b>', "<i>No.</i>")
    assert figure.layout.title.text == 'B&amp;B &lt;a href="http://evil"&gt;click&lt;/a&gt; ' \
                                       '&lt;b&gt;x&lt;/b&gt;'
    assert figure.layout.yaxis.title.text == "&lt;i&gt;No.&lt;/i&gt;"


def test_each_status_is_its_own_trace_with_word_and_symbol():
    figure = trend_figure(POINTS, "Measure", "No.")
    by_name = {trace.name: trace for trace in figure.data}
    red = next(t for name, t in by_name.items() if name and name.endswith("Red"))
    assert list(red.y) == [7.0] and red.marker.symbol == "x"


RANKED = pd.DataFrame({"area_name": ["Wiltshire", "<b>Demo</b> & Co", "Cornwall"],
                       "value": [60.0, 50.0, 40.0], "rank": pd.array([1, 2, 3], dtype="Int64"),
                       "is_own": [False, True, False]})


def test_ranked_bars_keep_the_order_mark_the_council_and_draw_the_median():
    figure = ranked_figure(RANKED, "Recycling <i>2025/26</i>", "%", 50.0)
    bars = figure.data[0]
    assert list(bars.y) == ["Wiltshire", "▶ &lt;b&gt;Demo&lt;/b&gt; &amp; Co", "Cornwall"]
    assert list(bars.x) == [60.0, 50.0, 40.0]
    assert list(bars.marker.color) == [OTHER_COLOUR, OWN_COLOUR, OTHER_COLOUR]
    assert list(bars.marker.pattern.shape) == ["", "/", ""]
    assert figure.layout.yaxis.autorange == "reversed"          # best at the top
    assert figure.layout.shapes[0].x0 == 50.0
    assert figure.layout.title.text == "Recycling &lt;i&gt;2025/26&lt;/i&gt;"


def test_band_figure_draws_only_the_periods_both_have():
    positions = pd.DataFrame({"label": ["2019/20", "2020/21", "2021/22"],
                              "value": [5.0, 6.0, 7.0], "group_median": [None, 5.5, 6.5],
                              "group_lower_quartile": [None, 5.0, 6.0],
                              "group_upper_quartile": [None, 6.0, 7.0]})
    figure = band_figure(positions, "Trend", "%", "<b>Demo</b>", "Region & co")
    by_name = {trace.name: trace for trace in figure.data}
    assert list(by_name["▶ &lt;b&gt;Demo&lt;/b&gt;"].x) == ["2020/21", "2021/22"]
    assert list(by_name["Region &amp; co: median"].y) == [5.5, 6.5]
    assert list(by_name["Region &amp; co: middle half (quartiles)"].y) == [5.0, 6.0]
