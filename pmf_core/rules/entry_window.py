"""The data-entry window of a measure's period: when entry opens, when the return is due, when
its sign-off is due, and whether a return came late. Pure: dates in, dates out.

Entry opens the day after the period ends. The return is due on day ``entry_due_day`` of the
month after the period's last month (a week's last month is its Sunday's), moved later by the
measure's ``lag_months``; sign-off is due ``check_days`` after that. A return submitted after
its due date is accepted and marked late.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from pmf_core.rules.periods import Period, month_index, week_ending, year_month

# The months in which a period of each frequency ends (a quarter in Jun, Sep, Dec or Mar; a
# half-year in Sep or Mar; a financial year in Mar).
_ENDS_IN = {
    "monthly": tuple(range(1, 13)),
    "quarterly": (3, 6, 9, 12),
    "six_monthly": (3, 9),
    "annual": (3,),
}


@dataclass(frozen=True)
class Window:
    """One period's window: entry opens, the return is due, its sign-off is due."""

    opens: date
    due: date
    sign_off_due: date


def last_day(period: Period) -> date:
    """The last day of a period: a week's Sunday, else the last day of its last month."""
    if period.frequency == "weekly":
        return period.day_date
    year, month = year_month(period.end)
    return date(year, month, calendar.monthrange(year, month)[1])


def window(period: Period, due_day: int, check_days: int, lag_months: int = 0) -> Window:
    """The period's entry window under the council's settings and the measure's lag."""
    year, month = year_month(period.end + 1 + int(lag_months or 0))
    due = date(year, month, min(due_day, calendar.monthrange(year, month)[1]))
    return Window(last_day(period) + timedelta(days=1), due, due + timedelta(days=check_days))


def is_late(win: Window, submitted: date) -> bool:
    """Whether a return submitted on a day came after its due date."""
    return submitted > win.due


def latest_ended(frequency: str, today: date) -> Period:
    """The latest period of a frequency that ended before ``today`` (its entry is open)."""
    if frequency == "weekly":
        yesterday = today - timedelta(days=1)
        return week_ending(yesterday - timedelta(days=(yesterday.weekday() + 1) % 7))
    index = month_index(today.year, today.month) - 1
    while year_month(index)[1] not in _ENDS_IN[frequency]:
        index -= 1
    return Period(index, frequency)
