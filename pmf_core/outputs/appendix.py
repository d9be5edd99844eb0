"""The committee appendix (the columns of a scrutiny committee's exception report), and safe CSV.

Every text cell is neutralised so a spreadsheet never runs it as a formula; numbers are rounded
to the indicator's decimals (as RAG compares them), so no format shows float noise. The Excel and
Word writers are in appendix_xlsx and appendix_docx; appendix_file picks one by format.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pmf_core.analysis import actions
from pmf_core.rules import cover, exception_list, rag
from pmf_core.rules.periods import label_for_key
from pmf_core.rules.presentation import counts_text, dot_badge, rag_badge, uk_date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
APPENDIX_COLUMNS = [
    "Indicator",
    "Service",
    "Period",
    "Unit",
    "Frequency",
    "Data",
    "Counts",
    "RAG",
    "DOT",
    "Target",
    "Target upper",  # a range's upper bound (staff turnover 8.0 to 12.0 %); empty otherwise
    "Last year",
    "Commentary",
    "Action",
    "Accountable officer",
    "Path to green",
]
NUMBER_COLUMNS = ("Data", "Target", "Target upper", "Last year")
# Columns the rows carry for the writers but no format shows: each figure's decimals, whether
# its RAG was overridden (shown as "✖ Red (override)", as on every page), and what a pack keeps
# to compare with later figures: the measure, its period's key, the unrounded value and the
# action's status.
HIDDEN = ("decimals", "rag_source", "indicator_id", "period_key", "value", "action_status")


def neutralise(text):
    """Prefix text that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM, so Excel reads it) with every text cell neutralised."""
    cleaned = frame.copy()
    for column in cleaned.columns:
        if cleaned[column].dtype == object or pd.api.types.is_string_dtype(cleaned[column]):
            cleaned[column] = cleaned[column].map(neutralise)
    return cleaned.to_csv(index=False).encode("utf-8-sig")


def appendix_rows(
    status: pd.DataFrame,
    store,
    today: date,
    plans: pd.DataFrame | None = None,
    sort_by: str = exception_list.BY_RAG,
) -> pd.DataFrame:
    """The exceptions as the committee appendix lists them, in the exceptions page's order.

    Numbers stay numbers, rounded to the indicator's decimals (which ride along in
    ``decimals``); the action is the one the page shows beside it (actions.beside_exceptions).
    """
    plans = actions.open_plans(store, today) if plans is None else plans
    rows = exception_list.ordered(status, sort_by)
    beside = actions.beside_exceptions(rows, plans)
    places = rows["decimals"].fillna(2).astype(int).to_numpy()
    officer = actions.accountable(rows, beside)
    return pd.DataFrame(
        {
            "Indicator": rows["name"].to_numpy(),
            "Service": rows["service"].to_numpy(),
            "Period": [label_for_key(k, f) for k, f in zip(rows["period"], rows["frequency"])],
            "Unit": rows["unit"].fillna("").to_numpy(),
            "Frequency": rows["frequency"].str.capitalize().to_numpy(),
            "Data": _rounded(rows["value"], places),
            "Counts": [counts_text(n, d) for n, d in zip(rows["numerator"], rows["denominator"])],
            "RAG": rows["rag"].to_numpy(),
            "DOT": [dot_badge(d, p) for d, p in zip(rows["dot"], rows["polarity"])],
            "Target": _rounded(rows["target"], places),
            "Target upper": _rounded(rows["target_upper"], places),
            "Last year": _rounded(rows["last_year_value"], places),
            "Commentary": rows["commentary"].fillna("").to_numpy(),
            "Action": beside["action"].to_numpy(),
            "Accountable officer": officer.to_numpy(),
            "Path to green": [_date(d) for d in beside["path_to_green"]],
            "decimals": places,
            "rag_source": rows["rag_source"].to_numpy(),
            "indicator_id": rows["indicator_id"].to_numpy(),
            "period_key": rows["period"].to_numpy(),
            "value": rows["value"].astype(float).to_numpy(),
            "action_status": beside["action_status"].to_numpy(),
        }
    )


def _rounded(values: pd.Series, places) -> list[float]:
    """Each value rounded half up at its own decimals (NaN when missing)."""
    return [
        float(rag.round_half_up(float(v), int(d))) if v == v and v is not None else float("nan")
        for v, d in zip(values, places)
    ]


def _date(value) -> date | None:
    stamp = pd.to_datetime(value, errors="coerce")
    return None if pd.isna(stamp) else stamp.date()


def plain_number(value, decimals: int) -> str:
    """A rounded figure as text at its decimals with no thousands separator ("" when missing)."""
    return "" if pd.isna(value) else f"{value:.{int(decimals)}f}"


def appendix_csv(rows: pd.DataFrame) -> bytes:
    """CSV: numbers written at the indicator's decimals (5202, 70.00), dates as 31 Mar 2021."""
    out = rows.drop(columns=list(HIDDEN)).copy()
    for name in NUMBER_COLUMNS:
        out[name] = [plain_number(v, d) for v, d in zip(rows[name], rows["decimals"])]
    out["RAG"] = [rag_badge(r, s) for r, s in zip(rows["RAG"], rows["rag_source"])]
    out["Path to green"] = [uk_date(d, "") for d in rows["Path to green"]]
    return safe_csv(out)


def cover_for(
    title: str,
    given: cover.CoverDetails,
    status: pd.DataFrame,
    rows: pd.DataFrame,
    *,
    as_at: int,
    committee: str | None,
    directorate: str | None,
    rags: list[str],
    today: date,
    service: str | None = None,
    late_only: bool = False,
    concerning_only: bool = False,
) -> cover.Cover:
    """The appendix's cover (also the print view's): every measure of the committee,
    directorate and service counted by status, then the exceptions listed (``rows``)."""
    population = status if service is None else status[status["service"] == service]
    extra = [
        words
        for words, on in (
            ("late returns only", late_only),
            ("special cause concerning only", concerning_only),
        )
        if on
    ]
    selection = cover.selection_text(as_at, committee, directorate, service, rags, extra)
    return cover.exceptions_cover(
        title,
        given,
        committee=committee,
        selection=selection,
        as_at=as_at,
        population=population["rag"],
        rags=rags,
        shown=rows["rag"],
        written=today,
        oldest=oldest_return(rows, as_at),
    )


def oldest_return(rows: pd.DataFrame, as_at: int) -> str | None:
    """The label of the oldest period shown, when it ends before the as-at month."""
    ends = pd.to_numeric(rows["end_index"], errors="coerce") if "end_index" in rows else None
    if ends is None or ends.isna().all() or ends.min() >= as_at:
        return None
    first = rows.iloc[int(ends.fillna(float("inf")).to_numpy().argmin())]
    return label_for_key(first["period"], first["frequency"])
