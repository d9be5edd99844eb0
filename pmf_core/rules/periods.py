"""Reporting periods: financial years (April to March), half-years, quarters, months, ISO weeks,
and "as at" lateness.

A period is held as its frequency and the month it ends in, counted as ``year * 12 + month - 1``
(a "month index"), so comparing, stepping back and measuring lateness are integer sums. A week
also keeps the day it ends (a Sunday, as a date ordinal): it belongs to that day's month and
financial year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np

FREQUENCIES = ("weekly", "monthly", "quarterly", "six_monthly", "annual")
# Months from one period to the next (a week is not a whole number of months: see POSITION_STEP).
STEP_MONTHS = {"monthly": 1, "quarterly": 3, "six_monthly": 6, "annual": 12}
# How many months after a period ends it may still be the latest without being late.
GRACE_MONTHS = {"weekly": 0, "monthly": 0, "quarterly": 3, "six_monthly": 6, "annual": 12}
# Steps of Period.position from one period to the next: weeks for a weekly measure, else months.
POSITION_STEP = {"weekly": 1, **STEP_MONTHS}
PERIODS_PER_YEAR = {"weekly": 52, "monthly": 12, "quarterly": 4, "six_monthly": 2, "annual": 1}
WEEKS_IN_YEAR = 52  # "the same week last year" is 52 weeks before, as weekly returns compare

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_FULL = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBER = {name.lower(): i + 1 for i, name in enumerate(MONTH_ABBR)}
_MONTH_NUMBER.update({name.lower(): i + 1 for i, name in enumerate(MONTH_FULL)})
_MONTH_NUMBER["sept"] = 9  # as people write September as often as Sep


class PeriodError(ValueError):
    """A period text that cannot be read, or does not fit the indicator's frequency."""


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def year_month(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def financial_year_start(index: int) -> int:
    """The calendar year in which the financial year holding this month begins (April)."""
    year, month = year_month(index)
    return year if month >= 4 else year - 1


def fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: its frequency and the month index of its last month (and, for a
    week, the date ordinal of its last day, the Sunday)."""

    end: int
    frequency: str
    day: int = 0

    @property
    def key(self) -> str:
        """Canonical key used in the store, the CLI and exports: 2020-10, 2020/21 Q2, 2020/21,
        2020-W42, 2020/21 H1."""
        if self.frequency == "weekly":
            year, week, _ = date.fromordinal(self.day).isocalendar()
            return f"{year:04d}-W{week:02d}"
        return self._written("{year:04d}-{month:02d}", "{fy} Q{quarter}", "{fy} H{half}")

    @property
    def label(self) -> str:
        """What people read: Oct 2020, Q2 2020/21, 2020/21, w/e 18 Oct 2020, H1 2020/21."""
        if self.frequency == "weekly":
            sunday = date.fromordinal(self.day)
            return f"w/e {sunday.day} {MONTH_ABBR[sunday.month - 1]} {sunday.year}"
        return self._written("{abbr} {year}", "Q{quarter} {fy}", "H{half} {fy}")

    def _written(self, monthly: str, quarterly: str, six_monthly: str) -> str:
        """The period in the template for its frequency (an annual period is its year)."""
        year, month = year_month(self.end)
        fy = fy_label(financial_year_start(self.end))
        template = {"monthly": monthly, "quarterly": quarterly, "six_monthly": six_monthly}.get(
            self.frequency, "{fy}"
        )
        return template.format(
            year=year,
            month=month,
            abbr=MONTH_ABBR[month - 1],
            fy=fy,
            quarter=quarter_of(self.end),
            half=(quarter_of(self.end) + 1) // 2,
        )

    @property
    def financial_year(self) -> str:
        return fy_label(financial_year_start(self.end))

    @property
    def day_date(self) -> date:
        """A week's last day, the Sunday (weekly periods only)."""
        return date.fromordinal(self.day)

    @property
    def position(self) -> int:
        """Where the period sits on a time axis of its frequency: consecutive periods are
        POSITION_STEP apart (weeks since year 1 for a week, else the month index)."""
        return self.day // 7 if self.frequency == "weekly" else self.end

    def previous(self) -> Period:
        return at_position(self.position - POSITION_STEP[self.frequency], self.frequency)

    def same_period_last_year(self) -> Period:
        if self.frequency == "weekly":
            return at_position(self.position - WEEKS_IN_YEAR, self.frequency)
        return Period(self.end - 12, self.frequency)


def week_ending(sunday: date) -> Period:
    """The week (Monday to Sunday) that ends on a Sunday."""
    return Period(month_index(sunday.year, sunday.month), "weekly", sunday.toordinal())


def at_position(position: int, frequency: str) -> Period:
    """The period of a frequency at a position (Period.position's inverse)."""
    if frequency == "weekly":
        return week_ending(date.fromordinal(position * 7))
    return Period(position, frequency)


def quarter_of(index: int) -> int:
    """Financial quarter (1 = Apr-Jun) of a month index."""
    return (index % 12 - 3) % 12 // 3 + 1


def ends_quarter(index: int) -> bool:
    return index % 12 + 1 in (3, 6, 9, 12)


# re.ASCII: \d is 0-9 only (Python's int() would read Arabic-Indic and other digits).
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$", re.ASCII)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII)
_DAY_MON_YYYY = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d{4})$", re.ASCII)
_MON_YY = re.compile(r"^([A-Za-z]+)-(\d{2})$", re.ASCII)
_MON_YYYY = re.compile(r"^([A-Za-z]+)[ -](\d{4})$", re.ASCII)
# An ISO week: 2020-W42 (or 2020W42, 2020 W42); and "w/e 18 Oct 2020", the week ending a day.
_ISO_WEEK = re.compile(r"^(\d{4})[ -]?W(\d{1,2})$", re.IGNORECASE | re.ASCII)
_WEEK_ENDING = re.compile(r"^(?:w/e|w/e:|week ending) (.+)$", re.IGNORECASE | re.ASCII)
# A financial year as written on input: 2020/21, 2020-21, 2020/2021 or 2020-2021.
FINANCIAL_YEAR = re.compile(r"^(\d{4})[/-](\d{2}|\d{4})$", re.ASCII)
# A quarter: Q2, Qtr 2 or Quarter 2, before or after its financial year; a half: H1 or Half 1.
_QUARTER = r"(?:Q|Qtr|Quarter) ?([1-4])"
_HALF = r"(?:H|Half) ?([12])"
_FY = r"(\d{4})[/-](\d{2}|\d{4})"
_FY_Q = re.compile(rf"^{_FY} ?{_QUARTER}$", re.IGNORECASE | re.ASCII)
_Q_FY = re.compile(rf"^{_QUARTER} ?{_FY}$", re.IGNORECASE | re.ASCII)
_FY_H = re.compile(rf"^{_FY} ?{_HALF}$", re.IGNORECASE | re.ASCII)
_H_FY = re.compile(rf"^{_HALF} ?{_FY}$", re.IGNORECASE | re.ASCII)
FIRST_YEAR, LAST_YEAR = 1990, 2100  # every month of a period must lie in these years
_SPAN = {"month": 1, "week": 1, "quarter": 3, "half": 6, "year": 12}
# What a period read from text is, and the frequency it is written in.
_KIND_FREQUENCY = {
    "week": "weekly",
    "month": "monthly",
    "quarter": "quarterly",
    "half": "six_monthly",
    "year": "annual",
}

