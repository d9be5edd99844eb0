"""Which exceptions a committee sees and in what order: one rule for the page, print and appendix.

The exceptions page, its print view and the committee appendix all filter and order a status
frame here, so the paper lists the measures exactly as the screen does.
"""

from __future__ import annotations

import pandas as pd

from pmf_core.rules import rag

# Worst first: what needs explaining, then the exceptionally good, then the rest.
SEVERITY = {rag.RED: 0, rag.AMBER: 1, rag.BLUE: 2, rag.NO_DATA: 3, rag.GREEN: 4, rag.NOT_RATED: 5}
BY_RAG = "RAG, then service"
SORTS = {
    BY_RAG: ["_severity", "directorate", "service", "name"],
    "Service": ["service", "name"],
    "Measure": ["name"],
    "Direction of travel": ["dot", "name"],
}
CONCERNING = "Special cause concerning"


def select(
    status: pd.DataFrame,
    rags,
    service: str | None = None,
    late_only: bool = False,
    concerning_only: bool = False,
) -> pd.DataFrame:
    """The rows of a status frame that the exceptions filters keep (service None: all)."""
    keep = status["rag"].isin(list(rags))
    if service is not None:
        keep &= status["service"] == service
    if late_only:
        keep &= status["late"].fillna(False).astype(bool)
    if concerning_only:
        keep &= status["variation"] == CONCERNING
    return status[keep]


def ordered(rows: pd.DataFrame, sort_by: str = BY_RAG) -> pd.DataFrame:
    """Rows in the screen's order for a "Sort by" choice; ties by indicator id, so it is stable."""
    if sort_by not in SORTS:
        raise ValueError(f"sort by one of {', '.join(SORTS)}, not {sort_by}")
    keys = SORTS[sort_by] + ["indicator_id"]
    frame = rows.assign(_severity=rows["rag"].map(SEVERITY).fillna(9))
    return frame.sort_values(keys, kind="stable", na_position="last").drop(columns="_severity")
