"""The benchmarking rules (rank, quartile, percentiles) against answers worked by hand."""

import pandas as pd
import pytest

from pmf_core.rules import comparators

HIGHER, LOWER, NONE = "higher_is_better", "lower_is_better", "none"


@pytest.mark.parametrize(
    "own,others,polarity,expected",
    [
        (45, [60, 50, 40, 70, 30], HIGHER, 4),  # 50, 60 and 70 are higher
        (45, [60, 50, 40, 70, 30], LOWER, 3),  # 40 and 30 are lower
        (50, [60, 50, 40, 70, 30], HIGHER, 3),  # the other 50 ties: it is not strictly better
        (70, [70, 70, 10], HIGHER, 1),  # ties share the best rank
        (5, [5, 5, 5], LOWER, 1),
        (10, [70, 70, 10], LOWER, 1),
        (99, [], HIGHER, 1),  # no comparator: rank 1
    ],
)
def test_rank_counts_comparators_strictly_better(own, others, polarity, expected):
    assert comparators.rank(own, others, polarity) == expected


def test_polarity_none_has_no_rank():
    assert comparators.rank(45, [60, 50], NONE) is None
    assert comparators.rank(45, [60, 50], None) is None


@pytest.mark.parametrize(
    "rank,areas,expected",
    [
        (1, 16, 1),
        (4, 16, 1),
        (5, 16, 2),
        (12, 16, 3),
        (13, 16, 4),
        (16, 16, 4),
        (4, 6, 3),  # ceil(16 / 6) = ceil(2.67)
        (3, 6, 2),
        (1, 2, 2),
        (2, 2, 4),
        (1, 1, None),  # no comparator: no quartile
        (None, 6, None),  # no rank (polarity none): no quartile
    ],
)
def test_quartile_is_ceil_of_four_rank_over_areas(rank, areas, expected):
    assert comparators.quartile(rank, areas) == expected


def test_percentiles_interpolate_linearly_between_comparators():
    # Sorted 10, 20, 40, 80: the median sits half way from 20 to 40, the lower quartile at
    # position 0.75 (10 + 0.75 * 10), the upper at 2.25 (40 + 0.25 * 40).
    assert comparators.percentiles([80, 10, 40, 20]) == (30.0, 17.5, 50.0)
    assert comparators.percentiles([30, 50, 70, 40, 60]) == (50.0, 40.0, 60.0)
    assert comparators.percentiles([7]) == (7.0, 7.0, 7.0)
    assert comparators.percentiles([]) == (None, None, None)


def test_position_with_no_comparator_is_rank_one_of_one():
    got = comparators.position(12.5, [], HIGHER)
    assert (got["rank"], got["areas"], got["quartile"]) == (1, 1, None)
    assert got["group_median"] is None and got["group_upper_quartile"] is None


def frame(rows):
    return pd.DataFrame(rows, columns=["area_code", "period", "end_index", "value"])


# Two years; area C has no value in 2020/21, the own area OWN none in 2021/22.
VALUES = frame(
    [
        ("OWN", "2020/21", 254, 45.0),
        ("A", "2020/21", 254, 60.0),
        ("B", "2020/21", 254, 50.0),
        ("C", "2020/21", 254, None),
        ("D", "2020/21", 254, 70.0),
        ("E", "2020/21", 254, 30.0),
        ("OWN", "2021/22", 266, None),
        ("A", "2021/22", 266, 1.0),
        ("B", "2021/22", 266, 2.0),
        ("OWN", "2019/20", 242, 8.0),
        ("A", "2019/20", 242, 8.0),
        ("B", "2019/20", 242, 4.0),
    ]
)


