"""Every read from the store, each one parameterised SQL returning a frame."""

from __future__ import annotations

from math import nan

import pandas as pd

from pmf_core.rules.periods import parse_period
from pmf_core.rules.stored_text import clean_frame
from pmf_core.store import Store
from pmf_core.store.schema import INDICATOR_COLUMNS

# Months back to the previous period; none for a week (several share a month: see _weeks_before).
_STEP = (
    "CASE i.frequency WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3 "
    "WHEN 'six_monthly' THEN 6 WHEN 'annual' THEN 12 END"
)


# Latest current observation per indicator on or before the as-at month, with the values of the
# previous period and the same period last year, and for each of those two periods its own
# target, its profiled target and its year's target (analysis.status resolves which applies).
STATUS_SQL = f"""
WITH latest AS (
    SELECT * FROM observations
    WHERE is_current AND end_index <= $as_at
    QUALIFY row_number() OVER (PARTITION BY indicator_id ORDER BY end_index DESC, period DESC) = 1
)
SELECT {", ".join("i." + c for c in INDICATOR_COLUMNS)},
       l.period, l.end_index, l.financial_year, l.value,
       l.target AS row_target, tp.target AS period_target, t.target AS annual_target,
       tp.target_upper AS period_upper, t.target_upper AS annual_upper,
       l.commentary, l.action, l.rag_override, l.override_reason, l.note,
       l.numerator, l.denominator,
       p.value AS previous_value, y.value AS last_year_value, y.end_index AS ly_end_index,
       y.target AS ly_row_target, typ.target AS ly_period_target, ty.target AS ly_annual_target,
       typ.target_upper AS ly_period_upper, ty.target_upper AS ly_annual_upper,
       ye.value AS last_year_end_value
FROM indicators AS i
LEFT JOIN latest AS l ON l.indicator_id = i.indicator_id
LEFT JOIN targets AS t ON t.is_current AND t.indicator_id = i.indicator_id
     AND t.financial_year = l.financial_year AND t.period = ''
LEFT JOIN targets AS tp ON tp.is_current AND tp.indicator_id = i.indicator_id
     AND tp.financial_year = l.financial_year AND tp.period = l.period
LEFT JOIN observations AS p ON p.is_current AND p.indicator_id = i.indicator_id
     AND p.end_index = l.end_index - {_STEP}
LEFT JOIN observations AS y ON y.is_current AND y.indicator_id = i.indicator_id
     AND y.end_index = l.end_index - 12 AND i.frequency <> 'weekly'
LEFT JOIN targets AS ty ON ty.is_current AND ty.indicator_id = i.indicator_id
     AND ty.financial_year = y.financial_year AND ty.period = ''
LEFT JOIN targets AS typ ON typ.is_current AND typ.indicator_id = i.indicator_id
     AND typ.financial_year = y.financial_year AND typ.period = y.period
LEFT JOIN observations AS ye ON i.accumulation = 'year_to_date' AND i.frequency <> 'weekly'
     AND ye.is_current
     AND ye.indicator_id = i.indicator_id
     AND ye.end_index = (l.end_index - 12) + (14 - (l.end_index - 12) % 12) % 12
WHERE i.is_current
ORDER BY i.directorate, i.service, i.indicator_id
"""


def query(store: Store, sql: str, params: list | tuple | dict | None = None) -> pd.DataFrame:
    """A read with its text cleaned: an export can hold whatever wrote the store (a program
    other than this one, or a version before typed text was cleaned)."""
    return clean_frame(store.query(sql, params))


def latest_rows(store: Store, as_at: int) -> pd.DataFrame:
    """One row per current indicator: its latest observation as at a month (or none)."""
    return _weeks_before(store, query(store, STATUS_SQL, {"as_at": as_at}))


_WEEKS_BEFORE = """
SELECT o.indicator_id, o.period, o.value, o.end_index, o.target AS row_target,
       tp.target AS period_target, t.target AS annual_target,
       tp.target_upper AS period_upper, t.target_upper AS annual_upper
FROM observations AS o
LEFT JOIN targets AS t ON t.is_current AND t.indicator_id = o.indicator_id
     AND t.financial_year = o.financial_year AND t.period = ''
LEFT JOIN targets AS tp ON tp.is_current AND tp.indicator_id = o.indicator_id
     AND tp.financial_year = o.financial_year AND tp.period = o.period
WHERE o.is_current AND o.indicator_id IN (SELECT unnest(?::VARCHAR[]))
  AND o.period IN (SELECT unnest(?::VARCHAR[]))
"""


