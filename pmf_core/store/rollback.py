"""Rolling a load back whole: its revisions, the values later loads confirmed, and its actions.

After a rollback each row it touched shows what the latest batch still in force says about it:
a revision that batch wrote, or, when that batch found the row unchanged and the revision it
confirmed belonged to the batch now rolled back, a copy of that revision in the confirming
batch's name. The batch and its rows stay for the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pmf_core.rules.presentation import counted
from pmf_core.store import Store, StoreError, extract_actions
from pmf_core.store.schema import KIND_TABLES, REVISION_KEYS, STORED_COLUMNS

SHOWN_IDS = 6  # indicator ids named in a refusal before "and N more"


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
        parts = [
            f"Batch {self.batch_id} rolled back: "
            f"{counted(self.rows_withdrawn, self.kind + ' row')} withdrawn, "
            f"{counted(self.revisions_restored, 'earlier revision')} restored"
        ]
        if self.actions_restored or self.actions_withdrawn:
            parts.append(
                f"{counted(self.actions_restored, 'action plan')} restored, "
                f"{counted(self.actions_withdrawn, 'action')} it opened withdrawn"
            )
        return "; ".join(parts) + "."


def rollback_batch(store: Store, batch_id: int, user: str) -> RollbackResult:
    """Undo one load, all of it in one transaction; refusals are StoreError in plain words."""
    now = datetime.now()
    with store.transaction() as con:
        kind = _kind_in_force(con, batch_id)
        if kind == "indicators":
            _refuse_if_depended_on(con, batch_id)
        con.execute(
            "UPDATE batches SET status = 'rolled_back', rolled_back_at = ?, "
            "rolled_back_by = ? WHERE batch_id = ?",
            [now, user, batch_id],
        )
        main, *others = KIND_TABLES[kind]
        withdrawn, restored = _restore_revisions(con, main, batch_id)
        for table in others:
            _restore_revisions(con, table, batch_id)
        actions = (
            extract_actions.undo(con, batch_id, user, now) if kind == "observations" else (0, 0)
        )
        if kind == "observations":
            _return_approved(con, batch_id, user, now)
    return RollbackResult(batch_id, kind, withdrawn, restored, *actions)


def _return_approved(con, batch_id: int, user: str, now: datetime) -> None:
    """A return whose approval was this batch goes back to its officer, logged: its value no
    longer counts, so it must not read as approved."""
    reason = f"Its approved value was rolled back with batch {batch_id}."
    con.execute(
        "INSERT INTO return_steps (indicator_id, period, step, done_by, done_at, reason) "
        "SELECT indicator_id, period, 'reopened', ?, ?, ? FROM returns "
        "WHERE batch_id = ? AND state = 'approved'",
        [user, now, reason, batch_id],
    )
    con.execute(
        "UPDATE returns SET state = 'returned', returned_by = ?, returned_at = ?, "
        "return_reason = ? WHERE batch_id = ? AND state = 'approved'",
        [user, now, reason, batch_id],
    )


def _kind_in_force(con, batch_id: int) -> str:
    found = con.execute(
        "SELECT kind, status FROM batches WHERE batch_id = ?", [batch_id]
    ).fetchall()
    if not found:
        raise StoreError(f"There is no batch {batch_id}.")
    if found[0][1] != "active":
        raise StoreError(f"Batch {batch_id} was already rolled back.")
    return found[0][0]


# Indicators of a batch that no other batch in force defines: rolling it back removes them.
_CREATED = """
SELECT DISTINCT r.indicator_id FROM indicators AS r WHERE r.batch_id = $batch
AND NOT EXISTS (
    SELECT 1 FROM (SELECT indicator_id, batch_id FROM indicators
                   UNION ALL SELECT indicator_id, batch_id FROM indicators_unchanged) AS o
    JOIN batches AS b ON b.batch_id = o.batch_id AND b.status = 'active'
    WHERE o.indicator_id = r.indicator_id AND o.batch_id <> $batch)
"""
# Other batches in force holding observations or targets (written or confirmed) for them.
_DEPENDANTS = f"""
WITH created AS ({_CREATED}),
held AS (SELECT indicator_id, batch_id FROM observations
         UNION ALL SELECT indicator_id, batch_id FROM targets
         UNION ALL SELECT indicator_id, batch_id FROM observations_unchanged
         UNION ALL SELECT indicator_id, batch_id FROM targets_unchanged)
