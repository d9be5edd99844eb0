"""The annual performance report: each strategic measure's figure for a financial year, its
target, status, direction against last year and trend over five years, its sentence and
commentary, grouped by council plan priority.

The year's figures come from pmf_core.analysis.annual; annual_docx and annual_html write the
report; this module only decides what it says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from pmf_core.analysis import annual, comparators
from pmf_core.analysis.status import status_as_at
from pmf_core.outputs import measure_view, report
from pmf_core.outputs.appendix import oldest_return
from pmf_core.outputs.measure_view import TREND_COLUMNS, MeasureView, by_priority
from pmf_core.rules import cover, narrative, rag
from pmf_core.rules.narrative import is_missing
from pmf_core.rules.periods import (
    MONTH_FULL,
    Period,
    PeriodError,
    financial_year_start,
    fy_label,
    label_for_key,
    parse_period,
)
from pmf_core.rules.presentation import dot_badge, rag_badge
from pmf_core.store import reads

TITLE = "Annual performance report"
NO_TREND = pd.DataFrame(columns=TREND_COLUMNS)  # the report's trend is the five years' figures
JUDGED = [rag.IMPROVING, rag.WORSENING, rag.SAME]  # directions that say better, worse or same


class NoDataForYear(ValueError):
    """No measure the report would cover has a value in the year asked for."""


@dataclass
class AnnualMeasure:
    view: MeasureView  # name, service, directorate, priority, sentence and commentary (no trend)
    period: str  # the period that stands for the year ("Mar 2026", "2025/26"; "" none)
    value: str
    target: str
    rag: str
    rag_badge: str
    dot: str  # against last year's figure, arrow and word
    last_year: str  # last year's figure ("" none)
    years: list[tuple[str, str]]  # the five years' figures, oldest first ("–" none)


@dataclass
class AnnualReport:
    title: str
    year: str  # "2025/26"
    covers: str  # "April 2025 to March 2026"
    summary: list[str]
    summary_given: bool
    groups: dict[str, list[AnnualMeasure]]  # by council plan priority, in the report's order
    cover: cover.Cover
    every_measure: bool = False
    rule: str = annual.RULE

    @property
    def measures(self) -> str:
        """What the report covers, in words (as the quarterly report says it)."""
        return report.measures_words(self.every_measure)

    @property
    def count(self) -> int:
        return sum(len(m) for m in self.groups.values())


def year_period(text: str) -> Period:
    """A financial year as "2025/26" (PeriodError, naming what to write, when it is not one)."""
    try:
        return parse_period(text.strip(), "annual")
    except PeriodError:
        pass
    try:
        quarter = parse_period(text.strip(), "quarterly")
    except PeriodError:
        raise PeriodError(f'"{text}" is not a financial year; use 2025/26') from None
    raise PeriodError(
        f'"{text}" is a quarter, not a financial year; use {quarter.financial_year}, '
        "or --quarter for the quarterly report"
    )


def covers(period: Period) -> str:
    """ "April 2025 to March 2026": the months a financial year covers."""
    start = financial_year_start(period.end)
    return f"{MONTH_FULL[3]} {start} to {MONTH_FULL[2]} {start + 1}"


def build(
    store,
    year: str,
    summary: str | None = None,
    given: cover.CoverDetails | None = None,
    today: date | None = None,
) -> AnnualReport:
    """The report for a financial year: each strategic measure (every measure when none is
    marked strategic) at the period that stands for the year (analysis.annual.year_end).

    Raises NoDataForYear when none of them has a value in the year.
    """
    period = year_period(year)
    start = financial_year_start(period.end)
    with store.session():
        everything = status_as_at(store, period.end, with_spc=True)
        every_measure = not (everything["level"] == report.STRATEGIC).any()
        rows = by_priority(report.strategic(everything, every_measure))
        first, _ = annual.months_of(start - annual.YEARS + 1)
        ids = rows["indicator_id"].astype(str).tolist()
        series = reads.series_for(store, ids, first, period.end)
        table = annual.figures(rows, series, start)
        if not annual.has_data(table):
            kind = "measure" if every_measure else "strategic measure"
            raise NoDataForYear(
                f"no {kind} has a value for {period.label} ({covers(period)}); nothing was written"
            )
        positions = comparators.narrative_positions(store)
    # Each sentence tells of the measure's latest figure with its own status: a figure from an
    # earlier year (an emissions figure published 18 months on) is no "No data" and keeps its
    # target, so its words must not say "no target set".
    views = [
        measure_view.view(row, NO_TREND, positions.get(row["indicator_id"]))
        for _, row in rows.reset_index(drop=True).iterrows()
    ]
    trend = annual.five_years(series, ids, start)
    measures = [
        measure(row, view, trend.loc[row["indicator_id"]])
        for (_, row), view in zip(table.iterrows(), views)
    ]
    written = report.paragraphs_of(summary or "")
    return AnnualReport(
        TITLE,
        period.label,
        covers(period),
        written or summary_of(table, start, every_measure),
        bool(written),
        grouped(measures),
        annual_cover(table, period, given or cover.CoverDetails(), today, every_measure),
        every_measure,
    )


def annual_cover(
    table: pd.DataFrame,
    period: Period,
    given: cover.CoverDetails,
    today: date | None,
    every_measure: bool,
) -> cover.Cover:
    """The quarterly report's cover, for the year: its measures counted by their status."""
    scope = report.scope_words(every_measure)
    return cover.report_cover(
        f"{TITLE}: {period.label}",
        given,
        selection=f"{period.label} ({covers(period)}) · {scope}",
        as_at=period.end,
        population=table["rag"],
        written=today or date.today(),
        oldest=oldest_return(table[table["in_year"]], period.end),
    )


