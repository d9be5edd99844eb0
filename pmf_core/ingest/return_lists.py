"""The monthly cycle's lists: an officer's returns, a checker's sign-off queue and the
analysts' collection of a period, each one frame built from the store and the window rules."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pandas as pd

from pmf_core.ingest.returns import measure, window_for
from pmf_core.rules import people, rag
from pmf_core.rules.entry_window import latest_ended
from pmf_core.rules.periods import parse_period, year_month
from pmf_core.rules.roles import Person
from pmf_core.store import Store, reads
from pmf_core.store import returns as stored
from pmf_core.store.returns import APPROVED, DRAFT, RETURNED, SUBMITTED

NOT_STARTED = "not started"
COLLECTION_STATES = (NOT_STARTED, DRAFT, SUBMITTED, RETURNED, APPROVED)
OVERDUE = "overdue"
# An officer's list and a collection: what needs doing first (sent back, then drafts, then
# not started), then what waits for sign-off, then what is done.
OFFICER_ORDER = {RETURNED: 0, DRAFT: 1, NOT_STARTED: 2, SUBMITTED: 3, APPROVED: 4}


def _state_rows(store: Store, frame: pd.DataFrame, today: date) -> pd.DataFrame:
    """Each (measure, period) row with its return's state ("approved" for a loaded value,
    "not started" for nothing yet), its due dates and overdue or late marks."""
    ids = sorted(set(frame["indicator_id"]))
    kept = stored.all_returns(store)
    values = stored.current_values(store, ids)
    loaded = set(zip(values["indicator_id"], values["period"]))
    merged = frame.merge(kept, on=["indicator_id", "period"], how="left", suffixes=("", "_r"))
    merged["state"] = [
        state if isinstance(state, str) else (APPROVED if (i, p) in loaded else NOT_STARTED)
        for state, i, p in zip(merged["state"], merged["indicator_id"], merged["period"])
    ]
    windows = [
        window_for(store, parse_period(p, f), lag)
        for p, f, lag in zip(merged["period"], merged["frequency"], merged["lag_months"])
    ]
    merged["due"] = [w.due for w in windows]
    merged["sign_off_due"] = [w.sign_off_due for w in windows]
    merged["period_label"] = [
        parse_period(p, f).label for p, f in zip(merged["period"], merged["frequency"])
    ]
    merged["mark"] = [
        _mark(state, late, due, sign_off, today)
        for state, late, due, sign_off in zip(
            merged["state"], merged["late"], merged["due"], merged["sign_off_due"]
        )
    ]
    return merged


def _mark(state: str, late, due: date, sign_off_due: date, today: date) -> str:
    """ "overdue" for a return not in by its due date (or not signed off by its sign-off
    date), "late" for one submitted after it, else nothing."""
    if state in (NOT_STARTED, DRAFT, RETURNED) and today > due:
        return OVERDUE
    if state == SUBMITTED and today > sign_off_due:
        return OVERDUE
    return "late" if late is True else ""


def officer_returns(store: Store, person: Person | None, today: date) -> pd.DataFrame:
    """An officer's returns: for each measure naming them as an inputter, its latest ended
    period, and any other period whose return is a draft or came back to them."""
    found = reads.indicators(store)
    mine = found[[people.named_in(person, t) for t in found["inputter"]]]
    if mine.empty:
        return pd.DataFrame()
    kept = stored.all_returns(store)
    open_ = kept[
        kept["state"].isin([DRAFT, RETURNED]) & kept["indicator_id"].isin(mine["indicator_id"])
    ]
    rows = [
        (i, latest_ended(f, today).key) for i, f in zip(mine["indicator_id"], mine["frequency"])
    ] + list(zip(open_["indicator_id"], open_["period"]))
    frame = pd.DataFrame(rows, columns=["indicator_id", "period"]).drop_duplicates()
    frame = frame.merge(mine, on="indicator_id")
    return _in_order(_state_rows(store, frame, today))


def _in_order(listed: pd.DataFrame) -> pd.DataFrame:
    """Rows in the order a person deals with them (OFFICER_ORDER), then by due date."""
    ranked = listed.assign(rank=listed["state"].map(OFFICER_ORDER))
    return (
        ranked.sort_values(["rank", "due", "indicator_id"])
        .drop(columns="rank")
        .reset_index(drop=True)
    )


def sign_off_queue(store: Store, person: Person | None, today: date) -> pd.DataFrame:
    """The submitted returns a person may sign off (an analyst: all), oldest due first, each
    with its value against target, the previous value and the computed status."""
    found = reads.indicators(store)
    kept = stored.all_returns(store)
    waiting = kept[kept["state"] == SUBMITTED].merge(found, on="indicator_id")
    allowed = [people.may_check(person, c) for c in waiting["checker"]]
    waiting = waiting[allowed] if len(waiting) else waiting
    if waiting.empty:
        return pd.DataFrame()
    context = [measure(store, i, p) for i, p in zip(waiting["indicator_id"], waiting["period"])]
    waiting = waiting.assign(
        target=pd.Series([m.target for m in context], index=waiting.index, dtype=float),
        target_upper=pd.Series([m.target_upper for m in context], index=waiting.index, dtype=float),
        previous_value=pd.Series([m.previous for m in context], index=waiting.index, dtype=float),
    )
    waiting["status"] = rag.rag_columns(waiting.assign(rag_override=None))[
        "rag_computed"
    ].to_numpy()
    rows = _state_rows(store, waiting[list(found.columns) + ["period"]], today)
    for column in ("target", "target_upper", "previous_value", "status"):
        rows[column] = waiting[column].to_numpy()
    return rows.sort_values(["sign_off_due", "indicator_id"]).reset_index(drop=True)


def month_end(index: int) -> date:
    """The last day of a month (by its index)."""
    year, month = year_month(index)
    return date(year, month, calendar.monthrange(year, month)[1])


def collection(store: Store, month: int, today: date) -> pd.DataFrame:
    """Every measure's period for a month (its latest period ended by the month's end), with
    its state, who enters and checks it, and whether it is overdue."""
    found = reads.indicators(store)
    if found.empty:
        return pd.DataFrame()
    after = month_end(month) + timedelta(days=1)
    periods = [latest_ended(f, after).key for f in found["frequency"]]
    frame = found.assign(period=periods)
    return _in_order(_state_rows(store, frame, today))


def select_collection(
    frame: pd.DataFrame, directorate: str | None = None, person: str | None = None
) -> pd.DataFrame:
    """A collection's rows for a directorate and for a person named as inputter or checker
    (a sign-in name or e-mail address, in any case)."""
    if frame.empty:
        return frame
    keep = pd.Series(True, index=frame.index)
    if directorate:
        keep &= frame["directorate"] == directorate
    if person and person.strip():
        who = Person(person.strip(), person.strip(), person.strip())
        named = [
            people.named_in(who, i) or people.named_in(who, c)
            for i, c in zip(frame["inputter"], frame["checker"])
        ]
        keep &= pd.Series(named, index=frame.index, dtype=bool)
    return frame[keep].reset_index(drop=True)


def state_counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many of a collection's rows are in each state, and how many are overdue."""
    counts = {s: int((frame["state"] == s).sum()) if len(frame) else 0 for s in COLLECTION_STATES}
    counts[OVERDUE] = int((frame["mark"] == OVERDUE).sum()) if len(frame) else 0
    return counts


