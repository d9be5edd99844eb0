"""Inline SVG charts: well-formed, named by an escaped <title>, no script, a marker per point."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd

from pmf_core.outputs import chart_legend as legend
from pmf_core.outputs import chart_marks as marks
from pmf_core.outputs import chart_svg
from pmf_core.outputs import trend_chart as tc

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '</title><script>alert("x")</script> & <b>'


def chart(sparkline: bool = False, labels=None) -> tc.Chart:
    frame = pd.DataFrame(
        {
            "label": labels or ["Aug", "Sep", "Oct"],
            "value": [64.0, 58.0, 70.0],
            "target": [60.0, 60.0, 60.0],
            "rag": ["Red", "Green", "Amber"],
        }
    )
    size = {"width": 120, "height": 32} if sparkline else {}
    return tc.layout(frame, lambda v: f"{v:g}", sparkline=sparkline, **size)


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)


def test_alt_text_is_escaped_in_the_title_and_names_the_image():
    text = chart_svg.svg(chart(), HOSTILE, "c-1")
    root = parse(text)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-1"
    title = root.find(f"{NS}title")
    assert title.get("id") == "c-1" and title.text == HOSTILE
    assert "<script" not in text.lower()
    assert root.find(f".//{NS}script") is None


def test_labels_are_escaped_text():
    text = chart_svg.svg(chart(labels=["<i>Aug</i>", "S&p", "Oct"]), "alt", "c-2")
    words = [t.text for t in parse(text).iter(f"{NS}text")]
    assert "<i>Aug</i>" in words and "S&p" in words


def test_a_full_chart_has_axes_line_markers_and_legend():
    root = parse(chart_svg.svg(chart(), "alt", "c-3"))
    assert root.get("viewBox") == "0 0 640 260"
    assert len(list(root.iter(f"{NS}polyline"))) == 1
    words = [t.text for t in root.iter(f"{NS}text")]
    assert {"Aug", "Sep", "Oct", "Target", "Red", "Amber", "Green"} <= set(words)
    circles = list(root.iter(f"{NS}circle"))  # Green is a filled circle, in plot and legend
    polygons = list(root.iter(f"{NS}polygon"))  # Amber is a diamond, in plot and legend
    assert len(circles) == 2 and len(polygons) == 2
    dashed = [p for p in root.iter() if p.get("stroke-dasharray")]
    assert len(dashed) == 2  # the target line and its legend sample


def test_a_sparkline_shows_only_the_latest_marker_and_no_words():
    root = parse(chart_svg.svg(chart(sparkline=True), "alt", "s-1"))
    assert root.get("width") == "120"
    assert list(root.iter(f"{NS}text")) == []
    assert len(list(root.iter(f"{NS}polygon"))) == 1  # the latest, Amber
    assert list(root.iter(f"{NS}circle")) == []


def test_no_script_or_external_reference_anywhere():
    text = chart_svg.svg(chart(), "alt", "c-4")
    for word in ("<script", "href", "onload", "javascript:", "<image", "url("):
        assert word not in text.lower()


def layered(**size) -> ET.Element:
    """Jan, Feb, May and Jun 2020 with target, band, last year and SPC (a special cause in May)."""
    frame = pd.DataFrame(
        {
            "period": ["2020-01", "2020-02", "2020-05", "2020-06"],
            "label": ["Jan 2020", "Feb 2020", "May 2020", "Jun 2020"],
            "value": [10.0, 20.0, 30.0, 20.0],
            "target": [20.0] * 4,
            "band_low": [18.0] * 4,
            "band_high": [20.0] * 4,
            "last_year": [15.0] * 4,
            "rag": ["Red", "Green", "Blue", "Green"],
        }
    )
    table = frame[["period", "value"]].assign(
        mean=20.0,
        upper_limit=30.0,
        lower_limit=10.0,
        point_type=["common_cause", "common_cause", "special_cause_concern", "common_cause"],
    )
    chart = tc.layout(frame, lambda v: f"{v:g}", spc_table=table, **size)
    return parse(chart_svg.svg(chart, "alt", "c-5"))


def group(root: ET.Element, name: str) -> ET.Element:
    return next(g for g in root.iter(f"{NS}g") if g.get("class") == name)


def test_the_value_line_is_a_polyline_per_run():
    # 640 wide, legend in two rows: box 64..624 by 12..182; six slots of 560 / 6 px
    lines = group(layered(), "value-line").findall(f"{NS}polyline")
    assert [line.get("points") for line in lines] == [
        "110.7,182.0 204.0,97.0",
        "484.0,12.0 577.3,97.0",
    ]


def test_band_target_last_year_and_spc_are_drawn_with_a_piece_per_run():
    root = layered()
    strips = group(root, "band").findall(f"{NS}polygon")
    assert len(strips) == 2 and {s.get("fill") for s in strips} == {marks.BAND}
    for name, pieces in (("target", 2), ("last-year", 2), ("spc-mean", 2), ("spc-limits", 4)):
        (path,) = group(root, name).findall(f"{NS}path")
        assert path.get("d").count("M") == pieces, name
    assert group(root, "spc-limits")[0].get("stroke-dasharray") == "2 3"  # dotted
    assert group(root, "spc-mean")[0].get("stroke-dasharray") is None  # solid
    (ring,) = group(root, "spc-rings")
    assert ring.get("stroke") == "#b94b12" and ring.get("fill") == "none"  # concern
    assert ring.get("d").startswith("M484.0 22.4")  # triangle down: apex 12 + 9 x 1.15


def test_the_legend_names_everything_drawn():
    words = [t.text for t in group(layered(), "legend").iter(f"{NS}text")]
    assert words == [
        "Target",
        "Amber tolerance",
        "Same period last year",
        "Mean",
        "Process limits",
        "Red",
        "Green",
        "Blue",
        "Special cause concerning",
    ]


def test_a_phone_sized_chart_keeps_every_word_inside_the_picture():
    root = layered(width=360, height=380)
    for text in root.iter(f"{NS}text"):
        x, anchor = float(text.get("x")), text.get("text-anchor")
        width = legend.CHAR_WIDTH * len(text.text)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        assert left >= 0 and left + width <= 360, text.text


def test_a_ranges_amber_lies_outside_its_bounds_never_inside():
    # Range 8 to 12 with 0.5 either side: amber 7.5-8 and 12-12.5; 10 (Green) in neither
    frame = pd.DataFrame(
        {
            "period": ["2020-01", "2020-02"],
            "label": ["Jan 2020", "Feb 2020"],
            "value": [10.0, 12.3],
            "target": [8.0, 8.0],
            "target_upper": [12.0, 12.0],
            "band_low": [7.5, 7.5],
            "band_high": [12.5, 12.5],
            "rag": ["Green", "Amber"],
        }
    )
    chart = tc.layout(frame, lambda v: f"{v:g}")
    inside = chart.markers[0].y  # the Green point at 10
    spans = sorted((min(y for _, y in s), max(y for _, y in s)) for s in chart.band)
    assert len(spans) == 2
    assert all(not top <= inside <= bottom for top, bottom in spans)
    per_unit = (chart.y_ticks[0][0] - chart.y_ticks[-1][0]) / (
        float(chart.y_ticks[-1][1]) - float(chart.y_ticks[0][1])
    )
    heights = [round((bottom - top) / per_unit, 6) for top, bottom in spans]
    assert heights == [0.5, 0.5]  # each strip is its bound's tolerance, no wider


def weeks(count: int) -> pd.DataFrame:
    """``count`` weekly values, oldest first."""
    return pd.DataFrame(
        {
            "period": [f"2024-W{n % 52 + 1:02d}" for n in range(count)],
            "label": [f"week {n}" for n in range(count)],
            "value": [float(n) for n in range(count)],
        }
    )


def test_a_phone_chart_of_187_weeks_shows_the_last_26_and_says_so():
    # a 360 px chart plots 280 px: 187 points at 4 px need 748, so only the last 26 are drawn
    shown, words = tc.narrowed(weeks(187), "weekly", 360)
    assert shown["value"].tolist() == [float(n) for n in range(161, 187)]
    assert words == "This chart shows the last 26 weeks; a wider screen shows all 187."


def test_a_chart_wide_enough_for_its_points_keeps_them_all():
    # 960 px plots 880 px: 187 points at 4 px need 748; a phone has room for 70 of them
    for count, width in ((187, 960), (42, 360)):
        shown, words = tc.narrowed(weeks(count), "weekly", width)
        assert (len(shown), words) == (count, "")


def test_last_years_line_and_its_legend_sample_are_dash_dot_unlike_the_value_line():
    root = layered()
    (line,) = group(root, "last-year").findall(f"{NS}path")
    assert line.get("stroke-dasharray") == "8 3 2 3"
    assert all(p.get("stroke-dasharray") is None for p in group(root, "value-line"))
    samples = {
        text.text: sample
        for sample, text in zip(group(root, "legend")[::2], group(root, "legend")[1::2])
    }
    assert samples["Same period last year"].get("stroke-dasharray") == "8 3 2 3"
