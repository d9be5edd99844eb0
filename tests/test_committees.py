"""Committee membership: which measures a committee sees."""

import pandas as pd

from pmf_core.rules import committees


def catalogue():
    return pd.DataFrame(
        {
            "indicator_id": ["A", "B", "C", "D"],
            "committees": [
                ["People and Health"],
                ["People and Health", "Place and Resources"],
                None,
                [],
            ],
        }
    )


def test_names_are_every_committee_once_sorted():
    assert committees.names(catalogue()) == ["People and Health", "Place and Resources"]


def test_seen_by_picks_each_measure_listing_the_committee():
    frame = catalogue()
    assert frame[committees.seen_by(frame, "People and Health")]["indicator_id"].tolist() == [
        "A",
        "B",
    ]
    assert frame[committees.seen_by(frame, "Place and Resources")]["indicator_id"].tolist() == ["B"]


def test_a_measure_without_committees_goes_to_none_and_names_match_whole():
    frame = catalogue()
    assert not committees.seen_by(frame, "Audit and Governance").any()
    assert not committees.seen_by(frame, "People").any()  # no partial match


def test_empty_catalogue():
    empty = pd.DataFrame({"committees": []})
    assert committees.names(empty) == []
    assert committees.seen_by(empty, "People and Health").tolist() == []
