"""Each status's marker and each special-cause ring has its own shape (never colour alone)."""
from __future__ import annotations

import pytest

from pmf_core import chart_marks as marks


@pytest.mark.parametrize(("status", "kind", "corners"), [
    ("Red", "cross", 4), ("Amber", "polygon", 4), ("Blue", "polygon", 10),
    ("Green", "circle", 1), ("No data", "ring", 1), ("Not rated", "ring", 1)])
def test_each_status_has_its_own_shape(status, kind, corners):
    found, places = marks.shape(status, 10, 10, 5)
    assert found == kind and len(places) == corners


@pytest.mark.parametrize(("kind", "corners", "apex_below"), [
    ("special_cause_improvement", 3, False), ("special_cause_concern", 3, True),
    ("special_cause_neutral_high", 4, None), ("special_cause_neutral_low", 4, None)])
def test_each_special_cause_kind_has_its_own_ring(kind, corners, apex_below):
    outline = marks.ring_shape(kind, 50, 50, 9)
    assert len(outline) == corners
    if apex_below is not None:                       # triangle up points up (smaller y)
        assert (outline[0][1] > 50) == apex_below and outline[0][0] == 50
