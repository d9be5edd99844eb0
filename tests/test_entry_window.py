"""The data-entry window, against dates worked out on a calendar."""

from datetime import date

from pmf_core.rules.entry_window import Window, is_late, last_day, latest_ended, window
from pmf_core.rules.periods import parse_period


def win(key: str, frequency: str, due_day: int = 10, check_days: int = 5, lag: int = 0):
    return window(parse_period(key, frequency), due_day, check_days, lag)


def test_a_month_opens_the_next_day_and_is_due_on_the_tenth():
    assert win("2026-10", "monthly") == Window(
        date(2026, 11, 1), date(2026, 11, 10), date(2026, 11, 15)
    )


def test_december_is_due_in_the_next_calendar_year():
    assert win("2026-12", "monthly") == Window(
        date(2027, 1, 1), date(2027, 1, 10), date(2027, 1, 15)
    )


def test_a_week_opens_on_the_monday_and_is_due_the_month_after_its_sunday():
    # 2026-W52 runs Mon 21 Dec to Sun 27 Dec 2026.
    assert win("2026-W52", "weekly") == Window(
        date(2026, 12, 28), date(2027, 1, 10), date(2027, 1, 15)
    )
    # 2026 has 53 ISO weeks (1 Jan 2026 is a Thursday): W53 ends on Sun 3 Jan 2027, so its
    # month is January and it is due on 10 February.
    assert last_day(parse_period("2026-W53", "weekly")) == date(2027, 1, 3)
    assert win("2026-W53", "weekly") == Window(
        date(2027, 1, 4), date(2027, 2, 10), date(2027, 2, 15)
    )


def test_a_quarter_a_half_year_and_a_financial_year():
    assert win("2026/27 Q3", "quarterly") == Window(  # Oct to Dec 2026
        date(2027, 1, 1), date(2027, 1, 10), date(2027, 1, 15)
    )
    assert win("2026/27 H1", "six_monthly") == Window(  # Apr to Sep 2026
        date(2026, 10, 1), date(2026, 10, 10), date(2026, 10, 15)
    )
    assert win("2025/26", "annual") == Window(  # Apr 2025 to Mar 2026
        date(2026, 4, 1), date(2026, 4, 10), date(2026, 4, 15)
    )


def test_a_lag_moves_the_due_dates_by_whole_months():
    # 2024/25 ends in March 2025: due 10 April 2025, then 18 months later.
    assert win("2024/25", "annual", lag=18) == Window(
        date(2025, 4, 1), date(2026, 10, 10), date(2026, 10, 15)
    )


def test_the_settings_move_the_days_and_sign_off_crosses_a_month_end():
    # January 2027: due on 28 February (2027 is no leap year), signed off 5 days later.
    assert win("2027-01", "monthly", due_day=28, check_days=5) == Window(
        date(2027, 2, 1), date(2027, 2, 28), date(2027, 3, 5)
    )
    assert win("2027-01", "monthly", due_day=1, check_days=0).sign_off_due == date(2027, 2, 1)


def test_late_means_after_the_due_day():
    due = win("2026-10", "monthly")
    assert not is_late(due, date(2026, 11, 10))
    assert is_late(due, date(2026, 11, 11))


def test_the_latest_ended_period_of_each_frequency():
    today = date(2026, 11, 4)  # a Wednesday
    assert latest_ended("monthly", today).key == "2026-10"
    assert latest_ended("quarterly", today).key == "2026/27 Q2"  # Jul to Sep
    assert latest_ended("six_monthly", today).key == "2026/27 H1"
    assert latest_ended("annual", today).key == "2025/26"
    assert latest_ended("weekly", today).key == "2026-W44"  # ended Sun 1 Nov 2026
    # On a Monday, the week that ended the day before is open.
    assert latest_ended("weekly", date(2026, 11, 2)).key == "2026-W44"
    # On a Sunday, that day's week has not ended.
    assert latest_ended("weekly", date(2026, 11, 1)).key == "2026-W43"
    assert latest_ended("monthly", date(2027, 1, 1)).key == "2026-12"
    assert latest_ended("annual", date(2027, 3, 31)).key == "2025/26"
    assert latest_ended("annual", date(2027, 4, 1)).key == "2026/27"
