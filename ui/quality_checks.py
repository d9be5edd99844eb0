"""The data-quality checks as data: what each lists, why, and what its table adds."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pmf_core.analysis import quality
from ui import tables

WHERE_FROM = "where the data comes from"  # the Help section most checks point to


@dataclass(frozen=True)
class Check:
    key: str  # names its widgets
    title: str
    rows: pd.DataFrame  # the status rows that fail it
    explanation: str
    topic: str = WHERE_FROM  # the Help section its count's tooltip links to
    extra: tuple[tuple[str, str], ...] = ()  # (column shown, status column) it adds


def checks(status: pd.DataFrame, as_at: int, no_target: pd.DataFrame) -> list[Check]:
    """Every check of a month's status frame, in the page's order (no_target read from the
    store by the caller)."""
    return [
        Check(
            "missing",
            "No return for the month",
            quality.missing_returns(status, as_at),
            "Monthly and weekly measures with no value for the month itself (a weekly one: "
            "no week ending in the month).",
        ),
        Check(
            "late",
            "Late returns",
            quality.late_returns(status),
            "The latest return is older than the measure's frequency allows.",
            topic="late",
        ),
        Check(
            "notes",
            "Missing notes or commentary",
            quality.missing_notes(status),
            "No value and no note saying why, or Red/Amber with no commentary.",
        ),
        Check(
            "overrides",
            "RAG overrides",
            quality.overrides(status),
            "The reported RAG differs from the rule's; each needs its reason.",
            extra=(("Computed", "rag_computed"), ("Reason", "override_reason")),
        ),
        Check(
            "no_target",
            "No target this year",
            no_target,
            "Rated measures with no target for the financial year.",
        ),
    ]


def card_notes(check: Check) -> dict[str, str]:
    """What a check's phone card adds to a measure's card: any data note and the check's own
    columns, as the table shows them ("Computed: Green · Reason: ...")."""
    rows = check.rows
    parts = [("Note", rows["note"])] if "note" in rows else []
    parts += [(column, rows[source]) for column, source in check.extra]
    notes = {}
    for position, indicator_id in enumerate(rows["indicator_id"]):
        said = [
            f"{label}: {values.iloc[position]}"
            for label, values in parts
            if isinstance(values.iloc[position], str) and values.iloc[position].strip()
        ]
        if said:
            notes[indicator_id] = " · ".join(said)
    return notes


def table(check: Check) -> pd.DataFrame:
    """A check's rows as a readable table, with any data note and the check's own columns."""
    rows = check.rows
    shown = tables.readable(rows)
    if "note" in rows:
        shown["Note"] = rows["note"].fillna("").to_numpy()
    for column, source in check.extra:
        shown[column] = rows[source].fillna("").to_numpy()
    return shown