HINT = {
    "weekly": "use an ISO week such as 2020-W42, or a day in the week such as 18/10/2020",
    "monthly": "use 2020-09 or Sep-20",
    "quarterly": "use 2020/21 Q2 or the month that ends the quarter, such as Sep-20",
    "six_monthly": "use 2020/21 H1 or the month that ends the half-year, such as Sep-20",
    "annual": "use 2020/21",
}


def parse_period(text: str, frequency: str) -> Period:
    """Read one period as an analyst wrote it, for an indicator of the given frequency."""
    if frequency not in FREQUENCIES:
        raise PeriodError(f"frequency {frequency!r} is not one of {', '.join(FREQUENCIES)}")
    cleaned = " ".join(str(text).split())
    parsed = _read_period(cleaned, frequency)
    if parsed is None:
        raise PeriodError(f'"{text}" is not a period; {HINT[frequency]}')
    kind, index, day = parsed
    if (
        not month_index(FIRST_YEAR, 1)
        <= index - _SPAN[kind] + 1
        <= index
        <= month_index(LAST_YEAR, 12)
    ):
        raise PeriodError(f'"{text}" is outside the years {FIRST_YEAR} to {LAST_YEAR}')
    return _fit_frequency(text, kind, index, day, frequency)


def _read_period(text: str, frequency: str) -> tuple[str, int, int] | None:
    """Return ("week" | "month" | "quarter" | "half" | "year", end month index, day), or None
    if unreadable; day is the date ordinal of a week's Sunday or of a date written in full
    (0 when the text names no day)."""
    fy = FINANCIAL_YEAR.match(text)
    if (
        fy
        and _is_fy_pair(fy)
        and (frequency == "annual" or not _ISO_MONTH.match(text) or not 1 <= int(fy.group(2)) <= 12)
    ):
        return "year", month_index(int(fy.group(1)) + 1, 3), 0
    week = _read_week(text)
    if week is not None:
        return week
    for pattern, year_group, month_group in (
        (_ISO_MONTH, 1, 2),
        (_ISO_DATE, 1, 2),
        (_UK_DATE, 3, 2),
    ):
        match = pattern.match(text)
        if match:
            return _calendar_month(match, year_group, month_group, pattern)
    written = _DAY_MON_YYYY.match(text)
    if written:
        return _written_day(written)
    for pattern, century in ((_MON_YY, 2000), (_MON_YYYY, 0)):
        match = pattern.match(text)
        if match and match.group(1).lower() in _MONTH_NUMBER:
            year = century + int(match.group(2))
            return "month", month_index(year, _MONTH_NUMBER[match.group(1).lower()]), 0
    return _read_quarter(text) or _read_half(text)


