"""The demo council: loaded through the normal ingest path, every kind of file, as documented."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest

from pmf_core.analysis.status import status_as_at
from pmf_core.demo import comparators, council
from pmf_core.store import reads
from pmf_core.store import returns as stored
from pmf_core.store.comparators import area

OCT_2026 = 2026 * 12 + 9
APR_2023 = 2023 * 12 + 3


@pytest.fixture(scope="module")
def built() -> dict[str, pd.DataFrame]:
    """The sample files council.write_sample wrote (council.build() itself takes seconds)."""
    return {
        kind: pd.read_csv(council.SAMPLE_DIR / f"{kind}.csv", dtype=str, keep_default_na=False)
        for kind in ("indicators", "targets", "observations")
    }


def test_load_sample_makes_a_batch_of_every_kind(demo_store):
    frame = reads.batches(demo_store)
    assert len(frame) >= 3
    assert sorted(frame["kind"]) == sorted(
        ["indicators", "targets", "observations", "benchmarks", "groups"]
    )
    assert set(frame["status"]) == {"active"} and set(frame["loaded_by"]) == {"demo"}
    assert (frame["rows_total"] > 0).all()


def test_the_demo_store_holds_the_sample_files(demo_store, built):
    sample = built
    assert len(reads.indicators(demo_store)) == len(sample["indicators"])
    assert reads.observed_indicators(demo_store) == set(sample["observations"]["indicator_id"])
    assert reads.latest_month(demo_store) == OCT_2026
    assert reads.first_month(demo_store) <= APR_2023


def test_the_demo_area_is_set(demo_store):
    assert tuple(area(demo_store)[:2]) == comparators.OWN_AREA


def test_the_demo_actions_have_a_history(demo_store):
    actions = reads.actions(demo_store)
    assert len(actions) > 0
    assert len(set(actions["status"])) > 1


def test_build_covers_every_frequency_and_polarity(built):
    indicators = built["indicators"]
    assert set(indicators["frequency"]) == {
        "weekly",
        "monthly",
        "quarterly",
        "six_monthly",
        "annual",
    }
    assert set(indicators["polarity"]) == {
        "higher_is_better",
        "lower_is_better",
        "none",
        "within_range",
    }
    assert set(indicators["accumulation"]) == {"none", "year_to_date"}
    assert indicators["indicator_id"].is_unique


def test_monthly_measures_run_april_2023_to_october_2026(built):
    monthly = set(built["indicators"].query("frequency == 'monthly'")["indicator_id"])
    observations = built["observations"]
    periods = observations[observations["indicator_id"].isin(monthly)]["period"]
    assert periods.min() == "2023-04" and periods.max() == "2026-10"
    assert council.period_ends("monthly")[0] == APR_2023
    assert council.period_ends("monthly")[-1] == OCT_2026
    assert len(council.period_ends("monthly")) == 43  # 12 + 12 + 12 + 7 months


def test_quarters_end_in_june_september_december_march():
    assert {end % 12 + 1 for end in council.period_ends("quarterly")} == {3, 6, 9, 12}
    assert {end % 12 + 1 for end in council.period_ends("six_monthly")} == {3, 9}
    assert {end % 12 + 1 for end in council.period_ends("annual")} == {3}


def test_weeks_run_from_the_first_sunday_of_april_2023_to_the_last_of_october_2026():
    weeks = council.periods("weekly")
    # 1 Apr 2023 was a Saturday: the first week ends Sunday 2 Apr; the last Sunday of Oct 2026
    # is the 25th. 2 Apr 2023 to 25 Oct 2026 is 1,302 days: 186 steps of a week, 187 weeks.
    assert (weeks[0].label, weeks[-1].label, len(weeks)) == (
        "w/e 2 Apr 2023",
        "w/e 25 Oct 2026",
        187,
    )


def test_a_measure_published_18_months_late_stops_at_the_year_published(built):
    co2 = built["indicators"].set_index("name").loc["Per capita CO2 emissions in the area (tonnes)"]
    assert co2["lag_months"] == "18" and co2["frequency"] == "annual"
    periods = built["observations"].query("indicator_id == @co2.indicator_id")["period"]
    # 2024/25 ends Mar 2025, out 18 months later (Sep 2026); 2025/26 not until Sep 2027.
    assert periods.max() == "2024/25"


def test_the_added_kinds_show_possible_statuses(demo_store):
    status = status_as_at(demo_store, OCT_2026).set_index("name")
    co2 = status.loc["Per capita CO2 emissions in the area (tonnes)"]
    # 19 months after 2024/25 ended, inside 12 + 18: on time, and rated against its target.
    assert (co2["period"], bool(co2["late"])) == ("2024/25", False)
    assert co2["rag"] in ("Red", "Amber", "Green", "Blue")
    place = status.loc["Residents satisfied with their local area as a place to live (%)"]
    assert (place["period"], place["kind"], place["rag"]) == ("2026/27 H1", "place", "Not rated")
    assert pd.isna(place["target"]) and not place["late"]
    weekly = status.loc["Calls answered within 60 seconds, weekly (%)"]
    assert (weekly["period"], bool(weekly["late"])) == ("2026-W43", False)
    assert weekly["rag"] in ("Red", "Amber", "Green", "Blue")
    assert weekly["dot"] != "Not comparable"  # the week before, 2026-W42, is there


def test_overrides_carry_reasons(built):
    observations = built["observations"]
    overridden = observations[observations["rag_override"] != ""]
    assert len(overridden) == len(council.OVERRIDES)
    assert (overridden["override_reason"].str.len() > 0).all()


def test_each_demo_actions_latest_update_has_its_status(demo_read):
    # The history reads newest first: its top row must not contradict the action's header.
    with demo_read.session():  # one opening of the store for the reads
        actions = reads.actions(demo_read)
        assert len(actions) > 10
        for action in actions.itertuples():
            updates = reads.action_updates(demo_read, action.action_id)
            if not updates.empty:
                assert updates["status"].iloc[0] == action.status, action.action_id


def test_the_demo_october_is_part_way_through_its_collection(demo_store, built):
    kept = stored.all_returns(demo_store)
    assert sorted(kept["state"]) == sorted(["draft"] * 2 + ["submitted"] * 2 + ["returned"] * 2)
    assert set(kept["period"]) == {"2026-10"} and set(kept["saved_by"]) == {"Demo Officer"}
    assert set(kept.loc[kept["state"] == "returned", "returned_by"]) == {"Demo Checker"}
    # None of them counts: their October is in no extract and in no observation.
    held = set(kept["indicator_id"])
    observations = built["observations"]
    assert not (
        (observations["period"] == "2026-10") & observations["indicator_id"].isin(held)
    ).any()
    status = status_as_at(demo_store, OCT_2026).set_index("indicator_id")
    assert set(status.loc[sorted(held), "period"]) == {"2026-09"}
    # The demo accounts in the secrets example are the ones the measures name.
    secrets = tomllib.loads(
        (council.SAMPLE_DIR.parents[1] / ".streamlit" / "secrets.example.toml").read_text()
    )
    emails = {a["email"] for a in secrets["accounts"].values()}
    indicators = built["indicators"].set_index("indicator_id")
    assert set(indicators.loc[sorted(held), "inputter"]) == {"officer@example.org"}
    assert set(indicators.loc[sorted(held), "checker"]) == {"checker@example.org"}
    assert {"officer@example.org", "checker@example.org"} <= emails
    assert (indicators["inputter"] != "").all() and (indicators["checker"] != "").all()
