"""A metric against a group, read from the store (pmf_core/analysis/comparators.py), on a tiny
hand-made comparison whose every figure is worked out by hand beside its assertion.

The own area (OWN, E06000001) is in no group: it is compared whether or not a group lists it.
Groups: Pair (A, B) is the smallest, so the default; Four (A, B, C, D). Area X is in no group, so
it counts only among All areas. UP is higher_is_better, DOWN lower_is_better, NEU has polarity
none and ABS has no value for the own area at all.
"""

import pandas as pd
import pytest
from test_store_comparators import load, with_benchmarks

from pmf_core.analysis import comparators as analysis_comparators
from pmf_core.rules.narrative import Benchmark
from pmf_core.store import Store
from pmf_core.store import comparators as store_comparators

OWN, A, B, C, D, X = (f"E0600000{n}" for n in range(1, 7))
HEAD = "metric_id,metric_name,area_code,area_name,period,value,polarity\n"
ROWS = [  # metric, area, period, value ("n/a" and "" are no value, so no comparator)
    ("UP", A, "2019/20", "7"),  # no own value: no row
    ("UP", OWN, "2020/21", "5"),  # no comparator at all
    ("UP", OWN, "2021/22", "50"),
    ("UP", A, "2021/22", "50"),
    ("UP", B, "2021/22", "70"),
    ("UP", C, "2021/22", "30"),
    ("UP", D, "2021/22", "50"),
    ("UP", X, "2021/22", "100"),
    ("UP", OWN, "2022/23", "40"),
    ("UP", A, "2022/23", "45"),
    ("UP", B, "2022/23", "n/a"),
    ("UP", C, "2022/23", "20"),
    ("UP", D, "2022/23", "90"),
    ("DOWN", OWN, "2021/22", "30"),
    ("DOWN", A, "2021/22", "30"),
    ("DOWN", B, "2021/22", "10"),
    ("DOWN", C, "2021/22", "20"),
    ("DOWN", D, "2021/22", "80"),
    ("NEU", OWN, "2021/22", "5"),
    ("NEU", A, "2021/22", "1"),
    ("NEU", B, "2021/22", "9"),
    ("ABS", A, "2021/22", "3"),
    ("ABS", B, "2021/22", "4"),
    ("ABS", OWN, "2021/22", ""),
]
POLARITY = {
    "UP": "higher_is_better",
    "DOWN": "lower_is_better",
    "NEU": "none",
    "ABS": "higher_is_better",
}
TINY = HEAD + "".join(
    f"{m},{m} metric,{a},Area {a[-1]},{p},{v},{POLARITY[m]}\n" for m, a, p, v in ROWS
)
TINY_GROUPS = (
    "group,area_code\n"
    + "".join(f"Pair,{a}\n" for a in (A, B))
    + "".join(f"Four,{a}\n" for a in (A, B, C, D))
)
LINKED = (
    "indicator_id,name,directorate,service,unit,frequency,polarity,benchmark_metric\n"
    "I_UP,Up,D,S,No.,annual,higher_is_better,UP\n"
    "I_NEU,Neutral,D,S,No.,annual,none,NEU\n"
    "I_ABS,Absent,D,S,No.,annual,higher_is_better,ABS\n"
    "I_GONE,Gone,D,S,No.,annual,higher_is_better,NOT-LOADED\n"
    "I_NONE,Unlinked,D,S,No.,annual,higher_is_better,\n"
)


def fill(store: Store) -> Store:
    store_comparators.set_area(store, OWN, "Own council", "tester")
    for kind, text in (("benchmarks", TINY), ("groups", TINY_GROUPS), ("indicators", LINKED)):
        load(store, kind, text)
    return store


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Store:
    """The tiny comparison, loaded once: the tests here only read it."""
    store = Store(tmp_path_factory.mktemp("tiny") / "pmf.duckdb", wait_seconds=2)
    store.create()
    return fill(store)


def rows(store, metric_id, group=None) -> list[tuple]:
    table = analysis_comparators.cli_table(store, metric_id, group)
    return [
        tuple(None if pd.isna(v) else v for v in row)
        for row in table.drop(columns=["metric_id"]).itertuples(index=False)
    ]


