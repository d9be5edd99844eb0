"""Exceptions filters and sorts against a hand-made status frame whose right order is known."""

from __future__ import annotations

import pandas as pd
import pytest

from pmf_core.rules import exception_list as el

# id, name, directorate, service, rag, dot, late, variation
ROWS = [
    ("G1", "Gamma", "D1", "Housing", "Green", "Improving", False, None),
    ("R2", "Beta", "D2", "Care", "Red", "Worsening", True, "Special cause concerning"),
    ("A1", "Alpha", "D1", "Housing", "Amber", "Same", None, None),
    ("B1", "Delta", "D1", "Care", "Blue", "Improving", False, "Special cause improving"),
    ("R1", "Epsilon", "D1", "Housing", "Red", "Worsening", False, "Special cause concerning"),
    ("N1", "Zeta", "D1", "Care", "No data", None, True, None),
    ("X1", "Eta", "D2", "Care", "Not rated", "Up", False, None),
    ("R3", "Beta", "D2", "Care", "Red", "Same", False, None),
]
COLUMNS = ["indicator_id", "name", "directorate", "service", "rag", "dot", "late", "variation"]
ALL = ("Red", "Amber", "Green", "Blue", "Not rated", "No data")


@pytest.fixture
def status() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=COLUMNS)


def ids(frame: pd.DataFrame) -> list[str]:
    return list(frame["indicator_id"])


def test_select_keeps_only_the_chosen_rags(status):
    assert sorted(ids(el.select(status, ["Red", "Amber"]))) == ["A1", "R1", "R2", "R3"]
    assert ids(el.select(status, [])) == []


def test_select_by_service(status):
    assert sorted(ids(el.select(status, ALL, service="Housing"))) == ["A1", "G1", "R1"]
    assert len(el.select(status, ALL, service=None)) == len(ROWS)


def test_select_late_only_treats_missing_as_not_late(status):
    assert sorted(ids(el.select(status, ALL, late_only=True))) == ["N1", "R2"]


def test_select_concerning_only(status):
    assert sorted(ids(el.select(status, ALL, concerning_only=True))) == ["R1", "R2"]


def test_select_filters_combine(status):
    kept = el.select(status, ["Red"], service="Care", late_only=True, concerning_only=True)
    assert ids(kept) == ["R2"]


def test_ordered_by_rag_then_directorate_service_name_then_id(status):
    # Red (D1 Housing Epsilon; D2 Care Beta x2 by id), Amber, Blue, No data, Green, Not rated.
    assert ids(el.ordered(status)) == ["R1", "R2", "R3", "A1", "B1", "N1", "G1", "X1"]


def test_ordered_by_service(status):
    # Care: Beta(R2,R3) Delta Eta Zeta; Housing: Alpha Epsilon Gamma.
    want = ["R2", "R3", "B1", "X1", "N1", "A1", "R1", "G1"]
    assert ids(el.ordered(status, "Service")) == want


def test_ordered_by_measure_name(status):
    want = ["A1", "R2", "R3", "B1", "R1", "X1", "G1", "N1"]
    assert ids(el.ordered(status, "Measure")) == want


def test_ordered_by_direction_missing_last(status):
    # Improving (Delta, Gamma), Same (Alpha, Beta), Up, Worsening (Beta, Epsilon), then None.
    want = ["B1", "G1", "A1", "R3", "X1", "R2", "R1", "N1"]
    assert ids(el.ordered(status, "Direction of travel")) == want


def test_ordered_adds_no_columns_and_keeps_rows(status):
    result = el.ordered(status)
    assert list(result.columns) == COLUMNS
    assert len(result) == len(ROWS)


def test_ordered_unknown_rag_goes_after_known_ones(status):
    odd = pd.DataFrame([("Q1", "Aaa", "D0", "A", "Purple", None, False, None)], columns=COLUMNS)
    assert ids(el.ordered(pd.concat([odd, status])))[-1] == "Q1"


def test_ordered_refuses_an_unknown_sort(status):
    with pytest.raises(ValueError, match="not Colour"):
        el.ordered(status, "Colour")
