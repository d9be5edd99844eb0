"""A committee paper's cover (pmf_core.rules.cover): counts, the time lag, details given or not.

Every expected sentence is worked out by hand from the inputs written in the test."""

from __future__ import annotations

from datetime import date

import pytest

from pmf_core.rules import cover
from pmf_core.rules.periods import month_index

OCT_2020 = month_index(2020, 10)


def test_counts_put_the_listed_statuses_together_then_every_other_status():
    # The seed's executive summary: 28 red or amber (6 red, 22 amber) and 44 green.
    statuses = ["Red"] * 6 + ["Amber"] * 22 + ["Green"] * 44 + ["Not rated"] * 3 + [None]
    assert (
        cover.counts(statuses, ["Red", "Amber"])
        == "28 red or amber, 44 green, 3 not rated and 1 with no data (76 measures)"
    )
    assert cover.listed(["Red"] * 6 + ["Amber"] * 22) == "28 listed: 6 red and 22 amber."


def test_counts_name_a_listed_status_with_none_and_leave_out_other_empty_ones():
    assert (
        cover.counts(["Green", "Green"], ["Red", "Amber", "Blue"])
        == "0 red, amber or blue and 2 green (2 measures)"
    )
    assert cover.counts(["Blue"]) == "1 blue (1 measure)"
    assert cover.counts([]) == "no measures"
    assert cover.listed([]) == "None is listed."


def test_the_lag_is_counted_from_the_end_of_the_month_to_the_meeting():
    # 31 Oct 2020 to 21 Jan 2021: November and December, then 21 days.
    text = cover.lag(OCT_2020, date(2021, 1, 21), date(2020, 12, 1))
    assert text == (
        "The figures are as at the end of October 2020, 2 months and 21 days before "
        "the meeting on 21 January 2021, so later returns may tell a different "
        "story."
    )


def test_without_a_meeting_date_the_lag_runs_to_the_day_of_writing_and_says_so():
    text = cover.lag(OCT_2020, None, date(2020, 11, 5), oldest="Q2 2020/21")
    assert text == (
        "The figures are as at the end of October 2020, 5 days before this paper "
        "was written, on 5 November 2020 (no meeting date given), so later returns "
        "may tell a different story. Quarterly and annual measures show their latest "
        "return; the oldest shown is for Q2 2020/21."
    )


@pytest.mark.parametrize(
    "day, words",
    [
        (date(2020, 12, 31), ", 2 months before"),  # month end to month end: whole months
        (date(2020, 11, 30), ", 1 month before"),
        (date(2021, 2, 1), ", 3 months and 1 day before"),
        (date(2024, 2, 29), ", 40 months before"),  # a leap year's February ends on the 29th
        (date(2024, 2, 28), ", 39 months and 28 days before"),
        (date(9999, 12, 31), ", 95750 months before"),  # the last day a date can be: no crash
    ],
)
def test_whole_months_from_month_end_to_month_end(day, words):
    assert words in cover.lag(OCT_2020, day, day)


def test_a_meeting_inside_the_month_is_not_given_a_negative_lag():
    text = cover.lag(OCT_2020, date(2020, 10, 20), date(2020, 10, 1))
    assert text == (
        "The figures are as at the end of October 2020, a month not yet over at the "
        "meeting on 20 October 2020."
    )


def test_facts_say_what_was_not_given():
    facts = dict(cover.facts(cover.CoverDetails(), None, "sel", OCT_2020))
    assert facts == {
        "Meeting": "not given",
        "Meeting date": "not given",
        "Report of": "not given",
        "Portfolio holder": "not given",
        "Selection": "sel",
        "Figures as at": "October 2020",
    }
    given = cover.details("Scrutiny", "2021-01-21", "Jo Bloggs", "Cllr Smith", "Note it")
    facts = dict(cover.facts(given, "People and Health", "sel", OCT_2020))
    assert (
        facts["Meeting"],
        facts["Meeting date"],
        facts["Report of"],
        facts["Portfolio holder"],
    ) == ("Scrutiny", "21 January 2021", "Jo Bloggs", "Cllr Smith")
    # No meeting named: the committee stands for it.
    assert (
        dict(cover.facts(cover.CoverDetails(), "People and Health", "s", 1))["Meeting"]
        == "People and Health"
    )


def test_exceptions_cover_holds_counts_listed_default_recommendation_and_lag():
    front = cover.exceptions_cover(
        "Title",
        cover.CoverDetails(),
        committee="People and Health",
        selection="sel",
        as_at=OCT_2020,
        population=["Red", "Amber", "Amber", "Green"],
        rags=["Red", "Amber"],
        shown=["Red", "Amber"],
        written=date(2020, 11, 10),
    )
    assert front.summary == "3 red or amber and 1 green (4 measures). 2 listed: 1 red and 1 amber."
    assert front.recommendation == (
        "To note the measures rated red or amber as at the end of "
        "October 2020 and the actions to address them."
    )
    assert front.lag.startswith(
        "The figures are as at the end of October 2020, 10 days before "
        "this paper was written, on 10 November 2020 (no meeting date"
    )
    given = cover.details(recommendation="That the Committee notes\nthe measures.")
    assert (
        cover.exceptions_cover(
            "T",
            given,
            committee=None,
            selection="s",
            as_at=OCT_2020,
            population=[],
            rags=["Red"],
            shown=[],
            written=date(2021, 1, 1),
        ).recommendation
        == "That the Committee notes\nthe measures."
    )


def test_details_tidy_blank_and_control_characters_and_refuse_bad_dates():
    given = cover.details(" \t", "", "Jo\x00 Bloggs\n(Head)", None, "  ")
    assert given == cover.CoverDetails(author="Jo Bloggs (Head)")
    for bad in ("21/01/2021", "2021-02-30", "２０２１-01-21"):
        with pytest.raises(cover.CoverError, match="Meeting date: .* is not a date"):
            cover.details(meeting_date=bad)
    with pytest.raises(cover.CoverError, match="Meeting: at most 200 characters, not 201"):
        cover.details(meeting="x" * 201)


def test_selection_names_every_filter():
    assert cover.selection_text(
        OCT_2020, "People and Health", None, None, ["Amber", "Red"], ["late returns only"]
    ) == (
        "October 2020 · People and Health · All directorates · All services · rated red or "
        "amber · late returns only"
    )