def test_cli_rows_higher_is_better_with_ties_and_gaps(tiny):
    # 2019/20: OWN has no value, so no row. 2020/21: OWN alone: rank 1 of 1, nothing else.
    # 2021/22 in Four: comparators 50, 70, 30, 50; only 70 is higher (the 50s tie): rank 2 of
    # 5, quartile ceil(8/5) = 2. Sorted 30 50 50 70: median 50, lower 30 + 0.75 * 20 = 45,
    # upper (index 2.25) 50 + 0.25 * 20 = 55.
    # 2022/23 in Four: B has no value; 45, 20, 90: 45 and 90 are higher: rank 3 of 4,
    # quartile ceil(12/4) = 3. Sorted 20 45 90: median 45, lower 20 + 0.5 * 25 = 32.5,
    # upper 45 + 0.5 * 45 = 67.5.
    assert rows(tiny, "UP", "Four") == [
        ("2020/21", "Four", 5.0, 1, 1, None, None, None, None),
        ("2021/22", "Four", 50.0, 2, 5, 2, 50.0, 45.0, 55.0),
        ("2022/23", "Four", 40.0, 3, 4, 3, 45.0, 32.5, 67.5),
    ]


def test_the_default_group_is_the_smallest(tiny):
    # Pair (2 members) is smaller than Four (4). 2021/22: A 50 ties, B 70 is higher: rank 2 of
    # 3, quartile ceil(8/3) = 3; 50 and 70: median 60, quartiles 55 and 65. 2022/23: only A
    # (45) has a value and is higher: rank 2 of 2, quartile 4; every percentile is 45.
    assert rows(tiny, "UP")[1:] == [
        ("2021/22", "Pair", 50.0, 2, 3, 3, 60.0, 55.0, 65.0),
        ("2022/23", "Pair", 40.0, 2, 2, 4, 45.0, 45.0, 45.0),
    ]


def test_all_areas_counts_areas_in_no_group(tiny):
    # 2021/22 among all areas: 50, 70, 30, 50 and X's 100: 70 and 100 higher: rank 3 of 6,
    # quartile ceil(12/6) = 2. Sorted 30 50 50 70 100: median 50, lower 50, upper 70.
    assert rows(tiny, "UP", store_comparators.ALL_AREAS)[1] == (
        "2021/22",
        store_comparators.ALL_AREAS,
        50.0,
        3,
        6,
        2,
        50.0,
        50.0,
        70.0,
    )


def test_lower_is_better_and_no_polarity(tiny):
    # DOWN in Four: 30, 10, 20, 80 beside 30; 10 and 20 are lower (30 ties): rank 3 of 5,
    # quartile ceil(12/5) = 3. Sorted 10 20 30 80: median 25, lower 10 + 0.75 * 10 = 17.5,
    # upper 30 + 0.25 * 50 = 42.5.
    assert rows(tiny, "DOWN", "Four") == [("2021/22", "Four", 30.0, 3, 5, 3, 25.0, 17.5, 42.5)]
    # NEU in Four: comparators 1 and 9, no rank nor quartile; median 5, quartiles 3 and 7.
    assert rows(tiny, "NEU", "Four") == [("2021/22", "Four", 5.0, None, 3, None, 5.0, 3.0, 7.0)]


def test_no_value_for_the_own_area_no_row(tiny):
    assert rows(tiny, "ABS", "Four") == []
    assert list(analysis_comparators.cli_table(tiny, "ABS").columns) == list(
        analysis_comparators.CLI_COLUMNS
    )


def test_the_metric_view_ranks_the_latest_period_best_first(tiny):
    view = analysis_comparators.metric_view(tiny, "UP", "Four")
    assert (view["group"], view["area"]) == ("Four", (OWN, "Own council"))
    assert view["metric"]["polarity"] == "higher_is_better"
    latest = view["latest"]
    # 2022/23: D 90, A 45, OWN 40, C 20 (B has no value).
    assert latest["area_code"].tolist() == [D, A, OWN, C]
    assert latest["rank"].tolist() == [1, 2, 3, 4]
    assert latest["is_own"].tolist() == [False, False, True, False]


def test_each_linked_indicator_has_its_latest_quartile_in_the_default_group(tiny):
    # UP's latest (2022/23, Pair) is quartile 4; NEU has no quartile; ABS has no own value and
    # NOT-LOADED is no metric, so neither has a position; I_NONE is not linked.
    # Each with its own latest period's label, for the sentence to name.
    assert analysis_comparators.narrative_positions(tiny) == {
        "I_UP": Benchmark(4, "Pair", "2022/23"),
        "I_NEU": Benchmark(None, "Pair", "2021/22"),
    }
    got = analysis_comparators.latest_position(tiny, "I_UP", "Four")
    assert (got["period"], got["rank"], got["areas"], got["quartile"]) == ("2022/23", 3, 4, 3)
    assert analysis_comparators.latest_position(tiny, "I_ABS") is None
    assert analysis_comparators.linked_metric(tiny, "I_UP") == "UP"


