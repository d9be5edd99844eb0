"""The one vocabulary of statuses: word, symbol and GOV.UK colour, used by pages, charts, exports.

RAG is never shown by colour alone: every status has its word and a distinct symbol.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pmf_core.rules import rag
from pmf_core.rules.cumulative import PROFILED, PROFILED_EVENLY, YEAR_TO_DATE


@dataclass(frozen=True)
class Style:
    symbol: str
    colour: str
    text_colour: str

    def badge(self, word: str) -> str:
        return f"{self.symbol} {word}"


STATUS = {
    rag.RED: Style("✖", "#d4351c", "#ffffff"),
    rag.AMBER: Style("◆", "#f47738", "#0b0c0c"),
    rag.GREEN: Style("✔", "#00703c", "#ffffff"),
    rag.BLUE: Style("★", "#1d70b8", "#ffffff"),
    rag.NOT_RATED: Style("○", "#505a5f", "#ffffff"),
    rag.NO_DATA: Style("–", "#b1b4b6", "#0b0c0c"),
}
STATUS_LABEL = {rag.BLUE: "Blue (exceeding)"}
NEW_MARK = "✚"  # an exception new this month: not Red, Amber or Blue the month before
GREY, GOOD, BAD = "#505a5f", "#00703c", "#d4351c"


BATCH_STATUS_WORDS = {"active": "in force", "rolled_back": "rolled back"}


def batch_status(status: str | None) -> str:
    """A load's status in words, as the load history and the revisions table show it."""
    if status is None:
        return ""
    return BATCH_STATUS_WORDS.get(status, str(status))


def counted(count: int, word: str, words: str | None = None) -> str:
    """A count with its noun agreeing: "1 action", "2 actions" (``words``: an irregular plural)."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def status_badge(status: str | None) -> str:
    """ "✖ Red" and so on; unknown or empty as the No data badge."""
    status = status if status in STATUS else rag.NO_DATA
    return STATUS[status].badge(status)


def rag_badge(status: str | None, source: str | None) -> str:
    """The status badge, marked "(override)" when an analyst overrode the computed RAG."""
    return status_badge(status) + (" (override)" if source == "override" else "")


def status_style(status: str | None) -> Style:
    """The colours of a status's cell: its own, or No data's when unknown (as its badge)."""
    return STATUS[status if status in STATUS else rag.NO_DATA]


def dot_badge(direction: str | None, polarity: str | None) -> str:
    """Direction of travel with its arrow: the arrow shows the movement, the word its meaning."""
    rising = {"higher_is_better": True, "lower_is_better": False}.get(polarity or "none")
    if direction == rag.IMPROVING:
        return f"{'▲' if rising else '▼'} Improving"
    if direction == rag.WORSENING:
        return f"{'▼' if rising else '▲'} Worsening"
    if direction == rag.SAME:
        return "► Same"
    if direction == rag.UP:
        return "▲ Up"
    if direction == rag.DOWN:
        return "▼ Down"
    return "not comparable"


def dot_colour(direction: str | None) -> str:
    return {rag.IMPROVING: GOOD, rag.WORSENING: BAD}.get(direction or "", GREY)


POUNDS = ("£", "£k", "£m")
WRITTEN_INTO_FIGURES = ("%", *POUNDS)  # units format_value writes into each figure


def format_value(value, decimals, unit: str | None = None) -> str:
    """A figure at the indicator's display precision, with its unit where it reads naturally."""
    if pd.isna(value):
        return "–"
    places = 2 if decimals is None or decimals != decimals else int(decimals)
    text = f"{float(rag.round_half_up(value, places)):,.{places}f}"  # as RAG compares it
    if unit == "%":
        return f"{text}%"
    if unit in POUNDS:
        return f"£{text}{unit[1:]}"
    return text


def counts_text(numerator, denominator) -> str:
    """A rate's counts as people read them beside it: "47 of 60" ("" without both)."""
    if pd.isna(numerator) or pd.isna(denominator):
        return ""
    return f"{_count(numerator)} of {_count(denominator)}"


def _count(number) -> str:
    """A count with thousands separators, its decimals only when it has any."""
    number = float(number)
    return f"{number:,.0f}" if number == round(number) else f"{number:,g}"


def value_with_counts(value, decimals, unit, numerator=None, denominator=None) -> str:
    """A figure with its counts beside it when it is a rate: "78.33% (47 of 60)"."""
    counts = counts_text(numerator, denominator)
    figure = format_value(value, decimals, unit)
    return f"{figure} ({counts})" if counts and not pd.isna(value) else figure


