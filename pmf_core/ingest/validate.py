"""The data contract (docs/data-contract.md): a validator per kind of file, all problems told."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pmf_core.ingest.cells import Cells
from pmf_core.ingest.problems import Problem, excerpt
from pmf_core.ingest.reading import RawTable
from pmf_core.rules import people, rag
from pmf_core.rules.cumulative import YEAR_TO_DATE
from pmf_core.rules.periods import (
    FINANCIAL_YEAR,
    FIRST_YEAR,
    FREQUENCIES,
    LAST_YEAR,
    financial_year_start,
    fy_label,
    month_label,
)
from pmf_core.store.schema import INDICATOR_COLUMNS

# A comparator metric's polarities; a council's own measure may also keep within a range.
POLARITIES = ("higher_is_better", "lower_is_better", "none")
MEASURE_POLARITIES = (*POLARITIES, rag.WITHIN_RANGE)
ACCUMULATIONS = ("none", YEAR_TO_DATE)
# A rate's scale: the value is numerator / denominator x scale (100 a percent, 10000 per 10,000).
SCALES = (1, 100, 1000, 10000, 100000)
KINDS = ("kpi", "contextual", "place")
LEVELS = ("strategic", "service", "operational")
# Other ways people write a frequency.
FREQUENCY_ALIASES = {"six-monthly": "six_monthly", "half-yearly": "six_monthly"}
MAX_LAG_MONTHS = 120  # ten years: a publication lag longer than that is a typing slip
TOLERANCE_TYPES = ("percent", "absolute")

REQUIRED_INDICATOR_COLUMNS = (
    "indicator_id",
    "name",
    "directorate",
    "service",
    "unit",
    "frequency",
    "polarity",
)
# Each kind of file's columns: (required, optional).
FILE_COLUMNS = {
    "indicators": (
        REQUIRED_INDICATOR_COLUMNS,
        tuple(c for c in INDICATOR_COLUMNS if c not in REQUIRED_INDICATOR_COLUMNS),
    ),
    "targets": (("indicator_id", "financial_year", "target"), ("period", "target_upper")),
    "observations": (
        ("indicator_id", "period", "value"),
        (
            "target",
            "commentary",
            "action",
            "rag_override",
            "override_reason",
            "note",
            "numerator",
            "denominator",
        ),
    ),
    "benchmarks": (
        ("metric_id", "metric_name", "area_code", "area_name", "period", "value"),
        ("unit", "polarity", "source"),
    ),
    "groups": (("group", "area_code"), ("area_name", "reference")),
}
KINDS_OF_FILE = tuple(FILE_COLUMNS)
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")


# Unknown columns named one warning each up to this many; past it, one warning names the first
# few and counts the rest (a file of 10,000 stray columns is not 10,000 lines).
UNKNOWN_NAMED = 5


def check_columns(raw: RawTable, kind: str) -> tuple[list[Problem], list[str]]:
    """Missing required columns (problems, with the kind of file the columns fit, if another)
    and unknown extra ones (warnings)."""
    required, optional = FILE_COLUMNS[kind]
    present = set(raw.headers)
    problems = [
        Problem(1, name, None, "this required column is missing")
        for name in required
        if name not in present
    ]
    if problems:
        problems += [
            Problem(
                None,
                None,
                None,
                f"the columns fit a {other} file: if that is what it is, load it as {other}",
            )
            for other in fitting_kinds(present)
        ]
    unknown = [
        excerpt(raw.headers[name]) for name in raw.headers if name not in required + optional
    ]
    return problems, unknown_warnings(unknown, kind)


def fitting_kinds(present: set[str]) -> list[str]:
    """The kinds of file whose required columns a file's headers all hold."""
    return [kind for kind, (required, _) in FILE_COLUMNS.items() if set(required) <= present]