def test_requests_it_cannot_answer_are_refused_in_words(tiny):
    with pytest.raises(
        analysis_comparators.BenchmarkError, match='^"NOPE" is not a loaded metric$'
    ):
        analysis_comparators.metric(tiny, "NOPE")
    with pytest.raises(analysis_comparators.BenchmarkError) as refused:
        analysis_comparators.cli_table(tiny, "UP", "N" * 200)
    assert str(refused.value) == (
        f'"{"N" * 80}" is not a group; the groups are: Four, Pair, or All areas'
    )
    with pytest.raises(analysis_comparators.BenchmarkError, match="I_NONE has no benchmark_metric"):
        analysis_comparators.linked_metric(tiny, "I_NONE")
    with pytest.raises(
        analysis_comparators.BenchmarkError, match='^"WHO" is not a known indicator$'
    ):
        analysis_comparators.linked_metric(tiny, "WHO")


def test_without_an_own_area_nothing_is_compared(store):
    load(store, "benchmarks", TINY)
    with pytest.raises(analysis_comparators.BenchmarkError, match="own area is not set"):
        analysis_comparators.cli_table(store, "UP")
    load(store, "indicators", LINKED)
    assert analysis_comparators.narrative_positions(store) == {}
    # no group loaded
    assert analysis_comparators.default_group(store) == store_comparators.ALL_AREAS


def test_groups_of_equal_size_default_by_name(tiny_copy):
    load(tiny_copy, "groups", f"group,area_code\nAlpha,{C}\nAlpha,{D}\n")
    assert analysis_comparators.default_group(tiny_copy) == "Alpha"  # 2 members, as Pair


@pytest.fixture
def tiny_copy(store) -> Store:
    return fill(store)


# Moved from tests/test_store_comparators.py: the latest position of a linked indicator.
@pytest.fixture
def bench_store(store):
    return with_benchmarks(store)


def test_latest_position_of_a_linked_indicator(bench_store):
    load(
        bench_store,
        "indicators",
        "indicator_id,name,directorate,service,unit,frequency,polarity,benchmark_metric\n"
        "WST,Residual waste,Place,Waste,kg,annual,lower_is_better,RES\n"
        "OTH,Other,Place,Waste,kg,annual,lower_is_better,\n",
    )
    got = analysis_comparators.latest_position(bench_store, "WST", "Nearest neighbours")
    assert (got["period"], got["rank"], got["areas"], got["quartile"]) == ("2022/23", 2, 4, 2)
    assert got["group"] == "Nearest neighbours"
    assert analysis_comparators.latest_position(bench_store, "OTH") is None
    assert analysis_comparators.latest_position(bench_store, "WST")["group"] == "Region"


def test_a_metric_is_shown_at_its_linked_indicators_decimals_else_its_values_need():
    import pandas as pd

    from pmf_core.analysis.comparators import decimals_of

    values = pd.Series([490.0, 495.5])
    assert decimals_of(pd.DataFrame({"decimals": [None]}), values) == 1  # 495.5
    assert decimals_of(pd.DataFrame({"decimals": [2, 0]}), values) == 2  # the most
    assert decimals_of(pd.DataFrame({"decimals": []}), pd.Series([5.0])) == 0


ENGLAND = "E92000001"
REFERENCE_GROUP = (
    "group,area_code,reference\n" + f"Refs,{A},\nRefs,{B},yes\nRefs,{C},no\n"
    f"Refs,{D},\nRefs,{ENGLAND},\n"
)
ENGLAND_VALUES = (
    HEAD + f"UP,UP metric,{ENGLAND},England,2021/22,10,higher_is_better\n"
    f"UP,UP metric,{ENGLAND},England,2022/23,55,higher_is_better\n"
)


def test_reference_areas_are_drawn_apart_and_never_ranked(store):
    """Group Refs: B marked a reference, England always one. 2021/22: OWN 50 against the peers
    A 50, C 30, D 50 (B's 70 and England's 10 left out): none higher, rank 1 of 4, quartile
    ceil(4/4) = 1; sorted 30 50 50: median 50, lower 30 + 0.5 * 20 = 40, upper 50.
    Counting B and England would give rank 2 of 6, quartile 2."""
    fill(store)
    load(store, "groups", REFERENCE_GROUP)
    load(store, "benchmarks", ENGLAND_VALUES)
    assert rows(store, "UP", "Refs")[1] == ("2021/22", "Refs", 50.0, 1, 4, 1, 50.0, 40.0, 50.0)
    view = analysis_comparators.metric_view(store, "UP", "Refs")
    # 2022/23: peers A 45, C 20, D 90 (B has no value); England's 55 is a reference line.
    assert view["latest"]["area_code"].tolist() == [D, A, OWN, C]
    assert view["references"][["area_code", "value"]].values.tolist() == [[ENGLAND, 55.0]]
    # The same areas in a group that does not mark B: B is a peer again, England is not.
    four = analysis_comparators.metric_view(store, "UP", "Four")
    assert four["references"]["area_code"].tolist() == []
