"""RAG status and direction of travel (docs/rules.md), written once over whole columns.

The store selects each indicator's latest, previous and last-year rows in SQL; these functions
apply the rules to those columns at once, so one indicator and two thousand take the same path.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmf_core.rules.cumulative import is_year_to_date

RED, AMBER, GREEN, BLUE = "Red", "Amber", "Green", "Blue"
NOT_RATED, NO_DATA = "Not rated", "No data"
STATUSES = (RED, AMBER, GREEN, BLUE, NOT_RATED, NO_DATA)
OVERRIDABLE = (RED, AMBER, GREEN, BLUE)
EXCEPTIONS = (RED, AMBER, BLUE)

IMPROVING, WORSENING, SAME = "Improving", "Worsening", "Same"
UP, DOWN, NOT_COMPARABLE = "Up", "Down", "Not comparable"
DIRECTIONS = (IMPROVING, WORSENING, SAME, UP, DOWN, NOT_COMPARABLE)

# A target range (a "goal post"): the target is its lower bound, target_upper its upper one.
WITHIN_RANGE = "within_range"

# Kinds tracked for context and never judged: no target, RAG, path to green or assurance.
# One rule for every such kind: contextual trackers and place measures (the state of the area).
UNRATED_KINDS = ("contextual", "place")

DEFAULT_TOLERANCE = 5.0
DEFAULT_TOLERANCE_TYPE = "percent"
DEFAULT_DECIMALS = 2
# Float slack when comparing already-rounded figures, far below any display precision.
_EPSILON = 1e-9


def round_half_up(values, decimals) -> np.ndarray:
    """Round as a spreadsheet shows a figure (half away from zero), not banker's rounding."""
    values = np.asarray(values, dtype=float)
    scale = np.power(10.0, np.asarray(decimals, dtype=float))
    scaled = np.round(values * scale, 6)  # absorb binary noise such as 2.675 -> 2.67499999
    return np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) / scale


def _signed_gap(value, target, polarity) -> np.ndarray:
    """value - target when higher is better, target - value when lower is better."""
    sign = np.where(polarity == "lower_is_better", -1.0, 1.0)
    return (value - target) * sign


def range_distance(value, lower, upper) -> np.ndarray:
    """How far each value lies outside its range (0 inside it, bounds included)."""
    value, lower, upper = (np.asarray(a, dtype=float) for a in (value, lower, upper))
    with np.errstate(invalid="ignore"):
        return np.where(value < lower, lower - value, np.where(value > upper, value - upper, 0.0))


def nearer_bound(value, lower, upper) -> np.ndarray:
    """The bound of the range a value is closer to (the lower one below or inside it)."""
    value, lower, upper = (np.asarray(a, dtype=float) for a in (value, lower, upper))
    return np.where(value > upper, upper, lower)


def tolerance_amount(tolerance, tolerance_type, target) -> np.ndarray:
    """The amber band in the measure's own unit, for drawing it."""
    tolerance = pd.Series(tolerance, dtype=float).fillna(DEFAULT_TOLERANCE).to_numpy()
    kinds = pd.Series(tolerance_type, dtype=object).fillna(DEFAULT_TOLERANCE_TYPE).to_numpy()
    return _band(tolerance, kinds, np.asarray(target, dtype=float))


def _band(amount, tolerance_type, target) -> np.ndarray:
    """A tolerance (or stretch) as an amount of the measure's unit."""
    return np.where(tolerance_type == "absolute", amount, amount * np.abs(target) / 100.0)


def rag_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Add rag_computed, rag and rag_source to a frame of observations joined to indicators.

    Needs columns value, target, polarity, kind, amber_tolerance, tolerance_type, stretch,
    decimals, rag_override (missing numbers as NaN, missing text as None or NaN).
    """
    decimals = _decimals(frame)
    value = round_half_up(frame["value"].astype(float), decimals)
    target = round_half_up(frame["target"].astype(float), decimals)
    polarity = frame["polarity"].fillna("none").to_numpy(dtype=object)
    tol_type = frame["tolerance_type"].fillna(DEFAULT_TOLERANCE_TYPE).to_numpy(dtype=object)
    tolerance = frame["amber_tolerance"].astype(float).fillna(DEFAULT_TOLERANCE).to_numpy()
    stretch = frame["stretch"].astype(float).to_numpy()

    upper = round_half_up(_column(frame, "target_upper"), decimals)
    ranged = polarity == WITHIN_RANGE
    gap = np.where(
        ranged, -range_distance(value, target, upper), _signed_gap(value, target, polarity)
    )
    band = _band(tolerance, tol_type, np.where(ranged, nearer_bound(value, target, upper), target))
    stretch_band = _band(stretch, tol_type, target)
    not_rated = (
        ~is_rated_kind(frame["kind"])
        | (polarity == "none")
        | np.isnan(target)
        | (ranged & np.isnan(upper))
    )
    computed = np.select(
        [
            np.isnan(value),
            not_rated,
            ~ranged & ~np.isnan(stretch) & (gap >= stretch_band - _EPSILON),
            gap >= -_EPSILON,
            -gap <= band + _EPSILON,
        ],
        [NO_DATA, NOT_RATED, BLUE, GREEN, AMBER],
        default=RED,
    )
    # A contextual measure is never judged, so an override cannot give it a colour either.
    override = np.where(is_rated_kind(frame["kind"]), _override_words(frame["rag_override"]), "")
    out = frame.copy()
    out["rag_computed"] = computed
    out["rag"] = np.where(override != "", override, computed)
    out["rag_source"] = np.where(override != "", "override", "computed")
    return out


def is_rated_kind(kind) -> np.ndarray:
    """Whether each measure's kind is judged against a target (a missing kind is a KPI)."""
    return ~pd.Series(kind, dtype=object).fillna("kpi").isin(UNRATED_KINDS).to_numpy()


