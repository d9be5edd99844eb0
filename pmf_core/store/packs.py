"""Packs as presented: a committee's exceptions, or the quarterly report, frozen for a meeting,
written once, never changed.

A pack and its rows (or its report) are written in one transaction; nothing here updates or
deletes them, so a pack reads the same for as long as the store lives. Freezing the same kind
of pack for the same committee, month and meeting again within ``REPEAT_SECONDS`` (a double
click, a form sent twice) returns the pack just made instead of a second one, when it would
hold the same: the same cover and, for a report, the same model (a summary corrected at once
makes a new pack, never the old one under the new name).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from pmf_core.rules.stored_text import clean_frame
from pmf_core.store import Store
from pmf_core.store.schema import PACK_COLUMNS, PACK_ROW_COLUMNS

REPEAT_SECONDS = 10.0
EXCEPTIONS, QUARTERLY = "exceptions", "quarterly report"  # the kinds of pack


@dataclass(frozen=True)
class NewPack:
    """What a freeze wrote: the pack's id, and whether it is new (False: a repeat's)."""

    pack_id: int
    created: bool


def freeze(
    store: Store,
    *,
    committee: str,
    as_at: int,
    meeting: date,
    frozen_by: str,
    title: str,
    cover: str,
    rows: list[dict] | None = None,
    report: tuple[str, int] | None = None,
    now: datetime | None = None,
) -> NewPack:
    """Write a pack as one transaction: a committee's exceptions (``rows``, dicts keyed by
    PACK_ROW_COLUMNS), or a quarterly report (``report``: its model as JSON and how many
    measures it holds)."""
    now = now or datetime.now()
    kind = EXCEPTIONS if report is None else QUARTERLY
    rows = rows or []
    with store.transaction() as con:
        repeat = con.execute(
            "SELECT max(p.pack_id) FROM packs AS p LEFT JOIN pack_reports AS r USING (pack_id) "
            "WHERE p.kind = ? AND p.committee = ? AND p.as_at = ? AND p.meeting = ? "
            "AND p.frozen_at >= ? AND p.cover = ? AND r.model IS NOT DISTINCT FROM ?",
            [
                kind,
                committee,
                as_at,
                meeting,
                now - timedelta(seconds=REPEAT_SECONDS),
                cover,
                None if report is None else report[0],
            ],
        ).fetchall()[0][0]
        if repeat is not None:
            return NewPack(int(repeat), False)
        pack_id = int(con.execute("SELECT nextval('pack_ids')").fetchall()[0][0])
        total = len(rows) if report is None else report[1]
        con.execute(
            f"INSERT INTO packs ({', '.join(PACK_COLUMNS)}) VALUES ({_marks(len(PACK_COLUMNS))})",
            [pack_id, committee, as_at, meeting, frozen_by, now, title, cover, total, kind],
        )
        if rows:
            con.executemany(
                f"INSERT INTO pack_rows (pack_id, {', '.join(PACK_ROW_COLUMNS)}) "
                f"VALUES ({_marks(len(PACK_ROW_COLUMNS) + 1)})",
                [[pack_id, *(_stored(row[c]) for c in PACK_ROW_COLUMNS)] for row in rows],
            )
        if report is not None:
            con.execute(
                "INSERT INTO pack_reports (pack_id, model) VALUES (?, ?)", [pack_id, report[0]]
            )
    return NewPack(pack_id, True)


def _marks(count: int) -> str:
    """``count`` parameter marks for an INSERT's VALUES."""
    return ", ".join("?" for _ in range(count))


def _stored(value):
    """A missing number (NaN) or date (NaT) is stored as NULL."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    return value


def packs(store: Store, committee: str | None = None, kind: str | None = None) -> pd.DataFrame:
    """Every pack (one committee's, one kind's when named), newest first, without the cover."""
    wanted = [
        (name, value)
        for name, value in (("committee", committee), ("kind", kind))
        if value is not None
    ]
    where = " AND ".join(f"{name} = ?" for name, _ in wanted)
    return clean_frame(
        store.query(
            "SELECT pack_id, committee, as_at, meeting, frozen_by, frozen_at, title, rows_total, "
            f"kind FROM packs {'WHERE ' + where if where else ''} ORDER BY pack_id DESC",
            [value for _, value in wanted],
        )
    )


def pack(store: Store, pack_id: int) -> dict | None:
    """One pack's header (its cover included), or None when there is no such pack."""
    found = store.query(f"SELECT {', '.join(PACK_COLUMNS)} FROM packs WHERE pack_id = ?", [pack_id])
    return None if found.empty else found.iloc[0].to_dict()


def pack_rows(store: Store, pack_id: int) -> pd.DataFrame:
    """A pack's rows in the order they were presented."""
    return store.query(
        f"SELECT {', '.join(PACK_ROW_COLUMNS)} FROM pack_rows WHERE pack_id = ? ORDER BY position",
        [pack_id],
    )


def pack_report(store: Store, pack_id: int) -> str | None:
    """A quarterly report pack's model as frozen (JSON), or None when the pack holds none."""
    return store.scalar("SELECT model FROM pack_reports WHERE pack_id = ?", [pack_id])
