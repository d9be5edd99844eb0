"""The reminder e-mails sent: one row per person and day, written only after the mail server
took the message, so a failed send is tried again on the next run."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from pmf_core.store import Store, reads


def reminded_on(store: Store, day: date) -> set[str]:
    """The addresses (in lower case) already sent a reminder for a day."""
    found = reads.query(store, "SELECT DISTINCT person FROM reminders_sent WHERE day = ?", [day])
    return {str(p).casefold() for p in found["person"]}


def record(store: Store, person: str, day: date, listed: str) -> None:
    """Keep that a person was sent a reminder for a day, listing ``listed``."""
    with store.transaction() as con:
        con.execute(
            "INSERT INTO reminders_sent (person, day, listed, sent_at) VALUES (?, ?, ?, ?)",
            [person.casefold(), day, listed, datetime.now()],
        )


def sent(store: Store) -> pd.DataFrame:
    """Every reminder sent, newest first."""
    return reads.query(
        store, "SELECT person, day, listed, sent_at FROM reminders_sent ORDER BY sent_at DESC"
    )