def target_text(target, decimals, unit, upper=None, basis=None) -> str:
    """A target as pages show it: a range's two bounds, and a year-to-date target's basis
    ("profiled" or "profiled evenly")."""
    if pd.isna(target):
        return "–"
    text = format_value(target, decimals, unit)
    if upper is not None and not pd.isna(upper):
        text = f"{text} to {format_value(upper, decimals, unit)}"
    if basis in (PROFILED, PROFILED_EVENLY):
        text = f"{text} ({basis})"
    return text


def figures(row) -> tuple[str, str]:
    """A status row's value (with a rate's counts) and target (with a range's upper bound or
    a profile's basis), as every page writes them."""
    return (
        value_with_counts(
            row["value"], row["decimals"], row["unit"], row.get("numerator"), row.get("denominator")
        ),
        target_text(
            row["target"],
            row["decimals"],
            row["unit"],
            row.get("target_upper"),
            row.get("target_basis"),
        ),
    )


def short_target(target, decimals, unit, upper=None) -> str:
    """A target in a headline's narrow space: a range as 8.0–12.0%."""
    if upper is None or pd.isna(upper) or pd.isna(target):
        return format_value(target, decimals, unit)
    lower = format_value(target, decimals, None if unit == "%" else unit)
    return f"{lower}–{format_value(upper, decimals, unit)}"


def headline_notes(row) -> str:
    """What a headline's figures leave out: a rate's counts and a target's profile."""
    notes = []
    counts = counts_text(row.get("numerator"), row.get("denominator"))
    if counts and not pd.isna(row.get("value")):
        notes.append(f"Latest: {counts}")
    basis = row.get("target_basis")
    if basis in (PROFILED, PROFILED_EVENLY) and not pd.isna(row.get("target")):
        notes.append(f"Target {basis} for the year to date")
    return " · ".join(notes)


DOT_AGAINST = {
    "none": "Against the previous period of the same frequency.",
    YEAR_TO_DATE: "Against the same period last year: a running total since 1 April cannot "
    "be compared with the previous period, a smaller part of the year.",
}


# The UK way of writing a date, for the pages' date columns (Streamlit's moment.js tokens).
UK_DATE_FORMAT, UK_DATETIME_FORMAT = "D MMM YYYY", "D MMM YYYY HH:mm"


def uk_date(value, empty: str = "not set") -> str:
    """A date as "9 Nov 2026" (no leading zero), or ``empty`` when there is none."""
    if pd.isna(value):
        return empty
    return f"{value.day} {value:%b %Y}"


def path_to_green_words(due, projection: str | None = None) -> str:
    """The path to green as the print view and the quarterly report write it: the action plan's
    own date, then the measure's own course (``PathToGreen.sentence()``: the projection of its
    trend, or a year-to-date measure's year-end forecast) when there is one."""
    words = f"the action plan's date {uk_date(due)}"
    return words + (f"; on current figures: {projection}" if projection else "")


def uk_datetime(value, empty: str = "") -> str:
    """A moment as "9 Nov 2026 14:05" (UK_DATETIME_FORMAT), or ``empty`` when there is none."""
    if pd.isna(value):
        return empty
    return f"{uk_date(value)} {value:%H:%M}"


# Making Data Count icons, as text: a letter for the side of the mean (H high, L low) or the
# assurance (P pass, F fail, ? hit and miss), never a RAG symbol or a direction arrow. Colours:
# blue for improvement, orange for concern, purple for neither, grey for common cause.
IMPROVEMENT_COLOUR, CONCERN_COLOUR, NEITHER_COLOUR = "#1d70b8", "#b94b12", "#4c2c92"
VARIATION = {
    "Common cause": ("◎", GREY),
    "Improvement (high)": ("[H]", IMPROVEMENT_COLOUR),
    "Improvement (low)": ("[L]", IMPROVEMENT_COLOUR),
    "Concern (high)": ("[H]", CONCERN_COLOUR),
    "Concern (low)": ("[L]", CONCERN_COLOUR),
    "Neither (high)": ("[H]", NEITHER_COLOUR),
    "Neither (low)": ("[L]", NEITHER_COLOUR),
}
ASSURANCE = {
    "Consistently passing": ("[P]", IMPROVEMENT_COLOUR),
    "Consistently failing": ("[F]", CONCERN_COLOUR),
    "Hit and miss": ("[?]", GREY),
}


