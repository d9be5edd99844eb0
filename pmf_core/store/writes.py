"""Every write to the store: loading a batch as new revisions, rolling a batch back, actions.

Table and column names come from this module's constants, never from users; values always
travel as parameters or as a registered frame.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from pmf_core.store import Store, StoreError
from pmf_core.store.schema import REVISION_KEYS

COLUMNS = {
    "indicators": ("indicator_id", "name", "directorate", "service", "unit", "frequency",
                   "polarity", "kind", "level", "perspective", "priority", "committees",
                   "owner", "amber_tolerance", "tolerance_type", "stretch", "decimals",
                   "description"),
    "targets": ("indicator_id", "financial_year", "target"),
    "observations": ("indicator_id", "period", "end_index", "financial_year", "value",
                     "target", "commentary", "action", "rag_override", "override_reason",
                     "note", "loaded_by", "loaded_at"),
}
# Columns that arrive as text and are stored in another shape.
_SELECT = {"committees": "CASE WHEN coalesce(trim(i.committees), '') = '' THEN []::VARCHAR[] "
                         "ELSE string_split(i.committees, ';') END"}


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


@dataclass(frozen=True)
class RollbackResult:
    """What a rollback undid and restored, for the analyst who asked for it."""

    batch_id: int
    kind: str
    rows_withdrawn: int
    revisions_restored: int = 0
    actions_restored: int = 0
    actions_withdrawn: int = 0

    @property
    def summary(self) -> str:
        parts = [f"Batch {self.batch_id} rolled back: {self.rows_withdrawn:,} {self.kind} "
                 f"rows withdrawn, {self.revisions_restored:,} earlier revisions restored"]
        if self.actions_restored or self.actions_withdrawn:
            parts.append(f"{self.actions_restored:,} action plans restored, "
                         f"{self.actions_withdrawn:,} actions it opened withdrawn")
        return "; ".join(parts) + "."


def write_batch(store: Store, meta: BatchMeta, rows: pd.DataFrame) -> BatchResult:
    """Write validated rows as one batch of new revisions, all in one transaction."""
    table = meta.kind
    keys, columns = REVISION_KEYS[table], COLUMNS[table]
    on = " AND ".join(f"t.{k} = i.{k}" for k in keys)
    with store.transaction() as con:
        batch_id = con.execute("SELECT nextval('batch_ids')").fetchall()[0][0]
        con.register("incoming", rows[list(columns)])
        try:
            revised = con.execute(
                f"UPDATE {table} AS t SET is_current = false FROM incoming AS i "
                f"WHERE {on} AND t.is_current").fetchall()[0][0]
            selects = ", ".join(_SELECT.get(c, f"i.{c}") for c in columns)
            key_list = ", ".join(keys)
            con.execute(
                f"INSERT INTO {table} ({', '.join(columns)}, batch_id, revision, is_current) "
                f"SELECT {selects}, ?, coalesce(m.revision, 0) + 1, true FROM incoming AS i "
                f"LEFT JOIN (SELECT {key_list}, max(revision) AS revision FROM {table} "
                f"GROUP BY {key_list}) AS m ON {on.replace('t.', 'm.')}", [batch_id])
            if table == "observations":
                _actions_from_extract(con, meta)
        finally:
            con.unregister("incoming")
        total = len(rows)
        con.execute(
            "INSERT INTO batches (batch_id, kind, file_name, sha256, loaded_by, loaded_at, "
            "rows_total, rows_new, rows_revised) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [batch_id, meta.kind, meta.file_name, meta.sha256, meta.loaded_by, meta.loaded_at,
             total, total - revised, revised])
    return BatchResult(batch_id, total, total - revised, revised)


def _actions_from_extract(con, meta: BatchMeta) -> None:
    """An extract's action column creates, or updates, the indicator's action from extracts.

    The latest period in the file that has action text wins; an open action that came from an
    extract has its plan replaced (with a dated update saying so), otherwise a new one opens.
    """
    con.execute("CREATE OR REPLACE TEMP TABLE extract_actions AS "
                "SELECT indicator_id, arg_max(action, end_index) AS action, "
                "arg_max(commentary, end_index) AS commentary FROM incoming "
                "WHERE coalesce(trim(action), '') <> '' GROUP BY indicator_id")
    note = f"Action plan updated from {meta.file_name}"
    con.execute(
        "INSERT INTO action_updates (action_id, update_date, status, note, updated_by, "
        "recorded_at) SELECT a.action_id, ?, a.status, ?, ?, ? FROM actions AS a "
        "JOIN extract_actions AS e ON e.indicator_id = a.indicator_id "
        "WHERE a.source = 'extract' AND a.status <> 'complete' "
        "AND a.action_plan IS DISTINCT FROM e.action",
        [meta.loaded_at.date(), note, meta.loaded_by, meta.loaded_at])
    con.execute("UPDATE actions AS a SET action_plan = e.action, "
                "explanation = coalesce(e.commentary, a.explanation) FROM extract_actions AS e "
                "WHERE e.indicator_id = a.indicator_id AND a.source = 'extract' "
                "AND a.status <> 'complete'")
    con.execute(
        "INSERT INTO actions (action_id, indicator_id, explanation, action_plan, officer, "
        "path_to_green, status, created_at, created_by, source) "
        "SELECT nextval('action_ids'), e.indicator_id, e.commentary, e.action, i.owner, NULL, "
        "'open', ?, ?, 'extract' FROM extract_actions AS e "
        "LEFT JOIN indicators AS i ON i.indicator_id = e.indicator_id AND i.is_current "
        "WHERE NOT EXISTS (SELECT 1 FROM actions AS a WHERE a.indicator_id = e.indicator_id "
        "AND a.source = 'extract' AND a.status <> 'complete')",
        [meta.loaded_at, meta.loaded_by])
    con.execute("DROP TABLE extract_actions")


def rollback_batch(store: Store, batch_id: int, user: str) -> RollbackResult:
    """Undo one load: its revisions stop being current and those it replaced come back.

    The batch and its rows stay for the record.
    """
    with store.transaction() as con:
        found = con.execute("SELECT kind, status FROM batches WHERE batch_id = ?",
                            [batch_id]).fetchall()
        if not found:
            raise StoreError(f"There is no batch {batch_id}.")
        table, status = found[0]
        if status != "active":
            raise StoreError(f"Batch {batch_id} was already rolled back.")
        con.execute("UPDATE batches SET status = 'rolled_back', rolled_back_at = ?, "
                    "rolled_back_by = ? WHERE batch_id = ?", [datetime.now(), user, batch_id])
        keys = ", ".join(REVISION_KEYS[table])
        on = " AND ".join(f"t.{k} = m.{k}" for k in REVISION_KEYS[table])
        written = con.execute(f"UPDATE {table} SET is_current = false WHERE batch_id = ?",
                              [batch_id]).fetchall()[0][0]
        con.execute(
            f"UPDATE {table} AS t SET is_current = true FROM ("
            f"  SELECT {keys}, max(revision) AS revision FROM {table} AS r"
            f"  JOIN batches AS b ON b.batch_id = r.batch_id AND b.status = 'active'"
            f"  WHERE ({keys}) IN (SELECT ({keys}) FROM {table} WHERE batch_id = ?)"
            f"  GROUP BY {keys}) AS m WHERE {on} AND t.revision = m.revision", [batch_id])
    return RollbackResult(batch_id, table, written)


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
                officer: str, path_to_green: date | None, user: str) -> None:
    """Change an action's text, officer or date; what changed is logged as an update."""
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
            note += f" (path to green now {path_to_green:%d %b %Y})"
        con.execute("INSERT INTO action_updates (action_id, update_date, status, note, "
                    "updated_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [action_id, date.today(), status, note, user, datetime.now()])


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


def remove_rebase(store: Store, indicator_id: str, period: str) -> None:
    with store.transaction() as con:
        con.execute("DELETE FROM spc_rebases WHERE indicator_id = ? AND period = ?",
                    [indicator_id, period])