def _weeks_before(store: Store, rows: pd.DataFrame) -> pd.DataFrame:
    """Weekly rows with the previous week's value and the same week last year's (52 weeks
    before): weeks are keyed by ISO week, not by month, so they are read by key."""
    weekly = rows["frequency"].eq("weekly") & rows["period"].notna()
    if not weekly.any():
        return rows
    ids = rows.loc[weekly, "indicator_id"].tolist()
    weeks = [parse_period(p, "weekly") for p in rows.loc[weekly, "period"]]
    previous = [w.previous().key for w in weeks]
    last_year = [w.same_period_last_year().key for w in weeks]
    found = query(store, _WEEKS_BEFORE, [ids, previous + last_year])
    keys = list(zip(found["indicator_id"], found["period"]))
    value = dict(zip(keys, found["value"]))
    out = rows.copy()
    out.loc[weekly, "previous_value"] = [value.get(k, nan) for k in zip(ids, previous)]
    out.loc[weekly, "last_year_value"] = [value.get(k, nan) for k in zip(ids, last_year)]
    for column in _WEEK_TARGETS:  # that week's own, profiled and year targets
        known = dict(zip(keys, found[column]))
        out.loc[weekly, "ly_" + column] = [known.get(k, nan) for k in zip(ids, last_year)]
    return out


_WEEK_TARGETS = (
    "end_index",
    "row_target",
    "period_target",
    "annual_target",
    "period_upper",
    "annual_upper",
)


def indicators(store: Store) -> pd.DataFrame:
    return query(
        store,
        f"SELECT {', '.join(INDICATOR_COLUMNS)} FROM indicators "
        "WHERE is_current ORDER BY directorate, service, indicator_id",
    )


def indicator_frequencies(store: Store) -> dict[str, str]:
    frame = query(store, "SELECT indicator_id, frequency FROM indicators WHERE is_current")
    return dict(zip(frame["indicator_id"], frame["frequency"]))


def indicator_kinds(store: Store) -> dict[str, str]:
    """Each current indicator's kind (kpi, contextual, place)."""
    frame = store.query("SELECT indicator_id, kind FROM indicators WHERE is_current")
    return dict(zip(frame["indicator_id"], frame["kind"].fillna("kpi")))


def indicator_rules(store: Store) -> pd.DataFrame:
    """Each current indicator's polarity, and the scale and decimals of a value computed from
    its numerator and denominator (defaults filled: 1 and 2)."""
    return store.query(
        "SELECT indicator_id, coalesce(polarity, 'none') AS polarity, "
        "coalesce(scale, CASE WHEN unit = '%' THEN 100 ELSE 1 END) AS scale, "
        "coalesce(decimals, 2) AS decimals FROM indicators WHERE is_current"
    )


def observed_indicators(store: Store) -> set[str]:
    """Ids of indicators holding current observations (their frequency may not change)."""
    frame = query(store, "SELECT DISTINCT indicator_id FROM observations WHERE is_current")
    return set(frame["indicator_id"])


_SERIES = """
SELECT o.indicator_id, o.period, o.end_index, o.financial_year, o.value,
       o.target AS row_target, tp.target AS period_target, t.target AS annual_target,
       tp.target_upper AS period_upper, t.target_upper AS annual_upper,
       o.commentary, o.action, o.rag_override, o.override_reason, o.note,
       o.numerator, o.denominator, o.revision, o.loaded_by, o.loaded_at
FROM observations AS o
LEFT JOIN targets AS t ON t.is_current AND t.indicator_id = o.indicator_id
     AND t.financial_year = o.financial_year AND t.period = ''
LEFT JOIN targets AS tp ON tp.is_current AND tp.indicator_id = o.indicator_id
     AND tp.financial_year = o.financial_year AND tp.period = o.period
WHERE o.is_current AND o.indicator_id IN (SELECT unnest(?::VARCHAR[]))
ORDER BY o.indicator_id, o.end_index, o.period
"""


def series(store: Store, indicator_id: str) -> pd.DataFrame:
    """The current value of every period of one indicator, with the targets that may apply
    (its own, its period's profile, its year's), oldest first."""
    return series_of(store, [indicator_id]).drop(columns="indicator_id")


