"""Packs as presented: a committee's exceptions frozen for a meeting, and what changed since.

A pack keeps the appendix's rows exactly as ``appendix_file.presented`` made them (the figures
rounded as shown, the words as shown) and the Word cover as written, so its appendix, in every
format, and its print view read the same after a figure is revised. "Changed since this pack"
compares the pack's rows with the same committee's figures as at the same month today.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime

import pandas as pd

from pmf_core.analysis.status import status_as_at
from pmf_core.outputs.appendix import APPENDIX_COLUMNS, HIDDEN
from pmf_core.outputs.appendix_file import Presented, presented, written
from pmf_core.rules import committees, cover, exception_list, rag
from pmf_core.rules.periods import label_for_key, month_label
from pmf_core.rules.presentation import format_value, uk_datetime
from pmf_core.store import Store, reads, returns
from pmf_core.store import packs as stored
from pmf_core.store.packs import NewPack

# The appendix's columns as a pack's rows store them.
STORED_AS = {
    "Indicator": "indicator",
    "Service": "service",
    "Period": "period",
    "Unit": "unit",
    "Frequency": "frequency",
    "Data": "data",
    "Counts": "counts",
    "RAG": "rag",
    "DOT": "dot",
    "Target": "target",
    "Target upper": "target_upper",
    "Last year": "last_year",
    "Commentary": "commentary",
    "Action": "action",
    "Accountable officer": "officer",
    "Path to green": "path_to_green",
    **{name: name for name in HIDDEN},
}
CHANGE_COLUMNS = [
    "indicator_id",
    "Indicator",
    "What changed",
    "As presented",
    "Now",
    "RAG as presented",
    "RAG now",
]
VALUE_REVISED, STATUS_CHANGED = "value revised", "status changed"
NEWER_RETURN, NEW_EXCEPTION = "a later return", "new exception"
WITHDRAWN, NOT_THE_COMMITTEES = "return withdrawn", "no longer the committee's measure"
RETURN_APPROVED = "return approved"


# What each kind of pack is, in words.
KIND_WORDS = {stored.EXCEPTIONS: "a committee's exceptions", stored.QUARTERLY: "a quarterly report"}


class PackError(ValueError):
    """A pack that cannot be made or found, said in plain words."""


class WrongKind(PackError):
    """A pack asked for as one kind that is the other (a report's pack as an appendix)."""

    def __init__(self, pack_id: int, kind: str, wanted: str) -> None:
        super().__init__(
            f"pack {pack_id} is {KIND_WORDS.get(kind, kind)}, not {KIND_WORDS.get(wanted, wanted)}"
        )
        self.kind = kind


def committee_named(store: Store, name: str) -> str:
    """The committee as the indicators spell it, matched in any case; PackError if none is."""
    known = committees.names(reads.indicators(store))
    found = {c.casefold(): c for c in known}.get(name.strip().casefold())
    if found is None:
        listed = ", ".join(known) if known else "none yet: load indicators first"
        raise PackError(f'"{name[:80]}" is not a committee; the committees are: {listed}')
    return found


def freeze(
    store: Store, committee: str, as_at: int, meeting: date, user: str, now: datetime | None = None
) -> NewPack:
    """Freeze every exception (Red, Amber, Blue) of a committee as at a month for a meeting."""
    now = now or datetime.now()
    committee = committee_named(store, committee)
    status = status_as_at(store, as_at, committee=committee)
    latest = reads.latest_month(store)
    if latest is None or as_at > latest or (status["rag"] == rag.NO_DATA).all():
        raise PackError(f"{committee} has no data as at {month_label(as_at)}: nothing to freeze")
    paper = presented(
        store, as_at, committee, now.date(), given=cover.CoverDetails(meeting_date=meeting)
    )
    rows = paper.rows.rename(columns=STORED_AS)
    rows.insert(0, "position", range(1, len(rows) + 1))
    return stored.freeze(
        store,
        committee=committee,
        as_at=as_at,
        meeting=meeting,
        frozen_by=user,
        title=paper.title,
        cover=json.dumps(asdict(paper.front)),
        rows=rows.to_dict("records"),
        now=now,
    )


def header(store: Store, pack_id: int, kind: str = stored.EXCEPTIONS) -> dict:
    """A pack's header (committee, as_at, meeting, who froze it and when, its kind); PackError
    if there is none, WrongKind if it is not of ``kind``."""
    found = stored.pack(store, pack_id)
    if found is None:
        raise PackError(f"there is no pack {pack_id}")
    if found["kind"] != kind:
        raise WrongKind(pack_id, found["kind"], kind)
    return found


def cover_of(text: str) -> cover.Cover:
    """A pack's cover as written, from the JSON it was kept as."""
    front = json.loads(text)
    front["facts"] = [tuple(pair) for pair in front["facts"]]
    return cover.Cover(**front)


def as_presented(store: Store, pack_id: int) -> Presented:
    """A pack's appendix rows, title and cover, as they were when it was frozen."""
    head = header(store, pack_id)
    rows = stored.pack_rows(store, pack_id).rename(columns={v: k for k, v in STORED_AS.items()})
    rows["Path to green"] = [
        None if pd.isna(d) else pd.Timestamp(d).date() for d in rows["Path to green"]
    ]
    rows["decimals"] = rows["decimals"].astype(int)
    for name in ("Data", "Target", "Target upper", "Last year", "value"):
        rows[name] = rows[name].astype(float)
    columns = APPENDIX_COLUMNS + list(HIDDEN)
    return Presented(rows[columns].reset_index(drop=True), head["title"], cover_of(head["cover"]))


def pack_appendix(store: Store, pack_id: int, fmt: str) -> bytes:
    """A pack's appendix in one format (csv, xlsx, docx), from its rows as frozen."""
    return written(as_presented(store, pack_id), fmt)


def listing(store: Store, committee: str | None = None) -> pd.DataFrame:
    """The packs (one committee's exceptions when it is named), newest first: id, committee
    (a report's: the meeting its cover names), month, meeting, exceptions (none for a report),
    who froze it and when, its kind and how many measures it holds."""
    kind = stored.EXCEPTIONS if committee is not None else None
    frame = stored.packs(store, committee, kind)
    measures = frame["rows_total"].astype(int)
    return pd.DataFrame(
        {
            "pack_id": frame["pack_id"].astype(int),
            "committee": frame["committee"],
            "as_at": [month_label(int(m)) for m in frame["as_at"]],
            "meeting": [pd.Timestamp(d).date().isoformat() for d in frame["meeting"]],
            "exceptions": measures.where(frame["kind"] == stored.EXCEPTIONS).astype("Int64"),
            "frozen_by": frame["frozen_by"],
            "frozen_at": [pd.Timestamp(t).strftime("%Y-%m-%d %H:%M") for t in frame["frozen_at"]],
            "kind": frame["kind"],
            "measures": measures,
        }
    )


def changed_since(store: Store, pack_id: int) -> pd.DataFrame:
    """What differs between a pack and the committee's figures as at the same month today:
    values revised, a later return or none (a load rolled back), statuses changed, measures
    moved to another committee, exceptions new since the pack, and returns approved since it
    was frozen (by whom and when)."""
    head = header(store, pack_id)
    then = as_presented(store, pack_id).rows
    now = status_as_at(store, int(head["as_at"]), committee=str(head["committee"]))
    today = {row["indicator_id"]: row for _, row in now.iterrows()}
    named = [_row_changes(row, today.get(row["indicator_id"])) for _, row in then.iterrows()]
    out = [r for r in named if r is not None]
    fresh = exception_list.ordered(exception_list.select(now, rag.EXCEPTIONS))
    for _, row in fresh[~fresh["indicator_id"].isin(set(then["indicator_id"]))].iterrows():
        out.append(
            [
                row["indicator_id"],
                row["name"],
                NEW_EXCEPTION,
                "not listed",
                _figure(row),
                "–",
                row["rag"],
            ]
        )
    _name_approvals(store, head, then, today, out)
    changes = pd.DataFrame(out, columns=CHANGE_COLUMNS)
    return changes.reset_index(drop=True)


def _name_approvals(
    store: Store, head: dict, then: pd.DataFrame, today: dict, out: list[list]
) -> None:
    """Add to ``out`` each return approved since the pack was frozen for a measure of the pack
    or of the committee today, and for a period the pack showed or that counts as at its month
    now: who approved it and when, beside what else changed for that measure."""
    shown = {row["indicator_id"]: row for _, row in then.iterrows()}
    ids = sorted(set(shown) | set(today))
    approved = returns.approved_since(store, ids, pd.Timestamp(head["frozen_at"]).to_pydatetime())
    by_id = {row[0]: row for row in out}
    for _, step in approved.iterrows():
        i = step["indicator_id"]
        was, now = shown.get(i), today.get(i)
        counted = set()
        if was is not None:
            counted.add(was["period_key"])
        if now is not None and not pd.isna(now["period"]):
            counted.add(now["period"])
        if step["period"] not in counted:
            continue
        frequency = now["frequency"] if now is not None else was["Frequency"]  # type: ignore[index]
        words = (
            f"{RETURN_APPROVED} ({label_for_key(step['period'], frequency)}) by "
            f"{step['done_by']} on {uk_datetime(pd.Timestamp(step['done_at']))}"
        )
        if i in by_id:
            by_id[i][2] += f", {words}"
            continue
        if was is None:
            name, as_presented_, rag_then = now["name"], "not listed", "–"  # type: ignore[index]
        else:
            name, rag_then = was["Indicator"], was["RAG"]
            as_presented_ = format_value(was["Data"], was["decimals"], was["Unit"] or None)
        now_figure, rag_now = ("–", "–") if now is None else (_figure(now), now["rag"])
        by_id[i] = [i, name, words, as_presented_, now_figure, rag_then, rag_now]
        out.append(by_id[i])


def _row_changes(row: pd.Series, today: pd.Series | None) -> list | None:
    """One presented exception against its figures today (None when nothing differs)."""
    presented_value = format_value(row["Data"], row["decimals"], row["Unit"] or None)
    if today is None:
        return [
            row["indicator_id"],
            row["Indicator"],
            NOT_THE_COMMITTEES,
            presented_value,
            "–",
            row["RAG"],
            "–",
        ]
    said = []
    if pd.isna(today["period"]):
        said.append(WITHDRAWN)
    elif today["period"] != row["period_key"]:
        said.append(f"{NEWER_RETURN} ({label_for_key(today['period'], today['frequency'])})")
    elif _figure(today) != presented_value:
        said.append(VALUE_REVISED)
    if today["rag"] != row["RAG"]:
        said.append(STATUS_CHANGED)
    if not said:
        return None
    return [
        row["indicator_id"],
        row["Indicator"],
        ", ".join(said),
        presented_value,
        _figure(today),
        row["RAG"],
        today["rag"],
    ]


def _figure(row: pd.Series) -> str:
    """A status row's value as the appendix shows it."""
    unit = row["unit"] if isinstance(row["unit"], str) and row["unit"] else None
    return format_value(row["value"], row["decimals"], unit)
