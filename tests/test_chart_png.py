"""Trend charts as PNG for Word: the right size, white ground, ink, line and status colours."""
from __future__ import annotations

import io

import pandas as pd
from PIL import Image

from pmf_core import chart_png
from pmf_core import trend_chart as tc
from pmf_core.presentation import STATUS


def picture(rags, sparkline: bool = False) -> Image.Image:
    frame = pd.DataFrame({"label": ["Aug", "Sep", "Oct"], "value": [64.0, 58.0, 70.0],
                          "target": [60.0, 60.0, 60.0], "rag": rags})
    size = {"width": 120, "height": 32} if sparkline else {}
    chart = tc.layout(frame, lambda v: f"{v:g}", sparkline=sparkline, **size)
    return Image.open(io.BytesIO(chart_png.png(chart))).convert("RGB")


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


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