def unknown_warnings(names: list[str], kind: str) -> list[str]:
    """One warning per unknown column, or, past UNKNOWN_NAMED, one naming the first few."""
    if len(names) <= UNKNOWN_NAMED:
        return [f'column "{name}" is not part of the {kind} file and was ignored' for name in names]
    shown = ", ".join(f'"{name}"' for name in names[:UNKNOWN_NAMED])
    return [
        f"{len(names):,} columns are not part of the {kind} file and were ignored: {shown} "
        f"and {len(names) - UNKNOWN_NAMED:,} more"
    ]


def validate_indicators(
    cells: Cells, known: dict[str, str] | None = None, observed: set[str] | frozenset = frozenset()
) -> pd.DataFrame:
    """Definitions to upsert; known frequencies and the ids with observations guard changes."""
    ids = _ids(cells)
    _duplicates(cells, ["indicator_id"], "indicator_id", "this indicator appears again")
    out = pd.DataFrame({"indicator_id": ids})
    for column in ("name", "directorate", "service", "frequency", "polarity"):
        cells.required(column)
    for column in (
        "name",
        "directorate",
        "service",
        "unit",
        "priority",
        "owner",
        "description",
        "benchmark_metric",
        "perspective",
    ):
        out[column] = _text_or_none(cells.free_text(column))
    out["frequency"] = cells.choice("frequency", FREQUENCIES, aliases=FREQUENCY_ALIASES)
    _frequency_changes(cells, ids, out["frequency"], known or {}, observed)
    out["polarity"] = cells.choice("polarity", MEASURE_POLARITIES)
    out["kind"] = cells.choice("kind", KINDS, default="kpi")
    out["level"] = cells.choice("level", LEVELS)
    committees = cells.free_text("committees").str.split(";")
    out["committees"] = committees.map(
        lambda parts: ";".join(p.strip() for p in parts if p.strip())
    )
    out["amber_tolerance"] = _or_default(
        cells.number("amber_tolerance", minimum=0), rag.DEFAULT_TOLERANCE
    )
    out["tolerance_type"] = cells.choice(
        "tolerance_type", TOLERANCE_TYPES, default=rag.DEFAULT_TOLERANCE_TYPE
    )
    out["stretch"] = cells.number("stretch", minimum=0)
    out["decimals"] = _decimals(cells)
    out["public"] = cells.choice("public", ("yes", "no"), default="no") == "yes"
    out["lag_months"] = _lag_months(cells)
    out["dot_threshold"] = _or_default(cells.number("dot_threshold", minimum=0), 0.0)
    out["accumulation"] = cells.choice("accumulation", ACCUMULATIONS, default="none")
    out["scale"] = _scale(cells, out["unit"])
    for column in ("inputter", "checker"):
        out[column] = _people(cells, column)
    return out


def _people(cells: Cells, column: str) -> pd.Series:
    """Who enters or checks a measure's returns: sign-in names or e-mail addresses, ";"
    between them; each name that is neither is reported."""
    text = cells.free_text(column)
    bad = text.map(people.bad_entry)
    cells.report(
        bad.notna().to_numpy(),
        column,
        bad.fillna(""),
        '"{value}" is neither an e-mail address nor a sign-in name (letters, digits, ".", '
        '"_" or "-"); separate several with ";"',
    )
    return text.map(people.joined).astype(object).where(bad.isna(), None)


def _lag_months(cells: Cells) -> np.ndarray:
    """Months a national body takes to publish a period: a whole number, 0 when not given."""
    numbers = cells.number("lag_months", minimum=0)
    odd = ~np.isnan(numbers) & ((numbers != np.round(numbers)) | (numbers > MAX_LAG_MONTHS))
    cells.report(
        odd,
        "lag_months",
        cells.text("lag_months"),
        f'"{{value}}" is not a whole number of months from 0 to {MAX_LAG_MONTHS}',
    )
    return np.where(np.isnan(numbers) | odd, 0, numbers).astype(int)


