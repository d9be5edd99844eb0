"""SPC rules on worked series whose answers are computed by hand."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pmf_core.rules import spc

IMP, CON, COM = spc.IMPROVEMENT, spc.CONCERN, spc.COMMON


def table(values, polarity="higher_is_better", **kw):
    frame = pd.DataFrame({"period": [f"p{i:02d}" for i in range(len(values))], "value": values})
    return spc.spc_table(frame, polarity, **kw)


def test_limits_by_hand():
    # mean 10; moving ranges 2,2,2,2 -> mR 2; limits 10 -/+ 5.32; near lines 10 -/+ 3.546
    limits = spc.xmr_limits([9, 11, 9, 11, 10])
    assert (limits.mean, limits.mean_moving_range) == (10, 1.75)
    limits = spc.xmr_limits([9, 11, 9, 11])
    assert round(limits.upper, 3) == 15.32 and round(limits.near_lower, 3) == 6.453


def test_screening_changes_the_limits_and_can_be_turned_off():
    values = [10, 11, 10, 11, 10, 30, 10]
    # moving ranges 1,1,1,1,20,20: mean 44/6 = 7.33, cut-off 23.96, nothing screened
    assert round(spc.xmr_limits(values).mean_moving_range, 3) == 7.333
    values = [10, 11, 10, 11, 10, 11, 10, 11, 40]
    # moving ranges 1 x7 and 29: mean 4.5, cut-off 14.7: 29 screened, mR becomes 1
    assert spc.xmr_limits(values).mean_moving_range == 1
    assert spc.xmr_limits(values, screen_outliers=False).mean_moving_range == 4.5


def test_beyond_a_limit_only():
    # 14, 6 alternating with 60 at index 10: mean 246 / 20 = 12.3; moving ranges 8 (x17) and
    # 54 (x2) average 12.84, cut-off 41.96 screens both 54s, so mR = 8 and the upper limit is
    # 12.3 + 21.28 = 33.58. The near lines (12.3 -/+ 14.19) hold every other point.
    values = [14 if i % 2 == 0 else 6 for i in range(20)]
    values[10] = 60
    result = table(values)
    assert round(result["upper_limit"].iloc[0], 2) == 33.58
    assert result["rule"].tolist() == [""] * 10 + ["beyond limit"] + [""] * 9
    assert result["point_type"].iloc[10] == IMP


def test_seven_point_trend_flags_every_point_of_the_run():
    # mean 4.4, mR 17/9 = 1.889: limits -0.62 to 9.42, near lines 1.05 and 7.75, so only the
    # trend rule applies to 1..7 (indices 2 to 8), rising, which is concern when lower is better
    values = [5, 7, 1, 2, 3, 4, 5, 6, 7, 4]
    result = table(values, "lower_is_better")
    assert result["rule"].tolist() == ["", ""] + ["trend"] * 7 + [""]
    assert result["point_type"].tolist()[2:9] == [CON] * 7


def test_six_rising_points_are_not_a_trend():
    assert "trend" not in table([3, 1, 2, 3, 4, 5, 6, 2]).rule.tolist()


def test_two_of_three_in_the_near_band_flags_those_two():
    # mean 160 / 16 = 10; the moving range of 10 is screened, mR = 34.5 / 14 = 2.464:
    # near line 14.37, limit 16.56. 15.5 and 16 are in the band, 10.5 between them is above
    # the mean: two of three on one side, so those two are flagged.
    values = [9, 11] * 5 + [15.5, 10.5, 16] + [6, 5.5, 6.5]
    limits = spc.xmr_limits(values)
    assert limits.mean == 10 and limits.near_upper < 15.5 < 16 < limits.upper
    result = table(values)
    assert result.index[result["rule"] != ""].tolist() == [10, 12]
    assert set(result.loc[[10, 12], "rule"]) == {"two in three"}
    assert result.loc[[10, 12], "point_type"].tolist() == [IMP, IMP]


def test_seven_on_one_side_of_the_mean():
    # mean 162 / 15 = 10.8, mR 1.25 (upper limit 14.13, near line 13.02): indices 7 to 14 are
    # eight points above the mean and nothing else applies
    result = table([9, 11, 9, 11, 9, 11, 9, 11, 11.5, 12, 11.5, 12, 11.5, 12, 11.5], "none")
    assert result["rule"].tolist() == [""] * 7 + ["shift"] * 8
    assert result["point_type"].tolist()[7:] == [spc.NEUTRAL_HIGH] * 8


def test_a_point_exactly_on_the_mean_breaks_the_run():
    # mean 165 / 15 = 11 exactly; index 11 is 11, splitting seven high points into 3 and 3
    values = [9, 11, 9, 11, 9, 11, 9, 11, 12, 12.5, 12, 11, 12.5, 12, 13]
    assert spc.xmr_limits(values).mean == 11
    assert set(table(values)["rule"]) == {""}


def test_missing_values_are_skipped_not_zero():
    result = table([10, 11, np.nan, 10, 11])
    assert result["value"].tolist() == [10, 11, 10, 11] and result["mean"].iloc[0] == 10.5


def test_trial_limits_under_twelve_points_and_fixed_limits():
    assert table([1, 2] * 5)["trial_limits"].all()
    assert not table([1, 2] * 6)["trial_limits"].any()
    fixed = table([10, 11] * 6 + [20, 21], fix_after=12)
    assert fixed["mean"].iloc[0] == 10.5


def test_rebase_gives_each_group_its_own_limits():
    values = [10, 11] * 6 + [20, 21] * 6
    frame = pd.DataFrame({"period": [f"p{i:02d}" for i in range(24)], "value": values})
    result = spc.spc_table(frame, "higher_is_better", rebase_periods=["p12"])
    assert result["mean"].iloc[0] == 10.5 and result["mean"].iloc[-1] == 20.5
    assert set(result["point_type"]) == {COM}


def test_variation_and_assurance_icons():
    result = table([10, 11] * 6)
    assert spc.summary(result, 5, "higher_is_better")["assurance"] == spc.PASSING
    assert spc.summary(result, 20, "higher_is_better")["assurance"] == spc.FAILING
    assert spc.summary(result, 20, "lower_is_better")["assurance"] == spc.PASSING
    assert spc.summary(result, 10.5, "higher_is_better")["assurance"] == spc.HIT_AND_MISS
    assert spc.summary(result, None, "higher_is_better")["assurance"] is None
    assert spc.summary(result, 10, "none")["assurance"] is None
    assert spc.summary(result, 10, "none")["variation"] == "Common cause"


def test_variation_icons_name_the_side_of_the_mean():
    """Improvement above the mean is high when higher is better, low when lower is better."""
    cases = [
        (IMP, "higher_is_better", "Improvement (high)"),
        (IMP, "lower_is_better", "Improvement (low)"),
        (CON, "higher_is_better", "Concern (low)"),
        (CON, "lower_is_better", "Concern (high)"),
        (spc.NEUTRAL_HIGH, "none", "Neither (high)"),
        (spc.NEUTRAL_LOW, "none", "Neither (low)"),
        (COM, "lower_is_better", "Common cause"),
    ]
    assert [spc.variation_icon(t, p) for t, p, _ in cases] == [w for _, _, w in cases]
    assert {w for _, _, w in cases} == set(spc.VARIATION_ICONS)


def test_a_lower_is_better_fall_is_improvement_low_in_the_summary():
    # mean 162 / 15 = 10.8 (as in the shift test above): the last eight points sit above it
    values = [9, 11, 9, 11, 9, 11, 9, 11, 11.5, 12, 11.5, 12, 11.5, 12, 11.5]
    falling = [22 - v for v in values]  # the mirror image: eight points below
    assert (
        spc.summary(table(falling, "lower_is_better"), None, "lower_is_better")["icon"]
        == "Improvement (low)"
    )
    assert (
        spc.summary(table(values, "lower_is_better"), None, "lower_is_better")["icon"]
        == "Concern (high)"
    )


def test_shift_start_names_the_first_point_of_the_latest_run_of_seven():
    # mean 10.8: index 7 (11) starts the run of eight above the mean (p07 to p14)
    values = [9, 11, 9, 11, 9, 11, 9, 11, 11.5, 12, 11.5, 12, 11.5, 12, 11.5]
    assert spc.shift_start(table(values)) == "p07"
    assert spc.summary(table(values), None, "none")["shift_from"] == "p07"
    # the last point back below the mean: no run at the end, no hint
    assert spc.shift_start(table(values + [9])) is None
    # six above at the end are not enough: mean of [10, 11]*4 + [12]*6 is 11.14..., 6 above
    assert spc.shift_start(table([10, 11] * 4 + [12] * 6)) is None
    assert spc.shift_start(table([10, 11] * 4 + [12] * 7)) == "p08"


def test_too_few_points_words():
    assert spc.too_few_words(8) == "too few points for SPC: 8 of 12"


def noise(seed, n=30):
    return np.random.default_rng(seed).normal(100, 5, n)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_a_step_shift_is_flagged(seed):
    values = noise(seed)
    values[18:] += 25
    assert (table(values)["point_type"].iloc[18:] != COM).any()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_a_trend_is_flagged(seed):
    values = noise(seed, 24)
    values[16:] = values[15] + np.arange(1, 9) * 4
    assert (table(values)["point_type"].iloc[16:] != COM).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_an_outlier_is_flagged(seed):
    values = noise(seed)
    values[20] += 60
    assert table(values)["rule"].iloc[20] == "beyond limit"


def test_stable_noise_is_mostly_common_cause():
    flagged = [(table(noise(seed))["point_type"] != COM).mean() for seed in range(200)]
    assert np.mean(flagged) < 0.1


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=30), min_size=1, max_size=5),
    st.sampled_from(["higher_is_better", "lower_is_better", "none"]),
)
def test_many_series_at_once_equal_each_alone(series, polarity):
    values = np.concatenate([np.asarray(s, dtype=float) for s in series])
    codes = np.repeat(np.arange(len(series)), [len(s) for s in series])
    together = spc.classify(values, spc.Groups(codes), np.full(len(values), polarity))
    alone = pd.concat([table(s, polarity) for s in series], ignore_index=True)
    assert together["point_type"].tolist() == alone["point_type"].tolist()
    assert np.allclose(together["upper_limit"], alone["upper_limit"], equal_nan=True)
