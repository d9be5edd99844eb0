"""The monthly cycle's writes and reads: a return's steps (saved, submitted, returned, approved,
reopened), each one transaction that checks the return's state inside it, updates the return
and logs the step; an approval also writes the value into observations as a one-row batch, so
it counts exactly as a loaded value does. Every value travels as a parameter."""

from __future__ import annotations

import hashlib
from dataclasses import astuple, dataclass
from datetime import datetime

import pandas as pd

from pmf_core.rules.stored_text import clean_typed
from pmf_core.store import Store, StoreError, reads
from pmf_core.store.writes import BatchMeta, write_batch_in

DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"
STATES = (DRAFT, SUBMITTED, RETURNED, APPROVED)
# The states an officer may still change a return in (None: nothing entered yet).
EDITABLE = (None, DRAFT, RETURNED)
ENTRY_COLUMNS = (
    "value",
    "numerator",
    "denominator",
    "commentary",
    "note",
    "explanation",
    "action_plan",
)
RETURN_COLUMNS = (
    "indicator_id",
    "period",
    "end_index",
    "state",
    *ENTRY_COLUMNS,
    "saved_by",
    "saved_at",
    "submitted_by",
    "submitted_at",
    "late",
    "returned_by",
    "returned_at",
    "return_reason",
    "approved_by",
    "approved_at",
    "batch_id",
)


class ReturnStepError(StoreError):
    """A step the return's state does not allow (already approved, not submitted...)."""


@dataclass(frozen=True)
class Entry:
    """What an officer enters for a period, checked: the value (or the numerator and
    denominator it comes from), commentary, a note when there is no value, and for a Red or
    Amber the explanation and action plan."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    commentary: str | None = None
    note: str | None = None
    explanation: str | None = None
    action_plan: str | None = None

    def typed(self) -> Entry:
        """The entry with its text cleaned as a file's text is before it is stored."""
        texts = [clean_typed(t) for t in astuple(self)[3:]]
        return Entry(self.value, self.numerator, self.denominator, *texts)


@dataclass(frozen=True)
class ReturnKey:
    """A return: a measure, a period's key and the index of its last month."""

    indicator_id: str
    period: str
    end_index: int


