import math

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pmf_core.rules.rag import direction_of_travel, dot_columns, rag_status, round_half_up

HIGH, LOW, NONE = "higher_is_better", "lower_is_better", "none"


@pytest.mark.parametrize(
    "value,expected",
    [
        (100, "Green"),  # exactly at target
        (101, "Green"),
        (95, "Amber"),  # exactly at the amber edge: 5% of 100
        (95.01, "Amber"),
        (94.99, "Red"),
    ],
)
def test_higher_is_better_boundaries(value, expected):
    assert rag_status(value, 100, HIGH) == expected


@pytest.mark.parametrize(
    "value,expected", [(60, "Green"), (63, "Amber"), (63.01, "Red"), (70, "Red"), (50, "Green")]
)
def test_lower_is_better_boundaries(value, expected):
    # Dorset's People and Health exception report: children in care 70.00 against 60.00 is Red
    assert rag_status(value, 60, LOW) == expected


def test_seed_002_foster_carers_is_amber():
    assert rag_status(206, 215, HIGH) == "Amber"  # band 10.75


def test_absolute_tolerance():
    assert rag_status(78, 80, HIGH, tolerance=2, tolerance_type="absolute") == "Amber"
    assert rag_status(77.9, 80, HIGH, tolerance=2, tolerance_type="absolute", decimals=1) == "Red"


def test_percent_tolerance_uses_the_size_of_a_negative_target():
    # band is 10% of |-50| = 5
    assert rag_status(-55, -50, HIGH, tolerance=10) == "Amber"
    assert rag_status(-55.5, -50, HIGH, tolerance=10) == "Red"


def test_zero_target_has_a_zero_band():
    assert rag_status(0, 0, LOW) == "Green"
    assert rag_status(0.01, 0, LOW) == "Red"


def test_stretch_gives_blue():
    assert rag_status(105, 100, HIGH, stretch=5) == "Blue"  # exactly at stretch
    assert rag_status(104.99, 100, HIGH, stretch=5) == "Green"
    assert rag_status(90, 100, LOW, stretch=10) == "Blue"
    assert rag_status(110, 100, HIGH) == "Green"  # no stretch set
    assert rag_status(103, 100, HIGH, stretch=3, tolerance_type="absolute", tolerance=1) == "Blue"


def test_not_rated_and_no_data():
    assert rag_status(10, 5, HIGH, kind="contextual") == "Not rated"
    assert rag_status(10, 5, NONE) == "Not rated"
    assert rag_status(10, None, HIGH) == "Not rated"
    assert rag_status(None, 5, HIGH) == "No data"


def test_precedence_override_then_no_data_then_not_rated():
    assert rag_status(None, 5, HIGH, override="green") == "Green"
    assert rag_status(None, 5, NONE) == "No data"
    # A contextual measure is never judged: an override cannot colour it either.
    assert rag_status(10, 5, HIGH, kind="contextual", override="RED") == "Not rated"
    assert rag_status(50, 100, HIGH, override="amber") == "Amber"


def test_rounding_to_display_decimals_before_comparing():
    # 94.996 shows as 95.00, exactly at the amber edge
    assert rag_status(94.996, 100, HIGH) == "Amber"
    assert rag_status(94.994, 100, HIGH) == "Red"
    # with no decimals 99.5 shows as 100, which meets the target
    assert rag_status(99.5, 100, HIGH, decimals=0) == "Green"
    assert rag_status(99.49, 100, HIGH, decimals=0) == "Amber"


def test_round_half_up_like_a_spreadsheet():
    assert list(round_half_up([2.675, 2.665, -2.675, 0.5, 1.5, 2.5], [2, 2, 2, 0, 0, 0])) == [
        2.68,
        2.67,
        -2.68,
        1.0,
        2.0,
        3.0,
    ]


@pytest.mark.parametrize(
    "value,previous,polarity,expected",
    [
        (70, 71, LOW, "Improving"),
        (72, 71, LOW, "Worsening"),
        (71, 71, LOW, "Same"),
        (5, 4, HIGH, "Improving"),
        (3, 4, HIGH, "Worsening"),
        (5, 4, NONE, "Up"),
        (3, 4, NONE, "Down"),
        (4, 4, NONE, "Same"),
        (None, 4, HIGH, "Not comparable"),
        (4, None, HIGH, "Not comparable"),
    ],
)
def test_direction_of_travel(value, previous, polarity, expected):
    assert direction_of_travel(value, previous, polarity) == expected


def test_direction_compares_rounded_values():
    assert direction_of_travel(4.501, 4.499, HIGH, decimals=2) == "Same"
    assert direction_of_travel(4.501, 4.499, HIGH, decimals=3) == "Improving"


ORDER = {"Red": 0, "Amber": 1, "Green": 2, "Blue": 3}
numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: round(x, 2))


def independent_rag(value, target, polarity, tol, stretch):
    """The RAG rules' table (docs/rules.md), written out independently with exact decimals."""
    gap = (value - target) if polarity == HIGH else (target - value)
    band = tol / 100 * abs(target)
    if stretch is not None and gap >= stretch / 100 * abs(target) - 1e-9:
        return "Blue"
    if gap >= -1e-9:
        return "Green"
    return "Amber" if -gap <= band + 1e-9 else "Red"