def without_unrated_targets(
    frame: pd.DataFrame, columns: tuple[str, ...] = ("target",)
) -> pd.DataFrame:
    """The frame with the target columns emptied for kinds never judged, so no page, export or
    chart shows a target loaded for a contextual measure."""
    out = frame.copy()
    unrated = ~is_rated_kind(out["kind"])
    for column in columns:
        out[column] = out[column].astype(float).where(~unrated)
    return out


def _column(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A numeric column, or NaN throughout when the frame has none (an older caller's)."""
    if name in frame:
        return frame[name].astype(float).to_numpy()
    return np.full(len(frame), np.nan)


def _decimals(frame: pd.DataFrame) -> np.ndarray:
    return frame["decimals"].astype(float).fillna(DEFAULT_DECIMALS).to_numpy()


def _override_words(column: pd.Series) -> np.ndarray:
    words = column.fillna("").astype(str).str.strip().str.capitalize()
    return np.where(words.isin(OVERRIDABLE), words, "")


def direction(
    value, previous, polarity, decimals, threshold=0.0, lower=None, upper=None
) -> np.ndarray:
    """Direction of travel from previous to value, both rounded to display decimals; a change
    no bigger than the measure's threshold (in its unit; none is 0) is Same.

    For a within-range measure (``lower`` and ``upper`` its range) the change that counts is
    in the distance to the range: shrinking is improving, growing worsening.
    """
    value = round_half_up(np.asarray(value, dtype=float), decimals)
    previous = round_half_up(np.asarray(previous, dtype=float), decimals)
    polarity = np.asarray(polarity, dtype=object)
    threshold = np.abs(np.nan_to_num(np.asarray(threshold, dtype=float), nan=0.0))
    change = value - previous
    rising, falling = change > threshold + _EPSILON, change < -threshold - _EPSILON
    good = np.where(polarity == "lower_is_better", falling, rising)
    bad = np.where(polarity == "lower_is_better", rising, falling)
    unpolarised = polarity == "none"
    if lower is not None and upper is not None:
        lower = round_half_up(np.asarray(lower, dtype=float), decimals)
        upper = round_half_up(np.asarray(upper, dtype=float), decimals)
        closer = range_distance(previous, lower, upper) - range_distance(value, lower, upper)
        ranged = (polarity == WITHIN_RANGE) & ~np.isnan(closer)
        good = np.where(ranged, closer > _EPSILON, good)
        bad = np.where(ranged, closer < -_EPSILON, bad)
        steady = ranged & ~good & ~bad
        rising, falling = rising & ~steady, falling & ~steady
        unpolarised = unpolarised | ((polarity == WITHIN_RANGE) & np.isnan(closer))
    return np.select(
        [
            np.isnan(change),
            ~rising & ~falling,
            unpolarised & rising,
            unpolarised & falling,
            good,
            bad,
        ],
        [NOT_COMPARABLE, SAME, UP, DOWN, IMPROVING, WORSENING],
        default=NOT_COMPARABLE,
    )


def dot_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Add dot (against the previous period) and dot_last_year, from previous_value and
    last_year_value (each within the measure's dot_threshold, when the frame has one, is Same).
    A year-to-date measure's dot is against last year too: its previous period is a smaller
    share of the year, so not comparable. A range's distances are taken from the latest
    period's range."""
    decimals = _decimals(frame)
    polarity = frame["polarity"].fillna("none").to_numpy(dtype=object)
    threshold = frame.get("dot_threshold", 0.0)
    lower, upper = _column(frame, "target"), _column(frame, "target_upper")
    out = frame.copy()
    last_year = direction(
        frame["value"], frame["last_year_value"], polarity, decimals, threshold, lower, upper
    )
    previous = direction(
        frame["value"], frame["previous_value"], polarity, decimals, threshold, lower, upper
    )
    ytd = is_year_to_date(frame["accumulation"]) if "accumulation" in frame else False
    out["dot"] = np.where(ytd, last_year, previous)
    out["dot_last_year"] = last_year
    return out


def rag_status(
    value,
    target,
    polarity="higher_is_better",
    *,
    kind="kpi",
    tolerance=None,
    tolerance_type=None,
    stretch=None,
    decimals=None,
    override=None,
    target_upper=None,
) -> str:
    """The status of a single observation: a convenience over rag_columns for one row."""
    row = pd.DataFrame(
        [
            {
                "value": np.nan if value is None else value,
                "target": np.nan if target is None else target,
                "polarity": polarity,
                "kind": kind,
                "amber_tolerance": tolerance,
                "tolerance_type": tolerance_type,
                "stretch": np.nan if stretch is None else stretch,
                "decimals": decimals,
                "rag_override": override,
                "target_upper": np.nan if target_upper is None else target_upper,
            }
        ]
    )
    return str(rag_columns(row)["rag"].iloc[0])


def direction_of_travel(
    value,
    previous,
    polarity="higher_is_better",
    decimals=None,
    threshold=0.0,
    lower=None,
    upper=None,
) -> str:
    """Direction of travel for a single pair of values (a range's bounds when it has one)."""
    dec = [DEFAULT_DECIMALS if decimals is None else decimals]
    return str(
        direction(
            [np.nan if value is None else value],
            [np.nan if previous is None else previous],
            [polarity],
            dec,
            [threshold],
            [np.nan if lower is None else lower],
            [np.nan if upper is None else upper],
        )[0]
    )