def series_of(store: Store, indicator_ids: list[str]) -> pd.DataFrame:
    """``series`` of many indicators in one read (a report's or the site's every measure),
    with their ``indicator_id``: each indicator's rows together, oldest first."""
    return query(store, _SERIES, [list(indicator_ids)])


def series_for(
    store: Store, indicator_ids: list[str], from_index: int, to_index: int
) -> pd.DataFrame:
    """Current values of many indicators over a window of months (for sparklines)."""
    return query(
        store,
        "SELECT indicator_id, period, end_index, value FROM observations WHERE is_current "
        "AND indicator_id IN (SELECT unnest(?::VARCHAR[])) AND end_index BETWEEN ? AND ? "
        "ORDER BY indicator_id, end_index, period",
        [list(indicator_ids), from_index, to_index],
    )


_REVISIONS = """
SELECT o.period, o.revision, o.value, o.target, o.commentary, o.note, o.rag_override,
       o.override_reason, o.is_current, o.loaded_by, o.loaded_at, o.batch_id, b.file_name,
       b.status AS batch_status,
       coalesce(s.entered_by, o.loaded_by) AS entered_by,
       coalesce(s.done_by, o.loaded_by) AS approved_by
FROM observations AS o
LEFT JOIN batches AS b ON b.batch_id = o.batch_id
LEFT JOIN return_steps AS s ON s.batch_id = o.batch_id AND s.step = 'approved'
WHERE o.indicator_id = ?
ORDER BY o.end_index DESC, o.period DESC, o.revision DESC
"""


def revisions(store: Store, indicator_id: str) -> pd.DataFrame:
    """Every revision of every period of one indicator, newest first, with its batch and who
    entered and approved it (for a loaded value, the analyst who loaded it; for a return's,
    its officer and checker)."""
    return query(store, _REVISIONS, [indicator_id])


def targets_for_year(store: Store, financial_year: str) -> pd.DataFrame:
    return query(
        store,
        "SELECT indicator_id, max(target) FILTER (WHERE period = '') AS target FROM targets "
        "WHERE is_current AND financial_year = ? GROUP BY indicator_id",
        [financial_year],
    )


def targets_in_extracts(store: Store, financial_year: str, as_at: int) -> pd.DataFrame:
    """Indicators whose extract rows of a financial year, up to a month, carry a target."""
    return store.query(
        "SELECT DISTINCT indicator_id FROM observations WHERE is_current "
        "AND financial_year = ? AND end_index <= ? AND target IS NOT NULL",
        [financial_year, as_at],
    )


def batches(store: Store) -> pd.DataFrame:
    return query(
        store,
        "SELECT batch_id, kind, file_name, loaded_by, loaded_at, rows_total, "
        "rows_new, rows_revised, rows_unchanged, status, rolled_back_at, "
        "rolled_back_by, sha256 FROM batches ORDER BY batch_id DESC",
    )


def latest_month(store: Store) -> int | None:
    """The month index of the newest monthly observation (else the newest of any kind)."""
    return store.scalar(
        "SELECT coalesce(max(o.end_index) FILTER (WHERE i.frequency = 'monthly'), "
        "max(o.end_index)) FROM observations AS o JOIN indicators AS i "
        "ON i.indicator_id = o.indicator_id AND i.is_current WHERE o.is_current"
    )


def monthly_returns(store: Store) -> pd.DataFrame:
    """Per month, how many monthly indicators have a return, beside how many have any at all."""
    return query(
        store,
        "WITH r AS (SELECT o.indicator_id, o.end_index FROM observations AS o "
        "JOIN indicators AS i ON i.indicator_id = o.indicator_id AND i.is_current "
        "WHERE o.is_current AND i.frequency = 'monthly') "
        "SELECT end_index, count(DISTINCT indicator_id) AS returns, "
        "(SELECT count(DISTINCT indicator_id) FROM r) AS indicators "
        "FROM r GROUP BY end_index ORDER BY end_index",
    )