def test_positions_skip_missing_values_and_periods_without_the_own_value():
    got = comparators.positions(VALUES, "OWN", LOWER)
    assert got["period"].tolist() == ["2019/20", "2020/21"]  # oldest first; no 2021/22
    first, second = got.iloc[0], got.iloc[1]
    # 2019/20: comparators 8 and 4; 4 is lower, 8 ties: rank 2 of 3, ceil(8/3) = 3.
    assert (first["rank"], first["areas"], first["quartile"]) == (2, 3, 3)
    assert (
        first["group_median"],
        first["group_lower_quartile"],
        first["group_upper_quartile"],
    ) == (6.0, 5.0, 7.0)
    # 2020/21: C has no value, so 4 comparators 60, 50, 70, 30; only 30 is lower: rank 2 of 5.
    assert (second["rank"], second["areas"], second["quartile"]) == (2, 5, 2)
    # Sorted 30, 50, 60, 70: median 55, lower 30 + 0.75 * 20 = 45, upper 60 + 0.25 * 10.
    assert (
        second["group_median"],
        second["group_lower_quartile"],
        second["group_upper_quartile"],
    ) == (55.0, 45.0, 62.5)


def test_positions_with_polarity_none_keep_percentiles_but_no_rank():
    got = comparators.positions(VALUES, "OWN", NONE)
    assert got["rank"].isna().all() and got["quartile"].isna().all()
    assert got["areas"].tolist() == [3, 5]
    assert got["group_median"].tolist() == [6.0, 55.0]


def test_positions_higher_is_better():
    got = comparators.positions(VALUES, "OWN", HIGHER).set_index("period")
    # 2020/21: 60, 50 and 70 are higher than 45: rank 4 of 5, ceil(16 / 5) = 4.
    assert (got.loc["2020/21", "rank"], got.loc["2020/21", "quartile"]) == (4, 4)
    assert got.loc["2019/20", "rank"] == 1  # 8 ties 8


def test_ranked_lists_areas_best_first_with_shared_ranks():
    one = VALUES[VALUES["period"] == "2019/20"].assign(area_name=["Own", "Ay", "Bee"])
    got = comparators.ranked(one, "OWN", HIGHER)
    assert got["area_name"].tolist() == ["Ay", "Own", "Bee"]  # ties in name order
    assert got["rank"].tolist() == [1, 1, 3]
    assert got["is_own"].tolist() == [False, True, False]
    lower = comparators.ranked(one, "OWN", LOWER)
    assert lower["area_name"].tolist() == ["Bee", "Ay", "Own"]
    assert lower["rank"].tolist() == [1, 2, 2]


def test_quarter_words():
    assert comparators.quarter_words(1) == "top quarter"
    assert comparators.quarter_words(4) == "bottom quarter"
    assert comparators.quarter_words(pd.NA) is None and comparators.quarter_words(None) is None


def test_decimals_shown_are_the_fewest_that_keep_every_loaded_value():
    from pmf_core.rules.comparators import decimals_shown

    assert decimals_shown([490, 495.0, None]) == 0
    assert decimals_shown([5.0, 3.8]) == 1
    assert decimals_shown([5.0, 3.85]) == 2
    assert decimals_shown([1.2345]) == 2  # never more than two
    assert decimals_shown([]) == 0


def test_reference_rows_are_neither_ranked_nor_counted():
    """Own 40 against peers 45, 20, 90, England 50 a reference: two peers higher, rank 3 of 4,
    quartile ceil(12 / 4) = 3, median of 20 45 90 is 45. Counted, England would make it rank 4
    of 5, quartile 4, median 47.5."""
    values = pd.DataFrame(
        {
            "area_code": ["OWN", "A", "C", "D", "E92000001"],
            "area_name": ["Own", "A", "C", "D", "England"],
            "period": "2022/23",
            "end_index": 0,
            "value": [40.0, 45, 20, 90, 50],
            "is_reference": [False, False, False, False, True],
        }
    )
    [row] = comparators.positions(values, "OWN", "higher_is_better").to_dict("records")
    assert (row["rank"], row["areas"], row["quartile"], row["group_median"]) == (3, 4, 3, 45.0)
    assert comparators.ranked(values, "OWN", "higher_is_better")["area_code"].tolist() == [
        "D",
        "A",
        "OWN",
        "C",
    ]
    assert comparators.references(values)["area_name"].tolist() == ["England"]
