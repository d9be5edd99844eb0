"""The static chart's legend: what is named, in what order, wrapped into rows that fit."""

from __future__ import annotations

import pytest

from pmf_core.outputs import chart_legend as legend

NOTHING = dict.fromkeys(
    ["target", "band_low", "band_high", "last_year", "mean", "upper_limit"], False
)


def test_entries_name_what_is_drawn_in_drawing_order():
    drawn = NOTHING | {
        "target": True,
        "band_low": True,
        "band_high": True,
        "mean": True,
        "upper_limit": True,
    }
    items = legend.entries(
        drawn,
        {"Green", "Red"},
        {
            "special_cause_concern",
            "special_cause_neutral_high",
            "special_cause_neutral_low",
            "common_cause",
        },
    )
    assert [(i.kind, i.label) for i in items] == [
        ("target", "Target"),
        ("band", "Amber tolerance"),
        ("mean", "Mean"),
        ("limits", "Process limits"),
        ("status", "Red"),
        ("status", "Green"),
        ("spc", "Special cause concerning"),
        ("spc", "Special cause neither"),
    ]


def test_a_band_needs_both_edges():
    items = legend.entries(NOTHING | {"band_low": True}, set(), set())
    assert items == []


def test_width_is_sample_words_and_space():
    # 30 px sample + 7.2 px a character + 16 px after: "Target" is 30 + 43.2 + 16.
    assert legend.legend_width(legend.LegendItem("target", "", "Target")) == pytest.approx(89.2)


def test_rows_wrap_at_the_room_and_place_puts_the_last_row_at_the_foot():
    items = [
        legend.LegendItem("target", "", "Target"),  # 89.2 px
        legend.LegendItem("mean", "", "Mean"),  # 74.8: 164.0 in all, fits 170
        legend.LegendItem("status", "Red", "Red"),
    ]  # 67.6: would make 231.6
    rows = legend.rows(items, 170)
    assert [[i.label for i in row] for row in rows] == [["Target", "Mean"], ["Red"]]
    placed = legend.place(rows, 200)
    # Rows 20 px apart, the last 14 px above the foot: 200 - 14 - 20 = 166, then 186.
    assert [(i.label, i.x, i.y) for i in placed] == [
        ("Target", 8.0, 166),
        ("Mean", pytest.approx(97.2), 166),
        ("Red", 8.0, 186),
    ]