def _scale(cells: Cells, units: pd.Series) -> np.ndarray:
    """A rate's scale, written 10000, 10,000 or "per 10,000"; by default 100 for a percent
    measure and 1 for any other."""
    text = cells.text("scale")
    bare = text.str.replace(r"(?i)^per\s+", "", regex=True).str.replace(",", "", regex=False)
    numbers = pd.to_numeric(bare.where(bare != ""), errors="coerce").to_numpy(dtype=float)
    cells.report(
        (text != "").to_numpy() & ~np.isin(numbers, SCALES),
        "scale",
        text,
        '"{value}" is not a scale; use 1, 100, 1000, 10000 or 100000 ("per 10,000" is 10000)',
    )
    default = np.where(units.fillna("").to_numpy(dtype=object) == "%", 100.0, 1.0)
    return np.where(np.isin(numbers, SCALES), numbers, default)


def validate_targets(
    cells: Cells, known: dict[str, str], polarities: dict[str, str] | None = None
) -> pd.DataFrame:
    """Targets for a year, or profiled for one period of it; a range's upper bound beside."""
    ids = _known_ids(cells, known)
    years = cells.required("financial_year")
    match = years.str.extract(FINANCIAL_YEAR.pattern, flags=FINANCIAL_YEAR.flags)
    start = pd.to_numeric(match[0], errors="coerce")
    good = start.notna() & ((start + 1) % 100 == pd.to_numeric(match[1], errors="coerce"))
    cells.report(
        (~good & (years != "")).to_numpy(),
        "financial_year",
        years,
        '"{value}" is not a financial year; use the form 2020/21',
    )
    outside = good & ((start < FIRST_YEAR) | (start + 1 > LAST_YEAR))
    cells.report(
        outside.to_numpy(),
        "financial_year",
        years,
        f'"{{value}}" is outside the years {FIRST_YEAR} to {LAST_YEAR}',
    )
    good &= ~outside
    labels = [fy_label(int(s)) if ok else None for s, ok in zip(start.fillna(0), good)]
    out = pd.DataFrame({"indicator_id": ids, "financial_year": labels})
    target = cells.number("target")
    cells.report(
        np.isnan(target) & cells.missing("target"),
        "target",
        cells.text("target"),
        "is empty; give the year's target, or leave the row out",
    )
    out["target"] = target
    out["period"] = _target_periods(cells, ids.map(known), out["financial_year"])
    out["target_upper"] = _target_upper(cells, target, ids.map(polarities or {}))
    profiled = "period" in cells.frame
    _duplicates(
        cells,
        ["indicator_id", "financial_year", "period"],
        "period" if profiled else "financial_year",
        f"this indicator{', year and period' if profiled else ' and year'} appear again",
        keys=out,
    )
    return out


def _target_periods(cells: Cells, frequencies: pd.Series, years: pd.Series) -> np.ndarray:
    """Each row's profiled period key, '' for the year's own target; a period must fall in
    the row's financial year."""
    keys, ends = cells.periods("period", frequencies)
    given = pd.notna(keys)
    period_years = [fy_label(financial_year_start(e)) if e >= 0 else None for e in ends]
    elsewhere = given & (np.array(period_years, dtype=object) != years.to_numpy(dtype=object))
    cells.report(
        elsewhere & years.notna().to_numpy(),
        "period",
        cells.text("period"),
        '"{value}" is not in the row\'s financial year',
    )
    return np.where(given, keys, "").astype(object)


def _target_upper(cells: Cells, target: np.ndarray, polarities: pd.Series) -> np.ndarray:
    """The upper bound of a target range: needed for a within-range measure, and not below
    the target (its lower bound)."""
    upper = cells.number("target_upper")
    ranged = (polarities == rag.WITHIN_RANGE).to_numpy()
    cells.report(
        ranged & np.isnan(upper) & cells.missing("target_upper"),
        "target_upper",
        cells.text("target_upper"),
        "is empty; a within-range measure needs the range's upper bound (target is the lower)",
    )
    known = polarities.notna().to_numpy()
    cells.report(
        known & ~ranged & ~np.isnan(upper),
        "target_upper",
        cells.text("target_upper"),
        '"{value}" is an upper bound, but this measure has no target range (polarity '
        "within_range); leave it empty",
    )
    cells.report(
        ~np.isnan(upper) & ~np.isnan(target) & (upper < target),
        "target_upper",
        cells.text("target_upper"),
        '"{value}" is below the target, the lower bound of the range',
    )
    return upper


