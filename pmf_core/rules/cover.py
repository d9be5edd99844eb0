"""What a committee paper's cover says: one set of rules for every cover the product writes.

The Word appendix, the quarterly report (Word and HTML) and the exceptions' print view open with
the same cover, as a council's cover report does: the meeting and its date, who wrote the paper
and the portfolio holder, the recommendation, the selection, the counts by status and how old the
figures are. Missing details are said to be missing, in the same words everywhere.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NoReturn

from pmf_core.rules import rag
from pmf_core.rules.periods import MONTH_FULL, year_month

# A print view's address carries the cover details under these names.
ADDRESS_NAMES = {
    "meeting": "meeting",
    "meeting_date": "meeting_date",
    "author": "author",
    "portfolio_holder": "holder",
    "recommendation": "recommendation",
}

NOT_GIVEN = "not given"
LONGEST = {"meeting": 200, "author": 200, "portfolio_holder": 200, "recommendation": 2000}
LABELS = {
    "meeting": "Meeting",
    "author": "Report of",
    "portfolio_holder": "Portfolio holder",
    "recommendation": "Recommendation",
    "meeting_date": "Meeting date",
}
# Word refuses characters XML 1.0 does not allow; a line break stays in the recommendation only.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_BREAKS = re.compile(r"\s*[\r\n]+\s*")
# Each status as the counts name it, lower case as a sentence reads ("6 red").
COUNT_WORDS = {
    rag.RED: "red",
    rag.AMBER: "amber",
    rag.GREEN: "green",
    rag.BLUE: "blue",
    rag.NOT_RATED: "not rated",
    rag.NO_DATA: "with no data",
}


class CoverError(ValueError):
    """A cover detail that cannot be used, named with the value given."""


@dataclass(frozen=True)
class CoverDetails:
    """What the author of a paper gives: every field optional."""

    meeting: str | None = None
    meeting_date: date | None = None
    author: str | None = None
    portfolio_holder: str | None = None
    recommendation: str | None = None


@dataclass(frozen=True)
class Cover:
    """A cover as every format writes it: a title, labelled facts, then three paragraphs."""

    title: str
    facts: list[tuple[str, str]]
    recommendation: str
    summary: str
    lag: str


def details(
    meeting: str | None = None,
    meeting_date: str | date | None = None,
    author: str | None = None,
    portfolio_holder: str | None = None,
    recommendation: str | None = None,
) -> CoverDetails:
    """Cover details as typed on the command line or the page, checked and tidied.

    Blank means not given; control characters go; a date is YYYY-MM-DD. CoverError names the
    field and the value when one cannot be used.
    """
    texts = {
        "meeting": meeting,
        "author": author,
        "portfolio_holder": portfolio_holder,
        "recommendation": recommendation,
    }
    tidy = {name: _tidy(name, value) for name, value in texts.items()}
    return CoverDetails(meeting_date=_date(meeting_date), **tidy)


def _tidy(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    text = _NOT_XML.sub("", value)
    text = text.strip() if name == "recommendation" else _BREAKS.sub(" ", text).strip()
    if len(text) > LONGEST[name]:
        raise CoverError(
            f"{LABELS[name]}: at most {LONGEST[name]} characters, not "
            f'{len(text)} ("{text[:40]}...")'
        )
    return text or None


def _date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    return _bad_date(text)


def _bad_date(text: str) -> NoReturn:
    raise CoverError(
        f'{LABELS["meeting_date"]}: "{text[:40]}" is not a date; write it as '
        "YYYY-MM-DD, e.g. 2021-01-21"
    )


def long_date(day: date) -> str:
    """ "21 January 2021", as a committee paper dates things."""
    return f"{day.day} {MONTH_FULL[day.month - 1]} {day.year}"


def long_month(index: int) -> str:
    """ "October 2020": a month index in full."""
    year, month = year_month(index)
    return f"{MONTH_FULL[month - 1]} {year}"


def or_words(statuses: Iterable[str]) -> str:
    """ "red or amber", "red, amber or blue": statuses as a sentence names them."""
    words = [COUNT_WORDS[s] for s in rag.STATUSES if s in set(statuses)]
    if not words:
        return "none"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def counts(statuses: Iterable[str], listed: Iterable[str] = ()) -> str:
    """Every status counted, those listed first and together: "28 red or amber, 44 green and
    3 not rated (75 measures)". Statuses a measure has none of are left out, except the listed
    ones ("0 red or amber")."""
    found = Counter(s if s in rag.STATUSES else rag.NO_DATA for s in statuses)
    wanted = [s for s in rag.STATUSES if s in set(listed)]
    parts = [f"{sum(found[s] for s in wanted)} {or_words(wanted)}"] if wanted else []
    parts += [f"{found[s]} {COUNT_WORDS[s]}" for s in rag.STATUSES if s not in wanted and found[s]]
    total = sum(found.values())
    if not parts:
        return "no measures"
    return f"{_and(parts)} ({total} measure{'' if total == 1 else 's'})"


def listed(statuses: Iterable[str]) -> str:
    """How many the paper lists, by status: "28 listed: 6 red and 22 amber"."""
    found = Counter(statuses)
    if not found:
        return "None is listed."
    parts = [f"{found[s]} {COUNT_WORDS[s]}" for s in rag.STATUSES if found[s]]
    return f"{sum(found.values())} listed: {_and(parts)}."


def months_and_days(as_at: int, day: date) -> tuple[int, int] | None:
    """The time from the end of a month to a day, in whole months and days (None when the day
    is inside or before that month)."""
    year, month = year_month(as_at)
    months = (day.year - year) * 12 + day.month - month - 1
    if months < 0:
        return None
    return (months + 1, 0) if _last_day(day) else (months, day.day)


def _last_day(day: date) -> bool:
    """Whether a day ends its month (31 December 9999 too: no day after it is asked for)."""
    return day.day == calendar.monthrange(day.year, day.month)[1]


def lag(as_at: int, meeting_date: date | None, written: date, oldest: str | None = None) -> str:
    """The reporting time lag: how old the figures are by the meeting (or, with no meeting date,
    the day the paper was written), and the oldest return it holds when that is older."""
    at = f"The figures are as at the end of {long_month(as_at)}"
    day, when = (
        (meeting_date, f"the meeting on {long_date(meeting_date)}")
        if meeting_date
        else (written, f"this paper was written, on {long_date(written)} (no meeting date given)")
    )
    gap = months_and_days(as_at, day)
    if gap is None:
        text = (
            f"{at}, a month not yet over when {when}."
            if not meeting_date
            else f"{at}, a month not yet over at {when}."
        )
    else:
        text = f"{at}, {_span(*gap)} before {when}, so later returns may tell a different story."
    if oldest:
        text += (
            f" Quarterly and annual measures show their latest return; the oldest shown "
            f"is for {oldest}."
        )
    return text


def _span(months: int, days: int) -> str:
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((months, "month"), (days, "day")) if n
    ]
    return " and ".join(parts) or "0 days"


def facts(
    given: CoverDetails, meeting: str | None, selection: str, as_at: int
) -> list[tuple[str, str]]:
    """The labelled lines under the title: meeting (else the committee), its date, author,
    portfolio holder, the selection and the month the figures are as at."""
    return [
        ("Meeting", given.meeting or meeting or NOT_GIVEN),
        ("Meeting date", long_date(given.meeting_date) if given.meeting_date else NOT_GIVEN),
        ("Report of", given.author or NOT_GIVEN),
        ("Portfolio holder", given.portfolio_holder or NOT_GIVEN),
        ("Selection", selection),
        ("Figures as at", long_month(as_at)),
    ]


def exceptions_cover(
    title: str,
    given: CoverDetails,
    *,
    committee: str | None,
    selection: str,
    as_at: int,
    population: Iterable[str],
    rags: Iterable[str],
    shown: Iterable[str],
    written: date,
    oldest: str | None = None,
) -> Cover:
    """The committee appendix's cover: the counts of every measure in the selection, then
    what the paper lists (population: every measure's status; shown: those listed)."""
    rags = list(rags)
    default = (
        f"To note the measures rated {or_words(rags)} as at the end of "
        f"{long_month(as_at)} and the actions to address them."
    )
    return Cover(
        title,
        facts(given, committee, selection, as_at),
        given.recommendation or default,
        f"{_capital(counts(population, rags))}. {listed(shown)}",
        lag(as_at, given.meeting_date, written, oldest),
    )


def report_cover(
    title: str,
    given: CoverDetails,
    *,
    selection: str,
    as_at: int,
    population: Iterable[str],
    written: date,
    oldest: str | None = None,
) -> Cover:
    """The quarterly report's cover: every measure it reports counted by status."""
    default = f"To note the performance report for the period to {long_month(as_at)}."
    return Cover(
        title,
        facts(given, None, selection, as_at),
        given.recommendation or default,
        f"{_capital(counts(population))}.",
        lag(as_at, given.meeting_date, written, oldest),
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def selection_text(
    as_at: int,
    committee: str | None,
    directorate: str | None,
    service: str | None = None,
    rags: Iterable[str] | None = None,
    extra: Iterable[str] = (),
) -> str:
    """The filters in force, in one line: "October 2020 · People and Health · All directorates
    · All services · red or amber"."""
    parts = [
        long_month(as_at),
        committee or "All committees",
        directorate or "All directorates",
        service or "All services",
    ]
    if rags is not None:
        parts.append(f"rated {or_words(rags)}")
    return " · ".join([*parts, *extra])
