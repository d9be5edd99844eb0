"""A sentence for every measure, written from its status row only.

The same words on the drill-down, the exceptions view, the quarterly report and the public site.
It states only figures the row holds: no target, no previous value or no benchmark means no
clause about them. It never quotes notes or override reasons, so it is safe to publish.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pmf_core.rules import rag
from pmf_core.rules.cumulative import PROFILED, PROFILED_EVENLY, YEAR_TO_DATE
from pmf_core.rules.periods import label_for_key
from pmf_core.rules.presentation import counts_text, format_value

# Units written after the number ("24.0 days"); %, £ and counts are written by format_value.
_BARE_UNITS = ("", "No.", "%", "£", "£k", "£m")
PREVIOUS = {
    "weekly": "the previous week",
    "monthly": "the previous month",
    "quarterly": "the previous quarter",
    "six_monthly": "the previous half-year",
    "annual": "the previous year",
}
LAST_YEAR = {
    "weekly": "the same week last year",
    "monthly": "the same month last year",
    "quarterly": "the same quarter last year",
    "six_monthly": "the same half-year last year",
}
COMPARED = {
    rag.IMPROVING: "better than",
    rag.WORSENING: "worse than",
    rag.SAME: "the same as",
    rag.UP: "up on",
    rag.DOWN: "down on",
}
SPECIAL_CAUSE = {
    "Special cause improving": "a statistically significant improvement",
    "Special cause concerning": "a statistically significant deterioration",
    "Special cause neither": "a statistically significant change",
}
QUARTERS = {
    1: "the top quarter",
    2: "the second quarter",
    3: "the third quarter",
    4: "the bottom quarter",
}


@dataclass(frozen=True)
class Benchmark:
    """Where the measure stands in a comparator group: quartile 1 is the best quarter, in the
    benchmark's own period (its label, such as 2025/26), which the sentence names when it is not
    the measure's."""

    quartile: int | None
    group: str
    period: str | None = None


def figure(value, row) -> str:
    """A number at the indicator's decimals with its unit: 55.2%, £5,200, 24.0 days."""
    unit = _text(row.get("unit"))
    text = format_value(value, row.get("decimals"), unit)
    return text if unit in _BARE_UNITS else f"{text} {unit}"


def sentence(row, benchmark: Benchmark | None = None) -> str:
    """One plain-English sentence about a measure's latest period, from a status row."""
    period = row.get("period")
    frequency = _text(row.get("frequency")) or "monthly"
    if not _text(period):
        return "No values have been reported yet."
    when = label_for_key(period, frequency)
    if is_missing(row.get("value")):
        previous = row.get("previous_value")
        tail = (
            ""
            if is_missing(previous)
            else f" The {PREVIOUS[frequency][4:]}'s value was {figure(previous, row)}."
        )
        return f"No value was reported for {when}.{tail}"
    counts = counts_text(row.get("numerator"), row.get("denominator"))
    value = figure(row["value"], row) + (f" ({counts})" if counts else "")
    head = f"{value} in {when}{_target(row)}{_rating(row)}"
    clauses = _comparisons(row, frequency) + _signals(row, benchmark, when)
    return head + (", " + _join(clauses) if clauses else "") + "."


def _target(row) -> str:
    """The target as words: a range's two bounds, a year-to-date profile's basis."""
    if not rag.is_rated_kind([row.get("kind")])[0] or is_missing(row.get("target")):
        return ""
    if not is_missing(row.get("target_upper")):
        upper = figure(row["target_upper"], row)
        return f" against a target range of {figure(row['target'], row)} to {upper}"
    basis = row.get("target_basis")
    shown = f" ({basis})" if basis in (PROFILED, PROFILED_EVENLY) else ""
    return f" against a target of {figure(row['target'], row)}{shown}"


def _rating(row) -> str:
    status = row.get("rag")
    if status in rag.OVERRIDABLE:
        computed = row.get("rag_computed")
        if row.get("rag_source") == "override" and computed != status:
            return f": {status} (set by the service; computed {computed})"
        return f": {status}"
    if not rag.is_rated_kind([row.get("kind")])[0]:
        return f" (a {row.get('kind')} measure, not rated)"
    if _text(row.get("polarity")) in ("", "none"):
        return " (not rated: neither higher nor lower is better)"
    return " (no target set, so not rated)"


def _comparisons(row, frequency: str) -> list[str]:
    """Against the previous period and the same period last year, each with its value (a
    year-to-date figure only against last year: its previous period is a smaller part of the
    year)."""
    pairs = [(row.get("dot"), row.get("previous_value"), PREVIOUS.get(frequency))]
    if row.get("accumulation") == YEAR_TO_DATE:
        pairs = []
    if frequency in LAST_YEAR:
        pairs.append((row.get("dot_last_year"), row.get("last_year_value"), LAST_YEAR[frequency]))
    return [
        f"{COMPARED[word]} {when} ({figure(value, row)})"
        for word, value, when in pairs
        if word in COMPARED and when and not is_missing(value)
    ]


def _signals(row, benchmark: Benchmark | None, when: str) -> list[str]:
    """Special cause, and the benchmark quartile with its period when that is another one."""
    clauses = []
    if row.get("variation") in SPECIAL_CAUSE:
        clauses.append(SPECIAL_CAUSE[row["variation"]] + " (special cause variation)")
    if benchmark is not None and benchmark.quartile in QUARTERS and benchmark.group:
        other = benchmark.period and benchmark.period != when
        clauses.append(
            f"in {QUARTERS[benchmark.quartile]} of {benchmark.group}"
            + (f" ({benchmark.period})" if other else "")
        )
    return clauses


def _join(clauses: list[str]) -> str:
    return clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and " + clauses[-1]


def is_missing(value) -> bool:
    """None, NaN, NaT and pandas.NA all mean "not given"."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value) -> str:
    return "" if is_missing(value) else str(value)