def validate_observations(
    cells: Cells,
    known: dict[str, str],
    latest_allowed: int,
    rates: dict[str, tuple[float, int]] | None = None,
) -> pd.DataFrame:
    """The extract's rows; ``rates`` gives each indicator's (scale, decimals) for values
    computed from, or checked against, a numerator and denominator."""
    ids = _known_ids(cells, known)
    frequencies = ids.map(known)
    cells.required("period")
    keys, ends = cells.periods("period", frequencies)
    future = ends > latest_allowed
    cells.report(
        future,
        "period",
        cells.text("period"),
        f'"{{value}}" is in the future; the latest period allowed ends in '
        f"{month_label(latest_allowed)}",
    )
    out = pd.DataFrame({"indicator_id": ids, "period": keys, "end_index": ends})
    out["financial_year"] = [fy_label(financial_year_start(e)) if e >= 0 else None for e in ends]
    out["value"] = cells.number("value")
    out["target"] = cells.number("target")
    for column in ("commentary", "action", "note", "override_reason"):
        out[column] = _text_or_none(cells.free_text(column))
    _rates(cells, out, ids.map(rates or {}))
    cells.report(
        np.isnan(out["value"].to_numpy(dtype=float))
        & cells.missing("value")
        & out["note"].isna().to_numpy(),
        "note",
        cells.text("note"),
        "is empty, but the row has no value; say why data is missing",
    )
    out["rag_override"] = cells.choice("rag_override", rag.OVERRIDABLE)
    needs_reason = out["rag_override"].notna() & out["override_reason"].isna()
    cells.report(
        needs_reason.to_numpy(),
        "override_reason",
        cells.text("override_reason"),
        "is empty; a RAG override needs its reason",
    )
    _duplicates(
        cells,
        ["indicator_id", "period"],
        "period",
        "this indicator and period appear again",
        keys=out,
    )
    return out


def _rates(cells: Cells, out: pd.DataFrame, rates: pd.Series) -> None:
    """Numerator and denominator: the value when it is empty, else checked against it at the
    indicator's decimals."""
    numerator = cells.number("numerator", minimum=0)
    denominator = cells.number("denominator")
    out["numerator"], out["denominator"] = numerator, denominator
    has_num, has_den = ~np.isnan(numerator), ~np.isnan(denominator)
    for column, alone in (("denominator", has_num & ~has_den), ("numerator", has_den & ~has_num)):
        cells.report(
            alone & cells.missing(column),
            column,
            cells.text(column),
            "is empty; a rate needs both its numerator and its denominator",
        )
    cells.report(
        has_den & (denominator <= 0),
        "denominator",
        cells.text("denominator"),
        '"{value}" is not above 0; a rate cannot be divided by it',
    )
    known = rates.notna().to_numpy()
    scale = np.array([r[0] if isinstance(r, tuple) else 1.0 for r in rates], dtype=float)
    decimals = np.array([r[1] if isinstance(r, tuple) else 2 for r in rates], dtype=float)
    usable = known & has_num & has_den & (denominator > 0)
    computed = np.full(len(out), np.nan)
    computed[usable] = numerator[usable] / denominator[usable] * scale[usable]
    value = out["value"].to_numpy(dtype=float)
    given = usable & ~np.isnan(value) & ~cells.missing("value")
    disagree = given & (
        np.abs(rag.round_half_up(value, decimals) - rag.round_half_up(computed, decimals))
        > np.power(10.0, -decimals) / 2
    )
    for row in np.flatnonzero(disagree):
        mask = np.zeros(len(out), dtype=bool)
        mask[row] = True
        shown = rag.round_half_up([computed[row]], [decimals[row]])[0]
        cells.report(
            mask,
            "value",
            cells.text("value"),
            f'"{{value}}" does not agree with numerator {numerator[row]:g} / denominator '
            f"{denominator[row]:g} x {scale[row]:g} = {shown:.{int(decimals[row])}f}",
        )
    fill = usable & np.isnan(value) & cells.missing("value")
    out["value"] = np.where(fill, computed, value)


