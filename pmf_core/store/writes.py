"""Every write to the store: loading a batch as new revisions, rolling a batch back, actions.

Table and column names come from this module's constants, never from users; values always
travel as parameters or as a registered frame.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from pmf_core.rules.presentation import uk_date, uk_datetime
from pmf_core.store import Store, StoreError, extract_actions
from pmf_core.store import comparators as benchmarks
from pmf_core.store.rollback import RollbackResult, rollback_batch
from pmf_core.store.schema import COLUMNS, COMPARED, REVISION_KEYS

__all__ = ["AlreadyLoaded", "BatchMeta", "BatchResult", "RollbackResult", "already_loaded",
           "rollback_batch", "write_batch"]

# Columns that arrive as text and are stored in another shape.
_SELECT = {"committees": "CASE WHEN coalesce(trim(i.committees), '') = '' THEN []::VARCHAR[] "
                         "ELSE string_split(i.committees, ';') END"}
_IN_FORCE = ("SELECT batch_id, loaded_at, loaded_by FROM batches WHERE sha256 = ? AND kind = ? "
             "AND status = 'active' ORDER BY batch_id LIMIT 1")


class AlreadyLoaded(StoreError):
    """The same file, as the same kind, is in a batch still in force: loading it changes nothing."""


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


def already_loaded(store: Store, kind: str, sha256: str) -> str | None:
    """'already loaded as batch N (date, user); nothing changed', or None when not in force."""
    with store.session() as con:
        cursor = con.cursor()
        try:
            found = cursor.execute(_IN_FORCE, [sha256, kind]).fetchall()
        finally:
            cursor.close()
    return _already_message(*found[0]) if found else None


def _already_message(batch_id: int, loaded_at: datetime, loaded_by: str | None) -> str:
    return (f"already loaded as batch {batch_id} ({uk_datetime(loaded_at)}, "
            f"{loaded_by or 'unknown'}); nothing changed")


def write_batch(store: Store, meta: BatchMeta, rows: pd.DataFrame) -> BatchResult:
    """Write validated rows as one batch of new revisions, all in one transaction.

    Raises AlreadyLoaded, writing nothing, when the same file is in force already: checked
    inside the transaction, so two identical loads at once make one batch.
    """
    with store.transaction() as con:
        found = con.execute(_IN_FORCE, [meta.sha256, meta.kind]).fetchall()
        if found:
            raise AlreadyLoaded(_already_message(*found[0]))
        batch_id = con.execute("SELECT nextval('batch_ids')").fetchall()[0][0]
        if meta.kind in benchmarks.KINDS:
            new, revised, unchanged = benchmarks.write_tables(con, meta.kind, batch_id, rows,
                                                              _write_revisions)
        else:
            new, revised, unchanged = _write_kind(con, meta, batch_id, rows)
        con.execute(
            "INSERT INTO batches (batch_id, kind, file_name, sha256, loaded_by, loaded_at, "
            "rows_total, rows_new, rows_revised, rows_unchanged) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [batch_id, meta.kind, meta.file_name, meta.sha256, meta.loaded_by, meta.loaded_at,
             len(rows), new, revised, unchanged])
    return BatchResult(batch_id, len(rows), new, revised, unchanged)


def _write_kind(con, meta: BatchMeta, batch_id: int,
                rows: pd.DataFrame) -> tuple[int, int, int]:
    """Indicators, targets or observations: the file's rows are the table's new revisions."""
    con.register("incoming", rows[list(COLUMNS[meta.kind])])
    try:
        counts = _write_revisions(con, meta.kind, batch_id)
        if meta.kind == "observations":
            extract_actions.apply(con, batch_id, meta.file_name, meta.loaded_by, meta.loaded_at)
    finally:
        con.unregister("incoming")
    return counts


def _write_revisions(con, table: str, batch_id: int) -> tuple[int, int, int]:
    """Rows equal to their current revision are confirmed; the rest become new revisions.

    Returns (new, revised, unchanged).
    """
    keys, columns = REVISION_KEYS[table], COLUMNS[table]
    on = " AND ".join(f"t.{k} = i.{k}" for k in keys)
    same = " AND ".join(f"t.{c} IS NOT DISTINCT FROM {_SELECT.get(c, 'i.' + c)}"
                        for c in COMPARED[table])
    key_list = ", ".join(keys)
    con.execute(f"CREATE OR REPLACE TEMP TABLE unchanged_keys AS SELECT "
                f"{', '.join('i.' + k for k in keys)}, t.revision FROM incoming AS i "
                f"JOIN {table} AS t ON {on} AND t.is_current WHERE {same}")
    con.execute(f"INSERT INTO {table}_unchanged ({key_list}, batch_id, revision) "
                f"SELECT {key_list}, ?, revision FROM unchanged_keys", [batch_id])
    con.execute(f"CREATE OR REPLACE TEMP VIEW changed AS SELECT i.* FROM incoming AS i "
                f"WHERE NOT EXISTS (SELECT 1 FROM unchanged_keys AS t WHERE {on})")
    revised = con.execute(f"UPDATE {table} AS t SET is_current = false FROM changed AS i "
                          f"WHERE {on} AND t.is_current").fetchall()[0][0]
    selects = ", ".join(_SELECT.get(c, f"i.{c}") for c in columns)
    inserted = con.execute(
        f"INSERT INTO {table} ({', '.join(columns)}, batch_id, revision, is_current) "
        f"SELECT {selects}, ?, coalesce(m.revision, 0) + 1, true FROM changed AS i "
        f"LEFT JOIN (SELECT {key_list}, max(revision) AS revision FROM {table} "
        f"GROUP BY {key_list}) AS m ON {on.replace('t.', 'm.')}", [batch_id]).fetchall()[0][0]
    unchanged = con.execute("SELECT count(*) FROM unchanged_keys").fetchall()[0][0]
    con.execute("DROP VIEW changed")
    con.execute("DROP TABLE unchanged_keys")
    return inserted - revised, revised, unchanged


ACTION_STATUSES = ("open", "on track", "overdue", "complete")


def add_action(store: Store, indicator_id: str, *, explanation: str, action_plan: str,
               officer: str, path_to_green: date | None, status: str, user: str) -> int:
    """Record a new action for an indicator and return its id."""
    _check_action_status(status)
    with store.transaction() as con:
        action_id = con.execute("SELECT nextval('action_ids')").fetchall()[0][0]
        con.execute(
            "INSERT INTO actions (action_id, indicator_id, explanation, action_plan, officer, "
            "path_to_green, status, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [action_id, indicator_id, explanation, action_plan, officer, path_to_green, status,
             datetime.now(), user])
    return action_id


def update_action(store: Store, action_id: int, *, status: str, note: str, user: str,
                  update_date: date | None = None) -> None:
    """Add a dated status update to an action and make that status its current one."""
    _check_action_status(status)
    with store.transaction() as con:
        updated = con.execute("UPDATE actions SET status = ? WHERE action_id = ?",
                              [status, action_id]).fetchall()[0][0]
        if not updated:
            raise StoreError(f"There is no action {action_id}.")
        con.execute(
            "INSERT INTO action_updates (action_id, update_date, status, note, updated_by, "
            "recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            [action_id, update_date or date.today(), status, note, user, datetime.now()])


def edit_action(store: Store, action_id: int, *, explanation: str, action_plan: str,
                officer: str, path_to_green: date | None, user: str,
                update_date: date | None = None) -> None:
    """Change an action's text, officer or date; what changed is logged as an update (dated
    today unless ``update_date`` says when it happened)."""
    with store.transaction() as con:
        found = con.execute("SELECT status, explanation, action_plan, officer, path_to_green "
                            "FROM actions WHERE action_id = ?", [action_id]).fetchall()
        if not found:
            raise StoreError(f"There is no action {action_id}.")
        status, *before = found[0]
        after = [explanation, action_plan, officer, path_to_green]
        names = ("explanation", "action plan", "officer", "path-to-green date")
        changed = [n for n, old, new in zip(names, before, after) if old != new]
        if not changed:
            return
        con.execute("UPDATE actions SET explanation = ?, action_plan = ?, officer = ?, "
                    "path_to_green = ? WHERE action_id = ?", [*after, action_id])
        note = "Changed " + ", ".join(changed)
        if "path-to-green date" in changed and path_to_green:
            note += f" (path to green now {uk_date(path_to_green)})"
        con.execute("INSERT INTO action_updates (action_id, update_date, status, note, "
                    "updated_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [action_id, update_date or date.today(), status, note, user,
                     datetime.now()])


def _check_action_status(status: str) -> None:
    if status not in ACTION_STATUSES:
        raise StoreError(f'"{status}" is not an action status; use one of '
                         + ", ".join(ACTION_STATUSES))


def add_rebase(store: Store, indicator_id: str, period: str, reason: str, user: str) -> None:
    """Recalculate SPC limits from a period onwards; the reason is logged with who and when."""
    if not reason or not reason.strip():
        raise StoreError("A rebase needs a reason (e.g. a change of process or definition).")
    with store.transaction() as con:
        found = con.execute("SELECT count(*) FROM observations WHERE is_current "
                            "AND indicator_id = ? AND period = ?",
                            [indicator_id, period]).fetchall()[0][0]
        if not found:
            raise StoreError(f"{indicator_id} has no period {period} to rebase from.")
        con.execute("INSERT INTO spc_rebases (indicator_id, period, reason, recorded_by, "
                    "recorded_at) VALUES (?, ?, ?, ?, ?)",
                    [indicator_id, period, reason.strip(), user, datetime.now()])