SELECT h.batch_id, list(DISTINCT h.indicator_id ORDER BY h.indicator_id) FROM held AS h
JOIN batches AS b ON b.batch_id = h.batch_id AND b.status = 'active' AND b.batch_id <> $batch
WHERE h.indicator_id IN (SELECT indicator_id FROM created)
GROUP BY h.batch_id ORDER BY h.batch_id
"""


def _refuse_if_depended_on(con, batch_id: int) -> None:
    """An indicators batch whose new indicators still carry data cannot go first."""
    held = con.execute(_DEPENDANTS, {"batch": batch_id}).fetchall()
    if not held:
        return
    ids = sorted({i for _, names in held for i in names})
    named = ", ".join(ids[:SHOWN_IDS]) + (
        f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else ""
    )
    batches = ", ".join(str(b) for b, _ in held)
    word = "batch" if len(held) == 1 else "batches"
    raise StoreError(
        f"Batch {batch_id} cannot be rolled back: it created {named}, and "
        f"{word} {batches} still hold observations or targets for them. "
        f"Roll back {word} {batches} first."
    )


def _restore_revisions(con, table: str, batch_id: int) -> tuple[int, int]:
    """Every key the batch wrote shows its latest claim in force: (withdrawn, restored)."""
    keys = REVISION_KEYS[table]
    on = " AND ".join(f"t.{k} = w.{k}" for k in keys)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE touched AS SELECT {', '.join(keys)}, "
        f"bool_or(is_current) AS was_current, count(*) AS n_rows FROM {table} "
        f"WHERE batch_id = ? GROUP BY ALL",
        [batch_id],
    )
    con.execute(
        f"UPDATE {table} AS t SET is_current = false FROM touched AS w WHERE {on} AND t.is_current"
    )
    con.execute(_winners_sql(table))
    con.execute(
        f"UPDATE {table} AS t SET is_current = true FROM winners AS w "
        f"WHERE {on} AND t.revision = w.revision AND NOT w.needs_copy"
    )
    _copy_confirmed(con, table)
    withdrawn, restored = con.execute(
        f"SELECT (SELECT coalesce(sum(n_rows), 0) FROM touched), count(*) FROM winners AS w "
        f"JOIN touched AS t ON {on} WHERE t.was_current"
    ).fetchall()[0]
    con.execute("DROP TABLE winners")
    con.execute("DROP TABLE touched")
    return int(withdrawn), int(restored)


def _winners_sql(table: str) -> str:
    """Per touched key, the latest claim in force: a revision, or a confirmation of one."""
    keys = ", ".join(REVISION_KEYS[table])
    on = " AND ".join(f"r.{k} = c.{k}" for k in REVISION_KEYS[table])
    claims = " UNION ALL ".join(
        f"SELECT {keys}, batch_id, revision, {confirmed} AS confirmed FROM {source}"
        for source, confirmed in ((table, "false"), (f"{table}_unchanged", "true"))
    )
    return f"""CREATE OR REPLACE TEMP TABLE winners AS
        WITH best AS (
            SELECT c.* FROM ({claims}) AS c
            JOIN batches AS b ON b.batch_id = c.batch_id AND b.status = 'active'
            WHERE ({keys}) IN (SELECT ({keys}) FROM touched)
            QUALIFY row_number() OVER (PARTITION BY {keys}
                                       ORDER BY c.batch_id DESC, c.revision DESC) = 1)
        SELECT c.*, c.confirmed AND coalesce(rb.status, 'active') <> 'active' AS needs_copy
        FROM best AS c JOIN {table} AS r ON {on} AND r.revision = c.revision
        LEFT JOIN batches AS rb ON rb.batch_id = r.batch_id"""


def _copy_confirmed(con, table: str) -> None:
    """A confirmed revision of a batch now rolled back is copied in the confirming batch's name.

    The confirmation then stands as a revision of its own, so it is removed.
    """
    keys = REVISION_KEYS[table]
    on = " AND ".join(f"t.{k} = w.{k}" for k in keys)
    columns = [c for c in STORED_COLUMNS[table] if c not in ("loaded_by", "loaded_at")]
    stamp = ["b.loaded_by", "b.loaded_at"] if table == "observations" else []
    names = columns + (["loaded_by", "loaded_at"] if stamp else [])
    con.execute(
        f"INSERT INTO {table} ({', '.join(names)}, batch_id, revision, is_current) "
        f"SELECT {', '.join(['t.' + c for c in columns] + stamp)}, w.batch_id, "
        f"(SELECT max(x.revision) FROM {table} AS x WHERE "
        f"{' AND '.join(f'x.{k} = w.{k}' for k in keys)}) + 1, true "
        f"FROM winners AS w JOIN {table} AS t ON {on} AND t.revision = w.revision "
        f"JOIN batches AS b ON b.batch_id = w.batch_id WHERE w.needs_copy"
    )
    con.execute(
        f"DELETE FROM {table}_unchanged AS t WHERE EXISTS (SELECT 1 FROM winners AS w "
        f"WHERE w.needs_copy AND w.batch_id = t.batch_id AND {on})"
    )
