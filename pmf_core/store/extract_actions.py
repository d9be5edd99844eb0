"""Actions driven by extracts: what a load's action column opens or updates, and how a rollback
undoes it.

Each load records in ``batch_actions`` what it did to each action ('opened' or 'updated') and the
explanation and plan before. Rolling a batch back splices it out of that chain: when a later
batch in force also touched the action, the later batch's text stays and it inherits what the
rolled-back batch found (so rolling the later one back too restores the right text, or withdraws
an action neither should have opened); otherwise the earlier text comes back, or an action the
batch opened is withdrawn. Either way the action's log says so.
"""

from __future__ import annotations

from datetime import datetime

# An action an extract may still change: opened from an extract, not complete, not withdrawn.
LIVE = "a.source = 'extract' AND a.status <> 'complete' AND a.withdrawn_by_batch IS NULL"


def apply(con, batch_id: int, file_name: str, user: str, at: datetime) -> None:
    """The extract in ``incoming`` opens, or updates, each indicator's action from extracts.

    The latest period in the file that has action text wins; a live action has its plan
    replaced (with a dated update saying so), otherwise a new one opens.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE extract_actions AS "
        "SELECT indicator_id, arg_max(action, end_index) AS action, "
        "arg_max(commentary, end_index) AS commentary FROM incoming "
        "WHERE coalesce(trim(action), '') <> '' GROUP BY indicator_id"
    )
    con.execute(
        "INSERT INTO batch_actions (batch_id, action_id, did, explanation_before, "
        "action_plan_before) SELECT ?, a.action_id, 'updated', a.explanation, a.action_plan "
        f"FROM actions AS a JOIN extract_actions AS e USING (indicator_id) WHERE {LIVE}",
        [batch_id],
    )
    con.execute(
        "INSERT INTO action_updates (action_id, update_date, status, note, updated_by, "
        "recorded_at) SELECT a.action_id, ?, a.status, ?, ?, ? FROM actions AS a "
        f"JOIN extract_actions AS e USING (indicator_id) WHERE {LIVE} "
        "AND a.action_plan IS DISTINCT FROM e.action",
        [at.date(), f"Action plan updated from {file_name}", user, at],
    )
    con.execute(
        "UPDATE actions AS a SET action_plan = e.action, "
        "explanation = coalesce(e.commentary, a.explanation) FROM extract_actions AS e "
        f"WHERE e.indicator_id = a.indicator_id AND {LIVE}"
    )
    _open_new(con, batch_id, user, at)
    con.execute("DROP TABLE extract_actions")


def _open_new(con, batch_id: int, user: str, at: datetime) -> None:
    """Open an action for each indicator in the extract that has no live one, and record it."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE opened AS "
        "SELECT nextval('action_ids') AS action_id, e.* FROM extract_actions AS e "
        "WHERE NOT EXISTS (SELECT 1 FROM actions AS a "
        f"WHERE a.indicator_id = e.indicator_id AND {LIVE})"
    )
    con.execute(
        "INSERT INTO actions (action_id, indicator_id, explanation, action_plan, officer, "
        "path_to_green, status, created_at, created_by, source) "
        "SELECT o.action_id, o.indicator_id, o.commentary, o.action, i.owner, NULL, "
        "'open', ?, ?, 'extract' FROM opened AS o "
        "LEFT JOIN indicators AS i ON i.indicator_id = o.indicator_id AND i.is_current",
        [at, user],
    )
    con.execute(
        "INSERT INTO batch_actions (batch_id, action_id, did) "
        "SELECT ?, action_id, 'opened' FROM opened",
        [batch_id],
    )
    con.execute("DROP TABLE opened")


def undo(con, batch_id: int, user: str, at: datetime) -> tuple[int, int]:
    """Undo what a batch (already marked rolled back) did to actions: (restored, withdrawn)."""
    records = con.execute(
        "SELECT action_id, did, explanation_before, action_plan_before FROM batch_actions "
        "WHERE batch_id = ? ORDER BY action_id",
        [batch_id],
    ).fetchall()
    restored = withdrawn = 0
    for action_id, did, explanation, plan in records:
        later = _next_in_force(con, action_id, batch_id)
        if later is not None:
            _hand_on(con, later, action_id, did, explanation, plan)
        elif did == "opened":
            _log(
                con,
                action_id,
                f"Withdrawn by the rollback of batch {batch_id}, which opened it",
                user,
                at,
            )
            con.execute(
                "UPDATE actions SET withdrawn_by_batch = ? WHERE action_id = ?",
                [batch_id, action_id],
            )
            withdrawn += 1
        else:
            restored += _restore(con, action_id, explanation, plan, batch_id, user, at)
    return restored, withdrawn


def _next_in_force(con, action_id: int, batch_id: int) -> int | None:
    """The first later batch, still in force, that also touched this action."""
    return con.execute(
        "SELECT min(r.batch_id) FROM batch_actions AS r JOIN batches AS b USING (batch_id) "
        "WHERE r.action_id = ? AND r.batch_id > ? AND b.status = 'active'",
        [action_id, batch_id],
    ).fetchall()[0][0]


def _hand_on(con, later: int, action_id: int, did: str, explanation, plan) -> None:
    """The later batch's text stays; it now stands where the rolled-back batch stood."""
    con.execute(
        "UPDATE batch_actions SET explanation_before = ?, action_plan_before = ?, "
        "did = CASE WHEN ? = 'opened' THEN 'opened' ELSE did END "
        "WHERE batch_id = ? AND action_id = ?",
        [explanation, plan, did, later, action_id],
    )


def _restore(con, action_id: int, explanation, plan, batch_id: int, user: str, at: datetime) -> int:
    """Put back the explanation and plan the batch replaced (1), or 0 when they are the same."""
    now = con.execute(
        "SELECT explanation, action_plan FROM actions WHERE action_id = ?", [action_id]
    ).fetchall()[0]
    if list(now) == [explanation, plan]:
        return 0
    con.execute(
        "UPDATE actions SET explanation = ?, action_plan = ? WHERE action_id = ?",
        [explanation, plan, action_id],
    )
    _log(
        con,
        action_id,
        f"Explanation and action plan restored by the rollback of batch {batch_id}",
        user,
        at,
    )
    return 1


def _log(con, action_id: int, note: str, user: str, at: datetime) -> None:
    con.execute(
        "INSERT INTO action_updates (action_id, update_date, status, note, updated_by, "
        "recorded_at) SELECT action_id, ?, status, ?, ?, ? FROM actions WHERE action_id = ?",
        [at.date(), note, user, at, action_id],
    )
