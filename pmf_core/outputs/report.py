"""The quarterly performance report, laid out like a council's strategic performance dashboard.

Title and quarter, an overall summary (the analyst's text, else counts and changes), then each
strategic measure with its trend, figures, sentence and commentary. report_docx and report_html
write it, report_file picks one by format; this module only decides what it says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from pmf_core.analysis import changes
from pmf_core.analysis.status import status_as_at
from pmf_core.outputs.appendix import oldest_return
from pmf_core.outputs.measure_view import MeasureView, measure_views
from pmf_core.rules import cover, rag
from pmf_core.rules.narrative import Benchmark
from pmf_core.rules.periods import MONTH_FULL, Period, parse_period, year_month

TITLE = "Strategic performance report"
STRATEGIC = "strategic"


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

    @property
    def nothing(self) -> str:
        """What an empty report says instead of its sections."""
        kind = "" if self.every_measure else "strategic "
        return f"There are no {kind}measures in the store yet."

    @property
    def measures(self) -> str:
        """What the report covers, in words: "strategic measures", or every measure and why."""
        return (
            "measures (none is marked strategic, so this report covers every measure)"
            if self.every_measure
            else "strategic measures"
        )


def quarter_period(text: str) -> Period:
    """A quarter as "2020/21 Q2" or "Q2 2020/21" (PeriodError when it is not one)."""
    return parse_period(text.strip(), "quarterly")


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
        now = strategic(everything, every_measure)
        before = strategic(status_as_at(store, period.end - 3), every_measure)
        sections = measure_views(store, now, period.end, benchmarks)
    written = paragraphs_of(summary or "")
    paragraphs = written or summary_of(
        now, before, Period(period.end - 3, "quarterly"), every_measure
    )
    scope = "every measure (none is marked strategic)" if every_measure else "strategic measures"
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
    )


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
    """The analyst's summary, split into paragraphs at blank lines."""
    blocks = [
        " ".join(line.strip() for line in block.splitlines()).strip()
        for block in text.replace("\r\n", "\n").split("\n\n")
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
            f"{_join(parts)}."
        )
        if not every_measure
        else (
            f"No measure is marked strategic, so this report covers every measure: {len(now)}, "
            f"each at its latest return: {_join(parts)}."
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
        second += f" Newly Red: {_join(red)}."
    late = int(now["late"].sum())
    if late:
        second += f" {late} have no return for the quarter yet."
    return [first, second]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def latest_quarter(as_at: int) -> str:
    """The key of the last quarter ending on or before a month ("2020/21 Q2")."""
    return Period(as_at - (as_at - 2) % 3, "quarterly").key