def spc_badge(icon: str | None, assurance: str | None, short: bool = False) -> str:
    """Both SPC icons as letters with words: is this real change, and will we hit the target?
    ``short`` (a table's narrow cell) drops what the letters already say: (low), consistently."""
    parts = []
    if icon:
        words = icon.split(" (")[0] if short else icon
        parts.append(f"{VARIATION[icon][0]} {words.lower()}")
    if assurance:
        words = assurance.replace("Consistently ", "") if short else assurance
        parts.append(f"{ASSURANCE[assurance][0]} {words.lower()}")
    return " · ".join(parts)


def variation_colour(icon: str | None) -> str:
    """The colour of an SPC variation icon (grey when there is none)."""
    return VARIATION.get(icon or "", ("", GREY))[1]


POLARITY_WORDS = {
    "higher_is_better": "Higher is better",
    "lower_is_better": "Lower is better",
    "none": "None (no good direction)",
    rag.WITHIN_RANGE: "Within a range (from the target to its upper bound)",
}
ACCUMULATION_WORDS = {
    "none": "Each period on its own",
    YEAR_TO_DATE: "Year to date: a running figure since 1 April",
}
FREQUENCY_WORDS = {"six_monthly": "Six-monthly (half-years, April and October)"}
TOLERANCE_WORDS = {"percent": "(percent of the target)", "absolute": "(absolute, in the unit)"}
KIND_WORDS = {
    "kpi": "KPI: rated against its target",
    "contextual": "Contextual: tracked, never given a target or RAG",
    "place": "Place: the state of the area, tracked like a contextual measure, never rated",
}


def definition(meta: dict) -> dict[str, list[str]]:
    """An indicator's definition as Field/Value rows in words, for the drill-down."""

    def text(value) -> str:
        return "" if pd.isna(value) else str(value)

    stretch = meta.get("stretch")
    fields = {
        "ID": meta["indicator_id"],
        "Directorate": meta["directorate"],
        "Service": meta["service"],
        "Owner": text(meta["owner"]),
        "Frequency": FREQUENCY_WORDS.get(
            text(meta["frequency"]), text(meta["frequency"]).capitalize()
        ),
        "Polarity": POLARITY_WORDS.get(meta["polarity"], text(meta["polarity"])),
        "Kind": KIND_WORDS.get(meta["kind"], text(meta["kind"])),
        "Accumulation": ACCUMULATION_WORDS.get(meta.get("accumulation") or "none", ""),
        "Scale": _scale_words(meta.get("scale")),
        "Unit": text(meta["unit"]),
        "Amber tolerance": f"{meta['amber_tolerance']:g} "
        + TOLERANCE_WORDS.get(meta["tolerance_type"], ""),
        "Stretch threshold (Blue)": "" if stretch is None or stretch != stretch else f"{stretch:g}",
        "Committees": ", ".join(meta["committees"] if meta["committees"] is not None else [])
        or "none",
        "Description": text(meta["description"]),
        **_lag_and_threshold(meta),
    }
    return {"Field": list(fields), "Value": [text(v) for v in fields.values()]}


def _lag_and_threshold(meta: dict) -> dict[str, str]:
    """The definition's rows for a publication lag and a direction threshold, when set."""
    rows = {}
    lag = meta.get("lag_months")
    if lag is not None and lag == lag and int(lag) > 0:
        rows["Publication lag"] = (
            f"{int(lag)} months: late only when its latest period is older than its "
            f"frequency allows plus {int(lag)} months"
        )
    threshold = meta.get("dot_threshold")
    if threshold is not None and threshold == threshold and float(threshold) > 0:
        rows["Direction threshold"] = (
            f"{float(threshold):g} ({_unit_words(meta)}): a change of this much or less reads Same"
        )
    return rows


def _unit_words(meta: dict) -> str:
    """The indicator's unit in words for a definition row ("in its unit" when it has none)."""
    unit = meta.get("unit")
    return f"in {unit}" if isinstance(unit, str) and unit.strip() else "in its unit"


def _scale_words(scale) -> str:
    """How a rate's value comes from its counts: "numerator / denominator x 10,000"."""
    if scale is None or pd.isna(scale):
        return ""
    return f"numerator / denominator x {float(scale):,.0f}"


def override_note(reason, computed) -> str:
    """The RAG tooltip of an overridden status: the analyst's reason and the computed RAG."""
    reason = "no reason given" if reason is None or reason != reason else str(reason)
    return f"Override: {reason} (computed {computed})"
