"""The strategic scorecard's summaries: counts per panel, and where off-track measures sit."""
from __future__ import annotations

import pandas as pd

from pmf_core import rag

COUNT_COLUMNS = [rag.RED, rag.AMBER, rag.GREEN, rag.BLUE, rag.NOT_RATED, rag.NO_DATA]


def panel_counts(status: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per panel (perspective or priority): how many measures of each status, and late."""
    if status.empty:
        return pd.DataFrame(columns=[by, *COUNT_COLUMNS, "Late", "Total"])
    frame = status.assign(**{by: status[by].fillna("(none)")})
    counts = pd.crosstab(frame[by], frame["rag"]).reindex(columns=COUNT_COLUMNS, fill_value=0)
    counts["Late"] = frame.groupby(by)["late"].sum().astype(int)
    counts["Total"] = frame.groupby(by).size()
    return counts.reset_index()


def off_track_pyramid(status: pd.DataFrame) -> pd.DataFrame:
    """Directorates and services ranked by how many measures are Red, then Amber (seed 000)."""
    if status.empty:
        return pd.DataFrame(columns=["directorate", "service", "Red", "Amber", "Rated",
                                     "Off track %"])
    rated = status[status["rag"].isin([rag.RED, rag.AMBER, rag.GREEN, rag.BLUE])]
    table = (rated.groupby(["directorate", "service"])["rag"]
             .agg(Red=lambda s: int((s == rag.RED).sum()),
                  Amber=lambda s: int((s == rag.AMBER).sum()), Rated="size").reset_index())
    table["Off track %"] = (100 * (table["Red"] + table["Amber"]) / table["Rated"]).round(0)
    table = table[(table["Red"] + table["Amber"]) > 0]
    return table.sort_values(["Red", "Amber", "Off track %"], ascending=False,
                             ignore_index=True)
