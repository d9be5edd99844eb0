"""Packs as presented: a committee's exceptions frozen for a meeting, written once, never changed.

A pack and its rows are written in one transaction; nothing here updates or deletes them, so
a pack reads the same for as long as the store lives. Freezing the same committee, month and
meeting again within ``REPEAT_SECONDS`` (a double click, a form sent twice) returns the pack
just made instead of a second one.
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
    rows: list[dict],
    now: datetime | None = None,
) -> NewPack:
    """Write a pack and all its rows (dicts keyed by PACK_ROW_COLUMNS) as one transaction."""
    now = now or datetime.now()
    with store.transaction() as con:
        repeat = con.execute(
            "SELECT max(pack_id) FROM packs WHERE committee = ? AND as_at = ? AND meeting = ? "
            "AND frozen_at >= ?",
            [committee, as_at, meeting, now - timedelta(seconds=REPEAT_SECONDS)],
        ).fetchall()[0][0]
        if repeat is not None:
            return NewPack(int(repeat), False)
        pack_id = int(con.execute("SELECT nextval('pack_ids')").fetchall()[0][0])
        con.execute(
            f"INSERT INTO packs ({', '.join(PACK_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [pack_id, committee, as_at, meeting, frozen_by, now, title, cover, len(rows)],
        )
        if rows:
            marks = ", ".join("?" for _ in range(len(PACK_ROW_COLUMNS) + 1))
            con.executemany(
                f"INSERT INTO pack_rows (pack_id, {', '.join(PACK_ROW_COLUMNS)}) VALUES ({marks})",
                [[pack_id, *(_stored(row[c]) for c in PACK_ROW_COLUMNS)] for row in rows],
            )
    return NewPack(pack_id, True)


def _stored(value):
    """A missing number (NaN) or date (NaT) is stored as NULL."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    return value


def packs(store: Store, committee: str | None = None) -> pd.DataFrame:
    """Every pack (one committee's when named), newest first, without the cover."""
    where, params = ("WHERE committee = ?", [committee]) if committee is not None else ("", [])
    return clean_frame(
        store.query(
            "SELECT pack_id, committee, as_at, meeting, frozen_by, frozen_at, title, rows_total "
            f"FROM packs {where} ORDER BY pack_id DESC",
            params,
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
