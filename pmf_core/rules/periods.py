"""Reporting periods: financial years (April to March), quarters, months, and "as at" lateness.

A period is held as its frequency and the month it ends in, counted as ``year * 12 + month - 1``
(a "month index"), so comparing, stepping back and measuring lateness are integer sums.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np

FREQUENCIES = ("monthly", "quarterly", "annual")
STEP_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}
# How many months after a period ends it may still be the latest without being late.
GRACE_MONTHS = {"monthly": 0, "quarterly": 3, "annual": 12}

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
    """One reporting period: its frequency and the month index of its last month."""

    end: int
    frequency: str

    @property
    def key(self) -> str:
        """Canonical key used in the store, the CLI and exports: 2020-10, 2020/21 Q2, 2020/21."""
        return self._written("{year:04d}-{month:02d}", "{fy} Q{quarter}")

    @property
    def label(self) -> str:
        """What people read: Oct 2020, Q2 2020/21, 2020/21."""
        return self._written("{abbr} {year}", "Q{quarter} {fy}")

    def _written(self, monthly: str, quarterly: str) -> str:
        """The period in the template for its frequency (an annual period is its year)."""
        year, month = year_month(self.end)
        fy = fy_label(financial_year_start(self.end))
        template = {"monthly": monthly, "quarterly": quarterly}.get(self.frequency, "{fy}")
        return template.format(
            year=year, month=month, abbr=MONTH_ABBR[month - 1], fy=fy, quarter=quarter_of(self.end)
        )

    @property
    def financial_year(self) -> str:
        return fy_label(financial_year_start(self.end))

    def previous(self) -> Period:
        return Period(self.end - STEP_MONTHS[self.frequency], self.frequency)

    def same_period_last_year(self) -> Period:
        return Period(self.end - 12, self.frequency)


def quarter_of(index: int) -> int:
    """Financial quarter (1 = Apr-Jun) of a month index."""
    return (index % 12 - 3) % 12 // 3 + 1


def ends_quarter(index: int) -> bool:
    return index % 12 + 1 in (3, 6, 9, 12)


# re.ASCII: \d is 0-9 only (Python's int() would read Arabic-Indic and other digits).
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$", re.ASCII)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII)
_MON_YY = re.compile(r"^([A-Za-z]+)-(\d{2})$", re.ASCII)
_MON_YYYY = re.compile(r"^([A-Za-z]+)[ -](\d{4})$", re.ASCII)
# A financial year as written on input: 2020/21, 2020-21, 2020/2021 or 2020-2021.
FINANCIAL_YEAR = re.compile(r"^(\d{4})[/-](\d{2}|\d{4})$", re.ASCII)
# A quarter: Q2, Qtr 2 or Quarter 2, before or after its financial year.
_QUARTER = r"(?:Q|Qtr|Quarter) ?([1-4])"
_FY = r"(\d{4})[/-](\d{2}|\d{4})"
_FY_Q = re.compile(rf"^{_FY} ?{_QUARTER}$", re.IGNORECASE | re.ASCII)
_Q_FY = re.compile(rf"^{_QUARTER} ?{_FY}$", re.IGNORECASE | re.ASCII)
FIRST_YEAR, LAST_YEAR = 1990, 2100  # every month of a period must lie in these years
_SPAN = {"month": 1, "quarter": 3, "year": 12}

HINT = {
    "monthly": "use 2020-09 or Sep-20",
    "quarterly": "use 2020/21 Q2 or the month that ends the quarter, such as Sep-20",
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
    kind, index = parsed
    if (
        not month_index(FIRST_YEAR, 1)
        <= index - _SPAN[kind] + 1
        <= index
        <= month_index(LAST_YEAR, 12)
    ):
        raise PeriodError(f'"{text}" is outside the years {FIRST_YEAR} to {LAST_YEAR}')
    return _fit_frequency(text, kind, index, frequency)


def _read_period(text: str, frequency: str) -> tuple[str, int] | None:
    """Return ("month" | "quarter" | "year", end month index), or None if unreadable."""
    fy = FINANCIAL_YEAR.match(text)
    if (
        fy
        and _is_fy_pair(fy)
        and (frequency == "annual" or not _ISO_MONTH.match(text) or not 1 <= int(fy.group(2)) <= 12)
    ):
        return "year", month_index(int(fy.group(1)) + 1, 3)
    for pattern, year_group, month_group in (
        (_ISO_MONTH, 1, 2),
        (_ISO_DATE, 1, 2),
        (_UK_DATE, 3, 2),
    ):
        match = pattern.match(text)
        if match:
            return _calendar_month(match, year_group, month_group, pattern)
    for pattern, century in ((_MON_YY, 2000), (_MON_YYYY, 0)):
        match = pattern.match(text)
        if match and match.group(1).lower() in _MONTH_NUMBER:
            year = century + int(match.group(2))
            return "month", month_index(year, _MONTH_NUMBER[match.group(1).lower()])
    return _read_quarter(text)


def _is_fy_pair(match: re.Match) -> bool:
    return _follows(int(match.group(1)), match.group(2))


def _follows(start: int, end: str) -> bool:
    """Whether the second year of 2020/21 or 2020/2021 is the year after the first."""
    return (start + 1) % 100 == int(end) if len(end) == 2 else start + 1 == int(end)


def _calendar_month(match: re.Match, year_group: int, month_group: int, pattern) -> tuple | None:
    year, month = int(match.group(year_group)), int(match.group(month_group))
    if not 1 <= month <= 12 or year < 1900:
        return None
    if pattern is not _ISO_MONTH:
        day = int(match.group(3) if pattern is _ISO_DATE else match.group(1))
        try:
            date(year, month, day)
        except ValueError:
            return None
    return "month", month_index(year, month)


def _read_quarter(text: str) -> tuple[str, int] | None:
    match = _FY_Q.match(text)
    if match:
        start, end2, quarter = int(match.group(1)), match.group(2), int(match.group(3))
    else:
        match = _Q_FY.match(text)
        if not match:
            return None
        quarter, start, end2 = int(match.group(1)), int(match.group(2)), match.group(3)
    if not _follows(start, end2):
        return None
    return "quarter", month_index(start, 4) + quarter * 3 - 1


def _fit_frequency(text: str, kind: str, index: int, frequency: str) -> Period:
    if kind == "month":
        if frequency == "quarterly" and not ends_quarter(index):
            raise PeriodError(
                f'"{text}" does not end a quarter; a quarterly measure takes '
                "Jun, Sep, Dec or Mar, or a quarter such as 2020/21 Q2"
            )
        if frequency == "annual" and index % 12 != 2:
            raise PeriodError(
                f'"{text}" is not March; an annual measure takes the financial '
                "year, such as 2020/21, or March of the year it ends"
            )
        return Period(index, frequency)
    if kind == "quarter" and frequency != "quarterly":
        raise PeriodError(
            f'"{text}" is a quarter, but this measure is {frequency}; {HINT[frequency]}'
        )
    if kind == "year" and frequency != "annual":
        raise PeriodError(
            f'"{text}" is a financial year, but this measure is {frequency}; {HINT[frequency]}'
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


def months_late(period_end, frequency, as_at: int):
    """How many months past its allowance a period is, as at a month; 0 when it is on time.

    Takes one period or arrays of them (a never-reported NaN end gives NaN), so the status of
    every indicator and a single check share the rule.
    """
    grace = np.vectorize(GRACE_MONTHS.get, otypes=[float])(frequency)
    late = np.clip(as_at - np.asarray(period_end, dtype=float) - grace, 0, None)
    return late if late.ndim else int(late)


def is_late(period_end: int, frequency: str, as_at: int) -> bool:
    return months_late(period_end, frequency, as_at) > 0


def label_for_key(key: str | None, frequency: str) -> str:
    """The display label of a canonical key; "never reported" when there is none."""
    if not isinstance(key, str):
        return "never reported"
    return parse_period(key, frequency).label


def key_frequency(key: str) -> str:
    """The frequency a canonical key is written in: 2020-10 monthly, 2020/21 Q2 quarterly,
    2020/21 annual (a benchmark period carries no frequency of its own)."""
    if _ISO_MONTH.match(key):
        return "monthly"
    return "quarterly" if "Q" in key else "annual"


def current_month(today: date | None = None) -> int:
    today = today or date.today()
    return month_index(today.year, today.month)
