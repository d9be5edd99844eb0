"""A contextual measure is tracked, never judged: no target, RAG, path to green or assurance,
even when a target, a row's own target or an override was loaded for it."""

import math

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
POP,Working-age residents in work,Place,Economy,%,monthly,higher_is_better,contextual
"""
TARGETS = "indicator_id,financial_year,target\nPOP,2020/21,80\n"
# Twelve months well below the target: a KPI with these values would be Red and failing.
OBSERVATIONS = (
    "indicator_id,period,value,target,rag_override,override_reason\n"
    + "".join(f"POP,2020-{m:02d},{60 + m % 3},,,\n" for m in range(4, 13))
    + "POP,2021-01,61,,,\nPOP,2021-02,62,70,,\nPOP,2021-03,60,,Red,told to\n"
)


def loaded(store):
    reports = [
        load_bytes(store, kind, csv_bytes(text), f"{kind}.csv", "tester")
        for kind, text in (
            ("indicators", INDICATOR),
            ("targets", TARGETS),
            ("observations", OBSERVATIONS),
        )
    ]
    assert all(r.ok for r in reports), [r.problems for r in reports]
    return reports


def test_a_loaded_target_and_override_are_ignored_with_a_warning(small_store):
    _, targets, observations = loaded(small_store)
    assert targets.warnings == [
        "targets for POP are ignored: a contextual measure is never given a target or RAG"
    ]
    assert observations.warnings == [
        "targets for POP are ignored: a contextual measure is never given a target or RAG",
        "RAG overrides for POP are ignored: a contextual measure is never given a target or RAG",
    ]


def test_status_has_no_target_rag_assurance_or_path(small_store):
    loaded(small_store)
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


def test_the_chart_draws_no_target_or_band(small_store):
    loaded(small_store)
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