_STATE = "SELECT state FROM returns WHERE indicator_id = ? AND period = ?"
_STEP = (
    "INSERT INTO return_steps (indicator_id, period, step, done_by, done_at, reason, "
    "entered_by, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_WORDS = {None: "not started", DRAFT: "a draft", SUBMITTED: "submitted", RETURNED: "returned"}


def _state(con, key: ReturnKey) -> str | None:
    """A return's state inside the transaction (None: nothing entered)."""
    found = con.execute(_STATE, [key.indicator_id, key.period]).fetchall()
    return found[0][0] if found else None


def _require(con, key: ReturnKey, allowed: tuple, doing: str) -> str | None:
    """The return's state, read inside the transaction; ReturnStepError when ``doing`` it
    is not allowed in that state."""
    state = _state(con, key)
    if state not in allowed:
        now = "approved" if state == APPROVED else _WORDS.get(state, state)
        raise ReturnStepError(
            f"The return for {key.indicator_id} {key.period} is {now}, so it cannot be "
            f"{doing}. Nothing was changed."
        )
    return state


def save(
    store: Store, key: ReturnKey, entry: Entry, user: str, *, submit: bool, late: bool = False
) -> str:
    """Keep an officer's entry as a draft, or submit it for sign-off; the new state."""
    entry, user, now = entry.typed(), clean_typed(user) or "", datetime.now()
    state = SUBMITTED if submit else DRAFT
    with store.transaction() as con:
        before = _require(con, key, EDITABLE, "submitted" if submit else "changed")
        if before is None:
            con.execute(
                "INSERT INTO returns (indicator_id, period, end_index, state) VALUES (?, ?, ?, ?)",
                [key.indicator_id, key.period, key.end_index, state],
            )
        con.execute(
            "UPDATE returns SET state = ?, value = ?, numerator = ?, denominator = ?, "
            "commentary = ?, note = ?, explanation = ?, action_plan = ?, saved_by = ?, "
            "saved_at = ?, submitted_by = CASE WHEN ? THEN ? ELSE submitted_by END, "
            "submitted_at = CASE WHEN ? THEN ? ELSE submitted_at END, "
            "late = CASE WHEN ? THEN ? ELSE late END "
            "WHERE indicator_id = ? AND period = ?",
            [state, *astuple(entry), user, now, submit, user, submit, now, submit, late]
            + [key.indicator_id, key.period],
        )
        step = ("submitted late" if late else "submitted") if submit else "saved"
        con.execute(_STEP, [key.indicator_id, key.period, step, user, now, None, None, None])
    return state


def send_back(store: Store, key: ReturnKey, reason: str, user: str) -> None:
    """A checker returns a submitted return to its officer with a reason."""
    _back(store, key, reason, user, SUBMITTED, "returned")


def reopen(store: Store, key: ReturnKey, reason: str, user: str) -> None:
    """An analyst reopens an approved return: back to its officer, the approved value still
    counting until a new one is approved."""
    _back(store, key, reason, user, APPROVED, "reopened")


def _back(store: Store, key: ReturnKey, reason: str, user: str, state: str, step: str) -> None:
    """A return back to its officer from ``state``, with a reason, logged as ``step``."""
    reason, user, now = clean_typed(reason) or "", clean_typed(user) or "", datetime.now()
    if not reason.strip():
        raise ReturnStepError(f"Say why the return is {step}. Nothing was changed.")
    with store.transaction() as con:
        _require(con, key, (state,), step)
        con.execute(
            "UPDATE returns SET state = ?, returned_by = ?, returned_at = ?, return_reason = ? "
            "WHERE indicator_id = ? AND period = ?",
            [RETURNED, user, now, reason.strip(), key.indicator_id, key.period],
        )
        con.execute(
            _STEP, [key.indicator_id, key.period, step, user, now, reason.strip(), None, None]
        )


def approve(store: Store, key: ReturnKey, seen: Entry, row: pd.DataFrame, user: str) -> int:
    """Approve a submitted return as the checker saw it (``seen``): its observation ``row``
    becomes a one-row batch loaded by the approver, in the same transaction; the batch's id."""
    user, now = clean_typed(user) or "", datetime.now()
    with store.transaction() as con:
        _require(con, key, (SUBMITTED,), "approved")
        stored = con.execute(
            f"SELECT {', '.join(ENTRY_COLUMNS)}, submitted_by FROM returns "
            "WHERE indicator_id = ? AND period = ?",
            [key.indicator_id, key.period],
        ).fetchall()[0]
        if Entry(*[None if pd.isna(v) else v for v in stored[:-1]]) != seen.typed():
            raise ReturnStepError(
                f"The return for {key.indicator_id} {key.period} changed since it was shown. "
                "Nothing was changed."
            )
        batch = write_batch_in(
            con, _meta(key, user, now), row.assign(loaded_by=user, loaded_at=now)
        )
        con.execute(
            "UPDATE returns SET state = ?, approved_by = ?, approved_at = ?, batch_id = ? "
            "WHERE indicator_id = ? AND period = ?",
            [APPROVED, user, now, batch.batch_id, key.indicator_id, key.period],
        )
        con.execute(
            _STEP,
            [key.indicator_id, key.period, "approved", user, now, None, stored[-1], batch.batch_id],
        )
    return batch.batch_id


def _meta(key: ReturnKey, user: str, now: datetime) -> BatchMeta:
    """The batch an approval writes: named for the return, unique to the moment."""
    name = f"return {key.indicator_id} {key.period}"
    digest = hashlib.sha256(f"{name} {user} {now.isoformat()}".encode()).hexdigest()
    return BatchMeta("observations", name, digest, user, now)


def all_returns(store: Store) -> pd.DataFrame:
    """Every return, one row each, with who did each step and when."""
    return reads.query(
        store,
        f"SELECT {', '.join(RETURN_COLUMNS)} FROM returns ORDER BY indicator_id, end_index",
    )


def steps(store: Store, indicator_id: str) -> pd.DataFrame:
    """Every step of one measure's returns, oldest first."""
    return reads.query(
        store,
        "SELECT period, step, done_by, done_at, reason FROM return_steps "
        "WHERE indicator_id = ? ORDER BY done_at, period",
        [indicator_id],
    )


def current_values(store: Store, indicator_ids: list[str]) -> pd.DataFrame:
    """The values that count for some measures: their current observations, with who loaded
    or approved each."""
    return reads.query(
        store,
        "SELECT indicator_id, period, end_index, value, commentary, loaded_by, batch_id "
        "FROM observations WHERE is_current AND list_contains(?, indicator_id)",
        [indicator_ids],
    )


def targets(store: Store, indicator_ids: list[str]) -> pd.DataFrame:
    """Every current target of some measures: each year's, and any profiled for a period."""
    return reads.query(
        store,
        "SELECT indicator_id, financial_year, period, target, target_upper FROM targets "
        "WHERE is_current AND list_contains(?, indicator_id)",
        [indicator_ids],
    )


def approved_since(store: Store, indicator_ids: list[str], since: datetime) -> pd.DataFrame:
    """The returns of some measures approved after a moment: measure, period, who and when,
    oldest first."""
    return reads.query(
        store,
        "SELECT indicator_id, period, done_by, done_at FROM return_steps "
        "WHERE step = 'approved' AND done_at > ? AND list_contains(?, indicator_id) "
        "ORDER BY done_at, indicator_id",
        [since, indicator_ids],
    )


def approvals(store: Store, indicator_id: str) -> pd.DataFrame:
    """Who entered and who approved each batch that came from one measure's returns."""
    return reads.query(
        store,
        "SELECT batch_id, entered_by, done_by AS approved_by FROM return_steps "
        "WHERE indicator_id = ? AND step = 'approved'",
        [indicator_id],
    )
