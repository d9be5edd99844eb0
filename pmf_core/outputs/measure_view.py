"""One measure as the quarterly report and the public site show it: figures as text, the
sentence, the commentary and a short trend. Built field by field from a status row, so notes,
override reasons, officers and loaders can never ride along into a published file.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pmf_core.analysis import comparators, history
from pmf_core.outputs.trend_chart import describe
from pmf_core.rules import narrative
from pmf_core.rules.cumulative import PROFILED, PROFILED_EVENLY
from pmf_core.rules.narrative import Benchmark, is_missing
from pmf_core.rules.periods import POSITION_STEP, label_for_key, parse_period
from pmf_core.rules.presentation import counts_text, dot_badge, rag_badge

# How much history a trend shows, in periods of the measure's frequency, and in words.
TREND_POINTS = {"weekly": 26, "monthly": 24, "quarterly": 8, "six_monthly": 8, "annual": 8}
TREND_WORDS = {
    "weekly": "26 weeks",
    "monthly": "24 months",
    "quarterly": "eight quarters",
    "six_monthly": "eight half-years",
    "annual": "eight years",
}
# period: the time axis; new_year: where a running total's line starts again (each April);
# target_upper: a range's upper bound
TREND_COLUMNS = ["period", "label", "value", "target", "rag", "new_year", "target_upper"]


@dataclass
class MeasureView:
    indicator_id: str
    name: str
    directorate: str
    service: str
    priority: str
    period: str
    value: str
    target: str
    last_year: str
    rag: str
    rag_badge: str
    dot: str
    benchmark: str
    sentence: str
    commentary: str
    trend: pd.DataFrame
    alt: str
    unit: str
    decimals: int
    trend_span: str = TREND_WORDS["monthly"]  # how far back the trend reaches, in words

    @property
    def sparkline(self) -> list[float]:
        """The trend's values for a table's sparkline (missing ones left out)."""
        return history.sparkline(self.trend["value"])

    def fmt(self, value) -> str:
        """A number at the measure's decimals and unit (chart axes); picklable for caches."""
        return (
            ""
            if is_missing(value)
            else narrative.figure(value, {"unit": self.unit, "decimals": self.decimals})
        )


def measure_views(
    store, rows: pd.DataFrame, as_at: int, benchmarks: dict[str, Benchmark] | None = None
) -> list[MeasureView]:
    """A view of each status row, with its trend read from the store up to ``as_at`` and, unless
    given, each linked measure's latest benchmark quartile in the default group."""
    with store.session():
        if benchmarks is None:
            benchmarks = comparators.narrative_positions(store)
        points = history.trends(store, rows["indicator_id"].tolist(), as_at)
    return [
        view(row, trend(row, points[row["indicator_id"]]), benchmarks.get(row["indicator_id"]))
        for _, row in rows.iterrows()
    ]


def by_priority(rows: pd.DataFrame) -> pd.DataFrame:
    """Status rows by council plan priority (rows with none last), then name: the order of the
    reports and the public site, which head each priority's measures with its name."""
    order = rows.assign(_priority=rows["priority"].fillna("~")).sort_values(
        ["_priority", "name"], kind="stable"
    )
    return order.drop(columns="_priority").reset_index(drop=True)


def trend(row, points: pd.DataFrame) -> pd.DataFrame:
    """The last eight quarters (or 26 weeks, 24 months, eight half-years or eight years) up to
    the latest value of a status row's trend points, with each period's RAG: a window of time,
    so a gap inside it shows as a gap, not as older values."""
    if points.empty:
        return points[TREND_COLUMNS]
    frequency = row["frequency"]
    span = TREND_POINTS.get(frequency, 8) * POSITION_STEP.get(frequency, 12)
    positions = pd.Series([parse_period(key, frequency).position for key in points["period"]])
    recent = points[(positions > positions.max() - span).to_numpy()]
    return recent[TREND_COLUMNS].reset_index(drop=True)


def view(row, points: pd.DataFrame, benchmark: Benchmark | None = None) -> MeasureView:
    def figure(value) -> str:
        return "" if is_missing(value) else narrative.figure(value, row)

    period = row["period"]
    return MeasureView(
        indicator_id=str(row["indicator_id"]),
        name=_text(row["name"]),
        directorate=_text(row["directorate"]),
        service=_text(row["service"]),
        priority=_text(row["priority"]) or "Other measures",
        period="" if is_missing(period) else label_for_key(period, row["frequency"]),
        value=_with_counts(figure(row["value"]), row) or "–",
        target=_target(figure, row),
        last_year=figure(row["last_year_value"]),
        rag=row["rag"],
        rag_badge=rag_badge(row["rag"], row.get("rag_source")),
        dot=dot_badge(row["dot"], row["polarity"]),
        benchmark=_benchmark_text(benchmark),
        sentence=narrative.sentence(row, benchmark),
        commentary=_text(row["commentary"]),
        trend=points,
        alt=describe(points, figure),
        unit=_text(row["unit"]),
        decimals=int(row["decimals"]) if not is_missing(row["decimals"]) else 2,
        trend_span=TREND_WORDS.get(row["frequency"], TREND_WORDS["annual"]),
    )


def _with_counts(figure: str, row) -> str:
    """A rate's figure with its counts beside it: "43.11 (263 of 61,000)"."""
    counts = counts_text(row.get("numerator"), row.get("denominator"))
    return f"{figure} ({counts})" if figure and counts else figure


def _target(figure, row) -> str:
    """The target as the measure's figures write it: a range's two bounds, a year-to-date
    target's basis."""
    text = figure(row["target"])
    if not text:
        return "none"
    upper = figure(row.get("target_upper"))
    text = f"{text} to {upper}" if upper else text
    basis = row.get("target_basis")
    return f"{text} ({basis})" if basis in (PROFILED, PROFILED_EVENLY) else text


def _benchmark_text(benchmark: Benchmark | None) -> str:
    if benchmark is None or benchmark.quartile not in narrative.QUARTERS:
        return ""
    return f"{narrative.QUARTERS[benchmark.quartile].capitalize()} of {benchmark.group}"


def _text(value) -> str:
    return "" if is_missing(value) else str(value)
