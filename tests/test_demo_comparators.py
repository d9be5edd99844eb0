"""The demo comparators: ONS GSS area codes, unique metrics, groups of known councils."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pmf_core.demo import comparators, council

# ONS GSS: a letter for the nation, two digits for the entity type, six for the instance.
# E06 unitary authorities, E07 districts, E08 metropolitan, E09 London, E10 counties.
GSS = re.compile(r"E(06|07|08|09|10)\d{6}")


@pytest.fixture(scope="module")
def built() -> dict[str, pd.DataFrame]:
    return comparators.build()


def test_every_area_code_is_an_english_council_gss_code():
    codes = [comparators.OWN_AREA[0], *comparators.COUNCILS]
    assert all(GSS.fullmatch(code) for code in codes), codes
    assert len(codes) == len(set(codes))
    assert comparators.OWN_AREA[0] not in comparators.COUNCILS  # the demo council is fictional


def test_groups_hold_known_councils_without_repeats():
    known = {comparators.OWN_AREA[0], *comparators.COUNCILS}
    for name, codes in comparators.GROUPS.items():
        assert set(codes) <= known, name
        assert len(codes) == len(set(codes)), name
    # a council is not its own neighbour
    assert comparators.OWN_AREA[0] not in comparators.NEAREST


def test_metric_specs_are_well_formed():
    assert len(comparators.METRICS) == len(set(comparators.METRICS))
    for metric_id, spec in comparators.METRICS.items():
        assert re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)+", metric_id), metric_id
        assert len(spec) == 10 and spec[2] in comparators.POLARITIES


def test_linked_metrics_name_real_demo_measures():
    names = {m.name for m in council.measures()}
    links = comparators.linked_metrics()
    assert links and set(links) <= names
    assert set(links.values()) <= set(comparators.METRICS)


def test_years_are_eight_financial_years():
    assert comparators.YEARS[0] == "2018/19" and comparators.YEARS[-1] == "2025/26"
    assert len(comparators.YEARS) == 8


def test_build_has_a_row_per_metric_area_and_year(built):
    frame = built["benchmarks"]
    # the council, its 40 neighbours, England and the region
    areas = 1 + len(comparators.COUNCILS) + len(comparators.REFERENCE_OF)
    assert len(frame) == len(comparators.METRICS) * areas * len(comparators.YEARS)
    assert not frame.duplicated(["metric_id", "area_code", "period"]).any()
    assert set(frame["polarity"]) <= {"higher_is_better", "lower_is_better", "none"}


def test_only_other_councils_have_missing_values(built):
    frame = built["benchmarks"]
    missing = frame[frame["value"] == ""]
    assert comparators.OWN_AREA[0] not in set(missing["area_code"])
    assert 0 < len(missing) < 0.1 * len(frame)
    assert (pd.to_numeric(frame.loc[frame["value"] != "", "value"]) >= 0).all()


def test_groups_file_names_each_member(built):
    groups = built["groups"]
    assert list(groups.columns) == ["group", "area_code", "area_name", "reference"]
    assert len(groups) == sum(len(codes) for codes in comparators.GROUPS.values()) + sum(
        len(found) for found in comparators.REFERENCES.values()
    )
    own = groups[groups["area_code"] == comparators.OWN_AREA[0]]
    assert set(own["area_name"]) == {"Demo Council"}


def test_the_sample_files_are_what_build_makes(built):
    for kind, frame in built.items():
        on_disk = pd.read_csv(council.SAMPLE_DIR / f"{kind}.csv", dtype=str, keep_default_na=False)
        expected = frame.astype(str)
        assert list(on_disk.columns) == list(expected.columns), kind
        pd.testing.assert_frame_equal(on_disk, expected, check_dtype=False)


def test_england_and_the_region_are_the_mean_of_their_councils(built):
    """Worked with pandas from the councils' rows: the reference is their mean that year."""
    frame = built["benchmarks"]
    given = frame[frame["value"] != ""]
    year = given[(given["metric_id"] == "WASTE-RESIDUAL") & (given["period"] == "2025/26")]
    for (code, _), members in comparators.REFERENCE_OF.items():
        expected = year[year["area_code"].isin(members)]["value"].astype(float).mean()
        shown = float(year.loc[year["area_code"] == code, "value"].iloc[0])
        assert shown == round(expected)  # residual waste has no decimals
    references = built["groups"][built["groups"]["reference"] == "yes"]
    assert set(references["area_code"]) == {"E92000001", "E12000009"}
