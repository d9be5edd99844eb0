"""Comparator data in the store: the council's own area, metrics, values and groups.

A benchmarks load writes its values and each metric's latest definition as revisions, and a
groups load writes each named group's members, so rollback works as for every other load. A
groups load replaces the named groups whole: a member it leaves out gets a revision saying it
is no longer a member, which a rollback withdraws like any other.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from pmf_core.rules.stored_text import clean_typed
from pmf_core.store import Store, reads
from pmf_core.store.revisions import write_revisions
from pmf_core.store.schema import KIND_TABLES, STORED_COLUMNS

KINDS = ("benchmarks", "groups")

# How each table's new rows are drawn from the validated file rows (registered as batch_rows).
_INCOMING = {
    "benchmark_values": "SELECT metric_id, area_code, period, end_index, area_name, value "
    "FROM batch_rows",
    "metrics": "SELECT metric_id, any_value(metric_name) AS metric_name, any_value(unit) AS unit, "
    "any_value(polarity) AS polarity, any_value(source) AS source, "
    "any_value(frequency) AS frequency FROM batch_rows GROUP BY metric_id",
    "group_members": "SELECT group_name, area_code, area_name, true AS is_member, is_reference "
    "FROM batch_rows "
    "UNION ALL SELECT g.group_name, g.area_code, g.area_name, false, "
    "g.is_reference "
    "FROM group_members AS g WHERE g.is_current AND g.is_member "
    "AND g.group_name IN (SELECT group_name FROM batch_rows) "
    "AND NOT EXISTS (SELECT 1 FROM batch_rows AS r WHERE "
    "r.group_name = g.group_name AND r.area_code = g.area_code)",
}
ALL_AREAS = "All areas"  # the comparison with every area that has a value, when no group


def write_tables(con, kind: str, batch_id: int, rows: pd.DataFrame) -> tuple[int, int, int]:
    """Write one benchmarks or groups batch; counts (new, revised, unchanged) of its values."""
    con.register("batch_rows", rows)
    try:
        counts = []
        for table in KIND_TABLES[kind]:
            con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS {_INCOMING[table]}")
            counts.append(write_revisions(con, table, batch_id))
            con.execute("DROP TABLE incoming")
    finally:
        con.unregister("batch_rows")
    return counts[0]


def set_area(store: Store, code: str, name: str, user: str) -> None:
    """Record the council's own area (an ONS GSS code and its name), replacing any before."""
    with store.transaction() as con:
        con.execute("DELETE FROM council_area")
        con.execute(
            "INSERT INTO council_area VALUES (?, ?, ?, ?)",
            [clean_typed(code), clean_typed(name), clean_typed(user), datetime.now()],
        )


def area(store: Store) -> tuple[str, str] | None:
    """The council's own (code, name), or None when it has not been set."""
    found = reads.query(store, "SELECT area_code, area_name FROM council_area LIMIT 1")
    return None if found.empty else (found["area_code"][0], found["area_name"][0])


def metrics(store: Store) -> pd.DataFrame:
    """Every metric's latest definition, by name."""
    columns = ", ".join(STORED_COLUMNS["metrics"])
    return reads.query(
        store, f"SELECT {columns} FROM metrics WHERE is_current ORDER BY metric_name, metric_id"
    )


def metric(store: Store, metric_id: str) -> pd.DataFrame:
    """One metric's latest definition (no rows when it was never loaded)."""
    columns = ", ".join(STORED_COLUMNS["metrics"])
    return reads.query(
        store, f"SELECT {columns} FROM metrics WHERE is_current AND metric_id = ?", [metric_id]
    )


def groups(store: Store) -> pd.DataFrame:
    """Each group with its number of members, by name."""
    return reads.query(
        store,
        "SELECT group_name, count(*) AS members FROM group_members "
        "WHERE is_current AND is_member GROUP BY group_name ORDER BY group_name",
    )


# Current values of some metrics for a group's members and the own area (every area when the
# group is NULL), with each area's latest name and whether it is a reference area (one the
# group marks, or any group when there is none, or one of the $always codes), never the own.
_VALUES = """
SELECT v.metric_id, v.area_code, v.period, v.end_index, v.value,
       coalesce(n.area_name, v.area_code) AS area_name,
       v.area_code <> $own AND (v.area_code IN (SELECT unnest($always::VARCHAR[]))
           OR v.area_code IN (SELECT area_code FROM group_members WHERE is_current
                              AND is_member AND is_reference
                              AND ($group IS NULL OR group_name = $group))) AS is_reference
FROM benchmark_values AS v
LEFT JOIN (SELECT area_code, arg_max(area_name, end_index) AS area_name FROM benchmark_values
           WHERE is_current AND metric_id IN (SELECT unnest($metrics::VARCHAR[]))
           GROUP BY area_code) AS n ON n.area_code = v.area_code
WHERE v.is_current AND v.metric_id IN (SELECT unnest($metrics::VARCHAR[]))
  AND ($group IS NULL OR v.area_code = $own OR v.area_code IN (
       SELECT area_code FROM group_members WHERE is_current AND is_member
       AND group_name = $group))
ORDER BY v.metric_id, v.end_index, v.area_code
"""


def values(
    store: Store,
    metric_ids: list[str],
    group: str | None,
    own: str,
    always_reference: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Values of the metrics for the group's members and the own area; all areas without one.
    ``is_reference`` marks the areas drawn as reference lines (``always_reference`` codes, and
    those the group marks), not ranked."""
    return reads.query(
        store,
        _VALUES,
        {"metrics": list(metric_ids), "group": group, "own": own, "always": list(always_reference)},
    )
