"""Every write to the store: loading a batch as new revisions, rolling a batch back, actions.

Table and column names come from this module's constants, never from users; values always
travel as parameters or as a registered frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from pmf_core.rules.accounts import Lockout, attempts_after, wait_left
from pmf_core.rules.stored_text import clean_typed
from pmf_core.store import Store, StoreError, comparators, extract_actions
from pmf_core.store.revisions import write_revisions
from pmf_core.store.rollback import RollbackResult, rollback_batch
from pmf_core.store.schema import STORED_COLUMNS

__all__ = [
    "ActionText",
    "AlreadyLoaded",
    "BatchMeta",
    "BatchResult",
    "InForce",
    "RollbackResult",
    "already_loaded",
    "rollback_batch",
    "write_batch",
]

_IN_FORCE = (
    "SELECT batch_id, loaded_at, loaded_by FROM batches WHERE sha256 = ? AND kind = ? "
    "AND status = 'active' ORDER BY batch_id LIMIT 1"
)


@dataclass(frozen=True)
class InForce:
    """The batch still in force that loaded a file already: its number, when and by whom."""

    batch_id: int
    loaded_at: datetime
    loaded_by: str | None


class AlreadyLoaded(StoreError):
    """The same file, as the same kind, is in a batch still in force: loading it changes nothing."""

    def __init__(self, batch: InForce) -> None:
        super().__init__(f"already loaded as batch {batch.batch_id}")
        self.batch = batch


@dataclass(frozen=True)
class BatchMeta:
    kind: str
    file_name: str
    sha256: str
    loaded_by: str
    loaded_at: datetime


@dataclass(frozen=True)
class BatchResult:
    batch_id: int
    rows_total: int
    rows_new: int
    rows_revised: int
    rows_unchanged: int = 0


def already_loaded(store: Store, kind: str, sha256: str) -> InForce | None:
    """The batch in force that loaded the same file as the same kind, or None."""
    with store.session() as con:
        cursor = con.cursor()
        try:
            found = cursor.execute(_IN_FORCE, [sha256, kind]).fetchall()
        finally:
            cursor.close()
    return InForce(*found[0]) if found else None


def write_batch(store: Store, meta: BatchMeta, rows: pd.DataFrame) -> BatchResult:
    """Write validated rows as one batch of new revisions, all in one transaction.

    Raises AlreadyLoaded, writing nothing, when the same file is in force already: checked
    inside the transaction, so two identical loads at once make one batch.
    """
    with store.transaction() as con:
        return write_batch_in(con, meta, rows)


def write_batch_in(con, meta: BatchMeta, rows: pd.DataFrame) -> BatchResult:
    """write_batch inside a transaction already open (a return's approval is one)."""
    found = con.execute(_IN_FORCE, [meta.sha256, meta.kind]).fetchall()
    if found:
        raise AlreadyLoaded(InForce(*found[0]))
    batch_id = con.execute("SELECT nextval('batch_ids')").fetchall()[0][0]
    if meta.kind in comparators.KINDS:
        new, revised, unchanged = comparators.write_tables(con, meta.kind, batch_id, rows)
    else:
        new, revised, unchanged = _write_kind(con, meta, batch_id, rows)
    con.execute(
        "INSERT INTO batches (batch_id, kind, file_name, sha256, loaded_by, loaded_at, "
        "rows_total, rows_new, rows_revised, rows_unchanged) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            batch_id,
            meta.kind,
            meta.file_name,
            meta.sha256,
            meta.loaded_by,
            meta.loaded_at,
            len(rows),
            new,
            revised,
            unchanged,
        ],
    )
    return BatchResult(batch_id, len(rows), new, revised, unchanged)


def _write_kind(con, meta: BatchMeta, batch_id: int, rows: pd.DataFrame) -> tuple[int, int, int]:
    """Indicators, targets or observations: the file's rows are the table's new revisions."""
    con.register("incoming", rows[list(STORED_COLUMNS[meta.kind])])
    try:
        counts = write_revisions(con, meta.kind, batch_id)
        if meta.kind == "observations":
            extract_actions.apply(con, batch_id, meta.file_name, meta.loaded_by, meta.loaded_at)
    finally:
        con.unregister("incoming")
    return counts


ACTION_STATUSES = ("open", "on track", "overdue", "complete")


def add_action(
    store: Store,
    indicator_id: str,
    *,
    explanation: str,
    action_plan: str,
    officer: str,
    path_to_green: date | None,
    status: str,
    user: str,
) -> int:
    """Record a new action for an indicator and return its id."""
    _check_action_status(status)
    explanation, action_plan, officer, user = _typed(explanation, action_plan, officer, user)
    with store.transaction() as con:
        action_id = con.execute("SELECT nextval('action_ids')").fetchall()[0][0]
        con.execute(
            "INSERT INTO actions (action_id, indicator_id, explanation, action_plan, officer, "
            "path_to_green, status, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                action_id,
                indicator_id,
                explanation,
                action_plan,
                officer,
                path_to_green,
                status,
                datetime.now(),
                user,
            ],
        )
    return action_id


def update_action(
    store: Store,
    action_id: int,
    *,
    status: str,
    note: str,
    user: str,
    update_date: date | None = None,
) -> None:
    """Add a dated status update to an action and make that status its current one."""
    _check_action_status(status)
    note, user = _typed(note, user)
    with store.transaction() as con:
        updated = con.execute(
            "UPDATE actions SET status = ? WHERE action_id = ?", [status, action_id]
        ).fetchall()[0][0]
        if not updated:
            raise StoreError(f"There is no action {action_id}.")
        con.execute(
            "INSERT INTO action_updates (action_id, update_date, status, note, updated_by, "
            "recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            [action_id, update_date or date.today(), status, note, user, datetime.now()],
        )


