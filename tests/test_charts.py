"""The trend figure: what is drawn comes from computed frames; names are shown as typed."""
import pandas as pd

from pmf_core.charts import page_layout, trend_figure

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


def test_the_page_layout_reads_on_a_phone():
    figure = page_layout(trend_figure(POINTS, "Measure", "No."))
    assert figure.layout.title.text is None          # the page writes it, wrapping
    legend = figure.layout.legend
    assert legend.orientation == "h" and legend.yanchor == "top" and legend.y < 0
    assert (legend.entrywidthmode, legend.entrywidth) == ("fraction", 0.5)   # two to a row
    assert figure.layout.xaxis.nticks <= 5 and figure.layout.xaxis.tickangle == 0