def _read_week(text: str) -> tuple[str, int, int] | None:
    """An ISO week (2020-W42) or "w/e" and a day, as ("week", month index, Sunday ordinal)."""
    match = _ISO_WEEK.match(text)
    if match:
        try:
            sunday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 7)
        except ValueError:  # week 0, or week 53 of a year of 52 weeks
            return None
    else:
        ending = _WEEK_ENDING.match(text)
        day = _read_period(ending.group(1), "weekly") if ending else None
        if day is None or day[0] != "month" or not day[2]:
            return None
        sunday = _sunday_of(day[2])
    return "week", month_index(sunday.year, sunday.month), sunday.toordinal()


def _sunday_of(ordinal: int) -> date:
    """The Sunday that ends the ISO week (Monday to Sunday) holding a day."""
    return date.fromordinal(ordinal + 6 - date.fromordinal(ordinal).weekday())


def _is_fy_pair(match: re.Match) -> bool:
    return _follows(int(match.group(1)), match.group(2))


def _follows(start: int, end: str) -> bool:
    """Whether the second year of 2020/21 or 2020/2021 is the year after the first."""
    return (start + 1) % 100 == int(end) if len(end) == 2 else start + 1 == int(end)


def _calendar_month(match: re.Match, year_group: int, month_group: int, pattern) -> tuple | None:
    year, month = int(match.group(year_group)), int(match.group(month_group))
    if not 1 <= month <= 12 or year < 1900:
        return None
    ordinal = 0
    if pattern is not _ISO_MONTH:
        day = int(match.group(3) if pattern is _ISO_DATE else match.group(1))
        try:
            ordinal = date(year, month, day).toordinal()
        except ValueError:
            return None
    return "month", month_index(year, month), ordinal


def _written_day(match: re.Match) -> tuple | None:
    """18 Oct 2020 (or 18 October 2020): its month, and the day."""
    month = _MONTH_NUMBER.get(match.group(2).lower())
    year = int(match.group(3))
    if month is None or year < 1900:
        return None
    try:
        ordinal = date(year, month, int(match.group(1))).toordinal()
    except ValueError:
        return None
    return "month", month_index(year, month), ordinal


def _read_quarter(text: str) -> tuple[str, int, int] | None:
    found = _part_of_year(text, _FY_Q, _Q_FY)
    if found is None:
        return None
    start, quarter = found
    return "quarter", month_index(start, 4) + quarter * 3 - 1, 0


def _read_half(text: str) -> tuple[str, int, int] | None:
    found = _part_of_year(text, _FY_H, _H_FY)
    if found is None:
        return None
    start, half = found
    return "half", month_index(start, 4) + half * 6 - 1, 0