@dataclass(frozen=True)
class ActionText:
    """What an edit can change about an action: its words, its officer and its date."""

    explanation: str | None
    action_plan: str | None
    officer: str | None
    path_to_green: date | None


_ACTION_TEXT = (
    "SELECT status, explanation, action_plan, officer, path_to_green FROM actions "
    "WHERE action_id = ?"
)


def action_text(store: Store, action_id: int) -> ActionText:
    """An action's text as it stands (StoreError when there is no such action)."""
    with store.session() as con:
        cursor = con.cursor()
        try:
            found = cursor.execute(_ACTION_TEXT, [action_id]).fetchall()
        finally:
            cursor.close()
    if not found:
        raise StoreError(f"There is no action {action_id}.")
    return ActionText(*found[0][1:])


def edit_action(
    store: Store,
    action_id: int,
    *,
    before: ActionText,
    after: ActionText,
    note: str,
    user: str,
    update_date: date | None = None,
) -> None:
    """Replace an action's text, as it was read (``before``), and log the note as an update
    (dated today unless ``update_date`` says when it happened).

    StoreError, writing nothing, when the action changed since it was read.
    """
    explanation, action_plan, officer, note, user = _typed(
        after.explanation, after.action_plan, after.officer, note, user
    )
    after = ActionText(explanation, action_plan, officer, after.path_to_green)
    with store.transaction() as con:
        found = con.execute(_ACTION_TEXT, [action_id]).fetchall()
        if not found:
            raise StoreError(f"There is no action {action_id}.")
        status, *now = found[0]
        if ActionText(*now) != before:
            raise StoreError(
                f"Action {action_id} was changed by someone else meanwhile; nothing was saved."
            )
        con.execute(
            "UPDATE actions SET explanation = ?, action_plan = ?, officer = ?, "
            "path_to_green = ? WHERE action_id = ?",
            [after.explanation, after.action_plan, after.officer, after.path_to_green, action_id],
        )
        con.execute(
            "INSERT INTO action_updates (action_id, update_date, status, note, "
            "updated_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            [action_id, update_date or date.today(), status, note, user, datetime.now()],
        )


def _typed(*texts: str | None) -> tuple:
    """What a person typed into a form, cleaned as a file's text is before it is stored: the
    one rule for every text a page writes (a vertical tab pasted from Word is a line break)."""
    return tuple(clean_typed(text) for text in texts)


def _check_action_status(status: str) -> None:
    if status not in ACTION_STATUSES:
        raise StoreError(
            f'"{status}" is not an action status; use one of ' + ", ".join(ACTION_STATUSES)
        )


def add_rebase(store: Store, indicator_id: str, period: str, reason: str, user: str) -> None:
    """Recalculate SPC limits from a period onwards; the reason is logged with who and when."""
    reason, user = _typed(reason, user)
    if not reason or not reason.strip():
        raise StoreError("A rebase needs a reason (e.g. a change of process or definition).")
    with store.transaction() as con:
        found = con.execute(
            "SELECT count(*) FROM observations WHERE is_current "
            "AND indicator_id = ? AND period = ?",
            [indicator_id, period],
        ).fetchall()[0][0]
        if not found:
            raise StoreError(f"{indicator_id} has no period {period} to rebase from.")
        con.execute(
            "INSERT INTO spc_rebases (indicator_id, period, reason, recorded_by, "
            "recorded_at) VALUES (?, ?, ?, ?, ?)",
            [indicator_id, period, reason.strip(), user, datetime.now()],
        )


_ATTEMPTS = "SELECT attempts, last_at FROM sign_in_attempts WHERE kind = ? AND key = ?"


def count_sign_in_attempt(
    store: Store, keys: list[tuple[Lockout, str]], now: float
) -> tuple[str, float] | None:
    """Count one sign-in attempt against each (rule, key), all or none in one transaction:
    None when counted, else the kind that must wait and for how many seconds."""
    with store.transaction() as con:
        counts = {}
        for rule, key in keys:
            found = con.execute(_ATTEMPTS, [rule.kind, key]).fetchall()
            attempts, last_at = found[0] if found else (0, 0.0)
            wait = wait_left(rule, attempts, last_at, now)
            if wait > 0:
                return rule.kind, wait
            counts[rule.kind, key] = attempts_after(rule, attempts, last_at, now)
        for (kind, key), attempts in counts.items():
            con.execute("DELETE FROM sign_in_attempts WHERE kind = ? AND key = ?", [kind, key])
            con.execute(
                "INSERT INTO sign_in_attempts VALUES (?, ?, ?, ?)", [kind, key, attempts, now]
            )
    return None


def take_back_sign_in_attempt(
    store: Store, keys: list[tuple[Lockout, str]], cleared: tuple[str, ...] = ()
) -> None:
    """Give back the attempt just counted (its password was right, or never checked); the
    kinds named in ``cleared`` lose their whole count."""
    with store.transaction() as con:
        for rule, key in keys:
            if rule.kind in cleared:
                con.execute(
                    "DELETE FROM sign_in_attempts WHERE kind = ? AND key = ?", [rule.kind, key]
                )
            else:
                con.execute(
                    "UPDATE sign_in_attempts SET attempts = greatest(attempts - 1, 0) "
                    "WHERE kind = ? AND key = ?",
                    [rule.kind, key],
                )
