"""The demo council's catalogue of measures: well-formed lines, unique ids, every kind present."""

from __future__ import annotations

import re

import pytest

from pmf_core.demo import catalogue as cat
from pmf_core.demo import council

COMMITTEES = {"People and Health", "Place and Resources", "Audit and Governance"}


def lines() -> list[list[str]]:
    texts = [text for services in cat.DIRECTORATES.values() for _, _, text in services.values()]
    return [
        line.split("|")
        for text in texts + list(cat.ADDED.values())
        for line in text.strip().splitlines()
    ]


@pytest.fixture(scope="module")
def measures():
    return council.measures()


def test_every_line_has_nine_valid_fields():
    for fields in lines():
        assert len(fields) == 9, fields
        name, unit, polarity, frequency, level, decimals, perspective, kind, tier = fields
        assert name.strip() == name and name
        assert polarity in cat.POLARITIES and frequency in cat.FREQUENCIES
        assert perspective in cat.PERSPECTIVES and kind in cat.KINDS and tier in cat.LEVELS
        assert unit and float(level) >= 0 and int(decimals) in (0, 1, 2)


def test_four_directorates_each_with_services_and_committees():
    assert len(cat.DIRECTORATES) == len(council.PREFIXES) == 4
    for services in cat.DIRECTORATES.values():
        assert services
        for priority, committee, _ in services.values():
            assert priority and committee in COMMITTEES


def test_ids_unique_and_shaped_prefix_service_measure(measures):
    ids = [m.indicator_id for m in measures]
    assert len(ids) == len(set(ids)) == len(lines())
    assert all(re.fullmatch(r"(AH|CH|PL|CD)\d{4}", i) for i in ids)
    assert ids[0] == "AH0101"


def test_added_measures_follow_their_service_and_leave_the_others_ids(measures):
    by_name = {m.name: m.indicator_id for m in measures}
    # Customer Services is the 4th service of Corporate Development, with six measures before.
    assert by_name["Calls answered within 60 seconds, weekly (%)"] == "CD0407"
    assert by_name["Ombudsman complaints upheld"] == "CD0406"
    assert [m.indicator_id for m in measures[-3:]] == ["PL0506", "PL0507", "CD0407"]
    for directorate, service in cat.ADDED:
        assert service in cat.DIRECTORATES[directorate]


def test_names_unique(measures):
    names = [m.name for m in measures]
    assert len(names) == len(set(names))


def test_every_polarity_frequency_kind_and_level_present(measures):
    assert {m.polarity for m in measures} == {
        "higher_is_better",
        "lower_is_better",
        "none",
        "within_range",
    }
    assert {m.frequency for m in measures} == set(cat.FREQUENCIES.values())
    assert {m.kind for m in measures} == {"kpi", "contextual", "place"}
    assert {m.level for m in measures} == {"strategic", "service", "operational"}
    assert {m.perspective for m in measures} == set(cat.PERSPECTIVES.values())


def test_finance_and_hr_measures_also_go_to_audit(measures):
    for m in measures:
        if m.perspective in ("Finance", "HR"):
            assert "Audit and Governance" in m.committees.split(";"), m.name


def test_named_demo_signals_are_real_measures(measures):
    names = {m.name for m in measures}
    for table in (council.SIGNALS, council.LATE, council.MISSING, council.OVERRIDES):
        assert set(table) <= names
