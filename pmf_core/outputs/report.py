"""The quarterly performance report, laid out like a council's strategic performance dashboard.

Title and quarter, an overall summary (the analyst's text, else counts and changes), then each
strategic measure with its trend, figures, sentence and commentary. report_docx and report_html
write it, report_file picks one by format; this module only decides what it says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from pmf_core.analysis import actions, changes, history
from pmf_core.analysis.status import status_as_at
from pmf_core.outputs.appendix import oldest_return
from pmf_core.outputs.measure_view import MeasureView, by_priority, measure_views
from pmf_core.rules import cover, rag
from pmf_core.rules.narrative import Benchmark, is_missing
from pmf_core.rules.periods import MONTH_FULL, Period, PeriodError, parse_period, year_month
from pmf_core.rules.presentation import path_to_green_words
from pmf_core.rules.stored_text import clean_typed

TITLE = "Strategic performance report"
STRATEGIC = "strategic"
EXCEPTIONS = (rag.RED, rag.AMBER)  # the statuses whose action plan the report carries
NO_ACTION, NO_STATUS = "No action recorded.", "no open action"


@dataclass(frozen=True)
class ExceptionPlan:
    """What the report carries under a Red or Amber measure, in the exceptions page's and the
    appendix's words: the action beside it (actions.beside_exceptions), its status and the path
    to green (the action plan's date, then the projection from the trend)."""

    action: str
    status: str
    path_to_green: str


@dataclass
class QuarterlyReport:
    title: str
    quarter: str  # "Q2 2020/21"
    covers: str  # "July to September 2020"
    summary: list[str]  # paragraphs
    summary_given: bool  # the analyst's text, or worked out from counts and changes
    sections: list[MeasureView]
    cover: cover.Cover
    every_measure: bool = False  # no measure is marked strategic: the report covers them all
    exceptions: dict[str, ExceptionPlan] = field(default_factory=dict)  # by indicator id

    @property
    def nothing(self) -> str:
        """What an empty report says instead of its sections."""
        kind = "" if self.every_measure else "strategic "
        return f"There are no {kind}measures in the store yet."

    @property
    def measures(self) -> str:
        """What the report covers, in words: "strategic measures", or every measure and why."""
        return measures_words(self.every_measure)


def measures_words(every_measure: bool) -> str:
    """What a report covers, in its lede: "strategic measures", or every measure and why."""
    return (
        "measures (none is marked strategic, so this report covers every measure)"
        if every_measure
        else "strategic measures"
    )


def scope_words(every_measure: bool) -> str:
    """What a report covers, as its cover's selection names it."""
    return "every measure (none is marked strategic)" if every_measure else "strategic measures"


def quarter_period(text: str) -> Period:
    """A quarter as "2020/21 Q2" or "Q2 2020/21" (PeriodError, naming what to write, when it is
    not one)."""
    try:
        return parse_period(text.strip(), "quarterly")
    except PeriodError:
        year = _as_year(text)
        if year is None:
            raise PeriodError(f'"{text}" is not a quarter; use 2020/21 Q2 or Q2 2020/21') from None
        raise PeriodError(
            f'"{text}" is a financial year, not a quarter; use {year} Q1 to {year} Q4, '
            f"or --year {year} for the annual report"
        ) from None


def _as_year(text: str) -> str | None:
    """The financial year a text names, or None."""
    try:
        return parse_period(text.strip(), "annual").key
    except PeriodError:
        return None


def build(
    store,
    quarter: str,
    summary: str | None = None,
    benchmarks: dict[str, Benchmark] | None = None,
    title: str = TITLE,
    given: cover.CoverDetails | None = None,
    today: date | None = None,
) -> QuarterlyReport:
    """The report for a quarter: each strategic measure's latest return as at its last month
    (every measure when none is marked strategic), behind a cover naming what ``given`` holds."""
    period = quarter_period(quarter)
    with store.session():
        everything = status_as_at(store, period.end, with_spc=True)
        every_measure = not (everything["level"] == STRATEGIC).any()
        now = by_priority(strategic(everything, every_measure))
        before = strategic(status_as_at(store, period.end - 3), every_measure)
        sections = measure_views(store, now, period.end, benchmarks)
        plans = exception_plans(store, now, period.end, today or date.today())
    written = paragraphs_of(summary or "")
    paragraphs = written or summary_of(
        now, before, Period(period.end - 3, "quarterly"), every_measure
    )
    scope = scope_words(every_measure)
    front = cover.report_cover(
        f"{title}: {period.label}",
        given or cover.CoverDetails(),
        selection=f"{period.label} ({covers(period)}) · {scope}",
        as_at=period.end,
        population=now["rag"],
        written=today or date.today(),
        oldest=oldest_return(now, period.end),
    )
    return QuarterlyReport(
        title,
        period.label,
        covers(period),
        paragraphs,
        bool(written),
        sections,
        front,
        every_measure,
        plans,
    )


def exception_plans(store, rows: pd.DataFrame, as_at: int, today: date) -> dict[str, ExceptionPlan]:
    """Each Red or Amber row's action plan, its status as at ``today`` and its path to green,
    read and worded as the exceptions page, print view and appendix do."""
    exceptions = rows[rows["rag"].isin(EXCEPTIONS)]
    if exceptions.empty:
        return {}
    beside = actions.beside_exceptions(exceptions, actions.open_plans(store, today))
    paths = history.paths_to_green(store, exceptions, as_at)
    out = {}
    for (_, row), (_, action) in zip(exceptions.iterrows(), beside.iterrows()):
        path = paths.get(row["indicator_id"])
        out[str(row["indicator_id"])] = ExceptionPlan(
            _words(action["action"], NO_ACTION),
            _words(action["action_status"], NO_STATUS),
            path_to_green_words(action["path_to_green"], path.sentence() if path else None),
        )
    return out


def strategic(status: pd.DataFrame, every_measure: bool = False) -> pd.DataFrame:
    """The strategic measures' rows, or every row when the store marks none strategic."""
    keep = status["level"] == STRATEGIC
    return status.reset_index(drop=True) if every_measure else status[keep].reset_index(drop=True)


def covers(period: Period) -> str:
    """ "July to September 2020": the months a quarter covers, as quarterly reports write them."""
    first_year, first = year_month(period.end - 2)
    last_year, last = year_month(period.end)
    start = MONTH_FULL[first - 1] + ("" if first_year == last_year else f" {first_year}")
    return f"{start} to {MONTH_FULL[last - 1]} {last_year}"


def paragraphs_of(text: str) -> list[str]:
    """The analyst's summary, split into paragraphs at blank lines, its control characters
    cleaned as typed text is (Word holds no form feed or NUL: a frozen report must write)."""
    blocks = [
        " ".join(line.strip() for line in block.splitlines()).strip()
        for block in str(clean_typed(text)).replace("\r\n", "\n").split("\n\n")
    ]
    return [b for b in blocks if b]


def summary_of(
    now: pd.DataFrame, before: pd.DataFrame, previous: Period, every_measure: bool = False
) -> list[str]:
    """Counts by status, then what moved since the end of the previous quarter."""
    if now.empty:
        return [
            "There are no measures to report."
            if every_measure
            else "There are no strategic measures to report."
        ]
    counts = now["rag"].value_counts()
    words = {rag.NOT_RATED: "not rated", rag.NO_DATA: "with no value for the period"}
    parts = [f"{int(counts[s])} {words.get(s, s)}" for s in rag.STATUSES if counts.get(s, 0)]
    first = (
        (
            f"This report covers {len(now)} strategic measures, each at its latest return: "
            f"{join_words(parts)}."
        )
        if not every_measure
        else (
            f"No measure is marked strategic, so this report covers every measure: {len(now)}, "
            f"each at its latest return: {join_words(parts)}."
        )
    )
    moved = changes.compare(before, now)
    better = int((moved["change"] == changes.BETTER).sum())
    worse = int((moved["change"] == changes.WORSE).sum())
    second = (
        f"Since the end of {previous.label}, {better} improved their status and {worse} "
        f"moved to a worse one."
    )
    red = moved.loc[moved["to_rag"] == rag.RED, "name"].tolist()
    if red:
        second += f" Newly Red: {join_words(red)}."
    late = int(now["late"].sum())
    if late:
        second += f" {late} have no return for the quarter yet."
    return [first, second]


def _words(value, empty: str) -> str:
    """Text as stored, or ``empty`` when there is none (None, NaN or blank)."""
    return empty if is_missing(value) or not str(value).strip() else str(value)


def join_words(items: list[str]) -> str:
    """ "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def latest_quarter(as_at: int) -> str:
    """The key of the last quarter ending on or before a month ("2020/21 Q2")."""
    return Period(as_at - (as_at - 2) % 3, "quarterly").key
