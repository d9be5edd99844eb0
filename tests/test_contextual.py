"""A contextual or place measure is tracked, never judged: no target, RAG, path to green or
assurance, even when a target, a row's own target or an override was loaded for it. Each test
runs for both kinds: one rule covers every kind without a target."""

import math

import pytest

from conftest import csv_bytes
from pmf_core.analysis import history
from pmf_core.analysis.status import status_as_at
from pmf_core.ingest import load_bytes
from pmf_core.rules import rag
from pmf_core.rules.periods import month_index

MAR_2021 = month_index(2021, 3)
# A higher-is-better contextual measure: only its kind stops it being rated.
INDICATOR = """\
indicator_id,name,directorate,service,unit,frequency,polarity,kind
POP,Working-age residents in work,Place,Economy,%,monthly,higher_is_better,{kind}
"""
IGNORED = "are ignored: a contextual or place measure is never given a target or RAG"


@pytest.fixture(params=["contextual", "place"])
def kind(request):
    return request.param


TARGETS = "indicator_id,financial_year,target\nPOP,2020/21,80\n"
# Twelve months well below the target: a KPI with these values would be Red and failing.
OBSERVATIONS = (
    "indicator_id,period,value,target,rag_override,override_reason\n"
    + "".join(f"POP,2020-{m:02d},{60 + m % 3},,,\n" for m in range(4, 13))
    + "POP,2021-01,61,,,\nPOP,2021-02,62,70,,\nPOP,2021-03,60,,Red,told to\n"
)


def loaded(store, kind):
    reports = [
        load_bytes(store, file_kind, csv_bytes(text), f"{file_kind}.csv", "tester")
        for file_kind, text in (
            ("indicators", INDICATOR.format(kind=kind)),
            ("targets", TARGETS),
            ("observations", OBSERVATIONS),
        )
    ]
    assert all(r.ok for r in reports), [r.problems for r in reports]
    return reports


def test_a_loaded_target_and_override_are_ignored_with_a_warning(small_store, kind):
    _, targets, observations = loaded(small_store, kind)
    assert targets.warnings == [f"targets for POP {IGNORED}"]
    assert observations.warnings == [
        f"targets for POP {IGNORED}",
        f"RAG overrides for POP {IGNORED}",
    ]


def test_status_has_no_target_rag_assurance_or_path(small_store, kind):
    loaded(small_store, kind)
    row = status_as_at(small_store, MAR_2021, with_spc=True).set_index("indicator_id").loc["POP"]
    assert math.isnan(row["target"]) and math.isnan(row["last_year_target"])
    assert (row["rag"], row["rag_computed"], row["rag_source"]) == (
        "Not rated",
        "Not rated",
        "computed",
    )
    assert row["assurance"] == ""
    frame = status_as_at(small_store, MAR_2021)
    assert (
        history.paths_to_green(small_store, frame[frame["indicator_id"] == "POP"], MAR_2021) == {}
    )


def test_the_chart_draws_no_target_or_band(small_store, kind):
    loaded(small_store, kind)
    points = history.trend_points(small_store, "POP", MAR_2021)
    assert len(points) == 12
    assert points["target"].isna().all() and points["band_low"].isna().all()
    assert set(points["rag"]) == {"Not rated"}


def test_a_kpi_keeps_its_target_and_override():
    """The same figures as a KPI: 60 against 80 is Red (25 % short, band 4); override wins."""
    assert rag.rag_status(60, 80, kind="kpi") == "Red"
    assert rag.rag_status(79, 80, kind="kpi") == "Amber"  # 1 short, band 4
    assert rag.rag_status(60, 80, kind="kpi", override="Green") == "Green"
    assert rag.rag_status(60, 80, kind="contextual", override="Green") == "Not rated"
    assert rag.rag_status(60, 80, kind="place", override="Green") == "Not rated"


def test_the_sentence_names_the_kind_and_no_target(small_store, kind):
    from pmf_core.rules import narrative

    loaded(small_store, kind)
    row = status_as_at(small_store, MAR_2021).set_index("indicator_id").loc["POP"].to_dict()
    # March's 60 against February's 62 (a target of 70 and 80 were loaded, and are ignored).
    assert narrative.sentence(row).startswith(
        f"60.00% in Mar 2021 (a {kind} measure, not rated), worse than the previous month"
    )
    assert "target" not in narrative.sentence(row)
