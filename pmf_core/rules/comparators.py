"""The benchmarking rules, one rule per function, on plain numbers and frames.

For a metric, a period and a group: the comparators are the group's other members with a value
(the own area and reference areas, such as England or the region, excluded); ``areas`` is
their number plus one; rank 1 is the best, ties share the best rank; quartile 1 is the best
quarter; the group's median and quartiles are the comparators' percentiles by numpy's default
(linear) method.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Which way is better: +1 higher, -1 lower; polarity none has no better, so no rank.
BETTER = {"higher_is_better": 1, "lower_is_better": -1}
POSITION_COLUMNS = (
    "period",
    "end_index",
    "value",
    "rank",
    "areas",
    "quartile",
    "group_median",
    "group_lower_quartile",
    "group_upper_quartile",
)
# Areas that are always references, never peers: England.
ALWAYS_REFERENCE = ("E92000001",)
QUARTER_WORDS = {1: "top quarter", 2: "second quarter", 3: "third quarter", 4: "bottom quarter"}


def rank(own: float, comparators, polarity: str | None) -> int | None:
    """1 + the number of comparators strictly better than the own value; None without polarity."""
    sign = BETTER.get(polarity or "none")
    if sign is None:
        return None
    others = np.asarray(comparators, dtype=float)
    return 1 + int(np.count_nonzero(sign * (others - own) > 0))


def quartile(position: int | None, areas: int) -> int | None:
    """ceil(4 * rank / areas), 1 the best quarter; None without a rank or a comparator."""
    if position is None or areas < 2:
        return None
    return -(-4 * position // areas)


def percentiles(comparators) -> tuple[float | None, float | None, float | None]:
    """The comparators' (median, lower quartile, upper quartile); Nones when there are none."""
    values = np.asarray(comparators, dtype=float)
    if not len(values):
        return None, None, None
    median, lower, upper = np.percentile(values, [50, 25, 75])
    return float(median), float(lower), float(upper)


def position(own: float, comparators, polarity: str | None) -> dict:
    """The own value's rank, areas, quartile and the group's percentiles, for one period."""
    place = rank(own, comparators, polarity)
    areas = len(comparators) + 1
    median, lower, upper = percentiles(comparators)
    return {
        "value": own,
        "rank": place,
        "areas": areas,
        "quartile": quartile(place, areas),
        "group_median": median,
        "group_lower_quartile": lower,
        "group_upper_quartile": upper,
    }


def positions(values: pd.DataFrame, own: str, polarity: str | None) -> pd.DataFrame:
    """One row per period in which the own area has a value, oldest first.

    ``values`` has area_code, period, end_index and value for the group's areas (the own area's
    rows among them); missing values are not comparators.
    """
    given = peers(values[values["value"].notna()])
    rows = []
    for (period, end), found in given.groupby(["period", "end_index"], sort=False):
        mine = found["area_code"] == own
        if mine.any():
            own_value = float(found.loc[mine, "value"].iloc[0])
            comparators = found.loc[~mine, "value"].to_numpy(dtype=float)
            rows.append(
                {"period": period, "end_index": end, **position(own_value, comparators, polarity)}
            )
    frame = pd.DataFrame(rows, columns=list(POSITION_COLUMNS))
    for column in ("rank", "areas", "quartile"):
        frame[column] = frame[column].astype("Int64")
    return frame.sort_values("end_index", kind="stable").reset_index(drop=True)


def ranked(values: pd.DataFrame, own: str, polarity: str | None) -> pd.DataFrame:
    """One period's areas with a value, best first (largest first without polarity), each with
    its rank among them (ties share the best rank) and whether it is the own area; reference
    areas are left out (``references`` lists them)."""
    given = peers(values[values["value"].notna()]).copy()
    sign = BETTER.get(polarity or "none")
    scores = given["value"] * (sign or 1)
    given["rank"] = (
        scores.rank(method="min", ascending=False).astype("Int64")
        if sign
        else pd.array([pd.NA] * len(given), dtype="Int64")
    )
    given["is_own"] = given["area_code"] == own
    order = np.lexsort((given["area_name"].astype(str).to_numpy(), -scores.to_numpy()))
    return given.iloc[order].reset_index(drop=True)


def peers(values: pd.DataFrame) -> pd.DataFrame:
    """The rows of areas compared with the own one: every row but reference areas'."""
    if "is_reference" not in values:
        return values
    return values[~values["is_reference"].fillna(False).astype(bool)]


def references(values: pd.DataFrame) -> pd.DataFrame:
    """One period's reference areas with a value (England, the region), by name: drawn as
    lines and listed apart, never ranked."""
    if "is_reference" not in values:
        return values.iloc[:0]
    given = values[values["value"].notna() & values["is_reference"].fillna(False).astype(bool)]
    return given.sort_values("area_name", kind="stable").reset_index(drop=True)


def quarter_words(quartile_number) -> str | None:
    """ "top quarter" ... "bottom quarter", or None when there is no quartile."""
    if quartile_number is None or pd.isna(quartile_number):
        return None
    return QUARTER_WORDS[int(quartile_number)]


def decimals_shown(values, most: int = 2) -> int:
    """Decimal places that show every loaded value as it was loaded (at most ``most``): one
    precision for a metric's values, medians and quartiles alike."""
    numbers = np.asarray(pd.Series(values, dtype=float).dropna(), dtype=float)
    return next((d for d in range(most) if np.allclose(numbers, np.round(numbers, d))), most)
