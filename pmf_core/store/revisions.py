"""A load's rows as new revisions of a table: the one write every kind of file shares.

Table and column names come from the schema's constants, never from users; the rows arrive as a
registered relation named ``incoming``.
"""

from __future__ import annotations

from pmf_core.store.schema import COMPARED, REVISION_KEYS, STORED_COLUMNS

# Columns that arrive as text and are stored in another shape.
_SELECT = {
    "committees": "CASE WHEN coalesce(trim(i.committees), '') = '' THEN []::VARCHAR[] "
    "ELSE string_split(i.committees, ';') END"
}


def write_revisions(con, table: str, batch_id: int) -> tuple[int, int, int]:
    """Rows equal to their current revision are confirmed; the rest become new revisions.

    Returns (new, revised, unchanged).
    """
    keys, columns = REVISION_KEYS[table], STORED_COLUMNS[table]
    on = " AND ".join(f"t.{k} = i.{k}" for k in keys)
    same = " AND ".join(
        f"t.{c} IS NOT DISTINCT FROM {_SELECT.get(c, 'i.' + c)}" for c in COMPARED[table]
    )
    key_list = ", ".join(keys)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE unchanged_keys AS SELECT "
        f"{', '.join('i.' + k for k in keys)}, t.revision FROM incoming AS i "
        f"JOIN {table} AS t ON {on} AND t.is_current WHERE {same}"
    )
    con.execute(
        f"INSERT INTO {table}_unchanged ({key_list}, batch_id, revision) "
        f"SELECT {key_list}, ?, revision FROM unchanged_keys",
        [batch_id],
    )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW changed AS SELECT i.* FROM incoming AS i "
        f"WHERE NOT EXISTS (SELECT 1 FROM unchanged_keys AS t WHERE {on})"
    )
    revised = con.execute(
        f"UPDATE {table} AS t SET is_current = false FROM changed AS i WHERE {on} AND t.is_current"
    ).fetchall()[0][0]
    selects = ", ".join(_SELECT.get(c, f"i.{c}") for c in columns)
    inserted = con.execute(
        f"INSERT INTO {table} ({', '.join(columns)}, batch_id, revision, is_current) "
        f"SELECT {selects}, ?, coalesce(m.revision, 0) + 1, true FROM changed AS i "
        f"LEFT JOIN (SELECT {key_list}, max(revision) AS revision FROM {table} "
        f"GROUP BY {key_list}) AS m ON {on.replace('t.', 'm.')}",
        [batch_id],
    ).fetchall()[0][0]
    unchanged = con.execute("SELECT count(*) FROM unchanged_keys").fetchall()[0][0]
    con.execute("DROP VIEW changed")
    con.execute("DROP TABLE unchanged_keys")
    return inserted - revised, revised, unchanged
