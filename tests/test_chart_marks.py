"""Each status's marker and each special-cause ring has its own shape (never colour alone)."""

from __future__ import annotations

import pytest

from pmf_core.outputs import chart_marks as marks


@pytest.mark.parametrize(
    ("status", "kind", "corners"),
    [
        ("Red", "cross", 4),
        ("Amber", "polygon", 4),
        ("Blue", "polygon", 10),
        ("Green", "circle", 1),
        ("No data", "ring", 1),
        ("Not rated", "ring", 1),
    ],
)
def test_each_status_has_its_own_shape(status, kind, corners):
    found, places = marks.shape(status, 10, 10, 5)
    assert found == kind and len(places) == corners


@pytest.mark.parametrize(
    ("kind", "corners", "apex_below"),
    [
        ("special_cause_improvement", 3, False),
        ("special_cause_concern", 3, True),
        ("special_cause_neutral_high", 4, None),
        ("special_cause_neutral_low", 4, None),
    ],
)
def test_each_special_cause_kind_has_its_own_ring(kind, corners, apex_below):
    outline = marks.ring_shape(kind, 50, 50, 9)
    assert len(outline) == corners
    if apex_below is not None:  # triangle up points up (smaller y)
        assert (outline[0][1] > 50) == apex_below and outline[0][0] == 50


def contrast_on_white(colour: str) -> float:
    """WCAG 2 contrast ratio of a #rrggbb colour against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_contrast_worked_by_hand():
    assert contrast_on_white("#000000") == pytest.approx(21.0)
    assert contrast_on_white("#767676") == pytest.approx(4.54, abs=0.01)  # the known 4.5 grey


@pytest.mark.parametrize("line", ["LINE", "TARGET", "LAST_YEAR", "SPC_LINE"])
def test_every_line_reads_against_white_at_3_to_1(line):
    # WCAG 2.2 1.4.11: the graphical objects needed to read a chart, at least 3:1.
    assert contrast_on_white(getattr(marks, line)) >= 3.0


@pytest.mark.parametrize("kind", list(marks.SPC_MARKERS))
def test_every_special_cause_ring_reads_against_white_at_3_to_1(kind):
    assert contrast_on_white(marks.SPC_MARKERS[kind][0]) >= 3.0
