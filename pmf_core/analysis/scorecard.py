"""The strategic scorecard's summaries: counts per panel, and where off-track measures sit."""

from __future__ import annotations

import pandas as pd

from pmf_core.analysis.changes import BETTER
from pmf_core.rules import rag
from pmf_core.rules.exception_list import ordered
from pmf_core.rules.periods import label_for_key
from pmf_core.rules.presentation import status_badge

COUNT_COLUMNS = [rag.RED, rag.AMBER, rag.GREEN, rag.BLUE, rag.NOT_RATED, rag.NO_DATA]
LATE = "Late"
# What one more measure in a count means: the page colours the change by it.
MORE_IS = {
    rag.RED: "worse",
    rag.AMBER: "worse",
    rag.GREEN: "better",
    rag.BLUE: "better",
    rag.NOT_RATED: "neither",
    rag.NO_DATA: "worse",
    LATE: "worse",
}
TURNED_RED, RECOVERED, NEW_EXCEPTION = "Turned Red", "Recovered", "New to exception"
NO_PANEL = "(none)"  # the panel of a measure with no perspective or priority


def panel_counts(status: pd.DataFrame, by: str, order: list[str] | None = None) -> pd.DataFrame:
    """One row per panel (perspective or priority): how many measures of each status, and late.

    Panels come in the council's order where it set one (``order``, any case), the rest
    alphabetically, and measures with no panel last.
    """
    if status.empty:
        return pd.DataFrame(columns=[by, *COUNT_COLUMNS, "Late", "Total"])
    frame = status.assign(**{by: status[by].fillna(NO_PANEL)})
    counts = pd.crosstab(frame[by], frame["rag"]).reindex(columns=COUNT_COLUMNS, fill_value=0)
    counts["Late"] = frame.groupby(by)["late"].sum().astype(int)
    counts["Total"] = frame.groupby(by).size()
    return counts.reindex(panel_order(counts.index.tolist(), order or [])).reset_index()


def panel_order(panels: list[str], order: list[str]) -> list[str]:
    """Panels in the set order (matched whatever their case and spacing), then the others A to
    Z, NO_PANEL last."""
    place = {_folded(name): i for i, name in enumerate(order)}

    def rank(panel: str) -> tuple:
        if panel == NO_PANEL:
            return (2, 0, "")
        found = place.get(_folded(panel))
        return (0, found, "") if found is not None else (1, 0, _folded(panel))

    return sorted(panels, key=rank)


def worst_panel(counts: pd.DataFrame, by: str) -> str | None:
    """The panel the scorecard opens on: most Red, then most Amber (the first such one in the
    panels' order)."""
    if counts.empty:
        return None
    return counts.sort_values([rag.RED, rag.AMBER], ascending=False, kind="stable")[by].iloc[0]


def panel_rows(status: pd.DataFrame, by: str, panel: str) -> pd.DataFrame:
    """The measures in one panel (NO_PANEL: those with none), worst first as the exceptions."""
    return ordered(status[status[by].fillna(NO_PANEL) == panel])


def _folded(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def off_track_pyramid(status: pd.DataFrame) -> pd.DataFrame:
    """Directorates and services ranked by how many measures are Red, then Amber."""
    if status.empty:
        return pd.DataFrame(
            columns=["directorate", "service", "Red", "Amber", "Rated", "Off track %"]
        )
    rated = status[status["rag"].isin([rag.RED, rag.AMBER, rag.GREEN, rag.BLUE])]
    table = (
        rated.groupby(["directorate", "service"])["rag"]
        .agg(
            Red=lambda s: int((s == rag.RED).sum()),
            Amber=lambda s: int((s == rag.AMBER).sum()),
            Rated="size",
        )
        .reset_index()
    )
    table["Off track %"] = (100 * (table["Red"] + table["Amber"]) / table["Rated"]).round(0)
    table = table[(table["Red"] + table["Amber"]) > 0]
    return table.sort_values(["Red", "Amber", "Off track %"], ascending=False, ignore_index=True)


def status_counts(status: pd.DataFrame) -> dict[str, int]:
    """How many measures have each status, and how many are late."""
    totals = status["rag"].value_counts()
    counts = {word: int(totals.get(word, 0)) for word in COUNT_COLUMNS}
    counts[LATE] = int(status["late"].sum())
    return counts


def count_changes(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Each count as at the month with its change since the earlier month: (count, change)."""
    old, new = status_counts(before), status_counts(after)
    return {word: (new[word], new[word] - old[word]) for word in new}


def movements(changes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The measures that turned Red, recovered (moved up out of Red or Amber), and are new to
    exception (not Red, Amber or Blue before, and now one of them), from a changes frame."""
    was, now = changes["from_rag"], changes["to_rag"]
    return {
        TURNED_RED: changes[now == rag.RED],
        RECOVERED: changes[was.isin([rag.RED, rag.AMBER]) & (changes["change"] == BETTER)],
        NEW_EXCEPTION: changes[~was.isin(rag.EXCEPTIONS) & now.isin(rag.EXCEPTIONS)],
    }


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    """Changed measures as text people read: name as typed, each status with its word, symbol
    and the period it was reported for."""

    def was(rags, periods) -> list[str]:
        return [
            f"{status_badge(r)} · {label_for_key(p, f)}"
            for r, p, f in zip(changes[rags], changes[periods], changes["frequency"])
        ]

    return pd.DataFrame(
        {
            "ID": changes["indicator_id"],
            "Measure": changes["name"],
            "Service": changes["service"],
            "Was": was("from_rag", "from_period"),
            "Now": was("to_rag", "to_period"),
        }
    ).reset_index(drop=True)