@given(
    numbers,
    numbers,
    st.sampled_from([HIGH, LOW]),
    st.floats(min_value=0, max_value=50).map(lambda x: round(x, 1)),
    st.one_of(st.none(), st.floats(min_value=0, max_value=50).map(lambda x: round(x, 1))),
)
def test_rag_matches_the_spec_table(value, target, polarity, tol, stretch):
    gap = (value - target) if polarity == HIGH else (target - value)
    band = tol / 100 * abs(target)
    # keep clear of float ties at the edges, which the boundary tests cover exactly
    assume(min(abs(gap), abs(-gap - band)) > 1e-6)
    assume(stretch is None or abs(gap - stretch / 100 * abs(target)) > 1e-6)
    assert rag_status(value, target, polarity, tolerance=tol, stretch=stretch) == independent_rag(
        value, target, polarity, tol, stretch
    )


@given(numbers, numbers, numbers, st.sampled_from([HIGH, LOW]))
def test_a_better_value_never_gets_a_worse_status(a, b, target, polarity):
    better, worse = (max(a, b), min(a, b)) if polarity == HIGH else (min(a, b), max(a, b))
    assert (
        ORDER[rag_status(better, target, polarity, stretch=5)]
        >= ORDER[rag_status(worse, target, polarity, stretch=5)]
    )


@given(numbers, numbers)
def test_polarity_mirrors(value, target):
    assume(not math.isclose(value, target))
    assert rag_status(value, target, HIGH) == rag_status(-value, -target, LOW)


@pytest.mark.parametrize(
    "value,previous,threshold,polarity,expected",
    [
        # 646 to 645 is a change of 1: with a threshold of 1 it is no real change.
        (645, 646, 1, "lower_is_better", "Same"),
        (645, 646, 0, "lower_is_better", "Improving"),
        (644, 646, 1, "lower_is_better", "Improving"),  # 2 > 1
        (647, 646, 1, "higher_is_better", "Same"),
        (648, 646, 1, "higher_is_better", "Improving"),
        (644, 646, 1.5, "higher_is_better", "Worsening"),
        (646.5, 646, 1, "none", "Same"),
        (648, 646, 1, "none", "Up"),
        # At one decimal 77.3 to 77.8 is 0.5, equal to the threshold (no float slip): Same.
        (77.8, 77.3, 0.5, "higher_is_better", "Same"),
        (77.9, 77.3, 0.5, "higher_is_better", "Improving"),
        (76.8, 77.3, 0.5, "higher_is_better", "Same"),
        (76.7, 77.3, 0.5, "higher_is_better", "Worsening"),
    ],
)
def test_a_change_within_the_dot_threshold_is_same(value, previous, threshold, polarity, expected):
    assert direction_of_travel(value, previous, polarity, 1, threshold) == expected


def test_a_missing_threshold_is_none():
    assert direction_of_travel(10.1, 10.0, "higher_is_better", 1, float("nan")) == "Improving"


# A target range (within_range): staff turnover between 8 % and 12 %, 5 % tolerance, 1 decimal.
# Below 8 the band is 5 % of 8 = 0.4; above 12 it is 5 % of 12 = 0.6.
@pytest.mark.parametrize(
    "value, expected",
    [
        (8.0, "Green"),  # on the lower bound
        (12.0, "Green"),  # on the upper bound
        (10.0, "Green"),
        (7.9, "Amber"),
        (7.6, "Amber"),  # 0.4 below: the band's edge
        (7.5, "Red"),  # 0.5 below
        (12.1, "Amber"),
        (12.6, "Amber"),  # 0.6 above: the band's edge
        (12.7, "Red"),
    ],
)
def test_within_range_rag_at_and_around_both_bounds(value, expected):
    assert (
        rag_status(value, 8.0, "within_range", target_upper=12.0, decimals=1, stretch=5) == expected
    )


@pytest.mark.parametrize(
    "value, expected", [(7.5, "Amber"), (7.4, "Red"), (12.5, "Amber"), (12.6, "Red")]
)
def test_within_range_with_an_absolute_tolerance(value, expected):
    # Absolute tolerance 0.5 on either side.
    status = rag_status(
        value,
        8.0,
        "within_range",
        target_upper=12.0,
        decimals=1,
        tolerance=0.5,
        tolerance_type="absolute",
    )
    assert status == expected


def test_a_range_without_its_upper_bound_is_not_rated():
    assert rag_status(10.0, 8.0, "within_range", decimals=1) == "Not rated"


@pytest.mark.parametrize(
    "value, previous, expected",
    [
        (12.5, 13.0, "Improving"),  # 1.0 above the range, now 0.5
        (7.5, 7.8, "Worsening"),  # 0.2 below, now 0.5
        (13.0, 7.0, "Same"),  # 1.0 below, now 1.0 above: no nearer
        (11.0, 9.0, "Same"),  # inside both times
        (12.5, 11.0, "Worsening"),  # left the range
        (10.0, 7.0, "Improving"),  # came into it
        (10.0, None, "Not comparable"),
    ],
)
def test_within_range_direction_follows_the_distance_to_the_range(value, previous, expected):
    assert (
        direction_of_travel(value, previous, "within_range", 1, lower=8.0, upper=12.0) == expected
    )


def test_a_year_to_date_dot_is_against_last_year():
    # October 64.0: September (55.2) is a smaller part of the year; last October was 64.5.
    frame = pd.DataFrame(
        [
            {
                "value": 64.0,
                "previous_value": 55.2,
                "last_year_value": 64.5,
                "polarity": "higher_is_better",
                "decimals": 2,
                "accumulation": "year_to_date",
            },
            {
                "value": 64.0,
                "previous_value": 55.2,
                "last_year_value": 64.5,
                "polarity": "higher_is_better",
                "decimals": 2,
                "accumulation": "none",
            },
        ]
    )
    out = dot_columns(frame)
    assert out["dot"].tolist() == ["Worsening", "Improving"]
    assert out["dot_last_year"].tolist() == ["Worsening", "Worsening"]