def ignored_for_unrated(rows: pd.DataFrame, kinds: dict[str, str]) -> list[str]:
    """Warnings for targets and RAG overrides given to measures never judged (contextual, place):
    they are kept as loaded but never shown or used."""
    unrated = ~rag.is_rated_kind(rows["indicator_id"].map(kinds))
    warnings = []
    for column, what in (("target", "targets"), ("rag_override", "RAG overrides")):
        if column in rows:
            given = unrated & rows[column].notna().to_numpy()
            ids = sorted(set(rows.loc[given, "indicator_id"]))
            if ids:
                warnings.append(
                    f"{what} for {', '.join(excerpt(i) for i in ids)} are ignored: "
                    "a contextual or place measure is never given a target or RAG"
                )
    return warnings


def _frequency_changes(
    cells: Cells, ids: pd.Series, frequencies: pd.Series, known: dict[str, str], observed
) -> None:
    """A stored indicator with observations keeps its frequency: its periods depend on it."""
    stored = ids.map(known)
    changed = (
        stored.notna() & frequencies.notna() & (frequencies != stored) & ids.isin(list(observed))
    )
    for old in stored[changed].unique():
        cells.report(
            (changed & (stored == old)).to_numpy(),
            "frequency",
            cells.text("frequency"),
            f'"{{value}}" would change the frequency from {old}, but this indicator '
            f"already has observations; keep {old}, or load it under a new id",
        )


def _ids(cells: Cells) -> pd.Series:
    ids = cells.required("indicator_id")
    bad = (ids != "") & ~ids.str.fullmatch(_ID.pattern)
    cells.report(
        bad.to_numpy(),
        "indicator_id",
        ids,
        '"{value}" is not a valid id; use 1 to 40 letters, digits, "_", "." or "-"',
    )
    return ids


def _known_ids(cells: Cells, known: dict[str, str]) -> pd.Series:
    ids = cells.required("indicator_id")
    unknown = (ids != "") & ~ids.isin(list(known))
    cells.report(
        unknown.to_numpy(),
        "indicator_id",
        ids,
        '"{value}" is not a known indicator; load it in the indicators file first',
    )
    return ids


def _duplicates(
    cells: Cells,
    key_columns: list[str],
    column: str,
    message: str,
    keys: pd.DataFrame | None = None,
) -> None:
    """Report every repeat of a key after its first row, naming that first row."""
    frame = (
        keys[key_columns]
        if keys is not None
        else cells.frame[key_columns].apply(lambda c: c.str.strip())
    )
    frame = frame.assign(row=cells.rows).dropna(subset=key_columns)
    repeated = frame[frame.duplicated(key_columns, keep=False)]
    if repeated.empty:
        return
    first = repeated.groupby(key_columns, sort=False)["row"].transform("min")
    for row, first_row, value in zip(repeated["row"], first, repeated[column]):
        if row != first_row:
            cells.problems.append(
                Problem(int(row), column, str(value), f"{message} (first at row {first_row})")
            )


def _text_or_none(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values != "", None)


def _or_default(numbers: np.ndarray, default: float) -> np.ndarray:
    return np.where(np.isnan(numbers), default, numbers)


def _decimals(cells: Cells) -> np.ndarray:
    numbers = cells.number("decimals", minimum=0)
    odd = ~np.isnan(numbers) & ((numbers != np.round(numbers)) | (numbers > 6))
    cells.report(
        odd,
        "decimals",
        cells.text("decimals"),
        '"{value}" is not a whole number of decimal places from 0 to 6',
    )
    return np.where(np.isnan(numbers) | odd, rag.DEFAULT_DECIMALS, numbers).astype(int)