def actions(store: Store, indicator_id: str | None = None) -> pd.DataFrame:
    """Actions with their indicator's directorate, service and committees, newest first.

    An action withdrawn by a rollback (the load that opened it was undone) is not among them.
    """
    return query(
        store,
        "SELECT a.action_id, a.indicator_id, i.name, i.directorate, i.service, i.committees, "
        "a.explanation, a.action_plan, a.officer, a.path_to_green, a.status, a.created_at, "
        "a.created_by, (SELECT max(u.recorded_at) FROM action_updates AS u "
        "WHERE u.action_id = a.action_id) AS last_update "
        "FROM actions AS a LEFT JOIN indicators AS i ON i.indicator_id = a.indicator_id "
        "AND i.is_current WHERE a.withdrawn_by_batch IS NULL "
        "AND ($id IS NULL OR a.indicator_id = $id) "
        "ORDER BY a.action_id DESC",
        {"id": indicator_id},
    )


def action_updates(store: Store, action_id: int) -> pd.DataFrame:
    return query(
        store,
        "SELECT update_date, status, note, updated_by, recorded_at "
        "FROM action_updates WHERE action_id = ? "
        "ORDER BY update_date DESC, recorded_at DESC",
        [action_id],
    )


def spc_points(store: Store, as_at: int, indicator_ids: list[str] | None = None) -> pd.DataFrame:
    """Every current value up to a month, by indicator then period, with rebase marks."""
    return query(
        store,
        "SELECT o.indicator_id, o.period, o.end_index, o.value, "
        "(r.period IS NOT NULL) AS rebase FROM observations AS o "
        "LEFT JOIN (SELECT DISTINCT indicator_id, period FROM spc_rebases) AS r "
        "ON r.indicator_id = o.indicator_id AND r.period = o.period "
        "WHERE o.is_current AND o.value IS NOT NULL AND o.end_index <= $as_at "
        "AND ($ids IS NULL OR o.indicator_id IN (SELECT unnest($ids::VARCHAR[]))) "
        "ORDER BY o.indicator_id, o.end_index, o.period",
        {"as_at": as_at, "ids": indicator_ids},
    )


def action_changes(store: Store, since) -> pd.DataFrame:
    """Action updates and newly opened actions on or after a date, newest first (none of
    withdrawn actions)."""
    return query(
        store,
        "SELECT u.update_date AS date, a.action_id, a.indicator_id, i.name, u.status, u.note, "
        "u.updated_by AS by FROM action_updates AS u JOIN actions AS a USING (action_id) "
        "LEFT JOIN indicators AS i ON i.indicator_id = a.indicator_id AND i.is_current "
        "WHERE u.update_date >= $since AND a.withdrawn_by_batch IS NULL "
        "UNION ALL SELECT CAST(a.created_at AS DATE), a.action_id, a.indicator_id, i.name, "
        "'opened', 'Action opened: ' || coalesce(a.action_plan, ''), a.created_by "
        "FROM actions AS a LEFT JOIN indicators AS i ON i.indicator_id = a.indicator_id "
        "AND i.is_current WHERE CAST(a.created_at AS DATE) >= $since "
        "AND a.withdrawn_by_batch IS NULL ORDER BY 1 DESC, 2",
        {"since": since},
    )


def indicators_of(store: Store, indicator_ids: list[str]) -> pd.DataFrame:
    """The current definitions of many indicators in one read (unknown ones have no row)."""
    return query(
        store,
        f"SELECT {', '.join(INDICATOR_COLUMNS)} FROM indicators "
        "WHERE is_current AND indicator_id IN (SELECT unnest(?::VARCHAR[]))",
        [list(indicator_ids)],
    )


def indicator(store: Store, indicator_id: str) -> pd.DataFrame:
    """The current definition of one indicator (no rows when unknown)."""
    return indicators_of(store, [indicator_id])


def rebase_log(store: Store, indicator_id: str) -> pd.DataFrame:
    """SPC rebases of one indicator with their reasons, newest first."""
    return query(
        store,
        "SELECT period, reason, recorded_by, recorded_at FROM spc_rebases "
        "WHERE indicator_id = ? ORDER BY recorded_at DESC",
        [indicator_id],
    )


def first_month(store: Store) -> int | None:
    return store.scalar("SELECT min(end_index) FROM observations WHERE is_current")


def sign_in_attempts(store: Store, kind: str, key: str) -> tuple[int, float]:
    """The attempts counted against one name or address, and when the last was (0, 0.0 when
    none)."""
    found = query(
        store,
        "SELECT attempts, last_at FROM sign_in_attempts WHERE kind = ? AND key = ?",
        [kind, key],
    )
    return (0, 0.0) if found.empty else (int(found["attempts"][0]), float(found["last_at"][0]))
