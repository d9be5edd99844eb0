"""Inline SVG charts: well-formed, named by an escaped <title>, no script, a marker per point."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd

from pmf_core import chart_svg
from pmf_core import trend_chart as tc

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '</title><script>alert("x")</script> & <b>'


def chart(sparkline: bool = False, labels=None) -> tc.Chart:
    frame = pd.DataFrame({"label": labels or ["Aug", "Sep", "Oct"], "value": [64.0, 58.0, 70.0],
                          "target": [60.0, 60.0, 60.0], "rag": ["Red", "Green", "Amber"]})
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
    assert len(root.findall(f"{NS}polyline")) == 1
    words = [t.text for t in root.iter(f"{NS}text")]
    assert {"Aug", "Sep", "Oct", "Target", "Red", "Amber", "Green"} <= set(words)
    circles = root.findall(f"{NS}circle")      # Green is a filled circle, in plot and legend
    polygons = root.findall(f"{NS}polygon")    # Amber is a diamond, in plot and legend
    assert len(circles) == 2 and len(polygons) == 2
    dashed = [p for p in root.iter() if p.get("stroke-dasharray")]
    assert len(dashed) == 2                    # the target line and its legend sample


def test_a_sparkline_shows_only_the_latest_marker_and_no_words():
    root = parse(chart_svg.svg(chart(sparkline=True), "alt", "s-1"))
    assert root.get("width") == "120"
    assert list(root.iter(f"{NS}text")) == []
    assert len(root.findall(f"{NS}polygon")) == 1       # the latest, Amber
    assert root.findall(f"{NS}circle") == []


def test_no_script_or_external_reference_anywhere():
    text = chart_svg.svg(chart(), "alt", "c-4")
    for word in ("<script", "href", "onload", "javascript:", "<image", "url("):
        assert word not in text.lower()
