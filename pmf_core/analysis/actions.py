"""Reporting by exception: actions on off-track measures, tracked between meetings.

One rule for every page and export: an action not complete whose path-to-green date has passed
is overdue (``effective_status``, the only place an action's status is decided: every page, the
print view, the appendix and the tracker read it as at the same day, today), and the action
shown beside an exception is its indicator's open action plans, each with its status, else the
action text of its latest return (``beside_exceptions``).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from pmf_core.rules import committees
from pmf_core.rules.presentation import uk_date
from pmf_core.store import Store, reads, writes
from pmf_core.store.writes import ActionText

# What an edit can change, as the action's log names it.
EDITED = {
    "explanation": "explanation",
    "action_plan": "action plan",
    "officer": "officer",
    "path_to_green": "path-to-green date",
}


def effective_status(status: pd.Series, path_to_green: pd.Series, today: date) -> np.ndarray:
    """Overdue once the path-to-green date has passed (before ``today``) and the action is not
    complete."""
    due = pd.to_datetime(path_to_green, errors="coerce")
    late = due.notna() & (due < pd.Timestamp(today)) & (status != "complete")
    return np.where(late, "overdue", status)


def tracker(
    store: Store,
    today: date,
    *,
    directorate: str | None = None,
    committee: str | None = None,
    officer: str | None = None,
    overdue_only: bool = False,
    include_complete: bool = False,
) -> pd.DataFrame:
    """Actions with their effective status, filtered as a committee or officer would."""
    return select(
        with_status(store, today),
        directorate=directorate,
        committee=committee,
        officer=officer,
        overdue_only=overdue_only,
        include_complete=include_complete,
    )


def with_status(store: Store, today: date) -> pd.DataFrame:
    """Every action, complete ones too, with its effective status as at today."""
    frame = reads.actions(store)
    if frame.empty:
        return frame.assign(effective_status=pd.Series(dtype=object))
    frame["effective_status"] = effective_status(frame["status"], frame["path_to_green"], today)
    return frame


def select(
    frame: pd.DataFrame,
    *,
    directorate: str | None = None,
    committee: str | None = None,
    officer: str | None = None,
    overdue_only: bool = False,
    include_complete: bool = False,
) -> pd.DataFrame:
    """The actions of a `with_status` frame that a committee or officer would see."""
    keep = np.ones(len(frame), dtype=bool)
    if not include_complete:
        keep &= frame["effective_status"] != "complete"
    if directorate:
        keep &= frame["directorate"] == directorate
    if committee:
        keep &= committees.seen_by(frame, committee)
    if officer:
        keep &= frame["officer"] == officer
    if overdue_only:
        keep &= frame["effective_status"] == "overdue"
    return frame[keep].reset_index(drop=True)


def of_indicator(store: Store, indicator_id: str, today: date) -> pd.DataFrame:
    """One indicator's actions, complete ones too, with their effective status as at today."""
    frame = with_status(store, today)
    return frame[frame["indicator_id"] == indicator_id].reset_index(drop=True)


def changes_since(store: Store, since: date) -> pd.DataFrame:
    """Every status update and every new action since a date (the last meeting)."""
    return reads.action_changes(store, since)


def open_plans(store: Store, today: date) -> pd.DataFrame:
    """Per indicator: its open actions' plans (numbered, each with its status), officers and
    path-to-green dates."""
    frame = tracker(store, today)
    if frame.empty:
        return pd.DataFrame(
            columns=[
                "indicator_id",
                "action_plan",
                "action_officer",
                "path_to_green",
                "action_status",
            ]
        )
    frame = frame.sort_values("action_id")
    rows = []
    for indicator_id, group in frame.groupby("indicator_id", sort=False):
        numbered = len(group) > 1
        plans = [
            (f"{n}. {p}" if numbered else str(p)) + f" ({state})"
            for n, (p, state) in enumerate(
                zip(group["action_plan"].fillna(""), group["effective_status"]), start=1
            )
        ]
        dates = group["path_to_green"].dropna()
        rows.append(
            {
                "indicator_id": indicator_id,
                "action_plan": "\n".join(plans),
                "action_officer": "; ".join(sorted(set(group["officer"].dropna()))),
                "path_to_green": max(dates) if len(dates) else None,
                "action_status": ", ".join(sorted(set(group["effective_status"]))),
            }
        )
    return pd.DataFrame(rows)


BESIDE_COLUMNS = ["action", "action_status", "path_to_green", "action_officer"]


def accountable(status: pd.DataFrame, beside: pd.DataFrame) -> pd.Series:
    """The accountable officer of each exception (same index): the measure's owner, else its
    open actions' officers; "" when neither is set. One rule for the page, print and appendix."""
    owner = status["owner"].where(
        status["owner"].notna() & (status["owner"] != ""), beside["action_officer"]
    )
    return owner.fillna("").astype(object)


def beside_exceptions(status: pd.DataFrame, plans: pd.DataFrame) -> pd.DataFrame:
    """The action shown beside each row of a status frame (same index), for pages and appendix.

    The indicator's open action plans (``open_plans``) when it has any, with their status and
    latest path-to-green date; else the action text of its latest return, with no status
    (None).
    """
    out = pd.DataFrame(index=status.index, columns=BESIDE_COLUMNS, dtype=object)
    if len(plans):
        by_id = plans.set_index("indicator_id")
        for column, source in zip(BESIDE_COLUMNS, ["action_plan"] + BESIDE_COLUMNS[1:]):
            out[column] = status["indicator_id"].map(by_id[source]).astype(object)
    extract = status["action"] if "action" in status else pd.Series(None, index=status.index)
    out["action"] = out["action"].fillna(extract).fillna("")
    return out.astype(object).where(out.notna(), None)  # missing is None, never NaN


def edit_action(
    store: Store,
    action_id: int,
    *,
    explanation: str,
    action_plan: str,
    officer: str,
    path_to_green: date | None,
    user: str,
    update_date: date | None = None,
) -> None:
    """Change an action's text, officer or date, logging in words what changed (nothing is
    logged when nothing changed)."""
    before = writes.action_text(store, action_id)
    after = ActionText(explanation, action_plan, officer, path_to_green)
    note = change_note(before, after)
    if note:
        writes.edit_action(
            store,
            action_id,
            before=before,
            after=after,
            note=note,
            user=user,
            update_date=update_date,
        )


def change_note(before: ActionText, after: ActionText) -> str | None:
    """ "Changed action plan, officer", with the new path-to-green date when that changed."""
    changed = [
        words for field, words in EDITED.items() if getattr(before, field) != getattr(after, field)
    ]
    if not changed:
        return None
    note = "Changed " + ", ".join(changed)
    if before.path_to_green != after.path_to_green and after.path_to_green:
        note += f" (path to green now {uk_date(after.path_to_green)})"
    return note