def _part_of_year(text: str, year_first: re.Pattern, part_first: re.Pattern):
    """(financial year's first calendar year, part number) from "2020/21 Q2" or "Q2 2020/21"."""
    match = year_first.match(text)
    if match:
        start, end2, part = int(match.group(1)), match.group(2), int(match.group(3))
    else:
        match = part_first.match(text)
        if not match:
            return None
        part, start, end2 = int(match.group(1)), int(match.group(2)), match.group(3)
    return (start, part) if _follows(start, end2) else None


def _fit_frequency(text: str, kind: str, index: int, day: int, frequency: str) -> Period:
    """The period of the indicator's frequency that the text means, or why it has none."""
    if frequency == "weekly":
        if kind == "week":
            return Period(index, frequency, day)
        if kind == "month" and day:
            return week_ending(_sunday_of(day))
        raise PeriodError(
            f'"{text}" is a {_WRITTEN_AS[kind]}, but this measure is weekly; {HINT[frequency]}'
        )
    if kind == "month":
        return _month_for(text, index, frequency)
    if _KIND_FREQUENCY[kind] != frequency:
        raise PeriodError(
            f'"{text}" is a {_WRITTEN_AS[kind]}, but this measure is '
            f"{frequency.replace('_', '-')}; {HINT[frequency]}"
        )
    return Period(index, frequency)


_WRITTEN_AS = {
    "week": "week",
    "month": "month with no day",
    "quarter": "quarter",
    "half": "half-year",
    "year": "financial year",
}


def _month_for(text: str, index: int, frequency: str) -> Period:
    """A month given for a measure of a longer frequency: the period that ends in it."""
    if frequency == "quarterly" and not ends_quarter(index):
        raise PeriodError(
            f'"{text}" does not end a quarter; a quarterly measure takes '
            "Jun, Sep, Dec or Mar, or a quarter such as 2020/21 Q2"
        )
    if frequency == "six_monthly" and index % 12 not in (2, 8):
        raise PeriodError(
            f'"{text}" does not end a half-year; a six-monthly measure takes '
            "Sep or Mar, or a half-year such as 2020/21 H1"
        )
    if frequency == "annual" and index % 12 != 2:
        raise PeriodError(
            f'"{text}" is not March; an annual measure takes the financial '
            "year, such as 2020/21, or March of the year it ends"
        )
    return Period(index, frequency)


def parse_month(text: str) -> int:
    """An "as at" month, YYYY-MM (or any monthly form), as a month index."""
    return parse_period(text, "monthly").end


def month_key(index: int) -> str:
    year, month = year_month(index)
    return f"{year:04d}-{month:02d}"


def month_label(index: int) -> str:
    year, month = year_month(index)
    return f"{MONTH_ABBR[month - 1]} {year}"


def months_late(period_end, frequency, as_at: int, lag_months=0):
    """How many months past its allowance a period is, as at a month; 0 when it is on time.

    The allowance is the frequency's grace plus the measure's publication lag (an emissions
    figure published 18 months after its year). Takes one period or arrays of them (a
    never-reported NaN end gives NaN; a missing lag is none), so the status of every indicator
    and a single check share the rule.
    """
    grace = np.vectorize(GRACE_MONTHS.get, otypes=[float])(frequency)
    lag = np.nan_to_num(np.asarray(lag_months, dtype=float), nan=0.0)
    late = np.clip(as_at - np.asarray(period_end, dtype=float) - grace - lag, 0, None)
    return late if late.ndim else int(late)


def is_late(period_end: int, frequency: str, as_at: int, lag_months: int = 0) -> bool:
    return months_late(period_end, frequency, as_at, lag_months) > 0


def label_for_key(key: str | None, frequency: str) -> str:
    """The display label of a canonical key; "never reported" when there is none."""
    if not isinstance(key, str):
        return "never reported"
    return parse_period(key, frequency).label


def key_frequency(key: str) -> str:
    """The frequency a canonical key is written in: 2020-10 monthly, 2020/21 Q2 quarterly,
    2020-W42 weekly, 2020/21 H1 six-monthly, 2020/21 annual (a benchmark period carries no
    frequency of its own, nor does a chart's point)."""
    if _ISO_MONTH.match(key):
        return "monthly"
    if _ISO_WEEK.match(key):
        return "weekly"
    return "quarterly" if "Q" in key else "six_monthly" if "H" in key else "annual"


def current_month(today: date | None = None) -> int:
    today = today or date.today()
    return month_index(today.year, today.month)