def measure(row, view: MeasureView, years: pd.Series) -> AnnualMeasure:
    """One measure's figures for the year, at its decimals and unit."""

    def figure(value) -> str:
        return "" if is_missing(value) else narrative.figure(value, row)

    in_year = bool(row["in_year"])
    return AnnualMeasure(
        view=view,
        period=label_for_key(row["period"], row["frequency"]) if in_year else "",
        value=figure(row["year_value"]) or "–",
        target=view.target if in_year else "–",  # a range's two bounds, as every page
        rag=row["rag"],
        rag_badge=rag_badge(row["rag"], row["rag_source"] if in_year else None),
        dot=dot_badge(row["dot_year"], row["polarity"]),
        last_year=figure(row["last_year_end"]),
        years=[(str(label), figure(value) or "–") for label, value in years.items()],
    )


def grouped(measures: list[AnnualMeasure]) -> dict[str, list[AnnualMeasure]]:
    """The measures under their plan priority, keeping their order."""
    out: dict[str, list[AnnualMeasure]] = {}
    for item in measures:
        out.setdefault(item.view.priority, []).append(item)
    return out


def summary_of(table: pd.DataFrame, start: int, every_measure: bool) -> list[str]:
    """Counts by status for the year, then how many did better or worse than last year."""
    counts = table["rag"].value_counts()
    words = {rag.NOT_RATED: "not rated", rag.NO_DATA: "with no value for the year"}
    parts = [f"{int(counts[s])} {words.get(s, s)}" for s in rag.STATUSES if counts.get(s, 0)]
    first = (
        f"No measure is marked strategic, so this report covers every measure: {len(table)}, "
        f"each at its figure for the year: {report.join_words(parts)}."
        if every_measure
        else f"This report covers {len(table)} strategic measures, each at its figure for the "
        f"year: {report.join_words(parts)}."
    )
    moved = table["dot_year"].value_counts()
    second = (
        f"Against {fy_label(start - 1)}, {int(moved.get(rag.IMPROVING, 0))} improved, "
        f"{int(moved.get(rag.WORSENING, 0))} worsened and {int(moved.get(rag.SAME, 0))} stayed "
        f"the same; {int(len(table) - moved.reindex(JUDGED).fillna(0).sum())} cannot be "
        "judged against last year (no figure for one of the years, or no better direction)."
    )
    _, march = annual.months_of(start)
    early = int((table["in_year"] & (table["end_index"] < march)).sum())
    if early:
        second += (
            f" For {early} {'measure' if early == 1 else 'measures'} the year's last period has "
            "no return (yet), so the figure is the latest return in the year, whose period is "
            "shown beside it."
        )
    return [first, second]
