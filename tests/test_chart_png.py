"""Trend charts as PNG for Word: the right size, white ground, ink, line and status colours."""

from __future__ import annotations

import io

import pandas as pd
from PIL import Image

from pmf_core.outputs import chart_marks as marks
from pmf_core.outputs import chart_png
from pmf_core.outputs import trend_chart as tc
from pmf_core.rules.presentation import STATUS


def picture(rags, sparkline: bool = False) -> Image.Image:
    frame = pd.DataFrame(
        {
            "label": ["Aug", "Sep", "Oct"],
            "value": [64.0, 58.0, 70.0],
            "target": [60.0, 60.0, 60.0],
            "rag": rags,
        }
    )
    size = {"width": 120, "height": 32} if sparkline else {}
    chart = tc.layout(frame, lambda v: f"{v:g}", sparkline=sparkline, **size)
    return Image.open(io.BytesIO(chart_png.png(chart))).convert("RGB")


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def near(colours, target, tolerance: int = 12) -> bool:
    return any(all(abs(a - b) <= tolerance for a, b in zip(c, target)) for _, c in colours)


def test_png_is_the_charts_size_on_white():
    image = picture(["Green"] * 3)
    assert image.size == (640, 260)
    assert image.getpixel((0, 0)) == (255, 255, 255)
    assert picture(["Green"] * 3, sparkline=True).size == (120, 32)


def test_each_status_colour_is_painted():
    colours = picture(["Red", "Amber", "Green"]).getcolors(maxcolors=1_000_000)
    for status in ("Red", "Amber", "Green"):
        assert near(colours, rgb(STATUS[status].colour)), status
    assert not near(picture(["Green"] * 3).getcolors(1_000_000), rgb(STATUS["Red"].colour), 4)


def test_an_empty_chart_is_blank():
    frame = pd.DataFrame({"label": ["Oct"], "value": [float("nan")]})
    image = Image.open(io.BytesIO(chart_png.png(tc.layout(frame, str)))).convert("RGB")
    assert image.getcolors() == [(640 * 260, (255, 255, 255))]


def test_the_line_and_target_break_across_a_missing_period():
    # Jan, Feb, May and Jun 2020: six slots of 560 / 6 px in the box 64..624 by 12..202
    frame = pd.DataFrame(
        {
            "period": ["2020-01", "2020-02", "2020-05", "2020-06"],
            "label": ["Jan", "Feb", "May", "Jun"],
            "value": [20.0] * 4,
            "target": [21.0] * 4,
            "rag": ["Green"] * 4,
        }
    )
    image = Image.open(io.BytesIO(chart_png.png(tc.layout(frame, str)))).convert("RGB")
    line, ink, grid = rgb(marks.LINE), rgb(marks.TARGET), rgb(marks.GRID)
    close = lambda a, b: all(abs(p - q) <= 24 for p, q in zip(a, b))  # noqa: E731
    assert close(image.getpixel((160, 202)), line)  # Jan to Feb, at 20 (the bottom)
    assert close(image.getpixel((530, 202)), line)  # May to Jun
    gap = range(262, 426)  # March and April, clear of markers
    assert not any(close(image.getpixel((x, 202)), line) for x in gap)
    assert any(close(image.getpixel((x, 12)), ink) for x in range(64, 250))  # target at 21
    assert not any(close(image.getpixel((x, 12)), ink) for x in gap)
    assert close(image.getpixel((344, 12)), grid)