EXPORT_COLUMNS = (
    "indicator_id",
    "name",
    "directorate",
    "period",
    "state",
    "mark",
    "due",
    "sign_off_due",
    "inputter",
    "checker",
    "submitted_by",
    "approved_by",
)


def collection_export(frame: pd.DataFrame) -> pd.DataFrame:
    """A collection's columns as its download holds them."""
    return frame[list(EXPORT_COLUMNS)].rename(columns={"mark": "overdue_or_late"})


LISTING_COLUMNS = (
    "indicator_id",
    "name",
    "period",
    "state",
    "value",
    "numerator",
    "denominator",
    "late",
    "due",
    "saved_by",
    "submitted_by",
    "submitted_at",
    "returned_by",
    "return_reason",
    "approved_by",
    "approved_at",
    "inputter",
    "checker",
)


class ListingError(ValueError):
    """A filter of the listing that cannot match, in words."""


def listing(
    store: Store,
    period: str | None = None,
    state: str | None = None,
    person: str | None = None,
) -> pd.DataFrame:
    """Every return entered, for a period (any way it is written), a state and a person (a
    name who took a step, or a sign-in name or e-mail address the measure names)."""
    if state is not None and state not in stored.STATES:
        raise ListingError(f'--state: "{state}" is not one of {", ".join(stored.STATES)}')
    kept = stored.all_returns(store).merge(reads.indicators(store), on="indicator_id")
    kept["due"] = [
        window_for(store, parse_period(p, f), lag).due
        for p, f, lag in zip(kept["period"], kept["frequency"], kept["lag_months"])
    ]
    keep = pd.Series(True, index=kept.index, dtype=bool)
    if period:
        keep &= pd.Series(
            [_same_period(period, p, f) for p, f in zip(kept["period"], kept["frequency"])],
            index=kept.index,
            dtype=bool,
        )
    if state:
        keep &= kept["state"] == state
    if person and person.strip():
        keep &= pd.Series(
            [_involves(person.strip(), row) for _, row in kept.iterrows()],
            index=kept.index,
            dtype=bool,
        )
    return kept.loc[keep, list(LISTING_COLUMNS)].reset_index(drop=True)


def _same_period(text: str, key: str, frequency: str) -> bool:
    """Whether a period as written is a return's period."""
    try:
        return parse_period(text, frequency).key == key
    except ValueError:
        return False


def _involves(person: str, row) -> bool:
    """Whether a person took a step of a return, or is named on its measure."""
    names = {row[c] for c in ("saved_by", "submitted_by", "returned_by", "approved_by")}
    who = Person(person, person, person)
    return (
        person.casefold() in {str(n).casefold() for n in names if isinstance(n, str)}
        or people.named_in(who, row["inputter"])
        or people.named_in(who, row["checker"])
    )
